// SQL of the resource directory (信用信息资源目录) and of 零报送 declarations.
import type { Db } from '../../kernel/db.ts';
import type { Frequency } from './monitoring.rules.ts';

export type DirectoryEntry = {
  id: number;
  key: string;
  revision: number;
  departmentId: number | null;
  departmentUscc: string | null;
  departmentName: string | null;
  departmentRegion: string | null;
  departmentKind: string | null;
  category: string;
  frequency: Frequency;
  from: string;
  zeroCounts: boolean;
  active: boolean;
  source: 'file' | 'operator';
  fileHash: string | null;
  note: string | null;
  createdAt: Date;
  createdBy: string;
};

const COLUMNS = `e.id, e.entry_key AS key, e.revision, e.department_id AS "departmentId", d.uscc AS "departmentUscc", d.name AS "departmentName",
  d.region_code AS "departmentRegion", e.department_kind AS "departmentKind", e.category, e.frequency, e.effective_from::text AS "from",
  e.zero_counts AS "zeroCounts", e.active, e.source, e.file_hash AS "fileHash", e.note, e.created_at AS "createdAt", e.created_by AS "createdBy"`;

// The current revision of every entry.
export async function currentEntries(db: Db): Promise<DirectoryEntry[]> {
  return db.query<DirectoryEntry>(
    `SELECT ${COLUMNS} FROM directory_entry e LEFT JOIN department d ON d.id = e.department_id
     WHERE e.revision = (SELECT max(x.revision) FROM directory_entry x WHERE x.entry_key = e.entry_key)
     ORDER BY e.department_kind NULLS FIRST, d.uscc, e.category, e.effective_from`,
  );
}

export async function entryHistory(db: Db, key: string): Promise<DirectoryEntry[]> {
  return db.query<DirectoryEntry>(
    `SELECT ${COLUMNS} FROM directory_entry e LEFT JOIN department d ON d.id = e.department_id WHERE e.entry_key = $1 ORDER BY e.revision DESC`,
    [key],
  );
}

export async function findEntryById(db: Db, id: number): Promise<DirectoryEntry | undefined> {
  return db.one<DirectoryEntry>(`SELECT ${COLUMNS} FROM directory_entry e LEFT JOIN department d ON d.id = e.department_id WHERE e.id = $1`, [id]);
}

// Revisions by id (the downward feed names them), in id order.
export async function entriesByIds(db: Db, ids: readonly number[]): Promise<DirectoryEntry[]> {
  if (ids.length === 0) return [];
  return db.query<DirectoryEntry>(`SELECT ${COLUMNS} FROM directory_entry e LEFT JOIN department d ON d.id = e.department_id WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`, [ids]);
}

export type NewRevision = {
  key: string;
  departmentId: number | null;
  departmentKind: string | null;
  category: string;
  frequency: Frequency;
  from: string;
  zeroCounts: boolean;
  active: boolean;
  source: 'file' | 'operator';
  fileHash: string | null;
  note: string | null;
  at: Date;
  by: string;
};

// Appends the next revision of an entry; undefined when a concurrent writer took that revision
// number first (the unique index decides).
export async function insertRevision(tx: Db, r: NewRevision): Promise<number | undefined> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO directory_entry (entry_key, revision, department_id, department_kind, category, frequency, effective_from, zero_counts, active, source, file_hash, note, created_at, created_by)
     SELECT $1, coalesce((SELECT max(revision) FROM directory_entry WHERE entry_key = $1), 0) + 1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13
     ON CONFLICT (entry_key, revision) DO NOTHING
     RETURNING id`,
    [r.key, r.departmentId, r.departmentKind, r.category, r.frequency, r.from, r.zeroCounts, r.active, r.source, r.fileHash, r.note, r.at, r.by],
  );
  return row?.id;
}

export type ZeroDeclaration = { id: number; departmentId: number; category: string; period: string; start: string; end: string; declaredAt: Date; declaredBy: string };
const ZCOLS = `id, department_id AS "departmentId", category, period, period_start::text AS start, period_end::text AS "end", declared_at AS "declaredAt", declared_by AS "declaredBy"`;

export async function findDeclaration(db: Db, departmentId: number, category: string, period: string): Promise<ZeroDeclaration | undefined> {
  return db.one<ZeroDeclaration>(`SELECT ${ZCOLS} FROM zero_declaration WHERE department_id = $1 AND category = $2 AND period = $3`, [departmentId, category, period]);
}

export async function insertDeclaration(tx: Db, d: Omit<ZeroDeclaration, 'id'>): Promise<ZeroDeclaration> {
  return (await tx.one<ZeroDeclaration>(
    `INSERT INTO zero_declaration (department_id, category, period, period_start, period_end, declared_at, declared_by)
     VALUES ($1, $2, $3, $4::date, $5::date, $6, $7) RETURNING ${ZCOLS}`,
    [d.departmentId, d.category, d.period, d.start, d.end, d.declaredAt, d.declaredBy],
  ))!;
}

// Declarations whose span overlaps [from, to].
export async function declarationsBetween(db: Db, from: string, to: string): Promise<ZeroDeclaration[]> {
  return db.query<ZeroDeclaration>(`SELECT ${ZCOLS} FROM zero_declaration WHERE period_end >= $1::date AND period_start <= $2::date`, [from, to]);
}

export async function declarationsOf(db: Db, departmentId: number, limit: number): Promise<ZeroDeclaration[]> {
  return db.query<ZeroDeclaration>(`SELECT ${ZCOLS} FROM zero_declaration WHERE department_id = $1 ORDER BY period_start DESC LIMIT $2`, [departmentId, limit]);
}
