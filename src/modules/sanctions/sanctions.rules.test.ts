import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  applicableMeasures,
  measuresThatWouldApply,
  badRecordsOf,
  checkExit,
  eligibilityOf,
  exitDateOf,
  exitNoticeFrom,
  feedbackProblems,
  isEntryInForce,
  isExitNoticePublic,
  isFeedbackLate,
  readSubjectCode,
  type CandidateRecord,
  type ListInfo,
  type Measure,
} from './sanctions.rules.ts';
import { addDays } from '../../kernel/dates.ts';
import { usccCheckChar } from '../../kernel/codes/uscc.ts';
import { idNumberCheckChar } from '../../kernel/codes/id-number.ts';

const LISTS: Record<string, ListInfo> = {
  'dishonest-debtor': { kind: 'black', name: '失信被执行人' },
  'serious-dishonesty': { kind: 'black', name: '严重失信主体名单' },
  'a-taxpayer': { kind: 'red', name: 'A级纳税人' },
};
const listOf = (c: string) => LISTS[c];

let seq = 0;
const rec = (over: Partial<CandidateRecord>): CandidateRecord => ({
  id: ++seq,
  category: 'dishonest-debtor',
  ref: `（2026）冀01执${seq}号`,
  departmentName: '石家庄市中级人民法院',
  decisionDate: '2026-03-01',
  severity: null,
  validUntil: null,
  status: 'active',
  disputed: false,
  ...over,
});

const measure = (over: Partial<Measure>): Measure => ({
  id: 'dd-procurement',
  kind: 'punishment',
  type: 'administrative',
  name: '限制参与政府采购',
  content: '…',
  basis: '《中华人民共和国政府采购法》第二十二条',
  implementers: ['finance'],
  scenarios: ['procurement'],
  triggers: [{ list: 'dishonest-debtor' }],
  revision: 1,
  active: true,
  source: 'file',
  ...over,
});

describe('list terms', () => {
  test('an entry is in force through its term end and off the list the next day', () => {
    const e = rec({ decisionDate: '2026-03-01', validUntil: '2026-12-31' });
    assert.equal(isEntryInForce(e, '2026-02-28'), false); // not yet entered
    assert.equal(isEntryInForce(e, '2026-03-01'), true);
    assert.equal(isEntryInForce(e, '2026-12-31'), true);
    assert.equal(isEntryInForce(e, '2027-01-01'), false);
    assert.equal(isEntryInForce({ ...e, validUntil: null }, '2099-01-01'), true);
    assert.equal(isEntryInForce({ ...e, status: 'exited' }, '2026-06-01'), false);
  });

  test('exit date: the owner’s exit, or the day after the term end', () => {
    assert.equal(exitDateOf({ status: 'exited', statusOn: '2026-05-05', validUntil: null }, '2026-06-01'), '2026-05-05');
    assert.equal(exitDateOf({ status: 'active', statusOn: null, validUntil: '2026-05-31' }, '2026-05-31'), undefined);
    assert.equal(exitDateOf({ status: 'active', statusOn: null, validUntil: '2026-05-31' }, '2026-06-01'), '2026-06-01');
  });

  test('an exit is allowed from the entry date to today, while the entry is active and in its term', () => {
    const e = rec({ decisionDate: '2026-03-01', validUntil: '2026-12-31' });
    assert.deepEqual(checkExit(e, '2026-03-01', '2026-06-01'), { ok: true });
    assert.equal((checkExit(e, '2026-02-28', '2026-06-01') as { code: string }).code, 'EXIT_DATE_BEFORE_ENTRY');
    assert.equal((checkExit(e, '2026-06-02', '2026-06-01') as { code: string }).code, 'EXIT_DATE_IN_FUTURE');
    assert.deepEqual(checkExit(e, '2026-12-31', '2027-02-01'), { ok: true }); // back-dated to the last day in force
    assert.equal((checkExit(e, '2027-01-01', '2027-02-01') as { code: string }).code, 'LIST_ENTRY_EXPIRED');
    assert.equal((checkExit({ ...e, status: 'exited' }, '2026-06-01', '2026-06-01') as { code: string }).code, 'LIST_ENTRY_NOT_ACTIVE');
  });

  test('exit notices are public from the exit date through the same day N months later, month ends clamped', () => {
    assert.equal(isExitNoticePublic('2026-01-31', '2026-01-30', 1), false);
    assert.equal(isExitNoticePublic('2026-01-31', '2026-01-31', 1), true);
    assert.equal(isExitNoticePublic('2026-01-31', '2026-02-28', 1), true);
    assert.equal(isExitNoticePublic('2026-01-31', '2026-03-01', 1), false);
    // exitNoticeFrom inverts it exactly, including where addMonths clamps
    for (const today of ['2026-03-31', '2026-03-28', '2026-03-01', '2026-02-28', '2024-02-29', '2026-07-31']) {
      for (const months of [1, 6]) {
        const from = exitNoticeFrom(today, months);
        assert.equal(isExitNoticePublic(from, today, months), true, `${today} ${months}: ${from}`);
        assert.equal(isExitNoticePublic(addDays(from, -1), today, months), false, `${today} ${months}: day before ${from}`);
      }
    }
  });
});

describe('eligibility for the green channel (3 years, 民法典 counting)', () => {
  const penalty = (decisionDate: string, severity: 'light' | 'general' | 'serious', status = 'active') =>
    rec({ category: 'penalty', decisionDate, severity, status, validUntil: null });

  test('a general penalty decided exactly 3 years ago still counts; the next day it does not', () => {
    const r = [penalty('2023-11-20', 'general')];
    const onTheDay = eligibilityOf(r, listOf, '2026-11-20', 3, true);
    assert.equal(onTheDay.greenChannel, false);
    assert.equal(onTheDay.eligibleFrom, '2026-11-21');
    assert.equal(onTheDay.badRecords[0]!.countsUntil, '2026-11-20');
    const next = eligibilityOf(r, listOf, '2026-11-21', 3, true);
    assert.equal(next.greenChannel, true);
    assert.equal(next.toleranceAcceptance, true);
  });

  test('29 February: the period ends on 28 February three years on', () => {
    const r = [penalty('2024-02-29', 'serious')];
    assert.equal(eligibilityOf(r, listOf, '2027-02-28', 3, true).greenChannel, false);
    assert.equal(eligibilityOf(r, listOf, '2027-03-01', 3, true).greenChannel, true);
  });

  test('light penalties, revoked and repaired records do not count; exited blacklist entries within 3 years do', () => {
    assert.equal(eligibilityOf([penalty('2026-01-01', 'light')], listOf, '2026-11-20', 3, true).greenChannel, true);
    assert.equal(eligibilityOf([penalty('2026-01-01', 'serious', 'revoked')], listOf, '2026-11-20', 3, true).greenChannel, true);
    assert.equal(eligibilityOf([penalty('2026-01-01', 'general', 'repaired')], listOf, '2026-11-20', 3, true).greenChannel, true);
    assert.equal(eligibilityOf([rec({ decisionDate: '2025-01-01', status: 'exited' })], listOf, '2026-11-20', 3, true).greenChannel, false);
    // red list entries are not bad records
    assert.equal(eligibilityOf([rec({ category: 'a-taxpayer' })], listOf, '2026-11-20', 3, true).greenChannel, true);
  });

  test('a blacklist entry still in force is bad however long ago it was entered', () => {
    const old = rec({ decisionDate: '2020-01-01', validUntil: null });
    const e = eligibilityOf([old], listOf, '2026-11-20', 3, true);
    assert.equal(e.greenChannel, false);
    assert.equal(e.eligibleFrom, null);
    assert.equal(e.badRecords[0]!.countsUntil, null);
    // with a term end after the 3-year period, it counts until the term end
    const termed = badRecordsOf([rec({ decisionDate: '2025-01-01', validUntil: '2029-06-30' })], listOf, '2026-11-20', 3);
    assert.equal(termed[0]!.countsUntil, '2029-06-30');
  });

  test('an unknown subject has no bad record, and says so', () => {
    const e = eligibilityOf([], listOf, '2026-11-20', 3, false);
    assert.equal(e.greenChannel, true);
    assert.match(e.reason, /未归集/);
  });
});

describe('which measures apply', () => {
  const ctx = (records: CandidateRecord[], over: Partial<Parameters<typeof applicableMeasures>[1]> = {}) => ({
    departmentKinds: ['finance'],
    scenario: 'procurement',
    records,
    cleanRecord: false,
    today: '2026-11-20',
    ...over,
  });

  test('by implementer kind and scenario, with the trigger and its end date', () => {
    const entry = rec({ validUntil: '2027-03-01' });
    const [m] = applicableMeasures([measure({})], ctx([entry]));
    assert.equal(m!.measureId, 'dd-procurement');
    assert.equal(m!.trigger.type, 'list-entry');
    assert.equal(m!.trigger.recordId, String(entry.id));
    assert.equal(m!.until, '2027-03-01');
    assert.equal(m!.suspended, false);
    assert.equal(applicableMeasures([measure({})], ctx([entry], { departmentKinds: ['tax'] })).length, 0);
    assert.equal(applicableMeasures([measure({})], ctx([entry], { scenario: 'bidding' })).length, 0);
    assert.equal(applicableMeasures([measure({ active: false })], ctx([entry])).length, 0);
  });

  test('the credit file view: every measure the file triggers, whoever implements it, ending with its trigger', () => {
    const entry = rec({ validUntil: '2027-03-01' });
    const all = [measure({}), measure({ id: 'tax-only', implementers: ['tax'], scenarios: ['bidding'] }), measure({ id: 'off', active: false })];
    assert.deepEqual(measuresThatWouldApply(all, [entry], false, '2026-11-20').map((m) => [m.measureId, m.implementers, m.scenarios]), [
      ['dd-procurement', ['finance'], ['procurement']],
      ['tax-only', ['tax'], ['bidding']],
    ]);
    assert.equal(measuresThatWouldApply(all, [entry], false, '2027-03-01').length, 2);
    assert.equal(measuresThatWouldApply(all, [entry], false, '2027-03-02').length, 0);
  });

  test('a list trigger ends with the term: the last day applies, the next does not', () => {
    const entry = rec({ validUntil: '2026-11-20' });
    assert.equal(applicableMeasures([measure({})], ctx([entry])).length, 1);
    assert.equal(applicableMeasures([measure({})], ctx([entry], { today: '2026-11-21' })).length, 0);
    assert.equal(applicableMeasures([measure({})], ctx([{ ...entry, status: 'exited' }])).length, 0);
  });

  test('record triggers: severity and months from the decision, to the day', () => {
    const m = measure({ triggers: [{ category: 'penalty', severities: ['serious'], months: 36 }] });
    const serious = rec({ category: 'penalty', severity: 'serious', decisionDate: '2023-11-20' });
    assert.equal(applicableMeasures([m], ctx([serious]))[0]!.until, '2026-11-20');
    assert.equal(applicableMeasures([m], ctx([serious], { today: '2026-11-21' })).length, 0);
    assert.equal(applicableMeasures([m], ctx([{ ...serious, severity: 'general' }])).length, 0);
  });

  test('suspended while every trigger is under objection; a live trigger keeps it applied', () => {
    const a = rec({ disputed: true, validUntil: '2027-12-31' });
    const b = rec({ validUntil: '2027-06-30' });
    const [onlyDisputed] = applicableMeasures([measure({})], ctx([a]));
    assert.equal(onlyDisputed!.suspended, true);
    assert.equal(onlyDisputed!.trigger.disputed, true);
    const [mixed] = applicableMeasures([measure({})], ctx([a, b]));
    assert.equal(mixed!.suspended, false);
    assert.equal(mixed!.trigger.recordId, String(b.id)); // the live one
    assert.equal(mixed!.until, '2027-06-30');
    assert.equal(mixed!.triggers.length, 2);
  });

  test('legal-representative triggers match only entries reached through an organization', () => {
    const via = { role: 'legal_representative' as const, subjectId: 'x', name: '某公司', code: null };
    const own = rec({});
    const linked = rec({ via });
    const selfOnly = measure({});
    const repOnly = measure({ id: 'rep', triggers: [{ list: 'dishonest-debtor', via: 'legal_representative' }] });
    assert.deepEqual(applicableMeasures([selfOnly, repOnly], ctx([own])).map((m) => m.measureId), ['dd-procurement']);
    assert.deepEqual(applicableMeasures([selfOnly, repOnly], ctx([linked])).map((m) => m.measureId), ['rep']);
  });

  test('clean-record rewards apply only to eligible subjects; punishments come first, indefinite ends win', () => {
    const reward = measure({ id: 'rw-green-channel', kind: 'reward', triggers: [{ condition: 'clean-record' }] });
    assert.equal(applicableMeasures([reward], ctx([])).length, 0);
    const [r] = applicableMeasures([reward], ctx([], { cleanRecord: true }));
    assert.equal(r!.trigger.type, 'condition');
    assert.equal(r!.until, null);
    const out = applicableMeasures([reward, measure({})], ctx([rec({ validUntil: null })], { cleanRecord: true }));
    assert.deepEqual(out.map((m) => m.kind), ['punishment', 'reward']);
    assert.equal(out[0]!.until, null);
  });
});

describe('feedback', () => {
  const checked = [
    { measureId: 'a', suspended: false, outcome: null },
    { measureId: 'b', suspended: true, outcome: null },
    { measureId: 'c', suspended: false, outcome: 'applied' as const },
  ];
  test('not applied needs a reason; suspended measures cannot be applied; each measure once', () => {
    assert.deepEqual(feedbackProblems(checked, [{ measureId: 'a', outcome: 'applied' }]), []);
    assert.equal(feedbackProblems(checked, [{ measureId: 'a', outcome: 'not_applied' }])[0]!.code, 'FEEDBACK_REASON_REQUIRED');
    assert.equal(feedbackProblems(checked, [{ measureId: 'a', outcome: 'not_applied', reason: '  ' }])[0]!.code, 'FEEDBACK_REASON_REQUIRED');
    assert.deepEqual(feedbackProblems(checked, [{ measureId: 'a', outcome: 'not_applied', reason: '事项已撤回' }]), []);
    assert.equal(feedbackProblems(checked, [{ measureId: 'b', outcome: 'applied' }])[0]!.code, 'FEEDBACK_MEASURE_SUSPENDED');
    assert.deepEqual(feedbackProblems(checked, [{ measureId: 'b', outcome: 'not_applicable' }]), []);
    assert.equal(feedbackProblems(checked, [{ measureId: 'c', outcome: 'applied' }])[0]!.code, 'FEEDBACK_EXISTS');
    assert.equal(feedbackProblems(checked, [{ measureId: 'x', outcome: 'applied' }])[0]!.code, 'FEEDBACK_MEASURE_UNKNOWN');
    assert.equal(feedbackProblems(checked, [{ measureId: 'a', outcome: 'applied' }, { measureId: 'a', outcome: 'applied' }])[0]!.code, 'FEEDBACK_DUPLICATE');
  });

  test('messages name the measure in Chinese, never by its id (issue 15); an unknown one by what was sent', () => {
    const names = new Map([['a', '限制参与政府采购'], ['b', '限制招投标'], ['c', '从严审核']]);
    const nameOf = (id: string) => names.get(id);
    const all = [
      ...feedbackProblems(checked, [{ measureId: 'a', outcome: 'not_applied' }], nameOf),
      ...feedbackProblems(checked, [{ measureId: 'b', outcome: 'applied' }], nameOf),
      ...feedbackProblems(checked, [{ measureId: 'c', outcome: 'applied' }], nameOf),
      ...feedbackProblems(checked, [{ measureId: 'a', outcome: 'applied' }, { measureId: 'a', outcome: 'applied' }], nameOf),
    ];
    assert.deepEqual(all.map((x) => x.zh), [
      '措施“限制参与政府采购”未实施，须说明理由',
      '措施“限制招投标”因异议处理暂停执行，不能反馈为已实施',
      '措施“从严审核”已反馈（已实施）',
      '措施“限制参与政府采购”重复反馈',
    ]);
    for (const x of all) assert.ok(!/措施 [a-c] /.test(x.zh), x.zh);
    assert.equal(feedbackProblems(checked, [{ measureId: 'dd-unknown', outcome: 'applied' }], nameOf)[0]!.zh, '本次核查未返回措施 dd-unknown');
  });

  test('late: given after the due day, or missing after it', () => {
    assert.equal(isFeedbackLate('2026-12-04', '2026-12-04', '2026-12-10'), false);
    assert.equal(isFeedbackLate('2026-12-04', '2026-12-05', '2026-12-10'), true);
    assert.equal(isFeedbackLate('2026-12-04', null, '2026-12-04'), false);
    assert.equal(isFeedbackLate('2026-12-04', null, '2026-12-05'), true);
  });
});

describe('subject codes of a check', () => {
  const uscc = (first17: string) => first17 + usccCheckChar(first17);
  const id = (first17: string) => first17 + idNumberCheckChar(first17);
  test('USCC, legacy codes and ID numbers are read; an ID number is shown masked', () => {
    const u = uscc('91130100MA0A1B2C3');
    const r = readSubjectCode(` ${u.toLowerCase()} `, '2026-11-20');
    assert.ok(r.ok);
    assert.deepEqual(r.readings[0], { column: 'uscc', value: u });
    const person = readSubjectCode(id('13010219850312001'), '2026-11-20');
    assert.ok(person.ok);
    assert.equal(person.readings.at(-1)!.column, 'id_number');
    const old = readSubjectCode('130102850312001', '2026-11-20'); // 15-digit first generation
    assert.ok(old.ok);
    assert.equal(old.readings.find((x) => x.column === 'id_number')!.value, id('13010219850312001'));
  });

  test('an invalid code names what is wrong', () => {
    const bad = readSubjectCode('91130100MA0A1B2C3X'.slice(0, 17) + 'Z', '2026-11-20');
    assert.equal(bad.ok, false);
    const id18 = readSubjectCode('130102198503120010', '2026-11-20');
    assert.equal(id18.ok, false);
    if (!id18.ok) assert.match(id18.error.code, /^(ID|USCC)_/);
    const junk = readSubjectCode('hello', '2026-11-20');
    assert.equal(junk.ok, false);
    if (!junk.ok) assert.equal(junk.error.code, 'SUBJECT_CODE_INVALID');
  });
});

describe('publication of list entries (publication rule "list")', () => {
  test('public from the entry date through the term end; persons per the list; none when the term ended before', async () => {
    const { publicationWindow } = await import('../publication/publication.rules.ts');
    const base = { rule: 'list' as const, personsPublic: false, decisionDate: '2026-03-01' };
    assert.deepEqual(publicationWindow([], { ...base, subjectKind: 'organization', validUntil: '2027-03-01' }), { from: '2026-03-01', until: '2027-03-01', reason: 'list-entry' });
    assert.deepEqual(publicationWindow([], { ...base, subjectKind: 'organization' }), { from: '2026-03-01', until: undefined, reason: 'list-entry' });
    assert.equal(publicationWindow([], { ...base, subjectKind: 'person', validUntil: '2027-03-01' }).from, undefined);
    assert.equal(publicationWindow([], { ...base, personsPublic: true, subjectKind: 'person' }).from, '2026-03-01');
    assert.equal(publicationWindow([], { ...base, subjectKind: 'organization', validUntil: '2026-02-28' }).from, undefined);
  });
});

describe('provider: checker — an association’s measures count only its own records', () => {
  const m = measure({ id: 'assoc-no-admission', type: 'industry', implementers: ['association'], scenarios: ['membership_admission'], triggers: [{ list: 'association-blacklist', provider: 'checker' }] });
  const ctx = (records: CandidateRecord[], departmentId: number | undefined) => ({ departmentKinds: ['association'], departmentId, scenario: 'membership_admission', records, cleanRecord: false, today: '2026-12-10' });
  const entry = rec({ category: 'association-blacklist', departmentName: '河北省律师协会', departmentId: 7, decisionDate: '2026-12-01', validUntil: '2029-11-30' });
  test('the association that entered the member applies the measure; another association does not', () => {
    assert.deepEqual(applicableMeasures([m], ctx([entry], 7)).map((x) => x.measureId), ['assoc-no-admission']);
    assert.equal(applicableMeasures([m], ctx([entry], 8)).length, 0);
    // a non-association checker never gets it, even with the record's provider id
    assert.equal(applicableMeasures([m], { ...ctx([entry], 7), departmentKinds: ['finance'] }).length, 0);
  });
  test('to the day: in force on its term end, not the day after; the staff view (no checker) shows it', () => {
    assert.equal(applicableMeasures([m], { ...ctx([entry], 7), today: '2029-11-30' }).length, 1);
    assert.equal(applicableMeasures([m], { ...ctx([entry], 7), today: '2029-12-01' }).length, 0);
    assert.deepEqual(measuresThatWouldApply([m], [entry], false, '2026-12-10').map((x) => x.measureId), ['assoc-no-admission']);
  });
});
