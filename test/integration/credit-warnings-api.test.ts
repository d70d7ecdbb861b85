// 信用警示 over HTTP (issue 13): the court's clerk records a warning for a subject on file, lists
// it, lifts it; every change audited; a department that is not a court, a list whose rules do not
// allow warnings, a period over the rule's maximum, an empty reason and another court's warning
// are refused (zh + en) and change nothing; an operator of the region reads, a city operator
// elsewhere sees nothing; the public API never shows a warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, orgUscc, uscc, type TestPlatform } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const CO = orgUscc('91', '130100', 'MA0CWA01');
const CO_NAME = '石家庄警示接口测试有限公司';
const PASSWORD = 'Warning-Pass-2026';

let t: TestPlatform;
let court: Department;
let bdCourt: Department;
let market: Department;
const users: Record<string, number> = {};

const as = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, users[who]!) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const audits = async () => (await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action LIKE 'list.credit-warning%'`))!.n;
const warnings = async () => (await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM list_credit_warning`))!.n;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const dep = (code: string, name: string, region: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: region, kinds });
  court = await dep('11130102MB0000811', '石家庄市长安区人民法院', '130100', ['court']);
  bdCourt = await dep('11130602MB0000812', '保定市竞秀区人民法院', '130600', ['court']);
  market = await dep('11130100MB0000813', '石家庄市市场监督管理局', '130100', ['market-regulation']);
  await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: CO_NAME, CF_XDR_SHXYM: CO, CF_WSH: '石市监罚〔2026〕811号' })]);
  const user = async (username: string, role: 'department_clerk' | 'operator', o: { departmentId?: number; regionCode?: string }) =>
    (users[username] = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username, displayName: username, role, password: PASSWORD, mustChangePassword: false, ...o })).user.id);
  await user('court.clerk', 'department_clerk', { departmentId: court.id });
  await user('bd.court.clerk', 'department_clerk', { departmentId: bdCourt.id });
  await user('market.clerk', 'department_clerk', { departmentId: market.id });
  await user('sjz.operator', 'operator', { regionCode: '130100' });
  await user('bd.operator', 'operator', { regionCode: '130600' });
});
after(() => t.close());

test('record → list → lift over HTTP, audited; the bad requests change nothing', async () => {
  const body = { subject: CO, ref: '（2026）冀0102执811号', reason: '有履行能力而拒不履行，给予宽限期' };
  const refusals: [string, string, object, number, string][] = [
    ['market.clerk', 'dishonest-debtor', body, 403, 'LIST_OWNER_REQUIRED'],
    ['court.clerk', 'serious-dishonesty', body, 409, 'CREDIT_WARNING_NOT_ALLOWED'],
    ['court.clerk', 'dishonest-debtor', { ...body, reason: '  ' }, 400, 'CREDIT_WARNING_REASON_REQUIRED'],
    ['court.clerk', 'dishonest-debtor', { ...body, lastDay: '2027-06-30' }, 400, ''],
    ['court.clerk', 'dishonest-debtor', { ...body, firstDay: '2026-11-31' }, 400, 'DATE_INVALID'],
    ['court.clerk', 'dishonest-debtor', { ...body, subject: orgUscc('91', '130100', 'MA0CWA99') }, 404, 'SUBJECT_NOT_FOUND'],
    ['court.clerk', 'dishonest-debtor', { ...body, subject: ' ' }, 400, 'CREDIT_WARNING_SUBJECT_REQUIRED'],
  ];
  for (const [who, category, b, status, code] of refusals) {
    const r = await as(who, 'POST', `/api/v1/lists/${category}/credit-warnings`, b);
    assert.equal(r.statusCode, status, `${who} ${category} ${JSON.stringify(b)}: ${r.body}`);
    const e = r.json().error;
    if (code) assert.equal(e.code, code);
    assert.ok(e.zh && e.en, r.body);
  }
  assert.equal(await warnings(), 0);
  assert.equal(await audits(), 0);

  const made = await as('court.clerk', 'POST', '/api/v1/lists/dishonest-debtor/credit-warnings', body);
  assert.equal(made.statusCode, 200, made.body);
  const w = made.json();
  assert.equal(w.state, 'open');
  assert.equal(w.stateName, '警示中');
  assert.equal(w.firstDay, '2026-11-20');
  assert.equal(w.lastDay, '2027-02-17'); // 90 calendar days, the first day counted (rules/list-lifecycle.json)
  assert.equal(w.subject.name, CO_NAME);
  assert.equal(w.department.name, '石家庄市长安区人民法院');
  const again = await as('court.clerk', 'POST', '/api/v1/lists/dishonest-debtor/credit-warnings', body);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'CREDIT_WARNING_EXISTS');

  // who reads: the court, the operator of its region; not another region, not the public
  const ids = async (who: string, q = '') => (await as(who, 'GET', `/api/v1/lists/credit-warnings${q}`)).json().items.map((x: { id: string }) => x.id);
  assert.deepEqual(await ids('court.clerk'), [w.id]);
  assert.deepEqual(await ids('court.clerk', `?subject=${CO}`), [w.id]);
  assert.deepEqual(await ids('sjz.operator'), [w.id]);
  assert.deepEqual(await ids('bd.operator'), []);
  assert.deepEqual(await ids('bd.court.clerk'), []);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/lists/credit-warnings' })).statusCode, 401);
  const publicEntries = (await t.app.inject({ method: 'GET', url: `/api/v1/public/lists/dishonest-debtor/entries?q=${CO}` })).json();
  assert.equal(publicEntries.total, 0, 'a warning is never published');

  // lift: only the department that recorded it, with a reason
  const other = await as('bd.court.clerk', 'POST', `/api/v1/lists/credit-warnings/${w.id}/lift`, { reason: '已履行' });
  assert.equal(other.statusCode, 404);
  assert.equal(other.json().error.code, 'CREDIT_WARNING_NOT_FOUND');
  const noReason = await as('court.clerk', 'POST', `/api/v1/lists/credit-warnings/${w.id}/lift`, { reason: '' });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().error.code, 'CREDIT_WARNING_LIFT_REASON_REQUIRED');
  assert.equal(await audits(), 1);

  const lifted = await as('court.clerk', 'POST', `/api/v1/lists/credit-warnings/${w.id}/lift`, { reason: '被执行人已主动履行' });
  assert.equal(lifted.statusCode, 200, lifted.body);
  assert.equal(lifted.json().state, 'lifted');
  assert.deepEqual(lifted.json().lifted, { on: '2026-11-20', reason: '被执行人已主动履行' });
  const twice = await as('court.clerk', 'POST', `/api/v1/lists/credit-warnings/${w.id}/lift`, { reason: '再次解除' });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'CREDIT_WARNING_NOT_OPEN');

  const trail = await t.p.db.query<{ action: string; actor: string }>(`SELECT action, actor FROM audit_event WHERE action LIKE 'list.credit-warning%' ORDER BY id`);
  assert.deepEqual(trail.map((a) => a.action), ['list.credit-warning', 'list.credit-warning-lift']);
  assert.ok(trail.every((a) => a.actor === 'staff:court.clerk'), JSON.stringify(trail));
});
