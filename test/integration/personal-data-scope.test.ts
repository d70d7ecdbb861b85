// Personal data in scope (issue 17, "Full files for any staff, province-wide, for any purpose" and
// "Authorization bypass for banks and agencies"): a person's non-public data is read only in the
// requester's region and responsibilities (rules/personal-data.json), with a matter reference and
// a purpose of the documented form, by staff only after a second factor, by banks and agencies
// only on the subject's authorization — for full reports, credit checks and stored checks alike —
// and the subject's access log names the department and role, never a sign-in name or key id.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { insertAuthorization } from '../../src/modules/authorizations/authorizations.store.ts';
import { findSubjectByCode, type Subject } from '../../src/modules/subjects/subjects.store.ts';
import { accessLog } from '../../src/modules/rights/own-file.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { staffSession, type StaffPlace } from '../helpers/staff.ts';

// a person of 石家庄 (address code 130102) with one non-public penalty (persons' penalties are not published)
const PERSON = idNumber('13010219850505123');
const PERSON_NAME = '王某某';
const REF = '石市监罚〔2026〕901号';
const MATTER = '石审批〔2026〕118号';
const PURPOSE = '行政许可审查';

let t: TestPlatform;
let sjzMarket: Department;
let bdMarket: Department;
let bank: Department;
let civ: Department;
let subject: Subject;
const clients: Record<string, string> = {};
const sessions: Record<string, string> = {};

async function staff(name: string, role: Role, where: StaffPlace, secondFactor: boolean): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, where, secondFactor);
}

const asStaff = (name: string, json: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' }, payload: json });
const asClient = (name: string, url: string, json?: object) => signedInject(t.app, clients[name]!, { url, ...(json ? { json } : { method: 'GET' }), now: t.p.now() });
const full = (extra: Record<string, unknown> = {}) => ({ subject: PERSON, edition: 'full', purpose: PURPOSE, matterRef: MATTER, ...extra });

async function reads(): Promise<{ actor: string; why: string | null; detail: Record<string, unknown> }[]> {
  return t.p.db.query(`SELECT actor, why, detail FROM audit_event WHERE action = 'personal-data.read' AND target = $1 ORDER BY id`, [`subject:${subject.publicId}`]);
}

function refused(r: { statusCode: number; body: string; json(): { error: { code: string; zh: string; en: string } } }, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  const e = r.json().error;
  assert.equal(e.code, code);
  assert.ok(e.zh.length > 0 && e.en.length > 0, 'bilingual');
}

before(async () => {
  t = await createTestPlatform('2026-11-20');
  sjzMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bdMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  bank = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130100MA0BANK07'), name: '河北测试银行石家庄分行', regionCode: '130100', kinds: ['financial-institution'] });
  civ = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000009'), name: '石家庄市文明办', regionCode: '130100', kinds: ['civilization-office'] });
  clients.sjz = await addTestClient(t.p, sjzMarket, ['query-personal', 'check']);
  clients.bd = await addTestClient(t.p, bdMarket, ['query-personal', 'check']);
  clients.bank = await addTestClient(t.p, bank, ['query-personal', 'check']);
  clients.civ = await addTestClient(t.p, civ, ['query-personal']);
  const row = penaltyRow({ CF_XDR_MC: PERSON_NAME, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: REF, CF_FRDB: '', SEVERITY: '一般' });
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [row]);
  assert.equal(r.counts.created, 1, JSON.stringify(r.results));
  subject = (await findSubjectByCode(t.p.db, PERSON, t.p.crypto))!;
  await staff('bdclerk', 'department_clerk', { dep: bdMarket }, true);
  await staff('sjzclerk', 'department_clerk', { dep: sjzMarket }, true);
  await staff('sjznofactor', 'department_clerk', { dep: sjzMarket }, false);
  await staff('provadmin', 'platform_admin', { region: '130000' }, true);
  await staff('provop', 'operator', { region: '130000' }, true);
  await staff('bdop', 'operator', { region: '130600' }, true);
});
after(() => t.close());

describe('full reports of a person: region, responsibilities, matter, purpose, second factor', () => {
  test('a 保定 clerk and a 保定 system are refused a 石家庄 person’s full report; nothing is read', async () => {
    const before = (await reads()).length;
    refused(await asStaff('bdclerk', full()), 403, 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await asClient('bd', '/api/v1/reports', full()), 403, 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await asStaff('bdop', full()), 403, 'PERSONAL_DATA_OUT_OF_REGION');
    assert.equal((await reads()).length, before);
  });

  test('purposes "x" and "." and a missing or malformed matter reference are refused as bad input', async () => {
    refused(await asStaff('sjzclerk', full({ purpose: 'x' })), 400, 'PURPOSE_INVALID');
    refused(await asClient('sjz', '/api/v1/reports', full({ purpose: '.' })), 400, 'PURPOSE_INVALID');
    refused(await asClient('sjz', '/api/v1/reports', full({ purpose: '……！！' })), 400, 'PURPOSE_INVALID');
    refused(await asClient('sjz', '/api/v1/reports', full({ matterRef: undefined })), 400, 'MATTER_REF_REQUIRED');
    refused(await asClient('sjz', '/api/v1/reports', full({ matterRef: '---' })), 400, 'MATTER_REF_INVALID');
  });

  test('staff without a second factor are refused', async () => {
    refused(await asStaff('sjznofactor', full()), 403, 'SECOND_FACTOR_REQUIRED');
  });

  test('a department kind that may not read full reports, and roles that read nothing, are refused', async () => {
    refused(await asClient('civ', '/api/v1/reports', full()), 403, 'PERSONAL_DATA_FORBIDDEN');
    refused(await asStaff('provadmin', full()), 403, 'PERSONAL_DATA_FORBIDDEN');
  });

  test('in region, in responsibilities, with matter and purpose: issued, and audited with the matter reference', async () => {
    const before = (await reads()).length;
    const a = await asStaff('sjzclerk', full());
    assert.equal(a.statusCode, 200, a.body);
    const b = await asClient('sjz', '/api/v1/reports', full());
    assert.equal(b.statusCode, 200, b.body);
    const c = await asStaff('provop', full()); // province level reads province-wide
    assert.equal(c.statusCode, 200, c.body);
    const after = (await reads()).slice(before);
    assert.equal(after.length, 3);
    for (const e of after) {
      assert.equal(e.detail.matterRef, MATTER);
      assert.match(e.why!, new RegExp(`${PURPOSE}.*${MATTER.replace(/[〔〕]/g, '.')}`));
    }
  });

  test('an organization’s full report needs none of this (not personal data)', async () => {
    const org = uscc('91130100MA0PD0001');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [penaltyRow({ CF_XDR_MC: '石家庄范围测试有限公司', CF_XDR_SHXYM: org, CF_WSH: '石市监罚〔2026〕902号' })]);
    const r = await asClient('bd', '/api/v1/reports', { subject: org, edition: 'full', purpose: '行政许可审查' });
    assert.equal(r.statusCode, 200, r.body);
  });
});

describe('credit checks of a person: the same rule for the non-public records behind the answer', () => {
  let sjzCheck: string;
  let bankCheck: string;

  test('a bank without the subject’s authorization gets the check without the non-public records', async () => {
    const r = await asClient('bank', '/api/v1/credit-checks', { subject: PERSON, scenario: 'financing', matterRef: '贷2026-001' });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    bankCheck = a.checkId;
    assert.equal(a.eligibility.greenChannel, false);
    assert.deepEqual(a.eligibility.badRecords, []);
    assert.equal(a.eligibility.withheldRecords, 1);
    assert.ok(!r.body.includes(REF), 'the penalty’s number is not in the answer');
    const ev = await t.p.db.one<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = $1`, [bankCheck]);
    assert.deepEqual([ev!.detail.nonPublicRecords, ev!.detail.withheld], [1, true]);
  });

  test('…and with a valid authorization of the subject it gets them', async () => {
    await insertAuthorization(t.p.db, { subjectId: subject.id, requesterDepartmentId: bank.id, scope: 'credit-file', purpose: '个人经营贷款审批', validFrom: '2026-11-20', validUntil: '2026-12-31', grantedAt: t.p.now(), sessionId: null as unknown as number }); // granted outside a portal session: the grant flow is authorizations.test.ts's
    const r = await asClient('bank', '/api/v1/credit-checks', { subject: PERSON, scenario: 'financing', matterRef: '贷2026-002' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().eligibility.badRecords.map((b: { ref: string }) => b.ref), [REF]);
  });

  test('a department of the region, with a matter reference: the records are shown', async () => {
    const r = await asClient('sjz', '/api/v1/credit-checks', { subject: PERSON, scenario: 'license_approval', matterRef: MATTER });
    assert.equal(r.statusCode, 200, r.body);
    sjzCheck = r.json().checkId;
    assert.deepEqual(r.json().eligibility.badRecords.map((b: { ref: string }) => b.ref), [REF]);
  });

  test('without a matter reference, or from another region, they are withheld', async () => {
    const none = await asClient('sjz', '/api/v1/credit-checks', { subject: PERSON, scenario: 'license_approval' });
    assert.equal(none.json().eligibility.withheldRecords, 1, none.body);
    const bd = await asClient('bd', '/api/v1/credit-checks', { subject: PERSON, scenario: 'license_approval', matterRef: '保审批〔2026〕7号' });
    assert.equal(bd.json().eligibility.withheldRecords, 1, bd.body);
    assert.ok(!bd.body.includes(REF));
  });

  test('reading a stored check that shows the non-public records writes personal-data.read; one that withheld them does not', async () => {
    const before = (await reads()).length;
    const r = await asClient('sjz', `/api/v1/credit-checks/${sjzCheck}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().answer.eligibility.badRecords.map((b: { ref: string }) => b.ref), [REF]);
    const added = (await reads()).slice(before);
    assert.equal(added.length, 1);
    assert.equal(added[0]!.detail.checkId, sjzCheck);
    assert.deepEqual(added[0]!.detail.what, ['credit-check']);
    const bankRead = await asClient('bank', `/api/v1/credit-checks/${bankCheck}`);
    assert.equal(bankRead.statusCode, 200, bankRead.body);
    assert.deepEqual(bankRead.json().answer.eligibility.badRecords, []);
    assert.equal((await reads()).length, before + 1);
  });
});

describe('the subject’s access log', () => {
  test('shows the department and the role, never a sign-in name or key id', async () => {
    const log = await accessLog(t.p, subject, { id: `subject:test`, kind: 'public' });
    const reads = log.entries.filter((e) => e.kind === 'data-read' && !e.self);
    assert.ok(reads.length >= 4, JSON.stringify(log.entries));
    const text = JSON.stringify(log.entries);
    for (const secret of ['sjzclerk', 'provop', 'staff:', 'api-client:', 'xk_']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
    assert.ok(reads.some((e) => e.by.includes('石家庄市市场监督管理局') && e.by.includes('部门业务员')), text);
    assert.ok(reads.some((e) => e.by.includes('运营人员')), text);
    assert.ok(reads.some((e) => e.organization === '石家庄市市场监督管理局' && e.by.includes('业务系统')), text);
  });
});
