// What a new user hits in the first hour: uploads that are not tables, a 5 MB cell, a batch refused
// before any row (its original not kept), and report numbers that are a register (no gaps).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { importFile, submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { issueReport } from '../../src/modules/reports/reports.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import { DomainError } from '../../src/kernel/errors.ts';

let t: TestPlatform;
let dep: Department;
let token: string;
let dir: string;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
  token = await addTestClient(t.p, dep);
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-first-hour-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const signed = (url: string, body?: string | Buffer, contentType?: string) => signedInject(t.app, token, { now: t.p.now(), url, ...(body !== undefined ? { body, contentType } : {}) });
// blobs kept: files in the directory store (embedded), rows and chunks in PostgreSQL
const blobCount = async () => {
  if (t.p.blobs.kind === 'postgres') return (await t.p.db.one<{ n: number }>("SELECT (SELECT count(*) FROM blob) + (SELECT count(*) FROM blob_chunk) AS n"))!.n;
  const root = path.join(t.p.config.blobDir, 'sha256');
  return existsSync(root) ? readdirSync(root).reduce((n, d) => n + readdirSync(path.join(root, d)).length, 0) : 0;
};
const batchCount = async () => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch'))!.n;

describe('uploads that are not tables', () => {
  test('random bytes are refused from their first kilobytes: no batch, nothing kept', async () => {
    const file = path.join(dir, 'random.csv');
    writeFileSync(file, randomBytes(2 * 1024 * 1024));
    const [batches, blobs] = [await batchCount(), await blobCount()];
    await assert.rejects(importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR }), (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.equal(err.code, 'FILE_NOT_TABULAR');
      assert.match(err.zh, /不是 CSV 或 XLSX 文件/);
      return true;
    });
    assert.equal(await batchCount(), batches);
    assert.equal(await blobCount(), blobs);
  });

  test('through the API: 400 with the platform error, no batch', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(8000)]);
    const batches = await batchCount();
    const r = await signed('/api/v1/batches/files?category=penalty&filename=photo.csv', png, 'text/csv');
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, 'FILE_NOT_TABULAR');
    assert.equal(await batchCount(), batches);
  });

  test('CSV in GB18030 and XLSX-looking zips still pass the first look', async () => {
    const file = path.join(dir, 'ok.csv');
    writeFileSync(file, csv([penaltyRow({ CF_WSH: '首时罚〔2026〕1号' })]));
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.created, 1);
  });

  test('a batch refused before any row was read keeps no original; the download says so', async () => {
    const body = 'a,b,c\n1,2,3\n';
    const r = await signed('/api/v1/batches/files?category=penalty&filename=wrong.csv', body, 'text/csv');
    assert.equal(r.statusCode, 202, r.body);
    const id = r.json().id;
    let b;
    for (let i = 0; i < 500; i++) {
      b = (await signed(`/api/v1/batches/${id}`)).json();
      if (b.status !== 'running') break;
      await new Promise((res) => setImmediate(res));
    }
    assert.equal(b.status, 'failed');
    const row = (await t.p.db.one<{ sha: string }>('SELECT file_sha256 AS sha FROM batch WHERE id = $1', [id]))!;
    assert.equal(await t.p.blobs.has(row.sha), false);
    const orig = await signed(`/api/v1/batches/${id}/file`);
    assert.equal(orig.statusCode, 410);
    assert.equal(orig.json().error.code, 'ORIGINAL_NOT_KEPT');
  });
});

test('a 5 MB cell: error reports show 200 characters and the length; the original keeps it all', async () => {
  const huge = '违'.repeat(5 * 1024 * 1024 / 3);
  const file = path.join(dir, 'huge.csv');
  writeFileSync(file, csv([penaltyRow({ CF_WSH: '首时罚〔2026〕2号', CF_WFXW: huge })]));
  const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
  assert.equal(s.rejected, 1);
  const e = s.errors.find((x) => x.field === 'CF_WFXW')!;
  assert.ok(e.value!.startsWith('违'.repeat(200) + '…'), e.value!.slice(0, 50));
  assert.match(e.value!, new RegExp(`共 ${huge.length} 个字符`));
  assert.ok(e.value!.length < 300 && e.zh.length < 300 && e.en.length < 300);
  const report = await signed(`/api/v1/batches/${s.batchId}/errors?format=csv`);
  assert.equal(report.statusCode, 200);
  assert.ok(report.body.length < 2000, `error CSV is ${report.body.length} bytes`);
  const first = (await signed(`/api/v1/batches/${s.batchId}/first-errors`)).json();
  assert.ok(JSON.stringify(first).length < 2000);
  const orig = await signed(`/api/v1/batches/${s.batchId}/file`);
  assert.ok(orig.body.includes(huge));
});

test('JSON batches echo at most the preview of a value too', async () => {
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_WSH: '首时罚〔2026〕3号', CF_WFXW: 'x'.repeat(100_000) })]);
  assert.ok(JSON.stringify(r).length < 3000);
});

test('report numbers are a register: a failed attempt gives its number back', async () => {
  const code = orgUscc('91', '130100', 'MA0FH001');
  await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_WSH: '首时罚〔2026〕9号', CF_XDR_MC: '石家庄首时测试有限公司', CF_XDR_SHXYM: code })]);
  const subject = (await findSubjectByCode(t.p.db, code, t.p.crypto))!;
  // no Chinese font: the PDF cannot be made (what a fresh machine hits)
  const saved = process.env.XINYONG_REPORT_FONT;
  process.env.XINYONG_REPORT_FONT = path.join(dir, 'no-such-font.ttc');
  try {
    for (let i = 0; i < 3; i++)
      await assert.rejects(issueReport(t.p, SYSTEM_ACTOR, { subject, edition: 'public', purpose: null }), (err: unknown) => err instanceof DomainError && err.code === 'REPORT_FONT_MISSING');
  } finally {
    if (saved === undefined) delete process.env.XINYONG_REPORT_FONT;
    else process.env.XINYONG_REPORT_FONT = saved;
  }
  const first = await issueReport(t.p, SYSTEM_ACTOR, { subject, edition: 'public', purpose: null });
  const second = await issueReport(t.p, SYSTEM_ACTOR, { subject, edition: 'public', purpose: null });
  assert.equal(first.number, 'XYBG20261120000001');
  assert.equal(second.number, 'XYBG20261120000002');
});
