// Joint reward and punishment end to end: list entries arrive like other records → credit check
// → feedback → exit → check again; legal-representative linkage; suspension under objection;
// term ends to the day; public list pages show only what the list's openness allows.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { importFile, submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { creditFileOf } from '../../src/modules/subjects/credit-file.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { verifyPlatformAuditChain } from '../../src/modules/audit/audit.service.ts';

const DD_ORG = orgUscc('91', '130100', 'MA0DD001');
const CLEAN_ORG = orgUscc('91', '130100', 'MA0CC001');
const REP_ID = idNumber('13010219800101123');
const DEBTOR_ID = idNumber('13010419900202234');
const SD_PERSON_ID = idNumber('13060219750505345');
const CASE = '（2026）冀0102执123号';

const ddRow = (over: Record<string, string> = {}) => ({
  ZTMC: '石家庄失信商贸有限公司',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: DD_ORG,
  FDDBR: '李强',
  FDDBR_ZJLX: '居民身份证',
  FDDBR_ZJHM: REP_ID,
  AH: CASE,
  ZXFY: '石家庄市长安区人民法院',
  ZXYJWH: '（2025）冀0102民初456号',
  ZCZXYJDW: '石家庄市长安区人民法院',
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币50万元及利息',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2027-03-01',
  ...over,
});

let t: TestPlatform;
let court: Department;
let finance: Department;
let market: Department;
let aviation: Department;
let courtClient: string;
let financeClient: string;

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const get = (url: string) => t.app.inject({ method: 'GET', url });
const check = (subject: string, scenario = 'procurement', matterRef?: string) =>
  signed(financeClient, '/api/v1/credit-checks', { subject, scenario, ...(matterRef ? { matterRef } : {}) });

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  court = await dep('11130102MB0000011', '石家庄市长安区人民法院', ['court']);
  finance = await dep('11130100MB0000012', '石家庄市财政局', ['finance']);
  market = await dep('11130100MB0000013', '石家庄市市场监督管理局', ['market-regulation']);
  aviation = await dep('11130100MB0000014', '民航河北监管局', ['civil-aviation']);
  courtClient = await addTestClient(t.p, court, ['collect']);
  financeClient = await addTestClient(t.p, finance, ['check', 'feedback']);
});
after(() => t.close());

describe('list entries arrive like other records', () => {
  test('a court imports 失信被执行人 from a file with the Chinese column names; 案号 is the reference', async () => {
    const header = ['主体名称', '主体类别', '统一社会信用代码', '证件类型', '证件号码', '法定代表人', '法定代表人证件类型', '法定代表人证件号码', '案号', '执行法院', '执行依据文号', '做出执行依据单位', '立案时间', '生效法律文书确定的义务', '履行情况', '失信行为具体情形', '认定日期', '有效期至'];
    const org = ddRow();
    const person = ddRow({ ZTMC: '王某某', ZTLB: '自然人', TYSHXYDM: '', ZJLX: '居民身份证', ZJHM: DEBTOR_ID, FDDBR: '', FDDBR_ZJLX: '', FDDBR_ZJHM: '', AH: '（2026）冀0102执200号', YXQZ: '' });
    const order = ['ZTMC', 'ZTLB', 'TYSHXYDM', 'ZJLX', 'ZJHM', 'FDDBR', 'FDDBR_ZJLX', 'FDDBR_ZJHM', 'AH', 'ZXFY', 'ZXYJWH', 'ZCZXYJDW', 'LASJ', 'SXYW', 'LXQK', 'SXQX', 'RDRQ', 'YXQZ'] as const;
    const lines = [header.join(','), ...[org, person].map((r) => order.map((k) => (r as Record<string, string>)[k] ?? '').join(','))];
    const file = path.join(t.dir, 'dd.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const s = await importFile(t.p, { file, category: 'dishonest-debtor', department: court, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'completed');
    assert.deepEqual({ created: s.created, rejected: s.rejected }, { created: 2, rejected: 0 }, JSON.stringify(s.errors));
    const rows = await t.p.db.query<{ source_ref: string; valid_until: string | null; pub_from: string | null; pub_until: string | null }>(
      `SELECT source_ref, valid_until, pub_from, pub_until FROM record WHERE category = 'dishonest-debtor' ORDER BY source_ref`,
    );
    assert.deepEqual(rows, [
      { source_ref: CASE, valid_until: '2027-03-01', pub_from: '2026-03-01', pub_until: '2027-03-01' },
      { source_ref: '（2026）冀0102执200号', valid_until: null, pub_from: '2026-03-01', pub_until: null }, // persons public by law; no term
    ]);
  });

  test('only departments of the list’s owner kind may enter it', async () => {
    const marketClient = await addTestClient(t.p, market, ['collect']);
    const r = await signed(marketClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow({ AH: '（2026）冀0102执999号' })] });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().error.code, 'LIST_OWNER_REQUIRED');
    // serious-dishonesty names no owner kind: any department decides in its own field
    const ok = await signed(marketClient, '/api/v1/batches', {
      category: 'serious-dishonesty',
      records: [
        {
          主体名称: '赵某',
          主体类别: '自然人',
          证件类型: '居民身份证',
          证件号码: SD_PERSON_ID,
          认定文书号: '石市监严失〔2026〕1号',
          认定日期: '2026-05-01',
          认定事由: '生产销售假药，情节严重',
          认定依据: '《市场监督管理严重违法失信名单管理办法》第二条',
        },
      ],
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().counts.created, 1);
    const row = await t.p.db.one<{ valid_until: string; pub_from: string | null }>(`SELECT valid_until, pub_from FROM record WHERE source_ref = '石市监严失〔2026〕1号'`);
    assert.deepEqual(row, { valid_until: '2029-05-01', pub_from: null }); // default term 36 months; persons not published on this list
  });

  test('the category enum of the batch API comes from the catalog', async () => {
    const r = await signed(courtClient, '/api/v1/batches', { category: 'no-such-list', records: [ddRow()] });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'REQUEST_INVALID');
  });
});

describe('credit check → feedback → exit → check', () => {
  let checkId = '';

  test('a finance department checks the debtor for procurement: the measure, its trigger, basis and end', async () => {
    const r = await check(DD_ORG, 'procurement', '石财采〔2026〕88号');
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    checkId = a.checkId;
    assert.equal(a.result, 'checked');
    assert.equal(a.subject.found, true);
    assert.equal(a.subject.name, '石家庄失信商贸有限公司');
    assert.equal(a.subject.code, DD_ORG);
    assert.deepEqual(a.measures.map((m: { measureId: string }) => m.measureId), ['dd-procurement']);
    const m = a.measures[0];
    assert.equal(m.kind, 'punishment');
    assert.equal(m.suspended, false);
    assert.equal(m.until, '2027-03-01');
    assert.match(m.basis, /政府采购法/);
    assert.equal(m.memorandum.docNo, '发改财金〔2016〕141号');
    assert.deepEqual(
      { type: m.trigger.type, category: m.trigger.category, ref: m.trigger.ref, department: m.trigger.department },
      { type: 'list-entry', category: 'dishonest-debtor', ref: CASE, department: '石家庄市长安区人民法院' },
    );
    assert.equal(a.eligibility.greenChannel, false);
    assert.equal(a.eligibility.badRecords[0].ref, CASE);
    assert.equal(a.feedbackDue, t.p.calendar.addWorkingDays('2026-11-20', 10));
    // stored as a snapshot, with an audit event
    const stored = await t.p.db.one<{ snapshot: { checkId: string }; subject_id: number | null }>('SELECT snapshot, subject_id FROM credit_check WHERE id = $1', [checkId]);
    assert.equal(stored!.snapshot.checkId, checkId);
    assert.ok(stored!.subject_id);
    const audit = await t.p.db.query<{ why: string; target: string }>(`SELECT why, target FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = $1`, [checkId]);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.why, '信用核查 credit check: procurement 石财采〔2026〕88号');
    assert.equal(audit[0]!.target, `subject:${a.subject.id}`);
  });

  test('a department of another kind gets no measure for the same subject', async () => {
    const a = await runCheck(t.p, SYSTEM_ACTOR, market, { subject: DD_ORG, scenario: 'procurement' });
    assert.deepEqual(a.measures, []);
    assert.equal(a.feedbackDue, null);
  });

  test('pending feedback lists the check; feedback needs a reason when not applied; then complete', async () => {
    const pending = await signed(financeClient, '/api/v1/credit-checks/feedback/pending');
    assert.equal(pending.statusCode, 200, pending.body);
    assert.ok(pending.json().items.some((i: { checkId: string; late: boolean }) => i.checkId === checkId && !i.late));

    const noReason = await signed(financeClient, `/api/v1/credit-checks/${checkId}/feedback`, { measures: [{ measureId: 'dd-procurement', outcome: 'not_applied' }], matterOutcome: 'approved' });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.code, 'FEEDBACK_INVALID');

    const ok = await signed(financeClient, `/api/v1/credit-checks/${checkId}/feedback`, { measures: [{ measureId: 'dd-procurement', outcome: 'applied' }], matterOutcome: 'rejected', note: '资格审查不通过' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual({ complete: ok.json().complete, late: ok.json().late }, { complete: true, late: false });

    const again = await signed(financeClient, `/api/v1/credit-checks/${checkId}/feedback`, { measures: [{ measureId: 'dd-procurement', outcome: 'not_applicable' }], matterOutcome: 'rejected' });
    assert.equal(again.statusCode, 409);

    const stored = (await signed(financeClient, `/api/v1/credit-checks/${checkId}`)).json();
    assert.equal(stored.answer.checkId, checkId);
    assert.equal(stored.feedback.matterOutcome, 'rejected');
    assert.equal(stored.feedback.measures[0].outcome, 'applied');
    assert.ok(stored.feedback.completedAt);

    const after = (await signed(financeClient, '/api/v1/credit-checks/feedback/pending')).json();
    assert.ok(!after.items.some((i: { checkId: string }) => i.checkId === checkId));
    const cases = (await signed(financeClient, '/api/v1/sanctions/cases?kind=punishment')).json();
    assert.equal(cases.items[0].checkId, checkId);
    assert.equal(cases.items[0].measures[0].name, '限制参与政府采购');
    const rates = (await signed(financeClient, '/api/v1/credit-checks/feedback/rates?by=measure')).json();
    const row = rates.rows.find((x: { key: string }) => x.key === 'dd-procurement');
    assert.deepEqual({ owed: row.owed, given: row.given, onTime: row.onTime, applied: row.applied, rate: row.rate }, { owed: 1, given: 1, onTime: 1, applied: 1, rate: 1 });
  });

  test('another department cannot read or answer the check', async () => {
    const other = await addTestClient(t.p, market, ['check', 'feedback']);
    assert.equal((await signed(other, `/api/v1/credit-checks/${checkId}`)).statusCode, 404);
    assert.equal((await signed(other, `/api/v1/credit-checks/${checkId}/feedback`, { measures: [], matterOutcome: 'approved' })).statusCode, 404);
  });

  test('the court takes the entry off the list; the measure stops, the exit is a public notice', async () => {
    const r = await signed(courtClient, '/api/v1/lists/dishonest-debtor/exits', { ref: CASE, reason: '被执行人已全部履行生效法律文书确定的义务' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual({ status: r.json().status, exitDate: r.json().exitDate, version: r.json().version }, { status: 'exited', exitDate: '2026-11-20', version: 2 });
    const twice = await signed(courtClient, '/api/v1/lists/dishonest-debtor/exits', { ref: CASE, reason: '重复' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'LIST_ENTRY_NOT_ACTIVE');

    const a = (await check(DD_ORG)).json();
    assert.deepEqual(a.measures, []);
    // an exited blacklist entry decided within 3 years is still a bad record
    assert.equal(a.eligibility.greenChannel, false);

    const entries = (await get('/api/v1/public/lists/dishonest-debtor/entries')).json();
    assert.ok(!entries.items.some((e: { ref: string }) => e.ref === CASE));
    const exits = (await get('/api/v1/public/lists/dishonest-debtor/exits')).json();
    assert.deepEqual(
      exits.items.map((e: { ref: string; kind: string; exitDate: string; reason: string }) => [e.ref, e.kind, e.exitDate, e.reason]),
      [[CASE, 'exit', '2026-11-20', '被执行人已全部履行生效法律文书确定的义务']],
    );
    // re-importing the same entry does not put it back on the list
    const again = await signed(courtClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow()] });
    assert.equal(again.json().results[0].status, 'unchanged');
    const changed = await signed(courtClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow({ LXQK: '全部履行', LXWBRQ: '2026-11-18' })] });
    assert.equal(changed.json().results[0].status, 'updated');
    assert.deepEqual((await check(DD_ORG)).json().measures, []);
  });

  test('a valid but unknown code answers "no record"; an invalid code is a clear 400', async () => {
    const unknown = await check(CLEAN_ORG);
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.json().result, 'no-record');
    assert.deepEqual(unknown.json().subject, { found: false, code: CLEAN_ORG });
    assert.equal(unknown.json().eligibility.greenChannel, true);
    const bad = await check(CLEAN_ORG.slice(0, 17) + (CLEAN_ORG[17] === '1' ? '2' : '1'));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.code, /^USCC_/);
    assert.match(bad.json().error.zh, /主体代码无效/);
    const scenario = await check(CLEAN_ORG, 'no_such_scenario');
    assert.equal(scenario.statusCode, 400);
    assert.equal(scenario.json().error.code, 'SCENARIO_UNKNOWN');
  });
});

describe('legal representatives and persons', () => {
  test('the organization’s blacklist entry is in the legal representative’s credit file, via the organization', async () => {
    const rep = await t.p.db.one<{ id: number; kind: string; id_masked: string }>(`SELECT id, kind, id_masked FROM subject WHERE id_blind = $1`, [t.p.crypto.blindIndex(REP_ID)]);
    assert.equal(rep!.kind, 'person');
    const file = await creditFileOf(t.p, rep!.id);
    assert.deepEqual(file.records, []);
    assert.equal(file.linked.length, 1);
    assert.equal(file.linked[0]!.ref, CASE);
    assert.equal(file.linked[0]!.via!.organization.code, DD_ORG);
    assert.equal(file.linked[0]!.via!.role, 'legal_representative');
    assert.equal(file.linked[0]!.status, 'exited');
  });

  test('a serious penalty of an organization names its legal representative; measures reach them through it', async () => {
    const org = orgUscc('91', '130100', 'MA0BP001');
    const lr = idNumber('13010219700707456');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_WSH: '石市监罚〔2026〕501号', CF_XDR_MC: '石家庄严重违法有限公司', CF_XDR_SHXYM: org, CF_FRDB: '孙伟', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: lr, SEVERITY: '严重', CF_JDRQ: '2026-08-01' }),
      penaltyRow({ CF_WSH: '石市监罚〔2026〕502号', CF_XDR_MC: '石家庄严重违法有限公司', CF_XDR_SHXYM: org, CF_FRDB: '孙伟', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: lr, SEVERITY: '一般', CF_JDRQ: '2026-08-02' }),
    ]);
    const person = await t.p.db.one<{ id: number }>(`SELECT id FROM subject WHERE id_blind = $1`, [t.p.crypto.blindIndex(lr)]);
    const file = await creditFileOf(t.p, person!.id);
    assert.deepEqual(file.linked.map((r) => r.ref), ['石市监罚〔2026〕501号']); // only the serious one
    // the person checked by ID number: the organization's serious penalty makes them ineligible
    const a = await runCheck(t.p, SYSTEM_ACTOR, market, { subject: lr, scenario: 'license_approval' });
    assert.equal(a.subject.found, true);
    assert.equal(a.eligibility.greenChannel, false);
    // a new version naming another legal representative moves the link
    const lr2 = idNumber('13010219710808567');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_WSH: '石市监罚〔2026〕501号', CF_XDR_MC: '石家庄严重违法有限公司', CF_XDR_SHXYM: org, CF_FRDB: '周明', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: lr2, SEVERITY: '严重', CF_JDRQ: '2026-08-01' }),
    ]);
    assert.deepEqual((await creditFileOf(t.p, person!.id)).linked, []);
    const p2 = await t.p.db.one<{ id: number }>(`SELECT id FROM subject WHERE id_blind = $1`, [t.p.crypto.blindIndex(lr2)]);
    assert.equal((await creditFileOf(t.p, p2!.id)).linked.length, 1);
  });

  test('a debtor’s legal representative may not fly while the organization is on the list', async () => {
    const org = orgUscc('91', '130100', 'MA0DD002');
    const lr = idNumber('13010219820303678');
    const r = await signed(courtClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow({ TYSHXYDM: org, ZTMC: '石家庄第二失信有限公司', AH: '（2026）冀0102执300号', FDDBR: '钱进', FDDBR_ZJHM: lr })] });
    assert.equal(r.json().counts.created, 1, r.body);
    const a = await runCheck(t.p, SYSTEM_ACTOR, aviation, { subject: lr, scenario: 'air_travel' });
    assert.deepEqual(a.measures.map((m) => m.measureId), ['dd-flights']);
    assert.equal(a.measures[0]!.trigger.via?.code, org);
    // the organization itself is checked by its own entry
    const own = await runCheck(t.p, SYSTEM_ACTOR, aviation, { subject: org, scenario: 'air_travel' });
    assert.equal(own.measures[0]!.trigger.via, undefined);
  });
});

describe('objections suspend measures (the dispute hook)', () => {
  test('an open dispute on the trigger marks the measure suspended; it cannot be fed back as applied; closing lifts it', async () => {
    const org = orgUscc('91', '130100', 'MA0DD003');
    await signed(courtClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow({ TYSHXYDM: org, ZTMC: '石家庄异议测试有限公司', AH: '（2026）冀0102执400号', FDDBR_ZJHM: '' })] });
    const rec = await t.p.db.one<{ id: number }>(`SELECT id FROM record WHERE source_ref = '（2026）冀0102执400号' AND superseded_at IS NULL`);
    await t.p.db.query(`INSERT INTO record_dispute (category, department_id, source_ref, record_id, source_id) VALUES ('dishonest-debtor', $1, '（2026）冀0102执400号', $2, 'objection:1')`, [court.id, rec!.id]);
    const a = (await check(org)).json();
    assert.equal(a.measures.length, 1);
    assert.equal(a.measures[0].suspended, true);
    assert.equal(a.measures[0].trigger.disputed, true);
    assert.equal(a.feedbackDue, null); // nothing to apply, nothing owed
    const fb = await signed(financeClient, `/api/v1/credit-checks/${a.checkId}/feedback`, { measures: [{ measureId: 'dd-procurement', outcome: 'applied' }], matterOutcome: 'approved' });
    assert.equal(fb.statusCode, 400);
    assert.equal(fb.json().error.details.problems[0].code, 'FEEDBACK_MEASURE_SUSPENDED');
    await t.p.db.query(`UPDATE record_dispute SET closed_at = now() WHERE source_id = 'objection:1'`);
    const b = (await check(org)).json();
    assert.equal(b.measures[0].suspended, false);
  });
});

describe('terms end to the day', () => {
  test('on the last day the entry applies; the next day it is off the list and published as a term-end notice', async () => {
    const org = orgUscc('91', '130100', 'MA0DD004');
    await signed(courtClient, '/api/v1/batches', { category: 'dishonest-debtor', records: [ddRow({ TYSHXYDM: org, ZTMC: '石家庄期满测试有限公司', AH: '（2026）冀0102执500号', FDDBR_ZJHM: '', YXQZ: '2026-11-25' })] });
    t.setToday('2026-11-25');
    assert.equal((await check(org)).json().measures.length, 1);
    const listed = (await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${org}`)).json();
    assert.equal(listed.total, 1);
    t.setToday('2026-11-26');
    assert.equal((await check(org)).json().measures.length, 0);
    assert.equal((await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${org}`)).json().total, 0);
    const exits = (await get('/api/v1/public/lists/dishonest-debtor/exits')).json();
    const notice = exits.items.find((e: { ref: string }) => e.ref === '（2026）冀0102执500号');
    assert.deepEqual({ kind: notice.kind, exitDate: notice.exitDate }, { kind: 'term-end', exitDate: '2026-11-26' });
    // exit notices stay up 6 months, to the day
    t.setToday('2027-05-26');
    assert.ok((await get('/api/v1/public/lists/dishonest-debtor/exits')).json().items.some((e: { ref: string }) => e.ref === '（2026）冀0102执500号'));
    t.setToday('2027-05-27');
    assert.ok(!(await get('/api/v1/public/lists/dishonest-debtor/exits')).json().items.some((e: { ref: string }) => e.ref === '（2026）冀0102执500号'));
    t.setToday('2026-11-20');
  });
});

describe('public list pages show only what openness allows', () => {
  test('the lists with their rules and counts', async () => {
    const r = (await get('/api/v1/public/lists')).json();
    const codes = r.lists.map((l: { code: string }) => l.code).sort();
    assert.deepEqual(codes, ['a-taxpayer', 'association-member-rating', 'dishonest-debtor', 'integrity-exemplar', 'serious-dishonesty']);
    const dd = r.lists.find((l: { code: string }) => l.code === 'dishonest-debtor');
    assert.equal(dd.kind, 'black');
    assert.equal(dd.personsPublished, true);
    assert.ok(dd.entriesInForce >= 2);
  });

  test('a person on 失信被执行人 is published with the ID masked; never in clear', async () => {
    const r = await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${encodeURIComponent('王某某')}`);
    const body = r.body;
    const item = r.json().items[0];
    assert.equal(item.subject.kind, 'person');
    assert.equal(item.subject.code, null);
    assert.match(item.subject.maskedId, /^1301\d{2}\*+\d{3}[\dX]$|\*/);
    assert.ok(!body.includes(DEBTOR_ID), 'the clear ID number must not appear');
    const byId = (await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${DEBTOR_ID}`)).json();
    assert.equal(byId.total, 1); // searchable by the full number (blind index), shown masked
    const detail = await get(`/api/v1/public/lists/dishonest-debtor/entries/${item.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(!detail.body.includes(DEBTOR_ID));
    const zjhm = detail.json().fields.find((f: { code: string }) => f.code === 'ZJHM');
    assert.ok(zjhm.value.includes('*'));
  });

  test('a person on 严重失信主体名单 is not published at all, not even their exit', async () => {
    const r = (await get(`/api/v1/public/lists/serious-dishonesty/entries?q=${encodeURIComponent('赵某')}`)).json();
    assert.equal(r.total, 0);
    const marketClient = await addTestClient(t.p, market, ['collect']);
    const ex = await signed(marketClient, '/api/v1/lists/serious-dishonesty/exits', { ref: '石市监严失〔2026〕1号', reason: '信用修复' });
    assert.equal(ex.statusCode, 200, ex.body);
    const exits = (await get('/api/v1/public/lists/serious-dishonesty/exits')).json();
    assert.equal(exits.total, 0);
    // yet the person's credit check sees the entry while it was on the list: the exited entry is a bad record
    const a = await runCheck(t.p, SYSTEM_ACTOR, market, { subject: SD_PERSON_ID, scenario: 'license_approval' });
    assert.equal(a.eligibility.greenChannel, false);
    assert.equal(a.subject.found && a.subject.maskedId !== null, true);
  });

  test('unknown lists are 404; entries of another list are not found under this one', async () => {
    assert.equal((await get('/api/v1/public/lists/penalty/entries')).statusCode, 404);
    const dd = (await get('/api/v1/public/lists/dishonest-debtor/entries')).json().items[0];
    assert.equal((await get(`/api/v1/public/lists/a-taxpayer/entries/${dd.id}`)).statusCode, 404);
  });
});

describe('measures as data', () => {
  test('anyone reads the measure list; operators change a measure as a new revision that checks use at once', async () => {
    const list = (await get('/api/v1/measures')).json();
    assert.ok(list.measures.length >= 25);
    assert.ok(list.scenarios.some((s: { code: string }) => s.code === 'procurement'));
    const op = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'op.sanctions', displayName: '运营', role: 'operator', password: 'Op-Pass-2026-xyz', mustChangePassword: false, regionCode: '130000' });
    const cookies = { xy_session: await openSessionFor(t.p, op.user.id) };
    const headers = { 'x-requested-with': 'xinyong' };
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/measures/dd-procurement', cookies, headers, payload: { active: false, note: '测试停用' } });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json().revision, 2);
    assert.equal(patch.json().source, 'operator');
    const org = orgUscc('91', '130100', 'MA0DD002');
    assert.deepEqual((await check(org)).json().measures, []);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/measures/dd-procurement', cookies, headers, payload: { active: true } });
    assert.deepEqual((await check(org)).json().measures.map((m: { measureId: string; revision: number }) => [m.measureId, m.revision]), [['dd-procurement', 3]]);
    const revisions = (await get('/api/v1/measures/dd-procurement/revisions')).json().revisions;
    assert.deepEqual(revisions.map((r: { revision: number; source: string }) => [r.revision, r.source]), [[3, 'operator'], [2, 'operator'], [1, 'file']]);

    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/measures', cookies, headers, payload: { id: 'x-new', kind: 'reward', type: 'administrative', name: '测', content: '测', basis: '测', implementers: ['finance'], scenarios: ['procurement'], triggers: [{ list: 'dishonest-debtor' }] } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.en, /cannot be triggered by the black list/);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/measures', cookies, headers, payload: { id: 'x-new', kind: 'punishment', type: 'administrative', name: '限制测试', content: '测', basis: '测', implementers: ['finance'], scenarios: ['procurement'], triggers: [{ list: 'dishonest-debtor' }] } });
    assert.equal(created.statusCode, 201, created.body);
    const clerkless = await signed(financeClient, '/api/v1/measures', { id: 'y' });
    assert.equal(clerkless.statusCode, 403);
  });
});

describe('checks and the audit chain', () => {
  test('concurrent checks are stored together, each with its own chained audit event; the chain verifies', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => runCheck(t.p, SYSTEM_ACTOR, finance, { subject: i % 2 ? DD_ORG : CLEAN_ORG, scenario: 'procurement', matterRef: `并发${i}` })),
    );
    const ids = answers.map((a) => a.checkId);
    const stored = await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM credit_check WHERE id = ANY($1::uuid[])', [ids]);
    assert.equal(stored!.n, 12);
    const events = await t.p.db.query<{ check: string }>(`SELECT detail->>'checkId' AS check FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = ANY($1::text[])`, [ids]);
    assert.deepEqual(events.map((e) => e.check).sort(), [...ids].sort());
    const v = await verifyPlatformAuditChain(t.p);
    assert.equal(v.ok, true, JSON.stringify(v.firstProblem));
  });
});
