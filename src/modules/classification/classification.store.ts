// SQL of classification: current grades, their history, the dirty subjects, full runs.
import { createHash } from 'node:crypto';
import type { Db } from '../../kernel/db.ts';
import { SUBJECT_CITY_SQL } from '../subjects/subjects.store.ts';

// The stored explanation, compact (a full run writes one per subject): how the grade was decided
// (by, and the direct condition's index), the indicators that scored or counted as [id, points,
// count, record version ids] and the 重点监管对象 domains as [code, record version ids]; names and
// words come from the model named in `model` when read (classification.service.ts explain).
export type StoredExplanation = { by: 'direct' | 'band' | 'insufficient'; rule?: number; f: [string, number, number, number[]][]; k: [string, number[]][] };

export type GradeRow = {
  subjectId: number;
  scope: 'organization' | 'person';
  model: string;
  grade: string;
  score: number;
  insufficient: boolean;
  keySupervision: boolean;
  // null: written by a full run, which grades without it (decision 0043); built when read
  explanation: StoredExplanation | null;
  gradedOn: string;
  nextReviewOn: string | null;
  computedAt: Date;
};

const gradeColumns = (a: string) => `${a}.subject_id AS "subjectId", ${a}.scope, ${a}.model, ${a}.grade, ${a}.score::float8 AS score, ${a}.insufficient,
  ${a}.key_supervision AS "keySupervision", ${a}.explanation, ${a}.graded_on AS "gradedOn", ${a}.next_review_on AS "nextReviewOn", ${a}.computed_at AS "computedAt"`;

export async function gradesOf(db: Db, subjectIds: readonly number[], lock = false): Promise<Map<number, GradeRow>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await db.query<GradeRow>(`SELECT ${gradeColumns('g')} FROM classification_grade g WHERE g.subject_id = ANY($1::bigint[])${lock ? ' FOR UPDATE' : ''}`, [subjectIds]);
  return new Map(rows.map((r) => [r.subjectId, r]));
}

// gradeAndDirty as a column of another module's statement (the credit check's subject read, so a
// check makes one round trip for both): a JSON object {row, dirty} for the subject whose id is
// the SQL expression `subjectId`; gradeAndDirtyOf reads it. computedAt travels as UTC to the
// millisecond, as node-postgres reads the timestamp.
export const gradeAndDirtyColumn = (subjectId: string): string => `json_build_object(
  'row', (SELECT json_build_object('subjectId', g.subject_id, 'scope', g.scope, 'model', g.model, 'grade', g.grade, 'score', g.score::float8,
            'insufficient', g.insufficient, 'keySupervision', g.key_supervision, 'explanation', g.explanation, 'gradedOn', g.graded_on,
            'nextReviewOn', g.next_review_on, 'computedAt', to_char(g.computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          FROM classification_grade g WHERE g.subject_id = ${subjectId}),
  'dirty', EXISTS (SELECT 1 FROM classification_dirty d WHERE d.subject_id = ${subjectId}),
  'refs', (SELECT json_agg(json_build_object('id', r.id, 'category', r.category, 'ref', r.source_ref, 'departmentName', d.name, 'decisionDate', r.decision_date,
                                             'severity', r.severity, 'status', r.status, 'current', r.superseded_at IS NULL))
           FROM record r JOIN department d ON d.id = r.department_id
           WHERE r.id = ANY ((SELECT translate(jsonb_path_query_array(g.explanation, '$.k[*][1][*]')::text, '[]', '{}')::bigint[]
                              FROM classification_grade g WHERE g.subject_id = ${subjectId})::bigint[])))`;

// refs: the records of the stored explanation's 重点监管对象 domains (recordRefsByIds's rows),
// read in the same statement: what a check shows of them, without a round trip of its own. The
// ids are taken from the explanation as one array (a scalar), not expanded with set-returning
// functions: the planner sizes those at 100 rows each, and the estimate (≈ 230,000 for the
// candidates statement) crossed jit_above_cost — JIT then compiled every execution, ≈ 0.5 s
// (auto_explain, 2026-12-06); with the array, ≈ 21,000.
export type GradeAndDirtyJson = {
  row: (Omit<GradeRow, 'computedAt'> & { computedAt: string }) | null;
  dirty: boolean;
  refs?: { id: number; category: string; ref: string; departmentName: string; decisionDate: string; severity: string | null; status: string; current: boolean }[] | null;
};

export const gradeAndDirtyOf = (j: GradeAndDirtyJson): { row: GradeRow | undefined; dirty: boolean } => ({
  row: j.row ? { ...j.row, computedAt: new Date(j.row.computedAt) } : undefined,
  dirty: j.dirty,
});

// One round trip for a read: the grade (if any) and whether the subject is marked dirty.
export async function gradeAndDirty(db: Db, subjectId: number): Promise<{ row: GradeRow | undefined; dirty: boolean }> {
  const rows = await db.query<GradeRow & { dirty: boolean; found: boolean }>(
    `SELECT ${gradeColumns('g')}, (g.subject_id IS NOT NULL) AS found,
            EXISTS (SELECT 1 FROM classification_dirty d WHERE d.subject_id = $1) AS dirty
     FROM (SELECT $1::bigint AS id) k LEFT JOIN classification_grade g ON g.subject_id = k.id`,
    [subjectId],
  );
  const r = rows[0]!;
  const { dirty, found, ...row } = r;
  return { row: found ? (row as GradeRow) : undefined, dirty };
}

export type NewGrade = Omit<GradeRow, 'computedAt' | 'model' | 'gradedOn'>;

// The explanation of a grade written without one (a full run's), built as of its day under its
// model: kept only while the grade is still the one it explains (no drain or run rewrote it).
export async function storeExplanation(db: Db, g: GradeRow, explanation: StoredExplanation): Promise<void> {
  await db.query(
    `UPDATE classification_grade SET explanation = $8::jsonb
     WHERE subject_id = $1 AND explanation IS NULL AND model = $2 AND graded_on = $3::date AND grade = $4 AND score = $5::numeric AND key_supervision = $6
       AND next_review_on IS NOT DISTINCT FROM $7::date AND insufficient = $9 AND scope = $10`,
    [g.subjectId, g.model, g.gradedOn, g.grade, g.score, g.keySupervision, g.nextReviewOn, JSON.stringify(explanation), g.insufficient, g.scope],
  );
}

export type WriteOptions = { model: string; gradedOn: string; reason: string; runId: string | null; applies: boolean; readAt: Date | null; advance?: { lastSubject: number; added: number } };

// The write of a page of grades after the CTEs that define `i` (subject_id, scope, grade, score,
// insufficient, key_supervision, explanation, next_review_on): the run's results, the old grades
// locked and compared, the current grades that changed (upsert), a history row for each change of
// grade, score or flag, and the run's cursor. A run of the model in force writes a result row only
// for a subject it leaves to the drain (stale): its other results are its history rows, which now
// carry insufficient_to (decision 0056, runResults). Parameters $1–$8 are the options (writeParams);
// the source's own parameters follow. `stale` guards a page graded from an earlier read: a subject
// marked dirty or graded since is left to the drain. Answers changed (history rows), last (the
// page's last subject) and n (subjects in the page).
type Stale = 'dirty-or-read' | 'dirty-or-statement' | 'dirty-or-transaction' | 'none';
// A full run's partition (stale 'dirty-or-transaction', decision 0049: graded by an earlier
// statement of its transaction, so "since" is the transaction's start) compares with the grades as its snapshot
// saw them and locks only the grades it will write (decision 0042: locking every grade of a
// partition dirtied every page of classification_grade); the lock answers the newest version, so
// a grade written since the statement began is still left alone. Drains and JS pages lock all the
// grades they compare, as before.
// `olds`: which stored grades to compare, as a condition on g (a partition's id range: one scan
// instead of an index probe per subject, decision 0043); by default those of i's subjects.
// `plain` (a full run's partition, decision 0049): the run's results and the grades of subjects
// without one are plain INSERTs, the grades that exist an UPDATE — no speculative insertion
// (ON CONFLICT doubled the CPU of both inserts). A partition commits with its cursor, so its
// results cannot be there already; a grade inserted by the drain since the write's snapshot is a
// unique violation, and the caller writes again with the upsert (writeGradedRange).
// `lane` (a full run's lane, decision 0056: $11 its number, $10 the partition's end): the lane's
// cursor advances, and last_subject becomes the lowest cursor of a lane not finished.
const writeSql = (source: string, stale: Stale, olds = 'g.subject_id IN (SELECT subject_id FROM i)', plain = false, lane = false) => `WITH ${source},
     ${stale === 'dirty-or-statement' || stale === 'dirty-or-transaction'
       ? `o AS (SELECT g.* FROM classification_grade g WHERE ${olds}),`
       : `ol AS (SELECT g.* FROM classification_grade g WHERE $3 AND g.subject_id IN (SELECT subject_id FROM i) FOR UPDATE),
     o AS (SELECT * FROM ol UNION ALL SELECT g.* FROM classification_grade g WHERE NOT $3 AND g.subject_id IN (SELECT subject_id FROM i)),`}
     j0 AS (
       SELECT i.*, o.grade AS o_grade, o.score AS o_score, o.key_supervision AS o_key, o.computed_at AS o_at, $4::timestamptz AS read_at,
              coalesce(o.grade = i.grade AND o.score = i.score AND o.key_supervision = i.key_supervision, false) AS same,
              coalesce(o.grade = i.grade AND o.score = i.score AND o.key_supervision = i.key_supervision AND o.model = $1 AND o.insufficient = i.insufficient
                       AND o.next_review_on IS NOT DISTINCT FROM i.next_review_on AND (i.explanation IS NULL OR o.explanation = i.explanation), false) AS unchanged
       FROM i LEFT JOIN o ON o.subject_id = i.subject_id),
     ${stale === 'dirty-or-statement' || stale === 'dirty-or-transaction'
       ? `lk AS (SELECT g.subject_id, g.computed_at FROM classification_grade g WHERE $3 AND g.subject_id IN (SELECT subject_id FROM j0 WHERE NOT unchanged) FOR UPDATE),
     j AS (
       SELECT j0.*, (EXISTS (SELECT 1 FROM classification_dirty d WHERE d.subject_id = j0.subject_id)
                     OR coalesce(lk.computed_at > ${stale === 'dirty-or-statement' ? 'statement_timestamp()' : 'transaction_timestamp()'}, false)) AS stale
       FROM j0 LEFT JOIN lk ON lk.subject_id = j0.subject_id),`
       : `j AS (
       SELECT j0.*, ${stale === 'none' ? 'false' : `(EXISTS (SELECT 1 FROM classification_dirty d WHERE d.subject_id = j0.subject_id) OR coalesce(j0.o_at > $4::timestamptz, false))`} AS stale
       FROM j0),`}
     res AS (
       INSERT INTO classification_run_result (run_id, subject_id, grade, score, insufficient, key_supervision)
       SELECT $5::uuid, subject_id, grade, score, insufficient, key_supervision FROM j WHERE $5::uuid IS NOT NULL AND NOT same AND (NOT $3 OR stale)
       ${plain ? '' : 'ON CONFLICT (run_id, subject_id) DO NOTHING'}),
     ${plain
       ? `up AS (
       INSERT INTO classification_grade (subject_id, scope, model, grade, score, insufficient, key_supervision, explanation, graded_on, next_review_on, computed_at)
       SELECT subject_id, scope, $1, grade, score, insufficient, key_supervision, explanation, $2::date, next_review_on, clock_timestamp()
       FROM j WHERE $3 AND NOT unchanged AND NOT stale AND o_at IS NULL),
     upd AS (
       UPDATE classification_grade g SET scope = j.scope, model = $1, grade = j.grade, score = j.score, insufficient = j.insufficient,
         key_supervision = j.key_supervision, explanation = j.explanation, graded_on = $2::date, next_review_on = j.next_review_on, computed_at = clock_timestamp()
       FROM j WHERE g.subject_id = j.subject_id AND $3 AND NOT j.unchanged AND NOT j.stale AND j.o_at IS NOT NULL),`
       : `up AS (
       INSERT INTO classification_grade (subject_id, scope, model, grade, score, insufficient, key_supervision, explanation, graded_on, next_review_on, computed_at)
       SELECT subject_id, scope, $1, grade, score, insufficient, key_supervision, explanation, $2::date, next_review_on, clock_timestamp()
       FROM j WHERE $3 AND NOT unchanged AND NOT stale
       ON CONFLICT (subject_id) DO UPDATE SET scope = EXCLUDED.scope, model = EXCLUDED.model, grade = EXCLUDED.grade, score = EXCLUDED.score,
         insufficient = EXCLUDED.insufficient, key_supervision = EXCLUDED.key_supervision, explanation = EXCLUDED.explanation,
         graded_on = EXCLUDED.graded_on, next_review_on = EXCLUDED.next_review_on, computed_at = EXCLUDED.computed_at),`}
     h AS (
       INSERT INTO classification_history (subject_id, grade_from, grade_to, score_from, score_to, key_from, key_to, insufficient_to, reason, model, run_id, changed_on)
       SELECT subject_id, o_grade, grade, o_score, score, o_key, key_supervision, insufficient, $6, $1, $5::uuid, $2::date
       FROM j WHERE $3 AND NOT same AND NOT stale
       RETURNING 1),
     adv AS (
       UPDATE classification_run SET status = 'running', ${lane
         ? `lane_last[$11::int] = $10::bigint,
         last_subject = (SELECT min(v.l) FROM (SELECT CASE WHEN u.k = $11::int THEN $10::bigint ELSE u.l END AS l, u.b
                                              FROM unnest(lane_last, lane_hi) WITH ORDINALITY AS u(l, b, k)) v WHERE v.l < v.b),`
         : `last_subject = CASE WHEN $7::bigint >= 0 THEN $7::bigint ELSE coalesce((SELECT max(subject_id) FROM i), last_subject) END,`}
         done = done + coalesce($8::int, (SELECT count(*) FROM i)::int),
         distribution = coalesce((SELECT jsonb_object_agg(grade, n ORDER BY grade) FROM (
             SELECT grade, sum(n)::bigint AS n FROM (SELECT key AS grade, value::bigint AS n FROM jsonb_each_text(classification_run.distribution)
                                                  UNION ALL SELECT grade, count(*) FROM i GROUP BY grade) u GROUP BY grade) v), distribution)
       WHERE $5::uuid IS NOT NULL AND id = $5::uuid AND $7::bigint IS NOT NULL)
     SELECT (SELECT count(*) FROM h)::int AS changed, (SELECT max(subject_id) FROM i)::float8 AS last, (SELECT count(*) FROM i)::int AS n`;

const writeParams = (o: WriteOptions, advance: { lastSubject: number | null; added: number | null } | null) => [
  o.model,
  o.gradedOn,
  o.applies,
  o.readAt ?? null,
  o.runId,
  o.reason,
  advance ? (advance.lastSubject ?? -1) : null,
  advance ? advance.added : null,
];

// A page of grades computed in JS (gradeSubject), in one statement. A subject whose file changed
// after it was read is left to the drain: it is marked dirty, or (readAt) its grade was computed
// since. Answers how many history rows were written.
export async function writeGrades(tx: Db, rows: readonly NewGrade[], o: WriteOptions): Promise<number> {
  if (rows.length === 0 && !o.advance) return 0;
  const source = `i AS (
       SELECT * FROM unnest($9::bigint[], $10::text[], $11::text[], $12::numeric[], $13::boolean[], $14::boolean[], $15::jsonb[], $16::date[])
         AS t(subject_id, scope, grade, score, insufficient, key_supervision, explanation, next_review_on))`;
  const r = await tx.one<{ changed: number }>(writeSql(source, 'dirty-or-read'), [
    ...writeParams(o, o.advance ? { lastSubject: o.advance.lastSubject, added: o.advance.added } : null),
    rows.map((x) => x.subjectId),
    rows.map((x) => x.scope),
    rows.map((x) => x.grade),
    rows.map((x) => x.score),
    rows.map((x) => x.insufficient),
    rows.map((x) => x.keySupervision),
    rows.map((x) => JSON.stringify(x.explanation)),
    rows.map((x) => x.nextReviewOn),
  ]);
  return r!.changed;
}

// Which subjects a set-based page grades (classification.service.ts composes the CTEs):
//  page   — the next subjects in id order after a cursor (full runs; the run's cursor advances);
//  dirty  — dirty subjects taken (deleted) in this statement, SKIP LOCKED (the drain);
//  review — grades whose review day has come, SKIP LOCKED;
//  ids    — the given subjects.
export type SqlSource = { gs: string; params: unknown[]; stale: Stale; advance: boolean; olds?: string };

export const pageSource = (after: number, limit: number, pageSql: (after: string, limit: string) => string): SqlSource => ({
  gs: `gs AS (${pageSql('$9', '$10')})`,
  params: [after, limit],
  // a subject marked dirty, or graded by the drain since this statement began, is left to the drain
  stale: 'dirty-or-statement',
  advance: true,
});

export const idsSource = (ids: readonly number[], kindsOf: (relation: string) => string): SqlSource => ({
  gs: `given AS (SELECT unnest($9::bigint[]) AS id), gs AS (${kindsOf('given')})`,
  params: [ids],
  stale: 'none',
  advance: false,
});

export const dirtySource = (limit: number, kindsOf: (relation: string) => string): SqlSource => ({
  gs: `taken AS (DELETE FROM classification_dirty WHERE subject_id IN (SELECT subject_id FROM classification_dirty ORDER BY marked_at LIMIT $9 FOR UPDATE SKIP LOCKED)
                 RETURNING subject_id AS id),
     gs AS (${kindsOf('taken')})`,
  params: [limit],
  // the subjects taken are no longer dirty for this transaction; the statement's snapshot still
  // sees their marks, so the dirty guard does not apply (a mark made after it waits for this commit)
  stale: 'none',
  advance: false,
});

export const reviewSource = (limit: number): SqlSource => ({
  gs: `gs AS (SELECT subject_id AS id, scope AS kind FROM classification_grade WHERE next_review_on <= $2::date ORDER BY next_review_on LIMIT $9 FOR UPDATE SKIP LOCKED)`,
  params: [limit],
  stale: 'none',
  advance: false,
});

// Grades a page in SQL: `compiled` is the model's CTEs (classification.compile.ts) over gs and its
// records; one statement reads the files, grades and writes.
// The statement is large (≈ 20 kB) and planning it cost ≈ 30–40 ms on the loaded machine: it is
// prepared once per connection, named by a hash of its text (the model and the source kind).
// A full run's partition (prepared: false) is planned for its own bounds each time: its plan (a
// sequential pass over record, hash aggregates) depends on how many subjects it holds.
export async function gradeAndWrite(tx: Db, src: SqlSource, compiled: string, o: WriteOptions, prepared = true): Promise<{ changed: number; last: number | null; n: number }> {
  const text = writeSql(`${src.gs},${compiled}`, src.stale, src.olds);
  const r = await tx.one<{ changed: number; last: number | null; n: number }>(
    text,
    [...writeParams(o, src.advance ? { lastSubject: null, added: null } : null), ...src.params],
    prepared ? `cls-${createHash('sha256').update(text).digest('hex').slice(0, 16)}` : undefined,
  );
  return r!;
}

// A full run's partition in two statements of one transaction (decision 0049): the grading into
// a temporary table (`CREATE TABLE … AS`, a plain query that PostgreSQL may plan in parallel — a
// statement with data-modifying CTEs never is), then the write read from it. The grading's values
// are inlined (the range's two ids and the day: numbers and an ISO date), as a utility statement
// takes no parameters. Dropped at commit or rollback.
export const GRADED_TABLE = 'classification_graded';
export async function gradeRangeInto(tx: Db, lo: number, hi: number, rangeSql: (lo: string, hi: string) => string, compiled: string, today: string): Promise<void> {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new Error(`a range of subject ids: ${lo}, ${hi}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`a day of grading: ${today}`);
  // the compiled model reads today as $2 and the range as $9 and $10 (compiledGrading's 'range' form)
  const values: Record<string, string> = { '2': `'${today}'::date`, '9': `${lo}::bigint`, '10': `${hi}::bigint` };
  const text = `WITH gs AS (${rangeSql('$9', '$10')}),${compiled}
     SELECT subject_id, scope, grade, score, insufficient, key_supervision, explanation, next_review_on FROM i`.replace(/\$(\d+)(?!\d)/g, (m, k: string) => {
    const v = values[k];
    if (v === undefined) throw new Error(`the partition's grading has a parameter ${m}`);
    return v;
  });
  // the aggregate by hashing, never by sorting (decision 0057): the planner costs the sort's rows
  // with the keyword fields' jsonb they may read (≈ 950 bytes) and chose an external merge of
  // 2.4 GB per lane of 500 k subjects before a group aggregate (27.9 s); the hash aggregate over
  // the same rows needs ≈ 310 MB (22.5 s). Set back for the write that follows.
  const postgres = tx.kind === 'postgres';
  if (postgres) await setLocal(tx, [['enable_sort', 'off']]);
  await tx.query(`CREATE TEMPORARY TABLE ${GRADED_TABLE} ON COMMIT DROP AS ${text}`);
  if (postgres) await setLocal(tx, [['enable_sort', 'on']]);
}

// Settings for the rest of the transaction (set_config(…, true)), in one statement.
export async function setLocal(tx: Db, settings: readonly (readonly [string, string])[]): Promise<void> {
  if (settings.length === 0) return;
  await tx.query(`SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
}

// The write of a partition graded by gradeRangeInto, in the same transaction: the stored grades of
// the range compared, what changed written, the cursor advanced (writeSql). A subject marked dirty,
// or graded by the drain since this transaction began (before the grading's snapshot), is left to
// the drain ('dirty-or-transaction').
// lane: the run's lane the partition belongs to (its cursor advances to hi), decision 0056.
export async function writeGradedRange(tx: Db, lo: number, hi: number, o: WriteOptions, lane?: number): Promise<{ changed: number; last: number | null; n: number }> {
  const text = (plain: boolean) =>
    writeSql(`i AS NOT MATERIALIZED (SELECT * FROM ${GRADED_TABLE})`, 'dirty-or-transaction', 'g.subject_id > $9::bigint AND g.subject_id <= $10::bigint', plain, lane !== undefined);
  const params = [...writeParams(o, { lastSubject: null, added: null }), lo, hi, ...(lane !== undefined ? [lane] : [])];
  // plain inserts first; a first grade the drain wrote since the snapshot makes them fail, and the
  // write is done again with the upserts (the graded table is still there: it precedes the savepoint)
  await tx.query('SAVEPOINT classification_write');
  try {
    const r = await tx.one<{ changed: number; last: number | null; n: number }>(text(true), params);
    await tx.query('RELEASE SAVEPOINT classification_write');
    return r!;
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await tx.query('ROLLBACK TO SAVEPOINT classification_write');
  }
  return (await tx.one<{ changed: number; last: number | null; n: number }>(text(false), params))!;
}

// The grades a source would get, without writing; today is $2. Built for the explanation of a
// grade read (decision 0043: a credit check's first read of a full run's grade) and compared in
// tests: prepared once per connection like gradeAndWrite, so a read does not plan the ≈ 20 kB
// statement each time.
export async function selectGraded(db: Db, src: SqlSource, compiled: string, today: string): Promise<NewGrade[]> {
  // $1–$8 are the write's options: typed here (unused), so the source's parameters keep their numbers
  const text = `WITH unused AS (SELECT $1::text, $3::boolean, $4::timestamptz, $5::uuid, $6::text, $7::bigint, $8::int), ${src.gs},${compiled}
     SELECT subject_id::float8 AS "subjectId", scope, grade, score::float8 AS score, insufficient, key_supervision AS "keySupervision", explanation,
            next_review_on AS "nextReviewOn" FROM i ORDER BY subject_id`;
  return db.query<NewGrade>(text, [null, today, ...Array(6).fill(null), ...src.params], `cls-sel-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
}

export type HistoryEntry = { from: string | null; to: string; scoreFrom: number | null; scoreTo: number; keyFrom: boolean | null; keyTo: boolean; reason: string; model: string; changedOn: string; changedAt: string };

export async function historyOf(db: Db, subjectId: number, limit = 100): Promise<HistoryEntry[]> {
  const rows = await db.query<HistoryEntry & { changedAt: Date }>(
    `SELECT grade_from AS "from", grade_to AS "to", score_from::float8 AS "scoreFrom", score_to::float8 AS "scoreTo", key_from AS "keyFrom", key_to AS "keyTo",
            reason, model, changed_on AS "changedOn", changed_at AS "changedAt"
     FROM classification_history WHERE subject_id = $1 ORDER BY id DESC LIMIT $2`,
    [subjectId, limit],
  );
  return rows.map((r) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() }));
}

// Dirty subjects taken in this transaction (SKIP LOCKED: several workers share the backlog), with
// the scope of their current grade (null: never graded); they stay dirty if the transaction rolls back.
export async function takeDirty(tx: Db, limit: number): Promise<{ id: number; scope: 'organization' | 'person' | null }[]> {
  return tx.query<{ id: number; scope: 'organization' | 'person' | null }>(
    `WITH t AS (DELETE FROM classification_dirty WHERE subject_id IN (SELECT subject_id FROM classification_dirty ORDER BY marked_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING subject_id)
     SELECT t.subject_id AS id, g.scope FROM t LEFT JOIN classification_grade g ON g.subject_id = t.subject_id`,
    [limit],
  );
}

export async function countDirty(db: Db): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_dirty'))!.n;
}

// Grades whose review day has come (a window or a term ended with nothing new on file).
export async function dueForReview(tx: Db, today: string, limit: number): Promise<{ id: number; scope: 'organization' | 'person' }[]> {
  return tx.query<{ id: number; scope: 'organization' | 'person' }>(
    `SELECT subject_id AS id, scope FROM classification_grade WHERE next_review_on <= $1::date ORDER BY next_review_on LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [today, limit],
  );
}

// --- runs

export type RunRow = {
  id: string;
  model: string;
  source: string;
  applies: boolean;
  status: 'queued' | 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  lastSubject: number;
  // the run's lanes (decision 0056): each one's last subject id and cursor; null until planned
  laneHi: number[] | null;
  laneLast: number[] | null;
  requestedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  failure: string | null;
};

const RUN_COLUMNS = `id, model, source, applies, status, total, done, last_subject AS "lastSubject",
  lane_hi::float8[] AS "laneHi", lane_last::float8[] AS "laneLast", requested_by AS "requestedBy", started_at AS "startedAt", finished_at AS "finishedAt", failure`;

export async function insertRun(tx: Db, r: { model: string; modelJson: unknown; source: string; applies: boolean; total: number; requestedBy: string }): Promise<RunRow> {
  return (await tx.one<RunRow>(
    `INSERT INTO classification_run (model, model_json, source, applies, total, requested_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RUN_COLUMNS}`,
    [r.model, JSON.stringify(r.modelJson), r.source, r.applies, r.total, r.requestedBy],
  ))!;
}

export async function findRun(db: Db, id: string): Promise<(RunRow & { modelJson: unknown }) | undefined> {
  return db.one<RunRow & { modelJson: unknown }>(`SELECT ${RUN_COLUMNS}, model_json AS "modelJson" FROM classification_run WHERE id = $1`, [id]);
}

// The run's lanes, planned once (decision 0056): the upper bounds (the last one the largest safe
// id) and each lane's cursor at its lower bound. Answers the lanes as stored: those of an earlier
// execution of the run if it had planned them already.
export async function planRunLanes(db: Db, id: string, hi: readonly number[], last: readonly number[]): Promise<{ laneHi: number[]; laneLast: number[] }> {
  await db.query(`UPDATE classification_run SET lane_hi = $2::bigint[], lane_last = $3::bigint[] WHERE id = $1 AND lane_hi IS NULL`, [id, hi, last]);
  return (await db.one<{ laneHi: number[]; laneLast: number[] }>(`SELECT lane_hi::float8[] AS "laneHi", lane_last::float8[] AS "laneLast" FROM classification_run WHERE id = $1`, [id]))!;
}

export async function finishRun(db: Db, id: string, status: 'completed' | 'failed', failure: string | null): Promise<void> {
  await db.query(`UPDATE classification_run SET status = $2, failure = $3, finished_at = now() WHERE id = $1`, [id, status, failure]);
}

// A run's results: the subjects whose grade, score or flag differed from their current grade, as
// the run graded them. A trial run's are all in classification_run_result; a run of the model in
// force keeps there only those it left to the drain, the others are its history rows (decision
// 0056 — rows written before it, without insufficient_to, are all in classification_run_result).
export type RunResult = { subjectId: number; grade: string; score: number; insufficient: boolean; keySupervision: boolean };
export async function runResults(db: Db, runId: string, subjectId?: number): Promise<RunResult[]> {
  return db.query<RunResult>(
    // a subject is written once per run (its partition commits once); were it written again, the
    // first result stands, as the result row's primary key kept it
    `SELECT DISTINCT ON (subject_id) subject_id::float8 AS "subjectId", grade, score::float8 AS score, insufficient, "keySupervision" FROM (
       SELECT 0 AS o, 0::bigint AS id, subject_id, grade, score, insufficient, key_supervision AS "keySupervision" FROM classification_run_result
       WHERE run_id = $1 AND ($2::bigint IS NULL OR subject_id = $2::bigint)
       UNION ALL
       SELECT 1, id, subject_id, grade_to, score_to, insufficient_to, key_to FROM classification_history
       WHERE run_id = $1 AND insufficient_to IS NOT NULL AND ($2::bigint IS NULL OR subject_id = $2::bigint)) x
     ORDER BY subject_id, o, id`,
    [runId, subjectId ?? null],
  );
}

export async function runDistribution(db: Db, runId: string): Promise<{ grade: string; subjects: number }[]> {
  // the run's summary row; a run from before decision 0042 kept a result for every subject
  const rows = await db.query<{ grade: string; subjects: number }>(
    `SELECT key AS grade, value::int AS subjects FROM classification_run, jsonb_each_text(distribution) WHERE id = $1 ORDER BY key`,
    [runId],
  );
  if (rows.length) return rows;
  return db.query(`SELECT grade, count(*)::int AS subjects FROM classification_run_result WHERE run_id = $1 GROUP BY grade ORDER BY grade`, [runId]);
}

// --- statistics: current grades by scope, grade and city (from the subject's code)

export type StatRow = { scope: string; grade: string; region: string | null; subjects: number; keySupervision: number; insufficient: number };

export async function gradeStats(db: Db): Promise<StatRow[]> {
  return db.query<StatRow>(
    `SELECT g.scope, g.grade, ${SUBJECT_CITY_SQL('s')} AS region, count(*)::int AS subjects,
            count(*) FILTER (WHERE g.key_supervision)::int AS "keySupervision", count(*) FILTER (WHERE g.insufficient)::int AS insufficient
     FROM classification_grade g JOIN subject s ON s.id = g.subject_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 NULLS LAST`,
  );
}

// 重点监管对象 now: subjects flagged, newest grading first.
export async function keySupervisionPage(db: Db, scope: string, offset: number, limit: number): Promise<{ rows: GradeRow[]; total: number }> {
  const rows = await db.query<GradeRow>(
    `SELECT ${gradeColumns('g')} FROM classification_grade g
     WHERE g.key_supervision AND g.scope = $1 ORDER BY g.computed_at DESC, g.subject_id LIMIT $3 OFFSET $2`,
    [scope, offset, limit],
  );
  const total = (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_grade WHERE key_supervision AND scope = $1', [scope]))!.n;
  return { rows, total };
}
