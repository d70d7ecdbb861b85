// A platform on a fresh test database, with a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openPlatform, type Platform } from '../../src/platform.ts';
import { buildApp } from '../../src/app.ts';
import { defineTasks } from '../../src/jobs.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { createClient, type Scope } from '../../src/modules/access/clients.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { createTestDb } from './db.ts';
import { usccCheckChar } from '../../src/kernel/codes/uscc.ts';
import { idNumberCheckChar } from '../../src/kernel/codes/id-number.ts';
import { orgCodeCheckChar } from '../../src/kernel/codes/org-code.ts';
import type { FastifyInstance } from 'fastify';

// Starting the app on a starved machine (src/app.ts): at load 50 on 2 cores '@fastify/static' took
// more than 300 s of wall time to register; 15 min bounds a hang without failing a slow start.
export const TEST_PLUGIN_TIMEOUT_MS = 900_000;

export type TestPlatform = {
  p: Platform;
  app: FastifyInstance;
  dir: string;
  dbUrl?: string; // PostgreSQL: the test database's URL (a second process may connect to it)
  setToday(day: string): void;
  setNow(at: Date): void; // to the millisecond (sign-in delays, lockouts, session expiry)
  close(): Promise<void>;
};

export async function createTestPlatform(today = '2026-11-20', env: Record<string, string> = {}): Promise<TestPlatform> {
  const t = await createTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    XINYONG_DATA_DIR: dir,
    XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    XINYONG_PUBLIC_RATE_MAX: '100000',
    XINYONG_SIGNIN_RATE_MAX: '100000',
    // The production default (2 s). Jobs a test enqueues start at once (the runner wakes its own
    // worker); the poll only finds retries and other processes' jobs. At 0.5 s the idle polls of
    // the ~15 task workers kept PGlite's one connection busy: a 20-record batch took 7–27 s instead
    // of ~1 s on the loaded CI machine (docs/testing.md, "Where the time goes").
    XINYONG_JOB_POLL_SECONDS: process.env.XINYONG_JOB_POLL_SECONDS ?? '2',
    XINYONG_PUBLIC_BUDGET_SCALE: '1000', // the budget's own test sets the real default
    ...env,
  });
  let clock = new Date(`${today}T04:00:00Z`); // noon in Asia/Shanghai
  let p: Platform | undefined;
  let app: FastifyInstance;
  try {
    p = await openPlatform(config, { command: 'test', db: t.db, now: () => clock });
    // job workers run (uploads are imported by a job); sweeps are not scheduled: tests call them
    defineTasks(p);
    await p.jobs.start({ schedules: false });
    app = await buildApp(p, { webDist: path.join(dir, 'no-web'), pluginTimeoutMs: TEST_PLUGIN_TIMEOUT_MS, schemas: 'on-first-use', ...(process.env.XY_DEBUG_LOG ? { logger: { level: 'error' } } : {}) });
  } catch (err) {
    // a platform that failed to start is closed, or its job workers keep the test process alive
    // after the failure (a hung file instead of a failed one)
    await p?.close().catch(() => undefined);
    await t.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const platform = p;
  return {
    p: platform,
    app,
    dir,
    dbUrl: t.url,
    setToday(day) {
      clock = new Date(`${day}T04:00:00Z`);
    },
    setNow(at) {
      clock = new Date(at.getTime());
    },
    async close() {
      await app.close();
      await platform.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const uscc = (first17: string) => first17 + usccCheckChar(first17);
// a USCC whose characters 9–17 are a valid 组织机构代码, like real ones: prefix 2 + region 6 + body 8
export const orgUscc = (prefix: string, region: string, body8: string) => uscc(prefix + region + body8 + orgCodeCheckChar(body8));
export const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);
export const DEPT_USCC = uscc('11130100MB0000001');

export async function addTestDepartment(p: Platform, uscc: string, name = '石家庄市市场监督管理局', region = '130100'): Promise<Department> {
  return addDepartment(p.db, SYSTEM_ACTOR, { uscc, name, regionCode: region, kinds: ['market-regulation'] });
}

// Answers the client's credential "<key id>.s1:<secret>", for signedInject (./signed.ts).
export async function addTestClient(p: Platform, dep: Department, scopes: Scope[] = ['collect']): Promise<string> {
  return (await createClient(p, SYSTEM_ACTOR, dep, 'test client', scopes)).credential;
}
