// A subject's authorization opens its file to an out-of-region bank (the issue-17 re-test's
// "bank with subject's authorization refused out of region"; decision 0053). A 石家庄 person
// applying for a loan at a 保定 bank authorizes the bank: from 2026-12-07 (rules/personal-data.json
// authorizationOpensRegion) the bank reads the whole file — full report, staff credit file, a
// check's details and the stored check — audited with the authorization, shown in the person's
// access log; on 2026-12-06, without an authorization, with an expired or revoked one, it is
// refused as before; a department of a kind that reads without authorization (market regulation)
// out of region is unchanged.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { insertAuthorization, revokeAuthorization } from '../../src/modules/authorizations/authorizations.store.ts';
import { findSubjectByCode, type Subject } from '../../src/modules/subjects/subjects.store.ts';
import { accessLog } from '../../src/modules/rights/own-file.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { staffSession } from '../helpers/staff.ts';
import { openSessionFor } from '../../src/modules/access/staff.service.ts';

// a 石家庄 person (address code 130102) with a non-public penalty of 石家庄's market regulator
const PERSON = idNumber('13010219850505123');
const PENALTY = '石市监罚〔2026〕9911号';
const PURPOSE = '个人住房贷款审批';
const MATTER = '贷2026-0701';

let t: TestPlatform;
let sjzMarket: Department;
let bdBank: Department;
let bdBank2: Department;
let bdMarket: Department;
let subject: Subject;
let grant: string;
let clerkId: number;
const clients: Record<string, string> = {};

const asClient = (name: string, url: string, json?: object) => signedInject(t.app, clients[name]!, { url, ...(json ? { json } : { method: 'GET' }), now: t.p.now() });
const fullReport = (name: string, extra: Record<string, string> = {}) => asClient(name, '/api/v1/reports', { subject: PERSON, edition: 'full', purpose: PURPOSE, matterRef: MATTER, ...extra });
const check = (name: string) => asClient(name, '/api/v1/credit-checks', { subject: PERSON, scenario: 'financing', matterRef: MATTER });
// a session opened on the day of the read (moving the clock ends the one before)
const staffFile = async () =>
  t.app.inject({ method: 'POST', url: '/api/v1/inquiry/credit-file', cookies: { xy_session: await openSessionFor(t.p, clerkId) }, headers: { 'x-requested-with': 'xinyong' }, payload: { subject: PERSON, purpose: PURPOSE, matterRef: MATTER } });
const authorize = (dep: Department, scope: 'full-report' | 'credit-file', validUntil = '2026-12-31') =>
  // granted outside a portal session: the grant flow is authorizations.test.ts's
  insertAuthorization(t.p.db, { subjectId: subject.id, requesterDepartmentId: dep.id, scope, purpose: PURPOSE, validFrom: '2026-12-06', validUntil, grantedAt: t.p.now(), sessionId: null as unknown as number });

function refused(r: { statusCode: number; body: string; json(): { error: { code: string; zh: string; en: string } } }, code: string): void {
  assert.equal(r.statusCode, 403, r.body);
  const e = r.json().error;
  assert.equal(e.code, code);
  assert.ok(e.zh.length > 0 && e.en.length > 0, 'bilingual');
}

async function lastRead(actorLike: string): Promise<{ why: string; detail: Record<string, unknown> }> {
  const r = await t.p.db.one<{ why: string; detail: Record<string, unknown> }>(
    `SELECT why, detail FROM audit_event WHERE action = 'personal-data.read' AND target = $1 AND actor LIKE $2 ORDER BY id DESC LIMIT 1`,
    [`subject:${subject.publicId}`, actorLike],
  );
  assert.ok(r, `a personal-data.read by ${actorLike}`);
  return r;
}

before(async () => {
  t = await createTestPlatform('2026-12-06');
  sjzMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bdBank = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130600MA0BANK11'), name: '河北测试银行保定分行', regionCode: '130600', kinds: ['bank'] });
  bdBank2 = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130600MA0BANK12'), name: '保定测试农商银行', regionCode: '130600', kinds: ['bank'] });
  bdMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  clients.bank = await addTestClient(t.p, bdBank, ['query-personal', 'check']);
  clients.bank2 = await addTestClient(t.p, bdBank2, ['query-personal', 'check']);
  clients.market = await addTestClient(t.p, bdMarket, ['query-personal', 'check']);
  const penalty = penaltyRow({ CF_XDR_MC: '王测试', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: PENALTY, CF_FRDB: '', SEVERITY: '一般' });
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [penalty]);
  assert.equal(r.counts.created, 1, JSON.stringify(r.results));
  subject = (await findSubjectByCode(t.p.db, PERSON, t.p.crypto))!;
  await staffSession(t.p, 'bdbankclerk', 'department_clerk', { dep: bdBank });
  clerkId = (await t.p.db.one<{ id: number }>(`SELECT id FROM staff_user WHERE username = 'bdbankclerk'`))!.id;
  grant = await authorize(bdBank, 'full-report');
  await authorize(bdBank, 'credit-file');
});
after(() => t.close());

describe('2026-12-06: the region rule first, as before', () => {
  test('the 保定 bank with the person’s authorization is refused the full report and the staff file, and the check withholds the penalty', async () => {
    t.setToday('2026-12-06');
    refused(await fullReport('bank'), 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await fullReport('bank', { authorization: grant }), 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await staffFile(), 'PERSONAL_DATA_OUT_OF_REGION');
    const c = await check('bank');
    assert.equal(c.statusCode, 200, c.body);
    assert.deepEqual(c.json().eligibility.badRecords, []);
    assert.equal(c.json().eligibility.withheldRecords, 1);
    assert.ok(!c.body.includes(PENALTY));
  });
});

describe('from 2026-12-07: the authorization opens the whole file', () => {
  let checkId: string;

  test('the full report holds the penalty, scope whole, audited with the authorization; the access log shows it', async () => {
    t.setToday('2026-12-07');
    const r = await fullReport('bank');
    assert.equal(r.statusCode, 200, r.body);
    const { number, code } = r.json();
    const json = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${number}?code=${code}` });
    assert.equal(json.statusCode, 200, json.body);
    const content = json.json().content;
    assert.deepEqual(content.data.records.map((x: { ref: string }) => x.ref), [PENALTY]);
    assert.equal(content.scope, undefined);
    const read = await lastRead('api-client:%');
    assert.equal(read.detail.authorization, grant);
    assert.deepEqual([read.detail.scope, read.detail.shownRecords, read.detail.withheldRecords], ['whole', 1, 0]);
    assert.match(read.why, new RegExp(`依据主体授权 ${grant}`));
    const log = await accessLog(t.p, subject, { id: 'subject:test', kind: 'public' });
    assert.ok(log.entries.some((e) => e.kind === 'data-read' && e.organization === '河北测试银行保定分行' && e.purpose?.includes(grant)), JSON.stringify(log.entries));
  });

  test('named, the same authorization opens it too', async () => {
    const r = await fullReport('bank', { authorization: grant });
    assert.equal(r.statusCode, 200, r.body);
  });

  test('a check’s details: the penalty shown, in the answer and in the stored check (audited with the authorization)', async () => {
    const c = await check('bank');
    assert.equal(c.statusCode, 200, c.body);
    checkId = c.json().checkId;
    assert.deepEqual(c.json().eligibility.badRecords.map((b: { ref: string }) => b.ref), [PENALTY]);
    const run = await t.p.db.one<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = $1`, [checkId]);
    assert.deepEqual([run!.detail.scope, run!.detail.withheldRecords], ['whole', 0]);
    assert.ok(typeof run!.detail.authorization === 'string', JSON.stringify(run!.detail));
    const stored = await asClient('bank', `/api/v1/credit-checks/${checkId}`);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.deepEqual(stored.json().answer.eligibility.badRecords.map((b: { ref: string }) => b.ref), [PENALTY]);
    const read = await lastRead('api-client:%');
    assert.equal(read.detail.checkId, checkId);
    assert.equal(read.detail.scope, 'whole');
    assert.ok(typeof read.detail.authorization === 'string', JSON.stringify(read.detail));
  });

  // decision 0053 left it out: the stored check row did not keep the authorization, so the
  // person's access log (built from the stored checks) did not say what opened the file
  test('the check keeps the authorization: the access log and the stored check name it, as a full report’s read does', async () => {
    const run = await t.p.db.one<{ detail: Record<string, unknown>; why: string }>(`SELECT detail, why FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = $1`, [checkId]);
    const used = String(run!.detail.authorization);
    const log = await accessLog(t.p, subject, { id: 'subject:test', kind: 'public' });
    const entry = log.entries.find((e) => e.kind === 'credit-check' && e.ref === checkId);
    assert.ok(entry, JSON.stringify(log.entries));
    assert.equal(entry.organization, '河北测试银行保定分行');
    assert.equal(entry.purpose, `信用核查 融资信贷 ${MATTER}（依据主体授权 ${used}，授权用途：${PURPOSE}）`);
    // the check of 2026-12-06 withheld the penalty: it rested on no authorization and says none
    const earlier = log.entries.filter((e) => e.kind === 'credit-check' && e.ref !== checkId);
    assert.ok(earlier.length >= 1);
    for (const e of earlier) assert.ok(!e.purpose?.includes('依据主体授权'), e.purpose ?? '');
    assert.equal((await asClient('bank', `/api/v1/credit-checks/${earlier[0]!.ref}`)).json().authorization, null);
    // the stored check, as its department reads it (the work portal's check page): the authorization and its purpose
    const stored = await asClient('bank', `/api/v1/credit-checks/${checkId}`);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.deepEqual(stored.json().authorization, { id: used, purpose: PURPOSE });
    // kept as columns of the check (migration 0045), not only in the audit trail
    const row = await t.p.db.one<{ authorization_id: string; authorization_purpose: string }>(`SELECT authorization_id, authorization_purpose FROM credit_check WHERE id = $1`, [checkId]);
    assert.deepEqual([row!.authorization_id, row!.authorization_purpose], [used, PURPOSE]);
    // and the check's own audit event names its purpose too, as the report's read does
    assert.equal(run!.detail.authorizationPurpose, PURPOSE);
    assert.match(run!.why, new RegExp(`依据主体授权 ${used}，授权用途：${PURPOSE}`));
  });

  test('the bank clerk’s staff credit file: whole, with the authorization in the answer, the event and its reason', async () => {
    const r = await staffFile();
    assert.equal(r.statusCode, 200, r.body);
    const f = r.json();
    assert.equal(f.scope.kind, 'whole');
    assert.deepEqual([...f.records, ...f.listEntries].map((x: { ref: string }) => x.ref), [PENALTY]);
    assert.ok(f.authorization?.id, r.body);
    const read = await lastRead('staff:bdbankclerk');
    assert.equal(read.detail.authorization, f.authorization.id);
    assert.equal(read.detail.scope, 'whole');
    assert.match(read.why, new RegExp(`依据主体授权 ${f.authorization.id}`));
  });

  test('a bank without the person’s authorization: refused as before, the check withholds', async () => {
    refused(await fullReport('bank2'), 'PERSONAL_DATA_OUT_OF_REGION');
    // another bank's authorization opens nothing
    refused(await fullReport('bank2', { authorization: grant }), 'PERSONAL_DATA_OUT_OF_REGION');
    const c = await check('bank2');
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().eligibility.withheldRecords, 1);
    assert.ok(!c.body.includes(PENALTY));
  });

  test('a wrong-scope authorization does not open a full report (credit-file only)', async () => {
    await authorize(bdBank2, 'credit-file');
    refused(await fullReport('bank2'), 'PERSONAL_DATA_OUT_OF_REGION');
    // …but it covers a check's details
    const c = await check('bank2');
    assert.deepEqual(c.json().eligibility.badRecords.map((b: { ref: string }) => b.ref), [PENALTY]);
  });

  test('a market regulator of 保定 (reads without authorization) out of region: unchanged', async () => {
    refused(await fullReport('market'), 'PERSONAL_DATA_OUT_OF_REGION');
    const c = await check('market');
    assert.equal(c.json().eligibility.withheldRecords, 1);
  });

  test('expired (the day after validUntil): refused as before', async () => {
    t.setToday('2027-01-01');
    refused(await fullReport('bank'), 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await staffFile(), 'PERSONAL_DATA_OUT_OF_REGION');
    const c = await check('bank');
    assert.equal(c.json().eligibility.withheldRecords, 1);
    // the stored check of 2026-12-07, read now: the penalty withheld, and the authorization with it
    const stored = await asClient('bank', `/api/v1/credit-checks/${checkId}`);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.equal(stored.json().answer.eligibility.withheldRecords, 1);
    assert.equal(stored.json().authorization, null);
    t.setToday('2026-12-07');
  });

  test('revoked: refused as before', async () => {
    assert.ok(await revokeAuthorization(t.p.db, grant, t.p.now()));
    refused(await fullReport('bank', { authorization: grant }), 'PERSONAL_DATA_OUT_OF_REGION');
    refused(await fullReport('bank'), 'PERSONAL_DATA_OUT_OF_REGION');
    // the credit-file grant still stands: the check's details and the staff file stay open
    assert.equal((await staffFile()).statusCode, 200);
  });
});
