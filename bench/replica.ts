// npm run bench -- replica [--commits N] [--json]
// The read replica's lag on this machine (issue 14; docs/operations.md "A read replica"), with a
// real streaming replica of the PostgreSQL server at XINYONG_BENCH_PG_URL made by the test helper
// (test/helpers/replica.ts: pg_basebackup -R, a free port, removed afterwards; it needs what the
// replica tests need). In one run:
//   - copyMs / readyMs: pg_basebackup of the whole server, and until the replica streams;
//   - primaryVisibleP50/P99Ms (the baseline): a committed row read back on the primary;
//   - replicaVisibleP50/P99Ms: the same row, committed on the primary, first seen on the replica
//     (polled without pause); ratio = primary p50 ÷ replica p50;
//   - measuredLagP50/P99Ms: what the read router (src/kernel/read-replica.ts, 250 ms samples)
//     reported as the lag meanwhile: what decides replica or primary for a public read;
//   - fallbackMs: replay paused, until the router sends public reads to the primary (bound 2 s);
//     catchUpMs: resumed, until it sends them to the replica again.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src/kernel/db.ts';
import { createReadRouter } from '../src/kernel/read-replica.ts';
import { replicaUnavailable, startReplica, type Replica } from '../test/helpers/replica.ts';

const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

export const replicaBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { commits: { type: 'string' }, json: { type: 'boolean' } } });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const commits = Math.max(20, Number(values.commits ?? 300));
    const why = await replicaUnavailable(PG_ADMIN);
    if (why) {
      const out = { bench: 'replica', error: `no replica can be made here: ${why}` };
      console.log(values.json ? JSON.stringify(out) : out.error);
      return 1;
    }
    const name = `xy_bench_replica_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    const primary = await openPostgres(u.toString(), 4);
    let replica: Replica | undefined;
    const result: Record<string, number | string> = { bench: 'replica' };
    try {
      await primary.query('CREATE TABLE bench_visible (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
      const t0 = performance.now();
      let copyMs = 0;
      replica = await startReplica({ url: PG_ADMIN, log: (m) => {
        log(m);
        const c = /^pg_basebackup: (\d+) ms/.exec(m);
        if (c) copyMs = Number(c[1]);
      } });
      result.copyMs = copyMs;
      result.readyMs = Math.round(performance.now() - t0);
      const readDb = await openPostgres(replica.urlFor(u.toString()), 4);
      const settings = { maxLagMs: 2000, sampleMs: 250 };
      const router = createReadRouter(primary, readDb, settings);
      router.start();
      const lags: number[] = [];
      const lagTimer = setInterval(() => {
        const l = router.status().lagMs;
        if (l !== null) lags.push(l);
      }, 250);
      try {
        const visible = async (db: typeof primary, id: number) => {
          for (;;) if (await db.one('SELECT 1 AS x FROM bench_visible WHERE id = $1', [id], 'bench.visible')) return;
        };
        const onPrimary: number[] = [];
        const onReplica: number[] = [];
        for (let i = 0; i < commits; i++) {
          // alternate, so that both see the same machine load
          const db = i % 2 === 0 ? primary : readDb;
          const start = performance.now();
          const { id } = (await primary.one<{ id: number }>('INSERT INTO bench_visible DEFAULT VALUES RETURNING id'))!;
          await visible(db, id);
          (db === primary ? onPrimary : onReplica).push(performance.now() - start);
        }
        Object.assign(result, {
          commits,
          primaryVisibleP50Ms: r1(pct(onPrimary, 50)),
          primaryVisibleP99Ms: r1(pct(onPrimary, 99)),
          replicaVisibleP50Ms: r1(pct(onReplica, 50)),
          replicaVisibleP99Ms: r1(pct(onReplica, 99)),
          ratio: Math.round((pct(onPrimary, 50) / pct(onReplica, 50)) * 1000) / 1000,
          measuredLagP50Ms: Math.round(pct(lags, 50)),
          measuredLagP99Ms: Math.round(pct(lags, 99)),
        });
        log(`visible: primary p50 ${result.primaryVisibleP50Ms} ms, replica p50 ${result.replicaVisibleP50Ms} ms (p99 ${result.replicaVisibleP99Ms}); router lag p50 ${result.measuredLagP50Ms} ms p99 ${result.measuredLagP99Ms} ms`);
        // the fallback: replay paused until the router leaves the replica, then resumed
        await replica.pause();
        let t = performance.now();
        while (router.pick().source !== 'primary') await new Promise((r) => setTimeout(r, 10));
        result.fallbackMs = Math.round(performance.now() - t);
        result.fallbackBoundMs = settings.maxLagMs;
        await replica.resume();
        t = performance.now();
        while (router.pick().source !== 'replica') await new Promise((r) => setTimeout(r, 10));
        result.catchUpMs = Math.round(performance.now() - t);
        log(`paused: public reads on the primary after ${result.fallbackMs} ms (bound ${settings.maxLagMs} ms); resumed: back on the replica after ${result.catchUpMs} ms`);
      } finally {
        clearInterval(lagTimer);
        await router.stop();
        await readDb.close();
      }
    } finally {
      await primary.close();
      await replica?.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
    const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ');
    result.loadAverage = load;
    if (values.json) console.log(JSON.stringify(result));
    else console.log(Object.entries(result).map(([k, v]) => `${k}=${v}`).join('  '));
    return 0;
  },
};
