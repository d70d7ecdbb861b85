// Collection (归集): validate rows against the catalog, index them under one subject code, and
// store them as append-only record versions, idempotently, a chunk per transaction.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { Readable } from 'node:stream';
import { DomainError, badRequest, notFound } from '../../kernel/errors.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { mapHeader } from '../catalog/catalog.headers.ts';
import { validateJsonRecord } from '../catalog/catalog.rows.ts';
import { assertListOwner } from '../catalog/catalog.rules.ts';
import { reloadPublicationRules } from '../publication/publication-rules.store.ts';
import { subjectRowOf } from '../subjects/subjects.rules.ts';
import { subjectIdsByKey } from '../subjects/subjects.store.ts';
import { replaceLinks, type NewLink, type RecordKey } from '../subjects/subject-links.store.ts';
import { findDepartmentById, type Department } from '../access/departments.store.ts';
import { openSheet, readHead, looksTabular, NOT_TABULAR, SNIFF_BYTES, SheetParseError } from './file-readers.ts';
import * as store from './collection.store.ts';
import { countOutcomes, legalRepOf, nextVersion, type Counts, type RowOutcome, type VersionState } from './collection.rules.ts';
import type { CurrentVersion } from './records.store.ts';
import { checkSheetRow, createPreparer, type Checked, type Prepared, type Preparer } from './row-prep.ts';
import { previewValue } from './value-preview.ts';

export type { Counts, RowOutcome, RowStatus } from './collection.rules.ts';

export const CHUNK_ROWS = 4000;
export const MAX_API_RECORDS = 5000;

type Sheet = Awaited<ReturnType<typeof openSheet>>;

// Adds a written chunk's outcomes to the import's running counts and reports the progress.
function addChunkCounts(counts: Counts, outcomes: RowOutcome[], sheet: Sheet, onProgress: ImportOptions['onProgress']): void {
  const c = countOutcomes(outcomes);
  counts.rows += c.rows;
  counts.created += c.created;
  counts.updated += c.updated;
  counts.unchanged += c.unchanged;
  counts.rejected += c.rejected;
  onProgress?.({ rows: counts.rows, bytesRead: sheet.bytesRead(), totalBytes: sheet.totalBytes, counts: { ...counts } });
}

// Ingests one chunk of validated rows inside the caller's transaction. The chunk's subjects and
// the first row of each of its refs are copied into a staging table and written set-based: a ref
// with no current version becomes version 1 in one statement. The rest (refs already on file,
// refs repeated within the chunk) go, in row order, through the version logic: unchanged when the
// content is the same, otherwise a new version that supersedes the current one.
export async function ingestChunk(
  p: Platform,
  tx: Db,
  ctx: { def: CategoryDef; department: Department; batchId: string; received: DateStr },
  rows: readonly Checked[],
): Promise<RowOutcome[]> {
  const { def, department } = ctx;
  // a bulk import of the category (decision 0028) holds it exclusively: wait for it to commit
  await store.shareCategoryLock(tx, def.code);
  // publication periods set by province staff through any server since: rows prepared from here on
  // use them (file rows are prepared while reading, so from the next chunk; one small query a chunk)
  await reloadPublicationRules({ db: tx, rules: p.rules });
  const outcomes: RowOutcome[] = new Array(rows.length);
  let preparer: Preparer | undefined;
  const valid: Prepared[] = [];
  rows.forEach((r, i) => {
    if (!r.result.ok) outcomes[i] = { row: r.row, status: 'rejected', errors: r.result.errors };
    else if (r.prepared && r.prepared.i === i) valid.push(r.prepared);
    else valid.push((preparer ??= createPreparer(p, def, ctx.received))(i, r.row, r.result.record));
  });

  const firstOfRef = new Set<string>();
  const staged: store.StagedRow[] = valid.map((v, ord) => {
    const first = !firstOfRef.has(v.record.ref);
    if (first) firstOfRef.add(v.record.ref);
    return { ord, subject: v.subject, publishes: v.fresh.pubFrom !== null, record: first ? v.fresh : undefined };
  });
  await store.stageChunk(tx, staged);
  await store.upsertStagedSubjects(tx);
  const inserted = new Map(
    (await store.insertStagedRecords(tx, { category: def.code, categoryVersion: def.version, departmentId: department.id, batchId: ctx.batchId })).map((r) => [r.sourceRef, r]),
  );

  const links: NewLink[] = [];
  const rest: Prepared[] = [];
  valid.forEach((v, ord) => {
    const ins = staged[ord]!.record ? inserted.get(v.record.ref) : undefined;
    if (!ins) return void rest.push(v);
    outcomes[v.i] = { row: v.row, status: 'created', ref: v.record.ref, version: 1, recordId: String(ins.id) };
    const rep = legalRepOf(def, v.record);
    if (rep)
      links.push({ category: def.code, departmentId: department.id, sourceRef: v.record.ref, orgSubjectId: ins.subjectId, person: subjectRowOf(rep, p.crypto), role: 'legal_representative', recordId: ins.id });
  });
  const touched = rest.length ? await ingestVersions(p, tx, ctx, rest, outcomes, links) : [];
  if (touched.length || links.length) await replaceLinks(tx, touched, links);

  const counts = countOutcomes(outcomes);
  await store.insertBatchErrors(tx, ctx.batchId, outcomes.filter((o) => o.status === 'rejected').map((o) => ({ row: o.row, errors: o.errors! })));
  await store.advanceBatch(tx, ctx.batchId, { ...counts, lastRowNumber: rows.length ? rows[rows.length - 1]!.row : 0 });
  return outcomes;
}

// Rows whose ref is already on file or repeated within the chunk, in row order: unchanged when
// the content is the same as the current version, else a new version superseding it. Returns
// the keys that got a new version after an earlier one (their links are renewed).
async function ingestVersions(
  p: Platform,
  tx: Db,
  ctx: { def: CategoryDef; department: Department; batchId: string },
  rows: readonly Prepared[],
  outcomes: RowOutcome[],
  links: NewLink[],
): Promise<RecordKey[]> {
  const { def, department } = ctx;
  const subjectIds = await subjectIdsByKey(tx, rows.map((v) => v.subject.key));
  const existing = await store.currentVersions(tx, def.code, department.id, [...new Set(rows.map((v) => v.record.ref))]);
  // the newest state of each ref as this chunk goes: a later identical row is unchanged
  const latest = new Map<string, VersionState & { pendingIndex?: number; recordId?: number }>();
  for (const c of existing)
    latest.set(c.sourceRef, { hash: c.contentHash, version: c.version, recordId: c.id, status: { status: c.status, statusOn: c.statusOn, statusReason: c.statusReason } });
  const touched: RecordKey[] = [];
  const pendingLinks: { insert: number; link: Omit<NewLink, 'recordId'> }[] = [];
  const toSupersede: number[] = [];
  const inserts: store.NewRecordVersion[] = [];
  const insertOutcome: number[] = []; // outcome index per insert

  for (const v of rows) {
    const rec = v.record;
    const prior = latest.get(rec.ref);
    const step = nextVersion(prior, v.hash);
    if (step.kind === 'unchanged') {
      outcomes[v.i] = { row: v.row, status: 'unchanged', ref: rec.ref, version: step.version, recordId: prior!.recordId?.toString() };
      if (prior!.pendingIndex !== undefined) insertOutcome.push(v.i); // will learn its id with the pending insert
      continue;
    }
    if (prior?.pendingIndex !== undefined) inserts[prior.pendingIndex]!.superseded = true;
    else if (prior?.recordId !== undefined) toSupersede.push(prior.recordId);
    const { version, status, sticky } = step;
    const subjectId = subjectIds.get(v.subject.key)!;
    inserts.push({
      ...v.fresh,
      category: def.code,
      categoryVersion: def.version,
      departmentId: department.id,
      version,
      subjectId,
      pubFrom: sticky ? null : v.fresh.pubFrom,
      pubUntil: sticky ? null : v.fresh.pubUntil,
      ...status,
      batchId: ctx.batchId,
      superseded: false,
    });
    insertOutcome.push(v.i);
    outcomes[v.i] = { row: v.row, status: prior ? 'updated' : 'created', ref: rec.ref, version };
    latest.set(rec.ref, { hash: v.hash, version, pendingIndex: inserts.length - 1, status });
    if (prior) touched.push({ category: def.code, departmentId: department.id, sourceRef: rec.ref });
    const rep = legalRepOf(def, rec);
    if (rep)
      pendingLinks.push({
        insert: inserts.length - 1,
        link: { category: def.code, departmentId: department.id, sourceRef: rec.ref, orgSubjectId: subjectId, person: subjectRowOf(rep, p.crypto), role: 'legal_representative' },
      });
  }

  await store.supersede(tx, toSupersede);
  const inserted = await store.insertRecordVersions(tx, inserts);
  const idOf = new Map(inserted.map((r) => [`${r.sourceRef}\u0000${r.version}`, r.id]));
  for (const { insert, link } of pendingLinks) links.push({ ...link, recordId: idOf.get(`${link.sourceRef}\u0000${inserts[insert]!.version}`)! });
  for (const i of insertOutcome) {
    const o = outcomes[i]!;
    if (o.recordId === undefined) o.recordId = idOf.get(`${o.ref}\u0000${o.version}`)?.toString();
  }
  return touched;
}

// ---- JSON batches (exchange API)

export type JsonBatchResult = { batchId: string; category: string; counts: Counts; results: (RowOutcome & { index: number })[] };

export async function submitJsonBatch(
  p: Platform,
  actor: Actor,
  department: Department,
  category: string,
  records: readonly Record<string, unknown>[],
  original?: Buffer, // the request body as received, kept content-addressed like an uploaded file
): Promise<JsonBatchResult> {
  const def = p.catalog.get(category);
  assertListOwner(def, department);
  if (records.length === 0) throw badRequest('BATCH_EMPTY', '批次中没有记录', 'The batch has no records');
  if (records.length > MAX_API_RECORDS)
    throw new DomainError(413, 'BATCH_TOO_LARGE', `单个批次最多 ${MAX_API_RECORDS} 条记录，请拆分或使用文件导入`, `A batch holds at most ${MAX_API_RECORDS} records; split it or import a file`);
  const today = p.today();
  const checked: Checked[] = records.map((r, i) => ({ row: i, result: validateJsonRecord(def, r, today) }));
  const blob = original ? await p.blobs.put(Readable.from([original])) : undefined;
  return p.db.tx(async (tx) => {
    const batch = await store.insertBatch(tx, {
      departmentId: department.id,
      category: def.code,
      categoryVersion: def.version,
      source: 'api',
      submittedBy: actor.id,
      ...(blob ? { filename: 'batch.json', fileSha256: blob.sha256, fileSize: blob.size } : {}),
    });
    const outcomes = await ingestChunk(p, tx, { def, department, batchId: batch.id, received: today }, checked);
    await tx.query("UPDATE batch SET status = 'completed', finished_at = now() WHERE id = $1", [batch.id]);
    const counts = countOutcomes(outcomes);
    await writeAudit(tx, actor, 'batch.submit', `batch:${batch.id}`, { category: def.code, department: department.uscc, ...counts });
    return { batchId: batch.id, category: def.code, counts, results: outcomes.map(({ row, ...o }) => ({ index: row, row, ...o, ...(o.errors ? { errors: o.errors.map((e) => ({ ...e, value: previewValue(e.value) ?? undefined })) } : {}) })) };
  });
}

// ---- files (CLI, upload)

export type ImportProgress = { rows: number; bytesRead: number; totalBytes?: number; counts: Counts };
export type ImportSummary = Counts & {
  batchId: string;
  resumed: boolean;
  status: store.BatchStatus;
  errors: { row: number; field: string | null; code: string; message: string; zh: string; en: string; value: string | null }[];
  failure?: { code: string; zh: string; en: string };
  // a bulk import: where its time went (seconds) and how many indexes it rebuilt
  phases?: { write: number; indexes: number; grams: number; analyze: number; indexesRebuilt: number };
};

export type ImportOptions = {
  file: string;
  filename?: string;
  category: string;
  department: Department;
  actor: Actor;
  onProgress?: (p: ImportProgress) => void;
  errorLimit?: number;
  stopAfterRows?: number; // tests: simulate a crash after this many rows
  onBatch?: (batchId: string) => void; // called once the batch row exists
  // bulk mode (operators, for the initial migration of historical data; decision 0028): the whole
  // file in one transaction, index and gram maintenance deferred to its end
  bulk?: boolean;
};

// Background tasks of collection (defined in src/jobs.ts): import one file batch; find batches
// whose importer died (lease ran out) and enqueue them again.
export const IMPORT_TASK = 'collect.import';
export const RESUME_TASK = 'collect.resume';

export type StartedFileBatch = { batch: store.Batch; resumed: boolean };

// Stores the original file content-addressed and makes its batch; an unfinished batch of the same
// file for the same department and category is taken up again instead (resumed after its last
// committed row).
export async function startFileBatch(p: Platform, o: Omit<ImportOptions, 'onProgress' | 'errorLimit' | 'stopAfterRows' | 'onBatch'>): Promise<StartedFileBatch> {
  const def = p.catalog.get(o.category);
  assertListOwner(def, o.department);
  const bulk = o.bulk === true;
  if (bulk) assertBulkOperator(o.actor);
  // refused from its first kilobytes: no batch, and nothing of it kept
  if (!looksTabular(await readHead(o.file, SNIFF_BYTES))) throw badRequest(NOT_TABULAR.code, NOT_TABULAR.zh, NOT_TABULAR.en);
  if (bulk) await refuseBulkBesideImports(p, def.code);
  const blob = await p.blobs.putFile(o.file);
  const found = await store.findRunningFileBatch(p.db, o.department.id, def.code, blob.sha256, bulk);
  if (found) return { batch: found, resumed: true };
  const batch = await p.db.tx(async (tx) => {
    const b = await store.insertBatch(tx, {
      departmentId: o.department.id,
      category: def.code,
      categoryVersion: def.version,
      source: 'file',
      submittedBy: o.actor.id,
      filename: o.filename ?? o.file.split('/').pop(),
      fileSha256: blob.sha256,
      fileSize: blob.size,
      bulk,
    });
    await writeAudit(tx, o.actor, 'batch.start', `batch:${b.id}`, { category: def.code, department: o.department.uscc, sha256: blob.sha256, size: blob.size, ...(bulk ? { bulk } : {}) });
    return b;
  });
  return { batch, resumed: false };
}

// Imports a file here and now (CLI): the batch is leased to this process while it runs.
export async function importFile(p: Platform, o: ImportOptions): Promise<ImportSummary> {
  const { batch, resumed } = await startFileBatch(p, o);
  o.onBatch?.(batch.id);
  const r = await runLeasedBatch(p, batch.id, o.department, o.actor, { ...o, resumed });
  if (r === 'leased')
    throw new DomainError(
      409,
      'BATCH_IN_PROGRESS',
      `该文件的批次 ${batch.id} 正由另一进程导入，请稍后查看批次状态`,
      `Batch ${batch.id} of this file is being imported by another process; check the batch status later`,
    );
  return r;
}

// The import task: one run over a batch, by whichever process of the cluster took the job.
// Idempotent: a finished batch, or one another live process holds, is left alone.
export async function importBatchJob(p: Platform, batchId: string, findDepartment: (id: number) => Promise<Department | undefined>, signal?: AbortSignal): Promise<ImportSummary | undefined> {
  const b = await store.findBatch(p.db, batchId);
  if (!b || b.status !== 'running' || b.source !== 'file') return undefined;
  const dep = await findDepartment(b.departmentId);
  if (!dep) return undefined;
  const r = await runLeasedBatch(p, batchId, dep, { id: 'system:import', kind: 'system' }, { resumed: b.rowsProcessed > 0, signal });
  return r === 'leased' ? undefined : r;
}

// The resume sweep: running file batches that no live process holds get an import job (the job
// key is the batch, so a batch waiting for a worker is not queued twice).
export async function resumeFileBatches(p: Platform): Promise<number> {
  let n = 0;
  for (const b of await store.listUnleasedFileBatches(p.db)) if (await p.jobs.enqueue(IMPORT_TASK, { batchId: b.id }, { key: b.id })) n += 1;
  return n;
}

// At the start of the only process on the embedded database (its data-directory lock): leases
// left by a crashed run are stale now, so interrupted imports resume at once.
export async function forgetStaleLeases(p: Platform): Promise<number> {
  if (p.db.kind !== 'pglite') return 0;
  return store.releaseAllBatchLeases(p.db);
}

const POISON_ACTOR: Actor = { id: 'system:import', kind: 'system' };

// Claims the batch's lease (counting the attempt), renews it while importing, and gives it up at
// the end. A batch whose attempts are used up is marked failed with its last error (issue 16).
async function runLeasedBatch(
  p: Platform,
  batchId: string,
  department: Department,
  actor: Actor,
  o: { resumed: boolean; onProgress?: ImportOptions['onProgress']; errorLimit?: number; stopAfterRows?: number; signal?: AbortSignal },
): Promise<ImportSummary | 'leased'> {
  // one run of one process (host:pid:id/run): a second run, even in the same process, is another owner
  const owner = `${p.jobs.workerId}/${randomUUID().slice(0, 8)}`;
  const { importLeaseSeconds: leaseSeconds, importMaxAttempts: maxAttempts } = p.config.jobs;
  const claimed = await p.db.tx(async (tx) => {
    const b = await store.claimBatchLease(tx, batchId, owner, leaseSeconds);
    if (!b || b.attempts <= maxAttempts) return b;
    // no error recorded: the runs ended without one (the process died: out of memory, killed)
    const error = b.lastError?.slice(0, 500);
    const failure = {
      code: 'BATCH_IMPORT_FAILED',
      zh: `导入因内部错误已尝试 ${maxAttempts} 次仍未完成，批次已终止（已提交 ${b.rowsProcessed} 行）。原因：${error ?? '导入进程在导入中途退出（如内存不足或被终止）'}`,
      en: `The import failed for an internal reason in ${maxAttempts} attempts and was stopped (${b.rowsProcessed} rows committed). Reason: ${error ?? 'the importing process stopped mid-import (e.g. out of memory, or killed)'}`,
    };
    const failed = await store.finishBatch(tx, b.id, 'failed', failure);
    await writeAudit(tx, POISON_ACTOR, 'batch.fail', `batch:${b.id}`, { code: failure.code, attempts: maxAttempts, error: error ?? null });
    return { ...failed, attempts: b.attempts, lastError: b.lastError };
  });
  if (!claimed) {
    const now = await store.findBatch(p.db, batchId);
    if (now && now.status !== 'running') return summaryOf(p, now, o);
    return 'leased';
  }
  if (claimed.status !== 'running') return summaryOf(p, claimed, o);
  const def = p.catalog.find(claimed.category);
  if (!def || !claimed.fileSha256) {
    await store.releaseBatchLease(p.db, batchId, owner, { error: `category ${claimed.category} or the file is missing` });
    throw new Error(`batch ${batchId}: category ${claimed.category} or the file is missing`);
  }
  let lost = false;
  // a bulk run holds its batch row locked in its one transaction (the lease cannot be taken from
  // it); a heartbeat would only queue behind that lock, holding a pool connection each time
  const heartbeat = setInterval(() => {
    if (claimed.bulk) return;
    store.renewBatchLease(p.db, batchId, owner, leaseSeconds).then(
      (held) => void (lost ||= !held),
      () => {}, // a missed beat: the next one tries again before the lease runs out
    );
  }, Math.max(250, Math.floor((leaseSeconds * 1000) / 3)));
  heartbeat.unref();
  try {
    const s = await runFileBatch(p, claimed, def, department, actor, { ...o, lease: { owner, lost: () => lost } });
    // stopped before the end (shutdown, or a test's stopAfterRows): not a failed attempt
    if (s.status === 'running') await store.releaseBatchLease(p.db, batchId, owner, { uncount: true });
    return s;
  } catch (err) {
    if (err instanceof LeaseLost) return summaryOf(p, (await store.findBatch(p.db, batchId))!, o);
    await store.releaseBatchLease(p.db, batchId, owner, { error: (err as Error).message ?? String(err) }).catch(() => {});
    throw err; // the job is retried with back-off; attempts count towards the poison limit
  } finally {
    clearInterval(heartbeat);
  }
}

class LeaseLost extends Error {}

async function summaryOf(p: Platform, b: store.Batch, o: { resumed: boolean; errorLimit?: number }): Promise<ImportSummary> {
  const errors = (await store.firstBatchErrors(p.db, b.id, o.errorLimit ?? 1000)).map((e) => ({ ...e, message: `${e.zh} / ${e.en}` }));
  const counts = { rows: b.rowsProcessed, created: b.created, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected };
  return { batchId: b.id, resumed: o.resumed, status: b.status, ...counts, errors, failure: b.failure ?? undefined };
}

// The original as a local file for the parsers (a temporary copy when blobs are in PostgreSQL),
// removed when the run ends however it ends.
type RunArgs = Parameters<typeof runFileBatchFrom>;
async function runFileBatch(p: RunArgs[0], batch: RunArgs[1], def: RunArgs[2], department: RunArgs[3], actor: RunArgs[4], o: RunArgs[5]): Promise<ImportSummary> {
  const local = await p.blobs.localFile(batch.fileSha256!);
  try {
    return await runFileBatchFrom(p, batch, def, department, actor, o, local?.path);
  } finally {
    await local?.release();
  }
}

async function runFileBatchFrom(
  p: Platform,
  batch: store.Batch,
  def: CategoryDef,
  department: Department,
  actor: Actor,
  o: {
    resumed: boolean;
    onProgress?: ImportOptions['onProgress'];
    errorLimit?: number;
    stopAfterRows?: number;
    signal?: AbortSignal; // aborted: stop after the chunk being written (shutdown)
    lease: { owner: string; lost(): boolean };
  },
  path: string | undefined,
): Promise<ImportSummary> {
  const today = p.today();
  const counts: Counts = { rows: batch.rowsProcessed, created: batch.created, updated: batch.updated, unchanged: batch.unchanged, rejected: batch.rejected };
  const summary = async (status: store.BatchStatus, failure?: ImportSummary['failure']): Promise<ImportSummary> => {
    const errors = (await store.firstBatchErrors(p.db, batch.id, o.errorLimit ?? 1000)).map((e) => ({ ...e, message: `${e.zh} / ${e.en}` }));
    return { batchId: batch.id, resumed: o.resumed, status, ...counts, errors, failure };
  };
  const fail = async (err: { code: string; zh: string; en: string }, rowErrors?: store.RowErrors[]) => {
    // refused before any row was read: nothing in the file was used, so it is not kept (unless
    // another batch still needs the same content)
    const discard = counts.rows === 0 && !(await store.fileNeededElsewhere(p.db, batch.fileSha256!, batch.id));
    // removed before the batch shows as failed, so nobody sees a failed batch whose original is
    // still there; a crash in between re-runs the batch, which fails again on the missing file
    if (discard) await p.blobs.remove(batch.fileSha256!);
    await p.db.tx(async (tx) => {
      if (rowErrors) await store.insertBatchErrors(tx, batch.id, rowErrors);
      await store.finishBatch(tx, batch.id, 'failed', { code: err.code, zh: err.zh, en: err.en });
      await writeAudit(tx, actor, 'batch.fail', `batch:${batch.id}`, { code: err.code, originalKept: !discard });
    });
    return summary('failed', { code: err.code, zh: err.zh, en: err.en });
  };

  let sheet;
  try {
    if (!path) throw new Error('the original file is not in the blob store');
    sheet = await openSheet(path, { ...p.config.limits.csv, ...p.config.limits.xlsx });
  } catch (err) {
    if (err instanceof SheetParseError) return fail(err);
    return fail({ code: 'FILE_UNREADABLE', zh: `无法读取文件：${(err as Error).message}`, en: `Cannot read the file: ${(err as Error).message}` });
  }
  const header = mapHeader(def, sheet.header);
  if (header.missingRequired.length > 0) {
    await sheet.close?.();
    const errors = header.missingRequired.map((code) => {
      const f = def.fields.find((x) => x.code === code);
      return { field: code, code: 'COLUMN_MISSING', zh: `表头缺少必填列“${f?.name ?? code}”（${code}）`, en: `The header lacks the required column ${code} (${f?.en ?? code})` };
    });
    return fail(
      { code: 'FILE_COLUMNS_MISSING', zh: `表头缺少必填列：${header.missingRequired.join('、')}`, en: `Required columns missing from the header: ${header.missingRequired.join(', ')}` },
      [{ row: 1, errors }],
    );
  }

  if (batch.bulk) return runBulk(p, batch, def, department, actor, o, sheet, header, { counts, summary, fail });

  const skipUpTo = batch.lastRowNumber; // rows at or before it were committed by an earlier run
  let chunk: Checked[] = [];
  const prepareRow = createPreparer(p, def, today);
  // One chunk is written while the next is read and validated: the database and the parser
  // work at the same time, and chunks still commit strictly in order.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    inFlight = p.db
      .tx(async (tx) => {
        if (o.lease.lost() || !(await store.holdsBatchLease(tx, batch.id, o.lease.owner))) throw new LeaseLost(`lease of batch ${batch.id} lost`);
        return ingestChunk(p, tx, { def, department, batchId: batch.id, received: today }, rows);
      })
      .then((outcomes) => addChunkCounts(counts, outcomes, sheet, o.onProgress));
    // surface a failure at the next flush rather than as an unhandled rejection
    inFlight.catch(() => {});
  };
  const drain = async () => {
    await flush();
    await inFlight;
  };
  let seen = 0;
  try {
    for await (const r of sheet.rows) {
      if (r.rowNumber <= skipUpTo) continue;
      chunk.push(checkSheetRow(def, header, r, today, prepareRow, chunk.length));
      seen += 1;
      if (chunk.length >= CHUNK_ROWS) await flush();
      if ((o.stopAfterRows !== undefined && seen >= o.stopAfterRows) || o.signal?.aborted) {
        await drain();
        await sheet.close?.();
        return summary('running');
      }
    }
    await drain();
  } catch (err) {
    if (err instanceof SheetParseError) {
      await drain();
      return fail(err);
    }
    throw err; // database or programming error: the batch stays running and resumes next time
  }
  await p.db.tx(async (tx) => {
    // a run that lost its lease after its last chunk leaves the completion to the run that took over
    if (!(await store.holdsBatchLease(tx, batch.id, o.lease.owner))) throw new LeaseLost(`lease of batch ${batch.id} lost`);
    await store.finishBatch(tx, batch.id, 'completed');
    await writeAudit(tx, actor, 'batch.complete', `batch:${batch.id}`, { ...counts });
  });
  return summary('completed');
}

// ---- bulk mode (decision 0028): `xinyong import FILE --bulk`, for the initial migration of a
// department's historical data. The rows are read, validated and prepared exactly as above and
// written by the same ingestChunk, but all in ONE transaction: a crash or a stop rolls everything
// back (nothing half-imported, nothing doubled on the re-run, which starts from the first row);
// the category is held exclusively (normal imports of it wait; a bulk import is refused beside a
// running one); the subjects' name grams are added in one sorted statement at the end; and when
// the file is larger than what is on file, the secondary indexes of record and subject are
// dropped at the start and rebuilt at the end (record and subject are then locked for the whole
// import: a maintenance window, docs/operations.md).

// Rough size of a row in a file, to tell a file larger than the record table from its byte size.
const BULK_BYTES_PER_ROW = 500;

// The installation's operator runs the CLI on the server, with the database's credentials; no
// API client or staff session starts a bulk import.
function assertBulkOperator(actor: Actor): void {
  if (actor.kind !== 'cli')
    throw new DomainError(
      403,
      'BULK_OPERATOR_ONLY',
      '批量导入模式（--bulk）仅限平台运维人员在服务器上通过命令行使用',
      'Bulk import (--bulk) is for the platform operator only, from the command line on the server',
    );
}

function besideImport(category: string, batchIds: readonly string[]): DomainError {
  return new DomainError(
    409,
    'BULK_BESIDE_IMPORT',
    `类别 ${category} 正在导入${batchIds.length ? `（批次 ${batchIds.join('、')}）` : ''}，批量导入不能与同类别的其他导入同时进行，请待其完成后重试`,
    `Category ${category} is being imported${batchIds.length ? ` (batch ${batchIds.join(', ')})` : ''}; a bulk import does not run beside another import of the same category: retry when it has finished`,
  );
}

// Refused before anything is stored when another import of the category is running now.
async function refuseBulkBesideImports(p: Platform, category: string): Promise<void> {
  await p.db.tx(async (tx) => {
    const others = await store.otherLiveImports(tx, category, '00000000-0000-0000-0000-000000000000');
    if (others.length || !(await store.tryExclusiveCategoryLock(tx, category))) throw besideImport(category, others.map((b) => b.id));
  });
}

class BulkStopped extends Error {}

async function runBulk(
  p: Platform,
  batch: store.Batch,
  def: CategoryDef,
  department: Department,
  actor: Actor,
  o: { onProgress?: ImportOptions['onProgress']; stopAfterRows?: number; signal?: AbortSignal; lease: { owner: string } },
  sheet: Sheet,
  header: ReturnType<typeof mapHeader>,
  h: {
    counts: Counts;
    summary: (status: store.BatchStatus, failure?: ImportSummary['failure']) => Promise<ImportSummary>;
    fail: (err: { code: string; zh: string; en: string }) => Promise<ImportSummary>;
  },
): Promise<ImportSummary> {
  const today = p.today();
  const counts = h.counts;
  const prepareRow = createPreparer(p, def, today);
  const ctx = { def, department, batchId: batch.id, received: today };
  let failure: SheetParseError | undefined;
  const t0 = performance.now();
  const phases = { write: 0, indexes: 0, grams: 0, analyze: 0, indexesRebuilt: 0 };
  const lap = (() => {
    let last = t0;
    return () => {
      const now = performance.now();
      const s = Math.round(now - last) / 1000;
      last = now;
      return s;
    };
  })();
  try {
    await p.db.tx(async (tx) => {
      const others = await store.otherLiveImports(tx, def.code, batch.id);
      if (others.length || !(await store.tryExclusiveCategoryLock(tx, def.code))) throw besideImport(def.code, others.map((b) => b.id));
      if (!(await store.holdBatchForBulk(tx, batch.id, o.lease.owner))) throw new LeaseLost(`lease of batch ${batch.id} lost`);
      await tx.query("SET LOCAL xinyong.grams_deferred = 'on'");
      await tx.query("SET LOCAL maintenance_work_mem = '256MB'");
      const lastSubjectBefore = await store.maxSubjectId(tx);
      const rebuild = (batch.fileSize ?? 0) / BULK_BYTES_PER_ROW > (await store.estimatedRows(tx, 'record'));
      const deferred = rebuild
        ? [...(await store.deferrableIndexes(tx, 'record', ['record_current_key'])), ...(await store.deferrableIndexes(tx, 'subject', []))]
        : [];
      for (const ix of deferred) await tx.query(`DROP INDEX "${ix.name}"`);
      const gramKey = rebuild ? await store.dropGramKey(tx) : undefined;

      // one chunk is written while the next is read (as above), in order, in this transaction
      let chunk: Checked[] = [];
      let inFlight: Promise<void> = Promise.resolve();
      const flush = async () => {
        await inFlight;
        if (chunk.length === 0) return;
        const rows = chunk;
        chunk = [];
        inFlight = ingestChunk(p, tx, ctx, rows).then((outcomes) => addChunkCounts(counts, outcomes, sheet, o.onProgress));
        inFlight.catch(() => {});
      };
      let seen = 0;
      try {
        for await (const r of sheet.rows) {
          chunk.push(checkSheetRow(def, header, r, today, prepareRow, chunk.length));
          seen += 1;
          if (chunk.length >= CHUNK_ROWS) await flush();
          if ((o.stopAfterRows !== undefined && seen >= o.stopAfterRows) || o.signal?.aborted) {
            await flush();
            await inFlight;
            throw new BulkStopped(); // rolls the whole import back: the next run starts again
          }
        }
      } catch (err) {
        if (!(err instanceof SheetParseError)) throw err;
        failure = err; // as in a normal import: the rows before it land, the batch fails
      }
      await flush();
      await inFlight;
      phases.write = lap();
      for (const ix of deferred) await tx.query(ix.def);
      phases.indexes = lap();
      phases.indexesRebuilt = deferred.length;
      await store.addDeferredGrams(tx, lastSubjectBefore, gramKey !== undefined);
      if (gramKey) {
        await tx.query(gramKey);
        phases.indexesRebuilt += 1;
      }
      phases.grams = lap();
      if (failure) {
        await store.finishBatch(tx, batch.id, 'failed', { code: failure.code, zh: failure.zh, en: failure.en });
        await writeAudit(tx, actor, 'batch.fail', `batch:${batch.id}`, { code: failure.code, originalKept: true, bulk: true });
      } else {
        await store.finishBatch(tx, batch.id, 'completed');
        await writeAudit(tx, actor, 'batch.complete', `batch:${batch.id}`, { ...counts, bulk: true, indexesRebuilt: deferred.length });
      }
    });
  } catch (err) {
    if (err instanceof BulkStopped) {
      await sheet.close?.();
      Object.assign(counts, { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
      return h.summary('running');
    }
    if (err instanceof DomainError && err.code === 'BULK_BESIDE_IMPORT') {
      await sheet.close?.();
      return h.fail({ code: err.code, zh: err.zh, en: err.en });
    }
    throw err;
  }
  // the planner's statistics after a load this size (autovacuum may be off)
  lap(); // the commit
  await p.db.query('ANALYZE record').catch(() => {});
  await p.db.query('ANALYZE subject').catch(() => {});
  phases.analyze = lap();
  const done = await (failure ? h.summary('failed', { code: failure.code, zh: failure.zh, en: failure.en }) : h.summary('completed'));
  return { ...done, phases };
}

export function originalKept(p: Platform, sha256: string): Promise<boolean> {
  return p.blobs.has(sha256);
}

export async function openOriginal(p: Platform, sha256: string): Promise<Readable> {
  const stream = await p.blobs.open(sha256);
  if (!stream) throw notFound('ORIGINAL_NOT_KEPT', '原始文件未保存', 'The original file is not kept');
  return stream;
}

// ---- corrections (objections: the providing department corrects a disputed record)

// A correction of the current version `cur` (locked by the caller): the corrected values by field
// code or Chinese name, merged over the stored ones (sealed fields decrypted), validated like a
// submission and ingested as a new version in a batch of its own. Answers the new version's id.
export async function correctRecordFields(
  p: Platform,
  tx: Db,
  actor: Actor,
  cur: RecordKey & Pick<CurrentVersion, 'fields' | 'sealed' | 'firstReceivedOn'>,
  patch: Record<string, string>,
  today: DateStr,
): Promise<number> {
  const def = p.catalog.get(cur.category);
  // values by field code or Chinese name (as in submissions), to codes
  const keys = Object.keys(patch);
  const mapped = mapHeader(def, keys);
  if (mapped.unknown.length || mapped.duplicates.length)
    throw badRequest(
      'CORRECTION_FIELD_UNKNOWN',
      `更正字段有误：${[...mapped.unknown, ...mapped.duplicates].join('、')}（应为该类别的字段代码或中文名称，且不重复）`,
      `Unknown or repeated fields in the correction: ${[...mapped.unknown, ...mapped.duplicates].join(', ')}`,
    );
  const byCode: Record<string, string> = {};
  keys.forEach((k, i) => (byCode[mapped.columns[i]!] = patch[k]!));
  if (byCode[def.refField] !== undefined)
    throw badRequest('CORRECTION_REF', '文书号是记录的标识，不能更正；文书号有误的，请撤销后重新报送', 'The reference identifies the record and cannot be corrected; revoke it and submit a new record');
  const clear: Record<string, string> = cur.sealed ? (JSON.parse(p.crypto.decrypt(cur.sealed)) as Record<string, string>) : {};
  const merged: Record<string, unknown> = { ...cur.fields, ...clear, ...byCode };
  const result = validateJsonRecord(def, merged, today);
  if (!result.ok) throw badRequest('CORRECTION_INVALID', `更正后的记录未通过校验：${result.errors.map((e) => e.zh).join('；')}`, `The corrected record is invalid: ${result.errors.map((e) => e.en).join('; ')}`, result.errors);
  const department = await findDepartmentById(tx, cur.departmentId);
  if (!department) throw notFound('DEPARTMENT_NOT_FOUND', '部门不存在', 'Department not found');
  const batch = await store.insertBatch(tx, { departmentId: department.id, category: def.code, categoryVersion: def.version, source: 'api', submittedBy: actor.id });
  // received as the first version was: the correction does not make the record late
  const [outcome] = await ingestChunk(p, tx, { def, department, batchId: batch.id, received: cur.firstReceivedOn }, [{ row: 1, result }]);
  await store.finishBatch(tx, batch.id, 'completed');
  if (!outcome || outcome.status === 'rejected') throw new DomainError(400, 'CORRECTION_INVALID', '更正后的记录未通过校验', 'The corrected record is invalid', outcome?.errors);
  if (outcome.status === 'unchanged') throw badRequest('CORRECTION_UNCHANGED', '更正后的内容与原记录相同', 'The corrected values are the same as the record’s');
  return Number(outcome.recordId);
}

// ---- records another module files in a department's name (commitments: a breach record)

// Validates the values like a submission and ingests them as one record in a batch of its own,
// inside the caller's transaction (so the caller's own change and the record commit together).
// Answers the record version's id; a repeated ref with the same content answers the same record.
export async function fileRecordFor(p: Platform, tx: Db, actor: Actor, department: Department, category: string, values: Record<string, unknown>, today: DateStr): Promise<number> {
  const def = p.catalog.get(category);
  const result = validateJsonRecord(def, values, today);
  if (!result.ok)
    throw badRequest('RECORD_INVALID', `记录未通过校验：${result.errors.map((e) => e.zh).join('；')}`, `The record is invalid: ${result.errors.map((e) => e.en).join('; ')}`, result.errors);
  const batch = await store.insertBatch(tx, { departmentId: department.id, category: def.code, categoryVersion: def.version, source: 'api', submittedBy: actor.id });
  const outcomes = await ingestChunk(p, tx, { def, department, batchId: batch.id, received: today }, [{ row: 1, result }]);
  await store.finishBatch(tx, batch.id, 'completed');
  const outcome = outcomes[0];
  if (!outcome || outcome.status === 'rejected' || !outcome.recordId) throw new DomainError(400, 'RECORD_INVALID', '记录未通过校验', 'The record is invalid', outcome?.errors);
  await writeAudit(tx, actor, 'batch.submit', `batch:${batch.id}`, { category: def.code, department: department.uscc, ...countOutcomes(outcomes) });
  return Number(outcome.recordId);
}
