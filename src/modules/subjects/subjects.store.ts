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
  name: string;
  uscc: string | null;
  orgCode: string | null;
  regNo: string | null;
  idType: string | null;
  idMasked: string | null;
};

const SUBJECT_COLUMNS = `id, public_id AS "publicId", kind, name, uscc, org_code AS "orgCode", reg_no AS "regNo", id_type AS "idType", id_masked AS "idMasked"`;

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
  if (checkUscc(code).ok) attempts.push(() => db.one<Subject>(`SELECT ${SUBJECT_COLUMNS} FROM subject WHERE uscc = $1`, [code]));
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
