// Public queries: what is published today. Every query filters on the publication window
// (pub_from <= today <= pub_until) of the current version, so nothing expires late or early.
import type { Db } from '../../kernel/db.ts';
import type { Subject } from '../subjects/subjects.store.ts';

export type PublicRecordRow = {
  id: number;
  category: string;
  sourceRef: string;
  decisionDate: string;
  severity: string | null;
  pubFrom: string;
  pubUntil: string | null;
  fields: Record<string, string>;
  departmentName: string;
  disputed: boolean;
};

const PUBLIC_NOW = `r.superseded_at IS NULL AND r.status = 'active' AND r.pub_from IS NOT NULL AND r.pub_from <= $TODAY::date
  AND (r.pub_until IS NULL OR r.pub_until >= $TODAY::date)`;
// The one condition "public today" (record alias r); lists and other modules reuse it.
export const publicNow = (param: number) => PUBLIC_NOW.replaceAll('$TODAY', `$${param}`);
// Under objection (record alias r): an open dispute on the record key (0005 record_dispute, opened
// and closed by the objection workflow); shown wherever the record appears.
export const DISPUTED = `EXISTS (SELECT 1 FROM record_dispute x WHERE x.category = r.category AND x.department_id = r.department_id AND x.source_ref = r.source_ref AND x.closed_at IS NULL)`;

export async function publicRecordsOf(db: Db, subjectId: number, today: string): Promise<PublicRecordRow[]> {
  return db.query<PublicRecordRow>(
    `SELECT r.id, r.category, r.source_ref AS "sourceRef", r.decision_date AS "decisionDate", r.severity,
            r.pub_from AS "pubFrom", r.pub_until AS "pubUntil", r.fields, d.name AS "departmentName", ${DISPUTED} AS disputed
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.subject_id = $1 AND ${publicNow(2)}
     ORDER BY r.decision_date DESC, r.id DESC`,
    [subjectId, today],
  );
}

export type SubjectHit = Subject & { publicRecordCount: number };

// Name search. Three or more characters: substring match on the trigram index. One or two
// characters: trigrams cannot serve them, so a prefix match on the btree index, said so in a note.
export async function searchSubjectsByName(
  db: Db,
  q: string,
  today: string,
  limit: number,
  offset: number,
): Promise<{ items: SubjectHit[]; total: number; mode: 'substring' | 'prefix' }> {
  const mode = [...q].length >= 3 ? 'substring' : 'prefix';
  // prefix: the C-collation expression index serves both the LIKE and the order, so a common
  // two-character prefix reads only one page of the index
  const match = mode === 'substring' ? `s.name LIKE $1` : `(s.name COLLATE "C") LIKE $1`;
  const order = mode === 'substring' ? `(s.name = $5) DESC, length(s.name), s.name, s.id` : `(s.name COLLATE "C"), s.id`;
  const pattern = mode === 'substring' ? `%${escapeLike(q)}%` : `${escapeLike(q)}%`;
  // persons appear only while they have a public record: their names are personal data
  const visible = `(s.kind <> 'person' OR EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND ${publicNow(2)}))`;
  const total = (await db.one<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM subject s WHERE ${match} AND ${visible} LIMIT 10000) x`,
    [pattern, today],
  ))!.n;
  const items = await db.query<SubjectHit>(
    `SELECT s.id, s.public_id AS "publicId", s.kind, s.name, s.uscc, s.org_code AS "orgCode", s.reg_no AS "regNo",
            s.id_type AS "idType", s.id_masked AS "idMasked",
            (SELECT count(*) FROM record r WHERE r.subject_id = s.id AND ${publicNow(2)}) AS "publicRecordCount"
     FROM subject s WHERE ${match} AND ${visible}
     ORDER BY ${order}
     LIMIT $3 OFFSET $4`,
    mode === 'substring' ? [pattern, today, limit, offset, q] : [pattern, today, limit, offset],
  );
  return { items, total, mode };
}

export async function countPublicRecords(db: Db, subjectId: number, today: string): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM record r WHERE r.subject_id = $1 AND ${publicNow(2)}`, [subjectId, today]))!.n;
}

export type PublicationRow = {
  id: number;
  category: string;
  sourceRef: string;
  decisionDate: string;
  fields: Record<string, string>;
  departmentName: string;
  subjectPublicId: string;
  subjectName: string;
  subjectKind: Subject['kind'];
  subjectUscc: string | null;
  subjectRegNo: string | null;
  disputed: boolean;
};

export async function latestPublications(
  db: Db,
  opts: { category?: string; from?: string; to?: string; today: string; limit: number; offset: number },
): Promise<{ items: PublicationRow[]; total: number }> {
  const where = [publicNow(1)];
  const params: unknown[] = [opts.today];
  if (opts.category) {
    params.push(opts.category);
    where.push(`r.category = $${params.length}`);
  }
  if (opts.from) {
    params.push(opts.from);
    where.push(`r.decision_date >= $${params.length}::date`);
  }
  if (opts.to) {
    params.push(opts.to);
    where.push(`r.decision_date <= $${params.length}::date`);
  }
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM record r WHERE ${where.join(' AND ')}`, params))!.n;
  const items = await db.query<PublicationRow>(
    `SELECT r.id, r.category, r.source_ref AS "sourceRef", r.decision_date AS "decisionDate", r.fields, d.name AS "departmentName",
            s.public_id AS "subjectPublicId", s.name AS "subjectName", s.kind AS "subjectKind", s.uscc AS "subjectUscc", s.reg_no AS "subjectRegNo",
            ${DISPUTED} AS disputed
     FROM record r JOIN subject s ON s.id = r.subject_id JOIN department d ON d.id = r.department_id
     WHERE ${where.join(' AND ')}
     ORDER BY r.decision_date DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, opts.limit, opts.offset],
  );
  return { items, total };
}

export async function publicStats(db: Db, today: string): Promise<{ subjects: number; publicPenalties: number; publicLicenses: number }> {
  const row = await db.one<{ subjects: number; penalties: number; licenses: number }>(
    `SELECT (SELECT count(*) FROM subject WHERE kind <> 'person') AS subjects,
            (SELECT count(*) FROM record r WHERE r.category = 'penalty' AND ${publicNow(1)}) AS penalties,
            (SELECT count(*) FROM record r WHERE r.category = 'license' AND ${publicNow(1)}) AS licenses`,
    [today],
  );
  return { subjects: row!.subjects, publicPenalties: row!.penalties, publicLicenses: row!.licenses };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Of these record ids, those public today (the personal-data rule: everything else about a
// person is read only in scope and for a reason).
export async function publicRecordIdsAmong(db: Db, ids: readonly number[], today: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: number }>(`SELECT r.id FROM record r WHERE r.id = ANY($1::bigint[]) AND ${publicNow(2)}`, [ids, today]);
  return new Set(rows.map((r) => Number(r.id)));
}

// Regions of the departments that hold a current record of the subject: where the subject is,
// for the region scope of reads of its non-public data.
export async function recordRegionsOf(db: Db, subjectId: number): Promise<string[]> {
  const rows = await db.query<{ regionCode: string }>(
    `SELECT DISTINCT d.region_code AS "regionCode" FROM record r JOIN department d ON d.id = r.department_id WHERE r.subject_id = $1 AND r.superseded_at IS NULL`,
    [subjectId],
  );
  return rows.map((r) => r.regionCode);
}
