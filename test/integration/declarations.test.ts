// 主动申报 (issue 13): a company signed in through the subject identity flow declares an honour and
// a qualification; they show on its public page marked 自主申报 with the declaration date, apart
// from department records (the public record search does not list them); bad input and persons are
// refused; a department flags one false: it leaves the public page and a false-declaration record
// (一般, a bad record) is filed in the department's name, which the next credit check sees.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { penaltyRow } from '../helpers/rows.ts';

const CO = uscc('91130100MA0DE0001');
const CO_NAME = '石家庄申报测试建设有限公司';
const PERSON = idNumber('13010219900101124');

let t: TestPlatform;
let market: Department;
let housing: Department;
let housingClient: string;
let token = '';
const codes: OtpMessage[] = [];

const declare = (json: unknown, tok = token) => t.app.inject({ method: 'POST', url: '/api/v1/public/declarations', headers: { 'x-xy-subject-token': tok }, payload: json as object });
const publicPage = async () => {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${CO}/declarations` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items as { number: string; source: string; declaredOn: string; title: string; status: string }[];
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { notifier: { name: 'test', deliver: async () => undefined }, otp: { name: 'test', deliver: async (m) => void codes.push(m) } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000071'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  housing = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000072'), name: '石家庄市住房和城乡建设局', regionCode: '130100', kinds: ['housing-construction'] });
  housingClient = await addTestClient(t.p, housing, ['check']);
  // on file through a light penalty (not a bad record)
  await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: CO_NAME, CF_XDR_SHXYM: CO, CF_WSH: '石市监罚〔2026〕701号', SEVERITY: '轻微' })]);
  token = await verifyByContactOnFile(t.app, t.p, codes, CO, CO_NAME);
});
after(() => t.close());

describe('主动申报: declare → public, marked 自主申报 → flagged false → record', () => {
  let honourId = '';
  let honourNumber = '';

  test('without a subject token, and with bad input, nothing is stored', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/public/declarations', payload: { kind: 'honour', title: 'x', content: 'y' } });
    assert.equal(none.statusCode, 401, none.body);
    assert.equal(none.json().error.code, 'SUBJECT_TOKEN_REQUIRED');
    const kind = await declare({ kind: 'award', title: 'x', content: 'y' });
    assert.equal(kind.statusCode, 400);
    assert.equal(kind.json().error.code, 'DECLARATION_KIND_UNKNOWN');
    const expired = await declare({ kind: 'qualification', title: '资质', content: '二级', validUntil: '2026-11-19' });
    assert.equal(expired.json().error.code, 'DECLARATION_EXPIRED');
    assert.match(expired.json().error.zh, /有效期至 2026-11-19 已过/);
    const empty = await declare({ kind: 'honour', title: ' ', content: 'y' });
    assert.equal(empty.json().error.code, 'DECLARATION_TITLE_MISSING');
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM declaration'))!.n, 0);
  });

  test('the company declares an honour and a qualification; both show marked 自主申报 with the date', async () => {
    const h = await declare({ kind: 'honour', title: '河北省守合同重信用企业', content: '2025年度', issuer: '河北省市场监督管理局' });
    assert.equal(h.statusCode, 200, h.body);
    ({ declarationId: honourId, number: honourNumber } = h.json());
    assert.equal(h.json().source, '自主申报');
    assert.equal(h.json().declaredOn, '2026-11-20');
    const q = await declare({ kind: 'qualification', title: '建筑业企业资质证书', content: '施工总承包二级', validUntil: '2030-12-31' });
    assert.equal(q.statusCode, 200, q.body);
    const page = await publicPage();
    assert.equal(page.length, 2);
    assert.ok(page.every((d) => d.source === '自主申报' && d.declaredOn === '2026-11-20'));
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/public/declarations', headers: { 'x-xy-subject-token': token } });
    assert.equal(own.json().items.length, 2);
  });

  test('never mixed with department records: the record tables hold nothing of them', async () => {
    const recs = await t.p.db.query<{ category: string }>(`SELECT DISTINCT r.category FROM record r JOIN subject s ON s.id = r.subject_id WHERE s.uscc = $1`, [CO]);
    assert.deepEqual(recs.map((r) => r.category), ['penalty']);
  });

  test('a department flags the honour false: off the public page, a false-declaration record, a bad record in the next check', async () => {
    const before = await signedInject(t.app, housingClient, { url: '/api/v1/credit-checks', json: { subject: CO, scenario: 'license_approval', matterRef: 'JS-1' }, now: t.p.now() });
    assert.equal(before.json().eligibility.greenChannel, true, before.body);
    const noReason = await signedInject(t.app, housingClient, { url: `/api/v1/declarations/${honourId}/false`, json: { reason: ' ' }, now: t.p.now() });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.code, 'DECLARATION_REASON_REQUIRED');
    const f = await signedInject(t.app, housingClient, { url: `/api/v1/declarations/${honourId}/false`, json: { reason: '经向授予机关核实，该企业未获此荣誉' }, now: t.p.now() });
    assert.equal(f.statusCode, 200, f.body);
    assert.equal(f.json().status, 'false');
    const again = await signedInject(t.app, housingClient, { url: `/api/v1/declarations/${honourId}/false`, json: { reason: 'x' }, now: t.p.now() });
    assert.equal(again.statusCode, 409);
    const rec = await t.p.db.one<{ category: string; severity: string; department_id: number }>(`SELECT category, severity, department_id::int AS department_id FROM record WHERE id = $1`, [f.json().recordId]);
    assert.deepEqual(rec, { category: 'false-declaration', severity: 'general', department_id: housing.id });
    const page = await publicPage();
    assert.deepEqual(page.map((d) => d.title), ['建筑业企业资质证书']);
    assert.ok(!page.some((d) => d.number === honourNumber));
    const after = await signedInject(t.app, housingClient, { url: '/api/v1/credit-checks', json: { subject: CO, scenario: 'license_approval', matterRef: 'JS-2' }, now: t.p.now() });
    assert.equal(after.json().eligibility.greenChannel, false);
    assert.deepEqual(after.json().eligibility.badRecords.map((b: { category: string }) => b.category), ['false-declaration']);
  });

  test('a person may not declare', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_XDR_MC: '张申报', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_FRDB: '', CF_WSH: '石市监罚〔2026〕702号', SEVERITY: '轻微' }),
    ]);
    const personToken = await verifyByContactOnFile(t.app, t.p, codes, PERSON, '张申报', { contact: '13900000002' });
    const r = await declare({ kind: 'honour', title: 'x', content: 'y' }, personToken);
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().error.code, 'DECLARATION_NOT_FOR_PERSONS');
  });
});
