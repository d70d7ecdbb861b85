// The CLI as a user runs it: a separate `node bin/xinyong.mjs` process on its own data directory,
// or on a fresh PostgreSQL database when the suite runs there.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, testBackend, type TestDb } from './db.ts';

// The bound on one CLI run in a test: generous, so that a loaded CI machine slows a test down
// instead of failing it (an import of 76,000 rows took over 120 s at load 30); a hang still fails.
export const CLI_TIMEOUT_MS = Number(process.env.XINYONG_TEST_CLI_TIMEOUT_MS ?? 900_000);

export const BIN = path.resolve('bin/xinyong.mjs');

export type CliSandbox = {
  dir: string;
  env: Record<string, string>;
  run(...args: string[]): SpawnSyncReturns<string>;
  json<T = any>(r: SpawnSyncReturns<string>): T; // asserts exit 0 and parses stdout
  close(): Promise<void>;
};

// clock: the day the CLI's clock starts at (XINYONG_CLOCK, noon in Asia/Shanghai; it runs on
// from there), for tests whose data is written for a date. Without it the CLI runs on the real
// clock, or on the suite's XINYONG_CLOCK when the suite is run with the clock ahead.
// On PGlite the data directory starts with a copy of the run's migrated template database (as a
// test platform's does, ./db.ts): the first command no longer runs initdb and every migration
// (5–8 CPU s per sandbox; decision 0047). fresh: an empty data directory, as on a new installation.
export async function createCliSandbox(name: string, keyByte?: number, opts: { clock?: string; fresh?: boolean } = {}): Promise<CliSandbox> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `xinyong-${name}-`));
  const template = process.env.XINYONG_TEST_PGLITE_TEMPLATE_DIR;
  if (testBackend() === 'pglite' && template && !opts.fresh) cpSync(template, path.join(dir, 'pglite'), { recursive: true });
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XINYONG_DATA_DIR: dir, LOG_LEVEL: 'silent', XINYONG_PLUGIN_TIMEOUT_MS: '900000' };
  if (opts.clock !== undefined) env.XINYONG_CLOCK = opts.clock;
  if (keyByte !== undefined) env.XINYONG_MASTER_KEY = Buffer.alloc(32, keyByte).toString('base64');
  delete env.DATABASE_URL;
  let pgDb: TestDb | undefined;
  if (testBackend() === 'postgres') {
    pgDb = await createTestDb();
    env.DATABASE_URL = pgDb.url!;
  }
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
  return {
    dir,
    env,
    run,
    json(r) {
      assert.equal(r.status, 0, r.stderr + r.stdout);
      return JSON.parse(r.stdout);
    },
    async close() {
      await pgDb?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
