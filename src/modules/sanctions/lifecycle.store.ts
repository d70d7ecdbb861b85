// SQL of the list lifecycle: entries marked 履行完毕 past their removal deadline and still not exited
// (the overdue sweep), and the 信用警示 stage before entry (list_credit_warning, 0033).
import type { Db } from '../../kernel/db.ts';

export type PerformedEntry = {
  id: number;
  category: string;
  sourceRef: string;
  validUntil: string;
  status: string;
  fields: Record<string, string>;
  departmentUscc: string;
  departmentName: string;
  regionCode: string;
};

// Current active entries of `category` whose stored term ended in [from, before) and whose
// performance field holds one of `values`: the candidates of an overdue removal (an entry marked
// 履行完毕 is stored with its term cut at the deadline). Uses record_valid_until_idx (0005).
export async function performedEntriesEnded(db: Db, o: { category: string; field: string; values: readonly string[]; from: string; before: string }): Promise<PerformedEntry[]> {
  return db.query<PerformedEntry>(
    `SELECT r.id, r.category, r.source_ref AS "sourceRef", r.valid_until AS "validUntil", r.status, r.fields,
            d.uscc AS "departmentUscc", d.name AS "departmentName", d.region_code AS "regionCode"
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.category = $1 AND r.superseded_at IS NULL AND r.status = 'active'
       AND r.valid_until >= $2::date AND r.valid_until < $3::date AND r.fields ->> $4 = ANY($5::text[])
     ORDER BY r.valid_until, r.id`,
    [o.category, o.from, o.before, o.field, o.values],
  );
}

export type CreditWarningRow = {
  id: number;
  category: string;
  ref: string;
  reason: string;
  firstDay: string;
  lastDay: string;
  liftedOn: string | null;
  liftReason: string | null;
  createdAt: Date;
  departmentId: number;
  departmentUscc: string;
  departmentName: string;
  regionCode: string;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: string;
  subjectUscc: string | null;
  subjectIdMasked: string | null;
  // the entry that followed: an active entry of the same department, category and subject from the first day
  enteredRef: string | null;
  enteredOn: string | null;
};

const COLUMNS = `w.id, w.category, w.ref, w.reason, w.first_day AS "firstDay", w.last_day AS "lastDay", w.lifted_on AS "liftedOn", w.lift_reason AS "liftReason",
  w.created_at AS "createdAt", w.department_id AS "departmentId", d.uscc AS "departmentUscc", d.name AS "departmentName", d.region_code AS "regionCode",
  s.public_id AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind", s.uscc AS "subjectUscc", s.id_masked AS "subjectIdMasked",
  e.source_ref AS "enteredRef", e.decision_date AS "enteredOn"`;
const FROM = `list_credit_warning w JOIN department d ON d.id = w.department_id JOIN subject s ON s.id = w.subject_id
  LEFT JOIN LATERAL (SELECT r.source_ref, r.decision_date FROM record r
    WHERE r.subject_id = w.subject_id AND r.category = w.category AND r.department_id = w.department_id AND r.superseded_at IS NULL
      AND r.status = 'active' AND r.decision_date >= w.first_day ORDER BY r.decision_date LIMIT 1) e ON true`;

export async function insertCreditWarning(
  tx: Db,
  w: { category: string; departmentId: number; subjectId: number; ref: string; reason: string; firstDay: string; lastDay: string; at: Date; by: string },
): Promise<number | undefined> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO list_credit_warning (category, department_id, subject_id, ref, reason, first_day, last_day, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (category, department_id, ref) DO NOTHING RETURNING id`,
    [w.category, w.departmentId, w.subjectId, w.ref, w.reason, w.firstDay, w.lastDay, w.at, w.by],
  );
  return row?.id;
}

export async function findCreditWarning(db: Db, id: number, forUpdate = false): Promise<CreditWarningRow | undefined> {
  return db.one<CreditWarningRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE w.id = $1${forUpdate ? ' FOR UPDATE OF w' : ''}`, [id]);
}

export async function liftCreditWarning(tx: Db, id: number, on: string, reason: string): Promise<void> {
  await tx.query(`UPDATE list_credit_warning SET lifted_on = $2, lift_reason = $3 WHERE id = $1`, [id, on, reason]);
}

// Newest first; departmentIds null: every department (operators of the province).
export async function listCreditWarnings(db: Db, o: { departmentIds: readonly number[] | null; category?: string; subjectId?: number; limit: number }): Promise<CreditWarningRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (o.departmentIds) where.push(`w.department_id = ANY($${params.push(o.departmentIds)}::bigint[])`);
  if (o.category) where.push(`w.category = $${params.push(o.category)}`);
  if (o.subjectId !== undefined) where.push(`w.subject_id = $${params.push(o.subjectId)}`);
  return db.query<CreditWarningRow>(
    `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.first_day DESC, w.id DESC LIMIT $${params.push(o.limit)}`,
    params,
  );
}
