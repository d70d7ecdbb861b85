// 诚信典型 (issue 13): nominate → review (the platform checks for bad records: a subject with one is
// refused) → 公示 on 信用河北 with a public objection → approval only after the 公示 → an
// integrity-exemplar list entry, which the credit check reads → a bad record during the term
// withdraws it (the list entry exits); one during the 公示 ends the nomination.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { decide, nominate, review, sweepExemplars } from '../../src/modules/exemplars/exemplars.service.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import { penaltyRow } from '../helpers/rows.ts';

const GOOD = uscc('91130100MA0EX0001');
const GOOD2 = uscc('91130100MA0EX0002');
const BAD = uscc('91130100MA0EX0003');
const OPERATOR = { id: 'staff:operator-1', kind: 'staff' as const };

let t: TestPlatform;
let civ: Department; // 文明办: nominates
let market: Department; // files penalties
let marketClient: string;

const penalty = (code: string, name: string, ref: string, decided = '2026-11-01') =>
  submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: name, CF_XDR_SHXYM: code, CF_WSH: ref, CF_JDRQ: decided, SEVERITY: '一般' })]);
const lightPenalty = (code: string, name: string, ref: string) =>
  submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: name, CF_XDR_SHXYM: code, CF_WSH: ref, SEVERITY: '轻微' })]);
const rejects = async (f: Promise<unknown>, code: string) => {
  await assert.rejects(f, (e: unknown) => e instanceof DomainError && e.code === code);
};
const recordsOf = (category: string, ref: string) =>
  t.p.db.query<{ status: string; version: number }>(`SELECT status, version FROM record WHERE category = $1 AND source_ref = $2 ORDER BY version`, [category, ref]);

before(async () => {
  t = await createTestPlatform('2026-11-20');
  civ = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000061'), name: '石家庄市精神文明建设委员会办公室', regionCode: '130100', kinds: [] });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000062'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  marketClient = await addTestClient(t.p, market, ['collect', 'check']);
  // subjects on file: two with only a light (轻微, not bad) record, one with a general penalty
  await lightPenalty(GOOD, '石家庄典型示范有限公司', '石市监罚〔2026〕501号');
  await lightPenalty(GOOD2, '石家庄典型公示有限公司', '石市监罚〔2026〕502号');
  await penalty(BAD, '石家庄典型失信有限公司', '石市监罚〔2026〕503号');
});
after(() => t.close());

describe('诚信典型: nomination → review → 公示 → approval → list entry → withdrawal', () => {
  let id = '';
  let number = '';

  test('bad input and a subject with a bad record are refused; nothing is stored', async () => {
    await rejects(nominate(t.p, SYSTEM_ACTOR, civ, { subject: GOOD, title: '', domain: '商贸流通', deeds: '守信经营' }), 'EXEMPLAR_TITLE_MISSING');
    await rejects(nominate(t.p, SYSTEM_ACTOR, civ, { subject: GOOD, title: '诚信示范', domain: '商贸流通', deeds: 'x', year: 2020 }), 'EXEMPLAR_YEAR_INVALID');
    await rejects(nominate(t.p, SYSTEM_ACTOR, civ, { subject: uscc('91130100MA0EX0009'), title: '诚信示范', domain: '商贸流通', deeds: 'x' }), 'SUBJECT_NOT_FOUND');
    const bad = await nominate(t.p, SYSTEM_ACTOR, civ, { subject: BAD, title: '诚信示范', domain: '商贸流通', deeds: '守信经营' });
    await assert.rejects(review(t.p, OPERATOR, bad.exemplarId, { decision: 'pass' }), (e: unknown) => {
      assert.ok(e instanceof DomainError && e.code === 'EXEMPLAR_BAD_RECORD');
      assert.match(e.zh, /不良信用记录 1 条/);
      return true;
    });
    assert.equal((await t.p.db.one<{ s: string }>('SELECT status AS s FROM exemplar WHERE id = $1', [bad.exemplarId]))!.s, 'nominated');
  });

  test('nominated and passed: the 公示 runs 7 days and is public on 信用河北', async () => {
    const e = await nominate(t.p, SYSTEM_ACTOR, civ, { subject: GOOD, title: '诚信经营示范企业', domain: '商贸流通', deeds: '十年来无一起消费投诉' });
    ({ exemplarId: id, number } = e);
    assert.equal(e.status, 'nominated');
    await rejects(nominate(t.p, SYSTEM_ACTOR, civ, { subject: GOOD, title: '诚信经营示范企业', domain: '商贸流通', deeds: 'x' }), 'EXEMPLAR_DUPLICATE');
    const r = await review(t.p, OPERATOR, id, { decision: 'pass', note: '经核查无不良记录' });
    assert.equal(r.status, 'publicity');
    assert.equal(r.publicityFrom, '2026-11-20');
    assert.equal(r.publicityUntil, '2026-11-26');
    const pub = await t.app.inject({ method: 'GET', url: '/api/v1/public/exemplars/publicity' });
    assert.equal(pub.statusCode, 200, pub.body);
    assert.deepEqual(pub.json().items.map((x: { number: string }) => x.number), [number]);
    assert.equal(pub.json().items[0].subjectName, '石家庄典型示范有限公司');
  });

  test('an objection may be filed during the 公示; approval waits for its end and needs a note on the objection', async () => {
    const empty = await t.app.inject({ method: 'POST', url: `/api/v1/public/exemplars/${id}/objections`, payload: { content: '  ' } });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(empty.json().error.code, 'OBJECTION_CONTENT_MISSING');
    const o = await t.app.inject({ method: 'POST', url: `/api/v1/public/exemplars/${id}/objections`, payload: { content: '该企业曾拖欠货款' } });
    assert.equal(o.statusCode, 200, o.body);
    await rejects(decide(t.p, OPERATOR, id, { decision: 'approve', note: '核实' }), 'EXEMPLAR_PUBLICITY_RUNNING');
    t.setToday('2026-11-26'); // last day of the 公示
    await rejects(decide(t.p, OPERATOR, id, { decision: 'approve', note: '核实' }), 'EXEMPLAR_PUBLICITY_RUNNING');
    t.setToday('2026-11-27');
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/public/exemplars/${id}/objections`, payload: { content: '再次异议' } });
    assert.equal(late.statusCode, 404, 'no objection after the 公示');
    await rejects(decide(t.p, OPERATOR, id, { decision: 'approve' }), 'EXEMPLAR_NOTE_REQUIRED');
  });

  test('approved: an integrity-exemplar entry in the nominating department’s name; the check sees it', async () => {
    const a = await decide(t.p, OPERATOR, id, { decision: 'approve', note: '异议经核实不属实（货款已结清）' });
    assert.equal(a.status, 'approved');
    assert.ok(a.recordId);
    const rows = await recordsOf('integrity-exemplar', number);
    assert.deepEqual(rows.map((r) => r.status), ['active']);
    const entries = await t.app.inject({ method: 'GET', url: `/api/v1/public/lists/integrity-exemplar/entries?q=${encodeURIComponent('石家庄典型示范')}` });
    assert.equal(entries.statusCode, 200, entries.body);
    assert.equal(entries.json().total, 1);
    const check = await signedInject(t.app, marketClient, { url: '/api/v1/credit-checks', json: { subject: GOOD, scenario: 'license_approval', matterRef: 'X-1' }, now: t.p.now() });
    assert.equal(check.statusCode, 200, check.body);
    assert.equal(check.json().eligibility.greenChannel, true);
    assert.ok(JSON.stringify(check.json()).includes('integrity-exemplar'), 'the check names the exemplar entry');
  });

  test('a bad record during the term withdraws it: the entry exits (once, however many sweeps)', async () => {
    assert.deepEqual((await sweepExemplars(t.p)).withdrawn, [], 'nothing to withdraw while clean');
    await penalty(GOOD, '石家庄典型示范有限公司', '石市监罚〔2026〕601号', '2026-11-27');
    assert.deepEqual((await sweepExemplars(t.p)).withdrawn, [id]);
    assert.deepEqual((await sweepExemplars(t.p)).withdrawn, []);
    assert.deepEqual((await recordsOf('integrity-exemplar', number)).map((r) => r.status), ['active', 'exited']);
    const e = (await t.p.db.one<{ status: string; reason: string }>('SELECT status, withdraw_reason AS reason FROM exemplar WHERE id = $1', [id]))!;
    assert.equal(e.status, 'withdrawn');
    assert.match(e.reason, /石市监罚〔2026〕601号/);
  });

  test('a bad record during the 公示 ends the nomination; it leaves the public 公示', async () => {
    const e = await nominate(t.p, SYSTEM_ACTOR, civ, { subject: GOOD2, title: '守信示范企业', domain: '建筑业', deeds: '按期履约' });
    await review(t.p, OPERATOR, e.exemplarId, { decision: 'pass' });
    await penalty(GOOD2, '石家庄典型公示有限公司', '石市监罚〔2026〕602号', '2026-11-27');
    assert.deepEqual((await sweepExemplars(t.p)).withdrawn, [e.exemplarId]);
    const pub = (await t.app.inject({ method: 'GET', url: '/api/v1/public/exemplars/publicity' })).json();
    assert.deepEqual(pub.items, []);
    await rejects(decide(t.p, OPERATOR, e.exemplarId, { decision: 'approve', note: 'x' }), 'EXEMPLAR_STATE');
  });
});
