// Subject identity (issue 17, Critical): knowing a subject's code and name proves nothing. A
// subject proves who it is through the identity provider (a real OIDC provider on a local port),
// its enterprise certificate (SM2), or a one-time code to a contact already on file; limits refuse
// only the requester; answers never tell who is on file; window filing records who saw which
// document. Regression tests for each finding, through the HTTP API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, orgUscc, idNumber, uscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { CONTACT_ON_FILE, codeSentTo, putContactOnFile, signInAtDemoProvider, verifyByContactOnFile } from '../helpers/identity.ts';
import { dn, issue, signChallenge } from '../helpers/sm2-certs.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { setOidcProvider } from '../../src/modules/rights/identity-oidc.service.ts';
import { setTrustedCas } from '../../src/modules/rights/identity-certificate.service.ts';
import { startDemoOidcProvider, type DemoProvider } from '../../src/modules/rights/oidc-demo-provider.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const ORG = orgUscc('91', '130100', 'MA0JD001');
const ORG_NAME = '石家庄身份核验测试有限公司';
const BARE = orgUscc('91', '130100', 'MA0JD002'); // on the platform, no contact on file
const BARE_NAME = '石家庄无联系方式测试有限公司';
const PERSON = idNumber('13010219900909123');
const PERSON_NAME = '李某';
const REF = '石市监罚〔2026〕701号';
const ATTACKER = '13999999999';
const PORTAL = 'http://localhost:5199/rights/verify/oidc';

let t: TestPlatform;
let market: Department;
let finance: Department;
let marketClient: string;
let financeClient: string;
let clerk: number;
let idp: DemoProvider;
const codes: OtpMessage[] = [];

const post = (url: string, payload: object, ip = '10.1.1.1') => t.app.inject({ method: 'POST', url, payload, remoteAddress: ip });
const challenge = (code: string, name: string, ip = '10.1.1.1', extra: object = {}) => post('/api/v1/public/identity/challenges', { code, name, ...extra }, ip);
const verifyCode = (challengeId: string, code: string) => post('/api/v1/public/identity/verify', { challengeId, code });
const asSubject = (token: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: { 'x-xy-subject-token': token }, ...(payload ? { payload } : {}) });
const asClerk = async (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, clerk) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');
// the shape of an answer without its random parts
const shape = (body: Record<string, unknown>) => ({ ...body, challengeId: typeof body.challengeId, expiresAt: typeof body.expiresAt });

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { otp: { name: 'test', deliver: async (m) => void codes.push(m) }, notifier: { name: 'test', deliver: async () => {} } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000101'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  finance = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000102'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  marketClient = await addTestClient(t.p, market, ['collect']);
  financeClient = await addTestClient(t.p, finance, ['collect', 'check']);
  clerk = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'id.clerk', displayName: '窗口人员', role: 'department_clerk', departmentId: market.id, password: 'Identity-Pass-2026', mustChangePassword: false })).user.id;
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, CF_WSH: REF, SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: BARE_NAME, CF_XDR_SHXYM: BARE, CF_WSH: '石市监罚〔2026〕702号', SEVERITY: '一般' }),
    penaltyRow({ CF_XDR_MC: PERSON_NAME, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: '石市监罚〔2026〕703号', CF_FRDB: '', SEVERITY: '一般' }),
  ]);
  assert.equal(r.counts.created, 3, JSON.stringify(r.results));
  await putContactOnFile(t.p, ORG);
  idp = await startDemoOidcProvider({ port: 0, redirectUris: [PORTAL] });
  setOidcProvider(t.p, idp.settings);
});
after(async () => {
  await idp?.close();
  await t.close();
});

describe('one-time codes go only to a contact on file', () => {
  test('a contact typed in by the applicant receives nothing; the code goes to the contact on file', async () => {
    const before = codes.length;
    // the attack of the security test: the USCC and public name, and the attacker's own phone
    const c = await challenge(ORG, ORG_NAME, '10.2.0.1', { contact: ATTACKER });
    assert.equal(c.statusCode, 400); // the field no longer exists
    const ok = await challenge(ORG, ORG_NAME, '10.2.0.1');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(codes.slice(before).map((m) => m.to.value), [CONTACT_ON_FILE]);
  });

  test('the answer is the same for a match, a wrong name, an unknown code and a subject without a contact; only the match gets a code', async () => {
    const before = codes.length;
    const answers = await Promise.all([
      challenge(ORG, ORG_NAME, '10.3.0.1'),
      challenge(ORG, '名字不对的公司', '10.3.0.2'),
      challenge(uscc('91130100MA0YYYYY9'), '不存在的公司', '10.3.0.3'),
      challenge(BARE, BARE_NAME, '10.3.0.4'),
    ]);
    for (const a of answers) assert.equal(a.statusCode, 200, a.body);
    const shapes = answers.map((a) => shape(a.json()));
    for (const s of shapes) assert.deepEqual(s, shapes[0]);
    assert.equal(codes.length - before, 1);
    // and the verify step cannot tell them apart either: a challenge without a code never verifies
    for (const a of answers.slice(1)) {
      const v = await verifyCode(a.json().challengeId, '123456');
      assert.deepEqual([v.statusCode, v.json().error.code, v.json().error.details.attemptsLeft], [400, 'IDENTITY_CODE_WRONG', 4]);
    }
  });

  test('expiry, through the API: the code dies after 10 minutes', async (ctx) => {
    const start = t.p.now();
    ctx.after(() => t.setNow(start));
    const before = codes.length;
    const c = await challenge(ORG, ORG_NAME, '10.4.0.1');
    const sent = codeSentTo(codes, CONTACT_ON_FILE, before);
    t.setNow(new Date(start.getTime() + 10 * 60_000 + 1));
    const v = await verifyCode(c.json().challengeId, sent.code);
    assert.deepEqual([v.statusCode, v.json().error.code], [400, 'IDENTITY_CODE_EXPIRED']);
  });

  test('attempts, through the API: after 5 wrong codes even the right one is refused', async () => {
    const before = codes.length;
    const c = await challenge(ORG, ORG_NAME, '10.5.0.1');
    const sent = codeSentTo(codes, CONTACT_ON_FILE, before);
    for (let i = 4; i >= 0; i--) assert.equal((await verifyCode(c.json().challengeId, wrongOf(sent.code))).json().error.details.attemptsLeft, i);
    const v = await verifyCode(c.json().challengeId, sent.code);
    assert.deepEqual([v.statusCode, v.json().error.code], [400, 'IDENTITY_ATTEMPTS_EXCEEDED']);
  });
});

describe('limits refuse the requester, never the subject', () => {
  test('one address is refused after 2 challenges an hour for one subject; the subject, elsewhere, still gets in', async () => {
    const attacker = '10.6.6.6';
    assert.equal((await challenge(PERSON, PERSON_NAME, attacker)).statusCode, 200);
    assert.equal((await challenge(PERSON, PERSON_NAME, attacker)).statusCode, 200);
    const third = await challenge(PERSON, PERSON_NAME, attacker);
    assert.deepEqual([third.statusCode, third.json().error.code], [429, 'IDENTITY_CHALLENGES_EXCEEDED']);
    // the old rule (the sixth challenge for a code and name refused everyone for an hour) would refuse here
    for (let i = 0; i < 4; i++) assert.equal((await challenge(PERSON, PERSON_NAME, `10.6.7.${i}`)).statusCode, 200);
    await putContactOnFile(t.p, PERSON, '13700137000');
    const token = await verifyByContactOnFile(t.app, t.p, codes, PERSON, PERSON_NAME, { contact: '13700137000', ip: '10.6.8.1' });
    assert.equal((await asSubject(token, 'GET', '/api/v1/public/me/credit-file')).json().subject.name, PERSON_NAME);
  });

  test('one address is refused after 10 challenges an hour, whatever the subjects', async () => {
    const ip = '10.7.7.7';
    for (let i = 0; i < 10; i++) assert.equal((await challenge(uscc(`91130100MA0Y${String(i).padStart(5, '0')}`), `公司${i}`, ip)).statusCode, 200);
    assert.equal((await challenge(ORG, ORG_NAME, ip)).statusCode, 429);
    assert.equal((await challenge(ORG, ORG_NAME, '10.7.7.8')).statusCode, 200);
  });

  test('an IPv6 requester is one requester across its /64 (the 2026-12-06 re-test)', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await challenge(uscc(`91130100MA0Y${String(i).padStart(5, '0')}`), `公司${i}`, `2001:db8:66:1::${i + 1}`)).statusCode, 200);
    const rotated = await challenge(ORG, ORG_NAME, '2001:db8:66:1:ffff::99');
    assert.deepEqual([rotated.statusCode, rotated.json().error?.code], [429, 'IDENTITY_CHALLENGES_EXCEEDED']);
    assert.equal((await challenge(ORG, ORG_NAME, '2001:db8:66:2::1')).statusCode, 200);
  });

  test('codes to one contact are held back silently after 5 an hour: same answer, no code, nothing to guess', async () => {
    const contactCo = orgUscc('91', '130100', 'MA0JD003');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: '石家庄限额测试有限公司', CF_XDR_SHXYM: contactCo, CF_WSH: '石市监罚〔2026〕704号', SEVERITY: '一般' })]);
    await putContactOnFile(t.p, contactCo, '13600136000');
    const before = codes.length;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await challenge(contactCo, '石家庄限额测试有限公司', `10.8.0.${i}`));
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 200, 200, 200]);
    assert.equal(codes.slice(before).filter((m) => m.to.value === '13600136000').length, 5);
    assert.deepEqual(shape(answers[5]!.json()), shape(answers[0]!.json()));
  });
});

describe('identity provider (统一身份认证, OpenID Connect)', () => {
  const begin = async (ip = '10.9.0.1') => {
    const r = await post('/api/v1/public/identity/oidc/begin', { purpose: 'objection', returnTo: PORTAL }, ip);
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as { authorizationUrl: string; binding: string; demonstration: boolean };
  };

  test('a person signs in at the provider: the real-name ID number identifies them; a verified phone goes on file', async () => {
    const b = await begin();
    assert.equal(b.demonstration, true);
    const callback = await signInAtDemoProvider(b.authorizationUrl, { code: PERSON, name: PERSON_NAME, phone: '13500135000' }, PORTAL);
    const r = await post('/api/v1/public/identity/oidc/complete', { callback, binding: b.binding });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().method, r.json().subject.kind, r.json().subject.name], ['oidc', 'person', PERSON_NAME]);
    assert.ok(r.json().contacts.includes('135****5000'));
    const file = await asSubject(r.json().token, 'GET', '/api/v1/public/me/credit-file');
    assert.ok(file.json().records.some((x: { ref: string }) => x.ref === '石市监罚〔2026〕703号'));
    // the same callback again: the flow is used
    const replay = await post('/api/v1/public/identity/oidc/complete', { callback, binding: b.binding });
    assert.deepEqual([replay.statusCode, replay.json().error.code], [400, 'OIDC_FLOW_INVALID']);
  });

  test('a callback carried to another browser (without its binding) does not complete', async () => {
    const b = await begin();
    const callback = await signInAtDemoProvider(b.authorizationUrl, { code: ORG, name: ORG_NAME }, PORTAL);
    const r = await post('/api/v1/public/identity/oidc/complete', { callback, binding: 'another-browser' });
    assert.deepEqual([r.statusCode, r.json().error.code], [400, 'OIDC_FLOW_INVALID']);
  });

  test('an account that is not real-name verified is refused', async () => {
    const b = await begin();
    const callback = await signInAtDemoProvider(b.authorizationUrl, { code: PERSON, name: PERSON_NAME, realName: false }, PORTAL);
    const r = await post('/api/v1/public/identity/oidc/complete', { callback, binding: b.binding });
    assert.deepEqual([r.statusCode, r.json().error.code], [400, 'OIDC_NOT_REAL_NAME']);
  });

  test('a forged code at the callback is refused by the provider', async () => {
    const b = await begin();
    const callback = await signInAtDemoProvider(b.authorizationUrl, { code: ORG, name: ORG_NAME }, PORTAL);
    const forged = callback.replace(/code=[^&]+/, 'code=forged');
    const r = await post('/api/v1/public/identity/oidc/complete', { callback: forged, binding: b.binding });
    assert.deepEqual([r.statusCode, r.json().error.code], [400, 'OIDC_FAILED']);
  });

  test('production refuses the demonstration provider', async (ctx) => {
    const config = t.p.config as { production: boolean };
    config.production = true;
    ctx.after(() => (config.production = false));
    const r = await post('/api/v1/public/identity/oidc/begin', { purpose: 'credit-file' });
    assert.deepEqual([r.statusCode, r.json().error.code], [503, 'OIDC_DEMONSTRATION_REFUSED']);
  });
});

describe('enterprise certificate (SM2)', () => {
  const ca = issue({ subject: dn([['2.5.4.3', '测试 SM2 CA']]), ca: true });
  const holder = issue({ subject: dn([['2.5.4.10', ORG_NAME], ['2.5.4.5', ORG]]), issuer: ca });
  const begin = async () => (await post('/api/v1/public/identity/certificate/challenges', { purpose: 'objection' })).json() as { challengeId: string; text: string };

  test('without configured CAs, certificate sign-in is off', async () => {
    setTrustedCas(t.p, []);
    const r = await post('/api/v1/public/identity/certificate/challenges', {});
    assert.deepEqual([r.statusCode, r.json().error.code], [503, 'CERTIFICATE_SIGN_IN_OFF']);
    setTrustedCas(t.p, [ca.pem]);
  });

  test('the organization signs the text with its certificate and is in; the text is single use', async () => {
    const c = await begin();
    const proof = { challengeId: c.challengeId, certificate: holder.pem, signature: signChallenge(c.text, holder) };
    const r = await post('/api/v1/public/identity/certificate/verify', proof);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().method, r.json().subject.name], ['certificate', ORG_NAME]);
    const again = await post('/api/v1/public/identity/certificate/verify', proof);
    assert.deepEqual([again.statusCode, again.json().error.code], [400, 'CERTIFICATE_CHALLENGE_INVALID']);
  });

  test('a certificate from an untrusted CA, or a signature over other text, is refused', async () => {
    const rogueCa = issue({ subject: dn([['2.5.4.3', '测试 SM2 CA']]), ca: true });
    const forged = issue({ subject: dn([['2.5.4.5', ORG]]), issuer: rogueCa });
    const c1 = await begin();
    const r1 = await post('/api/v1/public/identity/certificate/verify', { challengeId: c1.challengeId, certificate: forged.pem, chain: [rogueCa.pem], signature: signChallenge(c1.text, forged) });
    assert.deepEqual([r1.statusCode, r1.json().error.code], [400, 'CERTIFICATE_UNTRUSTED']);
    const c2 = await begin();
    const r2 = await post('/api/v1/public/identity/certificate/verify', { challengeId: c2.challengeId, certificate: holder.pem, signature: signChallenge(c1.text, holder) });
    assert.deepEqual([r2.statusCode, r2.json().error.code], [400, 'CERTIFICATE_SIGNATURE_INVALID']);
    const refused = await t.p.db.query<{ detail: { code: string } }>(`SELECT detail FROM audit_event WHERE action = 'identity.certificate-refused' ORDER BY id`);
    assert.deepEqual(refused.slice(-2).map((e) => e.detail.code), ['CERTIFICATE_UNTRUSTED', 'CERTIFICATE_SIGNATURE_INVALID']);
  });
});

describe('service window (窗口代办) and contacts on file', () => {
  test('an objection on someone’s behalf: staff only, with the document they saw, recorded and audited', async () => {
    const body = { subject: ORG, records: [{ ref: REF }], reason: '申请人持营业执照到窗口提出异议' };
    const byClient = await signedInject(t.app, marketClient, { method: 'POST', url: '/api/v1/objections', json: { ...body, inPerson: { document: 'business_license', checked: true } }, now: t.p.now() });
    assert.equal(byClient.statusCode, 403);
    const noDocument = await asClerk('POST', '/api/v1/objections', body);
    assert.equal(noDocument.statusCode, 400);
    const r = await asClerk('POST', '/api/v1/objections', { ...body, inPerson: { document: 'business_license', checked: true } });
    assert.equal(r.statusCode, 200, r.body);
    const row = await t.p.db.one<{ in_person_document: string; in_person_checked_by: string; filed_by: string }>('SELECT in_person_document, in_person_checked_by, filed_by FROM objection WHERE id = $1', [r.json().objectionId]);
    assert.deepEqual([row!.in_person_document, row!.in_person_checked_by], ['business_license', row!.filed_by]);
    assert.match(row!.filed_by, /^staff:/);
    const ev = await t.p.db.one<{ actor: string; detail: { inPerson: { document: string } } }>(`SELECT actor, detail FROM audit_event WHERE action = 'objection.file' AND target = $1`, [`objection:${r.json().objectionId}`]);
    assert.deepEqual([ev!.actor, ev!.detail.inPerson.document], [row!.filed_by, 'business_license']);
  });

  test('the window page’s look-up: the subject on file and the records of the clerk’s department, each contestable or not; a person’s look-up audited', async () => {
    const other = await submitJsonBatch(t.p, SYSTEM_ACTOR, finance, 'penalty', [
      penaltyRow({ CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, CF_WSH: '石财罚〔2026〕9号', SEVERITY: '一般' }),
    ]);
    assert.equal(other.counts.created, 1, JSON.stringify(other.results));
    const org = await asClerk('GET', `/api/v1/objections/window-records?subject=${ORG}`);
    assert.equal(org.statusCode, 200, org.body);
    assert.equal(org.json().subject.name, ORG_NAME);
    // the objection filed above keeps REF open; the finance bureau's record is not this clerk's
    assert.deepEqual(org.json().records.map((r: { ref: string; contestable: boolean; openObjection: boolean }) => [r.ref, r.contestable, r.openObjection]), [[REF, false, true]]);
    const person = await asClerk('GET', `/api/v1/objections/window-records?subject=${PERSON}`);
    assert.equal(person.statusCode, 200, person.body);
    assert.deepEqual([person.json().subject.name, person.json().subject.maskedId], [PERSON_NAME, `${PERSON.slice(0, 6)}********${PERSON.slice(14)}`]);
    assert.deepEqual(person.json().records.map((r: { ref: string; categoryName: string; contestable: boolean }) => [r.ref, r.categoryName, r.contestable]), [['石市监罚〔2026〕703号', '行政处罚', true]]);
    assert.ok(!person.body.includes(PERSON), 'no clear ID number');
    const read = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'personal-data.read' AND target = $1 AND detail::text LIKE '%objection-window-records%'`, [`subject:${person.json().subject.id}`]);
    assert.equal(read!.n, 1);
    const unknown = await asClerk('GET', `/api/v1/objections/window-records?subject=${orgUscc('91', '130100', 'MA0JD099')}`);
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'SUBJECT_NOT_FOUND']);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/objections/window-records?subject=${ORG}` });
    assert.equal(anonymous.statusCode, 401);
  });

  test('a department puts on file contacts of subjects it holds records of, and no others', async () => {
    const ok = await signedInject(t.app, marketClient, { method: 'POST', url: '/api/v1/subject-contacts', json: { subject: BARE, contact: 'boss@example.cn' }, now: t.p.now() });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { contact: 'b***@example.cn', added: true });
    const foreign = await signedInject(t.app, financeClient, { method: 'POST', url: '/api/v1/subject-contacts', json: { subject: BARE, contact: ATTACKER }, now: t.p.now() });
    assert.equal(foreign.statusCode, 404);
    const before = codes.length;
    await challenge(BARE, BARE_NAME, '10.10.0.1');
    assert.deepEqual(codes.slice(before).map((m) => m.to.value), ['boss@example.cn']);
  });
});

describe('no oracle in public answers, no enumerable public ids', () => {
  test('an ID number with only non-public records answers word for word as an unknown one', async () => {
    const unknown = idNumber('13010219900909555');
    const report = async (code: string) => post('/api/v1/public/reports', { subject: code, edition: 'public' });
    const [known, none] = [await report(PERSON), await report(unknown)];
    assert.deepEqual([known.statusCode, known.json()], [none.statusCode, none.json()]);
    assert.equal(known.statusCode, 404);
    const profile = async (code: string) => t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${code}` });
    const [pk, pn] = [await profile(PERSON), await profile(unknown)];
    assert.deepEqual([pk.statusCode, pk.body.replaceAll(PERSON, '?')], [pn.statusCode, pn.body.replaceAll(unknown, '?')]);
  });

  // The 2026-12-06 re-test found the oracle again on GET /public/subjects/{code}/declarations (200
  // for a held code, 404 "平台没有主体" for an unknown one). Every public GET route taking a code,
  // taken from the OpenAPI document so that a new one is covered when it is added.
  test('every public route taking a code answers alike for a held and an unknown code', async () => {
    const hiddenOrg = orgUscc('91', '130100', 'MA0JD091'); // on file through a non-public (light) penalty only
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: '石家庄非公开测试有限公司', CF_XDR_SHXYM: hiddenOrg, CF_WSH: '石市监罚〔2026〕791号', SEVERITY: '轻微' })]);
    assert.equal(r.counts.created, 1, JSON.stringify(r.results));
    const pairs: [string, string][] = [
      [PERSON, idNumber('13010219900909555')],
      [hiddenOrg, orgUscc('91', '130100', 'MA0JD099')],
    ];
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path, methods]) => path.startsWith('/api/v1/public/') && /\{code\}/.test(path) && 'get' in methods)
      .map(([path]) => path);
    assert.ok(routes.includes('/api/v1/public/subjects/{code}/declarations'), routes.join(', '));
    assert.ok(routes.length >= 4, routes.join(', '));
    let ip = 0;
    for (const route of routes)
      for (const [held, unknown] of pairs) {
        const get = (code: string) => t.app.inject({ method: 'GET', url: route.replace('{code}', code), remoteAddress: `10.77.0.${++ip % 250}` });
        const [a, b] = [await get(held), await get(unknown)];
        assert.deepEqual([a.statusCode, a.body.replaceAll(held, '?')], [b.statusCode, b.body.replaceAll(unknown, '?')], `${route} tells ${held} (held) from ${unknown} (unknown)`);
      }
  });

  test('public records carry opaque ids; a sequential number serves nothing', async () => {
    const profile = (await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${ORG}` })).json();
    const ids = profile.records.map((r: { id: string }) => r.id);
    assert.ok(ids.length > 0);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    const n = await t.p.db.one<{ id: number }>('SELECT id FROM record WHERE source_ref = $1', [REF]);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${n!.id}/repair-notice` })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/public/records/${n!.id + 1}/repair-notice` })).statusCode, 404);
  });
});
