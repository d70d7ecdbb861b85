// Credit reports: issue (public and full editions), download, verify by number and code, by the
// PDF and by the JSON edition; a tampered PDF, tampered JSON, a wrong code and an altered stored
// report are not genuine; a change of the subject's information since issue is told.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestPlatform, addTestClient, uscc, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const ORG = orgUscc('91', '130100', 'MA0RP001');
const NAME = '石家庄报告测试科技有限公司';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestPlatform;
let market: Department;
const codes: OtpMessage[] = [];

const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
const get = (url: string) => t.app.inject({ method: 'GET', url });

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { otp: { name: 'test', deliver: async (m) => void codes.push(m) }, notifier: { name: 'test', deliver: async () => {} } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  // two on one decision date: the database's order of those is not the report's, and a
  // verification must not take that for a change
  const rows = Array.from({ length: 3 }, (_, i) => penaltyRow({ CF_XDR_MC: NAME, CF_XDR_SHXYM: ORG, CF_WSH: `石市监罚〔2026〕7${i}号`, CF_JDRQ: `2026-0${Math.max(i, 1) + 6}-15` }));
  // a light penalty: never public, but in the full edition
  rows.push(penaltyRow({ CF_XDR_MC: NAME, CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕79号', SEVERITY: '轻微' }));
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', rows);
  assert.equal(r.counts.created, 4, JSON.stringify(r.results));
});
after(() => t.close());

describe('public edition', () => {
  let issued: { number: string; code: string; sha256: string; pdf: string; json: string; verify: string };
  let pdf: Buffer;

  test('anyone issues one: number, code, PDF hash; the PDF is Chinese A4 with an embedded font subset', async () => {
    const r = await post('/api/v1/public/reports', { subject: ORG, edition: 'public' });
    assert.equal(r.statusCode, 200, r.body);
    issued = r.json();
    assert.match(issued.number, /^XYBG20261120\d{6}$/);
    assert.match(issued.code, /^[A-HJKMNP-Z2-9]{8}$/);
    const file = await get(issued.pdf);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    pdf = file.rawPayload;
    assert.equal(sha256(pdf), issued.sha256);
    const text = pdf.toString('latin1');
    assert.ok(text.startsWith('%PDF-'));
    assert.match(text, /\/MediaBox \[0 0 595\.28 841\.89\]/);
    assert.match(text, /\/FontFile3|\/FontFile2/); // embedded
    assert.match(text, /\/BaseFont \/[A-Z]{6}\+Noto/); // a subset (tag + name)
  });

  test('the JSON edition lists only public records and carries its hash and signature', async () => {
    const j = (await get(issued.json)).json();
    assert.equal(j.content.edition, 'public');
    assert.deepEqual(j.content.data.records.map((r: { ref: string }) => r.ref).sort(), ['石市监罚〔2026〕70号', '石市监罚〔2026〕71号', '石市监罚〔2026〕72号']);
    assert.equal(j.content.summary.total, 3);
    assert.equal(j.pdfSha256, issued.sha256);
    assert.match(j.signature.statement, new RegExp(`^xinyong-report/v1\\n${j.number}\\n`));
    assert.ok(j.signature.publicKeyPem.includes('BEGIN PUBLIC KEY'));
    assert.equal((await get(`/api/v1/public/reports/${issued.number}?code=WRONGCOD`)).statusCode, 404);
  });

  test('verification by number and code: genuine and unchanged; a wrong code is not genuine', async () => {
    const v = (await get(issued.verify)).json();
    assert.deepEqual([v.genuine, v.changedSinceIssue, v.signature.valid, v.subject.name], [true, false, true, NAME]);
    const wrong = (await get(`/api/v1/public/reports/verify?number=${issued.number}&code=AAAAAAAA`)).json();
    assert.deepEqual([wrong.genuine, wrong.number], [false, null]);
    const unknown = (await get(`/api/v1/public/reports/verify?number=XYBG20261120999999&code=${issued.code}`)).json();
    assert.equal(unknown.genuine, false);
    // codes are typed by people: case and spaces do not matter
    const typed = (await get(`/api/v1/public/reports/verify?number=${issued.number.toLowerCase()}&code=${issued.code.toLowerCase().slice(0, 4)}%20${issued.code.toLowerCase().slice(4)}`)).json();
    assert.equal(typed.genuine, true);
  });

  test('the PDF itself verifies; one changed byte does not', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports/verify', payload: pdf, headers: { 'content-type': 'application/pdf' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().genuine, ok.json().number], [true, issued.number]);
    const tampered = Buffer.from(pdf);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01; // one bit in the middle of the file
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports/verify', payload: tampered, headers: { 'content-type': 'application/pdf' } });
    assert.equal(bad.json().genuine, false);
    assert.match(bad.json().zh, /篡改/);
  });

  test('the JSON edition verifies; an edited record in it does not', async () => {
    const j = (await get(issued.json)).json();
    const ok = await post('/api/v1/public/reports/verify', j);
    assert.equal(ok.json().genuine, true);
    j.content.data.records[0].fields = [];
    const bad = await post('/api/v1/public/reports/verify', j);
    assert.deepEqual([bad.json().genuine, bad.json().number], [false, null]);
  });

  test('after a new penalty the report is still genuine, but the subject’s information has changed', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: NAME, CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕80号', CF_JDRQ: '2026-11-01' })]);
    const v = (await get(issued.verify)).json();
    assert.deepEqual([v.genuine, v.changedSinceIssue], [true, true]);
    assert.deepEqual(v.changes, [{ kind: 'added', category: 'penalty', ref: '石市监罚〔2026〕80号' }]);
  });

  test('a report altered in the database fails its integrity check', async () => {
    await t.p.db.query(`UPDATE credit_report SET content = jsonb_set(content, '{data,subject,name}', '"改过的名称"') WHERE number = $1`, [issued.number]);
    const v = (await get(issued.verify)).json();
    assert.equal(v.genuine, false);
  });
});

describe('full edition', () => {
  test('only for the subject (identity checked) or an authorized requester, audited with its purpose', async () => {
    const anonymous = await post('/api/v1/public/reports', { subject: ORG, edition: 'full' });
    assert.equal(anonymous.statusCode, 401);
    const token = await verifyByContactOnFile(t.app, t.p, codes, ORG, NAME, { contact: 'boss@example.cn', purpose: 'report' });
    const r = await post('/api/v1/public/reports', { edition: 'full', purpose: '银行贷款申请' }, { 'x-xy-subject-token': token });
    assert.equal(r.statusCode, 200, r.body);
    const j = (await get(r.json().json)).json();
    assert.equal(j.content.edition, 'full');
    assert.ok(j.content.data.records.some((x: { ref: string; publicFrom: string | null }) => x.ref === '石市监罚〔2026〕79号' && x.publicFrom === null));
    const audit = await t.p.db.one<{ why: string }>(`SELECT why FROM audit_event WHERE action = 'personal-data.read' AND detail->'what' ? 'credit-report:full' AND actor NOT LIKE 'report-holder:%' ORDER BY id DESC LIMIT 1`);
    assert.equal(audit!.why, '银行贷款申请');
    const v = (await get(r.json().verify)).json();
    assert.deepEqual([v.genuine, v.edition, v.changedSinceIssue, v.changes], [true, 'full', false, null]);
  });

  // the 2026-12-06 re-test of issue 17: a person's full report, issued to a clerk, was served to an
  // anonymous client holding its number and code (JSON and PDF) with no audit event and nothing in
  // the subject's access log
  test('a full edition fetched again by number and code is audited and shows in the access log; a public one is not', async () => {
    const token = await verifyByContactOnFile(t.app, t.p, codes, ORG, NAME, { contact: 'boss@example.cn', purpose: 'report' });
    const issued = (await post('/api/v1/public/reports', { edition: 'full', purpose: '银行贷款申请' }, { 'x-xy-subject-token': token })).json();
    const holder = `report-holder:${issued.number}`;
    const reads = () => t.p.db.query<{ ip: string | null; why: string; detail: { what: string[]; report: string; as: string } }>(`SELECT ip, why, detail FROM audit_event WHERE action = 'personal-data.read' AND actor = $1 ORDER BY id`, [holder]);
    assert.equal((await reads()).length, 0, 'issuing is audited as the issuer, not as a holder');
    const fetch = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.99' });
    assert.equal((await fetch(issued.json)).statusCode, 200);
    assert.equal((await fetch(issued.pdf)).statusCode, 200);
    assert.equal((await fetch(`/api/v1/public/reports/${issued.number}?code=AAAAAAAA`)).statusCode, 404);
    const rows = await reads();
    assert.deepEqual(rows.map((r) => [r.ip, r.detail.what, r.detail.report, r.detail.as]), [
      ['198.51.100.99', ['credit-report:full'], issued.number, 'json'],
      ['198.51.100.99', ['credit-report:full'], issued.number, 'pdf'],
    ]);
    assert.match(rows[0]!.why, new RegExp(`${issued.number}.*银行贷款申请`));
    const log = (await t.app.inject({ method: 'GET', url: '/api/v1/public/me/access-log', headers: { 'x-xy-subject-token': token } })).json();
    const entries = (log.entries ?? log.items) as { by: string; what: string[]; purpose: string }[];
    assert.equal(entries.filter((e) => e.by.startsWith('持有报告编号和验证码者') && e.what.includes('credit-report:full') && e.purpose.includes(issued.number)).length, 2, JSON.stringify(entries));
    // the public edition holds nothing non-public: fetching it writes no read
    const pub = (await post('/api/v1/public/reports', { subject: ORG, edition: 'public' })).json();
    await fetch(pub.json);
    assert.equal((await t.p.db.query(`SELECT 1 FROM audit_event WHERE action = 'personal-data.read' AND actor = $1`, [`report-holder:${pub.number}`])).length, 0);
  });

  test('a department system needs the query-personal scope for the full edition', async () => {
    const check = await addTestClient(t.p, market, ['check']);
    const denied = await signedInject(t.app, check, { url: '/api/v1/reports', json: { subject: ORG, edition: 'full', purpose: '行政许可审查' }, now: t.p.now() });
    assert.equal(denied.statusCode, 403);
    const pub = await signedInject(t.app, check, { url: '/api/v1/reports', json: { subject: ORG, edition: 'public' }, now: t.p.now() });
    assert.equal(pub.statusCode, 200, pub.body);
    const personal = await addTestClient(t.p, market, ['query-personal']);
    const noReason = await signedInject(t.app, personal, { url: '/api/v1/reports', json: { subject: ORG, edition: 'full' }, now: t.p.now() });
    assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
    const ok = await signedInject(t.app, personal, { url: '/api/v1/reports', json: { subject: ORG, edition: 'full', purpose: '行政许可审查（许可申请 2026-118）' }, now: t.p.now() });
    assert.equal(ok.statusCode, 200, ok.body);
  });
});
