// The first look at an upload: tables pass, random bytes and images do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import iconv from 'iconv-lite';
import { looksTabular, tabularGate, SNIFF_BYTES } from './file-readers.ts';

test('CSV in UTF-8 or GB18030, XLSX, .xls and UTF-16 pass; random bytes, PNG and PDF do not', () => {
  assert.equal(looksTabular(Buffer.from('行政相对人名称,统一社会信用代码\n石家庄某公司,911301\n')), true);
  assert.equal(looksTabular(iconv.encode('行政相对人名称,统一社会信用代码\n石家庄某公司,911301\n'.repeat(50), 'gb18030')), true);
  assert.equal(looksTabular(Buffer.from('504b0304140000000800', 'hex')), true); // zip: XLSX, decided later
  assert.equal(looksTabular(Buffer.from('d0cf11e0a1b11ae1', 'hex')), true); // .xls: its own message later
  assert.equal(looksTabular(Buffer.alloc(0)), true); // empty: its own message later
  // one NUL or one byte that is not UTF-8 in a cell is that row's error (CONTROL_CHARACTER), not the file's
  const table = '行政相对人名称,统一社会信用代码\n石家庄某公司,911301\n'.repeat(20);
  assert.equal(looksTabular(Buffer.from(table.replace('某公司', '某\u0000公司'))), true);
  const utf8 = Buffer.from(table);
  assert.equal(looksTabular(Buffer.concat([utf8.subarray(0, 40), Buffer.from([0xff]), utf8.subarray(40)])), true);
  // a small file whose one row has a few control characters is still a table (fuzz csv seed
  // 1441379327: 368 bytes with 2 control bytes was refused whole, with its valid rows)
  const small = '行政相对人名称,统一社会信用代码\n石家庄某公司,911301\n石家庄\u0000某\u0000公\u0007司,911302\n';
  assert.ok(Buffer.byteLength(small) < 200 * 3);
  assert.equal(looksTabular(Buffer.from(small)), true);
  for (let i = 0; i < 20; i++) assert.equal(looksTabular(randomBytes(SNIFF_BYTES)), false);
  for (let i = 0; i < 20; i++) assert.equal(looksTabular(randomBytes(400)), false); // small random files too (~45 control bytes in 400)
  assert.equal(looksTabular(Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(2000)])), false);
  assert.equal(looksTabular(Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(3000)])), false);
});

test('the gate cuts a stream of random bytes after its first kilobytes and passes a table whole', async () => {
  let pulled = 0;
  const endless = new Readable({
    read() {
      pulled += 16 * 1024;
      this.push(randomBytes(16 * 1024));
    },
  });
  await assert.rejects(pipeline(endless, tabularGate(), new Writable({ write: (_c, _e, cb) => cb() })), (err: unknown) => (err as { code?: string }).code === 'FILE_NOT_TABULAR');
  assert.ok(pulled < 1024 * 1024, `read ${pulled} bytes`);
  const text = 'a,b\n1,2\n'.repeat(2000);
  const out: Buffer[] = [];
  await pipeline(Readable.from([Buffer.from(text)]), tabularGate(), new Writable({ write: (c, _e, cb) => (out.push(c), cb()) }));
  assert.equal(Buffer.concat(out).toString(), text);
});
