// Collection (归集): validate rows against the catalog, index them under one subject code, and
// store them as append-only record versions, idempotently, a chunk per transaction.
import { createReadStream } from 'node:fs';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { compareDates, type DateStr } from '../../kernel/dates.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { maskIdNumber, parseIdType, upgradeIdNumber15 } from '../../kernel/codes/id-number.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { storeFile, storeBlob, blobPath, removeBlob, hasBlob } from '../../kernel/blob-store.ts';
import { Readable } from 'node:stream';
import { DomainError, badRequest, forbidden } from '../../kernel/errors.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { mapHeader, validateRow, validateJsonRecord, type FieldError, type RowResult, type SubjectIdentity, type ValidRecord } from '../catalog/catalog.rules.ts';
import { publicationWindow } from '../publication/publication.rules.ts';
import { subjectRowOf, type SubjectRow } from '../subjects/subjects.rules.ts';
import { subjectIdsByKey } from '../subjects/subjects.store.ts';
import { replaceLinks, type NewLink, type RecordKey } from '../subjects/subject-links.store.ts';
import { listTermEnd } from '../sanctions/sanctions.rules.ts';
import type { Department } from '../access/departments.store.ts';
import { openSheet, readHead, looksTabular, NOT_TABULAR, SNIFF_BYTES, SheetParseError, type CellValue } from './file-readers.ts';
import * as store from './collection.store.ts';
import { recordContentJson } from './content.ts';
import { previewValue } from './value-preview.ts';

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'rejected';
export type RowOutcome = { row: number; status: RowStatus; ref?: string; recordId?: string; version?: number; errors?: FieldError[] };
export type Counts = { rows: number; created: number; updated: number; unchanged: number; rejected: number };

export const CHUNK_ROWS = 4000;
// statuses a record keeps through later versions (0003: records are versions; rights: repair, revoke)
const STICKY_STATUSES = new Set(['exited', 'repaired', 'revoked']);
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
  const publicFields: Record<string, string> = {};
  let sealed: Record<string, string> | undefined;
  for (const code in rec.fields) {
    const value = rec.fields[code];
    if (value === null || value === undefined || value === '') continue;
    if (masked.has(code)) {
      (sealed ??= {})[code] = value;
      publicFields[code] = maskIdNumber(value);
    } else publicFields[code] = value;
  }
  // a list entry stays on its list until its term end
  const validUntil = def.list ? listTermEnd(def.list, rec.decisionDate, rec.validUntil) : rec.validUntil;
  const late = compareDates(received, dueOf(rec.decisionDate)) > 0;
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
  type Status = { status: string; statusOn: string | null; statusReason: string | null };
  const latest = new Map<string, { hash: string; version: number; pendingIndex?: number; recordId?: number; status: Status }>();
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
    if (prior && prior.hash === v.hash) {
      outcomes[v.i] = { row: v.row, status: 'unchanged', ref: rec.ref, version: prior.version, recordId: prior.recordId?.toString() };
      if (prior.pendingIndex !== undefined) insertOutcome.push(v.i); // will learn its id with the pending insert
      continue;
    }
    if (prior?.pendingIndex !== undefined) inserts[prior.pendingIndex]!.superseded = true;
    else if (prior?.recordId !== undefined) toSupersede.push(prior.recordId);
    const version = (prior?.version ?? 0) + 1;
    // a correction of an exited, repaired or revoked record keeps its status (re-entry is a new
    // entry with its own 文书号) and stays out of the public view
    const status: Status = prior && STICKY_STATUSES.has(prior.status.status) ? prior.status : { status: 'active', statusOn: null, statusReason: null };
    const sticky = status.status !== 'active';
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

// The person an organization's record names as legal representative, when it gives their
// document number: they get the organization's serious records in their credit file.
function legalRepOf(def: CategoryDef, rec: ValidRecord): SubjectIdentity | undefined {
  const lr = def.subjectFields.legalRep;
  if (!lr?.idNumber || rec.subject.kind === 'person') return undefined;
  const name = rec.fields[lr.name];
  const idNumber = rec.fields[lr.idNumber];
  if (!name || !idNumber) return undefined;
  const idType = parseIdType((lr.idType && rec.fields[lr.idType]) || '居民身份证');
  if (!idType) return undefined;
  return { kind: 'person', name, idType, idNumber: idType === 'id_card' && /^\d{15}$/.test(idNumber) ? upgradeIdNumber15(idNumber) : idNumber };
}

// Only the departments a list names as its owners may enter and exit its entries.
export function assertListOwner(def: CategoryDef, department: Department): void {
  const kinds = def.list?.ownerKinds ?? [];
  if (kinds.length === 0 || kinds.some((k) => department.kinds.includes(k))) return;
  throw forbidden(
    'LIST_OWNER_REQUIRED',
    `${def.name}名单只能由${def.list!.owner}（部门类别：${kinds.join('、')}）认定和移出，${department.name}不是该类部门`,
    `Entries of ${def.code} are decided by ${kinds.join('/')} departments only; ${department.uscc} is not one`,
  );
}

export function countOutcomes(outcomes: readonly RowOutcome[]): Counts {
  const c: Counts = { rows: outcomes.length, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const o of outcomes) c[o.status] += 1;
  return c;
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

// Stores the original file content-addressed, then imports it; an unfinished batch of the same
// file for the same department and category is resumed after its last committed row.
export async function importFile(p: Platform, o: ImportOptions): Promise<ImportSummary> {
  const def = p.catalog.get(o.category);
  assertListOwner(def, o.department);
  // refused from its first kilobytes: no batch, and nothing of it kept
  if (!looksTabular(await readHead(o.file, SNIFF_BYTES))) throw badRequest(NOT_TABULAR.code, NOT_TABULAR.zh, NOT_TABULAR.en);
  const blob = await storeFile(p.config.blobDir, o.file);
  let batch = await store.findRunningFileBatch(p.db, o.department.id, def.code, blob.sha256);
  const resumed = Boolean(batch);
  if (!batch)
    batch = await p.db.tx(async (tx) => {
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
  o.onBatch?.(batch.id);
  return runFileBatch(p, batch, def, o.department, o.actor, { ...o, resumed });
}

// Resumes the running file batches left by a crash or restart (server start-up).
export async function resumeFileBatches(p: Platform, findDepartment: (id: number) => Promise<Department | undefined>): Promise<ImportSummary[]> {
  const out: ImportSummary[] = [];
  for (const b of await store.listRunningFileBatches(p.db)) {
    const dep = await findDepartment(b.departmentId);
    const def = p.catalog.find(b.category);
    if (!dep || !def || !b.fileSha256) continue;
    out.push(await runFileBatch(p, b, def, dep, { id: 'system:resume', kind: 'system' }, { resumed: true }));
  }
  return out;
}

async function runFileBatch(
  p: Platform,
  batch: store.Batch,
  def: CategoryDef,
  department: Department,
  actor: Actor,
  o: { resumed: boolean; onProgress?: ImportOptions['onProgress']; errorLimit?: number; stopAfterRows?: number },
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
    sheet = await openSheet(path);
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
      .tx((tx) => ingestChunk(p, tx, { def, department, batchId: batch.id, received: today }, rows))
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
      if (o.stopAfterRows !== undefined && seen >= o.stopAfterRows) {
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
