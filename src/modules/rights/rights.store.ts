// SQL shared by objections and repair: the subject's records by 文书号, numbers, evidence files,
// the dispute hook of joint punishment (record_dispute), the credit checks a record affected,
// and the notice outbox.
import type { Db } from '../../kernel/db.ts';
import type { Severity } from '../publication/publication.rules.ts';
import { publicNow } from '../publication/publication.store.ts';

export type RecordKey = { category: string; departmentId: number; sourceRef: string };

export type SubjectRecord = RecordKey & {
  id: number;
  version: number;
  subjectId: number;
  departmentName: string;
  departmentRegion: string;
  decisionDate: string;
  severity: Severity | null;
  status: string;
  pubFrom: string | null;
  pubUntil: string | null;
  linked: boolean; // an organization's record that names the subject (legal representative)
};

const RECORD_COLUMNS = `r.id, r.version, r.category, r.department_id AS "departmentId", r.source_ref AS "sourceRef", r.subject_id AS "subjectId",
  d.name AS "departmentName", d.region_code AS "departmentRegion", r.decision_date AS "decisionDate", r.severity, r.status,
  r.pub_from AS "pubFrom", r.pub_until AS "pubUntil"`;

// Current versions of the subject's records (its own, and for a person the organizations'
// records that name them) with one of these 文书号.
export async function subjectRecordsByRef(db: Db, subjectId: number, refs: readonly string[]): Promise<SubjectRecord[]> {
  if (refs.length === 0) return [];
  return db.query<SubjectRecord>(
    `SELECT ${RECORD_COLUMNS}, false AS linked
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.subject_id = $1 AND r.superseded_at IS NULL AND r.source_ref = ANY($2::text[])
     UNION ALL
     SELECT ${RECORD_COLUMNS}, true AS linked
     FROM subject_link l
       JOIN record r ON r.category = l.category AND r.department_id = l.department_id AND r.source_ref = l.source_ref AND r.superseded_at IS NULL
       JOIN department d ON d.id = r.department_id
     WHERE l.person_subject_id = $1 AND l.superseded_at IS NULL AND r.source_ref = ANY($2::text[])
     ORDER BY 1`,
    [subjectId, refs],
  );
}

// Every current version of the subject's records (its own, and for a person the organizations'
// records that name them): what a clerk at a service window picks from.
export async function currentSubjectRecords(db: Db, subjectId: number): Promise<SubjectRecord[]> {
  return db.query<SubjectRecord>(
    `SELECT ${RECORD_COLUMNS}, false AS linked
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.subject_id = $1 AND r.superseded_at IS NULL
     UNION ALL
     SELECT ${RECORD_COLUMNS}, true AS linked
     FROM subject_link l
       JOIN record r ON r.category = l.category AND r.department_id = l.department_id AND r.source_ref = l.source_ref AND r.superseded_at IS NULL
       JOIN department d ON d.id = r.department_id
     WHERE l.person_subject_id = $1 AND l.superseded_at IS NULL
     ORDER BY "decisionDate" DESC, id DESC
     LIMIT 500`,
    [subjectId],
  );
}

// Any version by id, with its subject's name and whether it is public today.
export async function findRecordById(db: Db, id: number, today: string): Promise<(SubjectRecord & { subjectName: string; publicToday: boolean }) | undefined> {
  return db.one(
    `SELECT ${RECORD_COLUMNS}, false AS linked, s.name AS "subjectName", (${publicNow(2)}) AS "publicToday"
     FROM record r JOIN department d ON d.id = r.department_id JOIN subject s ON s.id = r.subject_id WHERE r.id = $1`,
    [id, today],
  );
}

export type CurrentContent = RecordKey & { id: number; version: number; status: string; fields: Record<string, string> };

// The current versions of these record keys (personal fields as stored: masked), for staff who
// answer an objection and need the content a correction starts from.
export async function currentContents(db: Db, keys: readonly RecordKey[]): Promise<CurrentContent[]> {
  if (keys.length === 0) return [];
  return db.query<CurrentContent>(
    `SELECT r.id, r.version, r.status, r.fields, r.category, r.department_id AS "departmentId", r.source_ref AS "sourceRef"
     FROM unnest($1::text[], $2::bigint[], $3::text[]) AS k(c, d, s)
       JOIN record r ON r.category = k.c AND r.department_id = k.d AND r.source_ref = k.s AND r.superseded_at IS NULL`,
    [keys.map((k) => k.category), keys.map((k) => k.departmentId), keys.map((k) => k.sourceRef)],
  );
}

// YY / XF + yyyymmdd + 6-digit serial: readable on the phone and on paper.
export async function nextNumber(tx: Db, prefix: string, today: string): Promise<string> {
  const n = (await tx.one<{ n: number }>(`SELECT nextval('rights_number_seq') AS n`))!.n;
  return `${prefix}${today.replaceAll('-', '')}${String(n % 1_000_000).padStart(6, '0')}`;
}

// --- evidence ----------------------------------------------------------------------------------

export type OwnerKind = 'objection' | 'repair';
export type Evidence = { seq: number; purpose: 'evidence' | 'obligations'; sha256: string; filename: string; contentType: string; size: number; uploadedAt: Date };

export async function insertEvidence(
  tx: Db,
  owner: { kind: OwnerKind; id: string },
  files: readonly Omit<Evidence, 'seq'>[],
  by: string,
): Promise<void> {
  if (files.length === 0) return;
  await tx.query(
    `INSERT INTO rights_evidence (owner_kind, owner_id, seq, purpose, sha256, filename, content_type, size, uploaded_at, uploaded_by)
     SELECT $1, $2, t.seq, t.purpose, t.sha256, t.filename, t.content_type, t.size, t.at, $3
     FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamptz[]) AS t(seq, purpose, sha256, filename, content_type, size, at)`,
    [
      owner.kind,
      owner.id,
      by,
      files.map((_, i) => i + 1),
      files.map((f) => f.purpose),
      files.map((f) => f.sha256),
      files.map((f) => f.filename),
      files.map((f) => f.contentType),
      files.map((f) => f.size),
      files.map((f) => f.uploadedAt),
    ],
  );
}

export async function evidenceOf(db: Db, kind: OwnerKind, ids: readonly string[]): Promise<Map<string, Evidence[]>> {
  const rows = ids.length
    ? await db.query<Evidence & { ownerId: string }>(
        `SELECT owner_id AS "ownerId", seq, purpose, sha256, filename, content_type AS "contentType", size, uploaded_at AS "uploadedAt"
         FROM rights_evidence WHERE owner_kind = $1 AND owner_id = ANY($2::uuid[]) ORDER BY owner_id, seq`,
        [kind, ids],
      )
    : [];
  const out = new Map<string, Evidence[]>();
  for (const { ownerId, ...e } of rows) out.set(ownerId, [...(out.get(ownerId) ?? []), e]);
  return out;
}

// --- the dispute hook of joint punishment (0005 record_dispute) --------------------------------

export async function openDisputes(tx: Db, objectionId: string, records: readonly (RecordKey & { id: number })[], at: Date): Promise<void> {
  if (records.length === 0) return;
  await tx.query(
    `INSERT INTO record_dispute (category, department_id, source_ref, record_id, source, source_id, opened_at)
     SELECT t.c, t.d, t.r, t.id, 'objection', $1, $2 FROM unnest($3::text[], $4::bigint[], $5::text[], $6::bigint[]) AS t(c, d, r, id)`,
    [`objection:${objectionId}`, at, records.map((r) => r.category), records.map((r) => r.departmentId), records.map((r) => r.sourceRef), records.map((r) => r.id)],
  );
}

export async function closeDispute(tx: Db, objectionId: string, key: RecordKey, at: Date): Promise<void> {
  await tx.query(
    `UPDATE record_dispute SET closed_at = $5 WHERE source_id = $1 AND category = $2 AND department_id = $3 AND source_ref = $4 AND closed_at IS NULL`,
    [`objection:${objectionId}`, key.category, key.departmentId, key.sourceRef, at],
  );
}

// --- credit checks a record (any of its versions) triggered -------------------------------------

export type AffectedCheck = {
  checkId: string;
  checkedAt: Date;
  departmentId: number;
  departmentName: string;
  scenario: string;
  matterRef: string | null;
  measureId: string;
  outcome: string | null;
};

// Punishments the record triggered and that were not suspended: the departments that applied
// them restore the subject's standing [2017 五(三)].
export async function checksTriggeredBy(db: Db, key: RecordKey): Promise<AffectedCheck[]> {
  return db.query<AffectedCheck>(
    `SELECT c.id AS "checkId", c.checked_at AS "checkedAt", c.department_id AS "departmentId", d.name AS "departmentName", c.scenario,
            c.matter_ref AS "matterRef", m.measure_id AS "measureId", m.outcome
     FROM credit_check_measure m JOIN credit_check c ON c.id = m.check_id JOIN department d ON d.id = c.department_id
     WHERE m.trigger_record_ids && (SELECT array_agg(id) FROM record WHERE category = $1 AND department_id = $2 AND source_ref = $3)
       AND NOT m.suspended AND m.kind = 'punishment'
     ORDER BY c.checked_at, c.id, m.measure_id`,
    [key.category, key.departmentId, key.sourceRef],
  );
}

// --- notice outbox -------------------------------------------------------------------------------

export type NewNotice = { audience: 'department' | 'operator'; departmentId: number | null; kind: string; ref: string; payload: Record<string, unknown> };

export async function enqueueNotices(tx: Db, notices: readonly NewNotice[], at: Date): Promise<number> {
  if (notices.length === 0) return 0;
  const rows = await tx.query(
    `INSERT INTO rights_notice (audience, department_id, kind, ref, payload, created_at, next_attempt_at)
     SELECT t.a, t.d, t.k, t.r, t.p::jsonb, $1, $1 FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS t(a, d, k, r, p)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      at,
      notices.map((n) => n.audience),
      notices.map((n) => n.departmentId),
      notices.map((n) => n.kind),
      notices.map((n) => n.ref),
      notices.map((n) => JSON.stringify(n.payload)),
    ],
  );
  return rows.length;
}

export type StoredNotice = NewNotice & { id: number; createdAt: Date; attempts: number };

// Claims due notices for delivery: pushing next_attempt_at forward keeps another process from
// delivering the same notice meanwhile.
export async function claimNotices(db: Db, now: Date, limit: number, leaseSeconds: number): Promise<StoredNotice[]> {
  return db.query<StoredNotice>(
    `UPDATE rights_notice n SET attempts = n.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
     WHERE n.id IN (SELECT id FROM rights_notice WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING n.id, n.audience, n.department_id AS "departmentId", n.kind, n.ref, n.payload, n.created_at AS "createdAt", n.attempts`,
    [now, limit, leaseSeconds],
  );
}

export async function markNoticeDelivered(db: Db, id: number, at: Date): Promise<void> {
  await db.query('UPDATE rights_notice SET delivered_at = $2, last_error = NULL WHERE id = $1', [id, at]);
}

export async function markNoticeFailed(db: Db, id: number, error: string, retryAt: Date): Promise<void> {
  await db.query('UPDATE rights_notice SET last_error = $2, next_attempt_at = $3 WHERE id = $1', [id, error.slice(0, 500), retryAt]);
}

export async function noticesOf(db: Db, kind: string, ref: string): Promise<StoredNotice[]> {
  return db.query<StoredNotice>(
    `SELECT id, audience, department_id AS "departmentId", kind, ref, payload, created_at AS "createdAt", attempts FROM rights_notice WHERE kind = $1 AND ref = $2 ORDER BY id`,
    [kind, ref],
  );
}
