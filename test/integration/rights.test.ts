// Subject rights end to end: identity check with a one-time code → objection → the record is
// disputed on the public profile and its measure suspended in credit checks → the department's
// answer (revoke, correct, uphold) → checks apply or not accordingly, affected checks listed;
// overdue objections escalated once; credit repair → publication stops → the check no longer
// applies; own credit file and access log.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { setRightsChannels, type Notice, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { sweepDeadlines } from '../../src/modules/rights/deadlines.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { encodeOpaque } from '../../src/kernel/opaque-id.ts';
import { CONTACT_ON_FILE, codeSentTo, putContactOnFile, verifyByContactOnFile } from '../helpers/identity.ts';

const ORG = orgUscc('91', '130100', 'MA0RT001');
const ORG_NAME = '石家庄权益测试商贸有限公司';
const OTHER = orgUscc('91', '130100', 'MA0RT002');
const PERSON = idNumber('13010219880808123');
const SERIOUS = '石市监罚〔2026〕501号';
const GENERAL = '石市监罚〔2026〕502号';
const PDF = Buffer.from('%PDF-1.4\n% evidence\n').toString('base64');

let t: TestPlatform;
let market: Department;
let finance: Department;
let baoding: Department;
let marketClient: string;
let financeClient: string;
let clerkSession: number; // staff user ids: a fresh session per request (the tests move the clock)
let operatorSession: number;
const codes: OtpMessage[] = [];
const notices: Notice[] = [];

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const asSubject = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { 'x-xy-subject-token': token }, ...(payload ? { payload } : {}) });
const asStaff = async (userId: number, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const check = async (subject = ORG, scenario = 'procurement') => {
  const r = await signed(financeClient, '/api/v1/credit-checks', { subject, scenario });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const measure = (a: { measures: { measureId: string; suspended: boolean }[] }, id: string) => a.measures.find((m) => m.measureId === id);

const verify = (code: string, name: string) => verifyByContactOnFile(t.app, t.p, codes, code, name, { purpose: 'objection' });
const IN_PERSON = { document: 'business_license', checked: true };

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, {
    otp: { name: 'test', deliver: async (m) => void codes.push(m) },
    notifier: { name: 'test', deliver: async (n) => void notices.push(n) },
  });
  const dep = (code: string, name: string, kinds: string[], region = '130100') => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: region, kinds });
  market = await dep('11130100MB0000001', '石家庄市市场监督管理局', ['market-regulation']);
  finance = await dep('11130100MB0000032', '石家庄市财政局', ['finance']);
  baoding = await dep('11130600MB0000033', '保定市市场监督管理局', ['market-regulation'], '130600');
  marketClient = await addTestClient(t.p, market, ['collect']);
  financeClient = await addTestClient(t.p, finance, ['check', 'feedback']);
  const clerk = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'rt.clerk', displayName: '市场监管业务员', role: 'department_clerk', departmentId: market.id, password: 'Rights-Pass-2026', mustChangePassword: false });
  const operator = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'rt.operator', displayName: '运营', role: 'operator', regionCode: '130000', password: 'Rights-Pass-2026', mustChangePassword: false });
  clerkSession = clerk.user.id;
  operatorSession = operator.user.id;
  const base = { CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, CF_JDRQ: '2026-06-01' };
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ ...base, CF_WSH: SERIOUS, SEVERITY: '严重' }),
    penaltyRow({ ...base, CF_WSH: GENERAL, SEVERITY: '一般' }),
    penaltyRow({ CF_XDR_MC: '石家庄另一家商贸有限公司', CF_XDR_SHXYM: OTHER, CF_WSH: '石市监罚〔2026〕503号', SEVERITY: '严重' }),
  ]);
  assert.equal(r.counts.created, 3, JSON.stringify(r.results));
});
after(() => t.close());

describe('identity check', () => {
  test('a wrong code is counted; the right one answers a token for the matching subject', async () => {
    await putContactOnFile(t.p, ORG);
    const before = codes.length;
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/challenges', payload: { code: ORG, name: ORG_NAME } });
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().sentTo, 'contact-on-file');
    assert.equal(c.body.includes('8000'), false); // not even the masked contact: it would tell who is on file
    const sent = codeSentTo(codes, CONTACT_ON_FILE, before);
    const stored = await t.p.db.one<{ otp_mac: string }>('SELECT otp_mac FROM identity_challenge WHERE id = $1', [c.json().challengeId]);
    assert.notEqual(stored!.otp_mac, sent.code); // hashed, never stored
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/verify', payload: { challengeId: c.json().challengeId, code: sent.code === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'IDENTITY_CODE_WRONG');
    assert.equal(wrong.json().error.details.attemptsLeft, 4);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/verify', payload: { challengeId: c.json().challengeId, code: sent.code } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().subject.name, ok.json().method, ok.json().contacts], [ORG_NAME, 'otp', ['138****8000']]);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/verify', payload: { challengeId: c.json().challengeId, code: sent.code } });
    assert.equal(again.json().error.code, 'IDENTITY_CODE_USED');
  });

  test('without a token, own data is refused', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/public/me/credit-file' });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().error.code, 'SUBJECT_TOKEN_REQUIRED');
  });
});

describe('objection → suspension → revoke', () => {
  let token = '';
  let objectionId = '';
  let checkBefore = '';

  test('the serious penalty triggers a punishment; the department applies it', async () => {
    const a = await check();
    assert.equal(measure(a, 'sd-procurement')?.suspended, false);
    checkBefore = a.checkId;
    const fb = await signed(financeClient, `/api/v1/credit-checks/${a.checkId}/feedback`, { measures: [{ measureId: 'sd-procurement', outcome: 'applied' }], matterOutcome: 'rejected' });
    assert.equal(fb.statusCode, 200, fb.body);
  });

  test('the subject files an objection with evidence: due in 15 working days, department notified', async () => {
    token = await verify(ORG, ORG_NAME);
    const r = await asSubject(token, 'POST', '/api/v1/public/objections', {
      records: [{ ref: SERIOUS }],
      reason: '该处罚决定已被行政复议撤销',
      evidence: [{ filename: '复议决定书.pdf', contentType: 'application/pdf', contentBase64: PDF }],
    });
    assert.equal(r.statusCode, 200, r.body);
    const o = r.json();
    objectionId = o.objectionId;
    assert.equal(o.status, 'open');
    assert.match(o.number, /^YY20261120\d{6}$/);
    // 2026-11-20 is a Friday: 11-23 … 12-11 are the 15 working days
    assert.deepEqual([o.dueDate, o.provisional, o.workingDays], ['2026-12-11', false, 15]);
    assert.equal(o.items[0].department.name, '石家庄市市场监督管理局');
    assert.equal(o.evidence[0].filename, '复议决定书.pdf');
    assert.equal(o.applicant, null); // the portal view shows no staff-only details
    assert.equal(o.items[0].current, undefined);
    assert.deepEqual(notices.filter((n) => n.kind === 'objection.filed').map((n) => n.departmentId), [market.id]);
    const twice = await asSubject(token, 'POST', '/api/v1/public/objections', { records: [{ ref: SERIOUS }], reason: '再次提出' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'OBJECTION_OPEN');
  });

  test('the record is marked disputed on the public profile, and its measure is suspended', async () => {
    const profile = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${ORG}` });
    const recs = profile.json().records as { ref: string; disputed: boolean }[];
    assert.deepEqual(recs.map((x) => [x.ref, x.disputed]).sort(), [[SERIOUS, true], [GENERAL, false]].sort());
    const a = await check();
    assert.equal(measure(a, 'sd-procurement')?.suspended, true);
    assert.equal(a.feedbackDue, null); // nothing owed for a suspended measure
  });

  test('the department sees it in its queue; another region’s department does not', async () => {
    const q = await asStaff(clerkSession, 'GET', '/api/v1/objections?status=open');
    assert.equal(q.statusCode, 200, q.body);
    assert.deepEqual(q.json().items.map((o: { objectionId: string }) => o.objectionId), [objectionId]);
    const bdClient = await addTestClient(t.p, baoding, ['collect']);
    const other = await signed(bdClient, '/api/v1/objections');
    assert.equal(other.json().total, 0);
    const peek = await signed(bdClient, `/api/v1/objections/${objectionId}`);
    assert.equal(peek.statusCode, 404);
    const decide = await signed(bdClient, `/api/v1/objections/${objectionId}/decision`, { outcome: 'revoke', note: '不是我们的' });
    assert.equal(decide.statusCode, 404);
  });

  test('the department revokes: out of publication and checks; the applied check is listed and its department notified', async () => {
    const r = await signed(marketClient, `/api/v1/objections/${objectionId}/decision`, { outcome: 'revoke', note: '经核实，该处罚决定已被复议机关撤销' });
    assert.equal(r.statusCode, 200, r.body);
    const o = r.json();
    assert.equal(o.status, 'decided');
    assert.equal(o.items[0].status, 'revoked');
    assert.ok(o.items[0].resultRecordId);
    assert.deepEqual(o.affectedChecks.map((c: { checkId: string; feedback: string }) => [c.checkId, c.feedback]), [[checkBefore, 'applied']]);
    assert.deepEqual(notices.filter((n) => n.kind === 'check.affected').map((n) => [n.departmentId, n.payload.checkId]), [[finance.id, checkBefore]]);
    const row = await t.p.db.one<{ status: string; version: number; pub_from: string | null; pub_until: string | null }>(
      `SELECT status, version, pub_from, pub_until FROM record WHERE source_ref = $1 AND superseded_at IS NULL`,
      [SERIOUS],
    );
    assert.deepEqual(row, { status: 'revoked', version: 2, pub_from: '2026-06-01', pub_until: '2026-11-19' }); // public through yesterday
    const profile = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${ORG}` });
    assert.deepEqual(profile.json().records.map((x: { ref: string }) => x.ref), [GENERAL]);
    assert.equal(measure(await check(), 'sd-procurement'), undefined);
    const again = await signed(marketClient, `/api/v1/objections/${objectionId}/decision`, { outcome: 'uphold', note: '再次' });
    assert.equal(again.json().error.code, 'OBJECTION_ALREADY_DECIDED');
  });

  test('the applicant sees the result; their file shows the record revoked with the explanation', async () => {
    const mine = await asSubject(token, 'GET', '/api/v1/public/objections');
    assert.equal(mine.json().items[0].items[0].note, '经核实，该处罚决定已被复议机关撤销');
    const file = (await asSubject(token, 'GET', '/api/v1/public/me/credit-file')).json();
    const rec = file.records.find((r: { ref: string }) => r.ref === SERIOUS);
    assert.equal(rec.status, 'revoked');
    assert.equal(rec.publication.publicToday, false);
    assert.deepEqual([rec.objection.status, rec.objection.note], ['revoked', '经核实，该处罚决定已被复议机关撤销']);
    assert.equal(rec.source.department, '石家庄市市场监督管理局');
  });
});

describe('correct and uphold', () => {
  test('correct with new values: a new version through collection, still public, dispute closed', async () => {
    const o = (await asStaff(clerkSession, 'POST', '/api/v1/objections', { subject: ORG, records: [{ ref: GENERAL }], reason: '罚款金额有误', inPerson: IN_PERSON })).json();
    assert.ok(o.objectionId, JSON.stringify(o));
    assert.equal(o.filedVia, 'staff');
    // staff see the current content a correction starts from; the portal view does not carry it
    assert.deepEqual([o.items[0].current.version, o.items[0].current.fields.find((f: { code: string }) => f.code === 'CF_WSH')?.value], [1, GENERAL]);
    const bad = await signed(marketClient, `/api/v1/objections/${o.objectionId}/decision`, { outcome: 'correct', note: '更正' });
    assert.equal(bad.json().error.code, 'CORRECTION_FIELDS_REQUIRED');
    const r = await signed(marketClient, `/api/v1/objections/${o.objectionId}/decision`, { outcome: 'correct', note: '罚款金额更正为三万元', fields: { CF_NR: '罚款人民币叁万元', CF_NR_FK: '3' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().items[0].status, 'corrected');
    assert.deepEqual([r.json().items[0].current.version, r.json().items[0].current.fields.find((f: { code: string }) => f.code === 'CF_NR')?.value], [2, '罚款人民币叁万元']);
    const [v1, cur] = await t.p.db.query<{ id: number; version: number; fields: Record<string, string>; status: string; late: boolean; batch_id: string }>(
      `SELECT id, version, fields, status, late, batch_id FROM record WHERE source_ref = $1 ORDER BY version`,
      [GENERAL],
    );
    assert.equal(String(cur!.id), r.json().items[0].resultRecordId);
    assert.deepEqual([cur!.version, cur!.fields.CF_NR, cur!.status], [2, '罚款人民币叁万元', 'active']);
    // received as version 1 was: a correction does not change whether the record came in late
    assert.equal(cur!.late, v1!.late);
    assert.notEqual(cur!.batch_id, v1!.batch_id); // a batch of its own, like any submission
    const profile = (await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${ORG}` })).json();
    assert.deepEqual(profile.records.map((x: { ref: string; disputed: boolean }) => [x.ref, x.disputed]), [[GENERAL, false]]);
  });

  test('uphold: the measure applies again', async () => {
    const token = await verify(OTHER, '石家庄另一家商贸有限公司');
    const o = (await asSubject(token, 'POST', '/api/v1/public/objections', { records: [{ ref: '石市监罚〔2026〕503号' }], reason: '不服' })).json();
    assert.equal(measure(await check(OTHER), 'sd-procurement')?.suspended, true);
    const r = await asStaff(clerkSession, 'POST', `/api/v1/objections/${o.objectionId}/decision`, { outcome: 'uphold', note: '经核实，信息准确，维持' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().items[0].status, r.json().affectedChecks], ['upheld', []]);
    assert.equal(measure(await check(OTHER), 'sd-procurement')?.suspended, false);
  });
});

describe('overdue objections', () => {
  test('escalated once to the operator, and counted against the department', async (ctx) => {
    ctx.after(() => t.setToday('2026-11-20'));
    const o = (await asStaff(clerkSession, 'POST', '/api/v1/objections', { subject: OTHER, records: [{ ref: '石市监罚〔2026〕503号' }], reason: '第二次异议', inPerson: IN_PERSON })).json();
    assert.equal(o.dueDate, '2026-12-11');
    t.setToday('2026-12-11');
    assert.deepEqual((await sweepDeadlines(t.p)).escalatedObjections, []); // the due day itself is in time
    t.setToday('2026-12-14');
    const first = await sweepDeadlines(t.p);
    assert.deepEqual(first.escalatedObjections, [o.number]);
    assert.deepEqual(
      notices.filter((n) => n.kind === 'objection.overdue').map((n) => [n.audience, n.departmentId]),
      [['operator', null], ['department', market.id]],
    );
    const second = await sweepDeadlines(t.p);
    assert.deepEqual(second.escalatedObjections, []);
    assert.equal(notices.filter((n) => n.kind === 'objection.overdue').length, 2);
    const overdueRes = await asStaff(operatorSession, 'GET', '/api/v1/objections?overdue=true');
    assert.equal(overdueRes.statusCode, 200, overdueRes.body);
    const overdue = overdueRes.json();
    assert.deepEqual(overdue.items.map((x: { number: string; overdue: boolean; escalated: boolean }) => [x.number, x.overdue, x.escalated]), [[o.number, true, true]]);
    const stats = (await asStaff(operatorSession, 'GET', '/api/v1/objections/stats')).json();
    const row = stats.departments.find((d: { department: { id: number } }) => d.department.id === market.id);
    assert.deepEqual({ open: row.open, openOverdue: row.openOverdue, onTime: row.onTime, revoked: row.revoked, corrected: row.corrected, upheld: row.upheld }, { open: 1, openOverdue: 1, onTime: 3, revoked: 1, corrected: 1, upheld: 1 });
    const late = await signed(marketClient, `/api/v1/objections/${o.objectionId}/decision`, { outcome: 'uphold', note: '维持' });
    assert.equal(late.json().items[0].overdue, true);
    const after = (await asStaff(operatorSession, 'GET', '/api/v1/objections/stats')).json().departments.find((d: { department: { id: number } }) => d.department.id === market.id);
    assert.deepEqual([after.late, after.openOverdue], [1, 0]);
  });
});

describe('credit repair', () => {
  const LIST_ORG = orgUscc('91', '130100', 'MA0RT003');
  const ENTRY = '石市监严失〔2025〕9号';

  test('eligibility says exactly what is missing and from when', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'serious-dishonesty', [
      { 主体名称: '石家庄严重失信修复有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: LIST_ORG, 认定文书号: ENTRY, 认定日期: '2025-11-19', 认定事由: '虚假宣传情节严重', 认定依据: '《市场监督管理严重违法失信名单管理办法》' },
    ]);
    assert.equal(measure(await check(LIST_ORG), 'sd-procurement')?.suspended, false);
    const token = await verify(LIST_ORG, '石家庄严重失信修复有限公司');
    const e = (await asSubject(token, 'GET', `/api/v1/public/repairs/eligibility?ref=${encodeURIComponent(ENTRY)}`)).json();
    // on the list since 2025-11-19: twelve months end 2026-11-19, so 2026-11-20 is the first day
    assert.deepEqual([e.eligible, e.earliestDate, e.missing.map((m: { code: string }) => m.code)], [false, '2026-11-20', ['OBLIGATIONS_EVIDENCE', 'COMMITMENT']]);
    const refused = await asSubject(token, 'POST', '/api/v1/public/repairs', { ref: ENTRY, obligations: '已整改', commitment: '本公司承诺诚信经营' });
    assert.equal(refused.statusCode, 409);
    assert.deepEqual(refused.json().error.details.missing.map((m: { code: string }) => m.code), ['OBLIGATIONS_EVIDENCE']);
  });

  test('apply → approve: the entry leaves the list, publication stops, the check no longer applies, the result is published', async () => {
    const token = await verify(LIST_ORG, '石家庄严重失信修复有限公司');
    const a = await asSubject(token, 'POST', '/api/v1/public/repairs', {
      ref: ENTRY,
      obligations: '已停止违法行为并消除影响，罚款已缴清',
      commitment: '本公司承诺今后依法诚信经营，如有违反愿承担相应责任',
      evidence: [{ filename: '缴款凭证.pdf', contentType: 'application/pdf', contentBase64: PDF, purpose: 'obligations' }],
    });
    assert.equal(a.statusCode, 200, a.body);
    const app = a.json();
    assert.deepEqual([app.status, app.dueDate, app.provisional, app.workingDays], ['pending', '2026-12-04', false, 10]);
    assert.ok(notices.some((n) => n.kind === 'repair.filed' && n.ref === app.repairId && n.departmentId === market.id));
    const queue = (await asStaff(clerkSession, 'GET', '/api/v1/repairs?status=pending')).json();
    assert.deepEqual(queue.items.map((x: { repairId: string }) => x.repairId), [app.repairId]);
    const ev = await asStaff(clerkSession, 'GET', `/api/v1/repairs/${app.repairId}/evidence/${app.evidence[0].sha256}`);
    assert.equal(ev.statusCode, 200);
    assert.equal(ev.body, Buffer.from(PDF, 'base64').toString());
    // a download, never rendered in the platform's origin (issue 17)
    assert.match(String(ev.headers['content-disposition']), /^attachment;/);
    assert.equal(ev.headers['content-security-policy'], "sandbox; default-src 'none'");
    const d = await asStaff(clerkSession, 'POST', `/api/v1/repairs/${app.repairId}/decision`, { outcome: 'approve', reason: '已纠正失信行为、消除不良影响，同意修复' });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().decision.outcome, 'approved');
    assert.equal(measure(await check(LIST_ORG), 'sd-procurement'), undefined);
    const entries = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists/serious-dishonesty/entries' })).json();
    assert.equal(entries.items.some((x: { ref: string }) => x.ref === ENTRY), false);
    const exits = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists/serious-dishonesty/exits' })).json();
    assert.deepEqual(exits.items.filter((x: { ref: string }) => x.ref === ENTRY).map((x: { kind: string; exitDate: string }) => [x.kind, x.exitDate]), [['repair', '2026-11-20']]);
    const results = (await t.app.inject({ method: 'GET', url: '/api/v1/public/repairs/results' })).json();
    assert.deepEqual(results.items.map((x: { number: string; commitment: string }) => [x.number, x.commitment]), [[app.number, '本公司承诺今后依法诚信经营，如有违反愿承担相应责任']]);
    // a resubmission of the entry by the department corrects its content but does not undo the repair
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'serious-dishonesty', [
      { 主体名称: '石家庄严重失信修复有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: LIST_ORG, 认定文书号: ENTRY, 认定日期: '2025-11-19', 认定事由: '虚假宣传，情节严重', 认定依据: '《市场监督管理严重违法失信名单管理办法》' },
    ]);
    assert.equal(measure(await check(LIST_ORG), 'sd-procurement'), undefined);
  });

  test('a repair notice goes with each decision: per record, for the department and for public records', async () => {
    const rec = await t.p.db.one<{ id: number }>(`SELECT id FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, [GENERAL]);
    const n = (await signed(marketClient, `/api/v1/records/${rec!.id}/repair-notice`)).json();
    assert.deepEqual([n.title, n.repairable, n.earliestDate, n.reviewWorkingDays], ['信用修复告知书', true, '2026-09-02', 10]);
    assert.match(n.text, new RegExp(ORG_NAME));
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${encodeOpaque(t.p.crypto, 'record', rec!.id)}/repair-notice` });
    // the sequential number serves nothing
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${rec!.id}/repair-notice` })).statusCode, 404);
    assert.equal(pub.statusCode, 200);
    const revoked = await t.p.db.one<{ id: number }>(`SELECT id FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, [SERIOUS]);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${encodeOpaque(t.p.crypto, 'record', revoked!.id)}/repair-notice` })).statusCode, 404);
  });
});

describe('own credit file and access log', () => {
  test('a person sees non-public records, the organization’s records that name them, and who looked', async () => {
    const rep = idNumber('13010219700707456');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_XDR_MC: '王某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: '石市监罚〔2026〕601号', CF_FRDB: '', SEVERITY: '一般' }),
      penaltyRow({ CF_XDR_MC: '石家庄代表人测试有限公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0RT004'), CF_FRDB: '赵某', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: rep, CF_WSH: '石市监罚〔2026〕602号', SEVERITY: '严重' }),
    ]);
    // a department checks the person (their ID number is the code)
    await check(PERSON, 'procurement');
    const token = await verify(PERSON, '王某');
    const file = (await asSubject(token, 'GET', '/api/v1/public/me/credit-file')).json();
    assert.equal(file.subject.maskedId.includes('*'), true);
    const own = file.records.find((r: { ref: string }) => r.ref === '石市监罚〔2026〕601号');
    assert.deepEqual([own.publication.from, own.publication.publicToday], [null, false]); // persons' penalties are not published
    assert.ok(own.fields.some((f: { name: string; value: string }) => f.name === '证件号码' && f.value.includes('*')));
    const log = (await asSubject(token, 'GET', '/api/v1/public/me/access-log')).json();
    const kinds = log.entries.map((e: { kind: string; by: string; self: boolean }) => [e.kind, e.self ? 'self' : e.by]);
    assert.ok(kinds.some(([k, by]: [string, string]) => k === 'credit-check' && by === '石家庄市财政局'), JSON.stringify(kinds));
    assert.ok(kinds.some(([k, by]: [string, string]) => k === 'data-read' && by === 'self'), JSON.stringify(kinds));
    assert.ok(log.entries.some((e: { kind: string; purpose: string }) => e.kind === 'credit-check' && e.purpose === '信用核查 政府采购'), JSON.stringify(log.entries));
    // the legal representative sees the organization's serious penalty in their file
    const repToken = await verify(rep, '赵某');
    const repFile = (await asSubject(repToken, 'GET', '/api/v1/public/me/credit-file')).json();
    assert.deepEqual(repFile.linked.map((r: { ref: string; via: { role: string } }) => [r.ref, r.via.role]), [['石市监罚〔2026〕602号', 'legal_representative']]);
  });

  test('staff reading an objection about a person is in the person’s access log with its purpose', async () => {
    const token = await verify(PERSON, '王某');
    const o = (await asSubject(token, 'POST', '/api/v1/public/objections', { records: [{ ref: '石市监罚〔2026〕601号' }], reason: '处罚对象有误' })).json();
    assert.equal(o.dueDate, '2026-12-18'); // a person: 20 working days
    const read = await asStaff(clerkSession, 'GET', `/api/v1/objections/${o.objectionId}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().subject.maskedId.includes('*'), true);
    const log = (await asSubject(token, 'GET', '/api/v1/public/me/access-log')).json();
    // by department and role, never by sign-in name (issue 17)
    assert.ok(log.entries.some((e: { by: string; purpose: string }) => e.by === '石家庄市市场监督管理局（部门业务员 department clerk）' && /异议/.test(e.purpose)), JSON.stringify(log.entries));
    assert.ok(log.entries.some((e: { by: string; organization: string | null }) => e.organization === '石家庄市市场监督管理局'), JSON.stringify(log.entries));
    assert.ok(!JSON.stringify(log.entries).includes('rt.clerk'), 'no sign-in name');
  });

  // the 2026-12-06 re-test of issue 17: a file starting with %PDF- and then markup passes as a PDF
  // (a PDF may carry junk); named x.html it was served as attachment; filename*=UTF-8''x.html, and
  // the browser opened the saved file as a page
  test('evidence is saved under a name with its checked type’s extension', async () => {
    const co = orgUscc('91', '130100', 'MA0RT009');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: '石家庄证据测试有限公司', CF_XDR_SHXYM: co, CF_WSH: '石市监罚〔2026〕691号', SEVERITY: '一般' })]);
    await putContactOnFile(t.p, co);
    const token = await verify(co, '石家庄证据测试有限公司');
    const polyglot = Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>').toString('base64');
    const o = await asSubject(token, 'POST', '/api/v1/public/objections', {
      records: [{ ref: '石市监罚〔2026〕691号' }],
      reason: '记录有误',
      evidence: [
        { filename: 'x.html', contentType: 'application/pdf', contentBase64: polyglot },
        { filename: '说明.PDF', contentType: 'application/pdf', contentBase64: PDF },
      ],
    });
    assert.equal(o.statusCode, 200, o.body);
    const names = [];
    for (const e of o.json().evidence as { sha256: string }[]) {
      const ev = await asStaff(clerkSession, 'GET', `/api/v1/objections/${o.json().objectionId}/evidence/${e.sha256}`);
      assert.equal(ev.statusCode, 200);
      assert.equal(ev.headers['content-type'], 'application/pdf');
      names.push(String(ev.headers['content-disposition']));
    }
    assert.deepEqual(names, [`attachment; filename*=UTF-8''${encodeURIComponent('x.html.pdf')}`, `attachment; filename*=UTF-8''${encodeURIComponent('说明.PDF')}`]);
  });
});
