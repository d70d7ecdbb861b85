// SQL of commitments (信用承诺): insert, read, list, the fulfilment and breach transitions (each
// guarded by the status it leaves, so a transition happens once however many callers race), and
// the overdue tolerance commitments the sweep looks at.
import type { Db } from '../../kernel/db.ts';
import type { CommitmentKind, CommitmentStatus } from './commitments.rules.ts';

export type EvidenceFile = { sha256: string; filename: string; contentType: string; size: number };

export type CommitmentRow = {
  id: string;
  number: string;
  subjectId: number;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: string;
  subjectCode: string | null;
  subjectMaskedId: string | null;
  kind: CommitmentKind;
  content: string;
  matterRef: string | null;
  departmentId: number;
  departmentName: string;
  departmentUscc: string;
  departmentRegion: string;
  madeOn: string;
  dueOn: string | null;
  status: CommitmentStatus;
  origin: 'department' | 'repair';
  repairId: string | null;
  checkId: string | null;
  createdAt: Date;
  createdBy: string;
  fulfilledOn: string | null;
  fulfilmentNote: string | null;
  breachedOn: string | null;
  breachReason: string | null;
  breachEvidence: EvidenceFile[];
  breachAutomatic: boolean | null;
  breachRecordId: number | null;
};

const COLUMNS = `c.id, c.number, c.subject_id AS "subjectId", s.public_id AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind",
  coalesce(s.uscc, s.reg_no) AS "subjectCode", s.id_masked AS "subjectMaskedId", c.kind, c.content, c.matter_ref AS "matterRef",
  c.department_id AS "departmentId", d.name AS "departmentName", d.uscc AS "departmentUscc", d.region_code AS "departmentRegion",
  c.made_on AS "madeOn", c.due_on AS "dueOn", c.status, c.origin, c.repair_id AS "repairId", c.check_id AS "checkId",
  c.created_at AS "createdAt", c.created_by AS "createdBy", c.fulfilled_on AS "fulfilledOn", c.fulfilment_note AS "fulfilmentNote",
  c.breached_on AS "breachedOn", c.breach_reason AS "breachReason", c.breach_evidence AS "breachEvidence", c.breach_automatic AS "breachAutomatic",
  c.breach_record_id::int AS "breachRecordId"`;
const FROM = `commitment c JOIN subject s ON s.id = c.subject_id JOIN department d ON d.id = c.department_id`;

export type NewCommitment = {
  number: string;
  subjectId: number;
  kind: CommitmentKind;
  content: string;
  matterRef: string | null;
  departmentId: number;
  madeOn: string;
  dueOn: string | null;
  origin: 'department' | 'repair';
  repairId?: string;
  checkId?: string | null;
  status?: CommitmentStatus;
  createdAt: Date;
  createdBy: string;
};

export async function nextNumber(tx: Db, today: string): Promise<string> {
  const n = (await tx.one<{ n: string }>("SELECT nextval('commitment_number_seq')::text AS n"))!.n;
  return `CN${today.replaceAll('-', '')}${n.padStart(6, '0')}`;
}

// Answers the new id; a repair commitment already taken over answers undefined.
export async function insertCommitment(tx: Db, c: NewCommitment): Promise<string | undefined> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO commitment (number, subject_id, kind, content, matter_ref, department_id, made_on, due_on, origin, repair_id, check_id, status, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (repair_id) DO NOTHING RETURNING id`,
    [c.number, c.subjectId, c.kind, c.content, c.matterRef, c.departmentId, c.madeOn, c.dueOn, c.origin, c.repairId ?? null, c.checkId ?? null, c.status ?? 'in-force', c.createdAt, c.createdBy],
  );
  return row?.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCommitment(db: Db, idOrNumber: string, forUpdate = false): Promise<CommitmentRow | undefined> {
  const key = idOrNumber.trim();
  const byId = UUID.test(key);
  return db.one<CommitmentRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${byId ? 'c.id = $1::uuid' : 'c.number = $1'}${forUpdate ? ' FOR UPDATE OF c' : ''}`, [
    byId ? key.toLowerCase() : key.toUpperCase(),
  ]);
}

export type CommitmentFilter = { subjectId?: number; departmentIds?: readonly number[] | null; status?: CommitmentStatus; kind?: CommitmentKind; limit: number; offset: number };

export async function listCommitments(db: Db, f: CommitmentFilter): Promise<{ items: CommitmentRow[]; total: number }> {
  const params: unknown[] = [];
  const conds: string[] = [];
  if (f.subjectId !== undefined) conds.push(`c.subject_id = $${params.push(f.subjectId)}`);
  if (f.departmentIds) conds.push(`c.department_id = ANY($${params.push(f.departmentIds)}::bigint[])`);
  if (f.status) conds.push(`c.status = $${params.push(f.status)}`);
  if (f.kind) conds.push(`c.kind = $${params.push(f.kind)}`);
  const where = conds.length ? conds.join(' AND ') : 'TRUE';
  const total = (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM commitment c WHERE ${where}`, params))!.n;
  const items = await db.query<CommitmentRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY c.made_on DESC, c.created_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items, total };
}

// Public: a subject's commitments of the given kinds (the caller decides whether the subject's are public at all).
export async function commitmentsOfSubject(db: Db, subjectId: number, kinds: readonly string[]): Promise<CommitmentRow[]> {
  return db.query<CommitmentRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.subject_id = $1 AND c.kind = ANY($2::text[]) AND c.status <> 'void' ORDER BY c.made_on DESC, c.id`, [
    subjectId,
    kinds,
  ]);
}

export async function markFulfilled(tx: Db, id: string, o: { on: string; note: string; by: string }): Promise<boolean> {
  const r = await tx.query(
    `UPDATE commitment SET status = 'fulfilled', fulfilled_on = $2, fulfilment_note = $3, fulfilled_by = $4 WHERE id = $1 AND status = 'in-force' RETURNING id`,
    [id, o.on, o.note, o.by],
  );
  return r.length === 1;
}

export async function markBreached(
  tx: Db,
  id: string,
  o: { on: string; reason: string; evidence: readonly EvidenceFile[]; by: string; automatic: boolean; recordId: number },
): Promise<boolean> {
  const r = await tx.query(
    `UPDATE commitment SET status = 'breached', breached_on = $2, breach_reason = $3, breach_evidence = $4::jsonb, breached_by = $5, breach_automatic = $6, breach_record_id = $7
     WHERE id = $1 AND status = 'in-force' RETURNING id`,
    [id, o.on, o.reason, JSON.stringify(o.evidence), o.by, o.automatic, o.recordId],
  );
  return r.length === 1;
}

export async function markVoid(tx: Db, repairIds: readonly string[]): Promise<number> {
  if (repairIds.length === 0) return 0;
  const r = await tx.query(`UPDATE commitment SET status = 'void' WHERE repair_id = ANY($1::uuid[]) AND status = 'in-force' RETURNING id`, [repairIds]);
  return r.length;
}

// Tolerance commitments in force whose due date has passed (the last day may be later: rest
// days, grace; the service decides with the calendar).
export async function dueBefore(db: Db, today: string, limit: number): Promise<{ id: string; madeOn: string; dueOn: string }[]> {
  return db.query(
    `SELECT id, made_on AS "madeOn", due_on AS "dueOn" FROM commitment WHERE status = 'in-force' AND kind = 'tolerance' AND due_on < $1::date ORDER BY due_on, id LIMIT $2`,
    [today, limit],
  );
}

// Locks one commitment for a transition; skips it if another process holds it (two servers).
export async function lockInForce(tx: Db, id: string): Promise<boolean> {
  const r = await tx.query(`SELECT id FROM commitment WHERE id = $1 AND status = 'in-force' FOR UPDATE SKIP LOCKED`, [id]);
  return r.length === 1;
}

export async function takenRepairIds(db: Db, repairIds: readonly string[]): Promise<Set<string>> {
  if (repairIds.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT repair_id AS id FROM commitment WHERE repair_id = ANY($1::uuid[])', [repairIds]);
  return new Set(rows.map((r) => r.id));
}
