// The classification model compiled to SQL (classification.compile.ts) grades exactly as the JS
// reference (gradeSubject): a varied data set — every indicator's window edges (12 and 36 months,
// the day before, of and after), revoked, repaired and exited records, list entries whose term ends
// the day before, of or after, red and black lists, keyword domains, future-dated records, a
// leap-day first record, a subject with nothing current — graded both ways on several days, and a
// full run by each engine leaves the same grades, history and run results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, idNumber, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addDays, addMonths } from '../../src/kernel/dates.ts';
import { uscc } from '../helpers/platform.ts';
import { subjectsByIds } from '../../src/modules/subjects/subjects.store.ts';
import { modelInForce, type ClassificationModel } from '../../src/modules/classification/classification.rules.ts';
import { GRADED_TABLE, gradeRangeInto, runResults, writeGradedRange, type NewGrade } from '../../src/modules/classification/classification.store.ts';
import { SUBJECT_RANGE_SQL } from '../../src/modules/subjects/subjects.store.ts';
import { compiledGrading, drainDirty, executeRun, explainedGrades, getRun, gradeOfSubject, gradesInJs, gradesInSql, keySupervisionList, startRun, tagRecordKeywords, tagRecordKeywordsIfMany } from '../../src/modules/classification/classification.service.ts';

const TODAY = '2026-11-20';
// the days graded: today, both sides of a month end, and a leap day
const DAYS = ['2026-11-20', '2027-02-28', '2027-03-01', '2028-02-29', '2025-11-20', '2026-08-31'];
const ORGS = 40;
const PERSONS = 14;

let t: TestPlatform;
let market: Department;
let ids: number[] = [];
let entry: ClassificationModel;

// a small deterministic generator (the same data set every run)
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

before(async () => {
  t = await createTestPlatform(TODAY);
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000201'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  entry = modelInForce(t.p.modules.classification.entries, TODAY);
  // subjects, each with one ordinary penalty through the collection pipeline
  const rows = [
    ...Array.from({ length: ORGS }, (_, i) =>
      penaltyRow({ CF_XDR_MC: `石家庄等价测试${i}有限公司`, CF_XDR_SHXYM: orgUscc('91', '130100', `MA0Q${String(i).padStart(4, '0')}`), CF_WSH: `等价罚〔2026〕${i}号`, CF_JDRQ: '2020-01-15', SEVERITY: '一般' }),
    ),
    ...Array.from({ length: PERSONS }, (_, i) =>
      penaltyRow({ CF_XDR_MC: `等价某${i}`, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: idNumber(`130102198001${10 + i}777`), CF_FRDB: '', CF_WSH: `等价罚〔2026〕P${i}号`, CF_JDRQ: '2020-01-15', SEVERITY: '一般' }),
    ),
  ];
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', rows);
  assert.equal(r.counts.created, rows.length, JSON.stringify(r.results.filter((x) => x.status !== 'created').slice(0, 2)));
  ids = (await t.p.db.query<{ id: number }>('SELECT DISTINCT subject_id::float8 AS id FROM record ORDER BY 1')).map((x) => x.id);
  assert.equal(ids.length, ORGS + PERSONS);

  // varied records cloned from the first one by SQL (what grading reads: category, dates,
  // severity, status, term, keyword fields)
  const rand = rng(20261206);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const categories = ['penalty', 'penalty', 'penalty', 'serious-dishonesty', 'dishonest-debtor', 'a-taxpayer', 'integrity-exemplar', 'commitment-breach', 'license'];
  const severities = [null, 'light', 'general', 'serious', 'serious', 'general'];
  const statuses = ['active', 'active', 'active', 'revoked', 'repaired', 'exited'];
  const words = [null, null, null, '偷税', '非法集资', '醉驾', '电信网络诈骗'];
  const around = (day: string) => {
    const months = pick([0, 0, 12, 12, 36, 36, 24, 1]);
    return addDays(addMonths(day, -months), pick([-1, 0, 1]));
  };
  const values: unknown[][] = [];
  ids.forEach((sid, k) => {
    if (k === 3) return; // this subject keeps only its first record (superseded below: nothing current)
    const n = Math.floor(rand() * 7);
    for (let j = 0; j < n; j++) {
      const d = k === 5 && j === 0 ? '2024-02-29' : around(pick(DAYS));
      const term = pick([null, null, 'day-1', 'day', 'day+1', 'later']);
      const day = pick(DAYS);
      const vu = term === null ? null : term === 'later' ? addMonths(d, 36) : addDays(day, term === 'day-1' ? -1 : term === 'day' ? 0 : 1);
      const w = pick(words);
      values.push([sid, pick(categories), `等价-${sid}-${j}`, d, pick(severities), pick(statuses), vu, JSON.stringify(w ? { CF_WFXW: w, CF_SY: '事由' } : { CF_SY: '其他' })]);
    }
  });
  for (const v of values)
    await t.p.db.query(
      `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, decision_date, severity, status, late, valid_until)
       SELECT $2, 1, department_id, $3, 1, $1, md5($3), $8::jsonb, $4::date, $5, $6, false, $7::date FROM record WHERE id = (SELECT min(id) FROM record)`,
      v,
    );
  await t.p.db.query(`UPDATE record SET superseded_at = now() WHERE subject_id = $1`, [ids[3]]);
});
after(() => t.close());

test('the compiled model grades every subject as the JS rules do, on each day (grade, score, flag, explanation with record ids, review day)', async () => {
  const seen = new Set<string>();
  for (const day of DAYS) {
    const js = await gradesInJs(t.p, entry, ids, day);
    const sql = await gradesInSql(t.p, entry, ids, day);
    assert.equal(sql.length, ids.length);
    const norm = (xs: typeof js) => [...xs].sort((a, b) => a.subjectId - b.subjectId).map((x) => JSON.parse(JSON.stringify(x)));
    assert.deepEqual(norm(sql), norm(js), `graded on ${day}`);
    for (const g of js) seen.add(`${g.scope}:${g.grade}:${g.explanation!.by}:${g.keySupervision}`);
  }
  // the data set reaches the grades and decisions it is meant to cover
  for (const want of ['organization:A:direct', 'organization:B:band', 'organization:C:direct', 'organization:D:direct', 'person:good:insufficient', 'person:bad:direct', 'person:poor:band', 'person:excellent:band'])
    assert.ok([...seen].some((s) => s.startsWith(want)), `the data set has ${want}: ${[...seen].join(' ')}`);
  assert.ok([...seen].some((s) => s.endsWith(':true')), 'some subject is 重点监管对象');
});

test('with the keyword domains stored per record (decision 0042) the compiled model still grades as the JS rules do; the stored tag is what it reads', async () => {
  const norm = (xs: Awaited<ReturnType<typeof gradesInJs>>) => [...xs].sort((a, b) => a.subjectId - b.subjectId).map((x) => JSON.parse(JSON.stringify(x)));
  const tagged = await tagRecordKeywords(t.p, entry);
  assert.ok(tagged > 0, `records tagged: ${tagged}`);
  assert.equal(await tagRecordKeywords(t.p, entry), 0, 'tagged once: a second pass finds nothing to do');
  for (const day of DAYS) assert.deepEqual(norm(await gradesInSql(t.p, entry, ids, day)), norm(await gradesInJs(t.p, entry, ids, day)), `graded on ${day} with tags`);
  // the tags are read, not the words: tags cleared under the same key lose every keyword domain
  await t.p.db.query('UPDATE record SET kw_tags = 0 WHERE kw_model IS NOT NULL');
  const cleared = norm(await gradesInSql(t.p, entry, ids, TODAY));
  assert.notDeepEqual(cleared, norm(await gradesInJs(t.p, entry, ids, TODAY)));
  // a model whose words changed has another key: its grading searches the words again (untagged)
  await t.p.db.query(`UPDATE record SET kw_model = 'kw1-another-model' WHERE kw_model IS NOT NULL`);
  assert.deepEqual(norm(await gradesInSql(t.p, entry, ids, TODAY)), norm(await gradesInJs(t.p, entry, ids, TODAY)));
  // before a full run (decision 0056): a table too small for a sample of its pages is tagged whole
  assert.ok(((await tagRecordKeywordsIfMany(t.p, entry)) ?? 0) > 0, 'retagged under the model’s key');
  assert.equal(await tagRecordKeywordsIfMany(t.p, entry), 0, 'then nothing is left to tag');
  assert.deepEqual(norm(await gradesInSql(t.p, entry, ids, TODAY)), norm(await gradesInJs(t.p, entry, ids, TODAY)));
});

test('a full run by each engine writes the same grades, history and run results; the SQL drain writes what the JS drain does', async () => {
  const grades = () =>
    t.p.db.query(`SELECT subject_id, scope, model, grade, score::text, insufficient, key_supervision, explanation, graded_on, next_review_on FROM classification_grade ORDER BY subject_id`);
  const history = (run: string) =>
    t.p.db.query(`SELECT subject_id, grade_from, grade_to, score_from::text, score_to::text, key_from, key_to, model FROM classification_history WHERE run_id = $1 ORDER BY subject_id`, [run]);
  // a run's results (decision 0056: a run in force keeps them in its history rows)
  const results = (run: string) => runResults(t.p.db, run);
  const clear = () => t.p.db.query('TRUNCATE classification_grade, classification_dirty');

  await clear();
  const a = await startRun(t.p, SYSTEM_ACTOR);
  await executeRun(t.p, a.runId, undefined, undefined, 7, 'js');
  const byJs = { grades: await grades(), history: await history(a.runId), results: await results(a.runId) };
  await clear();
  const b = await startRun(t.p, SYSTEM_ACTOR);
  const done = await executeRun(t.p, b.runId, undefined, undefined, 7, 'sql');
  assert.deepEqual([done.status, done.done], ['completed', ids.length]);
  assert.equal(byJs.grades.length, ids.length);
  // the SQL run grades without explanations (decision 0043): the same grades, none explained yet
  const noEx = (xs: unknown[]) => xs.map((x) => ({ ...(x as object), explanation: undefined }));
  const bySql = await grades();
  assert.deepEqual(noEx(bySql), noEx(byJs.grades));
  assert.ok(bySql.every((g) => (g as { explanation: unknown }).explanation === null), 'a full run stores no explanation');
  // read 40 days later (windows of the data set end in between): each built by the model that
  // graded as of the day it graded, agreeing with the JS one, and stored
  t.setToday(addDays(TODAY, 40));
  assert.equal((await explainedGrades(t.p, ids)).size, ids.length);
  t.setToday(TODAY);
  assert.deepEqual(await grades(), byJs.grades);
  assert.deepEqual(await history(b.runId), byJs.history);
  assert.deepEqual(await results(b.runId), byJs.results);
  // from no grades every subject changed: a result each; the summary counts every subject
  assert.equal(byJs.results.length, ids.length);
  assert.deepEqual(done.distribution, (await getRun(t.p, a.runId)).distribution);
  assert.equal(done.distribution.reduce((n, d) => n + d.subjects, 0), ids.length);
  // a second run over the same files changes nothing: no grade written, no history, no result
  const c = await startRun(t.p, SYSTEM_ACTOR);
  const again = await executeRun(t.p, c.runId, undefined, undefined, 7, 'sql');
  assert.deepEqual([again.status, again.done, again.distribution], ['completed', ids.length, done.distribution]);
  assert.deepEqual([(await history(c.runId)).length, (await results(c.runId)).length], [0, 0]);

  // the drain: every subject marked, drained by the JS engine, then again by SQL on a later day
  for (const [engine, day] of [['js', '2027-03-01'], ['sql', '2027-03-01']] as const) {
    await clear();
    t.setToday(day);
    await t.p.db.query('INSERT INTO classification_dirty (subject_id) SELECT unnest($1::bigint[])', [ids]);
    const r = await drainDirty(t.p, 10, undefined, engine);
    assert.equal(r.graded, ids.length);
    if (engine === 'js') byJs.grades = await grades();
    else assert.deepEqual(await grades(), byJs.grades);
  }
  // review days: a day after every review day; both engines regrade the same subjects the same way
  const later = '2028-02-29';
  const snapshot = await grades();
  const reviewed: number[] = [];
  let afterJs: unknown[] = [];
  for (const engine of ['js', 'sql'] as const) {
    await t.p.db.query('TRUNCATE classification_grade');
    for (const g of snapshot) await t.p.db.query(`INSERT INTO classification_grade SELECT * FROM json_populate_record(NULL::classification_grade, $1::json)`, [JSON.stringify({ ...g, computed_at: new Date().toISOString() })]);
    t.setToday(later);
    const r = await drainDirty(t.p, 10, undefined, engine);
    reviewed.push(r.reviewed);
    if (engine === 'js') afterJs = await grades();
    else assert.deepEqual(await grades(), afterJs);
  }
  assert.ok(reviewed[0]! > 0);
  assert.equal(reviewed[1], reviewed[0]);
  t.setToday(TODAY);
});

test('a grade a full run left without explanation (decision 0043): built on read under the model that graded; a file changed without a mark, or a model gone, is graded again first', async () => {
  t.setToday(TODAY);
  await t.p.db.query('TRUNCATE classification_grade, classification_dirty');
  const run = await startRun(t.p, SYSTEM_ACTOR);
  await executeRun(t.p, run.runId);
  const stored = async (id: number) => (await t.p.db.one<{ grade: string; model: string; explanation: unknown }>('SELECT grade, model, explanation FROM classification_grade WHERE subject_id = $1', [id]))!;
  // an organization graded B by the run, with no explanation stored
  const js = await gradesInJs(t.p, entry, ids, TODAY);
  const b = js.find((g) => g.scope === 'organization' && g.grade === 'B')!;
  assert.ok(b, 'the data set has an organization graded B');
  assert.equal((await stored(b.subjectId)).explanation, null);

  // a serious penalty decided today, loaded with the dirty mark removed (triggers off in a bulk
  // load, decision 0032): the explanation built as of the grade's day would say D beside a stored
  // B; the read grades the subject again instead, with a history row, and shows D with its reason
  await t.p.db.query(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, decision_date, severity, status, late)
     SELECT 'penalty', 1, department_id, 'unmarked-1', 1, $1, md5('unmarked-1'), '{}'::jsonb, $2::date, 'serious', 'active', false FROM record WHERE id = (SELECT min(id) FROM record)`,
    [b.subjectId, TODAY],
  );
  await t.p.db.query('DELETE FROM classification_dirty');
  const read = (await explainedGrades(t.p, [b.subjectId])).get(b.subjectId)!;
  const now = (await gradesInJs(t.p, entry, [b.subjectId], TODAY))[0]!;
  assert.deepEqual([read.grade, now.grade], ['D', 'D']);
  assert.deepEqual(read.explanation, JSON.parse(JSON.stringify(now.explanation)));
  const h = await t.p.db.query<{ from: string; to: string; reason: string }>(
    'SELECT grade_from AS from, grade_to AS to, reason FROM classification_history WHERE subject_id = $1 ORDER BY id DESC LIMIT 1',
    [b.subjectId],
  );
  assert.deepEqual(h, [{ from: 'B', to: 'D', reason: 'file-changed' }]);
  assert.equal((await stored(b.subjectId)).grade, 'D');

  // a grade whose model is no longer in the rules file: graded again under the model in force
  const other = js.find((g) => g.subjectId !== b.subjectId && g.scope === 'person')!;
  const label = (await stored(other.subjectId)).model;
  await t.p.db.query(`UPDATE classification_grade SET model = '2000-01-01#gone' WHERE subject_id = $1`, [other.subjectId]);
  const regraded = (await explainedGrades(t.p, [other.subjectId])).get(other.subjectId)!;
  assert.deepEqual([regraded.model, regraded.grade, regraded.explanation], [label, other.grade, JSON.parse(JSON.stringify(other.explanation))]);
});

test('a grade a full run left without explanation, of a subject marked dirty since (the drain not yet run): the read takes the mark and grades it again — the 重点监管对象 list, a grade read and a check never answer without an explanation', async () => {
  t.setToday(TODAY);
  await t.p.db.query('TRUNCATE classification_grade, classification_dirty');
  const run = await startRun(t.p, SYSTEM_ACTOR);
  await executeRun(t.p, run.runId);
  const js = await gradesInJs(t.p, entry, ids, TODAY);
  const flagged = js.filter((g) => g.scope === 'organization' && g.keySupervision);
  const plain = js.filter((g) => g.scope === 'organization' && !g.keySupervision && g.grade !== 'D');
  assert.ok(flagged.length > 0 && plain.length > 1, 'the data set has flagged and unflagged organizations');
  // a serious penalty decided today for a flagged organization and for an unflagged one, each
  // inserted the ordinary way: the trigger marks the subject dirty, and no drain runs
  const penalize = async (sid: number, ref: string) =>
    t.p.db.query(
      `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, decision_date, severity, status, late)
       SELECT 'penalty', 1, department_id, $2, 1, $1, md5($2), '{}'::jsonb, $3::date, 'serious', 'active', false FROM record WHERE id = (SELECT min(id) FROM record)`,
      [sid, ref, TODAY],
    );
  const f = flagged[0]!;
  const [u1, u2] = [plain[0]!, plain[1]!];
  for (const [sid, ref] of [[f.subjectId, 'marked-f'], [u1.subjectId, 'marked-u1'], [u2.subjectId, 'marked-u2']] as const) await penalize(sid, ref);
  const marked = async () => (await t.p.db.query<{ id: number }>('SELECT subject_id::float8 AS id FROM classification_dirty ORDER BY 1')).map((x) => x.id);
  assert.deepEqual(await marked(), [f.subjectId, u1.subjectId, u2.subjectId].sort((a, b) => a - b));

  // the 重点监管对象 list: every flagged organization with its domains, the marked one graded again (D)
  const list = await keySupervisionList(t.p, 1, 100);
  assert.equal(list.total, flagged.length);
  for (const item of list.items) assert.ok(item.domains.length > 0, `${item.subject.name}: domains shown`);
  const now = async (sid: number) => (await gradesInJs(t.p, entry, [sid], TODAY))[0]!;
  const fNow = await now(f.subjectId);
  assert.equal(fNow.grade, 'D');
  const subject = (await subjectsByIds(t.p.db, [f.subjectId])).get(f.subjectId)!;
  assert.equal(list.items.find((i) => i.subject.id === subject.publicId)!.grade, 'D');
  // the read took the mark: the grade written with its explanation and a history row
  assert.deepEqual(await marked(), [u1.subjectId, u2.subjectId].sort((a, b) => a - b));
  const stored = async (sid: number) => (await t.p.db.one<{ grade: string; explanation: unknown }>('SELECT grade, explanation FROM classification_grade WHERE subject_id = $1', [sid]))!;
  assert.deepEqual(await stored(f.subjectId), { grade: 'D', explanation: JSON.parse(JSON.stringify(fNow.explanation)) });

  // explainedGrades of a marked subject: graded again, with the explanation of the grade it shows
  const read = (await explainedGrades(t.p, [u1.subjectId])).get(u1.subjectId);
  const u1Now = await now(u1.subjectId);
  assert.ok(read, 'the marked subject has an answer');
  assert.deepEqual([read.grade, read.explanation], [u1Now.grade, JSON.parse(JSON.stringify(u1Now.explanation))]);

  // the staff grade read (and a check, which reads the same) of the other marked subject
  const s2 = (await subjectsByIds(t.p.db, [u2.subjectId])).get(u2.subjectId)!;
  const answer = await gradeOfSubject(t.p, s2);
  assert.equal(answer.grade, (await now(u2.subjectId)).grade);
  assert.ok(answer.factors.some((x) => x.records.some((r) => r.ref === 'marked-u2')), 'the new penalty is among the records behind the grade');
  assert.deepEqual(await marked(), []);
});

test('runs are never deleted (migration 0040: run results keep run_id without a foreign key, decision 0043 §5)', async () => {
  const runs = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_run'))!.n;
  assert.ok(runs > 0);
  await assert.rejects(t.p.db.query('DELETE FROM classification_run'), /never deleted/);
  await assert.rejects(t.p.db.query('TRUNCATE classification_run CASCADE'), /never deleted/);
  assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_run'))!.n, runs);
});

test('a full run’s partition (decision 0049: graded into a temporary table, then written) grades as the JS rules do on each day, in both compiled forms, records untagged and tagged', async () => {
  const hi = (await t.p.db.one<{ m: number }>('SELECT max(id)::float8 AS m FROM subject'))!.m;
  const norm = (xs: readonly NewGrade[]) =>
    [...xs].filter((x) => ids.includes(x.subjectId)).sort((a, b) => a.subjectId - b.subjectId).map((x) => ({ ...JSON.parse(JSON.stringify(x)), explanation: null }));
  const inPartition = (form: 'range' | 'range-parallel', day: string) =>
    t.p.db.tx(async (tx) => {
      await gradeRangeInto(tx, 0, hi, SUBJECT_RANGE_SQL, compiledGrading(t.p, entry, form), day);
      return tx.query<NewGrade>(
        `SELECT subject_id::float8 AS "subjectId", scope, grade, score::float8 AS score, insufficient, key_supervision AS "keySupervision", explanation,
                next_review_on AS "nextReviewOn" FROM ${GRADED_TABLE} ORDER BY subject_id`,
      );
    });
  await t.p.db.query('UPDATE record SET kw_model = NULL, kw_tags = NULL');
  for (const tagged of [false, true]) {
    if (tagged) assert.ok((await tagRecordKeywords(t.p, entry)) > 0);
    for (const day of DAYS) {
      const js = norm(await gradesInJs(t.p, entry, ids, day));
      for (const form of ['range', 'range-parallel'] as const) assert.deepEqual(norm(await inPartition(form, day)), js, `${form} on ${day}, ${tagged ? 'tagged' : 'untagged'}`);
    }
  }
  // the temporary table went with its transaction
  assert.equal((await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = $1`, [GRADED_TABLE]))!.n, 0);
});

test('a full run in lanes (decision 0056) stopped between partitions and taken over resumes every lane after its last committed partition: nothing graded twice or skipped', async () => {
  t.setToday(TODAY);
  const cls = t.p.modules.classification;
  const lanes = cls.runLanes;
  cls.runLanes = 3; // on PostgreSQL; PGlite runs one lane
  try {
    await t.p.db.query('TRUNCATE classification_grade, classification_dirty');
    const total = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM subject'))!.n;
    const whole = await startRun(t.p, SYSTEM_ACTOR);
    const once = await executeRun(t.p, whole.runId, undefined, undefined, 4, 'sql');
    assert.deepEqual([once.status, once.done], ['completed', total]);
    const graded = await t.p.db.query(`SELECT subject_id, grade, score::text, insufficient, key_supervision, next_review_on FROM classification_grade ORDER BY subject_id`);

    await t.p.db.query('TRUNCATE classification_grade, classification_dirty');
    const run = await startRun(t.p, SYSTEM_ACTOR);
    // stopped after the third committed partition (a crash between partitions: the lanes' partitions
    // in flight commit, no other starts); then the same run executed again, as the job runner retries it
    const stop = new AbortController();
    let partitions = 0;
    const first = await executeRun(t.p, run.runId, () => void (++partitions === 3 && stop.abort()), stop.signal, 4, 'sql');
    assert.equal(first.status, 'running');
    assert.ok(first.done > 0 && first.done < total, `stopped part way: ${first.done} of ${total}`);
    const mid = (await t.p.db.one<{ hi: number[]; last: number[]; cursor: number }>(
      'SELECT lane_hi::float8[] AS hi, lane_last::float8[] AS last, last_subject::float8 AS cursor FROM classification_run WHERE id = $1',
      [run.runId],
    ))!;
    assert.equal(mid.hi.length, t.p.db.kind === 'postgres' ? 3 : 1);
    // last_subject: every subject up to it is graded — the lowest cursor of a lane not finished
    assert.equal(mid.cursor, Math.min(...mid.last.filter((l, k) => l < mid.hi[k]!)));
    const before = (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_grade'))!.n;
    assert.equal(before, first.done, 'what was counted was written');
    const done = await executeRun(t.p, run.runId, undefined, undefined, 4, 'sql');
    // every subject once: the counts add up to the subjects, each has one history row of the run
    assert.deepEqual([done.status, done.done], ['completed', total]);
    assert.equal(done.distribution.reduce((n, d) => n + d.subjects, 0), total);
    assert.deepEqual(done.distribution, once.distribution);
    const history = await t.p.db.query<{ n: number; s: number }>('SELECT count(*)::int AS n, count(DISTINCT subject_id)::int AS s FROM classification_history WHERE run_id = $1', [run.runId]);
    assert.deepEqual(history, [{ n: total, s: total }]);
    assert.equal((await runResults(t.p.db, run.runId)).length, total);
    assert.deepEqual(await t.p.db.query(`SELECT subject_id, grade, score::text, insufficient, key_supervision, next_review_on FROM classification_grade ORDER BY subject_id`), graded);
    const end = (await t.p.db.one<{ hi: number[]; last: number[] }>('SELECT lane_hi::float8[] AS hi, lane_last::float8[] AS last FROM classification_run WHERE id = $1', [run.runId]))!;
    assert.deepEqual(end.last.slice(0, -1), end.hi.slice(0, -1), 'every lane but the last reached its bound');
  } finally {
    cls.runLanes = lanes;
  }
});

test('a first grade the drain commits while a partition writes (decision 0049 §3): the plain insert fails, the write is done again with the upserts', { skip: process.env.XINYONG_TEST_DB !== 'postgres' ? 'needs a second session writing while the partition writes' : false }, async () => {
  t.setToday(TODAY);
  await t.p.db.query('TRUNCATE classification_grade, classification_dirty');
  const hi = (await t.p.db.one<{ m: number }>('SELECT max(id)::float8 AS m FROM subject'))!.m;
  const x = ids[3]!;
  const run = await startRun(t.p, SYSTEM_ACTOR);
  const model = run.model;
  // the "drain": a first grade of x, inserted and held uncommitted until the partition's write waits on it
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const ready = new Promise<void>((r) => (inserted = r));
  const drain = t.p.db.tx(async (tx) => {
    await tx.query(
      `INSERT INTO classification_grade (subject_id, scope, model, grade, score, insufficient, key_supervision, explanation, graded_on, next_review_on, computed_at)
       VALUES ($1, 'organization', $2, 'Z', 1, false, false, NULL, $3::date, NULL, clock_timestamp())`,
      [x, model, TODAY],
    );
    inserted();
    await gate;
  });
  await ready;
  let pid = 0;
  const opts = { model, gradedOn: TODAY, reason: `run:${run.runId}`, runId: run.runId, applies: true, readAt: null };
  const write = t.p.db.tx(async (tx) => {
    pid = (await tx.one<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid;
    await gradeRangeInto(tx, 0, hi, SUBJECT_RANGE_SQL, compiledGrading(t.p, entry, 'range-parallel'), TODAY);
    const graded = (await tx.one<{ grade: string }>(`SELECT grade FROM ${GRADED_TABLE} WHERE subject_id = $1`, [x]))!.grade;
    return { graded, r: await writeGradedRange(tx, 0, hi, opts) };
  });
  // the write's plain insert of x waits for the drain's transaction (the same key, uncommitted) …
  for (;;) {
    const w = await t.p.db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = $2', [pid, 'Lock']);
    if (pid && w.length) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  // … which commits: the insert is a unique violation, and the write runs again with the upserts
  release();
  await drain;
  const { graded, r } = await write;
  assert.equal(r.n, (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM subject'))!.n);
  // the drain's grade was committed before the partition's transaction began: the run's grade replaces it
  assert.equal((await t.p.db.one<{ g: string }>('SELECT grade AS g FROM classification_grade WHERE subject_id = $1', [x]))!.g, graded);
  assert.deepEqual(
    await t.p.db.query('SELECT grade_from, grade_to FROM classification_history WHERE run_id = $1 AND subject_id = $2', [run.runId, x]),
    [{ grade_from: 'Z', grade_to: graded }],
  );
  assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_grade'))!.n, r.n);
});
