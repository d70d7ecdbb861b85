// SQL of 主动申报 (self-declared information).
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { DeclarationKind } from './declarations.rules.ts';

export type DeclarationRow = {
  id: string;
  number: string;
  subjectId: number;
  kind: DeclarationKind;
  title: string;
  content: string;
  issuer: string | null;
  validUntil: DateStr | null;
  declaredOn: DateStr;
  status: 'declared' | 'withdrawn' | 'false';
  flaggedOn: DateStr | null;
  flagReason: string | null;
  flagDepartmentId: number | null;
  flagRecordId: number | null;
};

const COLS = `id, number, subject_id::int AS "subjectId", kind, title, content, issuer, valid_until::text AS "validUntil", declared_on::text AS "declaredOn", status,
  flagged_on::text AS "flaggedOn", flag_reason AS "flagReason", flag_department_id::int AS "flagDepartmentId", flag_record_id::int AS "flagRecordId"`;

export async function nextNumber(tx: Db, today: DateStr): Promise<string> {
  const n = (await tx.one<{ n: number }>(`SELECT nextval('declaration_number_seq')::int AS n`))!.n;
  return `SB${today.replace(/-/g, '')}${String(n).padStart(6, '0')}`;
}

export async function insertDeclaration(
  tx: Db,
  d: { number: string; subjectId: number; kind: DeclarationKind; title: string; content: string; issuer: string | null; validUntil: DateStr | null; declaredOn: DateStr; at: Date; sessionId: number },
): Promise<string> {
  return (await tx.one<{ id: string }>(
    `INSERT INTO declaration (number, subject_id, kind, title, content, issuer, valid_until, declared_on, declared_at, session_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [d.number, d.subjectId, d.kind, d.title, d.content, d.issuer, d.validUntil, d.declaredOn, d.at, d.sessionId],
  ))!.id;
}

export async function findDeclaration(db: Db, id: string, forUpdate = false): Promise<DeclarationRow | undefined> {
  return db.one<DeclarationRow>(`SELECT ${COLS} FROM declaration WHERE id::text = $1 OR number = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
}

export async function declarationsOf(db: Db, subjectId: number, onlyStanding: boolean): Promise<DeclarationRow[]> {
  return db.query<DeclarationRow>(`SELECT ${COLS} FROM declaration WHERE subject_id = $1${onlyStanding ? ` AND status = 'declared'` : ''} ORDER BY declared_on DESC, number DESC`, [subjectId]);
}

export async function markFalse(tx: Db, id: string, f: { on: DateStr; by: string; departmentId: number; reason: string; recordId: number }): Promise<boolean> {
  return (
    await tx.query(
      `UPDATE declaration SET status = 'false', flagged_on = $2, flagged_by = $3, flag_department_id = $4, flag_reason = $5, flag_record_id = $6 WHERE id = $1 AND status = 'declared' RETURNING id`,
      [id, f.on, f.by, f.departmentId, f.reason, f.recordId],
    )
  ).length > 0;
}

// Staff review queue: the newest declarations of every subject (standing ones unless a status is
// given), with the subject's name and code.
export async function recentDeclarations(db: Db, o: { status?: DeclarationRow['status']; limit: number }): Promise<(DeclarationRow & { subjectName: string; subjectCode: string | null })[]> {
  return db.query(
    `SELECT x.*, s.name AS "subjectName", coalesce(s.uscc, s.reg_no) AS "subjectCode"
     FROM (SELECT ${COLS} FROM declaration WHERE status = $1 ORDER BY declared_on DESC, number DESC LIMIT $2) x JOIN subject s ON s.id = x."subjectId"
     ORDER BY x."declaredOn" DESC, x.number DESC`,
    [o.status ?? 'declared', o.limit],
  );
}
