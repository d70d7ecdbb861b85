// npm run bench -- audit [--events N] [--pglite-events N] [--rounds 2] [--writers 8] [--only postgres|pglite] [--json]
// Audited actions written by 8 concurrent writers (one transaction each: a row of the caller's
// own and its audit event, as a business transaction does), in one run:
//   - baseline: the same inserts with no chaining at all (no sequencer running);
//   - chained: the same, with the audit sequencer (src/kernel/audit-sequencer.ts) linking events
//     while they are written, at its configured period; its figures count until the last event
//     is chained;
//   (baseline and chained alternate, --rounds times each, events N per round);
//   - headLock: the first scheme (issue 14's "before"), emulated: the chain-head row locked, the
//     event hashed and inserted with its seq in the business transaction.
// eventsPerSec and ratio (chained ÷ baseline) are the goal figures; chainLagP50/P99/MaxMs is
// chained_at − at per event of the chained phase (at: the writer's insert, just before its commit).
// Then the verify rate over the whole chain.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/kernel/db.ts';
import { migrate } from '../src/kernel/migrate.ts';
import { chainAuditEvents, writeAudit, type Actor } from '../src/kernel/audit.ts';
import { createAuditSequencer } from '../src/kernel/audit-sequencer.ts';
import { GENESIS_HASH, linkHash, normalizeDetail } from '../src/kernel/audit-chain.ts';
import { loadAuditConfig } from '../src/kernel/audit-config.ts';
import { verifyAuditChain } from '../src/modules/audit/audit.service.ts';

const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ACTOR: Actor = { id: 'staff:bench', kind: 'staff', ip: '10.0.0.1' };
const DETAIL = { category: 'penalty', department: '11130100MB0000001', rows: 2000, created: 1990, rejected: 10 };

type Figures = Record<string, number>;
type Write = (tx: Db, i: number, action: string) => Promise<void>;

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// `writers` loops share n transactions; each writes a row of its own (the business change) and the event
async function concurrently(db: Db, n: number, writers: number, action: string, write: Write): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < n; i = next++) {
        await db.tx(async (tx) => {
          await tx.query('INSERT INTO bench_change (n) VALUES ($1)', [i], 'bench.change');
          await write(tx, i, action);
        });
        // back to the event loop between transactions, as requests arriving over sockets are: on
        // PGlite (in-process WASM, answers as promise callbacks) a closed loop of writers would
        // otherwise keep timers, the sequencer's among them, from ever running
        await new Promise((r) => setImmediate(r));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

const newScheme: Write = (tx, i, action) => writeAudit(tx, ACTOR, action, `batch:${i}`, DETAIL);

// The first release's writer: head row lock until commit, hash and seq in the transaction.
const headLockScheme: Write = async (tx, i, action) => {
  const head = (await tx.one<{ seq: number; hash: string | null; at: Date }>(
    "SELECT seq, hash, date_trunc('milliseconds', clock_timestamp()) AS at FROM audit_chain_head FOR UPDATE",
    [],
    'bench.old-head',
  ))!;
  const event = { at: head.at, actor: ACTOR.id, actorKind: ACTOR.kind, action, target: `batch:${i}`, detail: normalizeDetail(DETAIL), ip: ACTOR.ip!, why: null, alg: 'sha256' as const };
  const prev = head.hash ?? GENESIS_HASH;
  const hash = linkHash(prev, event);
  await tx.query(
    `WITH e AS (INSERT INTO audit_event (seq, at, actor, actor_kind, action, target, detail, ip, hash_alg, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sha256', $9, $10) RETURNING seq)
     UPDATE audit_chain_head SET seq = (SELECT seq FROM e), hash = $10, sealed_through = (SELECT seq FROM e)`,
    [head.seq + 1, head.at, ACTOR.id, ACTOR.kind, action, event.target, JSON.stringify(event.detail), ACTOR.ip, prev, hash],
    'bench.old-insert',
  );
};

async function measure(db: Db, n: number, rounds: number, writers: number, intervalMs: number, log: (m: string) => void): Promise<Figures> {
  await db.query('CREATE TABLE bench_change (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL)');
  const out: Figures = { writers, eventsPerRound: n, rounds, sequencerIntervalMs: intervalMs };
  // warm up connections, plans and caches, so the first figure is not penalized
  await concurrently(db, Math.min(400, n), writers, 'bench.warm-up', newScheme);
  await chainAuditEvents(db, { wait: true });

  // baseline and chained alternate (A B A B …), so that a change of load on this shared machine
  // falls on both: each figure is over all its rounds
  let baseSeconds = 0;
  let catchUpSeconds = 0;
  let writeSeconds = 0;
  let allSeconds = 0;
  for (let r = 1; r <= rounds; r++) {
    log(`  round ${r}/${rounds}, baseline: ${n} events, ${writers} writers, nothing chains them`);
    baseSeconds += await concurrently(db, n, writers, 'bench.baseline', newScheme);
    const tc = performance.now();
    await chainAuditEvents(db, { wait: true }); // the backlog, in one catch-up
    catchUpSeconds += (performance.now() - tc) / 1000;

    log(`  round ${r}/${rounds}, chained: ${n} events, ${writers} writers, the sequencer every ${intervalMs} ms`);
    const seqr = createAuditSequencer(db, { intervalMs });
    await seqr.start();
    const t0 = performance.now();
    try {
      writeSeconds += await concurrently(db, n, writers, 'bench.chained', newScheme);
      // until the last event is chained, by the loop itself
      for (;;) {
        const left = await db.one<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE seq IS NULL AND action = 'bench.chained'");
        if (left!.n === 0) break;
        await new Promise((res) => setTimeout(res, 5));
      }
    } finally {
      await seqr.stop();
    }
    allSeconds += (performance.now() - t0) / 1000;
  }
  const total = n * rounds;
  out.baselineEventsPerSec = Math.round(total / baseSeconds);
  out.catchUpEventsPerSec = Math.round(total / catchUpSeconds);
  out.writeEventsPerSec = Math.round(total / writeSeconds);
  out.eventsPerSec = Math.round(total / allSeconds); // written and chained
  out.ratio = round(out.eventsPerSec / out.baselineEventsPerSec);
  const lag = (await db.one<{ p50: number; p99: number; max: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
     FROM (SELECT extract(epoch FROM chained_at - at) * 1000 AS ms FROM audit_event WHERE action = 'bench.chained') l`,
  ))!;
  out.chainLagP50Ms = round(Number(lag.p50), 1);
  out.chainLagP99Ms = round(Number(lag.p99), 1);
  out.chainLagMaxMs = round(Number(lag.max), 1);

  log(`  head lock (the first scheme): ${n} events, ${writers} writers`);
  const old = await concurrently(db, n, writers, 'bench.head-lock', headLockScheme);
  out.headLockEventsPerSec = Math.round(n / old);
  out.ratioOverHeadLock = round(out.eventsPerSec / out.headLockEventsPerSec);

  log('  verify');
  const tv = performance.now();
  const v = await verifyAuditChain(db, { verifiers: new Map() });
  if (!v.ok) throw new Error(`bench chain does not verify: ${JSON.stringify(v.firstProblem)}`);
  out.verifyEvents = v.events;
  out.verifyPerSec = Math.round(v.events / ((performance.now() - tv) / 1000));
  return out;
}

export const auditBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: { events: { type: 'string' }, 'pglite-events': { type: 'string' }, writers: { type: 'string' }, rounds: { type: 'string' }, only: { type: 'string' }, json: { type: 'boolean' } },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const writers = Number(values.writers ?? 8);
    const rounds = Math.max(1, Number(values.rounds ?? 2));
    const intervalMs = loadAuditConfig(process.env, os.tmpdir(), false).chainIntervalMs;
    const count = (v: string | undefined, d: number) => Math.max(writers * 10, Number(v ?? d));
    const result: Record<string, Figures | { error: string } | string> = { bench: 'audit' };
    if (values.only !== 'pglite') {
      const name = `xy_bench_audit_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN });
      try {
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const u = new URL(PG_ADMIN);
        u.pathname = `/${name}`;
        // a connection per writer, and one for the sequencer
        const db = await openPostgres(u.toString(), writers + 2);
        try {
          await migrate(db);
          log('PostgreSQL');
          result.postgres = await measure(db, count(values.events, 4000), rounds, writers, intervalMs, log);
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
        log('PGlite (one session: the writers take turns)');
        result.pglite = await measure(db, count(values['pglite-events'], 1000), rounds, writers, intervalMs, log);
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    // the goal figures at the top level, from PostgreSQL (the production database)
    const goal = result.postgres && !('error' in (result.postgres as object)) ? (result.postgres as Figures) : undefined;
    if (goal) Object.assign(result, { eventsPerSec: goal.eventsPerSec, ratio: goal.ratio, chainLagP99Ms: goal.chainLagP99Ms });
    if (values.json) console.log(JSON.stringify(result));
    else
      for (const [k, v] of Object.entries(result))
        if (typeof v === 'object') console.log(`${k}: ${Object.entries(v).map(([a, b]) => `${a}=${b}`).join('  ')}`);
    return 0;
  },
};
