import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { crc32 } from 'node:zlib';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { waitUntil } from '../../../test/helpers/wait.ts';
import {
  detectEncoding,
  detectFormat,
  openSheet,
  openSheetFromStream,
  SheetParseError,
  type SheetReader,
  type SheetRow,
} from './file-readers.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xinyong-file-readers-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTemp(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function collect(reader: SheetReader): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return rows;
}

// Collects rows until the reader throws; returns both so a test can check what came before.
async function collectUntilError(reader: SheetReader): Promise<{ rows: SheetRow[]; error: unknown }> {
  const rows: SheetRow[] = [];
  try {
    for await (const row of reader.rows) rows.push(row);
  } catch (error) {
    return { rows, error };
  }
  return { rows, error: undefined };
}

// Writes an XLSX with exceljs; `rows` may contain undefined entries for blank rows.
type XlsxCell = ExcelJS.CellValue;
async function writeXlsx(path: string, sheets: Array<{ name: string; rows: Array<XlsxCell[] | undefined> }>) {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    sheet.rows.forEach((cells, i) => {
      if (cells) ws.getRow(i + 1).values = cells;
    });
  }
  await wb.xlsx.writeFile(path);
  return wb;
}


// A stored (uncompressed) zip, entries in the given order: lets a test control what exceljs
// cannot be made to write (zip order differing from tab order, Chinese built-in date formats).
function storedZip(files: Array<[name: string, content: string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL_WS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

describe('detectFormat', () => {
  test('zip magic means xlsx whatever the name', () => {
    assert.equal(detectFormat('a.csv', Buffer.from('PK\x03\x04rest', 'latin1')), 'xlsx');
    assert.equal(detectFormat('', Buffer.from('PK\x03\x04', 'latin1')), 'xlsx');
  });
  test('text is csv even when named .xlsx', () => {
    assert.equal(detectFormat('a.xlsx', Buffer.from('名称,金额\n')), 'csv');
    assert.equal(detectFormat('a.csv', Buffer.alloc(0)), 'csv');
  });
  test('other zip signatures count only with an .xlsx name', () => {
    assert.equal(detectFormat('a.XLSX', Buffer.from('PK\x05\x06', 'latin1')), 'xlsx');
    assert.equal(detectFormat('a.csv', Buffer.from('PK\x05\x06', 'latin1')), 'csv');
  });
});

describe('detectEncoding', () => {
  test('BOM means utf-8', () => {
    assert.equal(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0xd6, 0xd0])), 'utf-8');
  });
  test('valid UTF-8 and ASCII are utf-8, empty too', () => {
    assert.equal(detectEncoding(Buffer.from('行政处罚决定书文号,处罚日期\n')), 'utf-8');
    assert.equal(detectEncoding(Buffer.from('a,b\n')), 'utf-8');
    assert.equal(detectEncoding(Buffer.alloc(0)), 'utf-8');
  });
  test('GBK / GB18030 bytes are gb18030', () => {
    assert.equal(detectEncoding(iconv.encode('行政处罚决定书文号,处罚日期\n', 'gb18030')), 'gb18030');
    assert.equal(detectEncoding(iconv.encode('𠮷,䶮', 'gb18030')), 'gb18030');
  });
  test('a sample cut in the middle of a UTF-8 character is still utf-8', () => {
    const full = Buffer.from('名称,金额\n中');
    for (let cut = full.length - 2; cut < full.length; cut++) {
      assert.equal(detectEncoding(full.subarray(0, cut)), 'utf-8', `cut at ${cut}`);
    }
  });
});

describe('openSheet: CSV', () => {
  test('UTF-8 with BOM: BOM stripped from the header, values kept as they are', async () => {
    const path = await writeTemp('bom.csv', '\uFEFF名称, 金额 ,日期\n华信达公司, 1000 ,2024-01-02\n');
    const reader = await openSheet(path);
    assert.equal(reader.format, 'csv');
    assert.equal(reader.encoding, 'utf-8');
    assert.deepEqual(reader.header, ['名称', '金额', '日期']);
    assert.deepEqual(await collect(reader), [{ rowNumber: 2, cells: ['华信达公司', ' 1000 ', '2024-01-02'] }]);
  });

  test('UTF-8 without BOM; empty cells are null, missing cells null, extra cells dropped', async () => {
    const path = await writeTemp('nobom.csv', 'a,b,c\n1,,3\n4\n5,6,7,8,9\n');
    const reader = await openSheet(path);
    assert.equal(reader.encoding, 'utf-8');
    assert.deepEqual(reader.header, ['a', 'b', 'c']);
    assert.deepEqual(await collect(reader), [
      { rowNumber: 2, cells: ['1', null, '3'] },
      { rowNumber: 3, cells: ['4', null, null] },
      { rowNumber: 4, cells: ['5', '6', '7'] },
    ]);
  });

  test('GB18030 including characters outside GBK', async () => {
    const text = '当事人名称,处罚内容\r\n𠮷祥商贸有限公司,罚款\r\n䶮记餐饮店,警告\r\n';
    const path = await writeTemp('gb.csv', iconv.encode(text, 'gb18030'));
    const reader = await openSheet(path);
    assert.equal(reader.encoding, 'gb18030');
    assert.deepEqual(reader.header, ['当事人名称', '处罚内容']);
    assert.deepEqual(await collect(reader), [
      { rowNumber: 2, cells: ['𠮷祥商贸有限公司', '罚款'] },
      { rowNumber: 3, cells: ['䶮记餐饮店', '警告'] },
    ]);
  });

  test('UTF-8 whose 64 KB sample ends mid-character is read as UTF-8', async () => {
    const header = '名称,金额\n';
    const pad = 'x'.repeat(50) + ',1\n';
    let body = header;
    while (Buffer.byteLength(body) + pad.length <= 65536 - 10) body += pad;
    // Fill with ASCII up to byte 65535 so that '中' (3 bytes) straddles the 65536 cut.
    const filler = 65535 - Buffer.byteLength(body) - 3;
    body += 'y'.repeat(filler) + ',2\n';
    assert.equal(Buffer.byteLength(body), 65535);
    body += '中国,3\n';
    const bytes = Buffer.from(body);
    assert.equal(bytes[65535], 0xe4); // first byte of 中, the sample cut falls after it
    const path = await writeTemp('cut-utf8.csv', bytes);
    const reader = await openSheet(path);
    assert.equal(reader.encoding, 'utf-8');
    const rows = await collect(reader);
    assert.deepEqual(rows.at(-1), { rowNumber: rows.length + 1, cells: ['中国', '3'] });
  });

  test('GB18030 whose 64 KB sample ends mid-character decodes across the cut', async () => {
    const gb = (t: string) => iconv.encode(t, 'gb18030');
    const parts: Buffer[] = [gb('名称,金额\n')];
    let length = parts[0]!.length;
    const row = gb('甲乙丙丁,1\n');
    while (length + row.length + 10 < 65535) {
      parts.push(row);
      length += row.length;
    }
    // ASCII filler up to byte 65535, so that 𠮷 (4 bytes in GB18030) straddles the 65536 cut.
    parts.push(Buffer.from('z'.repeat(65535 - length - 3) + ',2\n'));
    parts.push(gb('𠮷甲,3\n'));
    const bytes = Buffer.concat(parts);
    assert.deepEqual(bytes.subarray(65535, 65539), gb('𠮷'));
    const reader = await openSheet(await writeTemp('cut-gb.csv', bytes));
    assert.equal(reader.encoding, 'gb18030');
    const rows = await collect(reader);
    assert.deepEqual(rows.at(-1)?.cells, ['𠮷甲', '3']);
    assert.ok(rows.every((r) => r.cells.every((c) => typeof c !== 'string' || !c.includes('\uFFFD'))));
  });

  test('quoted fields with commas, quotes and line breaks are one row each', async () => {
    const csv = [
      '文号,内容,金额',
      '"A-1","罚款, 警告",100',
      '"A-2","第一行',
      '第二行',
      '第三行",200',
      '"A-3","他说""好""",300',
      'A-4,plain,400',
    ].join('\r\n');
    const reader = await openSheet(await writeTemp('quoted.csv', csv));
    assert.deepEqual(await collect(reader), [
      { rowNumber: 2, cells: ['A-1', '罚款, 警告', '100'] },
      { rowNumber: 3, cells: ['A-2', '第一行\r\n第二行\r\n第三行', '200'] },
      { rowNumber: 4, cells: ['A-3', '他说"好"', '300'] },
      { rowNumber: 5, cells: ['A-4', 'plain', '400'] },
    ]);
  });

  test('blank rows are skipped but counted; leading blank lines before the header too', async () => {
    const csv = '\n\na,b\n1,2\n\n , \n,\n3,4\n';
    const reader = await openSheet(await writeTemp('blank.csv', csv));
    assert.deepEqual(reader.header, ['a', 'b']);
    assert.deepEqual(await collect(reader), [
      { rowNumber: 4, cells: ['1', '2'] },
      { rowNumber: 8, cells: ['3', '4'] },
    ]);
  });

  test('semicolon and tab delimiters are detected from the header line', async () => {
    const semi = await openSheet(await writeTemp('semi.csv', '名称;金额\n甲;1,5\n'));
    assert.deepEqual(semi.header, ['名称', '金额']);
    assert.deepEqual(await collect(semi), [{ rowNumber: 2, cells: ['甲', '1,5'] }]);
    const tab = await openSheet(await writeTemp('tab.csv', '名称\t金额\n甲\t1\n'));
    assert.deepEqual(tab.header, ['名称', '金额']);
    assert.deepEqual(await collect(tab), [{ rowNumber: 2, cells: ['甲', '1'] }]);
  });

  test('stray quotes inside unquoted fields are kept (relax_quotes)', async () => {
    const reader = await openSheet(await writeTemp('relax.csv', 'a,b\n5" pipe,x"y\n'));
    assert.deepEqual(await collect(reader), [{ rowNumber: 2, cells: ['5" pipe', 'x"y'] }]);
  });

  test('an unclosed quote: every row before it is delivered, then SheetParseError with its row', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 3000; i++) lines.push(`r${i},${i}`);
    lines.push('bad,"never closed', 'more,1', 'more,2');
    // Small enough to be parsed in one chunk, so the rows before the error are still buffered
    // inside the parser when it fails.
    const reader = await openSheet(await writeTemp('unclosed.csv', lines.join('\n')));
    const { rows, error } = await collectUntilError(reader);
    assert.equal(rows.length, 3000);
    assert.deepEqual(rows.at(-1), { rowNumber: 3001, cells: ['r2999', '2999'] });
    assert.ok(error instanceof SheetParseError);
    assert.equal(error.code, 'FILE_PARSE');
    assert.equal(error.rowNumber, 3002);
    assert.match(error.zh, /3002/);
    assert.match(error.en, /3002/);
  });

  test('an unclosed quote early in a large file stops at the record size limit', async () => {
    const path = join(dir, 'runaway.csv');
    const out = createWriteStream(path);
    out.write('a,b\n1,2\n3,"oops\n');
    for (let i = 0; i < 60000; i++) if (!out.write(`row ${i},${'z'.repeat(80)}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const reader = await openSheet(path);
    const { rows, error } = await collectUntilError(reader);
    assert.deepEqual(rows, [{ rowNumber: 2, cells: ['1', '2'] }]);
    assert.ok(error instanceof SheetParseError);
    assert.equal(error.rowNumber, 3);
    assert.ok(reader.bytesRead() < (reader.totalBytes ?? 0), 'stopped before reading the whole file');
  });

  test('an empty file has an empty header and no rows', async () => {
    const reader = await openSheet(await writeTemp('empty.csv', ''));
    assert.deepEqual(reader.header, []);
    assert.deepEqual(await collect(reader), []);
  });

  test('trailing empty header cells are dropped', async () => {
    const reader = await openSheet(await writeTemp('trail.csv', 'a,b,,\n1,2,3,4\n'));
    assert.deepEqual(reader.header, ['a', 'b']);
    assert.deepEqual(await collect(reader), [{ rowNumber: 2, cells: ['1', '2'] }]);
  });

  test('.xls and UTF-16 files are refused with FILE_UNSUPPORTED', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await assert.rejects(openSheet(await writeTemp('old.xls', xls)), (e: unknown) => {
      return e instanceof SheetParseError && e.code === 'FILE_UNSUPPORTED' && /xls/.test(e.zh);
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\n', 'utf16le')]);
    await assert.rejects(openSheet(await writeTemp('u16.txt', utf16)), (e: unknown) => {
      return e instanceof SheetParseError && e.code === 'FILE_UNSUPPORTED';
    });
  });

  test('bytesRead grows to totalBytes', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 20000; i++) lines.push(`${i},${'v'.repeat(20)}`);
    const reader = await openSheet(await writeTemp('progress.csv', lines.join('\n') + '\n'));
    assert.ok(reader.totalBytes !== undefined && reader.totalBytes > 65536 * 3);
    const seen: number[] = [];
    for await (const row of reader.rows) if (row.rowNumber % 5000 === 0) seen.push(reader.bytesRead());
    assert.ok(seen[0]! < reader.totalBytes, 'not all read at the start');
    assert.equal(reader.bytesRead(), reader.totalBytes);
  });

  test('breaking out of rows releases the file; close() works without reading rows', async () => {
    const path = await writeTemp('early.csv', 'a\n1\n2\n3\n');
    const reader = await openSheet(path);
    for await (const row of reader.rows) {
      assert.equal(row.rowNumber, 2);
      break;
    }
    const unread = await openSheet(path);
    await unread.close?.();
  });
});

describe('openSheet: XLSX', () => {
  test('strings, numbers, dates, formulas, rich text and blank rows', async () => {
    const path = join(dir, 'cells.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('处罚');
    ws.getRow(1).values = ['\uFEFF 文号 ', '金额', '日期', '合计', '说明', '是否', '截止'];
    ws.getRow(2).values = [
      'A-1',
      1000.5,
      new Date(Date.UTC(2024, 1, 29)),
      { formula: 'B2*2', result: 2001 },
      { richText: [{ text: '罚款' }, { text: '，警告', font: { bold: true } }] },
      true,
      { formula: 'C2+30', result: 45381 }, // serial 45381 = 2024-03-30
    ];
    ws.getCell('G2').numFmt = 'yyyy"年"m"月"d"日"';
    // Row 3 left blank; row 4 has a datetime (time part dropped) and whitespace kept.
    ws.getRow(4).values = [' A-2 ', 7, new Date(Date.UTC(2023, 11, 31, 23, 59, 59))];
    ws.getRow(5).values = ['', ' ', null]; // only empty/whitespace: skipped
    ws.getRow(6).values = ['A-3', 0, null, null, null, null, null, 'beyond header'];
    wb.addWorksheet('说明').getRow(1).values = ['not', 'read'];
    await wb.xlsx.writeFile(path);

    const reader = await openSheet(path);
    assert.equal(reader.format, 'xlsx');
    assert.equal(reader.encoding, undefined);
    assert.deepEqual(reader.header, ['文号', '金额', '日期', '合计', '说明', '是否', '截止']);
    assert.deepEqual(await collect(reader), [
      {
        rowNumber: 2,
        cells: ['A-1', 1000.5, { date: '2024-02-29' }, 2001, '罚款，警告', true, { date: '2024-03-30' }],
      },
      { rowNumber: 4, cells: [' A-2 ', 7, { date: '2023-12-31' }, null, null, null, null] },
      { rowNumber: 6, cells: ['A-3', 0, null, null, null, null, null] },
    ]);
    assert.equal(reader.bytesRead(), reader.totalBytes);
  });

  test('hand-built workbook: tab order over zip order, Chinese built-in date formats, inline strings', async () => {
    const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
    const bytes = storedZip([
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_WS}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_WS}" Target="worksheets/sheet2.xml"/></Relationships>`],
      // The first tab is sheet2.xml, which comes second in the zip.
      ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${NS_R}><workbookPr/><sheets><sheet name="数据" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="58" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`],
      ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="2" uniqueCount="2"><si><t>处罚日期</t></si><si><r><t>华信</t></r><r><t>达</t></r></si></sst>`],
      ['xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>说明页</t></is></c></row>')],
      ['xl/worksheets/sheet2.xml', sheet(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>名称</t></is></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>月日</t></is></c><c r="D2" t="inlineStr"><is><t>公式</t></is></c><c r="E2" t="inlineStr"><is><t>错误</t></is></c></row>' +
        '<row r="5"><c r="A5" t="s"><v>1</v></c><c r="B5" s="1"><v>45351</v></c><c r="C5" s="2"><v>45292.75</v></c><c r="D5" t="str"><f>A5&amp;"公司"</f><v>华信达公司</v></c><c r="E5" t="e"><v>#N/A</v></c></row>',
      )],
    ]);
    const path = await writeTemp('hand.xlsx', bytes);
    const reader = await openSheet(path);
    assert.deepEqual(reader.header, ['名称', '处罚日期', '月日', '公式', '错误']);
    assert.deepEqual(await collect(reader), [
      { rowNumber: 5, cells: ['华信达', { date: '2024-02-29' }, { date: '2024-01-01' }, '华信达公司', '#N/A'] },
    ]);
  });

  test('a streamed-written workbook (sheet before shared strings) reads and cleans temp files', async () => {
    const path = join(dir, 'streamed.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
    const ws = writer.addWorksheet('数据');
    ws.addRow(['名称', '金额', '日期']).commit();
    for (let i = 0; i < 2000; i++) ws.addRow([`公司${i}`, i, new Date(Date.UTC(2024, 0, 1 + (i % 28)))]).commit();
    ws.commit();
    const other = writer.addWorksheet('其他');
    other.addRow(['x']).commit();
    other.commit();
    await writer.commit();

    // exceljs (via the tmp package) names its spool files tmp-<pid>-… and unlinks them
    // asynchronously, so wait until the count is back, giving up after a bounded time.
    const tmpFiles = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`)).length;
    const settlesAt = async (expected: number) =>
      waitUntil(async () => (await tmpFiles()) === expected, 'the temp files to be removed', 30_000).then(() => true, () => false);
    const before = await tmpFiles();
    const reader = await openSheet(path);
    assert.deepEqual(reader.header, ['名称', '金额', '日期']);
    const rows = await collect(reader);
    assert.equal(rows.length, 2000);
    assert.deepEqual(rows[1999], { rowNumber: 2001, cells: ['公司1999', 1999, { date: '2024-01-12' }] });
    assert.ok(await settlesAt(before), 'temp files removed after a full read');

    // Stopping early must not leave exceljs's temp copy of the sheet behind.
    const early = await openSheet(path);
    for await (const row of early.rows) {
      if (row.rowNumber === 10) break;
    }
    assert.ok(await settlesAt(before), 'temp files removed after an early exit');
  });

  test('a corrupt XLSX raises SheetParseError', async () => {
    const good = join(dir, 'good.xlsx');
    await writeXlsx(good, [{ name: 's', rows: [['a'], ['b']] }]);
    const bytes = await readFile(good);
    const broken = Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(300, 0x41)]);
    const path = await writeTemp('broken.xlsx', broken);
    await assert.rejects(
      (async () => collect(await openSheet(path)))(),
      (e: unknown) => e instanceof SheetParseError && e.code === 'FILE_PARSE',
    );
  });
});

describe('openSheetFromStream', () => {
  test('CSV from a stream of small chunks, split inside characters', async () => {
    const bytes = iconv.encode('名称,金额\n𠮷祥,1\n䶮记,2\n', 'gb18030');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3));
    const reader = await openSheetFromStream(Readable.from(chunks), { filename: 'upload.csv' });
    assert.equal(reader.encoding, 'gb18030');
    assert.equal(reader.totalBytes, undefined);
    assert.deepEqual(reader.header, ['名称', '金额']);
    assert.deepEqual(await collect(reader), [
      { rowNumber: 2, cells: ['𠮷祥', '1'] },
      { rowNumber: 3, cells: ['䶮记', '2'] },
    ]);
    assert.equal(reader.bytesRead(), bytes.length);
  });

  test('CSV larger than the sample: the peeked chunks are replayed once, in order', async () => {
    const lines = ['n'];
    for (let i = 0; i < 30000; i++) lines.push(String(i));
    const bytes = Buffer.from(lines.join('\n'));
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    const reader = await openSheetFromStream(Readable.from(chunks));
    const rows = await collect(reader);
    assert.equal(rows.length, 30000);
    assert.ok(rows.every((r, i) => r.cells[0] === String(i) && r.rowNumber === i + 2));
  });

  test('XLSX from a stream', async () => {
    const path = join(dir, 'stream.xlsx');
    await writeXlsx(path, [{ name: 's', rows: [['名称', '金额'], undefined, ['甲', 5]] }]);
    const reader = await openSheetFromStream(createReadStream(path, { highWaterMark: 1024 }));
    assert.equal(reader.format, 'xlsx');
    assert.deepEqual(reader.header, ['名称', '金额']);
    assert.deepEqual(await collect(reader), [{ rowNumber: 3, cells: ['甲', 5] }]);
  });
});

describe('streaming memory', () => {
  test('200,000-row CSV (~30 MB) is read with flat memory', async () => {
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('\uFEFF行政相对人名称,统一社会信用代码,处罚决定书文号,违法行为类型,处罚内容,罚款金额,处罚决定日期,处罚机关\n');
    for (let i = 0; i < 200000; i++) {
      const line = `某某市华信达商贸有限公司第${i}分公司,91330100MA2${String(i).padStart(7, '0')},杭市监罚〔2024〕${i}号,"未按规定公示年度报告, 逾期",警告并处罚款,${i % 5000},2024-03-${String((i % 28) + 1).padStart(2, '0')},某某市市场监督管理局\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    // Measure what stays reachable (heap after a full GC), sampled along the way: garbage
    // awaiting collection says nothing about streaming, retained rows do.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    let last: SheetRow | undefined;
    const reader = await openSheet(path);
    assert.ok((reader.totalBytes ?? 0) > 25 * 1024 * 1024);
    for await (const row of reader.rows) {
      count++;
      last = row;
      if (count % 20000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    assert.equal(count, 200000);
    assert.equal(last?.rowNumber, 200001);
    assert.equal(last?.cells[3], '未按规定公示年度报告, 逾期');
    const growthMb = (peak - baseline) / 1024 / 1024;
    assert.ok(growthMb < 60, `heap grew ${growthMb.toFixed(1)} MB`);
    await rm(path);
  });
});
