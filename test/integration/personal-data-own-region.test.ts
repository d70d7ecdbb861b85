// A department cannot bring a person into its own region by filing a record (the 2026-12-06
// re-test of issue 17): the 保定 client filed a licence about a 石家庄 person and a 保定 clerk then
// read the person's whole file, 石家庄's non-public penalty included. From 2026-12-06
// (rules/personal-data.json outOfRegion own-records) a requester outside the region of the
// person's ID number whose region only holds records of the person reads only the records held
// by departments of its region (and what is public today) — in the full report, the staff credit
// file and a credit check's details — and the answer counts what it withheld; the person's own
// region and the province read the whole file; the audit event records the scope and the counts.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { licenseRow, penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode, type Subject } from '../../src/modules/subjects/subjects.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { staffSession } from '../helpers/staff.ts';

// a 石家庄 person (address code 130102) with a non-public penalty of 石家庄's market regulator
const PERSON = idNumber('13010219850505123');
const PENALTY = '石市监罚〔2026〕9901号';
const LICENCE = '保市监许〔2026〕301号';
const PURPOSE = '行政许可审查';
const MATTER = '保审批〔2026〕301号';

let t: TestPlatform;
let sjzMarket: Department;
let bdMarket: Department;
let subject: Subject;
const clients: Record<string, string> = {};
const sessions: Record<string, string> = {};

async function staff(name: string, role: Role, where: { dep?: Department; region?: string }): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, where);
}

const asStaff = (name: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const asClient = (name: string, url: string, json?: object) => signedInject(t.app, clients[name]!, { url, ...(json ? { json } : { method: 'GET' }), now: t.p.now() });
const fullReport = { subject: PERSON, edition: 'full', purpose: PURPOSE, matterRef: MATTER };
const fileQuery = { subject: PERSON, purpose: PURPOSE, matterRef: MATTER };

type Read = { actor: string; detail: Record<string, unknown> };
async function lastRead(actorLike: string): Promise<Read> {
  const r = await t.p.db.one<Read>(`SELECT actor, detail FROM audit_event WHERE action = 'personal-data.read' AND target = $1 AND actor LIKE $2 ORDER BY id DESC LIMIT 1`, [
    `subject:${subject.publicId}`,
    actorLike,
  ]);
  assert.ok(r, `a personal-data.read by ${actorLike}`);
  return r;
}

// The report as issued, fetched by its number and code (the JSON edition) and as PDF.
async function issued(r: { statusCode: number; body: string; json(): { number: string; code: string } }) {
  assert.equal(r.statusCode, 200, r.body);
  const { number, code } = r.json();
  const json = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${number}?code=${code}` });
  assert.equal(json.statusCode, 200, json.body);
  const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${number}/pdf?code=${code}` });
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const verify = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/verify?number=${number}&code=${code}` });
  return { number, body: json.body, content: json.json().content, verify: verify.json() };
}

const refs = (rows: { ref: string }[]) => rows.map((r) => r.ref).sort();

before(async () => {
  t = await createTestPlatform('2026-12-07');
  sjzMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bdMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  clients.sjz = await addTestClient(t.p, sjzMarket, ['collect', 'query-personal', 'check']);
  clients.bd = await addTestClient(t.p, bdMarket, ['collect', 'query-personal', 'check']);
  const penalty = penaltyRow({ CF_XDR_MC: '王测试', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: PENALTY, CF_FRDB: '', SEVERITY: '一般' });
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [penalty]);
  assert.equal(r.counts.created, 1, JSON.stringify(r.results));
  subject = (await findSubjectByCode(t.p.db, PERSON, t.p.crypto))!;
  await staff('bdclerk', 'department_clerk', { dep: bdMarket });
  await staff('sjzclerk', 'department_clerk', { dep: sjzMarket });
  await staff('provop', 'operator', { region: '130000' });
});
after(() => t.close());

describe('the re-test: 保定 files a licence about a 石家庄 person', () => {
  test('before it, 保定 holds nothing of the person: refused', async () => {
    const r = await asStaff('bdclerk', 'POST', '/api/v1/inquiry/credit-file', fileQuery);
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(r.json().error.code, 'PERSONAL_DATA_OUT_OF_REGION');
  });

  test('the 保定 client files the licence through its API', async () => {
    const bd = { XK_XKJG: '保定市市场监督管理局', XK_XKJGDM: bdMarket.uscc, XK_LYDW: '保定市市场监督管理局', XK_LYDWDM: bdMarket.uscc };
    const row = licenseRow({ XK_XDR_MC: '王测试', XK_XDR_LB: '自然人', XK_XDR_SHXYM: '', XK_XDR_ZJLX: '居民身份证', XK_XDR_ZJHM: PERSON, XK_FRDB: '', XK_WSH: LICENCE, XK_JDRQ: '2026-12-01', XK_YXQZ: '2026-12-01', ...bd });
    const r = await asClient('bd', '/api/v1/batches', { category: 'license', records: [row] });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().counts.created, 1, r.body);
  });

  test('a 保定 clerk’s full report holds the licence, not 石家庄’s penalty, and says one record is withheld', async () => {
    const rep = await issued(await asStaff('bdclerk', 'POST', '/api/v1/reports', fullReport));
    assert.deepEqual(refs(rep.content.data.records), [LICENCE]);
    assert.ok(!rep.body.includes(PENALTY), 'the penalty is nowhere in the report');
    assert.deepEqual(rep.content.scope, { kind: 'own-region-records', region: '130600', regionName: rep.content.scope.regionName, withheld: { records: 1, linked: 0 } });
    assert.match(rep.content.scope.regionName, /保定/);
    assert.ok(rep.content.notes.some((n: string) => n.includes('另有 1 条信息未予载明')), JSON.stringify(rep.content.notes));
    // verified in the scope it was issued in: nothing changed since
    assert.equal(rep.verify.genuine, true);
    assert.equal(rep.verify.changedSinceIssue, false);
    const read = await lastRead('staff:bdclerk');
    assert.deepEqual([read.detail.scope, read.detail.scopeRegion, read.detail.shownRecords, read.detail.withheldRecords], ['own-region-records', '130600', 1, 1]);
    // the holder's fetch by number and code is audited with the same scope
    const holder = await lastRead(`report-holder:${rep.number}`);
    assert.deepEqual([holder.detail.scope, holder.detail.withheldRecords], ['own-region-records', 1]);
  });

  test('the 保定 client’s full report alike', async () => {
    const rep = await issued(await asClient('bd', '/api/v1/reports', fullReport));
    assert.deepEqual(refs(rep.content.data.records), [LICENCE]);
    assert.ok(!rep.body.includes(PENALTY));
  });

  test('a 保定 clerk’s staff credit file: the licence, the count withheld, no grade, no 石家庄 region', async () => {
    const r = await asStaff('bdclerk', 'POST', '/api/v1/inquiry/credit-file', fileQuery);
    assert.equal(r.statusCode, 200, r.body);
    const f = r.json();
    assert.deepEqual(refs([...f.records, ...f.listEntries]), [LICENCE]);
    assert.ok(!r.body.includes(PENALTY), 'the penalty is nowhere in the file');
    assert.ok(!r.body.includes('石家庄市市场监督管理局'), 'nor its department');
    assert.equal(f.scope.kind, 'own-region-records');
    assert.equal(f.scope.withheld.records, 1);
    assert.equal(f.scope.withheld.classification, true);
    assert.equal(f.classification, null);
    assert.ok(!f.subject.regions.includes('130100'), JSON.stringify(f.subject.regions));
    assert.deepEqual(f.eligibility.badRecords, []);
    assert.equal(f.eligibility.withheldRecords, 1);
    const read = await lastRead('staff:bdclerk');
    assert.deepEqual([read.detail.query, read.detail.scope, read.detail.shownRecords, read.detail.withheldRecords], ['staff-credit-file', 'own-region-records', 1, 1]);
    // nor the grade on its own
    const grade = await asStaff('bdclerk', 'GET', `/api/v1/classification/subjects/${PERSON}?purpose=${encodeURIComponent(PURPOSE)}&matterRef=${encodeURIComponent(MATTER)}`);
    assert.equal(grade.statusCode, 403, grade.body);
    assert.equal(grade.json().error.code, 'PERSONAL_DATA_PARTIAL_SCOPE');
  });

  test('a 保定 check’s details: the penalty withheld and counted, in the answer and in the stored check', async () => {
    const r = await asClient('bd', '/api/v1/credit-checks', { subject: PERSON, scenario: 'license_approval', matterRef: MATTER });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    assert.deepEqual(a.eligibility.badRecords, []);
    assert.equal(a.eligibility.withheldRecords, 1);
    assert.match(a.eligibility.reason, /本地区以外部门报送的非公开信息/);
    assert.equal(a.classification, null);
    assert.ok(!r.body.includes(PENALTY));
    const run = await t.p.db.one<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_event WHERE action = 'credit-check.run' AND detail->>'checkId' = $1`, [a.checkId]);
    assert.deepEqual([run!.detail.scope, run!.detail.withheldRecords], ['own-region-records', 1]);
    const stored = await asClient('bd', `/api/v1/credit-checks/${a.checkId}`);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.deepEqual(stored.json().answer.eligibility.badRecords, []);
    assert.ok(!stored.body.includes(PENALTY));
  });
});

describe('the person’s own region and the province read the whole file', () => {
  test('a 石家庄 clerk: report and file hold the licence and the penalty; scope whole', async () => {
    const rep = await issued(await asStaff('sjzclerk', 'POST', '/api/v1/reports', { ...fullReport, matterRef: '石审批〔2026〕118号' }));
    assert.deepEqual(refs(rep.content.data.records), [LICENCE, PENALTY].sort());
    assert.equal(rep.content.scope, undefined);
    const read = await lastRead('staff:sjzclerk');
    assert.deepEqual([read.detail.scope, read.detail.shownRecords, read.detail.withheldRecords], ['whole', 2, 0]);
    const f = await asStaff('sjzclerk', 'POST', '/api/v1/inquiry/credit-file', { ...fileQuery, matterRef: '石审批〔2026〕118号' });
    assert.equal(f.statusCode, 200, f.body);
    assert.deepEqual(refs([...f.json().records, ...f.json().listEntries]), [LICENCE, PENALTY].sort());
    assert.equal(f.json().scope.kind, 'whole');
    assert.notEqual(f.json().classification, null);
  });

  test('a 石家庄 check shows the penalty', async () => {
    const r = await asClient('sjz', '/api/v1/credit-checks', { subject: PERSON, scenario: 'license_approval', matterRef: '石审批〔2026〕118号' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().eligibility.badRecords.map((b: { ref: string }) => b.ref), [PENALTY]);
  });

  test('a province-level operator: both', async () => {
    const rep = await issued(await asStaff('provop', 'POST', '/api/v1/reports', { ...fullReport, matterRef: '冀审批〔2026〕5号' }));
    assert.deepEqual(refs(rep.content.data.records), [LICENCE, PENALTY].sort());
    const f = await asStaff('provop', 'POST', '/api/v1/inquiry/credit-file', { ...fileQuery, matterRef: '冀审批〔2026〕5号' });
    assert.equal(f.statusCode, 200, f.body);
    assert.deepEqual(refs([...f.json().records, ...f.json().listEntries]), [LICENCE, PENALTY].sort());
    assert.equal(f.json().scope.kind, 'whole');
  });
});
