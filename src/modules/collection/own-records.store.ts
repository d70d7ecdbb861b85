// SQL of a department's own records (本部门报送记录): current versions it submitted, filtered and
// paged for the work portal, and read in keyset pages for the XLSX export. Served by
// record_department_idx (0016).
import type { Db } from '../../kernel/db.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';

export type OwnRecordFilter = {
  departmentId: number;
  category?: string;
  from?: string; // decision date, inclusive
  to?: string;
  late?: boolean;
  status?: string; // active, exited, revoked, repaired
  today: string;
};

export type OwnRecordRow = {
  id: number;
  category: string;
  sourceRef: string;
  version: number;
  decisionDate: string;
  severity: string | null;
  status: string;
  statusOn: string | null;
  late: boolean;
  receivedAt: Date;
  batchId: string | null;
  pubFrom: string | null;
  pubUntil: string | null;
  publicToday: boolean;
  subjectKind: SubjectKind;
  subjectName: string;
  subjectCode: string | null;
  subjectMaskedId: string | null;
  fields: Record<string, string>;
};

function where(f: OwnRecordFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.departmentId];
  const conds = ['r.department_id = $1', 'r.superseded_at IS NULL'];
  if (f.category !== undefined) conds.push(`r.category = $${params.push(f.category)}`);
  if (f.from !== undefined) conds.push(`r.decision_date >= $${params.push(f.from)}::date`);
  if (f.to !== undefined) conds.push(`r.decision_date <= $${params.push(f.to)}::date`);
  if (f.late !== undefined) conds.push(`r.late = $${params.push(f.late)}`);
  if (f.status !== undefined) conds.push(`r.status = $${params.push(f.status)}`);
  return { sql: conds.join(' AND '), params };
}

const COLUMNS = (today: number) => `r.id, r.category, r.source_ref AS "sourceRef", r.version, r.decision_date AS "decisionDate", r.severity, r.status, r.status_on AS "statusOn",
  r.late, r.received_at AS "receivedAt", r.batch_id AS "batchId", r.pub_from AS "pubFrom", r.pub_until AS "pubUntil",
  (r.status = 'active' AND r.pub_from IS NOT NULL AND r.pub_from <= $${today}::date AND (r.pub_until IS NULL OR r.pub_until >= $${today}::date)) AS "publicToday",
  s.kind AS "subjectKind", s.name AS "subjectName", coalesce(s.uscc, s.reg_no) AS "subjectCode", s.id_masked AS "subjectMaskedId", r.fields`;

export async function listOwnRecords(db: Db, f: OwnRecordFilter, limit: number, offset: number): Promise<{ items: OwnRecordRow[]; total: number }> {
  const w = where(f);
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM record r WHERE ${w.sql}`, w.params))!.n;
  const items = await db.query<OwnRecordRow>(
    `SELECT ${COLUMNS(w.params.length + 3)} FROM record r JOIN subject s ON s.id = r.subject_id WHERE ${w.sql}
     ORDER BY r.decision_date DESC, r.id DESC LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, limit, offset, f.today],
  );
  return { items, total };
}

// The whole filtered set in the same order, a page at a time (keyset: no OFFSET, constant cost
// per page however deep), for a streamed export.
export async function* iterateOwnRecords(db: Db, f: OwnRecordFilter, pageSize = 2000): AsyncGenerator<OwnRecordRow> {
  let after: { decisionDate: string; id: number } | undefined;
  for (;;) {
    const w = where(f);
    const params = [...w.params];
    let sql = w.sql;
    if (after) sql += ` AND (r.decision_date, r.id) < ($${params.push(after.decisionDate)}::date, $${params.push(after.id)}::bigint)`;
    const page = await db.query<OwnRecordRow>(
      `SELECT ${COLUMNS(params.length + 2)} FROM record r JOIN subject s ON s.id = r.subject_id WHERE ${sql} ORDER BY r.decision_date DESC, r.id DESC LIMIT $${params.length + 1}`,
      [...params, pageSize, f.today],
    );
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { decisionDate: last.decisionDate, id: Number(last.id) };
  }
}
