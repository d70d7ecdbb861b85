// Subjects: upsert by key from collection, and look-ups by any code that names them.
import type { Db } from '../../kernel/db.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import { checkOrgCode } from '../../kernel/codes/org-code.ts';
import { checkRegNo } from '../../kernel/codes/reg-no.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import { upgradeIdNumber15 } from '../../kernel/codes/id-number.ts';
import type { SubjectKind, SubjectRow } from './subjects.rules.ts';

// Inserts new subjects and renames existing ones to the latest submitted name.
// Returns subject id by key for every row given.
export async function upsertSubjects(tx: Db, rows: readonly SubjectRow[]): Promise<Map<string, number>> {
  const byKey = new Map<string, SubjectRow>();
  for (const r of rows) byKey.set(r.key, r); // last one wins: the latest record's name
  const list = [...byKey.values()];
  if (list.length === 0) return new Map();
  const col = <K extends keyof SubjectRow>(k: K) => list.map((r) => r[k]);
  await tx.query(
    `INSERT INTO subject (subject_key, kind, name, uscc, org_code, reg_no, id_type, id_blind, id_cipher, id_masked)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (subject_key) DO UPDATE
       SET name = EXCLUDED.name,
           reg_no = COALESCE(subject.reg_no, EXCLUDED.reg_no),
           updated_at = now()
     WHERE subject.name IS DISTINCT FROM EXCLUDED.name OR (subject.reg_no IS NULL AND EXCLUDED.reg_no IS NOT NULL)`,
    [col('key'), col('kind'), col('name'), col('uscc'), col('orgCode'), col('regNo'), col('idType'), col('idBlind'), col('idCipher'), col('idMasked')],
  );
  const found = await tx.query<{ id: number; subject_key: string }>('SELECT id, subject_key FROM subject WHERE subject_key = ANY($1::text[])', [
    list.map((r) => r.key),
  ]);
  return new Map(found.map((f) => [f.subject_key, f.id]));
}

export type Subject = {
  id: number;
  publicId: string;
  kind: SubjectKind;
  // the latest submitted name: staff and the subject's own views
  name: string;
  // the name on its latest record that had a publication window (0023); null when nothing of the
  // subject was ever public. The only name a public page shows.
  publicName: string | null;
  uscc: string | null;
  orgCode: string | null;
  regNo: string | null;
  idType: string | null;
  idMasked: string | null;
};

const SUBJECT_COLUMNS = `id, public_id AS "publicId", kind, name, public_name AS "publicName", uscc, org_code AS "orgCode", reg_no AS "regNo", id_type AS "idType", id_masked AS "idMasked"`;

export async function findSubjectById(db: Db, id: number): Promise<Subject | undefined> {
  return db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE id = $1`, [id]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Resolves what a user typed as a code: the subject's public id, a USCC, a legacy 组织机构代码
// (the one embedded in a USCC), a 工商注册号, or a person's document number (via the blind index).
export async function findSubjectByCode(db: Db, raw: string, crypto: FieldCrypto): Promise<Subject | undefined> {
  const trimmed = raw.trim();
  if (UUID.test(trimmed)) return db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE public_id = $1`, [trimmed.toLowerCase()]);
  const code = normalizeCode(trimmed);
  // A code can fit several formats: about 1 in 31 ID numbers also passes the USCC check, and
  // 15 digits may be a 工商注册号 or an old ID number. Try each format it fits, in this order.
  const attempts: (() => Promise<Subject | undefined>)[] = [];
  if (checkUscc(code).ok) attempts.push(() => db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE subject_key = 'USCC:' || $1`, [code]));
  const org = checkOrgCode(code);
  if (org.ok) attempts.push(() => db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE org_code = $1 ORDER BY id LIMIT 1`, [org.value]));
  const reg = checkRegNo(code);
  if (reg.ok) attempts.push(() => db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE reg_no = $1 ORDER BY id LIMIT 1`, [reg.value]));
  // by the one-code key (unique index; id_blind has none), the 15-digit form filed under its 18-digit one
  if (/^[0-9]{17}[0-9X]$|^[0-9]{15}$/.test(code))
    attempts.push(() =>
      db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE subject_key = $1`, [
        `ID:id_card:${crypto.blindIndex(code.length === 15 ? upgradeIdNumber15(code) : code)}`,
      ]),
    );
  for (const attempt of attempts) {
    const found = await attempt();
    if (found) return found;
  }
  return undefined;
}

export function isCodeLike(raw: string): boolean {
  const code = normalizeCode(raw);
  return /^[0-9A-Z]{8}-?[0-9A-Z]$|^[0-9A-Z]{13,18}$/.test(code) && /[0-9]/.test(code);
}

// Subject ids by one-code key, for keys already filed.
export async function subjectIdsByKey(db: Db, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const found = await db.query<{ id: number; subject_key: string }>('SELECT id, subject_key FROM subject WHERE subject_key = ANY($1::text[])', [[...new Set(keys)]]);
  return new Map(found.map((f) => [f.subject_key, f.id]));
}

// Organizations and individual businesses whose name holds `q` (the staff credit query's search;
// persons are found by their ID number only, never by name). One or two characters: the
// subject_gram index (0011), in its ranking order; three or more: the trigram index.
export async function searchOrganizationsByName(db: Db, q: string, limit: number): Promise<Subject[]> {
  const chars = [...q];
  if (chars.length <= 2)
    return db.query<Subject>(
      `SELECT s.id, s.public_id AS "publicId", s.kind, s.name, s.uscc, s.org_code AS "orgCode", s.reg_no AS "regNo", s.id_type AS "idType", s.id_masked AS "idMasked"
       FROM (SELECT g.subject_id, g.rank FROM subject_gram g WHERE g.gram = $1 AND NOT g.person ORDER BY g.rank, g.subject_id LIMIT $2) hit
       JOIN subject s ON s.id = hit.subject_id ORDER BY hit.rank, hit.subject_id`,
      [q, limit],
    );
  const like = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db.query<Subject>(
    `SELECT ${SUBJECT_COLUMNS} FROM (SELECT * FROM subject WHERE name LIKE $1 AND kind <> 'person' LIMIT 500) s
     ORDER BY (name = $3) DESC, (name LIKE $4) DESC, char_length(name), id LIMIT $2`,
    [`%${like}%`, limit, q, `${like}%`],
  );
}

// Organizations and individual businesses (the portal's subject total, publication's
// countSubjects) per registration region and month filed on the platform: the region is the
// registration authority's code in the USCC (characters 3–8) or the 注册号 (first six digits).
// Persons are never counted into public figures.
export async function organizationCounts(db: Db, timeZone: string): Promise<{ regionCode: string | null; month: string; n: number }[]> {
  return db.query(
    `SELECT coalesce(substr(uscc, 3, 6), substr(reg_no, 1, 6)) AS "regionCode", to_char(created_at AT TIME ZONE $1, 'YYYY-MM') AS month, count(*)::int AS n
     FROM subject WHERE kind <> 'person' GROUP BY 1, 2`,
    [timeZone],
  );
}

// The newest subject's id (subjects are never deleted): the public statistics' cache key.
export async function latestSubjectId(db: Db): Promise<number> {
  return Number((await db.one<{ n: number | string | null }>(`SELECT max(id) AS n FROM subject`))?.n ?? 0);
}

// A subject's identity as a record names it, the document number decrypted: for records another
// module files about a subject already on file (commitments: a breach record). Not for display.
export type SubjectIdentityRow = { kind: SubjectKind; name: string; uscc: string | null; regNo: string | null; idType: string | null; idNumber: string | null };

export async function findSubjectIdentity(db: Db, id: number, crypto: FieldCrypto): Promise<SubjectIdentityRow | undefined> {
  const s = await db.one<{ kind: SubjectKind; name: string; uscc: string | null; regNo: string | null; idType: string | null; idCipher: string | null }>(
    'SELECT kind, name, uscc, reg_no AS "regNo", id_type AS "idType", id_cipher AS "idCipher" FROM subject WHERE id = $1',
    [id],
  );
  if (!s) return undefined;
  return { kind: s.kind, name: s.name, uscc: s.uscc, regNo: s.regNo, idType: s.idType, idNumber: s.idCipher ? crypto.decrypt(s.idCipher) : null };
}

// Subjects in id order after a cursor (full runs over every subject: classification).
export async function subjectPage(db: Db, afterId: number, limit: number): Promise<{ id: number; kind: SubjectKind }[]> {
  return db.query<{ id: number; kind: SubjectKind }>('SELECT id, kind FROM subject WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
}

// The same page and look-up as SQL fragments (set-based grading composes them into one statement):
// relations of (id, kind); the arguments are parameter placeholders such as $9.
export const SUBJECT_PAGE_SQL = (after: string, limit: string) => `SELECT id, kind FROM subject WHERE id > ${after}::bigint ORDER BY id LIMIT ${limit}`;
// A full run's partition: the subjects with lo < id <= hi (SQL expressions), and where the
// partition of `limit` subjects after `after` ends.
export const SUBJECT_RANGE_SQL = (lo: string, hi: string) => `SELECT id, kind FROM subject WHERE id > ${lo}::bigint AND id <= ${hi}::bigint`;
// upTo: the partition ends there at the latest (a lane's bound, classification's full run)
export async function subjectRangeEnd(db: Db, after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<number | null> {
  const r = await db.one<{ hi: number | null }>('SELECT max(id)::float8 AS hi FROM (SELECT id FROM subject WHERE id > $1 AND id <= $3 ORDER BY id LIMIT $2) x', [after, limit, upTo]);
  return r?.hi ?? null;
}
// The subjects after `after` cut into up to `parts` contiguous ranges of about the same count:
// the last id of each range but the last (a full run's lanes); fewer when there are fewer subjects.
export async function subjectRangeCuts(db: Db, after: number, parts: number): Promise<number[]> {
  if (parts <= 1) return [];
  const rows = await db.query<{ hi: number }>(
    `SELECT max(id)::float8 AS hi FROM (SELECT id, ntile($2::int) OVER (ORDER BY id) AS t FROM subject WHERE id > $1) x GROUP BY t ORDER BY t`,
    [after, parts],
  );
  return rows.slice(0, -1).map((r) => r.hi);
}
export const SUBJECT_KINDS_SQL = (idsRelation: string) => `SELECT s.id, s.kind FROM subject s WHERE s.id = ANY(ARRAY(SELECT id FROM ${idsRelation}))`;

export async function subjectKinds(db: Db, ids: readonly number[]): Promise<Map<number, SubjectKind>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: number; kind: SubjectKind }>('SELECT id, kind FROM subject WHERE id = ANY($1::bigint[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.kind]));
}

export async function countSubjects(db: Db): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM subject'))!.n;
}

// The region a subject is registered in, by its code: a USCC's 登记管理机关行政区划码 (characters
// 3–8), a person's document number's first six digits where the masked form keeps them; the city
// (first four digits + 00). Null when the code does not say.
export const SUBJECT_CITY_SQL = (s: string) =>
  `CASE WHEN ${s}.uscc ~ '^[0-9A-Z]{2}13[0-9]{4}' THEN substr(${s}.uscc, 3, 4) || '00' WHEN ${s}.id_masked ~ '^13[0-9]{4}' THEN substr(${s}.id_masked, 1, 4) || '00' END`;

export async function subjectsByIds(db: Db, ids: readonly number[]): Promise<Map<number, Subject>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE id = ANY($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

// Government bodies (政务诚信): subjects whose USCC begins with 11 (registered by 机构编制, class
// 机关), with the city their code names.
export async function governmentBodies(db: Db): Promise<{ id: number; publicId: string; name: string; uscc: string; city: string | null }[]> {
  return db.query(
    `SELECT s.id, s.public_id AS "publicId", s.name, s.uscc, ${SUBJECT_CITY_SQL('s')} AS city
     FROM subject s WHERE s.kind = 'organization' AND s.uscc LIKE '11%' ORDER BY s.id`,
  );
}

// An organization's name becomes public when a public answer names it outside its records (its
// commitments are public on 信用河北, issue 13): set once from the name on file, never for persons;
// the name index follows (subject_gram's update trigger).
export async function publishOrganizationName(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE subject SET public_name = name WHERE id = $1 AND kind <> 'person' AND public_name IS NULL`, [id]);
}
