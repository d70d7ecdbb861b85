// Streaming readers for files departments submit (CSV in UTF-8 or GB18030, or XLSX).
// Files reach 1,000,000 rows / 1 GB, so nothing here holds the whole file or all rows:
// the first ~64 KB are peeked to detect format, encoding and delimiter, then rows are
// parsed and handed out one at a time, with backpressure back to the file.

import { createReadStream, ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import Papa from 'papaparse';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../../kernel/lazy.ts';
import iconv from 'iconv-lite';
import { decodeOoxmlEscapes } from '../../kernel/text.ts';
import { readZipDirectory } from '../../kernel/zip-directory.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { CellValue } from '../catalog/catalog.types.ts';
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gb18030';
// rowNumber is what a spreadsheet shows: header row = 1, first data row = 2.
// For CSV it counts records, not physical lines: a quoted field with line breaks is one row,
// which is what Excel shows when it opens the same file.
export type SheetRow = { rowNumber: number; cells: CellValue[] };
export type SheetReader = {
  format: FileFormat;
  encoding?: TextEncoding;
  header: string[];
  // Iterable once (a generator). Breaking out of the loop releases the file.
  rows: AsyncIterable<SheetRow>;
  // Bytes of the underlying file consumed so far, for a progress bar. For an XLSX saved by Excel
  // (sheet stored before the shared strings) exceljs spools the sheet to a temp file first, so
  // this reaches totalBytes before the rows are parsed.
  bytesRead(): number;
  totalBytes?: number;
  // Releases the file when rows will not be read to the end (e.g. the header was rejected).
  close?: () => Promise<void>;
};

export type SheetParseCode = 'FILE_PARSE' | 'FILE_UNSUPPORTED';

// Thrown while reading; rows before rowNumber were delivered and may be recorded as processed.
export class SheetParseError extends DomainError {
  declare readonly code: SheetParseCode;
  readonly rowNumber: number;

  constructor(code: SheetParseCode, zh: string, en: string, rowNumber: number) {
    super(400, code, zh, en, { rowNumber });
    this.name = 'SheetParseError';
    this.rowNumber = rowNumber;
  }
}

const SAMPLE_BYTES = 64 * 1024;
// Configurable in src/config.ts (limits.csv, limits.xlsx); these are its defaults. maxRecordBytes:
// an unclosed quote would otherwise swallow the rest of a 1 GB file into one field.
export type SheetLimits = { maxColumns: number; maxRecordBytes: number; maxUncompressedBytes: number; maxCompressionRatio: number };
export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxColumns: 1000, maxRecordBytes: 4 * 1024 * 1024, maxUncompressedBytes: 4 * 1024 ** 3, maxCompressionRatio: 200 };

export function detectFormat(path: string, firstBytes: Buffer): FileFormat {
  if (firstBytes.length >= 4 && firstBytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  // Other zip signatures (empty or spanned archives) only count when the name agrees.
  if (extname(path).toLowerCase() === '.xlsx' && firstBytes.subarray(0, 2).toString('latin1') === 'PK') return 'xlsx';
  return 'csv';
}

export function detectEncoding(sample: Buffer): TextEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample.length >= 4 && sample.readUInt32BE(0) === 0x84319533) return 'gb18030'; // GB18030 BOM
  try {
    // stream: true keeps an incomplete character at the end of the sample pending instead of
    // failing on it: the sample is a cut of a longer file.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export async function openSheet(path: string, limits: SheetLimits = DEFAULT_SHEET_LIMITS): Promise<SheetReader> {
  const info = await stat(path);
  await checkZipBomb(path, info.size, limits); // before a byte is inflated
  const reader = await openSheetFromStream(createReadStream(path), { filename: path }, limits);
  return { ...reader, totalBytes: info.size };
}

export async function openSheetFromStream(
  input: NodeJS.ReadableStream | Readable,
  hint?: { filename?: string },
  limits: SheetLimits = DEFAULT_SHEET_LIMITS,
): Promise<SheetReader> {
  const source = await peekStream(input, SAMPLE_BYTES);
  const sample = Buffer.concat(source.head);
  const unsupported = unsupportedReason(sample);
  if (unsupported) {
    await source.close();
    throw new SheetParseError('FILE_UNSUPPORTED', unsupported.zh, unsupported.en, 1);
  }
  const format = detectFormat(hint?.filename ?? '', sample);
  if (format === 'xlsx') {
    // exceljs is loaded here, before the stall guard's clock starts: its first require blocks the
    // event loop (0.5–0.8 CPU s, seconds on a loaded machine), which the guard would take for a stall
    exceljs();
    return startReader({ format, bytesRead: source.bytesRead, close: source.close }, stallGuard(xlsxRows(source.stream), source.bytesRead, XLSX_STALL_MS, { drained: source.drained, stallMs: XLSX_STALL_AFTER_END_MS }), limits);
  }
  const encoding = detectEncoding(sample);
  const sampleText = iconv.decode(sample, encoding);
  return startReader(
    { format, encoding, bytesRead: source.bytesRead, close: source.close },
    csvRows(source.stream, encoding, detectDelimiter(sampleText), detectNewline(sampleText), limits.maxRecordBytes),
    limits,
  );
}

// A corrupt archive can leave exceljs's streaming reader waiting forever (found by the fuzzer:
// no error, no row, no end; e.g. an entry whose inflation fails while it is piped to exceljs's
// temp file, a promise nothing will ever settle). The XLSX rows fail as FILE_PARSE when neither a
// row comes nor a byte of the file is read for XLSX_STALL_MS; a large healthy file keeps reading,
// so it is never cut. Once the whole file has been read, nothing is left to wait for but the
// parser's own work on what it holds (at most its buffers and a spooled sheet on local disk), so
// the bound is then XLSX_STALL_AFTER_END_MS without a row: a damaged file fails in seconds
// instead of half a minute (the fuzzer's corrupt XLSX cases spent most of their time here).
export const XLSX_STALL_MS = 30_000;
export const XLSX_STALL_AFTER_END_MS = 3_000;

// Only time in which the event loop ran on time counts towards a stall: the guard looks every
// lookMs, and an interval whose look comes late (over 1.5 × lookMs: the process starved of CPU on
// a loaded server, or busy parsing) counts nothing. A reader waiting forever leaves the loop idle,
// so its looks come on time and the bound is reached in about its own time; a slow but working
// parse under load is not cut (a valid XLSX failed as FILE_PARSE at load 5 with the after-end bound
// counted in wall time, 2026-12-06). Wall time of 10 × the bound ends it whatever the looks say.
export async function* stallGuard<T>(gen: AsyncGenerator<T>, bytesRead: () => number, stallMs: number, end?: { drained: () => boolean; stallMs: number }): AsyncGenerator<T> {
  const lookMs = Math.max(5, Math.min(250, Math.min(stallMs, end?.stallMs ?? stallMs) / 4));
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      let seen = bytesRead();
      let credited = 0; // ms of on-time waiting since the last row or byte
      let lastLook = performance.now();
      let progressAt = lastLook;
      const stalled = new Promise<never>((_, reject) => {
        const check = () => {
          const at = performance.now();
          const elapsed = at - lastLook;
          lastLook = at;
          const now = bytesRead();
          if (now !== seen) {
            seen = now;
            credited = 0;
            progressAt = at;
          } else {
            if (elapsed <= lookMs * 1.5) credited += elapsed;
            const drained = end?.drained() === true;
            const bound = drained ? end!.stallMs : stallMs;
            if (credited >= bound || at - progressAt >= 10 * bound) {
              const s = Math.round(bound / 1000);
              return reject(
                new SheetParseError(
                  'FILE_PARSE',
                  drained ? `XLSX 文件已损坏：文件已读完，${s} 秒内没有读出下一行` : `XLSX 文件已损坏：读取 ${s} 秒无进展`,
                  drained ? `The XLSX file is damaged: the whole file was read and no further row came within ${s} s` : `The XLSX file is damaged: no progress in ${s} s`,
                  1,
                ),
              );
            }
          }
          timer = setTimeout(check, lookMs);
        };
        timer = setTimeout(check, lookMs);
      });
      stalled.catch(() => {});
      let r: IteratorResult<T>;
      try {
        r = await Promise.race([gen.next(), stalled]);
      } finally {
        clearTimeout(timer);
      }
      if (r.done) return;
      yield r.value;
    }
  } finally {
    // the inner generator may be stuck awaiting the stalled stream: do not wait for it
    void gen.return(undefined).catch(() => {});
  }
}

type ReaderMeta = Pick<SheetReader, 'format' | 'encoding' | 'bytesRead'> & { close: () => Promise<void> };

// Pulls the first non-empty row as the header; the same generator then yields the data rows.
async function startReader(meta: ReaderMeta, all: AsyncGenerator<SheetRow>, limits: SheetLimits): Promise<SheetReader> {
  let first: IteratorResult<SheetRow>;
  try {
    first = await all.next();
  } catch (err) {
    await meta.close();
    throw err;
  }
  const header = first.done ? [] : headerNames(first.value.cells);
  if (header.length > limits.maxColumns) {
    await all.return(undefined).catch(() => {});
    await meta.close();
    throw new SheetParseError('FILE_PARSE', `表头有 ${header.length} 列，超过上限 ${limits.maxColumns} 列`, `The header has ${header.length} columns; at most ${limits.maxColumns} are accepted`, 1);
  }
  const width = header.length;
  async function* rows(): AsyncGenerator<SheetRow> {
    if (first.done) return;
    for await (const row of { [Symbol.asyncIterator]: () => all }) {
      const cells: CellValue[] = [];
      for (let i = 0; i < width; i++) cells.push(row.cells[i] ?? null);
      // A row with content only beyond the header's columns is empty as far as fields go.
      if (isEmptyRow(cells)) continue;
      yield { rowNumber: row.rowNumber, cells };
    }
  }
  const close = async () => {
    await all.return(undefined);
    await meta.close();
  };
  const reader: SheetReader = { format: meta.format, header, rows: rows(), bytesRead: meta.bytesRead, close };
  if (meta.encoding) reader.encoding = meta.encoding;
  return reader;
}

function headerNames(cells: CellValue[]): string[] {
  const names = cells.map((c) => cellText(c).replace(/^\uFEFF/, '').trim());
  // Trailing empty header cells (formatted but blank columns) name no field.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return names;
}

function cellText(c: CellValue): string {
  if (c === null) return '';
  if (typeof c === 'object') return c.date;
  return String(c);
}

function isEmptyRow(cells: CellValue[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

function unsupportedReason(sample: Buffer): { zh: string; en: string } | undefined {
  if (sample.length >= 4 && sample.readUInt32BE(0) === 0xd0cf11e0) {
    return {
      zh: '不支持 Excel 97-2003（.xls）格式，请另存为 .xlsx 或 CSV 后上传',
      en: 'Excel 97-2003 (.xls) files are not supported; save the file as .xlsx or CSV',
    };
  }
  if (sample.length >= 2 && (sample.readUInt16BE(0) === 0xfffe || sample.readUInt16BE(0) === 0xfeff)) {
    return {
      zh: '不支持 UTF-16（Unicode 文本）编码，请另存为 UTF-8 或 GB18030 编码的 CSV',
      en: 'UTF-16 ("Unicode text") files are not supported; save as CSV in UTF-8 or GB18030',
    };
  }
  return undefined;
}

// How much of the start of a file decides whether it is a table at all.
export const SNIFF_BYTES = 4096;

export const NOT_TABULAR = {
  code: 'FILE_NOT_TABULAR',
  zh: '不是 CSV 或 XLSX 文件：文件开头既不是文本表格，也不是 Excel 工作簿（.xlsx）',
  en: 'Not a CSV or XLSX file: the start of the file is neither text nor an Excel workbook (.xlsx)',
} as const;

// Random bytes, images, PDFs and archives are refused from their first kilobytes instead of being
// read to the end and refused as "required columns missing". A zip (XLSX) and the formats with
// messages of their own (.xls, UTF-16) pass here. Text is CSV when it has no NUL, almost no other
// control characters, and decodes as UTF-8 or, nearly without replacement characters, GB18030.
export function looksTabular(sample: Buffer): boolean {
  if (sample.length === 0) return true; // an empty file has its own message (no header)
  if (sample.subarray(0, 2).toString('latin1') === 'PK') return true;
  if (unsupportedReason(sample)) return true;
  // a stray NUL or control byte in a cell is that row's error (CONTROL_CHARACTER), not the file's:
  // only a share of them that text never has (random bytes: about one in eight) refuses the file
  let controls = 0;
  for (const b of sample) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++;
  }
  // (at least 8: in a small file, a few control characters in one cell were more than 1 in 200
  // bytes, and the whole file was refused with its valid rows; found by the fuzzer, csv seed
  // 1441379327: 368 bytes, 2 control bytes. Random bytes have ~11 % control bytes, so any random
  // sample over ~100 bytes is still refused; a shorter one fails later as a CSV without its columns.)
  if (controls > Math.max(8, sample.length / 200)) return false;
  if (detectEncoding(sample) === 'utf-8') return true;
  // mostly valid in UTF-8 (a few bad bytes are their rows' errors) or in GB18030
  const fewReplaced = (text: string) => {
    let replaced = 0;
    for (const ch of text) if (ch === '\ufffd') replaced++;
    return replaced <= Math.max(1, text.length / 100);
  };
  return fewReplaced(sample.toString('utf8')) || fewReplaced(iconv.decode(sample, 'gb18030'));
}

// The first n bytes of a file (fewer when it is shorter).
export async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

// Passes a stream through, failing it with FILE_NOT_TABULAR as soon as its first SNIFF_BYTES
// show it is not a table: an upload of random bytes is refused without reading the rest.
export function tabularGate(): Transform {
  let head: Buffer[] | undefined = [];
  let size = 0;
  const check = (): Error | undefined => {
    const sample = Buffer.concat(head!);
    head = undefined;
    return looksTabular(sample.subarray(0, SNIFF_BYTES)) ? undefined : new DomainError(400, NOT_TABULAR.code, NOT_TABULAR.zh, NOT_TABULAR.en);
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!head) return cb(null, chunk);
      head.push(chunk);
      size += chunk.length;
      if (size < SNIFF_BYTES) return cb();
      const held = Buffer.concat(head);
      const err = check();
      cb(err, err ? undefined : held);
    },
    flush(cb) {
      if (!head) return cb();
      const held = Buffer.concat(head);
      const err = check();
      cb(err, err ? undefined : held);
    },
  });
}

// ',' unless the header line has none and has ';' or tabs (European Excel, "text (tab delimited)").
function detectDelimiter(sampleText: string): string {
  const firstLine = sampleText.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  if (firstLine.includes(',')) return ',';
  const tabs = firstLine.split('\t').length - 1;
  const semicolons = firstLine.split(';').length - 1;
  if (tabs === 0 && semicolons === 0) return ',';
  return tabs >= semicolons ? '\t' : ';';
}

type PeekedStream = {
  head: Buffer[];
  stream: Readable;
  bytesRead: () => number;
  drained: () => boolean; // the whole input has been read
  close: () => Promise<void>;
};

// Reads chunks until `size` bytes are seen, then offers the whole input again as one stream.
async function peekStream(input: NodeJS.ReadableStream | Readable, size: number): Promise<PeekedStream> {
  const readable = input instanceof Readable ? input : new Readable().wrap(input);
  const chunks = readable[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let consumed = 0;
  let ended = false;
  try {
    while (consumed < size) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      const buf = toBuffer(next.value);
      head.push(buf);
      consumed += buf.length;
    }
  } catch (err) {
    readable.destroy();
    throw err;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      while (!ended) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        const buf = toBuffer(next.value);
        consumed += buf.length;
        yield buf;
      }
    } finally {
      // Early exit: release the file descriptor / HTTP request now, not at garbage collection.
      readable.destroy();
    }
  }
  const stream = Readable.from(replay(), { objectMode: false });
  const close = async () => {
    stream.destroy();
    readable.destroy();
  };
  return { head, stream, bytesRead: () => consumed, drained: () => ended, close };
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('openSheetFromStream expects a byte stream');
}

// ---- CSV ----

// PapaParse's parser, fed chunk by chunk: each chunk is parsed up to its last complete record and
// the rest (an unfinished record, possibly inside a quoted field with line breaks) is carried into
// the next. A quote never closed would carry the rest of the file: past MAX_RECORD_BYTES
// characters the file is refused from that row on, with every row before it delivered.
// Quotes count only at the start of a field: a stray quote inside an unquoted field is kept.
async function* csvRows(input: Readable, encoding: TextEncoding, delimiter: string, newline: '\r\n' | '\n' | '\r', maxRecordBytes: number): AsyncGenerator<SheetRow> {
  const text = encoding === 'gb18030' ? decodeGb18030(input) : decodeUtf8(input);
  const parser = new Papa.Parser({ delimiter, newline });
  let rowNumber = 0;
  let carry = '';
  let first = true;
  const records = function* (data: string[][]): Generator<SheetRow> {
    for (const record of data) {
      rowNumber++;
      const cells: CellValue[] = new Array(record.length);
      for (let i = 0; i < record.length; i++) cells[i] = record[i] === '' ? null : record[i]!;
      if (isEmptyRow(cells)) continue;
      yield { rowNumber, cells };
    }
  };
  try {
    for await (let chunk of text) {
      if (first) {
        chunk = chunk.replace(/^\uFEFF/, ''); // iconv-lite drops the BOM itself; UTF-8 keeps it
        first = false;
      }
      const input = carry + chunk;
      const res = parser.parse(input, 0, true) as { data: string[][]; meta: { cursor: number } };
      carry = input.slice(res.meta.cursor);
      yield* records(res.data);
      if (carry.length > maxRecordBytes) throw csvError('CSV_MAX_RECORD_SIZE', rowNumber + 1, maxRecordBytes);
    }
    if (carry !== '') {
      const res = parser.parse(carry, 0, false) as { data: string[][]; errors: { code: string; row: number }[] };
      const missing = res.errors.find((e) => e.code === 'MissingQuotes');
      if (missing) {
        yield* records(res.data.slice(0, missing.row));
        throw csvError('CSV_QUOTE_NOT_CLOSED', rowNumber + 1);
      }
      // (a final line break leaves nothing behind: carry is empty then)
      yield* records(res.data);
    }
  } finally {
    input.destroy();
  }
}

async function* decodeUtf8(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8'); // a character split across chunks is joined
  for await (const buf of input) yield decoder.write(buf as Buffer);
  const rest = decoder.end();
  if (rest) yield rest;
}

function decodeGb18030(input: Readable): AsyncIterable<string> {
  const decoder = iconv.decodeStream('gb18030');
  input.on('error', (err) => (decoder as unknown as Readable).destroy(err)); // a read error ends the loop over the text
  return input.pipe(decoder) as unknown as AsyncIterable<string>;
}

// The line break the file uses, from its first one: \r\n (Windows, Excel), \n or \r.
function detectNewline(sampleText: string): '\r\n' | '\n' | '\r' {
  const m = /\r\n|\n|\r/.exec(sampleText);
  return (m?.[0] as '\r\n' | '\n' | '\r' | undefined) ?? '\n';
}

function csvError(code: 'CSV_QUOTE_NOT_CLOSED' | 'CSV_MAX_RECORD_SIZE', rowNumber: number, maxRecordBytes = 0): SheetParseError {
  const size = maxRecordBytes >= 1 << 20 ? `${+(maxRecordBytes / (1 << 20)).toFixed(1)} MB` : `${maxRecordBytes} B`;
  const reason =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? { zh: '引号未闭合', en: 'a quote is never closed' }
      : { zh: `单行超过 ${size}，通常是引号未闭合`, en: `a row exceeds ${size}, usually an unclosed quote` };
  return new SheetParseError(
    'FILE_PARSE',
    `第 ${rowNumber} 行起无法解析（${reason.zh}），此前的行已读取，此行及以后未读取`,
    `Cannot parse from row ${rowNumber} on (${reason.en}); rows before it were read, this row and the rest were not`,
    rowNumber,
  );
}

// ---- XLSX ----

// A zip bomb is refused from its central directory, before anything is inflated: the declared
// uncompressed total and its ratio to the file's size. (The streaming reader inflates entry by
// entry; sizes a forged directory understates are bounded by the upload size and the time limit.)
async function checkZipBomb(path: string, fileSize: number, limits: SheetLimits): Promise<void> {
  const z = await readZipDirectory(path, fileSize);
  if (!z) return; // not a zip: the CSV reader or the format check answers
  const ratio = z.uncompressed / Math.max(1, fileSize);
  if (z.zip64 || z.uncompressed > limits.maxUncompressedBytes || ratio > limits.maxCompressionRatio) {
    const gb = (n: number) => `${+(n / 1024 ** 3).toFixed(2)} GB`;
    throw new SheetParseError(
      'FILE_UNSUPPORTED',
      `Excel 文件解压后过大（${z.zip64 ? '超过 4 GB' : gb(z.uncompressed)}，压缩比 ${Math.round(ratio)}），上限 ${gb(limits.maxUncompressedBytes)}、压缩比 ${limits.maxCompressionRatio}；请拆分文件或改用 CSV`,
      `The Excel file is too large when decompressed (${z.zip64 ? 'over 4 GB' : gb(z.uncompressed)}, ratio ${Math.round(ratio)}); the limits are ${gb(limits.maxUncompressedBytes)} and a ratio of ${limits.maxCompressionRatio}; split the file or send CSV`,
      1,
    );
  }
}

// Internals of exceljs's streaming reader that its typings leave out.
type WorkbookReaderInternals = {
  styles?: { index?: { numFmt?: Array<string | undefined> } };
  properties?: { model?: { date1904?: boolean } };
};
type WorksheetReaderInternals = { name?: string; iterator?: unknown };

// Built-in date formats whose code depends on the locale; exceljs knows none of them, so cells
// formatted "2023年5月1日" in Chinese Excel would come out as serial numbers. zh-CN codes.
const LOCALE_DATE_FORMATS: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

async function* xlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const workbook = new (exceljs()).stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // needed to tell date cells from numbers
    entries: 'ignore',
  });
  const internals = workbook as unknown as WorkbookReaderInternals;
  const sheets = workbook[Symbol.asyncIterator]();
  let picked = false;
  let finished = false;
  let current: WorksheetReaderInternals | undefined;
  let lastRow = 0;
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const sheet = next.value;
      const sheetInternals = sheet as unknown as WorksheetReaderInternals;
      // Only the first sheet in tab order (not zip order) is read; others are skipped unparsed.
      const firstName = workbook.model?.sheets?.[0]?.name;
      if (picked || (firstName !== undefined && sheetInternals.name !== firstName)) {
        releaseSheet(sheetInternals);
        continue;
      }
      picked = true;
      current = sheetInternals;
      addLocaleDateFormats(internals);
      const date1904 = internals.properties?.model?.date1904 === true;
      for await (const row of sheet) {
        lastRow = row.number;
        const cells: CellValue[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          cells[col - 1] = xlsxCell(cell, date1904);
        });
        for (let i = 0; i < cells.length; i++) cells[i] ??= null;
        if (isEmptyRow(cells)) continue;
        yield { rowNumber: row.number, cells };
      }
      current = undefined;
    }
    finished = true;
  } catch (err) {
    if (isSystemError(err)) throw err;
    throw new SheetParseError(
      'FILE_PARSE',
      `Excel 文件第 ${lastRow + 1} 行起无法读取（${errorMessage(err)}），此前的行已读取`,
      `Cannot read the Excel file from row ${lastRow + 1} on (${errorMessage(err)}); rows before it were read`,
      lastRow + 1,
    );
  } finally {
    if (!finished) await abandonWorkbook(input, sheets, current);
  }
}

// A sheet that came before the shared strings in the zip (Excel's order) was spooled by exceljs
// to a temp file; its read stream must be closed or the descriptor stays open.
function releaseSheet(sheet: WorksheetReaderInternals): void {
  if (sheet.iterator instanceof Readable) sheet.iterator.destroy();
}

async function abandonWorkbook(
  input: Readable,
  sheets: AsyncGenerator<unknown>,
  current: WorksheetReaderInternals | undefined,
): Promise<void> {
  if (current && current.iterator instanceof ReadStream) {
    // The zip was fully read into temp files; letting exceljs finish its loop runs its own
    // temp-file cleanup (otherwise up to a GB of XML stays in the temp dir until the process exits).
    current.iterator.destroy();
    try {
      for (;;) {
        const next = await sheets.next();
        if (next.done) break;
        releaseSheet(next.value as WorksheetReaderInternals);
      }
    } catch {
      // Cleanup only; the original outcome stands.
    }
    return;
  }
  input.destroy();
  await sheets.return(undefined).catch(() => undefined);
}

function addLocaleDateFormats(workbook: WorkbookReaderInternals): void {
  const numFmt = workbook.styles?.index?.numFmt;
  if (!numFmt) return;
  for (const [id, code] of Object.entries(LOCALE_DATE_FORMATS)) numFmt[Number(id)] ??= code;
}

function xlsxCell(cell: ExcelJSModule.Cell, date1904: boolean): CellValue {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : decodeOoxmlEscapes(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return dateCell(v);
  if ('richText' in v) return decodeOoxmlEscapes(v.richText.map((r) => r.text).join('')) || null;
  if ('error' in v) return v.error; // '#N/A' etc.: left for the validator to reject visibly
  if ('formula' in v || 'sharedFormula' in v) {
    const result: unknown = v.result;
    if (typeof result === 'number') {
      // The streaming reader does not apply date formats to formula results.
      if (!Number.isFinite(result)) return null;
      return isDateFormat(cell.numFmt) ? dateCell(serialToDate(result, date1904)) : result;
    }
    if (typeof result === 'string') return result === '' ? null : result;
    if (typeof result === 'boolean') return result;
    if (result instanceof Date) return dateCell(result);
    return null;
  }
  if ('text' in v) return typeof v.text === 'string' && v.text !== '' ? v.text : null;
  return null;
}

// Same test as exceljs: date/time letters outside quoted text and [..] sections.
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

// exceljs builds dates as UTC midnight plus the time of day; the UTC fields are the calendar date.
function dateCell(d: Date): CellValue {
  if (Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return { date: `${String(y).padStart(4, '0')}-${m}-${day}` };
}

function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
