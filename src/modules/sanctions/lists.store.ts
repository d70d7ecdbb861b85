// SQL of red and black lists (红黑名单): entries are records of a list category. Public pages
// read what is public today, under the subject's public name (0023); exits are new record versions with status 'exited'.
import type { Db } from '../../kernel/db.ts';
import { publicNow, DISPUTED } from '../publication/publication.store.ts';
import type { SubjectKind } from '../subjects/subjects.rules.ts';
import type { SubjectLookup } from './checks.store.ts';

export type EntryRow = {
  id: number;
  category: string;
  sourceRef: string;
  decisionDate: string;
  validUntil: string | null;
  status: string;
  statusOn: string | null;
  statusReason: string | null;
  fields: Record<string, string>;
  departmentName: string;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: SubjectKind;
  subjectUscc: string | null;
  subjectRegNo: string | null;
  subjectIdMasked: string | null;
  disputed: boolean;
};

const ENTRY_COLUMNS = `r.id, r.category, r.source_ref AS "sourceRef", r.decision_date AS "decisionDate", r.valid_until AS "validUntil",
  r.status, r.status_on AS "statusOn", r.status_reason AS "statusReason", r.fields, d.name AS "departmentName",
  s.public_id AS "subjectPublicId", coalesce(s.public_name, '') AS "subjectName", s.kind AS "subjectKind", s.uscc AS "subjectUscc", s.reg_no AS "subjectRegNo",
  s.id_masked AS "subjectIdMasked", ${DISPUTED} AS disputed`;
const FROM = `record r JOIN subject s ON s.id = r.subject_id JOIN department d ON d.id = r.department_id`;

// Entries public today per list (on the list and allowed by its openness).
export async function publicEntryCounts(db: Db, categories: readonly string[], today: string): Promise<Map<string, number>> {
  const rows = await db.query<{ category: string; n: number }>(
    `SELECT r.category, count(*) AS n FROM record r WHERE r.category = ANY($2::text[]) AND ${publicNow(1)} GROUP BY r.category`,
    [today, categories],
  );
  return new Map(rows.map((r) => [r.category, r.n]));
}

export type EntrySearch = { kind: 'name'; pattern: string; prefix: boolean } | { kind: 'code'; lookups: SubjectLookup[]; ref: string } | { kind: 'ref'; ref: string };

export async function publicEntries(
  db: Db,
  o: { category: string; today: string; search?: EntrySearch; limit: number; offset: number },
): Promise<{ items: EntryRow[]; total: number }> {
  const params: unknown[] = [o.today, o.category];
  const where = [`r.category = $2`, publicNow(1)];
  const q = o.search;
  if (q?.kind === 'name') where.push(`${q.prefix ? `(s.public_name COLLATE "C")` : 's.public_name'} LIKE $${params.push(q.pattern)}`);
  if (q?.kind === 'ref') where.push(`r.source_ref = $${params.push(q.ref)}`);
  if (q?.kind === 'code') {
    const conds = q.lookups.map((l) =>
      `s.${l.column} = $${params.push(l.value)}${l.column === 'public_id' ? '::uuid' : ''}`,
    );
    conds.push(`r.source_ref = $${params.push(q.ref)}`);
    where.push(`(${conds.join(' OR ')})`);
  }
  const cond = where.join(' AND ');
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${FROM} WHERE ${cond} LIMIT 10000) x`, params))!.n;
  const items = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ${FROM} WHERE ${cond} ORDER BY r.decision_date DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, o.limit, o.offset],
  );
  return { items, total };
}

export async function publicEntry(db: Db, category: string, id: number, today: string): Promise<EntryRow | undefined> {
  return db.one<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${FROM} WHERE r.id = $2 AND r.category = $3 AND ${publicNow(1)}`, [today, id, category]);
}

export type ExitRow = EntryRow & { exitDate: string; manual: boolean };

// Exit notices: entries taken off (status exited), repaired (信用修复 approved: an early exit by
// the list's rule) or whose term ended, with an exit date in [from, today]. Persons only where
// the list publishes persons.
export async function exitNotices(
  db: Db,
  o: { category: string; from: string; today: string; persons: boolean; limit: number; offset: number; subjectId?: number },
): Promise<{ items: ExitRow[]; total: number }> {
  // one subject's exits (its public page): the subject id follows the other parameters
  const cond = (subjectParam: number) => `r.category = $1 AND r.superseded_at IS NULL
    AND ((r.status IN ('exited', 'repaired') AND r.status_on BETWEEN $2::date AND $3::date)
      OR (r.status = 'active' AND r.valid_until BETWEEN $2::date - 1 AND $3::date - 1))
    ${o.persons ? '' : `AND s.kind <> 'person'`}${o.subjectId === undefined ? '' : ` AND r.subject_id = $${subjectParam}`}`;
  const params = [o.category, o.from, o.today];
  const subject = o.subjectId === undefined ? [] : [o.subjectId];
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${FROM} WHERE ${cond(4)}`, [...params, ...subject]))!.n;
  const items = await db.query<ExitRow>(
    `SELECT ${ENTRY_COLUMNS}, CASE WHEN r.status IN ('exited', 'repaired') THEN r.status_on ELSE r.valid_until + 1 END AS "exitDate", r.status IN ('exited', 'repaired') AS manual
     FROM ${FROM} WHERE ${cond(6)} ORDER BY "exitDate" DESC, r.id DESC LIMIT $4 OFFSET $5`,
    [...params, o.limit, o.offset, ...subject],
  );
  return { items, total };
}

export type CurrentEntry = { id: number; version: number; subjectId: number; decisionDate: string; validUntil: string | null; status: string; statusOn: string | null };

export async function findCurrentEntry(db: Db, category: string, departmentId: number, ref: string): Promise<CurrentEntry | undefined> {
  return db.one<CurrentEntry>(
    `SELECT id, version, subject_id AS "subjectId", decision_date AS "decisionDate", valid_until AS "validUntil", status, status_on AS "statusOn"
     FROM record WHERE category = $1 AND department_id = $2 AND source_ref = $3 AND superseded_at IS NULL FOR UPDATE`,
    [category, departmentId, ref],
  );
}
