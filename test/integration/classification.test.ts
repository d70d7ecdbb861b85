// Credit classification end to end: records → grade (through the job runner) → objection revokes
// → grade changes, history kept; the grade in credit checks and in the subject's own file;
// 重点监管对象 on and off; full runs under the model in force and under a trial model; a model
// file refused naming its problem; persons' grades absent from every public response.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { waitUntil } from '../helpers/wait.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { fileObjection, decideObjection } from '../../src/modules/rights/objections.service.ts';
import { ownCreditFile } from '../../src/modules/rights/own-file.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { DRAIN_TASK, drainDirty, executeRun, gradeByCode, gradeStatistics, startRun } from '../../src/modules/classification/classification.service.ts';
import { gradesOf, runResults, writeGrades } from '../../src/modules/classification/classification.store.ts';
import { classifyCommand } from '../../src/cli/classify.ts';
import { makeIo } from '../../src/cli/shared.ts';
import { PassThrough } from 'node:stream';
import { verifyPlatformAuditChain } from '../../src/modules/audit/audit.service.ts';

const ORG = orgUscc('91', '130100', 'MA0CL001');
const ORG_NAME = '石家庄分类测试商贸有限公司';
const RED_ORG = orgUscc('91', '130600', 'MA0CL002');
const TAX_ORG = orgUscc('91', '130200', 'MA0CL003');
const PERSON = idNumber('13010219800101777');

let t: TestPlatform;
let market: Department;
let finance: Department;
let tax: Department;
let financeClient: string;

const penalty = (over: Record<string, string>) => penaltyRow({ CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, ...over });
const grade = async (code: string) => (await gradeByCode(t.p, code)).answer;
const idOf = async (code: string) => (await findSubjectByCode(t.p.db, code, t.p.crypto))!;

async function cli(...argv: string[]): Promise<{ code: number | void; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io = makeIo({ stdout, stderr, stdin: new PassThrough(), cwd: t.dir, actor: SYSTEM_ACTOR, platform: t.p });
  const code = await classifyCommand.run(argv, io);
  return { code, out, err };
}

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  market = await dep('11130100MB0000101', '石家庄市市场监督管理局', ['market-regulation']);
  finance = await dep('11130100MB0000102', '石家庄市财政局', ['finance']);
  tax = await dep('11130100MB0000103', '国家税务总局石家庄市税务局', ['tax']);
  financeClient = await addTestClient(t.p, finance, ['check', 'feedback']);
});
after(() => t.close());

describe('records → grade → objection revokes → grade changes', () => {
  test('a subject with nothing graded yet is B with insufficient information only once it has a file; with a serious penalty it is D, through the job runner', async () => {
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penalty({ CF_WSH: '石市监罚〔2026〕501号', CF_JDRQ: '2026-06-01', SEVERITY: '严重' })]);
    assert.equal(r.counts.created, 1);
    const s = await idOf(ORG);
    // the trigger marked the subject in the same transaction as the record
    assert.ok(await t.p.db.one('SELECT 1 FROM classification_dirty WHERE subject_id = $1', [s.id]));
    // the job runner drains it
    await t.p.jobs.enqueue(DRAIN_TASK, {});
    await waitUntil(async () => (await t.p.db.one<{ grade: string }>('SELECT grade FROM classification_grade WHERE subject_id = $1', [s.id]))?.grade === 'D', 'the grade D from the drain job');
    const g = await grade(ORG);
    assert.equal(g.grade, 'D');
    assert.equal(g.insufficient, false);
    assert.equal(g.decision.by, 'direct');
    const serious = g.factors.find((f) => f.id === 'serious-12m')!;
    assert.equal(serious.points, -30);
    assert.equal(serious.records[0]!.ref, '石市监罚〔2026〕501号');
    assert.equal(g.inspectionRatio, 1);
    assert.deepEqual(g.history.map((h) => [h.from, h.to]), [[null, 'D']]);
  });

  test('the grade in a credit check, beside the measures', async () => {
    const res = await signedInject(t.app, financeClient, { method: 'POST', url: '/api/v1/credit-checks', json: { subject: ORG, scenario: 'procurement' }, now: t.p.now() });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json().classification;
    assert.equal(c.grade, 'D');
    assert.equal(c.scale, 'grades');
    assert.equal(c.inspectionRatio, 1);
    assert.equal(c.keySupervision.flagged, false);
  });

  test('an objection upheld by revocation: the grade becomes B, history D → B kept', async () => {
    const s = await idOf(ORG);
    const o = await fileObjection(t.p, s, { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { records: [{ ref: '石市监罚〔2026〕501号' }], reason: '该处罚已被行政复议撤销' });
    // filing opens a dispute: the subject is marked again, the explanation shows the record disputed
    await drainDirty(t.p);
    assert.equal((await grade(ORG)).grade, 'D');
    await decideObjection(t.p, SYSTEM_ACTOR, o.objectionId, null, { outcome: 'revoke', note: '经核实，原处罚决定已撤销' });
    assert.ok(await t.p.db.one('SELECT 1 FROM classification_dirty WHERE subject_id = $1', [s.id]));
    const d = await drainDirty(t.p);
    assert.ok(d.changed >= 1);
    const g = await grade(ORG);
    assert.equal(g.grade, 'B');
    assert.equal(g.factors.find((f) => f.id === 'serious-12m')!.records.length, 0);
    assert.deepEqual(g.history.map((h) => [h.from, h.to, h.reason]), [['D', 'B', 'file-changed'], [null, 'D', 'file-changed']]);
    const res = await signedInject(t.app, financeClient, { method: 'POST', url: '/api/v1/credit-checks', json: { subject: ORG, scenario: 'procurement' }, now: t.p.now() });
    assert.equal(res.json().classification.grade, 'B');
  });

  test('the subject’s own file carries the grade and its explanation; the records behind it are among its records', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penalty({ CF_WSH: '石市监罚〔2026〕502号', CF_JDRQ: '2026-09-01', SEVERITY: '一般' })]);
    const s = await idOf(ORG);
    const file = await ownCreditFile(t.p, s, { id: 'subject:test', kind: 'public' });
    assert.equal(file.classification!.grade, 'C');
    const behind = file.classification!.factors.find((f) => f.id === 'general-12m')!.records[0]!;
    assert.ok(file.records.some((r) => r.id === behind.id && r.ref === '石市监罚〔2026〕502号'));
  });

  test('time alone moves a grade: the review day regrades when the 12-month window ends', async () => {
    const s = await idOf(ORG);
    const row = await t.p.db.one<{ next: string }>('SELECT next_review_on AS next FROM classification_grade WHERE subject_id = $1', [s.id]);
    assert.ok(row?.next);
    t.p.db; // the general penalty of 2026-09-01 counts through 2027-09-01
    t.setToday('2027-09-01');
    await drainDirty(t.p);
    assert.equal((await grade(ORG)).grade, 'C');
    t.setToday('2027-09-02');
    const d = await drainDirty(t.p);
    assert.ok(d.reviewed >= 1);
    const g = await grade(ORG);
    assert.equal(g.grade, 'B');
    assert.equal(g.history[0]!.reason, 'review-date');
    t.setToday('2026-11-20');
    await t.p.db.query('UPDATE classification_grade SET next_review_on = $2 WHERE subject_id = $1', [s.id, '2026-11-20']);
    await drainDirty(t.p);
  });
});

describe('A and 重点监管对象', () => {
  test('on a red list with no bad record for 36 months: A', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, tax, 'a-taxpayer', [
      { ZTMC: '保定守信纳税有限公司', ZTLB: '法人及非法人组织', TYSHXYDM: RED_ORG, PJND: '2025', RDWSH: '冀税A〔2026〕1号', RDRQ: '2026-04-01', YXQZ: '2026-12-31' },
    ]).then((r) => assert.equal(r.counts.created, 1, JSON.stringify(r.results)));
    await drainDirty(t.p);
    const g = await grade(RED_ORG);
    assert.equal(g.grade, 'A');
    assert.equal(g.inspectionRatio, 0.03);
  });

  test('a tax-evasion penalty flags 重点监管对象 with its records; the flag ends when the record is revoked', async () => {
    await submitJsonBatch(t.p, SYSTEM_ACTOR, tax, 'penalty', [
      penaltyRow({ CF_XDR_MC: '唐山偷税测试有限公司', CF_XDR_SHXYM: TAX_ORG, CF_WSH: '唐税稽罚〔2026〕9号', CF_WFXW: '偷税', CF_SY: '少缴增值税', CF_JDRQ: '2026-05-01', SEVERITY: '一般', CF_CFJG: '国家税务总局石家庄市税务局' }),
    ]).then((r) => assert.equal(r.counts.created, 1, JSON.stringify(r.results)));
    await drainDirty(t.p);
    const g = await grade(TAX_ORG);
    assert.equal(g.keySupervision.flagged, true);
    assert.deepEqual(g.keySupervision.domains.map((d) => [d.code, d.records[0]!.ref]), [['tax-dishonesty', '唐税稽罚〔2026〕9号']]);
    const res = await signedInject(t.app, financeClient, { method: 'POST', url: '/api/v1/credit-checks', json: { subject: TAX_ORG, scenario: 'procurement' }, now: t.p.now() });
    assert.equal(res.json().classification.keySupervision.domains[0].name, '不依法诚信纳税');
    // the check reads the domains' records with its candidates (no look-up of its own): the same
    // records as the staff read of the grade, which looks them up by id
    assert.deepEqual(
      res.json().classification.keySupervision.domains.map((d: { code: string; records: unknown[] }) => [d.code, d.records]),
      g.keySupervision.domains.map((d) => [d.code, d.records.map((r) => ({ id: r.id, category: r.category, ref: r.ref, decisionDate: r.decisionDate }))]),
    );
    assert.equal(res.json().classification.keySupervision.domains[0].records.length, 1);
    const op = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'op.classify', displayName: '运营', role: 'operator', password: 'Op-Pass-2026-xyz', mustChangePassword: false, regionCode: '130000' });
    const cookies = { xy_session: await openSessionFor(t.p, op.user.id) };
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/classification/key-supervision', cookies });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(list.json().items.some((i: { subject: { code: string } }) => i.subject.code === TAX_ORG));
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/classification/subjects/${TAX_ORG}`, cookies });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().keySupervision.flagged, true);
    const s = await idOf(TAX_ORG);
    const o = await fileObjection(t.p, s, { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { records: [{ ref: '唐税稽罚〔2026〕9号' }], reason: '非本单位行为' });
    await decideObjection(t.p, SYSTEM_ACTOR, o.objectionId, null, { outcome: 'revoke', note: '经核实撤销' });
    await drainDirty(t.p);
    const after = await grade(TAX_ORG);
    assert.equal(after.keySupervision.flagged, false);
    assert.equal(after.history[0]!.keyFrom, true);
    assert.equal(after.history[0]!.keyTo, false);
  });
});

describe('persons: 诚信积分, never public', () => {
  test('a person’s points are graded, shown to the subject, and absent from every public response', async () => {
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_XDR_MC: '赵某某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_FRDB: '', CF_WSH: '石市监罚〔2026〕777号', CF_JDRQ: '2026-08-01', SEVERITY: '一般' }),
    ]);
    assert.equal(r.counts.created, 1, JSON.stringify(r.results));
    await drainDirty(t.p);
    const g = await grade(PERSON);
    assert.equal(g.scale, 'points');
    assert.equal(g.score, 85);
    assert.equal(g.grade, 'fair');
    const s = await idOf(PERSON);
    const words = [g.gradeName, '诚信积分', 'classification', '"grade"', 'inspectionRatio'];
    const publicUrls = [
      `/api/v1/public/subjects/${s.publicId}`,
      `/api/v1/public/subjects?q=${encodeURIComponent('赵某某')}`,
      `/api/v1/public/subjects/${ORG}`,
      `/api/v1/public/publications?category=penalty`,
      '/api/v1/public/stats',
      '/api/v1/public/lists',
    ];
    for (const url of publicUrls) {
      const res = await t.app.inject({ method: 'GET', url });
      for (const w of words) assert.ok(!res.body.includes(w), `${url} shows ${w}: ${res.body.slice(0, 300)}`);
    }
    // the staff API: a person's points need the personal-data rule (purpose and matter), then the read is audited
    const op = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'op.points', displayName: '运营', role: 'operator', password: 'Op-Pass-2026-xyz', mustChangePassword: false, regionCode: '130000' });
    const cookies = { xy_session: await openSessionFor(t.p, op.user.id) };
    const bare = await t.app.inject({ method: 'GET', url: `/api/v1/classification/subjects/${s.publicId}`, cookies });
    assert.ok(bare.statusCode === 400 || bare.statusCode === 403, bare.body);
    const anon = await t.app.inject({ method: 'GET', url: `/api/v1/classification/subjects/${ORG}` });
    assert.equal(anon.statusCode, 401);
    // the organization model says public: false — its grade is not on its public page either (checked above)
    assert.equal((await grade(ORG)).grade, 'C');
  });
});

describe('full runs, statistics, the CLI and a refused model', () => {
  test('classify run grades everyone under the model in force; a trial model keeps both results', async () => {
    const run = await startRun(t.p, SYSTEM_ACTOR);
    const done = await executeRun(t.p, run.runId);
    assert.equal(done.status, 'completed');
    assert.equal(done.applies, true);
    assert.equal(done.done, done.total);
    // a trial model: the general penalty makes D
    const trial = JSON.parse(readFileSync('rules/classification.json', 'utf8'));
    trial.entries[0].models.organization.direct.unshift({ grade: 'D', all: [{ indicator: 'penalties-36m', atLeast: 1 }], zh: '试算：任一处罚即为D', en: 'Trial: any penalty is D' });
    const file = path.join(t.dir, 'trial.json');
    writeFileSync(file, JSON.stringify(trial));
    const out = await cli('run', '--model', file, '--json');
    assert.equal(out.code, 0, out.err);
    const trialRun = JSON.parse(out.out);
    assert.equal(trialRun.applies, false);
    assert.equal(trialRun.status, 'completed');
    const s = await idOf(ORG);
    // each run keeps a summary (its distribution) and the subjects whose grade differs from the current
    // one: the run under the model in force changed nothing for ORG (already C); the trial makes it D
    assert.deepEqual((await runResults(t.p.db, run.runId, s.id)).map((r) => r.grade), []);
    assert.deepEqual((await runResults(t.p.db, trialRun.runId, s.id)).map((r) => r.grade), ['D']);
    // the trial's results are all in classification_run_result; a run in force keeps there only what it left to the drain
    const both = await t.p.db.query<{ run: string; grade: string }>('SELECT run_id AS run, grade FROM classification_run_result WHERE subject_id = $1', [s.id]);
    assert.deepEqual(both, [{ run: trialRun.runId, grade: 'D' }]);
    assert.equal(done.distribution.reduce((n, d) => n + d.subjects, 0), done.total);
    assert.ok(done.distribution.some((d) => d.grade === 'C'), JSON.stringify(done.distribution));
    assert.ok(trialRun.distribution.some((d: { grade: string }) => d.grade === 'D'), JSON.stringify(trialRun.distribution));
    assert.equal((await grade(ORG)).grade, 'C'); // the current grade stays under the model in force
  });

  test('a run in pages of one subject (the next page read ahead on PostgreSQL) writes the same grades; a subject changed after the read is left to the drain', async () => {
    const snapshot = async () =>
      t.p.db.query<{ s: number; grade: string; score: number; key: boolean; ex: string; review: string | null }>(
        'SELECT subject_id AS s, grade, score::float8 AS score, key_supervision AS key, explanation::text AS ex, next_review_on AS review FROM classification_grade ORDER BY subject_id',
      );
    const before = await snapshot();
    const history = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_history'))!.n;
    const run = await startRun(t.p, SYSTEM_ACTOR);
    const done = await executeRun(t.p, run.runId, undefined, undefined, 1);
    assert.deepEqual([done.status, done.done], ['completed', done.total]);
    assert.ok(done.total >= 3, `several pages: ${done.total}`);
    // the same files: no subject changed, so no result row; the summary counts every subject
    assert.equal((await runResults(t.p.db, run.runId)).length, 0);
    assert.equal(done.distribution.reduce((n, d) => n + d.subjects, 0), done.total);
    // the same files: the same grades, explanations and review days, and no history row
    assert.deepEqual(await snapshot(), before);
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_history'))!.n, history);

    // the guard of a page write (rolled back after): a grade computed after the page was read, or a
    // subject marked dirty, is not overwritten and has no history row; the run's result is kept
    const s = (await idOf(ORG)).id;
    const old = (await gradesOf(t.p.db, [s])).get(s)!;
    const fake = { subjectId: s, scope: old.scope, grade: 'A', score: 999, insufficient: false, keySupervision: false, explanation: { by: 'band' as const, f: [], k: [] }, nextReviewOn: null };
    const o = { model: old.model, gradedOn: t.p.today(), reason: 'run:test', runId: run.runId, applies: true };
    await assert.rejects(
      t.p.db.tx(async (tx) => {
        assert.equal(await writeGrades(tx, [fake], { ...o, readAt: new Date(old.computedAt.getTime() - 1) }), 0);
        assert.equal((await gradesOf(tx, [s])).get(s)!.grade, old.grade);
        // left to the drain, so no history row: the run's result is the result row (decision 0056)
        assert.deepEqual((await runResults(tx, run.runId, s)).map((r) => [r.grade, r.score]), [['A', 999]]);
        assert.equal((await tx.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_run_result WHERE run_id = $1 AND subject_id = $2', [run.runId, s]))!.n, 1);
        await tx.query('INSERT INTO classification_dirty (subject_id) VALUES ($1)', [s]);
        assert.equal(await writeGrades(tx, [fake], { ...o, readAt: null }), 0);
        assert.equal((await gradesOf(tx, [s])).get(s)!.grade, old.grade);
        await tx.query('DELETE FROM classification_dirty WHERE subject_id = $1', [s]);
        // read after the grade was computed, not dirty: written, with its history row
        assert.equal(await writeGrades(tx, [fake], { ...o, readAt: new Date(old.computedAt.getTime() + 1) }), 1);
        assert.deepEqual([(await gradesOf(tx, [s])).get(s)!.grade, (await gradesOf(tx, [s])).get(s)!.score], ['A', 999]);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal((await gradesOf(t.p.db, [s])).get(s)!.grade, old.grade);
  });

  test('classify --subject CODE --json has the issue’s shape', async () => {
    const out = await cli('--subject', ORG, '--json');
    const j = JSON.parse(out.out);
    for (const k of ['subject', 'grade', 'score', 'insufficient', 'factors', 'model', 'computedAt', 'inspectionRatio']) assert.ok(k in j, k);
    assert.equal(j.subject, ORG);
    for (const f of j.factors) for (const k of ['id', 'name', 'points', 'records']) assert.ok(k in f, k);
  });

  test('classify stats --json: counts by grade and region', async () => {
    const out = await cli('stats', '--json');
    const j = JSON.parse(out.out);
    const s = await gradeStatistics(t.p);
    assert.deepEqual(j.byGrade, s.byGrade);
    assert.ok(j.byRegion.some((r: { region: string; grade: string }) => r.region === '130200' && r.grade === 'B'));
    assert.ok(j.byGrade.some((r: { scope: string; grade: string }) => r.scope === 'person' && r.grade === 'fair'));
  });

  test('a model with overlapping thresholds is refused before use, naming the problem', async () => {
    const bad = JSON.parse(readFileSync('rules/classification.json', 'utf8'));
    bad.entries[0].models.person.bands[1].max = 90;
    bad.entries[0].models.organization.indicators.push({ id: 'stars', name: '星级', type: 'stars', pointsEach: 1 });
    const file = path.join(t.dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const before = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_run'))!.n;
    await assert.rejects(startRun(t.p, SYSTEM_ACTOR, { modelFile: file }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CLASSIFICATION_MODEL_INVALID');
      assert.match(e.message + JSON.stringify((e as { en?: string }).en), /Overlapping thresholds: poor and fair/);
      assert.match(String((e as { en?: string }).en), /Unknown indicator type stars/);
      return true;
    });
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_run'))!.n, before);
  });

  test('the API starts a run as a job with progress; the audit chain holds', async () => {
    const op = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'op.runs', displayName: '运营', role: 'operator', password: 'Op-Pass-2026-xyz', mustChangePassword: false, regionCode: '130000' });
    const cookies = { xy_session: await openSessionFor(t.p, op.user.id) };
    const headers = { 'x-requested-with': 'xinyong' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/classification/runs', cookies, headers });
    assert.equal(res.statusCode, 202, res.body);
    const id = res.json().runId;
    await waitUntil(async () => (await t.app.inject({ method: 'GET', url: `/api/v1/classification/runs/${id}`, cookies })).json().status === 'completed', 'the run job');
    const stats = await t.app.inject({ method: 'GET', url: '/api/v1/classification/stats', cookies });
    assert.equal(stats.statusCode, 200, stats.body);
    assert.ok((await verifyPlatformAuditChain(t.p)).ok);
  });
});
