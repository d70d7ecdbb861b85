// The CLI as a user runs it: a separate `node bin/xinyong.mjs` process on its own data directory,
// or on a fresh PostgreSQL database when the suite runs there (run); or the same command function
// run inside the test process on a platform opened once for the sandbox (exec), as the admin
// channel runs it inside `serve` (decision 0047).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, seedPgliteDataDir, testBackend, type TestDb } from './db.ts';
import type { Platform } from '../../src/platform.ts';

// The bound on one CLI run in a test: generous, so that a loaded CI machine slows a test down
// instead of failing it (an import of 76,000 rows took over 120 s at load 30); a hang still fails.
export const CLI_TIMEOUT_MS = Number(process.env.XINYONG_TEST_CLI_TIMEOUT_MS ?? 900_000);

export const BIN = path.resolve('bin/xinyong.mjs');

// What a command printed and its exit code, from a child process (run) or in-process (exec).
export type CliResult = Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>;

// Commands exec does not run: they are about the process or open what the platform does not hold
// (serve; bench's own databases; migrate and keys read the process's own configuration).
const PROCESS_ONLY = new Set(['serve', 'bench', 'migrate', 'keys']);

export type CliSandbox = {
  dir: string;
  env: Record<string, string>;
  // a real `xinyong` process (exit codes, signals, stdin, crashes, a second process beside serve)
  run(...args: string[]): SpawnSyncReturns<string>;
  // the same command in this process: runCommand (src/cli/run.ts, which `xinyong` and the admin
  // channel both call) on a platform opened from the sandbox's environment at the first exec and
  // kept open, as `serve` keeps its own for the admin channel. After each command the audit events
  // are chained, as a one-shot process's close chains them. It saves a process per command: node,
  // tsx, the imports and openPlatform, 2.5–3 CPU s each on PGlite.
  exec(...args: string[]): Promise<CliResult>;
  // closes exec's platform (its PGlite lock): needed before run on PGlite; close() does it too
  release(): Promise<void>;
  json<T = any>(r: CliResult): T; // asserts exit 0 and parses stdout
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
  if (!opts.fresh) seedPgliteDataDir(dir);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XINYONG_DATA_DIR: dir, LOG_LEVEL: 'silent', XINYONG_PLUGIN_TIMEOUT_MS: '900000' };
  if (opts.clock !== undefined) env.XINYONG_CLOCK = opts.clock;
  if (keyByte !== undefined) env.XINYONG_MASTER_KEY = Buffer.alloc(32, keyByte).toString('base64');
  delete env.DATABASE_URL;
  let pgDb: TestDb | undefined;
  if (testBackend() === 'postgres') {
    pgDb = await createTestDb();
    env.DATABASE_URL = pgDb.url!;
  }
  let inProcess: Promise<Platform> | undefined;
  const release = async () => {
    const opened = inProcess;
    inProcess = undefined;
    if (opened) await (await opened.catch(() => undefined))?.close();
  };
  const run = (...args: string[]) => {
    // the embedded database has one owner at a time: exec's platform holds the directory's lock
    if (inProcess && !env.DATABASE_URL) throw new Error('CliSandbox.run: await release() first (exec holds the PGlite data directory)');
    return spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
  };
  const exec = async (...args: string[]): Promise<CliResult> => {
    if (PROCESS_ONLY.has(args[0] ?? '')) throw new Error(`CliSandbox.exec: ${args[0]} runs only as a process (use run)`);
    // loaded here: a file that only runs processes does not pay for the platform's imports
    const [{ loadConfig }, { openPlatform }, { chainAuditEvents, cliActor }, { runCommand }, { makeIo }] = await Promise.all([
      import('../../src/config.ts'),
      import('../../src/platform.ts'),
      import('../../src/kernel/audit.ts'),
      import('../../src/cli/run.ts'),
      import('../../src/cli/shared.ts'),
    ]);
    inProcess ??= openPlatform(loadConfig(env), { command: 'test-cli' });
    const platform = await inProcess;
    // bytes kept and decoded at the end: a streamed write may split a character
    const text = () => {
      const chunks: Buffer[] = [];
      const w = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } });
      return { w, read: () => Buffer.concat(chunks).toString('utf8') };
    };
    const out = text(), err = text();
    // stdin as spawnSync gives it without input: a pipe that ends at once
    const io = makeIo({ stdout: out.w, stderr: err.w, stdin: Readable.from([]), cwd: process.cwd(), actor: cliActor(), platform });
    const status = await runCommand(args, io);
    await chainAuditEvents(platform.db);
    return { status, stdout: out.read(), stderr: err.read() };
  };
  return {
    dir,
    env,
    run,
    exec,
    release,
    json(r) {
      assert.equal(r.status, 0, r.stderr + r.stdout);
      return JSON.parse(r.stdout);
    },
    async close() {
      await release();
      await pgDb?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
