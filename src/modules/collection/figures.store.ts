// Aggregate figures of what departments delivered, for monitoring (coverage, timeliness, quality,
// early warnings): collection owns the record, batch and batch_error tables, so the SQL over them
// lives here. Days are calendar days in the platform's time zone; [from, to] inclusive.
import type { Db } from '../../kernel/db.ts';

// received_at in [from, to] (days in tz), as a range the (received_at, department_id) index serves
const RANGE = (from: number, to: number, tz: number) =>
  `received_at >= ($${from}::date::timestamp AT TIME ZONE $${tz}) AND received_at < (($${to}::date + 1)::timestamp AT TIME ZONE $${tz})`;

const scoped = (params: unknown[], departmentIds: readonly number[] | null, column = 'department_id') =>
  departmentIds ? ` AND ${column} = ANY($${params.push(departmentIds)}::bigint[])` : '';

export type Span = { from: string; to: string; timeZone: string; departmentIds?: readonly number[] | null };

// Per department, category and day of receipt in the span: whether anything arrived (any version:
// a correction is a delivery too), and the new records (first versions) with how many were on time
// (the lateness flag set at ingest: 7 working days on the official calendar, rules/timeliness.json).
// One pass over the span's records serves coverage and timeliness alike.
export async function deliveryFigures(db: Db, s: Span): Promise<{ departmentId: number; category: string; day: string; records: number; onTime: number }[]> {
  const params: unknown[] = [s.from, s.to, s.timeZone];
  return db.query(
    `SELECT department_id AS "departmentId", category, (received_at AT TIME ZONE $3)::date::text AS day,
            count(*) FILTER (WHERE version = 1) AS records, count(*) FILTER (WHERE version = 1 AND NOT late) AS "onTime"
     FROM record WHERE ${RANGE(1, 2, 3)}${scoped(params, s.departmentIds ?? null)}
     GROUP BY 1, 2, 3`,
    params,
  );
}

// Rows received and rejected in batches started in the span, and the most frequent error codes.
export async function batchQuality(db: Db, s: Span, topCodes = 3): Promise<{ departmentId: number; rows: number; rejected: number; topErrors: { code: string; count: number }[] }[]> {
  const params: unknown[] = [s.from, s.to, s.timeZone];
  const scope = scoped(params, s.departmentIds ?? null, 'b.department_id');
  const range = `b.started_at >= ($1::date::timestamp AT TIME ZONE $3) AND b.started_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`;
  const totals = await db.query<{ departmentId: number; rows: number; rejected: number }>(
    `SELECT b.department_id AS "departmentId", sum(b.rows_processed)::bigint AS rows, sum(b.rejected)::bigint AS rejected
     FROM batch b WHERE ${range}${scope} GROUP BY 1`,
    params,
  );
  const codes = await db.query<{ departmentId: number; code: string; count: number }>(
    `SELECT b.department_id AS "departmentId", e.code, count(DISTINCT (e.batch_id, e.row_number)) AS count
     FROM batch b JOIN batch_error e ON e.batch_id = b.id
     WHERE ${range}${scope} GROUP BY 1, 2`,
    params,
  );
  const byDep = new Map<number, { code: string; count: number }[]>();
  for (const c of codes) byDep.set(c.departmentId, [...(byDep.get(c.departmentId) ?? []), { code: c.code, count: c.count }]);
  return totals.map((t) => ({
    ...t,
    topErrors: (byDep.get(t.departmentId) ?? []).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, topCodes),
  }));
}

export type LateRecord = { id: number; category: string; sourceRef: string; decisionDate: string; receivedOn: string; subjectName: string };

// Drill-down: a department's late first versions received in the span, newest first.
export async function lateRecords(db: Db, departmentId: number, s: Span, limit: number): Promise<LateRecord[]> {
  return db.query(
    `SELECT r.id, r.category, r.source_ref AS "sourceRef", r.decision_date AS "decisionDate",
            (r.received_at AT TIME ZONE $3)::date::text AS "receivedOn", su.name AS "subjectName"
     FROM record r JOIN subject su ON su.id = r.subject_id
     WHERE r.department_id = $4 AND r.version = 1 AND r.late AND ${RANGE(1, 2, 3).replaceAll('received_at', 'r.received_at')}
     ORDER BY r.received_at DESC, r.id DESC LIMIT $5`,
    [s.from, s.to, s.timeZone, departmentId, limit],
  );
}

export type RejectedRow = { batchId: string; category: string; rowNumber: number; field: string | null; code: string; zh: string; en: string };

// Drill-down: a department's rejected rows in batches started in the span (one line per error).
export async function rejectedRows(db: Db, departmentId: number, s: Span, limit: number): Promise<RejectedRow[]> {
  return db.query(
    `SELECT b.id AS "batchId", b.category, e.row_number AS "rowNumber", e.field, e.code, e.zh, e.en
     FROM batch b JOIN batch_error e ON e.batch_id = b.id
     WHERE b.department_id = $4 AND b.started_at >= ($1::date::timestamp AT TIME ZONE $3) AND b.started_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
     ORDER BY b.started_at DESC, e.row_number, e.seq LIMIT $5`,
    [s.from, s.to, s.timeZone, departmentId, limit],
  );
}

// Whether a department delivered anything of a category in the span (a 零报送 is refused then).
export async function deliveredAny(db: Db, departmentId: number, category: string, s: Span): Promise<boolean> {
  const row = await db.one(`SELECT 1 FROM record WHERE department_id = $4 AND category = $5 AND ${RANGE(1, 2, 3)} LIMIT 1`, [s.from, s.to, s.timeZone, departmentId, category]);
  return row !== undefined;
}

// The last day each department delivered each category (for silence warnings).
export async function lastDeliveries(db: Db, timeZone: string): Promise<{ departmentId: number; category: string; day: string }[]> {
  return db.query(
    `SELECT department_id AS "departmentId", category, (max(received_at) AT TIME ZONE $1)::date::text AS day FROM record GROUP BY 1, 2`,
    [timeZone],
  );
}

// New records per department and month ('YYYY-MM') in the span (for volume warnings).
export async function monthlyVolumes(db: Db, s: Span): Promise<{ departmentId: number; month: string; records: number }[]> {
  const params: unknown[] = [s.from, s.to, s.timeZone];
  return db.query(
    `SELECT department_id AS "departmentId", to_char(received_at AT TIME ZONE $3, 'YYYY-MM') AS month, count(*) AS records
     FROM record WHERE version = 1 AND ${RANGE(1, 2, 3)} GROUP BY 1, 2`,
    params,
  );
}

export type SeriousSubject = { subjectId: number; publicId: string; kind: string; name: string; regionCode: string; records: number; refs: string[] };

// Subjects with at least `min` current serious records — 严重 penalties or entries of black lists —
// decided on or after `since`: candidates for a 重大失信事件.
export async function subjectsWithSeriousRecords(db: Db, o: { since: string; min: number; blackLists: readonly string[]; limit: number }): Promise<SeriousSubject[]> {
  return db.query(
    `SELECT s.id AS "subjectId", s.public_id::text AS "publicId", s.kind, s.name, min(d.region_code) AS "regionCode", count(*) AS records,
            (array_agg(r.category || ':' || r.source_ref ORDER BY r.decision_date DESC))[1:5] AS refs
     FROM record r JOIN subject s ON s.id = r.subject_id JOIN department d ON d.id = r.department_id
     WHERE r.superseded_at IS NULL AND r.status = 'active' AND r.decision_date >= $1::date
       AND (r.severity = 'serious' OR r.category = ANY($3::text[]))
     GROUP BY s.id HAVING count(*) >= $2 ORDER BY count(*) DESC, s.id LIMIT $4`,
    [o.since, o.min, o.blackLists, o.limit],
  );
}

// The bench's baseline: one plain count per department over the same records.
export async function countPerDepartment(db: Db, s: Span): Promise<{ departmentId: number; records: number }[]> {
  return db.query(
    `SELECT department_id AS "departmentId", count(*) AS records FROM record WHERE version = 1 AND ${RANGE(1, 2, 3)} GROUP BY 1`,
    [s.from, s.to, s.timeZone],
  );
}
