// Collection (归集): validate rows against the catalog, index them under one subject code, and
// store them as append-only record versions, idempotently, a chunk per transaction.
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { storeFile, storeBlob, blobPath, removeBlob, hasBlob } from '../../kernel/blob-store.ts';
import { Readable } from 'node:stream';
import { DomainError, badRequest, notFound } from '../../kernel/errors.ts';
import type { CategoryDef, CellValue, RowResult, ValidRecord } from '../catalog/catalog.types.ts';
import { mapHeader } from '../catalog/catalog.headers.ts';
import { validateRow, validateJsonRecord } from '../catalog/catalog.rows.ts';
import { assertListOwner } from '../catalog/catalog.rules.ts';
import { publicationWindow } from '../publication/publication.rules.ts';
import { subjectRowOf, type SubjectRow } from '../subjects/subjects.rules.ts';
import { subjectIdsByKey } from '../subjects/subjects.store.ts';
import { replaceLinks, type NewLink, type RecordKey } from '../subjects/subject-links.store.ts';
import { findDepartmentById, type Department } from '../access/departments.store.ts';
import { openSheet, readHead, looksTabular, NOT_TABULAR, SNIFF_BYTES, SheetParseError } from './file-readers.ts';
import * as store from './collection.store.ts';
import { countOutcomes, isLate, legalRepOf, nextVersion, splitFields, validUntilOf, type Counts, type RowOutcome, type VersionState } from './collection.rules.ts';
import type { CurrentVersion } from './records.store.ts';
import { recordContentJson } from './content.ts';
import { previewValue } from './value-preview.ts';

export type { Counts, RowOutcome, RowStatus } from './collection.rules.ts';

export const CHUNK_ROWS = 4000;
export const MAX_API_RECORDS = 5000;

// A row as read and validated; `prepared` when the reader already did the per-row work (file
// imports do it while the previous chunk is being written, so the two overlap).
type Checked = { row: number; result: RowResult; prepared?: Prepared };

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
    return { ord, subject: v.subject, record: first ? v.fresh : undefined };
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

// A valid row with what its stored version needs, computed once: content hash, public and sealed
// fields, and the version 1 it becomes when its ref is new (active, publication window from the rules).
type Prepared = {
  i: number;
  row: number;
  record: ValidRecord;
  subject: SubjectRow;
  hash: string;
  fresh: NonNullable<store.StagedRow['record']>;
};

type Preparer = (i: number, row: number, rec: ValidRecord) => Prepared;

// The per-row work for one category and day of receipt, with what it can reuse across rows.
function createPreparer(p: Platform, def: CategoryDef, received: DateStr): Preparer {
  const masked = new Set(def.fields.filter((f) => f.visibility === 'masked').map((f) => f.code));
  // working-day due dates per decision date (a file has few distinct dates; bounded all the same)
  const dues = new Map<DateStr, DateStr>();
  const dueOf = (d: DateStr): DateStr => {
    let due = dues.get(d);
    if (due === undefined) {
      if (dues.size >= 20_000) dues.clear();
      dues.set(d, (due = p.calendar.addWorkingDays(d, ruleInForce(p.rules.timeliness, d).workingDays)));
    }
    return due;
  };
  return (i, row, rec) => prepare(p, def, masked, dueOf, received, i, row, rec);
}

function prepare(
  p: Platform,
  def: CategoryDef,
  masked: ReadonlySet<string>,
  dueOf: (d: DateStr) => DateStr,
  received: DateStr,
  i: number,
  row: number,
  rec: ValidRecord,
): Prepared {
  const hash = p.crypto.contentMac(recordContentJson(def, rec.subject.kind, rec.fields));
  const { publicFields, sealed } = splitFields(rec.fields, masked);
  const validUntil = validUntilOf(def, rec);
  const late = isLate(received, dueOf(rec.decisionDate));
  const fields = JSON.stringify(publicFields);
  const sealedText = sealed ? p.crypto.encrypt(JSON.stringify(sealed)) : null;
  const window = windowOf(p, def, rec, validUntil);
  return {
    i,
    row,
    record: rec,
    subject: subjectRowOf(rec.subject, p.crypto),
    hash,
    fresh: {
      sourceRef: rec.ref,
      contentHash: hash,
      fields,
      sealed: sealedText,
      decisionDate: rec.decisionDate,
      severity: rec.severity ?? null,
      pubFrom: window.from ?? null,
      pubUntil: window.until ?? null,
      validUntil: validUntil ?? null,
      late,
    },
  };
}

function windowOf(p: Platform, def: CategoryDef, rec: ValidRecord, validUntil: DateStr | undefined): { from?: DateStr; until?: DateStr } {
  return publicationWindow(p.rules.publication, {
    rule: def.publication.rule,
    personsPublic: def.publication.persons,
    subjectKind: rec.subject.kind,
    decisionDate: rec.decisionDate,
    severity: rec.severity,
    publicationEnd: rec.publicationEnd,
    validFrom: rec.validFrom,
    validUntil,
    licenseStatus: rec.status,
  });
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
  const blob = original ? await storeBlob(p.config.blobDir, Readable.from([original])) : undefined;
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
  // refused from its first kilobytes: no batch, and nothing of it kept
  if (!looksTabular(await readHead(o.file, SNIFF_BYTES))) throw badRequest(NOT_TABULAR.code, NOT_TABULAR.zh, NOT_TABULAR.en);
  const blob = await storeFile(p.config.blobDir, o.file);
  const found = await store.findRunningFileBatch(p.db, o.department.id, def.code, blob.sha256);
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
    });
    await writeAudit(tx, o.actor, 'batch.start', `batch:${b.id}`, { category: def.code, department: o.department.uscc, sha256: blob.sha256, size: blob.size });
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
  const heartbeat = setInterval(() => {
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

async function runFileBatch(
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
): Promise<ImportSummary> {
  const path = blobPath(p.config.blobDir, batch.fileSha256!);
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
    await p.db.tx(async (tx) => {
      if (rowErrors) await store.insertBatchErrors(tx, batch.id, rowErrors);
      await store.finishBatch(tx, batch.id, 'failed', { code: err.code, zh: err.zh, en: err.en });
      await writeAudit(tx, actor, 'batch.fail', `batch:${batch.id}`, { code: err.code, originalKept: !discard });
    });
    if (discard) removeBlob(p.config.blobDir, batch.fileSha256!);
    return summary('failed', { code: err.code, zh: err.zh, en: err.en });
  };

  let sheet;
  try {
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
      .then((outcomes) => {
        const c = countOutcomes(outcomes);
        counts.rows += c.rows;
        counts.created += c.created;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
        counts.rejected += c.rejected;
        o.onProgress?.({ rows: counts.rows, bytesRead: sheet.bytesRead(), totalBytes: sheet.totalBytes, counts: { ...counts } });
      });
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
      const values: Record<string, CellValue | undefined> = {};
      header.columns.forEach((code, i) => {
        if (code) values[code] = r.cells[i] ?? null;
      });
      const result = validateRow(def, values, today);
      chunk.push(result.ok ? { row: r.rowNumber, result, prepared: prepareRow(chunk.length, r.rowNumber, result.record) } : { row: r.rowNumber, result });
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

export function originalKept(p: Platform, sha256: string): boolean {
  return hasBlob(p.config.blobDir, sha256);
}

export function openOriginal(p: Platform, sha256: string) {
  return createReadStream(blobPath(p.config.blobDir, sha256));
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
