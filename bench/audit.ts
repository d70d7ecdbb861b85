// npm run bench -- audit [--events N] [--pglite-events N] [--only postgres|pglite] [--json]
// Single-writer audit events per second with the hash chain (writeAudit: chain-head row lock,
// hash, insert), one event per transaction and 100 per transaction, beside the same inserts into
// a bare table without the chain (the first release's writeAudit); then the verify rate.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/kernel/db.ts';
import { migrate } from '../src/kernel/migrate.ts';
import { setAuditHashAlg, writeAudit, type Actor } from '../src/kernel/audit.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';

const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ACTOR: Actor = { id: 'staff:bench', kind: 'staff', ip: '10.0.0.1' };
const DETAIL = { category: 'penalty', department: '11130100MB0000001', rows: 2000, created: 1990, rejected: 10 };

type Figures = Record<string, number>;

async function rate(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

async function measure(db: Db, n: number, log: (m: string) => void): Promise<Figures> {
  await db.query(`CREATE TABLE bench_plain_audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL, actor_kind text NOT NULL, action text NOT NULL, target text, detail jsonb NOT NULL DEFAULT '{}', ip text)`);
  const plain = async (tx: Db, i: number): Promise<void> => {
    await tx.query('INSERT INTO bench_plain_audit (actor, actor_kind, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
      ACTOR.id, ACTOR.kind, 'bench.event', `batch:${i}`, JSON.stringify(DETAIL), ACTOR.ip,
    ]);
  };
  const out: Figures = {};
  // warm up connections, plans and caches, so the first figure is not penalized
  await rate(200, (i) => db.tx((tx) => plain(tx, i)));
  await rate(200, (i) => db.tx((tx) => writeAudit(tx, ACTOR, 'bench.warm-up', `batch:${i}`, DETAIL)));
  log(`  ${n} events, one per transaction`);
  out.plainPerTx = await rate(n, (i) => db.tx((tx) => plain(tx, i)));
  out.chainedSha256PerTx = await rate(n, (i) => db.tx((tx) => writeAudit(tx, ACTOR, 'bench.event', `batch:${i}`, DETAIL)));
  await setAuditHashAlg(db, 'sm3');
  out.chainedSm3PerTx = await rate(n, (i) => db.tx((tx) => writeAudit(tx, ACTOR, 'bench.event', `batch:${i}`, DETAIL)));
  await setAuditHashAlg(db, 'sha256');
  log(`  ${n} events, 100 per transaction`);
  out.plainBatched = await rate(n / 100, (i) => db.tx(async (tx) => { for (let j = 0; j < 100; j++) await plain(tx, i * 100 + j); })) * 100;
  out.chainedBatched = await rate(n / 100, (i) => db.tx(async (tx) => { for (let j = 0; j < 100; j++) await writeAudit(tx, ACTOR, 'bench.event', `batch:${i}`, DETAIL); })) * 100;
  log('  verify');
  const t0 = performance.now();
  const v = await verifyAuditChain(db, { verifiers: new Map() });
  if (!v.ok) throw new Error(`bench chain does not verify: ${JSON.stringify(v.firstProblem)}`);
  out.verifyEvents = v.events;
  out.verifyPerSec = Math.round(v.events / ((performance.now() - t0) / 1000));
  out.chainCostPerTx = Number((out.chainedSha256PerTx / out.plainPerTx).toFixed(2));
  return out;
}

export const auditBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { events: { type: 'string' }, 'pglite-events': { type: 'string' }, only: { type: 'string' }, json: { type: 'boolean' } } });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const round = (v: string | undefined, d: number) => Math.max(100, Math.round(Number(v ?? d) / 100) * 100);
    const result: Record<string, Figures | { error: string } | string> = { bench: 'audit' };
    if (values.only !== 'pglite') {
      const name = `xy_bench_audit_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      try {
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const u = new URL(PG_ADMIN);
        u.pathname = `/${name}`;
        const db = await openPostgres(u.toString(), 2);
        try {
          await migrate(db);
          log('PostgreSQL');
          result.postgres = await measure(db, round(values.events, 5000), log);
        } finally {
          await db.close();
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      } catch (err) {
        result.postgres = { error: (err as Error).message };
      } finally {
        await admin.end().catch(() => {});
      }
    }
    if (values.only !== 'postgres') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-bench-audit-'));
      const { db } = await openPglite(path.join(dir, 'pglite'));
      try {
        await migrate(db);
        log('PGlite');
        result.pglite = await measure(db, round(values['pglite-events'], 2000), log);
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (values.json) console.log(JSON.stringify(result));
    else
      for (const [k, v] of Object.entries(result))
        if (typeof v === 'object') console.log(`${k}: ${Object.entries(v).map(([a, b]) => `${a}=${b}`).join('  ')}`);
    return 0;
  },
};
