// SQL of credit repair (信用修复): applications, the department's queue, decisions, published
// results, escalation of overdue reviews.
import type { Db } from '../../kernel/db.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';

export type RepairStatus = 'pending' | 'approved' | 'refused';

export type RepairRow = {
  id: string;
  number: string;
  subjectId: number;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: SubjectKind;
  subjectCode: string | null;
  subjectMaskedId: string | null;
  category: string;
  departmentId: number;
  departmentName: string;
  departmentRegion: string;
  sourceRef: string;
  recordId: number;
  filedVia: 'portal' | 'staff';
  filedBy: string;
  applicantName: string | null;
  contactMasked: string | null;
  obligations: string;
  commitment: string;
  filedAt: Date;
  filedOn: string;
  earliestDate: string | null;
  workingDays: number;
  dueDate: string;
  dueProvisional: boolean;
  ruleSource: string;
  status: RepairStatus;
  decisionReason: string | null;
  decidedAt: Date | null;
  decidedOn: string | null;
  decidedBy: string | null;
  resultRecordId: number | null;
  escalatedAt: Date | null;
};

const COLUMNS = `a.id, a.number, a.subject_id AS "subjectId", s.public_id AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind",
  coalesce(s.uscc, s.reg_no) AS "subjectCode", s.id_masked AS "subjectMaskedId", a.category, a.department_id AS "departmentId", d.name AS "departmentName",
  d.region_code AS "departmentRegion", a.source_ref AS "sourceRef", a.record_id AS "recordId", a.filed_via AS "filedVia", a.filed_by AS "filedBy",
  a.applicant_name AS "applicantName", a.contact_masked AS "contactMasked", a.obligations, a.commitment, a.filed_at AS "filedAt", a.filed_on AS "filedOn",
  a.earliest_date AS "earliestDate", a.working_days AS "workingDays", a.due_date AS "dueDate", a.due_provisional AS "dueProvisional",
  a.rule_source AS "ruleSource", a.status, a.decision_reason AS "decisionReason", a.decided_at AS "decidedAt", a.decided_on AS "decidedOn",
  a.decided_by AS "decidedBy", a.result_record_id AS "resultRecordId", a.escalated_at AS "escalatedAt"`;
const FROM = `repair_application a JOIN subject s ON s.id = a.subject_id JOIN department d ON d.id = a.department_id`;

export type NewRepair = {
  id: string;
  number: string;
  subjectId: number;
  category: string;
  departmentId: number;
  sourceRef: string;
  recordId: number;
  filedVia: 'portal' | 'staff';
  filedBy: string;
  sessionId: number | null;
  applicantName: string | null;
  applicantContact: string | null;
  contactMasked: string | null;
  obligations: string;
  commitment: string;
  filedAt: Date;
  filedOn: string;
  earliestDate: string | null;
  workingDays: number;
  dueDate: string;
  dueProvisional: boolean;
  ruleSource: string;
};

export async function insertRepair(tx: Db, a: NewRepair): Promise<void> {
  await tx.query(
    `INSERT INTO repair_application (id, number, subject_id, category, department_id, source_ref, record_id, filed_via, filed_by, session_id,
       applicant_name, applicant_contact, contact_masked, obligations, commitment, filed_at, filed_on, earliest_date, working_days, due_date,
       due_provisional, rule_source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
    [
      a.id, a.number, a.subjectId, a.category, a.departmentId, a.sourceRef, a.recordId, a.filedVia, a.filedBy, a.sessionId,
      a.applicantName, a.applicantContact, a.contactMasked, a.obligations, a.commitment, a.filedAt, a.filedOn, a.earliestDate, a.workingDays, a.dueDate,
      a.dueProvisional, a.ruleSource,
    ],
  );
}

export async function hasPending(db: Db, key: { category: string; departmentId: number; sourceRef: string }): Promise<boolean> {
  return (
    (await db.one(`SELECT 1 FROM repair_application WHERE category = $1 AND department_id = $2 AND source_ref = $3 AND status = 'pending'`, [
      key.category,
      key.departmentId,
      key.sourceRef,
    ])) !== undefined
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findRepair(db: Db, idOrNumber: string, forUpdate = false): Promise<RepairRow | undefined> {
  const key = idOrNumber.trim();
  const byId = UUID.test(key);
  return db.one<RepairRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${byId ? 'a.id = $1::uuid' : 'a.number = $1'}${forUpdate ? ' FOR UPDATE OF a' : ''}`, [
    byId ? key.toLowerCase() : key.toUpperCase(),
  ]);
}

export type RepairFilter = { subjectId?: number; departmentIds?: readonly number[] | null; status?: RepairStatus; overdueOn?: string; limit: number; offset: number };

export async function listRepairs(db: Db, f: RepairFilter): Promise<{ items: RepairRow[]; total: number }> {
  const params: unknown[] = [];
  const conds: string[] = [];
  if (f.subjectId !== undefined) conds.push(`a.subject_id = $${params.push(f.subjectId)}`);
  if (f.departmentIds) conds.push(`a.department_id = ANY($${params.push(f.departmentIds)}::bigint[])`);
  if (f.status) conds.push(`a.status = $${params.push(f.status)}`);
  if (f.overdueOn) conds.push(`a.status = 'pending' AND a.due_date < $${params.push(f.overdueOn)}::date`);
  const where = conds.length ? conds.join(' AND ') : 'TRUE';
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM repair_application a WHERE ${where}`, params))!.n;
  const items = await db.query<RepairRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
     ORDER BY (a.status = 'pending') DESC, CASE WHEN a.status = 'pending' THEN a.due_date END, a.filed_at DESC, a.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items, total };
}

export async function decideRepair(
  tx: Db,
  id: string,
  d: { status: Exclude<RepairStatus, 'pending'>; reason: string; at: Date; on: string; by: string; resultRecordId: number | null },
): Promise<void> {
  await tx.query(
    `UPDATE repair_application SET status = $2, decision_reason = $3, decided_at = $4, decided_on = $5, decided_by = $6, result_record_id = $7
     WHERE id = $1 AND status = 'pending'`,
    [id, d.status, d.reason, d.at, d.on, d.by, d.resultRecordId],
  );
}

export type PublishedRepair = {
  number: string;
  decidedOn: string;
  subjectName: string;
  subjectCode: string | null;
  subjectKind: SubjectKind;
  category: string;
  sourceRef: string;
  departmentName: string;
  commitment: string;
};

// 修复结果公示: approvals, newest first. Persons are named only where their records were public.
export async function publishedRepairs(db: Db, o: { from: string; publicPersonCategories: readonly string[]; limit: number; offset: number }): Promise<{ items: PublishedRepair[]; total: number }> {
  // under the public name only (0023): a subject never public is not named
  const where = `a.status = 'approved' AND a.decided_on >= $1::date AND s.public_name IS NOT NULL AND (s.kind <> 'person' OR a.category = ANY($2::text[]))`;
  const params = [o.from, o.publicPersonCategories];
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${FROM} WHERE ${where}`, params))!.n;
  const items = await db.query<PublishedRepair>(
    `SELECT a.number, a.decided_on AS "decidedOn", s.public_name AS "subjectName", coalesce(s.uscc, s.reg_no) AS "subjectCode", s.kind AS "subjectKind",
            a.category, a.source_ref AS "sourceRef", d.name AS "departmentName", a.commitment
     FROM ${FROM} WHERE ${where} ORDER BY a.decided_on DESC, a.number DESC LIMIT $3 OFFSET $4`,
    [...params, o.limit, o.offset],
  );
  return { items, total };
}

export async function escalateOverdue(tx: Db, today: string, at: Date): Promise<{ id: string; number: string; dueDate: string; departmentId: number }[]> {
  return tx.query(
    `UPDATE repair_application SET escalated_at = $2 WHERE status = 'pending' AND due_date < $1::date AND escalated_at IS NULL
     RETURNING id, number, due_date AS "dueDate", department_id AS "departmentId"`,
    [today, at],
  );
}

export async function pendingDeadlines(db: Db, fromDue: string): Promise<{ id: string; filedOn: string; workingDays: number; dueDate: string; dueProvisional: boolean }[]> {
  return db.query(
    `SELECT id, filed_on AS "filedOn", working_days AS "workingDays", due_date AS "dueDate", due_provisional AS "dueProvisional"
     FROM repair_application WHERE status = 'pending' AND (due_date >= $1::date OR due_provisional)`,
    [fromDue],
  );
}

export async function updateDeadlines(tx: Db, rows: readonly { id: string; dueDate: string; provisional: boolean }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE repair_application a SET due_date = t.due::date, due_provisional = t.prov
     FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS t(id, due, prov) WHERE a.id = t.id`,
    [rows.map((r) => r.id), rows.map((r) => r.dueDate), rows.map((r) => r.provisional)],
  );
}

// The last application of each record key (for the credit file's marks).
export async function latestRepairs(db: Db, keys: readonly { category: string; departmentId: number; sourceRef: string }[]): Promise<
  { category: string; departmentId: number; sourceRef: string; number: string; status: RepairStatus; decidedOn: string | null }[]
> {
  if (keys.length === 0) return [];
  return db.query(
    `SELECT DISTINCT ON (a.category, a.department_id, a.source_ref) a.category, a.department_id AS "departmentId", a.source_ref AS "sourceRef",
            a.number, a.status, a.decided_on AS "decidedOn"
     FROM repair_application a JOIN unnest($1::text[], $2::bigint[], $3::text[]) AS k(c, d, r) ON a.category = k.c AND a.department_id = k.d AND a.source_ref = k.r
     ORDER BY a.category, a.department_id, a.source_ref, a.filed_at DESC`,
    [keys.map((k) => k.category), keys.map((k) => k.departmentId), keys.map((k) => k.sourceRef)],
  );
}

// Approved repairs per region of the deciding department and month of decision, counted as the
// public repair results (publishedRepairs) show them: persons only for categories that publish
// persons. The public statistics' repair figures; their sum is the results' total from any day
// before the first decision.
export async function approvedRepairCounts(db: Db, publicPersonCategories: readonly string[]): Promise<{ regionCode: string; month: string; n: number }[]> {
  return db.query(
    `SELECT d.region_code AS "regionCode", to_char(a.decided_on, 'YYYY-MM') AS month, count(*)::int AS n
     FROM ${FROM} WHERE a.status = 'approved' AND (s.kind <> 'person' OR a.category = ANY($1::text[]))
     GROUP BY 1, 2`,
    [publicPersonCategories],
  );
}

// When the last repair decision was taken (approvals are what the public figures count): the
// public statistics' cache key.
export async function latestRepairDecision(db: Db): Promise<string | null> {
  const row = await db.one<{ at: Date | string | null }>(`SELECT max(decided_at) AS at FROM repair_application`);
  return row?.at ? new Date(row.at).toISOString() : null;
}
// Per department, over repair applications due in [from, to]: decided by the due date, and all
// that were due (one still pending after its due date counts against the department).
export async function repairTimelinessByDepartment(db: Db, o: { from: string; to: string; today: string }): Promise<{ departmentId: number; due: number; onTime: number }[]> {
  return db.query(
    `SELECT department_id AS "departmentId",
            count(*) FILTER (WHERE status <> 'pending' OR due_date < $3::date) AS due,
            count(*) FILTER (WHERE status <> 'pending' AND decided_on <= due_date) AS "onTime"
     FROM repair_application WHERE due_date BETWEEN $1::date AND $2::date GROUP BY 1`,
    [o.from, o.to, o.today],
  );
}
