// The job runner (src/kernel/jobs.ts) and file-import leases on the same database engine the
// platform runs on: once per cluster, retries with back-off, failure after N attempts, idempotent
// keys; a leased batch is left alone until its lease runs out; a poison batch ends failed.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createJobs, countJobs, listFailedJobs, type Jobs } from '../../src/kernel/jobs.ts';
import { openPostgres, type Db } from '../../src/kernel/db.ts';
import { testBackend } from '../helpers/db.ts';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, uscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { startFileBatch, importBatchJob, resumeFileBatches, IMPORT_TASK } from '../../src/modules/collection/collection.service.ts';
import { claimBatchLease } from '../../src/modules/collection/collection.store.ts';
import { findDepartmentById, type Department } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

let t: TestPlatform;
let dep: Department;
const extra: Db[] = [];
const runners: Jobs[] = [];

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
});
after(async () => {
  for (const r of runners) await r.stop(2000);
  for (const d of extra) await d.close();
  await t.close();
});

// Waits for a condition, bounded in time (the queue polls; nothing here measures how fast).
async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A second "process" on the same database: its own connections on PostgreSQL; on PGlite (one
// process by design) a second runner over the same handle.
async function secondDb(): Promise<Db> {
  if (t.p.db.kind === 'pglite') return t.p.db;
  const d = await openPostgres(t.dbUrl!, 3);
  extra.push(d);
  return d;
}

const runner = (db: Db) => {
  const r = createJobs(db, { pollSeconds: 0.5 });
  runners.push(r);
  return r;
};

type JobRow = { id: string; state: string; singleton_on: string | null; retry_count: number; output: { message?: string } | null };
const jobRows = (name: string) =>
  t.p.db.query<JobRow>(
    `SELECT id, state::text AS state, singleton_on::text AS singleton_on, retry_count, output FROM pgboss.job WHERE name = $1
     UNION ALL SELECT id, state::text, singleton_on::text, retry_count, output FROM pgboss.archive WHERE name = $1`,
    [name],
  );

describe('job runner', () => {
  test('a periodic task runs once per period for the cluster, not once per process', async () => {
    const ran: string[] = [];
    const a = runner(t.p.db);
    const b = runner(await secondDb());
    for (const r of [a, b]) {
      r.define('test.tick', async (_p, ctx) => {
        ran.push(ctx.id);
      });
      r.every('test.tick', 1);
    }
    await a.start();
    await b.start();
    await until('three completed ticks', async () => (await jobRows('test.tick')).filter((j) => j.state === 'completed').length >= 3);
    await a.stop(2000);
    await b.stop(2000);
    const jobs = await jobRows('test.tick');
    const slots = jobs.map((j) => j.singleton_on);
    assert.equal(new Set(slots).size, slots.length, `one job per slot: ${slots.join(', ')}`);
    // each job ran exactly once, by one of the two runners
    assert.equal(new Set(ran).size, ran.length);
    const done = jobs.filter((j) => j.state === 'completed').map((j) => j.id);
    for (const id of done) assert.ok(ran.includes(id), `completed job ${id} ran`);
  });

  test('a key makes enqueueing idempotent while the job waits', async () => {
    const r = runner(t.p.db);
    const first = await r.enqueue('test.keyed', { n: 1 }, { key: 'batch-1', startAfterSeconds: 3600 });
    const again = await r.enqueue('test.keyed', { n: 2 }, { key: 'batch-1', startAfterSeconds: 3600 });
    const other = await r.enqueue('test.keyed', { n: 3 }, { key: 'batch-2', startAfterSeconds: 3600 });
    const unkeyed = [await r.enqueue('test.keyed', { n: 4 }, { startAfterSeconds: 3600 }), await r.enqueue('test.keyed', { n: 5 }, { startAfterSeconds: 3600 })];
    assert.ok(first);
    assert.equal(again, null);
    assert.ok(other);
    assert.ok(unkeyed[0] && unkeyed[1] && unkeyed[0] !== unkeyed[1], 'jobs without a key are never merged');
    assert.equal((await jobRows('test.keyed')).length, 4);
  });

  test('a failing job is retried with back-off, then succeeds', async () => {
    const r = runner(t.p.db);
    const attempts: number[] = [];
    r.define(
      'test.flaky',
      async (_p, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 2) throw new Error('not yet');
      },
      { retryLimit: 3, retryDelaySeconds: 1 },
    );
    await r.start({ schedules: false });
    const id = await r.enqueue('test.flaky', {});
    const job = await until('the flaky job completed', async () => (await jobRows('test.flaky')).find((j) => j.id === id && j.state === 'completed'));
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(job.retry_count, 1);
    await r.stop(2000);
  });

  test('a job that keeps failing ends failed with its error after N attempts', async () => {
    const r = runner(t.p.db);
    let calls = 0;
    r.define(
      'test.poison',
      async () => {
        calls += 1;
        throw new Error('boom: the task cannot succeed');
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    );
    await r.start({ schedules: false });
    const id = await r.enqueue('test.poison', {});
    const job = await until('the job failed', async () => (await jobRows('test.poison')).find((j) => j.id === id && j.state === 'failed'));
    assert.equal(calls, 3, 'first run and two retries');
    assert.equal(job.retry_count, 2);
    assert.match(job.output?.message ?? '', /boom: the task cannot succeed/);
    // what operators see (xinyong jobs --failed)
    const failed = await listFailedJobs(t.p.db, 10, 'test.poison');
    assert.deepEqual(failed.map((f) => [f.id, f.attempts, f.error]), [[id, 3, 'boom: the task cannot succeed']]);
    assert.ok((await countJobs(t.p.db)).some((c) => c.task === 'test.poison' && c.state === 'failed' && c.jobs === 1));
    await r.stop(2000);
  });
});

// A handler that outlives stop()'s timeout ends after its caller closed the database (a bench or a
// one-shot command closing its platform): pg-boss's write of the outcome used to reject where no
// one awaited it, and the process ended with "Cannot use a pool after calling end on the pool".
test('a handler that ends after the runner stopped and its database closed does not end the process; the job is retried', { skip: testBackend() === 'pglite' ? 'PGlite is one handle shared by the test: it cannot be closed under a runner' : false }, async () => {
  const own = await openPostgres(t.dbUrl!, 3);
  const r = createJobs(own, { pollSeconds: 0.5 });
  let started!: () => void;
  const running = new Promise<void>((res) => (started = res));
  let release!: () => void;
  const released = new Promise<void>((res) => (release = res));
  r.define('test.outlives', async () => {
    started();
    await released;
    throw new Error('ended after the stop');
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await r.start({ schedules: false });
    const id = await r.enqueue('test.outlives', {});
    await running;
    await r.stop(300); // the handler is still running: stop gives up waiting
    await own.close();
    release();
    await new Promise((res) => setTimeout(res, 1500)); // pg-boss's write of the failure, on the closed pool
    assert.deepEqual(unhandled.map(String), []);
    const row = (await jobRows('test.outlives')).find((j) => j.id === id);
    // pg-boss's stop, when its timeout passes, puts the jobs still in work back for a retry
    assert.ok(row && ['retry', 'active'].includes(row.state), `the job is retried, not lost (state ${row?.state})`);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

describe('file import leases and poison batches', () => {
  let n = 0;
  const fileOf = (rows: number) => {
    n += 1;
    const file = path.join(t.dir, `lease-${n}.csv`);
    writeFileSync(
      file,
      csv(Array.from({ length: rows }, (_, i) => penaltyRow({ CF_WSH: `冀租约〔2026〕${n}-${i}号`, CF_XDR_SHXYM: uscc(`9113010${String(n).padStart(2, '0')}MA${String(i).padStart(6, '0')}`) }))),
    );
    return file;
  };
  const find = (id: number) => findDepartmentById(t.p.db, id);
  const batchRow = (id: string) =>
    t.p.db.one<{ status: string; rows_processed: number; created: number; attempts: number; lease_owner: string | null; failure: { code: string; zh: string; en: string } | null }>(
      'SELECT status, rows_processed, created, attempts, lease_owner, failure FROM batch WHERE id = $1',
      [id],
    );

  test('a batch leased by another live process is left alone; once the lease ran out it is taken over', async () => {
    const { batch } = await startFileBatch(t.p, { file: fileOf(30), category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    await t.p.db.tx((tx) => claimBatchLease(tx, batch.id, 'other-host:1:dead', 600));
    assert.equal(await importBatchJob(t.p, batch.id, find), undefined);
    assert.equal((await batchRow(batch.id))!.rows_processed, 0);
    assert.equal(await resumeFileBatches(t.p), 0, 'a live lease is not resumed');
    // the other process died: its lease runs out
    await t.p.db.query("UPDATE batch SET lease_until = now() - interval '1 second' WHERE id = $1", [batch.id]);
    const s = await importBatchJob(t.p, batch.id, find);
    assert.equal(s?.status, 'completed');
    const b = (await batchRow(batch.id))!;
    assert.equal(b.created, 30);
    assert.equal(b.attempts, 2);
    assert.equal(b.lease_owner, null);
    const recs = await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM record WHERE batch_id = $1', [batch.id]);
    assert.equal(recs!.n, 30);
  });

  test('two runs for one batch at once, even in one process: one imports, the other leaves it', async () => {
    const { batch } = await startFileBatch(t.p, { file: fileOf(40), category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    const [a, b] = await Promise.all([importBatchJob(t.p, batch.id, find), importBatchJob(t.p, batch.id, find)]);
    assert.equal([a, b].filter((s) => s?.status === 'completed').length, 1);
    const row = (await batchRow(batch.id))!;
    assert.deepEqual({ rows: row.rows_processed, created: row.created, attempts: row.attempts }, { rows: 40, created: 40, attempts: 1 });
  });

  test('the resume sweep enqueues a batch nobody holds, and the job imports it', async () => {
    const { batch } = await startFileBatch(t.p, { file: fileOf(5), category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.ok((await resumeFileBatches(t.p)) >= 1);
    const b = await until('the resumed batch completed', async () => {
      const r = await batchRow(batch.id);
      return r?.status === 'completed' ? r : undefined;
    });
    assert.equal(b.created, 5);
    const jobs = await t.p.db.query<{ n: number }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND singleton_key = $2`, [IMPORT_TASK, batch.id]);
    assert.equal(jobs[0]!.n, 1);
  });

  test('a batch that fails for an internal reason is marked failed after the allowed attempts, audited, and shown with its reason', async () => {
    const { batch } = await startFileBatch(t.p, { file: fileOf(3), category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    const max = t.p.config.jobs.importMaxAttempts;
    // an internal failure on every run: the record table refuses every row
    await t.p.db.query('ALTER TABLE record ADD CONSTRAINT jobs_test_poison CHECK (false) NOT VALID');
    try {
      for (let i = 0; i < max; i++) await assert.rejects(importBatchJob(t.p, batch.id, find), /jobs_test_poison/);
      const running = (await batchRow(batch.id))!;
      assert.equal(running.status, 'running');
      assert.equal(running.attempts, max);
      const s = await importBatchJob(t.p, batch.id, find);
      assert.equal(s?.status, 'failed');
    } finally {
      await t.p.db.query('ALTER TABLE record DROP CONSTRAINT jobs_test_poison');
    }
    const b = (await batchRow(batch.id))!;
    assert.equal(b.status, 'failed');
    assert.equal(b.failure?.code, 'BATCH_IMPORT_FAILED');
    assert.match(b.failure!.zh, /内部错误/);
    assert.match(b.failure!.en, /jobs_test_poison/);
    const audit = await t.p.db.query<{ detail: { code: string; attempts: number } }>("SELECT detail FROM audit_event WHERE action = 'batch.fail' AND target = $1", [`batch:${batch.id}`]);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.detail.code, 'BATCH_IMPORT_FAILED');
    // the department sees it, with the reason in Chinese and English
    const credential = await addTestClient(t.p, dep);
    const r = await signedInject(t.app, credential, { url: `/api/v1/batches/${batch.id}`, now: t.p.now() });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'failed');
    assert.equal(r.json().failure.code, 'BATCH_IMPORT_FAILED');
    assert.match(r.json().failure.zh, /已尝试 \d+ 次/);
    // a failed batch is not resumed again
    assert.equal(await importBatchJob(t.p, batch.id, find), undefined);
  });
});
