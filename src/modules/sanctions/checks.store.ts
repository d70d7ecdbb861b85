// SQL of credit checks: the subject and its candidate records in one round trip, the stored
// snapshot, feedback, pending feedback, feedback rates and cases.
import type { Db } from '../../kernel/db.ts';
import { publicNow } from '../publication/publication.store.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';
import type { AppliedMeasure, CandidateRecord, FeedbackItem, FeedbackOutcome } from './sanctions.rules.ts';

// A person's ID number is looked up by its subject key (ID:id_card:<blind index>): the unique
// key index serves it, where id_blind has no index of its own.
export type SubjectLookup = { column: 'public_id' | 'uscc' | 'org_code' | 'reg_no' | 'subject_key'; value: string };

export type CheckedSubject = {
  id: number;
  publicId: string;
  kind: SubjectKind;
  name: string;
  uscc: string | null;
  regNo: string | null;
  orgCode: string | null;
  idMasked: string | null;
};

type RawCandidate = Omit<CandidateRecord, 'via'> & { via: CandidateRecord['via'] | null };

// The subject a code names (first interpretation that matches) and the current versions of its
// records in `categories`, plus, through legal-representative links, the organizations' serious
// records and blacklist entries. `disputed`: an open dispute on the record key.
export async function subjectWithCandidates(
  db: Db,
  lookups: readonly SubjectLookup[],
  categories: readonly string[],
  blackCategories: readonly string[],
): Promise<{ subject: CheckedSubject | undefined; records: CandidateRecord[]; also: unknown }> {
  return (await subjectsWithCandidates(db, [lookups], categories, blackCategories))[0]!;
}

// A column another module reads with the subject in the same statement (the check's grade):
// `sql` of the subject id's SQL expression; its value comes back as `also` (null without a subject).
export type AlsoColumn = { sql: (subjectId: string) => string; name: string };

// The interpretations of a code, most likely first (readSubjectCode): a subject found by an
// earlier one wins. Several per code, at most one per column.
const LOOKUP_RANK: readonly SubjectLookup['column'][] = ['public_id', 'uscc', 'org_code', 'reg_no', 'subject_key'];

// What a credit check reads about a person beside the candidates, in the same statement (one
// round trip per batch instead of one or two per check): which candidate records are public on
// `today` (publication's rule, as publicRecordIdsAmong) and the regions of the departments holding
// a current record of the person (as recordRegionsOf). Absent for organizations.
export type PersonReads = { publicIds: ReadonlySet<number>; recordRegions: readonly string[] };

// subjectWithCandidates for many codes in one statement (concurrent checks read together).
// `today`: also answer `person` (PersonReads) for each person found.
export async function subjectsWithCandidates(
  db: Db,
  codes: readonly (readonly SubjectLookup[])[],
  categories: readonly string[],
  blackCategories: readonly string[],
  also?: AlsoColumn,
  today?: string,
): Promise<{ subject: CheckedSubject | undefined; records: CandidateRecord[]; also: unknown; person?: PersonReads }[]> {
  if (codes.length === 0) return [];
  // per code its value in each column (or none); the rank is the column's place in LOOKUP_RANK,
  // which is the order readSubjectCode gives its readings in
  const input = JSON.stringify(codes.map((ls, i) => Object.fromEntries([['ord', i + 1], ...ls.map((l) => [l.column, l.value])])));
  for (const ls of codes)
    for (let i = 1; i < ls.length; i++)
      if (LOOKUP_RANK.indexOf(ls[i]!.column) <= LOOKUP_RANK.indexOf(ls[i - 1]!.column)) throw new Error(`subject look-ups out of order: ${ls.map((l) => l.column).join(', ')}`);
  const disputed = `EXISTS (SELECT 1 FROM record_dispute x WHERE x.category = r.category AND x.department_id = r.department_id AND x.source_ref = r.source_ref AND x.closed_at IS NULL)`;
  const cols = `r.id, r.category, r.source_ref AS ref, d.name AS "departmentName", r.department_id AS "departmentId", r.decision_date AS "decisionDate", r.severity,
    r.valid_until AS "validUntil", r.status, ${disputed} AS disputed${today ? `, f.kind = 'person' AND ${publicNow(4)} AS public` : ''}`;
  const subjectCols = `id, public_id AS "publicId", kind, name, uscc, reg_no AS "regNo", org_code AS "orgCode", id_masked AS "idMasked"`;
  // a person's record regions: every current record, any category (recordRegionsOf's rows)
  const regions = `CASE WHEN f.kind = 'person' THEN (SELECT coalesce(json_agg(x.region_code ORDER BY x.region_code), '[]'::json) FROM (
       SELECT DISTINCT d.region_code FROM record r JOIN department d ON d.id = r.department_id WHERE r.subject_id = f.id AND r.superseded_at IS NULL) x) END`;
  const rows = await db.query<{ ord: number; subject: CheckedSubject; records: (RawCandidate & { public?: boolean })[]; also?: unknown; regions?: string[] | null }>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($3::json) AS i(ord int, public_id uuid, uscc text, org_code text, reg_no text, subject_key text)
     ), found AS (
       SELECT i.ord, s.* FROM input i CROSS JOIN LATERAL (
         SELECT * FROM (
           SELECT 0 AS rank, ${subjectCols} FROM subject WHERE public_id = i.public_id
           UNION ALL SELECT 1, ${subjectCols} FROM subject WHERE subject_key = 'USCC:' || i.uscc
           UNION ALL SELECT 2, ${subjectCols} FROM subject WHERE org_code = i.org_code
           UNION ALL SELECT 3, ${subjectCols} FROM subject WHERE reg_no = i.reg_no
           UNION ALL SELECT 4, ${subjectCols} FROM subject WHERE subject_key = i.subject_key
         ) u ORDER BY rank, id LIMIT 1) s
     )
     SELECT f.ord::int AS ord,
       json_build_object('id', f.id, 'publicId', f."publicId", 'kind', f.kind, 'name', f.name, 'uscc', f.uscc, 'regNo', f."regNo", 'orgCode', f."orgCode", 'idMasked', f."idMasked") AS subject,
       (SELECT coalesce(json_agg(t), '[]'::json) FROM (
          SELECT ${cols}, NULL::json AS via
          FROM record r JOIN department d ON d.id = r.department_id
          WHERE r.subject_id = f.id AND r.superseded_at IS NULL AND r.category = ANY($1::text[])
          UNION ALL
          SELECT ${cols}, json_build_object('role', l.role, 'subjectId', o.public_id, 'name', o.name, 'code', coalesce(o.uscc, o.reg_no)) AS via
          FROM subject_link l
            JOIN record r ON r.category = l.category AND r.department_id = l.department_id AND r.source_ref = l.source_ref AND r.superseded_at IS NULL
            JOIN subject o ON o.id = l.org_subject_id
            JOIN department d ON d.id = r.department_id
          WHERE l.person_subject_id = f.id AND l.superseded_at IS NULL AND (r.category = ANY($2::text[]) OR r.severity = 'serious')
       ) t) AS records${also ? `,
       ${also.sql('f.id')} AS also` : ''}${today ? `,
       ${regions} AS regions` : ''}
     FROM found f`,
    today ? [categories, blackCategories, input, today] : [categories, blackCategories, input],
    // prepared: the plan of this query costs more than running it. The codes come as JSON, not
    // arrays: the planner cannot see how many there are (unnest of an array it can), so the
    // generic plan costs the same as a custom one and is kept, instead of every execution being
    // planned anew (~4 ms here)
    `sanctions.candidates${also ? `+${also.name}` : ''}${today ? '+person' : ''}`,
  );
  const out = codes.map(() => ({ subject: undefined as CheckedSubject | undefined, records: [] as CandidateRecord[], also: null as unknown, person: undefined as PersonReads | undefined }));
  for (const r of rows) {
    const person: PersonReads | undefined =
      today && r.subject.kind === 'person' ? { publicIds: new Set(r.records.filter((c) => c.public).map((c) => Number(c.id))), recordRegions: r.regions ?? [] } : undefined;
    out[r.ord - 1] = { subject: r.subject, records: r.records.map(({ via, public: _public, ...c }) => (via ? { ...c, via } : c)), also: r.also ?? null, person };
  }
  return out;
}

export type NewCheck = {
  id: string;
  subjectId: number | null;
  subjectCode: string;
  departmentId: number;
  scenario: string;
  matterRef: string | null;
  actor: string;
  checkedAt: Date;
  checkedOn: string;
  snapshot: unknown;
  feedbackDue: string | null;
  measures: readonly AppliedMeasure[];
  // the subject's authorization the shown non-public records rested on (banks, agencies), if any
  authorization?: { id: string; purpose: string } | null;
};

// Many checks in one statement (the check writer batches concurrent checks into one transaction).
export async function insertChecks(tx: Db, checks: readonly NewCheck[]): Promise<void> {
  if (checks.length === 0) return;
  const q = insertChecksSql(checks, 1);
  await tx.query(`WITH ${q.ctes} SELECT count(*) FROM check_rows`, q.params, q.name);
}

// insertChecks as common table expressions, for the check writer, which runs them in the
// statement that writes the checks' audit events (one round trip); parameters numbered from
// `first`. Prepared; the rows travel as JSON (one serialization, no array escaping of each
// snapshot, and a generic plan the planner keeps, where arrays would be planned anew each time).
// `gate`: per check, a number (or null); a check with one is written only if it is among the
// `ord`s of the CTE `gate.admitted` (the credit-check writer: the check's nonce was fresh).
export function insertChecksSql(
  checks: readonly NewCheck[],
  first: number,
  gate?: { of: readonly (number | null)[]; admitted: string },
): { ctes: string; params: unknown[]; name: string } {
  const rows = checks.map((x, i) => ({
    gate: gate?.of[i] ?? null,
    id: x.id,
    subject_id: x.subjectId,
    subject_code: x.subjectCode,
    department_id: x.departmentId,
    scenario: x.scenario,
    matter_ref: x.matterRef,
    actor: x.actor,
    checked_at: x.checkedAt,
    checked_on: x.checkedOn,
    snapshot: x.snapshot,
    feedback_due: x.feedbackDue,
    authorization_id: x.authorization?.id ?? null,
    authorization_purpose: x.authorization?.purpose ?? null,
  }));
  const measures = checks.flatMap((x) =>
    x.measures.map((m) => ({
      check_id: x.id,
      measure_id: m.measureId,
      revision: m.revision,
      kind: m.kind,
      suspended: m.suspended,
      triggers: m.triggers.filter((h) => h.recordId).map((h) => h.recordId),
      until: m.until,
    })),
  );
  const ctes = `check_rows AS (
       INSERT INTO credit_check (id, subject_id, subject_code, department_id, scenario, matter_ref, actor, checked_at, checked_on, snapshot, feedback_due, authorization_id, authorization_purpose)
       SELECT id, subject_id, subject_code, department_id, scenario, matter_ref, actor, checked_at, checked_on, snapshot, feedback_due, authorization_id, authorization_purpose
       FROM json_to_recordset($${first}::json) AS t(gate int, id uuid, subject_id bigint, subject_code text, department_id bigint, scenario text, matter_ref text, actor text,
                                              checked_at timestamptz, checked_on date, snapshot jsonb, feedback_due date, authorization_id uuid, authorization_purpose text)${gate ? `
       WHERE t.gate IS NULL OR t.gate IN (SELECT ord FROM ${gate.admitted})` : ''}
       RETURNING id
     ), check_measure_rows AS (
       INSERT INTO credit_check_measure (check_id, measure_id, revision, kind, suspended, trigger_record_ids, until)
       SELECT t.check_id, t.measure_id, t.revision, t.kind, t.suspended, coalesce(t.triggers, '{}'), t.until
       FROM json_to_recordset($${first + 1}::json) AS t(check_id uuid, measure_id text, revision int, kind text, suspended boolean, triggers bigint[], until date)
       WHERE EXISTS (SELECT 1 FROM check_rows c WHERE c.id = t.check_id)
     )`;
  return { ctes, params: [JSON.stringify(rows), JSON.stringify(measures)], name: `sanctions.insert-checks${gate ? '-gated' : ''}@${first}` };
}

export type StoredCheck = {
  id: string;
  subjectId: number | null;
  subjectCode: string;
  departmentId: number;
  scenario: string;
  matterRef: string | null;
  actor: string;
  checkedAt: Date;
  checkedOn: string;
  snapshot: Record<string, unknown>;
  feedbackDue: string | null;
  feedbackAt: Date | null;
  matterOutcome: string | null;
  outcomeNote: string | null;
  authorizationId: string | null;
  authorizationPurpose: string | null;
  measures: StoredCheckMeasure[];
};

export type StoredCheckMeasure = {
  measureId: string;
  revision: number;
  kind: 'reward' | 'punishment';
  suspended: boolean;
  until: string | null;
  outcome: FeedbackOutcome | null;
  reason: string | null;
  feedbackAt: string | null;
  feedbackBy: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCheck(db: Db, id: string, forUpdate = false): Promise<StoredCheck | undefined> {
  if (!UUID.test(id)) return undefined;
  const c = await db.one<Omit<StoredCheck, 'measures'>>(
    `SELECT id, subject_id AS "subjectId", subject_code AS "subjectCode", department_id AS "departmentId", scenario, matter_ref AS "matterRef",
            actor, checked_at AS "checkedAt", checked_on AS "checkedOn", snapshot, feedback_due AS "feedbackDue", feedback_at AS "feedbackAt",
            matter_outcome AS "matterOutcome", outcome_note AS "outcomeNote",
            authorization_id AS "authorizationId", authorization_purpose AS "authorizationPurpose"
     FROM credit_check WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id.toLowerCase()],
  );
  if (!c) return undefined;
  const measures = await db.query<StoredCheckMeasure>(
    `SELECT measure_id AS "measureId", revision, kind, suspended, until, outcome, reason, to_char(feedback_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "feedbackAt", feedback_by AS "feedbackBy"
     FROM credit_check_measure WHERE check_id = $1 ORDER BY measure_id`,
    [c.id],
  );
  return { ...c, measures };
}

export async function recordFeedback(
  tx: Db,
  checkId: string,
  items: readonly FeedbackItem[],
  by: string,
  at: Date,
  matter: { outcome: string; note: string | null },
  complete: boolean,
): Promise<void> {
  if (items.length)
    await tx.query(
      `UPDATE credit_check_measure m SET outcome = t.outcome, reason = NULLIF(t.reason, ''), feedback_at = $2, feedback_by = $3
       FROM unnest($4::text[], $5::text[], $6::text[]) AS t(measure_id, outcome, reason)
       WHERE m.check_id = $1 AND m.measure_id = t.measure_id`,
      [checkId, at, by, items.map((i) => i.measureId), items.map((i) => i.outcome), items.map((i) => i.reason?.trim() ?? '')],
    );
  await tx.query(
    `UPDATE credit_check SET matter_outcome = $2, outcome_note = coalesce($3, outcome_note), feedback_at = CASE WHEN $4 THEN coalesce(feedback_at, $5) ELSE feedback_at END WHERE id = $1`,
    [checkId, matter.outcome, matter.note, complete, at],
  );
}

export type PendingFeedback = {
  checkId: string;
  checkedAt: Date;
  checkedOn: string;
  feedbackDue: string;
  scenario: string;
  matterRef: string | null;
  subjectCode: string;
  subjectName: string | null;
  departmentId: number;
  departmentName: string;
  owed: number;
  given: number;
};

// Checks still owing feedback, oldest due first; `departmentIds` null = all.
export async function pendingFeedback(db: Db, departmentIds: readonly number[] | null, limit: number, offset: number): Promise<{ items: PendingFeedback[]; total: number }> {
  const where = `c.feedback_due IS NOT NULL AND c.feedback_at IS NULL${departmentIds ? ' AND c.department_id = ANY($1::bigint[])' : ''}`;
  const params: unknown[] = departmentIds ? [departmentIds] : [];
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM credit_check c WHERE ${where}`, params))!.n;
  const items = await db.query<PendingFeedback>(
    `SELECT c.id AS "checkId", c.checked_at AS "checkedAt", c.checked_on AS "checkedOn", c.feedback_due AS "feedbackDue", c.scenario, c.matter_ref AS "matterRef",
            c.subject_code AS "subjectCode", s.name AS "subjectName", c.department_id AS "departmentId", d.name AS "departmentName",
            (SELECT count(*) FROM credit_check_measure m WHERE m.check_id = c.id AND NOT m.suspended) AS owed,
            (SELECT count(*) FROM credit_check_measure m WHERE m.check_id = c.id AND NOT m.suspended AND m.outcome IS NOT NULL) AS given
     FROM credit_check c JOIN department d ON d.id = c.department_id LEFT JOIN subject s ON s.id = c.subject_id
     WHERE ${where}
     ORDER BY c.feedback_due, c.checked_at LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { items, total };
}

export type RateRow = { key: string; name: string; owed: number; given: number; onTime: number; late: number; overdue: number; applied: number; notApplied: number; notApplicable: number };

// Feedback rates over checks made in [from, to]: per department, or per measure.
export async function feedbackRates(db: Db, by: 'department' | 'measure', o: { from: string; to: string; today: string; timeZone: string; departmentIds: readonly number[] | null }): Promise<RateRow[]> {
  const params: unknown[] = [o.from, o.to, o.today, o.timeZone];
  let scope = '';
  if (o.departmentIds) {
    params.push(o.departmentIds);
    scope = ` AND c.department_id = ANY($${params.length}::bigint[])`;
  }
  const key = by === 'department' ? `d.id::text` : `m.measure_id`;
  const name = by === 'department' ? `min(d.name)` : `m.measure_id`;
  return db.query<RateRow>(
    `SELECT ${key} AS key, ${name} AS name,
            count(*) AS owed,
            count(*) FILTER (WHERE m.outcome IS NOT NULL) AS given,
            count(*) FILTER (WHERE m.outcome IS NOT NULL AND (m.feedback_at AT TIME ZONE $4)::date <= c.feedback_due) AS "onTime",
            count(*) FILTER (WHERE m.outcome IS NOT NULL AND (m.feedback_at AT TIME ZONE $4)::date > c.feedback_due) AS late,
            count(*) FILTER (WHERE m.outcome IS NULL AND c.feedback_due < $3::date) AS overdue,
            count(*) FILTER (WHERE m.outcome = 'applied') AS applied,
            count(*) FILTER (WHERE m.outcome = 'not_applied') AS "notApplied",
            count(*) FILTER (WHERE m.outcome = 'not_applicable') AS "notApplicable"
     FROM credit_check c JOIN credit_check_measure m ON m.check_id = c.id AND NOT m.suspended JOIN department d ON d.id = c.department_id
     WHERE c.checked_on BETWEEN $1::date AND $2::date${scope}
     GROUP BY ${key}
     ORDER BY 1`,
    params,
  );
}

export type CaseRow = {
  checkId: string;
  checkedAt: Date;
  scenario: string;
  matterRef: string | null;
  matterOutcome: string | null;
  outcomeNote: string | null;
  departmentName: string;
  subjectKind: SubjectKind | null;
  subjectName: string | null;
  subjectCode: string;
  measures: { measureId: string; kind: 'reward' | 'punishment'; outcome: FeedbackOutcome }[];
};

// 奖惩案例: checks where at least one measure was applied, newest first.
export async function listCases(
  db: Db,
  o: { kind?: 'reward' | 'punishment'; departmentIds: readonly number[] | null; limit: number; offset: number },
): Promise<{ items: CaseRow[]; total: number }> {
  const params: unknown[] = [];
  const conds = [`EXISTS (SELECT 1 FROM credit_check_measure a WHERE a.check_id = c.id AND a.outcome = 'applied'${o.kind ? ` AND a.kind = $${params.push(o.kind)}` : ''})`];
  if (o.departmentIds) conds.push(`c.department_id = ANY($${params.push(o.departmentIds)}::bigint[])`);
  const where = conds.join(' AND ');
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM credit_check c WHERE ${where}`, params))!.n;
  const items = await db.query<CaseRow>(
    `SELECT c.id AS "checkId", c.checked_at AS "checkedAt", c.scenario, c.matter_ref AS "matterRef", c.matter_outcome AS "matterOutcome",
            c.outcome_note AS "outcomeNote", d.name AS "departmentName", s.kind AS "subjectKind", s.name AS "subjectName", c.subject_code AS "subjectCode",
            (SELECT json_agg(json_build_object('measureId', m.measure_id, 'kind', m.kind, 'outcome', m.outcome) ORDER BY m.measure_id)
               FROM credit_check_measure m WHERE m.check_id = c.id AND m.outcome = 'applied') AS measures
     FROM credit_check c JOIN department d ON d.id = c.department_id LEFT JOIN subject s ON s.id = c.subject_id
     WHERE ${where}
     ORDER BY c.checked_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, o.limit, o.offset],
  );
  return { items, total };
}

// A subject's checks, newest first: what their access log shows (rights module).
// authorization: the subject's authorization the check's shown non-public records rested on.
export async function checksOfSubject(
  db: Db,
  subjectId: number,
  limit = 100,
): Promise<{ id: string; checkedAt: Date; departmentName: string; scenario: string; matterRef: string | null; authorizationId: string | null; authorizationPurpose: string | null }[]> {
  return db.query(
    `SELECT c.id, c.checked_at AS "checkedAt", d.name AS "departmentName", c.scenario, c.matter_ref AS "matterRef",
            c.authorization_id AS "authorizationId", c.authorization_purpose AS "authorizationPurpose"
     FROM credit_check c JOIN department d ON d.id = c.department_id WHERE c.subject_id = $1 ORDER BY c.checked_at DESC LIMIT $2`,
    [subjectId, limit],
  );
}

// Credit checks still owing feedback whose due day is on or after `fromDue`.
export async function pendingFeedbackDeadlines(tx: Db, fromDue: string): Promise<{ id: string; checkedOn: string; feedbackDue: string }[]> {
  return tx.query(
    `SELECT id, checked_on AS "checkedOn", feedback_due AS "feedbackDue" FROM credit_check
     WHERE feedback_due IS NOT NULL AND feedback_at IS NULL AND feedback_due >= $1::date`,
    [fromDue],
  );
}

export async function updateFeedbackDue(tx: Db, rows: readonly { id: string; feedbackDue: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE credit_check c SET feedback_due = t.due::date FROM unnest($1::uuid[], $2::text[]) AS t(id, due) WHERE c.id = t.id`,
    [rows.map((r) => r.id), rows.map((r) => r.feedbackDue)],
  );
}

// Which of the subjects the department checked at or after `since` (subscriptions to checked
// subjects): by subject, or by the USCC as checked when the subject was not yet on file.
export async function subjectsCheckedSince(db: Db, departmentId: number, since: Date, subjects: readonly { id: number; uscc: string | null }[]): Promise<Set<number>> {
  if (subjects.length === 0) return new Set();
  const rows = await db.query<{ id: number }>(
    `SELECT DISTINCT s.id::int AS id FROM unnest($3::bigint[], $4::text[]) AS s(id, uscc)
     WHERE EXISTS (SELECT 1 FROM credit_check c WHERE c.department_id = $1 AND c.checked_at >= $2 AND (c.subject_id = s.id OR (s.uscc IS NOT NULL AND c.subject_code = s.uscc)))`,
    [departmentId, since, subjects.map((x) => x.id), subjects.map((x) => x.uscc)],
  );
  return new Set(rows.map((r) => r.id));
}
