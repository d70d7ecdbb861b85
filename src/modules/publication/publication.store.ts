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
  validUntil: string | null;
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
            r.pub_from AS "pubFrom", r.pub_until AS "pubUntil", r.valid_until AS "validUntil", r.fields, d.name AS "departmentName", ${DISPUTED} AS disputed
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.subject_id = $1 AND ${publicNow(2)}
     ORDER BY r.decision_date DESC, r.id DESC`,
    [subjectId, today],
  );
}

export type SubjectHit = Subject & { publicRecordCount: number };

// Totals of name searches are counted up to this many matches ("10,000+" beyond), and pages reach
// no further: a count or a page deeper than that would read a large part of the index.
export const SEARCH_CAP = 10_000;

export type NameSearch = { items: SubjectHit[]; total: number; capped: boolean; mode: 'gram' | 'substring' };

// the public name only: a hit never carries the name staff see (0023)
const HIT_COLUMNS = (today: number) => `s.id, s.public_id AS "publicId", s.kind, s.public_name AS name, s.public_name AS "publicName", s.uscc, s.org_code AS "orgCode", s.reg_no AS "regNo",
  s.id_type AS "idType", s.id_masked AS "idMasked",
  (SELECT count(*) FROM record r WHERE r.subject_id = s.id AND ${publicNow(today)}) AS "publicRecordCount"`;
// persons appear only while they have a public record: their names are personal data
const PERSON_PUBLIC = (id: string, today: number) => `EXISTS (SELECT 1 FROM record r WHERE r.subject_id = ${id} AND ${publicNow(today)})`;

// Name search over public names (0023: a subject known only from non-public records has none, and
// is not found by name): the characters anywhere in the name, ranked whole name, then name prefix, then
// substring (shorter names first, then older subjects). One to four characters: the subject_gram
// index (0011, 0037), whose order is the ranking, so the capped count and a page read one short
// index range, index-only. Five or more: the trigram index finds the matches (up to 10,000 are
// ranked by sorting them); more than that are read in the order of q's rarest bigram's range.
export async function searchSubjectsByName(db: Db, q: string, today: string, limit: number, offset: number): Promise<NameSearch> {
  return [...q].length <= GRAM_MAX ? nameSearch(db, 'gram', q, today, limit, offset) : nameSearch(db, 'substring', q, today, limit, offset);
}

// The longest gram subject_gram holds (0037).
export const GRAM_MAX = 4;

// The substring path for any length, as the search ran for three and four characters before
// 0037: kept for five or more, and so tests and `bench search` can compare the two paths.
export async function searchSubjectsByNameSubstring(db: Db, q: string, today: string, limit: number, offset: number): Promise<NameSearch> {
  return nameSearch(db, 'substring', q, today, limit, offset);
}

async function nameSearch(db: Db, mode: NameSearch['mode'], q: string, today: string, limit: number, offset: number): Promise<NameSearch> {
  // one snapshot for the count and the page; no JIT: the capped count's cost estimate is high
  // enough to trigger it, and compiling costs more (~140 ms) than the query itself
  if (!db.inTransaction)
    return db.tx(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      return nameSearch(tx, mode, q, today, limit, offset);
    });
  const chars = [...q];
  if (offset >= SEARCH_CAP) return { items: [], total: 0, capped: false, mode };
  limit = Math.min(limit, SEARCH_CAP - offset);
  if (mode === 'gram') {
    const visible = `(NOT g.person OR ${PERSON_PUBLIC('g.subject_id', 2)})`;
    const n = (await db.one<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM subject_gram g WHERE g.gram = $1 AND ${visible} LIMIT ${SEARCH_CAP + 1}) x`,
      [q, today],
    ))!.n;
    const items = await db.query<SubjectHit>(
      `WITH hit AS (SELECT g.subject_id, g.rank FROM subject_gram g WHERE g.gram = $1 AND ${visible} ORDER BY g.rank, g.subject_id LIMIT $3 OFFSET $4)
       SELECT ${HIT_COLUMNS(2)} FROM hit JOIN subject s ON s.id = hit.subject_id ORDER BY hit.rank, hit.subject_id`,
      [q, today, limit, offset],
    );
    return { items, total: Math.min(n, SEARCH_CAP), capped: n > SEARCH_CAP, mode: 'gram' };
  }
  const pattern = `%${escapeLike(q)}%`;
  const visible = `(s.kind <> 'person' OR ${PERSON_PUBLIC('s.id', 2)})`;
  // one pass over the matches (at most 10,001, through the trigram index): their count, and the
  // page's ids in rank order when that count is exact
  const m = (await db.one<{ n: number; ids: (number | string)[] }>(
    `WITH m AS MATERIALIZED (
       SELECT s.id, CASE WHEN s.public_name LIKE $5 THEN 0 ELSE 10000 END + least(char_length(s.public_name), 9999) AS rank
       FROM subject s WHERE s.public_name LIKE $1 AND ${visible} LIMIT ${SEARCH_CAP + 1})
     SELECT (SELECT count(*) FROM m) AS n, array(SELECT id FROM m ORDER BY rank, id LIMIT $3 OFFSET $4) AS ids`,
    [pattern, today, limit, offset, `${escapeLike(q)}%`],
  ))!;
  const n = m.n;
  if (n <= SEARCH_CAP) {
    const items = m.ids.length
      ? await db.query<SubjectHit>(
          `SELECT ${HIT_COLUMNS(2)} FROM unnest($1::bigint[]) WITH ORDINALITY AS hit(id, ord) JOIN subject s ON s.id = hit.id ORDER BY hit.ord`,
          [m.ids, today],
        )
      : [];
    return { items, total: n, capped: false, mode: 'substring' };
  }
  // more than 10,000: matches are dense, so a bigram's range, read in rank order and filtered by
  // the whole pattern, fills a page after a few hundred rows. The driver is q's bigram with the
  // shortest range (counted up to 20,000, index-only): in 有限责 the range of 限责 is nearly all
  // matches, that of 有限 mostly shorter names without 责. The prefix rank is the driver's: exact
  // for q's first bigram; a name starting with another holds q later. strpos, not LIKE:
  // the trigram index must not serve this filter (it underestimates 3-character CJK patterns, and
  // the planner would then probe the bigram's whole range once per match)
  const items = await db.query<SubjectHit>(
    `WITH hit AS (SELECT g.subject_id, g.rank FROM subject_gram g JOIN subject s ON s.id = g.subject_id
                  WHERE g.gram = $5 AND strpos(s.public_name, $1) > 0 AND (NOT g.person OR ${PERSON_PUBLIC('g.subject_id', 2)})
                  ORDER BY g.rank, g.subject_id LIMIT $3 OFFSET $4)
     SELECT ${HIT_COLUMNS(2)} FROM hit JOIN subject s ON s.id = hit.subject_id ORDER BY hit.rank, hit.subject_id`,
    [q, today, limit, offset, await rarestBigram(db, chars)],
  );
  return { items, total: SEARCH_CAP, capped: true, mode: 'substring' };
}

async function rarestBigram(db: Db, chars: string[]): Promise<string> {
  if (chars.length <= 2) return chars.join(''); // the substring path asked for one or two characters (tests)
  const bigrams = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]!))];
  if (bigrams.length === 1) return bigrams[0]!;
  const sizes = await db.query<{ gram: string; n: number }>(
    `SELECT b AS gram, (SELECT count(*) FROM (SELECT 1 FROM subject_gram g WHERE g.gram = b LIMIT 20000) x) AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(b, i) ORDER BY n, i`,
    [bigrams],
  );
  return sizes[0]!.gram;
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
  opts: { categories: readonly string[]; from?: string; to?: string; regionCodes?: readonly string[]; today: string; limit: number; offset: number },
): Promise<{ items: PublicationRow[]; total: number }> {
  const where = [publicNow(1)];
  const params: unknown[] = [opts.today];
  params.push(opts.categories);
  where.push(`r.category = ANY($${params.length}::text[])`);
  if (opts.regionCodes) {
    // a county's section of the portal: records of the departments of these regions
    params.push(opts.regionCodes);
    where.push(`r.department_id IN (SELECT id FROM department WHERE region_code = ANY($${params.length}::text[]))`);
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
            s.public_id AS "subjectPublicId", coalesce(s.public_name, '') AS "subjectName", s.kind AS "subjectKind", s.uscc AS "subjectUscc", s.reg_no AS "subjectRegNo",
            ${DISPUTED} AS disputed
     FROM record r JOIN subject s ON s.id = r.subject_id JOIN department d ON d.id = r.department_id
     WHERE ${where.join(' AND ')}
     ORDER BY r.decision_date DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, opts.limit, opts.offset],
  );
  return { items, total };
}

// Records public today per category: the one count behind every total the portal shows (home,
// 双公示, lists, a subject's tabs and chart, search hits), so they agree.
export async function publicCounts(db: Db, today: string): Promise<Map<string, number>> {
  const rows = await db.query<{ category: string; n: number }>(`SELECT r.category, count(*) AS n FROM record r WHERE ${publicNow(1)} GROUP BY r.category`, [today]);
  return new Map(rows.map((r) => [r.category, r.n]));
}

// The same count (public today) per category, region of the providing department and month of
// decision: the public statistics page, whose totals therefore equal publicCounts'.
export async function publicCountsByRegionMonth(db: Db, today: string, categories: readonly string[]): Promise<{ category: string; regionCode: string; month: string; n: number }[]> {
  return db.query(
    `SELECT r.category, d.region_code AS "regionCode", to_char(r.decision_date, 'YYYY-MM') AS month, count(*)::int AS n
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE ${publicNow(1)} AND r.category = ANY($2::text[]) GROUP BY 1, 2, 3`,
    [today, categories],
  );
}

export async function countSubjects(db: Db): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM subject WHERE kind <> 'person'`))!.n;
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


// The newest record version's id: records are append-only (a correction, exit, revocation or
// repair is a new version), so any change to what is public moves it — or the day does. The
// public statistics' cache key.
export async function latestRecordId(db: Db): Promise<number> {
  return Number((await db.one<{ n: number | string | null }>(`SELECT max(id) AS n FROM record`))?.n ?? 0);
}
