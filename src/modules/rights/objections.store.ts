// SQL of objections (异议): the objection, its contested records (items), the department's
// queue, outcomes, escalation of overdue objections and the per-department counts.
import type { Db } from '../../kernel/db.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';

export type ItemStatus = 'open' | 'corrected' | 'revoked' | 'upheld';

export type ObjectionRow = {
  id: string;
  number: string;
  subjectId: number;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: SubjectKind;
  subjectCode: string | null;
  subjectMaskedId: string | null;
  filedVia: 'portal' | 'staff';
  filedBy: string;
  applicantName: string | null;
  contactMasked: string | null;
  reason: string;
  filedAt: Date;
  filedOn: string;
  workingDays: number;
  dueDate: string;
  dueProvisional: boolean;
  ruleSource: string;
  status: 'open' | 'decided';
  decidedAt: Date | null;
  escalatedAt: Date | null;
  inPersonDocument: string | null;
  inPersonCheckedBy: string | null;
};

export type ItemRow = {
  objectionId: string;
  seq: number;
  category: string;
  departmentId: number;
  departmentName: string;
  departmentRegion: string;
  sourceRef: string;
  recordId: number;
  status: ItemStatus;
  note: string | null;
  decidedAt: Date | null;
  decidedOn: string | null;
  decidedBy: string | null;
  resultRecordId: number | null;
};

const OBJECTION_COLUMNS = `o.id, o.number, o.subject_id AS "subjectId", s.public_id AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind",
  coalesce(s.uscc, s.reg_no) AS "subjectCode", s.id_masked AS "subjectMaskedId", o.filed_via AS "filedVia", o.filed_by AS "filedBy",
  o.applicant_name AS "applicantName", o.contact_masked AS "contactMasked", o.reason, o.filed_at AS "filedAt", o.filed_on AS "filedOn",
  o.working_days AS "workingDays", o.due_date AS "dueDate", o.due_provisional AS "dueProvisional", o.rule_source AS "ruleSource",
  o.status, o.decided_at AS "decidedAt", o.escalated_at AS "escalatedAt",
  o.in_person_document AS "inPersonDocument", o.in_person_checked_by AS "inPersonCheckedBy"`;

const ITEM_COLUMNS = `i.objection_id AS "objectionId", i.seq, i.category, i.department_id AS "departmentId", d.name AS "departmentName",
  d.region_code AS "departmentRegion", i.source_ref AS "sourceRef", i.record_id AS "recordId", i.status, i.note, i.decided_at AS "decidedAt",
  i.decided_on AS "decidedOn", i.decided_by AS "decidedBy", i.result_record_id AS "resultRecordId"`;

export type NewObjection = {
  id: string;
  number: string;
  subjectId: number;
  subjectKind: SubjectKind;
  filedVia: 'portal' | 'staff';
  filedBy: string;
  sessionId: number | null;
  applicantName: string | null;
  applicantContact: string | null;
  contactMasked: string | null;
  reason: string;
  filedAt: Date;
  filedOn: string;
  workingDays: number;
  dueDate: string;
  dueProvisional: boolean;
  ruleSource: string;
  items: { category: string; departmentId: number; sourceRef: string; recordId: number }[];
};

export async function insertObjection(tx: Db, o: NewObjection): Promise<void> {
  await tx.query(
    `WITH o AS (
       INSERT INTO objection (id, number, subject_id, subject_kind, filed_via, filed_by, session_id, applicant_name, applicant_contact, contact_masked,
         reason, filed_at, filed_on, working_days, due_date, due_provisional, rule_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id)
     INSERT INTO objection_item (objection_id, seq, category, department_id, source_ref, record_id)
     SELECT (SELECT id FROM o), t.seq, t.c, t.d, t.r, t.rid FROM unnest($18::int[], $19::text[], $20::bigint[], $21::text[], $22::bigint[]) AS t(seq, c, d, r, rid)`,
    [
      o.id, o.number, o.subjectId, o.subjectKind, o.filedVia, o.filedBy, o.sessionId, o.applicantName, o.applicantContact, o.contactMasked,
      o.reason, o.filedAt, o.filedOn, o.workingDays, o.dueDate, o.dueProvisional, o.ruleSource,
      o.items.map((_, i) => i + 1), o.items.map((i) => i.category), o.items.map((i) => i.departmentId), o.items.map((i) => i.sourceRef), o.items.map((i) => i.recordId),
    ],
  );
}

// Keys among these that already have an open objection.
export async function openItemKeys(db: Db, keys: readonly { category: string; departmentId: number; sourceRef: string }[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<{ sourceRef: string }>(
    `SELECT i.source_ref AS "sourceRef" FROM objection_item i JOIN unnest($1::text[], $2::bigint[], $3::text[]) AS k(c, d, r)
       ON i.category = k.c AND i.department_id = k.d AND i.source_ref = k.r WHERE i.status = 'open'`,
    [keys.map((k) => k.category), keys.map((k) => k.departmentId), keys.map((k) => k.sourceRef)],
  );
  return rows.map((r) => r.sourceRef);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// By id (uuid) or number (YY…).
export async function findObjection(db: Db, idOrNumber: string, forUpdate = false): Promise<(ObjectionRow & { items: ItemRow[] }) | undefined> {
  const key = idOrNumber.trim();
  const byId = UUID.test(key);
  const o = await db.one<ObjectionRow>(
    `SELECT ${OBJECTION_COLUMNS} FROM objection o JOIN subject s ON s.id = o.subject_id WHERE ${byId ? 'o.id = $1::uuid' : 'o.number = $1'}${forUpdate ? ' FOR UPDATE OF o' : ''}`,
    [byId ? key.toLowerCase() : key.toUpperCase()],
  );
  if (!o) return undefined;
  const items = await db.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM objection_item i JOIN department d ON d.id = i.department_id WHERE i.objection_id = $1 ORDER BY i.seq`,
    [o.id],
  );
  return { ...o, items };
}

export type ObjectionFilter = {
  subjectId?: number;
  departmentIds?: readonly number[] | null; // null: all departments
  status?: 'open' | 'decided';
  overdueOn?: string; // only open ones past their due date on this day
  limit: number;
  offset: number;
};

// Objections (newest first; open ones by due date first) with the items of the departments asked for.
export async function listObjections(db: Db, f: ObjectionFilter): Promise<{ items: (ObjectionRow & { items: ItemRow[] })[]; total: number }> {
  const params: unknown[] = [];
  const conds: string[] = [];
  if (f.subjectId !== undefined) conds.push(`o.subject_id = $${params.push(f.subjectId)}`);
  if (f.status) conds.push(`o.status = $${params.push(f.status)}`);
  if (f.overdueOn) conds.push(`o.status = 'open' AND o.due_date < $${params.push(f.overdueOn)}::date`);
  let itemScope = 'TRUE';
  if (f.departmentIds) {
    const p = params.push(f.departmentIds);
    conds.push(`EXISTS (SELECT 1 FROM objection_item x WHERE x.objection_id = o.id AND x.department_id = ANY($${p}::bigint[]))`);
    itemScope = `i.department_id = ANY($${p}::bigint[])`;
  }
  const where = conds.length ? conds.join(' AND ') : 'TRUE';
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM objection o WHERE ${where}`, params))!.n;
  const rows = await db.query<ObjectionRow & { items: ItemRow[] }>(
    `SELECT ${OBJECTION_COLUMNS},
       (SELECT coalesce(json_agg(json_build_object('objectionId', i.objection_id, 'seq', i.seq, 'category', i.category, 'departmentId', i.department_id,
          'departmentName', d.name, 'departmentRegion', d.region_code, 'sourceRef', i.source_ref, 'recordId', i.record_id, 'status', i.status, 'note', i.note,
          'decidedAt', i.decided_at, 'decidedOn', i.decided_on, 'decidedBy', i.decided_by, 'resultRecordId', i.result_record_id) ORDER BY i.seq), '[]'::json)
        FROM objection_item i JOIN department d ON d.id = i.department_id WHERE i.objection_id = o.id AND ${itemScope}) AS items
     FROM objection o JOIN subject s ON s.id = o.subject_id
     WHERE ${where}
     ORDER BY (o.status = 'open') DESC, CASE WHEN o.status = 'open' THEN o.due_date END, o.filed_at DESC, o.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  // json_agg gives timestamps as strings
  return {
    total,
    items: rows.map((r) => ({ ...r, items: r.items.map((i) => ({ ...i, decidedAt: i.decidedAt ? new Date(i.decidedAt) : null })) })),
  };
}

export async function decideItem(
  tx: Db,
  objectionId: string,
  seq: number,
  d: { status: Exclude<ItemStatus, 'open'>; note: string; at: Date; on: string; by: string; resultRecordId: number | null },
): Promise<void> {
  await tx.query(
    `UPDATE objection_item SET status = $3, note = $4, decided_at = $5, decided_on = $6, decided_by = $7, result_record_id = $8
     WHERE objection_id = $1 AND seq = $2 AND status = 'open'`,
    [objectionId, seq, d.status, d.note, d.at, d.on, d.by, d.resultRecordId],
  );
}

// The objection is decided when no item is open any more.
export async function closeIfDecided(tx: Db, objectionId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE objection SET status = 'decided', decided_at = $2
     WHERE id = $1 AND status = 'open' AND NOT EXISTS (SELECT 1 FROM objection_item WHERE objection_id = $1 AND status = 'open') RETURNING id`,
    [objectionId, at],
  );
  return rows.length > 0;
}

// Set-based and idempotent: open objections past their due day, not yet escalated, are marked
// now; answers what was marked, with the departments whose items are still open.
export async function escalateOverdue(tx: Db, today: string, at: Date): Promise<{ id: string; number: string; dueDate: string; departmentIds: number[] }[]> {
  return tx.query(
    `UPDATE objection o SET escalated_at = $2
     WHERE o.status = 'open' AND o.due_date < $1::date AND o.escalated_at IS NULL
     RETURNING o.id, o.number, o.due_date AS "dueDate",
       (SELECT array_agg(DISTINCT i.department_id) FROM objection_item i WHERE i.objection_id = o.id AND i.status = 'open') AS "departmentIds"`,
    [today, at],
  );
}

export type DepartmentCounts = {
  departmentId: number;
  departmentName: string;
  items: number;
  open: number;
  decided: number;
  onTime: number;
  late: number;
  openOverdue: number;
  corrected: number;
  revoked: number;
  upheld: number;
};

// Per department, over objections filed in [from, to]: answered in time, late, and still open
// past the due date (counted against the department).
export async function countsByDepartment(db: Db, o: { from: string; to: string; today: string; departmentIds: readonly number[] | null }): Promise<DepartmentCounts[]> {
  const params: unknown[] = [o.from, o.to, o.today];
  const scope = o.departmentIds ? `AND i.department_id = ANY($${params.push(o.departmentIds)}::bigint[])` : '';
  return db.query<DepartmentCounts>(
    `SELECT i.department_id AS "departmentId", min(d.name) AS "departmentName", count(*) AS items,
            count(*) FILTER (WHERE i.status = 'open') AS open,
            count(*) FILTER (WHERE i.status <> 'open') AS decided,
            count(*) FILTER (WHERE i.status <> 'open' AND i.decided_on <= ob.due_date) AS "onTime",
            count(*) FILTER (WHERE i.status <> 'open' AND i.decided_on > ob.due_date) AS late,
            count(*) FILTER (WHERE i.status = 'open' AND ob.due_date < $3::date) AS "openOverdue",
            count(*) FILTER (WHERE i.status = 'corrected') AS corrected,
            count(*) FILTER (WHERE i.status = 'revoked') AS revoked,
            count(*) FILTER (WHERE i.status = 'upheld') AS upheld
     FROM objection_item i JOIN objection ob ON ob.id = i.objection_id JOIN department d ON d.id = i.department_id
     WHERE ob.filed_on BETWEEN $1::date AND $2::date ${scope}
     GROUP BY i.department_id ORDER BY min(d.name), i.department_id`,
    params,
  );
}

// The outcome each record key last had, for marking records "objection result: …".
export async function latestOutcomes(db: Db, keys: readonly { category: string; departmentId: number; sourceRef: string }[]): Promise<
  { category: string; departmentId: number; sourceRef: string; objectionId: string; number: string; status: ItemStatus; note: string | null; decidedOn: string | null }[]
> {
  if (keys.length === 0) return [];
  return db.query(
    `SELECT DISTINCT ON (i.category, i.department_id, i.source_ref) i.category, i.department_id AS "departmentId", i.source_ref AS "sourceRef",
            o.id AS "objectionId", o.number, i.status, i.note, i.decided_on AS "decidedOn"
     FROM objection_item i JOIN objection o ON o.id = i.objection_id
       JOIN unnest($1::text[], $2::bigint[], $3::text[]) AS k(c, d, r) ON i.category = k.c AND i.department_id = k.d AND i.source_ref = k.r
     ORDER BY i.category, i.department_id, i.source_ref, o.filed_at DESC`,
    [keys.map((k) => k.category), keys.map((k) => k.departmentId), keys.map((k) => k.sourceRef)],
  );
}

// Open objections and their deadline basis, for recomputing due dates after a holiday notice.
export async function openDeadlines(db: Db, fromDue: string): Promise<{ id: string; filedOn: string; workingDays: number; dueDate: string; dueProvisional: boolean }[]> {
  return db.query(
    `SELECT id, filed_on AS "filedOn", working_days AS "workingDays", due_date AS "dueDate", due_provisional AS "dueProvisional"
     FROM objection WHERE status = 'open' AND (due_date >= $1::date OR due_provisional)`,
    [fromDue],
  );
}

export async function updateDeadlines(tx: Db, rows: readonly { id: string; dueDate: string; provisional: boolean }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE objection o SET due_date = t.due::date, due_provisional = t.prov
     FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS t(id, due, prov) WHERE o.id = t.id`,
    [rows.map((r) => r.id), rows.map((r) => r.dueDate), rows.map((r) => r.provisional)],
  );
}
