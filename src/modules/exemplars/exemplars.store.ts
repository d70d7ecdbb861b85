// SQL of 诚信典型 (exemplars): nominations and their objections.
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { ExemplarStatus } from './exemplars.rules.ts';

export type ExemplarRow = {
  id: string;
  number: string;
  subjectId: number;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: string;
  subjectUscc: string | null;
  departmentId: number;
  departmentName: string;
  year: number;
  title: string;
  domain: string;
  deeds: string;
  status: ExemplarStatus;
  nominatedAt: Date;
  reviewNote: string | null;
  publicityFrom: DateStr | null;
  publicityUntil: DateStr | null;
  decisionNote: string | null;
  recordId: number | null;
  withdrawnOn: DateStr | null;
  withdrawReason: string | null;
  objections: number;
};

const SELECT = `SELECT e.id, e.number, e.subject_id::int AS "subjectId", s.public_id::text AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind", s.uscc AS "subjectUscc",
  e.department_id::int AS "departmentId", d.name AS "departmentName", e.year, e.title, e.domain, e.deeds, e.status, e.nominated_at AS "nominatedAt", e.review_note AS "reviewNote",
  e.publicity_from::text AS "publicityFrom", e.publicity_until::text AS "publicityUntil", e.decision_note AS "decisionNote", e.record_id::int AS "recordId",
  e.withdrawn_on::text AS "withdrawnOn", e.withdraw_reason AS "withdrawReason", (SELECT count(*)::int FROM exemplar_objection o WHERE o.exemplar_id = e.id) AS objections
  FROM exemplar e JOIN subject s ON s.id = e.subject_id JOIN department d ON d.id = e.department_id`;

export async function nextNumber(tx: Db, year: number): Promise<string> {
  const n = (await tx.one<{ n: number }>(`SELECT nextval('exemplar_number_seq')::int AS n`))!.n;
  return `DX${year}${String(n).padStart(6, '0')}`;
}

export async function insertExemplar(
  tx: Db,
  e: { number: string; subjectId: number; departmentId: number; year: number; title: string; domain: string; deeds: string; at: Date; by: string },
): Promise<string> {
  return (await tx.one<{ id: string }>(
    `INSERT INTO exemplar (number, subject_id, department_id, year, title, domain, deeds, nominated_at, nominated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (subject_id, year, domain) DO NOTHING RETURNING id`,
    [e.number, e.subjectId, e.departmentId, e.year, e.title, e.domain, e.deeds, e.at, e.by],
  ))?.id ?? '';
}

export async function findExemplar(db: Db, id: string, forUpdate = false): Promise<ExemplarRow | undefined> {
  return db.one<ExemplarRow>(`${SELECT} WHERE e.id::text = $1 OR e.number = $1${forUpdate ? ' FOR UPDATE OF e' : ''}`, [id]);
}

export async function listExemplars(db: Db, f: { departmentIds: readonly number[] | null; status?: ExemplarStatus }): Promise<ExemplarRow[]> {
  return db.query<ExemplarRow>(`${SELECT} WHERE ($1::bigint[] IS NULL OR e.department_id = ANY($1::bigint[])) AND ($2::text IS NULL OR e.status = $2) ORDER BY e.nominated_at DESC, e.number LIMIT 500`, [
    f.departmentIds,
    f.status ?? null,
  ]);
}

export async function inPublicityOn(db: Db, today: DateStr): Promise<ExemplarRow[]> {
  return db.query<ExemplarRow>(`${SELECT} WHERE e.status = 'publicity' AND e.publicity_from <= $1 AND e.publicity_until >= $1 ORDER BY e.publicity_from, e.number`, [today]);
}

export async function standing(db: Db): Promise<ExemplarRow[]> {
  return db.query<ExemplarRow>(`${SELECT} WHERE e.status IN ('publicity', 'approved') ORDER BY e.number`);
}

export async function setStatus(
  tx: Db,
  id: string,
  from: ExemplarStatus,
  to: ExemplarStatus,
  set: { reviewedAt?: Date; reviewedBy?: string; reviewNote?: string; publicityFrom?: DateStr; publicityUntil?: DateStr; decidedAt?: Date; decidedBy?: string; decisionNote?: string; recordId?: number; withdrawnOn?: DateStr; withdrawReason?: string },
): Promise<boolean> {
  const cols: Record<string, unknown> = {
    reviewed_at: set.reviewedAt,
    reviewed_by: set.reviewedBy,
    review_note: set.reviewNote,
    publicity_from: set.publicityFrom,
    publicity_until: set.publicityUntil,
    decided_at: set.decidedAt,
    decided_by: set.decidedBy,
    decision_note: set.decisionNote,
    record_id: set.recordId,
    withdrawn_on: set.withdrawnOn,
    withdraw_reason: set.withdrawReason,
  };
  const entries = Object.entries(cols).filter(([, v]) => v !== undefined);
  const params: unknown[] = [id, from, to, ...entries.map(([, v]) => v)];
  const assigns = entries.map(([k], i) => `, ${k} = $${i + 4}`).join('');
  return (await tx.query(`UPDATE exemplar SET status = $3${assigns} WHERE id = $1 AND status = $2 RETURNING id`, params)).length > 0;
}

export async function insertObjection(tx: Db, exemplarId: string, content: string, at: Date): Promise<number> {
  return (await tx.one<{ id: number }>(`INSERT INTO exemplar_objection (exemplar_id, content, filed_at) VALUES ($1, $2, $3) RETURNING id::int AS id`, [exemplarId, content, at]))!.id;
}

export async function objectionsOf(db: Db, exemplarId: string): Promise<{ id: number; content: string; filedAt: Date }[]> {
  return db.query(`SELECT id::int AS id, content, filed_at AS "filedAt" FROM exemplar_objection WHERE exemplar_id = $1 ORDER BY id`, [exemplarId]);
}
