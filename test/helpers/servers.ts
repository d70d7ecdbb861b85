// Real `xinyong serve` processes for the cluster tests: start, wait until listening, read their
// log lines (pino JSON), stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { createTestDb, testBackend, type TestDb } from './db.ts';

export const BIN = path.resolve('bin/xinyong.mjs');

// The environment of serve processes that share one PostgreSQL database and one Redis (a key
// prefix of their own per call): the same master and audit-signing keys on every server, jobs polled
// twice a second, no demonstration identity provider. `extra` adds or overrides variables.
export function clusterEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development',
    XINYONG_DEMO_OIDC: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    XINYONG_AUDIT_SIGNING_KEY: 'ab'.repeat(32),
    XINYONG_JOB_POLL_SECONDS: '0.5',
    XINYONG_REDIS_URL: process.env.XINYONG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    XINYONG_REDIS_PREFIX: `xinyong-test-${randomBytes(6).toString('hex')}:`,
    ...extra,
  };
}

// The environment of one federation node's real `serve` process (the SIGKILL tests of the
// exchange): its own PGlite directory, or on PostgreSQL runs a fresh database (`tdb`, for the
// caller to close), its role and region, quick job polls. `extra` adds or overrides variables.
export async function nodeServeEnv(o: { dir: string; role: 'province' | 'city'; region: string; port: number; extra?: Record<string, string> }): Promise<{ env: Record<string, string>; tdb: TestDb | undefined }> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development',
    XINYONG_DEMO_OIDC: '0',
    LOG_LEVEL: 'info',
    XINYONG_DATA_DIR: o.dir,
    XINYONG_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    XINYONG_AUDIT_SIGNING_KEY: 'cd'.repeat(32),
    XINYONG_NODE_ROLE: o.role,
    XINYONG_NODE_REGION: o.region,
    XINYONG_JOB_POLL_SECONDS: '0.5',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    ...o.extra,
  };
  delete env.DATABASE_URL;
  const tdb = testBackend() === 'postgres' ? await createTestDb() : undefined;
  if (tdb) env.DATABASE_URL = tdb.url!;
  return { env, tdb };
}

export type Server = { name: string; child: ChildProcess; port: number; lines: string[]; exited: Promise<number | null>; url: string };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function until<T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function startServer(name: string, port: number, env: Record<string, string>): Server {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env: { XINYONG_PLUGIN_TIMEOUT_MS: '900000', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  const take = (d: Buffer) => {
    buf += d.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { name, child, port, lines, exited, url: `http://127.0.0.1:${port}` };
}

export async function listening(s: Server): Promise<void> {
  await until(`server ${s.name} to listen`, () => s.lines.some((l) => l.includes('is running at')), 180_000).catch((err) => {
    throw new Error(`${(err as Error).message}; it wrote:\n${s.lines.slice(-20).join('\n')}`);
  });
}

export async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill('SIGTERM');
  const r = await Promise.race([s.exited, new Promise((res) => setTimeout(() => res('timeout'), 30_000))]);
  if (r === 'timeout') {
    s.child.kill('SIGKILL');
    await s.exited;
  }
}
