// Status versions of a record (decisions/0003: records are versions): a list exit (exited), an
// objection's revocation (revoked) and an approved credit repair (repaired) each make version
// n+1, a copy of n with the new status. Collection owns the record, so this one store writes
// them for sanctions and rights; corrections are new content and go through ingestChunk.
import type { Db } from '../../kernel/db.ts';
import { conflict } from '../../kernel/errors.ts';

// A record's identity across its versions: category, providing department, 文书号.
export type RecordKey = { category: string; departmentId: number; sourceRef: string };

export type CurrentVersion = { id: number; version: number; fields: Record<string, string>; sealed: string | null; status: string; firstReceivedOn: string };

// The current version of a record key, locked (FOR UPDATE) before a status version or a
// correction is written, with what a correction starts from and the day it was first received.
export async function currentVersionForUpdate(tx: Db, key: RecordKey, timeZone: string): Promise<CurrentVersion | undefined> {
  return tx.one<CurrentVersion>(
    `SELECT r.id, r.version, r.fields, r.sealed, r.status,
            (SELECT (min(f.received_at) AT TIME ZONE $4)::date::text FROM record f WHERE f.category = r.category AND f.department_id = r.department_id AND f.source_ref = r.source_ref) AS "firstReceivedOn"
     FROM record r WHERE r.category = $1 AND r.department_id = $2 AND r.source_ref = $3 AND r.superseded_at IS NULL FOR UPDATE`,
    [key.category, key.departmentId, key.sourceRef, timeZone],
  );
}

export type RecordStatus = 'exited' | 'revoked' | 'repaired';

// What becomes of the publication window: an exited entry is no longer public as an entry
// ('closed'); a revoked or repaired record keeps the window it had as history, cut to the day
// before the status takes effect ('cut').
const WINDOW: Record<RecordStatus, 'closed' | 'cut'> = { exited: 'closed', revoked: 'cut', repaired: 'cut' };

// `currentId` must be the current version (locked by the caller); answers the new version.
export async function insertStatusVersion(tx: Db, currentId: number, status: RecordStatus, statusOn: string, reason: string): Promise<{ id: number; version: number }> {
  const sup = await tx.query('UPDATE record SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL RETURNING id', [currentId]);
  if (sup.length === 0) throw conflict('RECORD_VERSION_CHANGED', '该信息已有新版本，请刷新后重试', 'The record has a newer version; reload and retry');
  // cut: public from pub_from through status_on - 1, or never if it was not public before status_on
  const window =
    WINDOW[status] === 'closed'
      ? 'NULL, NULL'
      : `CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN pub_from END,
         CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN LEAST(coalesce(pub_until, $3::date - 1), $3::date - 1) END`;
  return (await tx.one<{ id: number; version: number }>(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
       decision_date, severity, status, pub_from, pub_until, late, batch_id, valid_until, status_on, status_reason)
     SELECT category, category_version, department_id, source_ref, version + 1, subject_id, content_hash, fields, sealed,
       decision_date, severity, $2, ${window}, late, NULL, valid_until, $3::date, $4
     FROM record WHERE id = $1
     RETURNING id, version`,
    [currentId, status, statusOn, reason],
  ))!;
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

// The region of the department holding each of these records (a read's scope applied to a
// stored answer that names records by id).
export async function recordHolderRegions(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: number; regionCode: string }>(
    `SELECT r.id, d.region_code AS "regionCode" FROM record r JOIN department d ON d.id = r.department_id WHERE r.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.id), r.regionCode]));
}

// What grading reads of a subject's file (classification): every current version, whether it is
// disputed, and which keyword domains (重点监管对象) its named fields match.
export type GradingRecordRow = {
  subjectId: number;
  id: number;
  category: string;
  ref: string;
  decisionDate: string;
  severity: 'light' | 'general' | 'serious' | null;
  status: string;
  validUntil: string | null;
  disputed: boolean;
  domains: string[]; // the keyword domains whose words occur in one of the named fields
};

// A domain's keyword test: a record matches a domain when one of `fields` contains one of its
// `words` (a substring, as String.prototype.includes tests it).
export type KeywordTest = { fields: readonly string[]; domains: readonly { code: string; words: readonly string[] }[] };

// The keyword test runs in SQL (strpos on the named fields; the record's fields never leave the
// database) and only for records that can count: active, not 轻微, and decided on or after `since`
// or of one of `always` (list categories); others answer no domains. One JSON array per call
// (parsed at once rather than row by row): [subjectId, id, category, ref, decisionDate, severity,
// status, validUntil, disputed, domains]; `at`: the database's time of the read.
export async function recordsForGrading(
  db: Db,
  subjectIds: readonly number[],
  keywords: KeywordTest,
  fieldsOf: { since: string; always: readonly string[] } = { since: '0001-01-01', always: [] },
): Promise<{ rows: GradingRecordRow[]; at: Date }> {
  const codes: string[] = [];
  const words: string[] = [];
  for (const d of keywords.domains) for (const w of d.words) (codes.push(d.code), words.push(w));
  const fieldParams = keywords.fields.map((_, i) => `$${i + 6}`);
  const test = words.length && fieldParams.length
    ? `CASE WHEN r.status = 'active' AND r.severity IS DISTINCT FROM 'light' AND (r.decision_date >= $2::date OR r.category = ANY($3::text[]))
         THEN (SELECT coalesce(json_agg(DISTINCT k.d), '[]') FROM unnest($4::text[], $5::text[]) AS k(d, w)
               WHERE ${fieldParams.map((f) => `strpos(r.fields->>${f}, k.w) > 0`).join(' OR ')})
         ELSE '[]' END`
    : `'[]'::json`;
  const row = await db.one<{ at: Date; rows: [number, number, string, string, string, GradingRecordRow['severity'], string, string | null, boolean, string[]][] }>(
    `SELECT statement_timestamp() AS at, coalesce(json_agg(json_build_array(r.subject_id, r.id, r.category, r.source_ref, r.decision_date, r.severity, r.status, r.valid_until,
              EXISTS (SELECT 1 FROM record_dispute x WHERE x.category = r.category AND x.department_id = r.department_id AND x.source_ref = r.source_ref AND x.closed_at IS NULL),
              ${test}) ORDER BY r.id), '[]') AS rows
     FROM record r WHERE r.subject_id = ANY($1::bigint[]) AND r.superseded_at IS NULL`,
    [subjectIds, fieldsOf.since, fieldsOf.always, codes, words, ...keywords.fields],
  );
  return {
    at: new Date(row!.at),
    rows: row!.rows.map(([subjectId, id, category, ref, decisionDate, severity, status, validUntil, disputed, domains]) => ({
      subjectId: Number(subjectId), id: Number(id), category, ref, decisionDate, severity, status, validUntil, disputed, domains,
    })),
  };
}

// The current record versions of the subjects of the relation `subjects` (a CTE with an `id`
// column), as classification's set-based grading reads them (classification.compile.ts compiles
// the model over these columns): the keyword fields named are columns kw0, kw1, …, read only for
// records where `kwWhen` holds (a condition over r.status, r.severity, r.decision_date,
// r.category: the fields of the other records are not detoasted), and the values stay in the
// database. Field codes are quoted here, not passed as parameters (they come from the model).
// `subjects` is either a relation name (its ids looked up through the subject index: small sets)
// or a range {lo, hi} of subject ids, exclusive–inclusive, as SQL expressions (a full run's
// partition: read in one sequential pass). kw_tags / kw_model are the stored keyword domains
// (tagKeywordDomains).
export function gradingRecordsSql(subjects: string | { lo: string; hi: string }, keywordFields: readonly string[], kwWhen = 'true'): string {
  const kw = keywordFields.map((f, i) => `, CASE WHEN ${kwWhen} THEN r.fields->>'${f.replaceAll("'", "''")}' END AS kw${i}`).join('');
  const which = typeof subjects === 'string' ? `r.subject_id = ANY(ARRAY(SELECT id FROM ${subjects}))` : `r.subject_id > ${subjects.lo} AND r.subject_id <= ${subjects.hi}`;
  return `SELECT r.subject_id, r.id, r.category, r.decision_date AS d, r.severity AS sev, r.status AS st, r.valid_until AS vu, r.kw_tags, r.kw_model${kw}
          FROM record r WHERE ${which} AND r.superseded_at IS NULL`;
}

// Stores the keyword domains of every current record version not yet tagged under `key`
// (classification's keyword model: `tagSql` is its mask over r.fields, compiled from the model's
// words; a version's fields never change, so a tag stays true until the words change). Answers
// how many versions were tagged. One set-based UPDATE; lazily, before a full run.
export async function tagKeywordDomains(db: Db, key: string, tagSql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH t AS (UPDATE record r SET kw_tags = ${tagSql}, kw_model = $1 WHERE r.superseded_at IS NULL AND r.kw_model IS DISTINCT FROM $1 RETURNING 1)
     SELECT count(*)::int AS n FROM t`,
    [key],
  );
  return rows[0]!.n;
}

// About how many current record versions are not tagged under `key`, from a sample of the table's
// pages (TABLESAMPLE SYSTEM 0.1 %: ≈ 1,400 of 1.4 M pages), without reading the table. Answers the
// versions sampled and the untagged among them; a small table yields few or none (the caller tags
// it whole, which is cheap there).
export async function untaggedSample(db: Db, key: string): Promise<{ sampled: number; untagged: number }> {
  const r = await db.one<{ sampled: number; untagged: number }>(
    `SELECT count(*)::int AS sampled, count(*) FILTER (WHERE r.kw_model IS DISTINCT FROM $1)::int AS untagged
     FROM record r TABLESAMPLE SYSTEM (0.1) WHERE r.superseded_at IS NULL`,
    [key],
  );
  return r!;
}

// A record version by id, as an explanation names it (the version that was graded).
export type GradedRecordRef = { id: number; category: string; ref: string; departmentName: string; decisionDate: string; severity: string | null; status: string; current: boolean };

export async function recordRefsByIds(db: Db, ids: readonly number[]): Promise<GradedRecordRef[]> {
  if (ids.length === 0) return [];
  return db.query<GradedRecordRef>(
    `SELECT r.id, r.category, r.source_ref AS ref, d.name AS "departmentName", r.decision_date AS "decisionDate", r.severity, r.status,
            (r.superseded_at IS NULL) AS current
     FROM record r JOIN department d ON d.id = r.department_id WHERE r.id = ANY($1::bigint[])`,
    [ids],
  );
}

// Record versions by id, as stored, with their providing department (the exchange sends them to
// the parent node): isStatus marks a status version (no batch: exit, revocation, repair).
export type StoredVersion = {
  id: number;
  category: string;
  sourceRef: string;
  version: number;
  fields: Record<string, string>;
  sealed: string | null;
  status: string;
  statusOn: string | null;
  statusReason: string | null;
  isStatus: boolean;
  receivedAt: Date;
  receivedOn: string;
  department: { uscc: string; name: string; regionCode: string; kinds: string[] };
};

export async function versionsByIds(db: Db, ids: readonly number[], timeZone: string): Promise<Map<number, StoredVersion>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<StoredVersion>(
    `SELECT r.id::int AS id, r.category, r.source_ref AS "sourceRef", r.version, r.fields, r.sealed, r.status, r.status_on::text AS "statusOn",
            r.status_reason AS "statusReason", r.batch_id IS NULL AS "isStatus", r.received_at AS "receivedAt",
            (r.received_at AT TIME ZONE $2)::date::text AS "receivedOn",
            json_build_object('uscc', d.uscc, 'name', d.name, 'regionCode', d.region_code, 'kinds', d.kinds) AS department
       FROM record r JOIN department d ON d.id = r.department_id WHERE r.id = ANY($1::bigint[])`,
    [ids, timeZone],
  );
  return new Map(rows.map((r) => [Number(r.id), r]));
}

// Record versions written after `afterId` (every insert is a new version: an entry, a correction,
// an exit …), oldest first: what subscriptions turn into events. With the subject's public face.
export type RecordVersionChange = {
  id: number;
  category: string;
  departmentId: number;
  departmentName: string;
  sourceRef: string;
  version: number;
  status: string;
  statusOn: string | null;
  decisionDate: string;
  subjectId: number;
  subjectPublicId: string;
  subjectKind: string;
  subjectName: string;
  subjectUscc: string | null;
  receivedAt: Date;
};

export async function recordVersionsAfter(db: Db, afterId: number, limit: number): Promise<RecordVersionChange[]> {
  return db.query<RecordVersionChange>(
    `SELECT r.id::int AS id, r.category, r.department_id::int AS "departmentId", d.name AS "departmentName", r.source_ref AS "sourceRef", r.version, r.status,
            r.status_on::text AS "statusOn", r.decision_date::text AS "decisionDate", r.subject_id::int AS "subjectId", s.public_id AS "subjectPublicId",
            s.kind AS "subjectKind", s.name AS "subjectName", s.uscc AS "subjectUscc", r.received_at AS "receivedAt"
     FROM record r JOIN department d ON d.id = r.department_id JOIN subject s ON s.id = r.subject_id
     WHERE r.id > $1 ORDER BY r.id LIMIT $2`,
    [afterId, limit],
  );
}

export async function latestRecordId(db: Db): Promise<number> {
  return (await db.one<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM record'))!.id;
}

// Practitioners of an occupation (职业信用): the subjects with current, active records whose
// occupation field (`field`, a catalog field code, checked) holds `value`, with the practising-
// certificate numbers those records give (`certField`, if the category has one).
export type PractitionerRow = { subjectId: number; certificates: string[]; records: number };

export async function practitionerRows(db: Db, categories: readonly string[], field: string, certField: string | null, value: string): Promise<PractitionerRow[]> {
  if (categories.length === 0) return [];
  if (!/^[A-Z][A-Z0-9_]*$/.test(field) || (certField !== null && !/^[A-Z][A-Z0-9_]*$/.test(certField))) throw new Error(`bad field code ${field}`);
  const cert = certField ? `array_remove(array_agg(DISTINCT r.fields->>'${certField}'), NULL)` : `'{}'::text[]`;
  return db.query<PractitionerRow>(
    `SELECT r.subject_id AS "subjectId", ${cert} AS certificates, count(*)::int AS records
     FROM record r
     WHERE r.fields->>'${field}' = $2 AND r.superseded_at IS NULL AND r.fields ? '${field}' AND r.status = 'active' AND r.category = ANY($1::text[])
     GROUP BY r.subject_id ORDER BY r.subject_id`,
    [categories, value],
  );
}

// Current versions of the given subjects' records of the given categories, with two field values
// (government evaluation: 失信类型 and 履行情况 of government-dishonesty records).
export async function currentRecordsWithFields(db: Db, subjectIds: readonly number[], categories: readonly string[], fieldCodes: readonly [string, string]) {
  if (subjectIds.length === 0 || categories.length === 0) return [];
  return db.query<{ subjectId: number; id: number; category: string; ref: string; decisionDate: string; severity: 'light' | 'general' | 'serious' | null; status: string; kind: string | null; performed: string | null }>(
    `SELECT r.subject_id AS "subjectId", r.id, r.category, r.source_ref AS ref, r.decision_date AS "decisionDate", r.severity, r.status,
            r.fields->>$3 AS kind, r.fields->>$4 AS performed
     FROM record r WHERE r.subject_id = ANY($1::bigint[]) AND r.category = ANY($2::text[]) AND r.superseded_at IS NULL`,
    [subjectIds, categories, fieldCodes[0], fieldCodes[1]],
  );
}
