// A fresh, migrated database per test file, on the backend chosen by XINYONG_TEST_DB
// (bin/run-tests.mjs prepares a migrated template once per run for each backend).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/kernel/db.ts';
import { migrate } from '../../src/kernel/migrate.ts';

// Apps a test builds itself and the `xinyong` processes it spawns (they inherit the environment)
// get the same generous plugin start bound as createTestPlatform's (src/app.ts pluginTimeoutMs).
process.env.XINYONG_PLUGIN_TIMEOUT_MS ??= '900000';

export type TestDb = { db: Db; backend: 'pglite' | 'postgres'; url?: string; close(): Promise<void> };

export const testBackend = (): 'pglite' | 'postgres' =>
  process.env.XINYONG_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export const adminPgUrl = () => process.env.XINYONG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDb(): Promise<TestDb> {
  if (testBackend() === 'postgres') {
    const template = process.env.XINYONG_TEST_PG_TEMPLATE;
    const name = `xy_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminPgUrl() });
    await admin.connect();
    try {
      await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminPgUrl(), name);
    const db = await openPostgres(url, 5);
    if (!template) await migrate(db);
    const sampler = await sampleBackendCpu(name);
    return {
      db,
      backend: 'postgres',
      url,
      async close() {
        await sampler?.stop();
        await db.close();
        const a = new pg.Client({ connectionString: adminPgUrl() });
        await a.connect();
        try {
          await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await a.end();
        }
      },
    };
  }
  // a copy of the run's migrated template directory (a native file copy, 0.1–0.6 CPU s) opened
  // in place: loading a tarball into PGlite's in-memory file system cost 1.9 CPU s more per file
  // (docs/testing.md, "Platform start"); without a template, a fresh directory migrated here
  const dir = copyPgliteTemplate();
  try {
    const { db } = await openPglite(dir);
    if (!process.env.XINYONG_TEST_PGLITE_TEMPLATE_DIR) await migrate(db);
    return {
      db,
      backend: 'pglite',
      async close() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

// The template's job queues removed (test/helpers/prepare-template.ts creates them): servers started
// on this database create them side by side, as on a new installation (src/kernel/jobs.ts retries
// the deadlock two creators can meet).
export async function forgetJobQueues(db: Db): Promise<void> {
  await db.query(`SELECT pgboss.delete_queue(name) FROM pgboss.queue`);
}

// Where test databases' PGlite directories go: /dev/shm (memory, no disk writes) when it has room
// for a few, else the system's temporary directory. XINYONG_TEST_PGLITE_COPIES sets it.
export function pgliteCopyRoot(): string {
  const set = process.env.XINYONG_TEST_PGLITE_COPIES;
  if (set) return set;
  try {
    const s = statfsSync('/dev/shm');
    if (s.bavail * s.bsize >= 2 * 1024 ** 3) return '/dev/shm';
  } catch { /* no /dev/shm */ }
  return os.tmpdir();
}

const COPY_PREFIX = 'xinyong-testdb-';

// A new directory with the template's files (or empty, without a template), named by this process
// so that prepare-template.ts can remove the copies of processes that were killed.
export function copyPgliteTemplate(into = pgliteCopyRoot()): string {
  const dir = path.join(into, `${COPY_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  const template = process.env.XINYONG_TEST_PGLITE_TEMPLATE_DIR;
  if (template) cpSync(template, dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  return dir;
}

// A data directory for `xinyong` processes on PGlite, started from a copy of the run's migrated
// template (its `pglite` directory), so that the first command does not run initdb and every
// migration (decision 0047). Nothing without a template or on PostgreSQL.
export function seedPgliteDataDir(dataDir: string): void {
  const template = process.env.XINYONG_TEST_PGLITE_TEMPLATE_DIR;
  if (testBackend() === 'pglite' && template) cpSync(template, path.join(dataDir, 'pglite'), { recursive: true });
}

// The copies left by test processes that no longer run (a killed file, a crash).
export function removeOrphanCopies(root: string): void {
  if (!existsSync(root)) return;
  for (const e of readdirSync(root)) {
    const m = new RegExp(`^${COPY_PREFIX}(\\d+)-`).exec(e);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(path.join(root, e), { recursive: true, force: true });
    }
  }
}

// With XINYONG_TEST_CPU_FILE (bin/run-tests.mjs), the CPU of the PostgreSQL backends serving this
// test database: every 2 s, and at close, the CPU of each backend connected to it
// (/proc/PID/stat of the server on this machine), the last reading per backend summed at close.
// A backend that lived less than 2 s, or its last 2 s, is missed: the figure is a lower bound.
async function sampleBackendCpu(database: string): Promise<{ stop(): Promise<void> } | undefined> {
  const out = process.env.XINYONG_TEST_CPU_FILE;
  if (!out) return undefined;
  const { appendFileSync, readFileSync: read } = await import('node:fs');
  const path = await import('node:path');
  const seen = new Map<number, number>();
  const client = new pg.Client({ connectionString: adminPgUrl() });
  client.on('error', () => undefined); // a lost sampling connection must not end the test process
  await client.connect();
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
    for (const { pid } of rows) {
      try {
        const f = read(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        seen.set(pid, (Number(f[11]) + Number(f[12])) / 100); // utime + stime, in ticks of 1/100 s
      } catch { /* ended, or another machine */ }
    }
  };
  let busy = Promise.resolve();
  const timer = setInterval(() => { busy = busy.then(sample).catch(() => undefined); }, 2000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      await sample().catch(() => undefined);
      await client.end().catch(() => undefined);
      const file = process.argv.find((a) => a.endsWith('.test.ts'));
      const pgCpuS = [...seen.values()].reduce((a, b) => a + b, 0);
      try { appendFileSync(out, JSON.stringify({ file: file ? path.relative(process.cwd(), file) : '(unknown)', pgCpuS: +pgCpuS.toFixed(2) }) + '\n'); } catch { /* the run goes on */ }
    },
  };
}
