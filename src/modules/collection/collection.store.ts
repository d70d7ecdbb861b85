// SQL of collection: batches, their errors, and the append-only record versions.
import { copyLine, type Db } from '../../kernel/db.ts';
import type { FieldError } from '../catalog/catalog.types.ts';
import type { SubjectRow } from '../subjects/subjects.rules.ts';
import { previewValue } from './value-preview.ts';

export type BatchStatus = 'running' | 'completed' | 'failed';
export type Batch = {
  id: string;
  departmentId: number;
  category: string;
  categoryVersion: number;
  source: 'api' | 'file';
  submittedBy: string;
  filename: string | null;
  fileSha256: string | null;
  fileSize: number | null;
  status: BatchStatus;
  rowsProcessed: number;
  lastRowNumber: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure: { code: string; zh: string; en: string } | null;
  startedAt: string;
  finishedAt: string | null;
  bulk: boolean; // imported in bulk mode (the whole file in one transaction; decision 0028)
};

const BATCH_COLUMNS = `id, department_id AS "departmentId", category, category_version AS "categoryVersion", source,
  submitted_by AS "submittedBy", filename, file_sha256 AS "fileSha256", file_size AS "fileSize", status,
  rows_processed AS "rowsProcessed", last_row_number AS "lastRowNumber", created, updated, unchanged, rejected, failure,
  started_at AS "startedAt", finished_at AS "finishedAt", bulk`;

export type NewBatch = {
  departmentId: number;
  category: string;
  categoryVersion: number;
  source: 'api' | 'file';
  submittedBy: string;
  filename?: string;
  fileSha256?: string;
  fileSize?: number;
  bulk?: boolean;
};

export async function insertBatch(db: Db, b: NewBatch): Promise<Batch> {
  return (await db.one<Batch>(
    `INSERT INTO batch (department_id, category, category_version, source, submitted_by, filename, file_sha256, file_size, bulk)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${BATCH_COLUMNS}`,
    [b.departmentId, b.category, b.categoryVersion, b.source, b.submittedBy, b.filename ?? null, b.fileSha256 ?? null, b.fileSize ?? null, b.bulk ?? false],
  ))!;
}

// An unfinished batch of the same file in the same mode (a bulk import resumes as a bulk import).
export async function findRunningFileBatch(db: Db, departmentId: number, category: string, sha256: string, bulk = false): Promise<Batch | undefined> {
  return db.one<Batch>(
    `SELECT ${BATCH_COLUMNS} FROM batch WHERE department_id = $1 AND category = $2 AND file_sha256 = $3 AND status = 'running' AND bulk = $4
     ORDER BY started_at DESC LIMIT 1`,
    [departmentId, category, sha256, bulk],
  );
}

// ---- bulk mode (decision 0028)

// Per category: every chunk of a normal import holds it shared for its transaction, a bulk import
// holds it exclusively for its whole transaction, so the two never write one category at once.
export async function shareCategoryLock(tx: Db, category: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock_shared(hashtext('collect:' || $1))", [category], 'collect.category-lock-shared');
}

// Takes the category exclusively if no chunk of it is being written; false otherwise.
export async function tryExclusiveCategoryLock(tx: Db, category: string): Promise<boolean> {
  return (await tx.one<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('collect:' || $1)) AS ok", [category]))!.ok;
}

// Other file batches of the category a live process is importing (between two of their chunks).
export async function otherLiveImports(tx: Db, category: string, batchId: string): Promise<{ id: string; departmentId: number }[]> {
  return tx.query(
    `SELECT id, department_id AS "departmentId" FROM batch
     WHERE category = $1 AND id <> $2 AND status = 'running' AND source = 'file' AND lease_until > now()`,
    [category, batchId],
  );
}

// The bulk run's hold on its batch for its whole transaction: the row stays locked (a second
// process's claim waits, then finds it finished) and the lease cannot run out while the one long
// transaction is open; if the process dies, the transaction and this with it are rolled back.
export async function holdBatchForBulk(tx: Db, batchId: string, owner: string): Promise<boolean> {
  if (!(await holdsBatchLease(tx, batchId, owner))) return false;
  await tx.query("UPDATE batch SET lease_until = 'infinity' WHERE id = $1", [batchId]);
  return true;
}

// The secondary indexes of a table that no constraint needs (drop, load, rebuild): name and
// definition. The primary key, unique constraints and the listed unique indexes stay.
export async function deferrableIndexes(tx: Db, table: string, keep: readonly string[]): Promise<{ name: string; def: string }[]> {
  return tx.query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       AND c.relname <> ALL($2::text[])
     ORDER BY c.relname`,
    [table, keep],
  );
}

// The planner's row estimate; a table never analyzed (autovacuum off) by its size, at ~1 KB a row.
export async function estimatedRows(tx: Db, table: string): Promise<number> {
  const r = await tx.one<{ n: number }>(
    'SELECT (CASE WHEN reltuples < 0 THEN pg_relation_size(oid) / 1024 ELSE reltuples END)::bigint AS n FROM pg_class WHERE oid = $1::regclass',
    [table],
  );
  return Number(r?.n ?? 0);
}

export async function maxSubjectId(tx: Db): Promise<number> {
  return Number((await tx.one<{ n: number | null }>('SELECT max(id) AS n FROM subject'))!.n ?? 0);
}

// The grams of the subjects filed after `afterId` (a bulk import's own; others' have theirs from
// the trigger already), in key order: one sorted pass over the gram index. keyDropped: the
// gram key was dropped for the load (dropGramKey); the grams the rename trigger gave this
// import's own subjects meanwhile are replaced by their final ones, unsorted, and the key is
// built afterwards in one sort.
export async function addDeferredGrams(tx: Db, afterId: number, keyDropped = false): Promise<void> {
  if (keyDropped) await tx.query('DELETE FROM subject_gram WHERE subject_id > $1', [afterId]);
  await tx.query(
    `INSERT INTO subject_gram (gram, rank, subject_id, person)
     SELECT g.gram, g.rank, s.id, s.kind = 'person' FROM subject s, subject_grams(s.public_name) g
     WHERE s.id > $1 AND s.public_name IS NOT NULL
     ${keyDropped ? '' : 'ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING'}`,
    [afterId],
  );
}

// The gram key (subject_gram's primary key) of a bulk load that rebuilds indexes: dropped at the
// start, its definition kept to add it again at the end (addGramKey), which builds it from one
// sort instead of ~20 random insertions per new subject. Locks subject_gram until commit.
export async function dropGramKey(tx: Db): Promise<string | undefined> {
  const k = await tx.one<{ name: string; def: string }>(
    "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'subject_gram'::regclass AND contype = 'p'",
  );
  if (!k) return undefined;
  await tx.query(`ALTER TABLE subject_gram DROP CONSTRAINT "${k.name}"`);
  return `ALTER TABLE subject_gram ADD CONSTRAINT "${k.name}" ${k.def}`;
}

export async function findBatch(db: Db, id: string): Promise<Batch | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db.one<Batch>(`SELECT ${BATCH_COLUMNS} FROM batch WHERE id = $1`, [id]);
}

export async function listBatches(db: Db, departmentId: number, limit: number, offset: number): Promise<{ items: Batch[]; total: number }> {
  const items = await db.query<Batch>(
    `SELECT ${BATCH_COLUMNS} FROM batch WHERE department_id = $1 ORDER BY started_at DESC LIMIT $2 OFFSET $3`,
    [departmentId, limit, offset],
  );
  const total = (await db.one<{ n: number }>('SELECT count(*) AS n FROM batch WHERE department_id = $1', [departmentId]))!.n;
  return { items, total };
}

export type ChunkCounts = { rows: number; lastRowNumber: number; created: number; updated: number; unchanged: number; rejected: number };

export async function advanceBatch(tx: Db, batchId: string, c: ChunkCounts): Promise<void> {
  await tx.query(
    `UPDATE batch SET rows_processed = rows_processed + $2, last_row_number = GREATEST(last_row_number, $3),
       created = created + $4, updated = updated + $5, unchanged = unchanged + $6, rejected = rejected + $7
     WHERE id = $1`,
    [batchId, c.rows, c.lastRowNumber, c.created, c.updated, c.unchanged, c.rejected],
  );
}

export async function finishBatch(db: Db, batchId: string, status: 'completed' | 'failed', failure?: { code: string; zh: string; en: string }): Promise<Batch> {
  return (await db.one<Batch>(
    `UPDATE batch SET status = $2, failure = $3, finished_at = now(), lease_owner = NULL, lease_until = NULL WHERE id = $1 RETURNING ${BATCH_COLUMNS}`,
    [batchId, status, failure ? JSON.stringify(failure) : null],
  ))!;
}

// Whether another batch still uses this original file (running, or with rows read from it).
export async function fileNeededElsewhere(db: Db, sha256: string, exceptBatchId: string): Promise<boolean> {
  const r = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM batch WHERE file_sha256 = $1 AND id <> $2 AND (status = 'running' OR rows_processed > 0)`,
    [sha256, exceptBatchId],
  );
  return r!.n > 0;
}

export type RowErrors = { row: number; errors: FieldError[] };

// ---- import leases (one process imports a file batch; another takes over once the lease ran out)

export type LeasedBatch = Batch & { attempts: number; lastError: string | null };

// Takes the lease of a running file batch when nobody holds a live one, and counts the attempt;
// undefined when the batch is finished or held. Not re-entrant: the owner names one run, so two
// jobs for one batch in the same process do not both import it.
export async function claimBatchLease(tx: Db, batchId: string, owner: string, leaseSeconds: number): Promise<LeasedBatch | undefined> {
  return tx.one<LeasedBatch>(
    `UPDATE batch SET lease_owner = $2, lease_until = now() + $3 * interval '1 second', attempts = attempts + 1
     WHERE id = $1 AND status = 'running' AND source = 'file' AND (lease_until IS NULL OR lease_until < now())
     RETURNING ${BATCH_COLUMNS}, attempts, last_error AS "lastError"`,
    [batchId, owner, leaseSeconds],
  );
}

// Heartbeat: false when the lease is no longer ours (it ran out and another process took it).
export async function renewBatchLease(db: Db, batchId: string, owner: string, leaseSeconds: number): Promise<boolean> {
  const r = await db.one(
    `UPDATE batch SET lease_until = now() + $3 * interval '1 second' WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING id`,
    [batchId, owner, leaseSeconds],
  );
  return r !== undefined;
}

// Inside a chunk's transaction: locks the batch row and says whether we still hold its lease, so a
// process that lost its lease (paused past it, then woke up) cannot commit rows twice.
export async function holdsBatchLease(tx: Db, batchId: string, owner: string): Promise<boolean> {
  const r = await tx.one<{ owner: string | null; status: string }>('SELECT lease_owner AS owner, status FROM batch WHERE id = $1 FOR UPDATE', [batchId]);
  return r?.owner === owner && r.status === 'running';
}

// Gives the lease up. error: the run failed for an internal reason (kept for the failure report);
// uncount: the run was stopped on purpose (shutdown), so it does not count as an attempt.
export async function releaseBatchLease(db: Db, batchId: string, owner: string, o: { error?: string; uncount?: boolean } = {}): Promise<void> {
  await db.query(
    `UPDATE batch SET lease_owner = NULL, lease_until = NULL, last_error = COALESCE($3, last_error),
       attempts = CASE WHEN $4 THEN GREATEST(attempts - 1, 0) ELSE attempts END
     WHERE id = $1 AND lease_owner = $2`,
    [batchId, owner, o.error ?? null, Boolean(o.uncount)],
  );
}

// Every lease given up at once: only when this process is known to be the only one (the embedded
// database's data-directory lock), so leases left by a crash need not run out first.
export async function releaseAllBatchLeases(db: Db): Promise<number> {
  return (await db.query("UPDATE batch SET lease_owner = NULL, lease_until = NULL WHERE status = 'running' AND lease_owner IS NOT NULL RETURNING id")).length;
}

// Running file batches nobody holds a live lease on (never started, or the importer died).
export async function listUnleasedFileBatches(db: Db): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `SELECT id FROM batch WHERE status = 'running' AND source = 'file' AND (lease_until IS NULL OR lease_until < now()) ORDER BY started_at`,
  );
}

export async function insertBatchErrors(tx: Db, batchId: string, rows: readonly RowErrors[]): Promise<void> {
  const b: string[] = [], rn: number[] = [], seq: number[] = [], field: (string | null)[] = [], code: string[] = [], zh: string[] = [], en: string[] = [], value: (string | null)[] = [];
  for (const r of rows)
    r.errors.forEach((e, i) => {
      b.push(batchId);
      rn.push(r.row);
      seq.push(i);
      field.push(e.field || null);
      code.push(e.code);
      zh.push(e.zh);
      en.push(e.en);
      value.push(previewValue(e.value)); // never a whole 5 MB cell: the original file keeps it
    });
  if (b.length === 0) return;
  await tx.query(
    `INSERT INTO batch_error (batch_id, row_number, seq, field, code, zh, en, value)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT DO NOTHING`,
    [b, rn, seq, field, code, zh, en, value],
  );
}

export type BatchErrorRow = { row: number; field: string | null; code: string; zh: string; en: string; value: string | null };

export async function* iterateBatchErrors(db: Db, batchId: string, pageSize = 5000): AsyncGenerator<BatchErrorRow> {
  let after = { row: 0, seq: -1 };
  for (;;) {
    const page = await db.query<BatchErrorRow & { seq: number }>(
      `SELECT row_number AS row, seq, field, code, zh, en, value FROM batch_error
       WHERE batch_id = $1 AND (row_number, seq) > ($2, $3) ORDER BY row_number, seq LIMIT $4`,
      [batchId, after.row, after.seq, pageSize],
    );
    for (const e of page) yield e;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { row: last.row, seq: last.seq };
  }
}

export async function firstBatchErrors(db: Db, batchId: string, limit: number): Promise<BatchErrorRow[]> {
  return db.query<BatchErrorRow>(
    'SELECT row_number AS row, field, code, zh, en, value FROM batch_error WHERE batch_id = $1 ORDER BY row_number, seq LIMIT $2',
    [batchId, limit],
  );
}

export type CurrentVersion = { id: number; sourceRef: string; version: number; contentHash: string; status: string; statusOn: string | null; statusReason: string | null };

export async function currentVersions(tx: Db, category: string, departmentId: number, refs: readonly string[]): Promise<CurrentVersion[]> {
  if (refs.length === 0) return [];
  return tx.query<CurrentVersion>(
    `SELECT id, source_ref AS "sourceRef", version, content_hash AS "contentHash", status, status_on AS "statusOn", status_reason AS "statusReason" FROM record
     WHERE category = $1 AND department_id = $2 AND source_ref = ANY($3::text[]) AND superseded_at IS NULL`,
    [category, departmentId, refs],
  );
}

export async function supersede(tx: Db, ids: readonly number[]): Promise<void> {
  if (ids.length) await tx.query('UPDATE record SET superseded_at = now() WHERE id = ANY($1::bigint[]) AND superseded_at IS NULL', [ids]);
}

export type NewRecordVersion = {
  category: string;
  categoryVersion: number;
  departmentId: number;
  sourceRef: string;
  version: number;
  subjectId: number;
  contentHash: string;
  fields: string; // JSON
  sealed: string | null;
  decisionDate: string;
  severity: string | null;
  pubFrom: string | null;
  pubUntil: string | null;
  validUntil: string | null;
  status: string;
  statusOn: string | null;
  statusReason: string | null;
  late: boolean;
  batchId: string;
  superseded: boolean; // an earlier version of the same ref within one chunk
};

export async function insertRecordVersions(tx: Db, rows: readonly NewRecordVersion[]): Promise<{ id: number; sourceRef: string; version: number }[]> {
  if (rows.length === 0) return [];
  const col = <K extends keyof NewRecordVersion>(k: K) => rows.map((r) => r[k]);
  return tx.query(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
       decision_date, severity, pub_from, pub_until, late, batch_id, superseded_at, valid_until, status, status_on, status_reason)
     SELECT c, cv, d, r, v, s, h, f::jsonb, se, dd::date, sv, pf::date, pu::date, l, b, CASE WHEN sup THEN now() END, vu::date, st, so::date, sr
     FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::int[], $6::bigint[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[], $15::uuid[], $16::boolean[], $17::text[], $18::text[], $19::text[], $20::text[])
       AS t(c, cv, d, r, v, s, h, f, se, dd, sv, pf, pu, l, b, sup, vu, st, so, sr)
     RETURNING id, source_ref AS "sourceRef", version`,
    [
      col('category'), col('categoryVersion'), col('departmentId'), col('sourceRef'), col('version'), col('subjectId'), col('contentHash'),
      col('fields'), col('sealed'), col('decisionDate'), col('severity'), col('pubFrom'), col('pubUntil'), col('late'), col('batchId'), col('superseded'),
      col('validUntil'), col('status'), col('statusOn'), col('statusReason'),
    ],
  );
}

// ---- staged ingest: a chunk is copied into a temporary table and written set-based

// One valid row of a chunk: its subject, and (for the first row of each ref in the chunk) the
// record version it becomes if its ref has no current version yet.
export type StagedRow = {
  ord: number;
  subject: SubjectRow;
  // the row's record has a publication window: its name becomes the subject's public name
  publishes: boolean;
  record?: Omit<NewRecordVersion, 'category' | 'categoryVersion' | 'departmentId' | 'version' | 'subjectId' | 'status' | 'statusOn' | 'statusReason' | 'batchId' | 'superseded'>;
};

const STAGE_COLUMNS =
  'ord, subject_key, kind, name, publishes, uscc, org_code, reg_no, id_type, id_blind, id_cipher, id_masked, source_ref, content_hash, fields, sealed, decision_date, severity, pub_from, pub_until, valid_until, late';

// Transactions that already made their staging table (a bulk import writes many chunks in one).
const staging = new WeakSet<Db>();

export async function stageChunk(tx: Db, rows: readonly StagedRow[]): Promise<void> {
  // ON COMMIT DROP: each chunk's transaction has its own, whatever connection it runs on.
  // Sorting a chunk by row or key stays in memory (the default 4 MB spills it to disk).
  // a transaction that files several chunks (an exchange message with several departments or
  // categories, exchange.service.ts fileEntries; a bulk import) stages each one afresh
  if (staging.has(tx)) await tx.query('TRUNCATE ingest_stage');
  else await stageTable(tx);
  let payload = '';
  for (const r of rows) {
    const s = r.subject;
    const c = r.record;
    payload += copyLine([
      r.ord, s.key, s.kind, s.name, r.publishes, s.uscc, s.orgCode, s.regNo, s.idType, s.idBlind, s.idCipher, s.idMasked,
      c?.sourceRef, c?.contentHash, c?.fields, c?.sealed, c?.decisionDate, c?.severity, c?.pubFrom, c?.pubUntil, c?.validUntil, c?.late,
    ]);
  }
  if (payload) await tx.copyIn(`COPY ingest_stage (${STAGE_COLUMNS}) FROM STDIN`, payload);
}

async function stageTable(tx: Db): Promise<void> {
  staging.add(tx);
  // JIT compiles a chunk's statements afresh each time (0.5–0.9 s on PostgreSQL 15 when the
  // planner over-estimates them) for statements that run in tens of milliseconds (decision 0037)
  await tx.query("SET LOCAL work_mem = '64MB'");
  await tx.query('SET LOCAL jit = off');
  await tx.query(
    `CREATE TEMP TABLE ingest_stage (ord int NOT NULL, subject_key text NOT NULL, kind text NOT NULL, name text NOT NULL, publishes boolean NOT NULL, uscc text, org_code text,
       reg_no text, id_type text, id_blind text, id_cipher text, id_masked text, source_ref text, content_hash text, fields text, sealed text,
       decision_date date, severity text, pub_from date, pub_until date, valid_until date, late boolean) ON COMMIT DROP`,
  );
}

// Files the staged subjects (one per key; the last row's name wins) as upsertSubjects does, and
// their public name: the name on the chunk's last row whose record has a publication window
// (a subject's public name never comes from a record that is not public; 0023).
export async function upsertStagedSubjects(tx: Db): Promise<void> {
  await tx.query(
    `INSERT INTO subject (subject_key, kind, name, public_name, uscc, org_code, reg_no, id_type, id_blind, id_cipher, id_masked)
     SELECT l.subject_key, l.kind, l.name, pub.name, l.uscc, l.org_code, l.reg_no, l.id_type, l.id_blind, l.id_cipher, l.id_masked
     FROM (SELECT DISTINCT ON (subject_key) * FROM ingest_stage ORDER BY subject_key, ord DESC) l
     LEFT JOIN (SELECT DISTINCT ON (subject_key) subject_key, name FROM ingest_stage WHERE publishes ORDER BY subject_key, ord DESC) pub
       ON pub.subject_key = l.subject_key
     ORDER BY l.subject_key COLLATE "C"
     ON CONFLICT (subject_key) DO UPDATE
       SET name = EXCLUDED.name,
           public_name = COALESCE(EXCLUDED.public_name, subject.public_name),
           reg_no = COALESCE(subject.reg_no, EXCLUDED.reg_no),
           updated_at = now()
     WHERE subject.name IS DISTINCT FROM EXCLUDED.name OR (subject.reg_no IS NULL AND EXCLUDED.reg_no IS NOT NULL)
        OR (EXCLUDED.public_name IS NOT NULL AND subject.public_name IS DISTINCT FROM EXCLUDED.public_name)`,
  );
}

// Inserts version 1 of every staged record whose key has no current version; a key that has
// one is left to the caller (it is an update or unchanged). Returns what was inserted. The
// subject of each row is found by its key, one index probe per row: a join would let the planner
// hash the whole subject table for a chunk (this server runs without autovacuum, so the planner
// often has no statistics).
export async function insertStagedRecords(
  tx: Db,
  c: { category: string; categoryVersion: number; departmentId: number; batchId: string },
): Promise<{ id: number; subjectId: number; sourceRef: string }[]> {
  return tx.query(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
       decision_date, severity, pub_from, pub_until, late, batch_id, valid_until, status)
     SELECT $1, $2, $3, st.source_ref, 1, (SELECT s.id FROM subject s WHERE s.subject_key = st.subject_key), st.content_hash, st.fields::jsonb, st.sealed,
       st.decision_date, st.severity, st.pub_from, st.pub_until, st.late, $4, st.valid_until, 'active'
     FROM ingest_stage st
     WHERE st.source_ref IS NOT NULL
     ORDER BY st.ord
     ON CONFLICT (category, department_id, source_ref) WHERE superseded_at IS NULL DO NOTHING
     RETURNING id, subject_id AS "subjectId", source_ref AS "sourceRef"`,
    [c.category, c.categoryVersion, c.departmentId, c.batchId],
  );
}
