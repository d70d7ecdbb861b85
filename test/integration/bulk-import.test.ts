// Bulk import (`xinyong import FILE --bulk`, decision 0028): the same records, subjects, links,
// search grams and row errors as a normal import of the same file; an identical re-run is all
// unchanged; a crash mid-bulk leaves nothing and the re-run is exact; refused beside a running
// import of the category and for anyone but the operator at the command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPlatform, addTestDepartment, DEPT_USCC, uscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { createCliSandbox, BIN } from '../helpers/cli.ts';
import { testBackend } from '../helpers/db.ts';
import { waitUntil, within } from '../helpers/wait.ts';
import { demoIdNumber, demoRegNo } from '../../src/kernel/codes/demo-codes.ts';
import { importFile, startFileBatch, CHUNK_ROWS, type ImportSummary } from '../../src/modules/collection/collection.service.ts';
import { claimBatchLease } from '../../src/modules/collection/collection.store.ts';
import { cliActor, SYSTEM_ACTOR, type Actor } from '../../src/kernel/audit.ts';
import { failingDb } from '../helpers/failing-db.ts';
import type { Db } from '../../src/kernel/db.ts';
import type { Platform } from '../../src/platform.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

const OPERATOR: Actor = cliActor('ops', 'xinyong-1');

let normal: TestPlatform;
let bulk: TestPlatform;
let depN: Department;
let depB: Department;
let file: string;
let rowCount: number;

// A file over several chunks: organizations, 个体工商户 under their 注册号, persons, legal
// representatives, a ref repeated in another chunk with new content (a second version) and with the
// same content (unchanged), a subject renamed in a later chunk, and rows with errors.
function fileRows(): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  const n = CHUNK_ROWS + 700;
  for (let i = 1; i <= n; i++) {
    const org = uscc(`91130100MA${String(i).padStart(7, '0')}`);
    if (i % 10 === 3)
      rows.push(penaltyRow({ CF_WSH: `冀批罚〔2026〕${i}号`, CF_XDR_LB: '自然人', CF_XDR_MC: `李${i}`, CF_XDR_SHXYM: '', CF_FRDB: '', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: demoIdNumber(i % 1000, `1985-0${1 + Math.floor(i / 1000)}-12`) }));
    else if (i % 10 === 5)
      rows.push(penaltyRow({ CF_WSH: `冀批罚〔2026〕${i}号`, CF_XDR_LB: '个体工商户', CF_XDR_MC: `石家庄市长安区${i}号小吃店`, CF_XDR_SHXYM: '00000000000000000X', CF_XDR_GSZC: demoRegNo(i), CF_FRDB: `王${i}` }));
    else if (i % 97 === 0) rows.push(penaltyRow({ CF_WSH: `冀批罚〔2026〕${i}号`, CF_XDR_MC: `批量${i}有限公司`, CF_XDR_SHXYM: org, CF_JDRQ: '2026-13-01' })); // a bad date
    else if (i % 101 === 0) rows.push(penaltyRow({ CF_WSH: '', CF_XDR_MC: `批量${i}有限公司`, CF_XDR_SHXYM: org })); // no reference
    else
      rows.push(
        penaltyRow({
          CF_WSH: `冀批罚〔2026〕${i}号`,
          CF_XDR_MC: `批量${i}有限公司`,
          CF_XDR_SHXYM: org,
          CF_FRDB: `赵${i}`,
          ...(i % 7 === 0 ? { CF_FR_ZJLX: '身份证', CF_FR_ZJHM: demoIdNumber(i % 1000, `1970-0${1 + Math.floor(i / 1000)}-20`) } : {}),
          ...(i % 11 === 0 ? { SEVERITY: '轻微' } : {}),
        }),
      );
  }
  // in a later chunk: a new version of row 1's record, row 2's record again unchanged, row 4's subject renamed
  rows.push(penaltyRow({ CF_WSH: '冀批罚〔2026〕1号', CF_XDR_MC: '批量1有限公司', CF_XDR_SHXYM: uscc('91130100MA0000001'), CF_FRDB: '赵1', CF_NR: '罚款人民币陆万元', CF_NR_FK: '6' }));
  rows.push({ ...rows[1]! });
  rows.push(penaltyRow({ CF_WSH: `冀批罚〔2026〕${n + 1}号`, CF_XDR_MC: '批量4新名称有限公司', CF_XDR_SHXYM: uscc('91130100MA0000004'), CF_FRDB: '赵4' }));
  return rows;
}

before(async () => {
  normal = await createTestPlatform('2026-11-20');
  bulk = await createTestPlatform('2026-11-20');
  depN = await addTestDepartment(normal.p, DEPT_USCC);
  depB = await addTestDepartment(bulk.p, DEPT_USCC);
  const rows = fileRows();
  rowCount = rows.length;
  file = path.join(bulk.dir, '历史处罚.csv');
  writeFileSync(file, csv(rows, Object.keys(penaltyRow({ CF_XDR_GSZC: '', CF_FR_ZJLX: '', CF_FR_ZJHM: '', CF_XDR_ZJLX: '', CF_XDR_ZJHM: '', SEVERITY: '' }))));
});
after(async () => {
  await normal?.close();
  await bulk?.close();
});

const counts = (s: ImportSummary) => ({ status: s.status, rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected });

// Everything an import files, in a form that does not depend on ids or timestamps.
async function filed(db: Db) {
  const records = await db.query(
    `SELECT r.source_ref, r.version, r.content_hash, r.fields, r.sealed IS NOT NULL AS sealed, r.decision_date, r.severity, r.pub_from, r.pub_until,
            r.late, r.status, r.superseded_at IS NULL AS current, r.valid_until, s.subject_key
     FROM record r JOIN subject s ON s.id = r.subject_id ORDER BY r.source_ref, r.version`,
  );
  const subjects = await db.query('SELECT subject_key, kind, name, public_name, uscc, org_code, reg_no, id_type, id_blind, id_masked FROM subject ORDER BY subject_key');
  const links = await db.query(
    `SELECT o.subject_key AS org, p.subject_key AS person, l.role, l.source_ref, l.superseded_at IS NULL AS current
     FROM subject_link l JOIN subject o ON o.id = l.org_subject_id JOIN subject p ON p.id = l.person_subject_id ORDER BY 1, 2, 4`,
  );
  const grams = await db.query('SELECT g.gram, g.rank, g.person, s.subject_key FROM subject_gram g JOIN subject s ON s.id = g.subject_id ORDER BY 4, 1, 2');
  const errors = await db.query('SELECT e.row_number, e.seq, e.field, e.code, e.zh, e.en, e.value FROM batch_error e ORDER BY 1, 2');
  const dirty = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM classification_dirty');
  return { records, subjects, links, grams, errors, dirty: dirty!.n };
}

const indexes = (db: Db) =>
  db.query("SELECT indexdef FROM pg_indexes WHERE tablename IN ('record', 'subject', 'subject_gram') ORDER BY indexdef");

let normalFirst: ImportSummary;
let bulkFirst: ImportSummary;
let normalFiled: Awaited<ReturnType<typeof filed>>; // what the normal import filed, once

test('a bulk import files exactly what a normal import of the same file files', async () => {
  const indexesBefore = await indexes(bulk.p.db);
  normalFirst = await importFile(normal.p, { file, category: 'penalty', department: depN, actor: OPERATOR });
  bulkFirst = await importFile(bulk.p, { file, category: 'penalty', department: depB, actor: OPERATOR, bulk: true });
  assert.equal(normalFirst.rows, rowCount);
  assert.ok(normalFirst.rejected > 0 && normalFirst.updated === 1 && normalFirst.unchanged === 1, JSON.stringify(counts(normalFirst)));
  assert.deepEqual(counts(bulkFirst), counts(normalFirst));
  assert.deepEqual(bulkFirst.errors, normalFirst.errors);
  const [a, b] = [await filed(normal.p.db), await filed(bulk.p.db)];
  normalFiled = a;
  assert.ok(a.records.length > CHUNK_ROWS && a.links.length > 0 && a.grams.length > 0);
  assert.deepEqual(b, a);
  // the indexes dropped for the load are all back, as they were
  assert.deepEqual(await indexes(bulk.p.db), indexesBefore);
  const batch = await bulk.p.db.one<{ bulk: boolean; status: string }>('SELECT bulk, status FROM batch WHERE id = $1', [bulkFirst.batchId]);
  assert.deepEqual({ ...batch }, { bulk: true, status: 'completed' });
  // the search finds a bulk-imported subject by two characters (grams) and by three or more (trigrams)
  for (const q of ['批量', '批量12有限']) {
    const res = await bulk.app.inject({ method: 'GET', url: `/api/v1/public/subjects?q=${encodeURIComponent(q)}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().total > 0, `${q}: ${res.body}`);
  }
});

test('a bulk re-run of the same file answers what a normal re-run answers, and files the same', async () => {
  const normalAgain = await importFile(normal.p, { file, category: 'penalty', department: depN, actor: OPERATOR });
  const again = await importFile(bulk.p, { file, category: 'penalty', department: depB, actor: OPERATOR, bulk: true });
  // the file names one ref twice with different content, so its two rows are versions again;
  // every other valid row is unchanged
  assert.deepEqual(counts(normalAgain), { status: 'completed', rows: rowCount, created: 0, updated: 2, unchanged: rowCount - normalFirst.rejected - 2, rejected: normalFirst.rejected });
  assert.deepEqual(counts(again), counts(normalAgain));
  assert.deepEqual(await filed(bulk.p.db), await filed(normal.p.db));
});

test('a crash mid-bulk leaves nothing; the re-run imports every row once', async () => {
  const t = await createTestPlatform('2026-11-20');
  try {
    const dep = await addTestDepartment(t.p, DEPT_USCC);
    // stopped after the second chunk was written (a shutdown, or the process killed)
    const stopped = await importFile(t.p, { file, category: 'penalty', department: dep, actor: OPERATOR, bulk: true, stopAfterRows: CHUNK_ROWS + 10 });
    assert.equal(stopped.status, 'running');
    assert.equal(stopped.rows, 0);
    const nothing = await t.p.db.one<{ r: number; s: number; e: number }>(
      'SELECT (SELECT count(*)::int FROM record) AS r, (SELECT count(*)::int FROM subject) AS s, (SELECT count(*)::int FROM batch_error) AS e',
    );
    assert.deepEqual({ ...nothing }, { r: 0, s: 0, e: 0 });
    // a database error in the middle of the second chunk's statements
    const flaky: Platform = { ...t.p, db: failingDb(t.p.db, 2, 3) };
    await assert.rejects(importFile(flaky, { file, category: 'penalty', department: dep, actor: OPERATOR, bulk: true }), /injected/);
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM record'))!.n, 0);
    const resumed = await importFile(t.p, { file, category: 'penalty', department: dep, actor: OPERATOR, bulk: true });
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.batchId, stopped.batchId);
    assert.deepEqual(counts(resumed), counts(normalFirst));
    assert.deepEqual(await filed(t.p.db), normalFiled);
  } finally {
    await t.close();
  }
});

test('refused beside a running import of the category, and for anyone but the operator', async () => {
  const other = path.join(bulk.dir, 'other.csv');
  writeFileSync(other, csv([penaltyRow({ CF_WSH: '冀另罚〔2026〕1号' })]));
  // another process is importing a file of the category right now (it holds the batch's lease)
  const { batch } = await startFileBatch(bulk.p, { file: other, category: 'penalty', department: depB, actor: SYSTEM_ACTOR });
  assert.ok(await bulk.p.db.tx((tx) => claimBatchLease(tx, batch.id, 'other-host:123:abc/run', 600)));
  const batchesBefore = (await bulk.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch'))!.n;
  await assert.rejects(importFile(bulk.p, { file, category: 'penalty', department: depB, actor: OPERATOR, bulk: true }), (err: { status: number; code: string; zh: string; en: string }) => {
    assert.equal(err.status, 409);
    assert.equal(err.code, 'BULK_BESIDE_IMPORT');
    assert.match(err.zh, /批量导入不能与同类别的其他导入同时进行/);
    assert.match(err.en, new RegExp(batch.id));
    return true;
  });
  assert.equal((await bulk.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch'))!.n, batchesBefore, 'no batch made');
  // department systems, staff, and the platform's own jobs do not start one
  for (const actor of [
    { id: 'client:abc', kind: 'api-client' },
    { id: 'staff:1', kind: 'staff' },
    SYSTEM_ACTOR,
  ] as Actor[])
    await assert.rejects(importFile(bulk.p, { file, category: 'penalty', department: depB, actor, bulk: true }), (err: { status: number; code: string }) => {
      assert.equal(err.status, 403);
      assert.equal(err.code, 'BULK_OPERATOR_ONLY');
      return true;
    });
});

test('xinyong import --bulk from the command line', async () => {
  const cli = await createCliSandbox('bulk', 7, { clock: '2026-11-20' });
  try {
    cli.json(cli.run('departments', 'add', '--uscc', DEPT_USCC, '--name', '石家庄市市场监督管理局', '--region', '130100', '--json'));
    const r = cli.run('import', file, '--category', 'penalty', '--department', DEPT_USCC, '--bulk', '--json');
    assert.equal(r.status, 2, r.stderr + r.stdout); // some rows rejected
    const s = JSON.parse(r.stdout);
    assert.deepEqual(
      { status: s.status, rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected },
      counts(normalFirst),
    );
    assert.deepEqual(s.errors.map((e: { row: number; code: string }) => [e.row, e.code]), normalFirst.errors.map((e) => [e.row, e.code]));
  } finally {
    await cli.close();
  }
});

test('SIGKILL mid-bulk, then the same command: nothing of the killed run stays, every row once', { skip: testBackend() === 'postgres' ? false : 'needs a second connection to the database while the CLI writes' }, async () => {
  const DEP = uscc('11130100MB0000072');
  const sb = await createCliSandbox('bulk-kill', 3, { clock: '2026-11-20' });
  const db = new pg.Client({ connectionString: sb.env.DATABASE_URL });
  try {
    sb.json(sb.run('departments', 'add', '--uscc', DEP, '--name', '石家庄市市场监督管理局', '--region', '130100', '--kind', 'market-regulation', '--reason', '报送行政处罚', '--json'));
    sb.env.XINYONG_IMPORT_LEASE_SECONDS = '3';
    const n = CHUNK_ROWS * 3;
    const rows = Array.from({ length: n }, (_, i) => penaltyRow({ CF_WSH: `冀批中断罚〔2026〕${i + 1}号`, CF_XDR_MC: `邢台批中断${i + 1}有限公司`, CF_XDR_SHXYM: uscc(`91130500MB${String(i + 1).padStart(7, '0')}`) }));
    const killFile = path.join(sb.dir, 'bulk-kill.csv');
    writeFileSync(killFile, csv(rows));
    await db.connect();
    const child = spawn(process.execPath, ['--max-old-space-size=192', BIN, 'import', killFile, '--category', 'penalty', '--department', DEP, '--bulk', '--json'], { env: sb.env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
    // killed once the bulk transaction has written its first chunk of records (uncommitted)
    const writing = async () =>
      Number((await db.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE 'INSERT INTO record%'")).rows[0].n) > 0;
    await waitUntil(writing, 'the bulk import writing records', 300_000);
    child.kill('SIGKILL');
    assert.equal(await within(exited, 'the killed import to exit', 60_000), -1, 'the import finished before it could be killed');
    const others = async () => Number((await db.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows[0].n);
    await waitUntil(async () => (await others()) === 0, "the killed process's sessions to end", 120_000);
    const mid = (await db.query("SELECT status, rows_processed AS rows, bulk FROM batch WHERE filename = 'bulk-kill.csv'")).rows[0];
    assert.deepEqual({ ...mid }, { status: 'running', rows: 0, bulk: true });
    const landed = async () => (await db.query("SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS d, count(*) FILTER (WHERE version > 1)::int AS v FROM record WHERE source_ref LIKE '冀批中断罚%'")).rows[0];
    assert.deepEqual({ ...(await landed()) }, { n: 0, d: 0, v: 0 });
    assert.equal((await db.query("SELECT count(*)::int AS n FROM subject WHERE name LIKE '邢台批中断%'")).rows[0].n, 0);
    await waitUntil(async () => (await db.query("SELECT lease_until < now() AS free FROM batch WHERE filename = 'bulk-kill.csv'")).rows[0].free, 'the killed run’s lease to run out', 60_000);
    const again = sb.json(sb.run('import', killFile, '--category', 'penalty', '--department', DEP, '--bulk', '--json'));
    assert.deepEqual([again.status, again.resumed, again.rows, again.created, again.updated, again.unchanged, again.rejected], ['completed', true, n, n, 0, 0, 0]);
    assert.deepEqual({ ...(await landed()) }, { n, d: n, v: 0 });
    assert.equal((await db.query("SELECT count(*)::int AS n FROM batch WHERE filename = 'bulk-kill.csv'")).rows[0].n, 1);
  } finally {
    await db.end().catch(() => {});
    await sb.close();
  }
});
