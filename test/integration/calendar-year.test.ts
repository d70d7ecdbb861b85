// Loading a year's holiday notice: deadlines that reach into a year without its notice are
// provisional (statutory holidays assumed) and shown so; loading the notice recomputes every open
// deadline — objections, repair reviews, credit-check feedback — and clears the mark.
// The 2027 notice used here is made up for the test (Jan 4 as an extra rest day) so that the
// recomputation visibly moves the dates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { setRightsChannels } from '../../src/modules/rights/rights.channels.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const ORG = orgUscc('91', '130100', 'MA0CY001');
const ORG2 = orgUscc('91', '130100', 'MA0CY002');
const PERSON = idNumber('13010219900101234');
let t: TestPlatform;
let market: Department;
let marketClient: string;
let financeClient: string;
let operatorId: number;
let clerkId: number;

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const asStaff = async (userId: number, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const asOperator = (method: 'GET' | 'POST', url: string, payload?: object) => asStaff(operatorId, method, url, payload);
// objections are filed at a service window by staff who saw the subject's document
const fileObjection = (subject: string, ref: string, reason: string) =>
  asStaff(clerkId, 'POST', '/api/v1/objections', { subject, records: [{ ref }], reason, inPerson: { document: subject === PERSON ? 'id_card' : 'business_license', checked: true } });

before(async () => {
  t = await createTestPlatform('2026-12-10');
  setRightsChannels(t.p, { notifier: { name: 'test', deliver: async () => {} } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  const finance = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000052'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  marketClient = await addTestClient(t.p, market, ['collect']);
  financeClient = await addTestClient(t.p, finance, ['check', 'feedback']);
  clerkId = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'cy.window', displayName: '市场监管窗口业务员', role: 'department_clerk', departmentId: market.id, password: 'Calendar-Pass-2026', mustChangePassword: false })).user.id;
  operatorId = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'cy.operator', displayName: '运营', role: 'operator', regionCode: '130000', password: 'Calendar-Pass-2026', mustChangePassword: false })).user.id;
  await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_SHXYM: ORG, CF_XDR_MC: '石家庄日历测试有限公司', CF_WSH: '石市监罚〔2026〕901号', SEVERITY: '严重', CF_JDRQ: '2026-06-01' }),
    penaltyRow({ CF_XDR_SHXYM: ORG2, CF_XDR_MC: '石家庄日历测试二有限公司', CF_WSH: '石市监罚〔2026〕903号', SEVERITY: '严重', CF_JDRQ: '2026-06-01' }),
    penaltyRow({ CF_XDR_MC: '李某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_FRDB: '', CF_WSH: '石市监罚〔2026〕902号', CF_JDRQ: '2026-06-01' }),
  ]);
});
after(() => t.close());

let personObjection = '';
let orgObjection = '';
let repairId = '';
let checkId = '';

test('deadlines that reach into 2027 are provisional and say so', async () => {
  const person = await fileObjection(PERSON, '石市监罚〔2026〕902号', '处罚对象错误');
  assert.equal(person.statusCode, 200, person.body);
  personObjection = person.json().objectionId;
  // 12-11 … 12-31 are 15 working days; 2027-01-01 is 元旦 by the statutory rule; then 01-04 … 01-08
  assert.deepEqual([person.json().dueDate, person.json().provisional], ['2027-01-08', true]);
  const org = await fileObjection(ORG, '石市监罚〔2026〕901号', '金额有误');
  orgObjection = org.json().objectionId;
  assert.deepEqual([org.json().dueDate, org.json().provisional], ['2026-12-31', false]); // 15 days end in 2026
  t.setToday('2026-12-28');
  const repair = await signed(marketClient, '/api/v1/repairs', {
    subject: PERSON,
    ref: '石市监罚〔2026〕902号',
    obligations: '罚款已缴清',
    commitment: '本人承诺守法诚信',
    evidence: [{ filename: '缴款凭证.png', contentType: 'image/png', contentBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]).toString('base64') }],
  });
  assert.equal(repair.statusCode, 200, repair.body);
  repairId = repair.json().repairId;
  assert.deepEqual([repair.json().dueDate, repair.json().provisional], ['2027-01-12', true]);
  const wd = (await t.app.inject({ method: 'GET', url: '/api/v1/public/calendar/working-days?from=2026-12-28&n=10' })).json();
  assert.deepEqual([wd.date, wd.provisional], ['2027-01-12', true]);
  // a check that owes feedback (a serious penalty restricts fiscal funds), due in 2027
  const c = (await signed(financeClient, '/api/v1/credit-checks', { subject: ORG2, scenario: 'fiscal_funds' })).json();
  checkId = c.checkId;
  assert.equal(c.feedbackDue, '2027-01-12');
});

test('an operator loads the 2027 notice: every open deadline is recomputed and no longer provisional', async () => {
  const notice = { year: 2027, source: '测试用 2027 年放假安排（虚构）', holidays: [{ name: '元旦', rest: ['2027-01-01~2027-01-04'] }] };
  const r = await asOperator('POST', '/api/v1/calendar/years', notice);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().recomputed, { objections: 1, repairs: 1, feedback: 1, changed: 3, stillProvisional: 0 });
  const o = (await signed(marketClient, `/api/v1/objections/${personObjection}`)).json();
  assert.deepEqual([o.dueDate, o.provisional], ['2027-01-11', false]);
  const a = (await signed(marketClient, `/api/v1/repairs/${repairId}`)).json();
  assert.deepEqual([a.dueDate, a.provisional], ['2027-01-13', false]);
  const c = (await signed(financeClient, `/api/v1/credit-checks/${checkId}`)).json();
  assert.equal(c.feedback.due, '2027-01-13');
  const org = (await signed(marketClient, `/api/v1/objections/${orgObjection}`)).json();
  assert.deepEqual([org.dueDate, org.provisional], ['2026-12-31', false]); // untouched
  const wd = (await t.app.inject({ method: 'GET', url: '/api/v1/public/calendar/working-days?from=2026-12-28&n=10' })).json();
  assert.deepEqual([wd.date, wd.provisional, wd.officialYears], ['2027-01-13', false, [2027]]);
  // 2028 has no notice yet
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/public/calendar/working-days?from=2027-12-20&n=10' })).json().provisional, true);
});

test('loading a corrected notice replaces the first; a bad notice changes nothing', async () => {
  const bad = await asOperator('POST', '/api/v1/calendar/years', { year: 2027, source: '坏的', rest: ['2027-02-30'] });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'NOTICE_INVALID');
  const r = await asOperator('POST', '/api/v1/calendar/years', { year: 2027, source: '更正后的测试放假安排', holidays: [{ name: '元旦', rest: ['2027-01-01~2027-01-03'] }] });
  assert.equal(r.statusCode, 200, r.body);
  const o = (await signed(marketClient, `/api/v1/objections/${personObjection}`)).json();
  assert.deepEqual([o.dueDate, o.provisional], ['2027-01-08', false]);
  const rows = await t.p.db.query<{ date: string }>(`SELECT date::text AS date FROM calendar_override WHERE note LIKE '[notice 2027]%' ORDER BY date`);
  assert.deepEqual(rows.map((x) => x.date), ['2027-01-01', '2027-01-02', '2027-01-03']);
  const audit = await t.p.db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_event WHERE action = 'calendar.load-year'`);
  assert.equal(audit!.n, 2);
});

test('department staff may not load notices', async () => {
  const clerk = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'cy.clerk', displayName: '业务员', role: 'department_clerk', departmentId: market.id, password: 'Calendar-Pass-2026', mustChangePassword: false });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/calendar/years', cookies: { xy_session: await openSessionFor(t.p, clerk.user.id) }, headers: { 'x-requested-with': 'xinyong' }, payload: { year: 2027, source: 'x', rest: ['2027-01-01'] } });
  assert.equal(r.statusCode, 403);
});
