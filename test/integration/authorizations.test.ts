// Subject authorizations (授权): a person grants a bank an authorization (scope, purpose,
// validity) after the identity check; the bank's full-edition report on the person is allowed
// and audited with the authorization; expired (to the day), revoked, wrong-scope and
// other-requester authorizations are refused, and so is a bank without one. Departments that are
// not agencies or banks need none.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const PERSON = idNumber('13010219900101234');
const PERSON_NAME = '李某某';
const OTHER = idNumber('13010219910303456');
const OTHER_NAME = '张某某';

let t: TestPlatform;
let market: Department;
let bank: Department;
let bank2: Department;
let bankClient: string;
let bank2Client: string;
let marketClient: string;
const codes: OtpMessage[] = [];

const verify = (code: string, name: string) => verifyByContactOnFile(t.app, t.p, codes, code, name, { purpose: 'authorization' });

const asSubject = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { 'x-xy-subject-token': token }, ...(payload ? { payload } : {}) });

const fullReport = (credential: string, extra: Record<string, string> = {}) =>
  signedInject(t.app, credential, { url: '/api/v1/reports', json: { subject: PERSON, edition: 'full', purpose: '个人住房贷款审批', matterRef: '贷2026-001', ...extra }, now: t.p.now() });

async function reads(): Promise<{ actor: string; why: string | null; detail: Record<string, unknown> }[]> {
  return t.p.db.query(`SELECT actor, why, detail FROM audit_event WHERE action = 'personal-data.read' AND target LIKE 'subject:%' AND detail::text LIKE '%credit-report:full%' ORDER BY id`);
}

function refused(r: { statusCode: number; json(): { error: { code: string; zh: string; en: string } } }, code: string): void {
  assert.equal(r.statusCode, 403);
  const e = r.json().error;
  assert.equal(e.code, code);
  assert.ok(e.zh.length > 0 && e.en.length > 0, 'bilingual');
}

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { otp: { name: 'test', deliver: async (m) => void codes.push(m) }, notifier: { name: 'test', deliver: async () => {} } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bank = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130100MA0BANK01'), name: '河北测试银行石家庄分行', regionCode: '130100', kinds: ['financial-institution'] });
  bank2 = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130100MA0BANK02'), name: '测试征信有限公司', regionCode: '130100', kinds: ['credit-agency'] });
  bankClient = await addTestClient(t.p, bank, ['query-personal']);
  bank2Client = await addTestClient(t.p, bank2, ['query-personal']);
  marketClient = await addTestClient(t.p, market, ['query-personal']);
  const person = (id: string, name: string, ref: string) =>
    penaltyRow({ CF_XDR_MC: name, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: id, CF_WSH: ref, CF_FRDB: '', SEVERITY: '一般' });
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [person(PERSON, PERSON_NAME, '石市监罚〔2026〕801号'), person(OTHER, OTHER_NAME, '石市监罚〔2026〕802号')]);
  assert.equal(r.counts.created, 2, JSON.stringify(r.results));
});
after(() => t.close());

describe('subject authorizations', () => {
  let token: string;
  let granted: { id: string; status: string; validUntil: string; requester: { uscc: string } };

  test('a bank without the subject’s authorization is refused, and nothing is read', async () => {
    const before = (await reads()).length;
    refused(await fullReport(bankClient), 'AUTHORIZATION_REQUIRED');
    assert.equal((await reads()).length, before);
  });

  test('a department that is not an agency or bank needs none', async () => {
    const r = await fullReport(marketClient);
    assert.equal(r.statusCode, 200, r.body);
  });

  test('granting needs the identity check and a well-formed grant', async () => {
    const body = { requester: bank.uscc, scope: 'full-report', purpose: '个人住房贷款审批', validUntil: '2026-11-30' };
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/public/me/authorizations', payload: body })).statusCode, 401);
    token = await verify(PERSON, PERSON_NAME);
    const tooLong = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { ...body, validUntil: '2027-11-21' });
    assert.equal(tooLong.statusCode, 400, tooLong.body);
    assert.equal(tooLong.json().error.code, 'AUTHORIZATION_TOO_LONG');
    const past = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { ...body, validFrom: '2026-11-19' });
    assert.equal(past.json().error.code, 'AUTHORIZATION_DATES_INVALID');
    const nobody = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { ...body, requester: uscc('91130100MA0NBD999') });
    assert.equal(nobody.statusCode, 404);
  });

  test('the subject grants one: listed as valid, audited', async () => {
    const r = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { requester: bank.uscc, scope: 'full-report', purpose: '个人住房贷款审批', validUntil: '2026-11-30' });
    assert.equal(r.statusCode, 200, r.body);
    granted = r.json();
    assert.deepEqual([granted.status, granted.validUntil, granted.requester.uscc], ['valid', '2026-11-30', bank.uscc]);
    const list = await asSubject(token, 'GET', '/api/v1/public/me/authorizations');
    assert.deepEqual(list.json().items.map((a: { id: string }) => a.id), [granted.id]);
    const ev = await t.p.db.one<{ actor: string }>(`SELECT actor FROM audit_event WHERE action = 'authorization.grant' AND target = $1`, [`subject-authorization:${granted.id}`]);
    assert.ok(ev?.actor.startsWith('subject:'));
  });

  test('granted → the bank is allowed (found by subject and requester, or named), and each read is audited with the authorization and its purpose', async () => {
    const before = (await reads()).length;
    const found = await fullReport(bankClient);
    assert.equal(found.statusCode, 200, found.body);
    const named = await fullReport(bankClient, { authorization: granted.id });
    assert.equal(named.statusCode, 200, named.body);
    const after = (await reads()).slice(before);
    assert.equal(after.length, 2);
    for (const e of after) {
      assert.equal(e.detail.authorization, granted.id);
      assert.equal(e.detail.authorizationPurpose, '个人住房贷款审批');
      assert.match(e.why!, new RegExp(granted.id));
      assert.match(e.why!, /个人住房贷款审批（事项编号 贷2026-001）/);
    }
  });

  test('the subject’s access log shows the use with the authorization id and purpose', async () => {
    const log = await asSubject(token, 'GET', '/api/v1/public/me/access-log');
    assert.equal(log.statusCode, 200, log.body);
    const uses = log.json().entries.filter((e: { purpose: string | null }) => e.purpose?.includes(granted.id));
    assert.equal(uses.length, 2);
    assert.match(uses[0].purpose, /授权用途：个人住房贷款审批/);
  });

  test('another requester can use neither this authorization nor none', async () => {
    refused(await fullReport(bank2Client, { authorization: granted.id }), 'AUTHORIZATION_NOT_YOURS');
    refused(await fullReport(bank2Client), 'AUTHORIZATION_REQUIRED');
  });

  test('another subject’s report cannot rest on it', async () => {
    const r = await signedInject(t.app, bankClient, { url: '/api/v1/reports', json: { subject: OTHER, edition: 'full', purpose: '贷款审批', matterRef: '贷2026-001', authorization: granted.id }, now: t.p.now() });
    assert.equal(r.statusCode, 403, r.body);
    refused(r, 'AUTHORIZATION_NOT_YOURS');
  });

  test('wrong scope → refused', async () => {
    const r = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { requester: bank2.uscc, scope: 'credit-file', purpose: '贷后管理' });
    assert.equal(r.statusCode, 200, r.body);
    refused(await fullReport(bank2Client, { authorization: r.json().id }), 'AUTHORIZATION_SCOPE');
    refused(await fullReport(bank2Client), 'AUTHORIZATION_REQUIRED');
  });

  test('expired, to the day: valid on its last day, refused the day after', async () => {
    t.setToday('2026-11-30');
    assert.equal((await fullReport(bankClient, { authorization: granted.id })).statusCode, 200);
    t.setToday('2026-12-01');
    refused(await fullReport(bankClient, { authorization: granted.id }), 'AUTHORIZATION_EXPIRED');
    refused(await fullReport(bankClient), 'AUTHORIZATION_REQUIRED');
    t.setToday('2026-11-20');
  });

  test('not yet valid before its first day', async () => {
    const r = await asSubject(token, 'POST', '/api/v1/public/me/authorizations', { requester: bank2.uscc, scope: 'full-report', purpose: '信用卡审批', validFrom: '2026-11-25', validUntil: '2026-12-25' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'not-yet-valid');
    refused(await fullReport(bank2Client, { authorization: r.json().id }), 'AUTHORIZATION_NOT_YET_VALID');
  });

  test('revoked → refused; only the subject revokes, once', async () => {
    const other = await verify(OTHER, OTHER_NAME);
    assert.equal((await asSubject(other, 'POST', `/api/v1/public/me/authorizations/${granted.id}/revoke`)).statusCode, 404);
    const r = await asSubject(token, 'POST', `/api/v1/public/me/authorizations/${granted.id}/revoke`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'revoked');
    assert.ok(r.json().revokedAt);
    refused(await fullReport(bankClient, { authorization: granted.id }), 'AUTHORIZATION_REVOKED');
    refused(await fullReport(bankClient), 'AUTHORIZATION_REQUIRED');
    assert.equal((await asSubject(token, 'POST', `/api/v1/public/me/authorizations/${granted.id}/revoke`)).statusCode, 409);
    const ev = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'authorization.revoke' AND target = $1`, [`subject-authorization:${granted.id}`]);
    assert.equal(ev?.n, 1);
  });
});
