import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckAnswer, CheckFeedback, Measure } from './api.ts';
import {
  afterFeedback,
  changedFields,
  feedbackRequestOf,
  freshFeedback,
  isFeedbackComplete,
  measureFromForm,
  measurePatchOf,
  measureToForm,
  openMeasures,
  rateSeries,
  termName,
  triggerDefText,
  triggerText,
  untilText,
} from './sanctions.ts';

const answer = (measures: { id: string; suspended?: boolean }[], due: string | null = '2026-12-04'): CheckAnswer => ({
  checkId: 'c1',
  checkedAt: '2026-11-20T04:00:00.000Z',
  result: 'checked',
  department: { uscc: 'x', name: '石家庄市公共资源交易中心' },
  scenario: 'procurement',
  matterRef: null,
  subject: { found: true, code: '91130100MA0DD0018Y' },
  measures: measures.map((m) => ({
    measureId: m.id,
    revision: 1,
    kind: 'punishment',
    type: 'administrative',
    name: m.id,
    basis: '依据',
    trigger: { type: 'list-entry', until: null, disputed: m.suspended ?? false },
    suspended: m.suspended ?? false,
    until: null,
  })),
  eligibility: { greenChannel: false, toleranceAcceptance: false, reason: '', reasonEn: '', eligibleFrom: null, badRecords: [] },
  feedbackDue: due,
});

describe('feedback form', () => {
  test('a fresh check owes feedback on every measure that is not suspended', () => {
    const f = freshFeedback(answer([{ id: 'a' }, { id: 'b', suspended: true }]));
    assert.deepEqual(openMeasures(f).map((m) => m.measureId), ['a']);
    assert.equal(isFeedbackComplete(f), false);
  });

  test('nothing chosen: both the measures and the matter outcome are asked for', () => {
    const f = freshFeedback(answer([{ id: 'a' }]));
    const r = feedbackRequestOf(f, { measures: {} });
    assert.deepEqual(r, { ok: false, errors: { measures: '请至少为一项措施选择实施情况', matterOutcome: '请选择事项办理结果' } });
  });

  test('not applied needs a reason; blank reasons do not count', () => {
    const f = freshFeedback(answer([{ id: 'a' }]));
    const r = feedbackRequestOf(f, { measures: { a: { outcome: 'not_applied', reason: '   ' } }, matterOutcome: 'approved' });
    assert.deepEqual(r, { ok: false, errors: { a: '未实施的措施须说明理由' } });
  });

  test('a complete draft makes the request; blank measures stay open for later; the note is trimmed', () => {
    const f = freshFeedback(answer([{ id: 'a' }, { id: 'b' }]));
    const r = feedbackRequestOf(f, { measures: { a: { outcome: 'applied', reason: '' } }, matterOutcome: 'rejected', note: ' 资格审查不通过 ' });
    assert.deepEqual(r, { ok: true, request: { measures: [{ measureId: 'a', outcome: 'applied' }], matterOutcome: 'rejected', note: '资格审查不通过' } });
  });

  test('measures already answered are not sent again', () => {
    const f: CheckFeedback = { ...freshFeedback(answer([{ id: 'a' }, { id: 'b' }])) };
    f.measures[0] = { ...f.measures[0]!, outcome: 'applied' };
    const r = feedbackRequestOf(f, { measures: { a: { outcome: 'not_applicable' }, b: { outcome: 'not_applicable' } }, matterOutcome: 'approved' });
    assert.ok(r.ok);
    assert.deepEqual(r.request.measures, [{ measureId: 'b', outcome: 'not_applicable' }]);
  });

  test('a check with nothing owed is complete; the server’s answer completes the rest', () => {
    assert.equal(isFeedbackComplete(freshFeedback(answer([], null))), true);
    const f = freshFeedback(answer([{ id: 'a' }]));
    const next = afterFeedback(f, { checkId: 'c1', complete: true, late: false, feedbackDue: '2026-12-04', matterOutcome: 'approved', measures: [{ measureId: 'a', suspended: false, outcome: 'applied', reason: null }], note: '好' });
    assert.equal(isFeedbackComplete(next), true);
    assert.equal(next.matterOutcome, 'approved');
    assert.equal(next.note, '好');
  });
});

describe('how measures read', () => {
  test('triggers: a list entry with its reference, department and date; via a legal representative; the clean record', () => {
    assert.equal(
      triggerText({ type: 'list-entry', categoryName: '失信被执行人', ref: '（2026）冀0102执123号', department: '石家庄市长安区人民法院', decisionDate: '2026-03-01', until: '2027-03-01', disputed: false }),
      '列入失信被执行人：（2026）冀0102执123号（石家庄市长安区人民法院，2026-03-01 认定）',
    );
    assert.equal(
      triggerText({ type: 'record', categoryName: '行政处罚', ref: '石市监罚〔2026〕1号', until: null, disputed: false, via: { role: 'legal_representative', subjectId: 's', name: '某公司', code: null } }),
      '行政处罚记录：石市监罚〔2026〕1号（经法定代表人任职的 某公司）',
    );
    assert.equal(triggerText({ type: 'condition', condition: 'clean-record', until: null, disputed: false }), '连续3年无不良信用记录');
  });

  test('definitions, end dates and vocabulary names', () => {
    const name = (c: string) => ({ penalty: '行政处罚', 'serious-dishonesty': '严重失信主体名单' })[c] ?? c;
    assert.equal(triggerDefText({ category: 'penalty', severities: ['serious', 'general'], months: 36 }, name), '行政处罚（严重、一般）36 个月内');
    assert.equal(triggerDefText({ list: 'serious-dishonesty', via: 'legal_representative' }, name), '列入严重失信主体名单（法定代表人所在组织）');
    assert.equal(untilText('2027-03-01'), '至 2027-03-01');
    assert.match(untilText(null), /长期/);
    assert.equal(termName([{ code: 'procurement', name: '政府采购' }], 'procurement'), '政府采购');
    assert.equal(termName([], 'unknown'), 'unknown');
  });

  test('rate chart series: not yet due is what is owed, neither given nor overdue', () => {
    const s = rateSeries([{ key: '1', name: '甲', owed: 5, given: 2, onTime: 1, late: 1, overdue: 1, rate: 0.4, onTimeRate: 0.2 }]);
    assert.deepEqual(s, { names: ['甲'], onTime: [1], late: [1], overdue: [1], notDue: [2] });
  });
});

describe('measure form', () => {
  const measure: Measure = {
    id: 'dd-procurement',
    kind: 'punishment',
    type: 'administrative',
    name: '限制参与政府采购',
    content: '内容',
    basis: '依据',
    memorandum: { name: '备忘录', docNo: '发改财金〔2016〕141号' },
    implementers: ['finance'],
    scenarios: ['procurement'],
    triggers: [{ list: 'dishonest-debtor' }, { category: 'penalty', severities: ['serious'], months: 36, via: 'legal_representative' }],
    revision: 1,
    active: true,
    source: 'file',
    createdAt: '2026-11-20T04:00:00.000Z',
  };

  test('a definition survives the form unchanged', () => {
    const { revision: _r, active: _a, source: _s, createdAt: _c, ...def } = measure;
    assert.deepEqual(measureFromForm(measureToForm(measure)), def);
  });

  test('an edit sends the whole definition, null for a memorandum taken away, and the note', () => {
    const form = { ...measureToForm(measure), memorandumName: ' ', memorandumDocNo: '', note: ' 调整 ', active: false };
    const patch = measurePatchOf(form);
    assert.equal(patch.memorandum, null);
    assert.equal(patch.note, '调整');
    assert.equal(patch.active, false);
    assert.ok(!('id' in patch));
  });

  test('what a revision changed, by Chinese field name', () => {
    assert.deepEqual(changedFields({ ...measure, revision: 2, basis: '新依据', active: false }, measure), ['法律依据', '启用状态']);
    // key order inside triggers does not count as a change
    assert.deepEqual(changedFields({ ...measure, revision: 2, triggers: [{ list: 'dishonest-debtor' }, { via: 'legal_representative', months: 36, severities: ['serious'], category: 'penalty' }] }, measure), []);
    assert.deepEqual(changedFields(measure, undefined), ['新增']);
  });
});
