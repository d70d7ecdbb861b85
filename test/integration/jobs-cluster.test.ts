// Two real `xinyong serve` processes on one PostgreSQL database (issue 9): a file upload is
// imported once, a sweep runs once per period for the pair, and SIGKILL of the importing process
// mid-import loses and duplicates nothing: the other process takes the batch over once the lease
// has run out. PostgreSQL only: the embedded database is one process by design (data-dir lock);
// there, SIGKILL mid-import and a restart resume the import at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, forgetJobQueues, testBackend } from '../helpers/db.ts';
import { freePort, startServer, until, type Server } from '../helpers/servers.ts';
import { openPglite } from '../../src/kernel/db.ts';
import { addTestDepartment, addTestClient, DEPT_USCC, uscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { loadClockOffset, loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { parseCredential, signRequest } from '../../src/modules/access/signing.client.ts';

// the servers run on the platform clock (XINYONG_CLOCK moves it in the clock-ahead run): sign by it
const clockOffset = loadClockOffset(process.env, false);
const serverNow = () => new Date(Date.now() + clockOffset);

const ROWS = 12_000; // three chunks: killed after the first commits
const skip = testBackend() === 'postgres' ? false : 'the embedded database is single-process by design; the cluster test runs on PostgreSQL';
const skipLite = testBackend() === 'pglite' ? false : 'embedded database only';

// pino lines of finished jobs: { task, job, msg: 'job <task> done' }
const doneJobs = (s: Server, task: string) =>
  s.lines.flatMap((l) => {
    try {
      const o = JSON.parse(l) as { task?: string; job?: string; msg?: string };
      return o.task === task && o.msg === `job ${task} done` && o.job ? [o.job] : [];
    } catch {
      return [];
    }
  });

test('two serve processes on one PostgreSQL: the upload is imported once, sweeps run once per period, SIGKILL mid-import loses and duplicates nothing', { skip, timeout: 600_000 }, async (t) => {
  const t0 = Date.now();
  const mark = (what: string) => t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const tdb = await createTestDb();
  await forgetJobQueues(tdb.db); // the servers create the queues side by side, as on a new installation
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-cluster-'));
  const servers: Server[] = [];
  try {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'development',
      XINYONG_DEMO_OIDC: '0', // no demonstration identity provider on PORT+1 beside two servers
      LOG_LEVEL: 'info',
      DATABASE_URL: tdb.url!,
      XINYONG_DATA_DIR: dir, // shared: the blob store holds the uploaded file for either process
      XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      XINYONG_AUDIT_SIGNING_KEY: 'ab'.repeat(32), // one checkpoint key for the cluster
      XINYONG_IMPORT_LEASE_SECONDS: '5',
      XINYONG_IMPORT_RESUME_SECONDS: '1',
      XINYONG_RIGHTS_SWEEP_SECONDS: '1',
      XINYONG_CHECKPOINT_SWEEP_SECONDS: '1',
      XINYONG_COMMITMENTS_SWEEP_SECONDS: '1',
      XINYONG_JOB_POLL_SECONDS: '0.5',
    };
    // a department and its client, written before the servers start
    const setup = await openPlatform(loadConfig(env), { command: 'test', db: tdb.db });
    const dep = await addTestDepartment(setup, DEPT_USCC);
    const credential = await addTestClient(setup, dep);
    await setup.close();

    for (const name of ['A', 'B']) servers.push(startServer(name, await freePort(), env));
    for (const s of servers)
      await until(`server ${s.name} to listen`, () => s.lines.some((l) => l.includes('is running at')), 180_000).catch((err) => {
        throw new Error(`${(err as Error).message}; it wrote:\n${s.lines.slice(-20).join('\n')}`);
      });
    mark('both servers listen');

    // upload a file to A, signed as the department's system signs it
    const body = csv(
      Array.from({ length: ROWS }, (_, i) =>
        penaltyRow({ CF_WSH: `冀集群〔2026〕${i}号`, CF_XDR_MC: `集群测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`) }),
      ),
    );
    const url = '/api/v1/batches/files?category=penalty&filename=cluster.csv';
    const headers = signRequest(parseCredential(credential), { method: 'POST', path: url, body, at: serverNow() });
    const res = await fetch(`http://127.0.0.1:${servers[0]!.port}${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
    assert.equal(res.status, 202, await res.clone().text());
    const batchId = ((await res.json()) as { id: string }).id;

    type B = { status: string; rows_processed: number; created: number; updated: number; unchanged: number; rejected: number; attempts: number; lease_owner: string | null };
    const batch = async () =>
      (await tdb.db.one<B>('SELECT status, rows_processed, created, updated, unchanged, rejected, attempts, lease_owner FROM batch WHERE id = $1', [batchId]))!;

    // kill whichever process holds the lease once some chunks are committed
    const leased = await until('the import to commit a chunk', async () => {
      const b = await batch();
      return b.rows_processed > 0 && b.lease_owner ? b : undefined;
    }, 120_000);
    // an objection already past its due day, while both processes sweep: escalated once
    await tdb.db.query(
      `INSERT INTO objection (number, subject_id, subject_kind, filed_via, filed_by, reason, filed_at, filed_on, working_days, due_date, due_provisional, rule_source)
       SELECT 'YY-CLUSTER-1', id, 'organization', 'staff', 'test', '集群测试', now() - interval '40 days', current_date - 40, 15, current_date - 10, false, 'test'
       FROM subject ORDER BY id LIMIT 1`,
    );
    const pid = Number(leased.lease_owner!.split('/')[0]!.split(':').at(-2));
    const victim = servers.find((s) => s.child.pid === pid);
    assert.ok(victim, `the lease owner ${leased.lease_owner} is one of the servers (${servers.map((s) => s.child.pid).join(', ')})`);
    mark(`first chunk committed (${leased.rows_processed} rows); SIGKILL`);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const atKill = await batch();
    assert.equal(atKill.status, 'running');
    assert.ok(atKill.rows_processed < ROWS, `killed mid-import (${atKill.rows_processed} of ${ROWS} rows committed)`);

    const survivor = servers.find((s) => s !== victim)!;
    const done = await until('the survivor to finish the batch', async () => {
      const b = await batch();
      return b.status !== 'running' ? b : undefined;
    }, 180_000);
    mark('batch finished by the survivor');
    assert.equal(done.status, 'completed');
    assert.deepEqual(
      { rows: done.rows_processed, created: done.created, updated: done.updated, unchanged: done.unchanged, rejected: done.rejected },
      { rows: ROWS, created: ROWS, updated: 0, unchanged: 0, rejected: 0 },
    );
    // the first run and the takeover; on a starved machine a heartbeat may come late and a lease
    // change hands once more: still no row twice (the counts above), never fewer than two runs
    assert.ok(done.attempts >= 2, `attempts ${done.attempts}`);
    assert.equal(done.lease_owner, null);
    const recs = (await tdb.db.one<{ n: number; refs: number; versions: number }>(
      'SELECT count(*) AS n, count(DISTINCT source_ref) AS refs, max(version) AS versions FROM record WHERE batch_id = $1',
      [batchId],
    ))!;
    assert.deepEqual(recs, { n: ROWS, refs: ROWS, versions: 1 });
    const completes = await tdb.db.query("SELECT actor FROM audit_event WHERE action = 'batch.complete' AND target = $1", [`batch:${batchId}`]);
    assert.equal(completes.length, 1);

    await until('the overdue objection escalated', async () => (await tdb.db.one<{ at: Date | null }>("SELECT escalated_at AS at FROM objection WHERE number = 'YY-CLUSTER-1'"))?.at, 30_000);
    const escalations = await tdb.db.query("SELECT id FROM audit_event WHERE action = 'rights.escalate' AND detail->'objections' ? 'YY-CLUSTER-1'");
    assert.equal(escalations.length, 1);

    // let the survivor run a few more sweep periods alone, then stop it cleanly
    const sweepsBefore = doneJobs(survivor, 'rights.sweep').length;
    await until('two more sweeps on the survivor', () => doneJobs(survivor, 'rights.sweep').length >= sweepsBefore + 2, 30_000);
    mark('objection escalated once; two more sweeps; SIGTERM');
    survivor.child.kill('SIGTERM');
    const code = await Promise.race([survivor.exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    assert.equal(code, 0, `the survivor's exit on SIGTERM; its last lines:\n${survivor.lines.slice(-25).join('\n')}`);

    mark('survivor stopped');
    // each sweep period ran once for the pair: one job per slot, each job done by one process once
    for (const task of ['rights.sweep', 'audit.checkpoint', 'commitments.sweep']) {
      const jobs = await tdb.db.query<{ id: string; state: string; slot: string }>(
        `SELECT id, state::text AS state, singleton_on::text AS slot FROM pgboss.job WHERE name = $1
         UNION ALL SELECT id, state::text, singleton_on::text FROM pgboss.archive WHERE name = $1`,
        [task],
      );
      const slots = jobs.map((j) => j.slot);
      assert.ok(slots.length >= 3, `${task}: several periods passed (${slots.length})`);
      assert.equal(new Set(slots).size, slots.length, `${task}: one job per period`);
      const ran = servers.flatMap((s) => doneJobs(s, task));
      assert.equal(new Set(ran).size, ran.length, `${task}: no job ran twice`);
      for (const j of jobs.filter((x) => x.state === 'completed')) assert.ok(ran.includes(j.id), `${task}: completed job ${j.id} was run by one of the servers`);
    }
  } finally {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => Promise.race([s.exited, new Promise((r) => setTimeout(r, 10_000))])));
    await tdb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one serve process on the embedded database: SIGKILL mid-import, restart: the import resumes at once, exactly', { skip: skipLite, timeout: 600_000 }, async (t) => {
  const t0 = Date.now();
  const mark = (what: string) => t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-lite-restart-'));
  let server: Server | undefined;
  try {
    // a migrated data directory from the run's template (no initdb), or a fresh one
    const template = process.env.XINYONG_TEST_PGLITE_TEMPLATE_DIR;
    if (template) cpSync(template, path.join(dir, 'pglite'), { recursive: true });
    else await (await openPglite(path.join(dir, 'pglite'))).db.close();
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'development',
      XINYONG_DEMO_OIDC: '0', // no demonstration identity provider on PORT+1 beside two servers
      LOG_LEVEL: 'info',
      XINYONG_DATA_DIR: dir,
      XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      XINYONG_AUDIT_SIGNING_KEY: 'ab'.repeat(32),
      XINYONG_IMPORT_LEASE_SECONDS: '600', // a lease that would outlast the test: the restart must not wait for it
      XINYONG_IMPORT_RESUME_SECONDS: '1',
      XINYONG_JOB_POLL_SECONDS: '0.5',
    };
    delete env.DATABASE_URL;
    const setup = await openPlatform(loadConfig(env), { command: 'test' });
    const dep = await addTestDepartment(setup, DEPT_USCC);
    const credential = await addTestClient(setup, dep);
    await setup.close();

    const start = async () => {
      const s = startServer('lite', await freePort(), env);
      await until('the server to listen', () => s.lines.some((l) => l.includes('is running at')), 180_000).catch((err) => {
        throw new Error(`${(err as Error).message}; it wrote:\n${s.lines.slice(-20).join('\n')}`);
      });
      return s;
    };
    server = await start();
    mark('listening');
    const rows = 12_000;
    const body = csv(
      Array.from({ length: rows }, (_, i) => penaltyRow({ CF_WSH: `冀重启〔2026〕${i}号`, CF_XDR_MC: `重启测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MB${String(i).padStart(7, '0')}`) })),
    );
    const url = '/api/v1/batches/files?category=penalty&filename=restart.csv';
    const headers = signRequest(parseCredential(credential), { method: 'POST', path: url, body, at: serverNow() });
    const res = await fetch(`http://127.0.0.1:${server.port}${url}`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
    assert.equal(res.status, 202, await res.clone().text());
    const batchId = ((await res.json()) as { id: string }).id;
    const status = async () => {
      const r = await fetch(`http://127.0.0.1:${server!.port}/api/v1/batches/${batchId}`, { headers: signRequest(parseCredential(credential), { method: 'GET', path: `/api/v1/batches/${batchId}`, at: serverNow() }) });
      return (await r.json()) as { status: string; counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number } };
    };
    const before = await until('a committed chunk', async () => {
      const b = await status();
      return b.counts.rows > 0 ? b : undefined;
    }, 120_000);
    mark(`${before.counts.rows} rows committed; SIGKILL`);
    server.child.kill('SIGKILL');
    await server.exited;
    assert.equal(before.status, 'running');

    server = await start(); // the data-directory lock of the killed process is stale: taken over
    mark('restarted');
    const done = await until('the import to finish after the restart', async () => {
      const b = await status();
      return b.status !== 'running' ? b : undefined;
    }, 300_000).catch(async (err) => {
      throw new Error(`${(err as Error).message}; batch ${JSON.stringify(await status())}; the server wrote:\n${server!.lines.slice(-30).join('\n')}`);
    });
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.counts, { rows, created: rows, updated: 0, unchanged: 0, rejected: 0 });
    server.child.kill('SIGTERM');
    assert.equal(await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]), 0);
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    if (server) await Promise.race([server.exited, new Promise((r) => setTimeout(r, 10_000))]);
    rmSync(dir, { recursive: true, force: true });
  }
});
