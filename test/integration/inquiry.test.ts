// The staff credit query (issue 10, "Staff credit query"): staff find a subject by name or code,
// open its full credit file only after stating a purpose and a matter reference, within their
// role and region (the one personal-data rule); every opening is audited with its purpose and
// appears in the subject's own access log; refusals change nothing and are audited.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, orgUscc, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode, type Subject } from '../../src/modules/subjects/subjects.store.ts';
import { accessLog } from '../../src/modules/rights/own-file.service.ts';
import { fileObjection } from '../../src/modules/rights/objections.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { staffSession, type StaffPlace } from '../helpers/staff.ts';

const ORG = orgUscc('91', '130100', 'MA0JQ001'); // 石家庄询证贸易有限公司, of 石家庄
const BD_ORG = orgUscc('91', '130600', 'MA0JQ002'); // 保定询证建材有限公司, of 保定
const PERSON = idNumber('13010219850505777'); // a person of 石家庄 with a non-public penalty
const REP = idNumber('13010219700707888'); // ORG's legal representative
const PURPOSE = '行政许可审查';
const MATTER = '石审批〔2026〕118号';

let t: TestPlatform;
let sjz: Department;
let bd: Department;
let org: Subject;
let person: Subject;
const sessions: Record<string, string> = {};

async function staff(name: string, role: Role, where: StaffPlace, secondFactor = true): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, where, secondFactor);
}

const as = (name: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const open = (name: string, body: Record<string, unknown>) => as(name, 'POST', '/api/v1/inquiry/credit-file', body);

async function reads(s: Subject): Promise<{ actor: string; why: string | null; detail: Record<string, unknown> }[]> {
  return t.p.db.query(`SELECT actor, why, detail FROM audit_event WHERE action = 'personal-data.read' AND target = $1 AND detail->>'query' = 'staff-credit-file' ORDER BY seq`, [`subject:${s.publicId}`]);
}

async function refusals(): Promise<number> {
  return (await t.p.db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_event WHERE action = 'access.refused' AND target = 'route:POST /api/v1/inquiry/credit-file'`))!.n;
}

function refused(r: { statusCode: number; body: string; json(): { error: { code: string; zh: string; en: string } } }, status: number, code: string): void {
  assert.equal(r.statusCode, status, r.body);
  const e = r.json().error;
  assert.equal(e.code, code, r.body);
  assert.ok(e.zh.length > 0 && e.en.length > 0, 'bilingual');
}

before(async () => {
  t = await createTestPlatform('2026-11-20');
  sjz = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bd = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  const ok = (r: { counts: { created: number; rejected: number }; results: unknown[] }, n: number) => assert.deepEqual({ created: r.counts.created, rejected: r.counts.rejected }, { created: n, rejected: 0 }, JSON.stringify(r.results));
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'penalty', [
    penaltyRow({ CF_XDR_MC: '石家庄询证贸易有限公司', CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕701号', CF_FRDB: '赵某', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: REP, SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: '王某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: '石市监罚〔2026〕702号', CF_FRDB: '', SEVERITY: '一般' }),
  ]), 2);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'serious-dishonesty', [
    { 主体名称: '石家庄询证贸易有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: ORG, 认定文书号: '石严失〔2026〕9号', 认定日期: '2026-05-01', 认定事由: '拒不履行', 认定依据: '测试依据' },
  ]), 1);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, bd, 'penalty', [penaltyRow({ CF_XDR_MC: '保定询证建材有限公司', CF_XDR_SHXYM: BD_ORG, CF_WSH: '保市监罚〔2026〕703号' })]), 1);
  org = (await findSubjectByCode(t.p.db, ORG, t.p.crypto))!;
  person = (await findSubjectByCode(t.p.db, PERSON, t.p.crypto))!;
  await fileObjection(t.p, org, { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, {
    records: [{ ref: '石市监罚〔2026〕701号' }],
    reason: '处罚金额有误',
    evidence: [{ filename: '证明.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4\n').toString('base64'), purpose: 'evidence' }],
  });
  await staff('sjzclerk', 'department_clerk', { dep: sjz });
  await staff('sjznofactor', 'department_clerk', { dep: sjz }, false);
  await staff('bdclerk', 'department_clerk', { dep: bd });
  await staff('provop', 'operator', { region: '130000' });
  await staff('auditor', 'auditor', { region: '130000' });
  await staff('admin', 'platform_admin', { region: '130000' });
});
after(() => t.close());

describe('search', () => {
  test('by name: organizations (two characters are enough); by code: any subject, a person by masked number only', async () => {
    const byName = (await as('sjzclerk', 'GET', `/api/v1/inquiry/subjects?q=${encodeURIComponent('询证')}`)).json();
    assert.equal(byName.by, 'name');
    assert.deepEqual(byName.items.map((h: { name: string }) => h.name).sort(), ['保定询证建材有限公司', '石家庄询证贸易有限公司']);
    const longer = (await as('sjzclerk', 'GET', `/api/v1/inquiry/subjects?q=${encodeURIComponent('询证贸易')}`)).json();
    assert.deepEqual(longer.items.map((h: { code: string }) => h.code), [ORG]);
    // a person's name is never searched
    assert.deepEqual((await as('sjzclerk', 'GET', `/api/v1/inquiry/subjects?q=${encodeURIComponent('王某')}`)).json().items, []);
    const byCode = await as('sjzclerk', 'GET', `/api/v1/inquiry/subjects?q=${PERSON}`);
    assert.equal(byCode.statusCode, 200, byCode.body);
    const hit = byCode.json().items[0];
    assert.deepEqual([hit.kind, hit.name, hit.id], ['person', null, person.publicId]);
    assert.match(hit.maskedId, /\*/);
    assert.ok(!byCode.body.includes(PERSON) && !byCode.body.includes('王某'));
    refused(await as('sjzclerk', 'GET', `/api/v1/inquiry/subjects?q=${encodeURIComponent('询')}`), 400, 'QUERY_TOO_SHORT');
  });
});

describe('the full credit file', () => {
  test('an organization of the region: records, list entries, objection, linked person, measures — audited with the purpose, in its access log', async () => {
    const r = await open('sjzclerk', { subject: org.publicId, purpose: PURPOSE, matterRef: MATTER });
    assert.equal(r.statusCode, 200, r.body);
    const f = r.json();
    assert.deepEqual([f.subject.name, f.purpose, f.matterRef], ['石家庄询证贸易有限公司', PURPOSE, MATTER]);
    assert.deepEqual(f.records.map((x: { ref: string; disputed: boolean }) => [x.ref, x.disputed]), [['石市监罚〔2026〕701号', true]]);
    assert.deepEqual(f.listEntries.map((x: { ref: string; listKind: string }) => [x.ref, x.listKind]), [['石严失〔2026〕9号', 'black']]);
    assert.deepEqual(f.objections.map((o: { status: string; items: { ref: string }[] }) => [o.status, o.items[0]!.ref]), [['open', '石市监罚〔2026〕701号']]);
    assert.deepEqual(f.linkedPersons.map((x: { role: string; name: string }) => [x.role, x.name]), [['legal_representative', '赵某']]);
    assert.match(f.linkedPersons[0].maskedId, /\*/);
    assert.ok(!r.body.includes(REP), 'the representative’s ID number only masked');
    assert.ok(f.measures.length > 0 && f.measures.every((m: { kind: string; implementers: string[] }) => m.implementers.length > 0), JSON.stringify(f.measures.map((m: { measureId: string }) => m.measureId)));
    assert.ok(f.measures.some((m: { trigger: { ref?: string } }) => m.trigger.ref === '石严失〔2026〕9号'));
    assert.equal(f.eligibility.greenChannel, false);
    // audited: who, what, why (purpose and matter reference)
    const ev = await reads(org);
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.actor, 'staff:sjzclerk');
    assert.ok(ev[0]!.why!.includes(PURPOSE) && ev[0]!.why!.includes(MATTER), ev[0]!.why!);
    assert.deepEqual([ev[0]!.detail.what, ev[0]!.detail.matterRef], [['credit-file'], MATTER]);
    // the subject's own access log names the department and role, with the purpose
    const log = await accessLog(t.p, org, { id: `subject:${org.publicId}`, kind: 'public' });
    const entry = log.entries.find((e) => e.kind === 'data-read' && !e.self);
    assert.ok(entry, JSON.stringify(log.entries));
    assert.equal(entry.organization, '石家庄市市场监督管理局');
    assert.match(entry.by, /石家庄市市场监督管理局（部门业务员/);
    assert.ok(entry.purpose!.includes(PURPOSE) && entry.purpose!.includes(MATTER));
    assert.ok(!entry.by.includes('sjzclerk'), 'never the sign-in name');
  });

  test('a person: their non-public record for staff in region with a second factor; the legal representative sees the organization via the link', async () => {
    const r = await open('sjzclerk', { subject: PERSON, purpose: PURPOSE, matterRef: MATTER });
    assert.equal(r.statusCode, 200, r.body);
    const f = r.json();
    assert.deepEqual(f.records.map((x: { ref: string; publicToday: boolean }) => [x.ref, x.publicToday]), [['石市监罚〔2026〕702号', false]]);
    assert.equal(f.subject.name, '王某');
    assert.ok(!r.body.includes(PERSON));
    assert.equal((await reads(person)).length, 1);
    const rep = (await open('provop', { subject: REP, purpose: PURPOSE, matterRef: MATTER })).json();
    assert.deepEqual(rep.linked.map((x: { ref: string; via: { role: string } }) => [x.ref, x.via.role]), [['石市监罚〔2026〕701号', 'legal_representative']]);
    assert.deepEqual(rep.linkedOrganizations.map((x: { name: string }) => x.name), ['石家庄询证贸易有限公司']);
  });

  test('the province reads everywhere; a city only its own', async () => {
    assert.equal((await open('provop', { subject: BD_ORG, purpose: PURPOSE, matterRef: MATTER })).statusCode, 200);
    assert.equal((await open('bdclerk', { subject: BD_ORG, purpose: PURPOSE, matterRef: MATTER })).statusCode, 200);
  });
});

describe('refusals: nothing read, nothing in the access log, the refusal audited', () => {
  test('no purpose, a meaningless purpose, no matter reference: 400, no read audited', async () => {
    const before = (await reads(org)).length;
    refused(await open('sjzclerk', { subject: org.publicId, matterRef: MATTER }), 400, 'REASON_REQUIRED');
    refused(await open('sjzclerk', { subject: org.publicId, purpose: '。。。', matterRef: MATTER }), 400, 'PURPOSE_INVALID');
    refused(await open('sjzclerk', { subject: org.publicId, purpose: PURPOSE }), 400, 'MATTER_REF_REQUIRED');
    refused(await open('sjzclerk', { subject: PERSON, purpose: '', matterRef: MATTER }), 400, 'REASON_REQUIRED');
    assert.equal((await reads(org)).length, before);
  });

  test('wrong region: 保定 staff on a 石家庄 organization and person: 403, audited as refused, absent from the access log', async () => {
    const before = await refusals();
    const readsBefore = (await reads(org)).length;
    refused(await open('bdclerk', { subject: ORG, purpose: PURPOSE, matterRef: MATTER }), 403, 'CREDIT_FILE_OUT_OF_REGION');
    refused(await open('bdclerk', { subject: PERSON, purpose: PURPOSE, matterRef: MATTER }), 403, 'PERSONAL_DATA_OUT_OF_REGION');
    assert.equal(await refusals(), before + 2);
    assert.equal((await reads(org)).length, readsBefore);
    const log = await accessLog(t.p, org, { id: `subject:${org.publicId}`, kind: 'public' });
    assert.ok(!log.entries.some((e) => e.organization === '保定市市场监督管理局'), JSON.stringify(log.entries));
  });

  test('a person needs the second factor; auditors and platform administrators never open files; unknown subject 404', async () => {
    refused(await open('sjznofactor', { subject: PERSON, purpose: PURPOSE, matterRef: MATTER }), 403, 'SECOND_FACTOR_REQUIRED');
    // an organization's file is not personal data: no second factor needed
    assert.equal((await open('sjznofactor', { subject: ORG, purpose: PURPOSE, matterRef: MATTER })).statusCode, 200);
    refused(await open('auditor', { subject: ORG, purpose: PURPOSE, matterRef: MATTER }), 403, 'ROLE_FORBIDDEN');
    refused(await open('admin', { subject: ORG, purpose: PURPOSE, matterRef: MATTER }), 403, 'ROLE_FORBIDDEN');
    refused(await open('sjzclerk', { subject: orgUscc('91', '130100', 'MA0JQ099'), purpose: PURPOSE, matterRef: MATTER }), 404, 'SUBJECT_NOT_FOUND');
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/inquiry/credit-file', headers: { 'x-requested-with': 'xinyong' }, payload: { subject: ORG, purpose: PURPOSE, matterRef: MATTER } });
    assert.equal(anon.statusCode, 401);
  });
});
