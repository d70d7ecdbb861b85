// The file limits (src/config.ts limits.csv, limits.xlsx): each refusal is a SheetParseError with
// zh and en, raised before the reader spends the memory or time the file asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { openSheet, SheetParseError, DEFAULT_SHEET_LIMITS } from './file-readers.ts';
import { readZipDirectory } from '../../kernel/zip-directory.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-limits-'));
const file = (name: string, data: string | Uint8Array) => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};
const refused = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof SheetParseError && e.code === code && pattern.test(e.en) && e.zh.length > 0;

test('a header with more columns than allowed is refused (a million columns is refused by the line limit first)', async () => {
  const wide = Array.from({ length: 300_000 }, (_, i) => `c${i}`).join(',') + '\n1\n';
  await assert.rejects(openSheet(file('wide.csv', wide)), refused('FILE_PARSE', /300000 columns; at most 1000/));
  const ok = await openSheet(file('ok.csv', 'a,b\n1,2\n'), { ...DEFAULT_SHEET_LIMITS, maxColumns: 2 });
  assert.deepEqual(ok.header, ['a', 'b']);
  await ok.close?.();
});

test('a CSV line longer than the limit is refused from its row on', async () => {
  const reader = await openSheet(file('long.csv', 'a,b\n1,2\n"' + 'x'.repeat(300_000) + '\n'), { ...DEFAULT_SHEET_LIMITS, maxRecordBytes: 100_000 });
  const rows: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const r of reader.rows) rows.push(r.rowNumber);
    })(),
    refused('FILE_PARSE', /row 3 on \(a row exceeds 100000 B/),
  );
  assert.deepEqual(rows, [2]);
});

test('an XLSX that decompresses far beyond its size (zip bomb) is refused before inflating', async () => {
  const sheet = new Uint8Array(64 * 1024 * 1024); // 64 MB of zeros, ~64 KB compressed
  const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': sheet }, { level: 9 });
  const p = file('bomb.xlsx', bomb);
  const z = await readZipDirectory(p, bomb.length);
  assert.equal(z!.uncompressed, 64 * 1024 * 1024 + 8);
  await assert.rejects(openSheet(p), refused('FILE_UNSUPPORTED', /too large when decompressed.*ratio/));
  await assert.rejects(openSheet(p, { ...DEFAULT_SHEET_LIMITS, maxCompressionRatio: 1e9, maxUncompressedBytes: 1024 * 1024 }), refused('FILE_UNSUPPORTED', /limits are 0 GB|limits are 0\.\d+ GB/));
});

test('an ordinary XLSX passes the zip check', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  ws.addRow(['名称', '金额']);
  for (let i = 0; i < 200; i++) ws.addRow([`公司${i}`, i]);
  const p = path.join(dir, 'ok.xlsx');
  await wb.xlsx.writeFile(p);
  const reader = await openSheet(p);
  let n = 0;
  for await (const _ of reader.rows) n++;
  assert.equal(n, 200);
});

test('a file that is not a zip has no directory', async () => {
  assert.equal(await readZipDirectory(file('plain.csv', 'a,b\n1,2\n'), 8), undefined);
});
