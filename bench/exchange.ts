// npm run bench -- exchange [--rows N] [--lag-seconds S] [--json]
// Two nodes on PostgreSQL on this machine, each on its own database: a city collects N penalty
// versions (not timed), then its relay delivers them to the province over HTTP (timed end to end:
// rowsPerSec); the same rows imported directly at a third, fresh province database in the same run
// are the baseline (ratio = delivery / direct). Then single records at 50 per second at the city
// while the relay runs: lagP95Ms from the city's commit to the province's filing.
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { openPostgres } from '../src/kernel/db.ts';
import { buildApp } from '../src/app.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import { usccCheckChar } from '../src/kernel/codes/uscc.ts';
import { addDepartment, type Department } from '../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../src/modules/collection/collection.service.ts';
import { addNode, setUpstream, relayOnce } from '../src/modules/exchange/exchange.service.ts';

const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const uscc = (first17: string) => first17 + usccCheckChar(first17);
const DEP = uscc('11130100MB0000001');

function row(i: number): Record<string, string> {
  return {
    CF_XDR_MC: `石家庄交换基准${i}有限公司`,
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: uscc(`91130100MA${String(i % 10_000_000).padStart(7, '0')}`),
    CF_FRDB: '张伟',
    CF_WSH: `石市监罚〔2026〕B${i}号`,
    CF_WFXW: '销售不符合食品安全标准的食品',
    CF_SY: '当事人于2026年3月销售过期食品一批。',
    CF_YJ: '《中华人民共和国食品安全法》第一百二十四条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币伍万元',
    CF_NR_FK: '5',
    CF_JDRQ: '2026-06-01',
    CF_YXQ: '2027-06-01',
    CF_CFJG: '石家庄市市场监督管理局',
    CF_CFJGDM: DEP,
    CF_SJLY: '石家庄市市场监督管理局',
    CF_SJLYDM: DEP,
  };
}

async function database(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

async function drop(names: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function node(url: string, dir: string, role: 'province' | 'city', region: string): Promise<Platform> {
  const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: Buffer.alloc(32, 5).toString('base64'), XINYONG_NODE_ROLE: role, XINYONG_NODE_REGION: region });
  return openPlatform(config, { command: 'bench', db: await openPostgres(url, 4) });
}

async function load(p: Platform, dep: Department, from: number, n: number): Promise<void> {
  for (let i = 0; i < n; i += 5000) await submitJsonBatch(p, SYSTEM_ACTOR, dep, 'penalty', Array.from({ length: Math.min(5000, n - i) }, (_, k) => row(from + i + k)));
}

const addDep = (p: Platform) => addDepartment(p.db, SYSTEM_ACTOR, { uscc: DEP, name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });

export const exchangeBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { rows: { type: 'string' }, 'lag-seconds': { type: 'string' }, json: { type: 'boolean' } } });
    const rows = Number(values.rows ?? 200_000);
    const lagSeconds = Number(values['lag-seconds'] ?? 30);
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const tag = `${process.pid}`;
    const names = [`xy_bench_city_${tag}`, `xy_bench_prov_${tag}`, `xy_bench_direct_${tag}`];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-bench-exchange-'));
    const opened: Platform[] = [];
    try {
      const [cityUrl, provUrl, directUrl] = await Promise.all(names.map(database));
      const city = await node(cityUrl!, path.join(dir, 'city'), 'city', '130100');
      const prov = await node(provUrl!, path.join(dir, 'prov'), 'province', '130000');
      const direct = await node(directUrl!, path.join(dir, 'direct'), 'province', '130000');
      opened.push(city, prov, direct);
      const app = await buildApp(prov, { webDist: path.join(dir, 'no-web') });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const provUrlHttp = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const key = await addNode(prov, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
      await setUpstream(city, SYSTEM_ACTOR, { url: provUrlHttp, keyId: key.keyId, secret: key.secret });
      const depCity = await addDep(city);
      const depDirect = await addDep(direct);

      log(`collecting ${rows} versions at the city (not timed)`);
      await load(city, depCity, 0, rows);
      await city.db.query('ANALYZE');

      log('delivering city → province');
      let t0 = performance.now();
      for (;;) {
        const r = await relayOnce(city, { ignoreBackoff: true });
        if (r.state === 'failed') throw new Error(r.error);
        if (r.sent === 0) break;
      }
      const deliverySeconds = (performance.now() - t0) / 1000;
      const filed = (await prov.db.one<{ n: number }>("SELECT count(*)::int AS n FROM exchange_received WHERE outcome = 'accepted'"))!.n;
      if (filed !== rows) throw new Error(`the province filed ${filed} of ${rows}`);

      log('importing the same rows directly at a fresh province (baseline)');
      t0 = performance.now();
      await load(direct, depDirect, 0, rows);
      const directSeconds = (performance.now() - t0) / 1000;

      log(`steady load: 50 records/s for ${lagSeconds} s while the relay runs`);
      let stop = false;
      const relay = (async () => {
        while (!stop) await relayOnce(city, { lingerMs: 1000, ignoreBackoff: true });
      })();
      const start = performance.now();
      const steady = 50 * lagSeconds;
      for (let i = 0; i < steady; i++) {
        const due = start + i * 20;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await submitJsonBatch(city, SYSTEM_ACTOR, depCity, 'penalty', [row(rows + i)]);
      }
      const end = performance.now() + 30_000;
      const countSteady = async () => (await prov.db.one<{ n: number }>("SELECT count(*)::int AS n FROM exchange_received"))!.n;
      while ((await countSteady()) < rows + steady && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
      stop = true;
      await relay;
      const sent = await city.db.query<{ id: string; at: Date }>(`SELECT r.id::text AS id, r.received_at AS at FROM record r WHERE r.source_ref LIKE '石市监罚〔2026〕B%' ORDER BY r.id OFFSET $1`, [rows]);
      const got = new Map(
        (await prov.db.query<{ id: string; at: Date }>('SELECT origin_version_id::text AS id, received_at AS at FROM exchange_received WHERE origin_version_id = ANY($1::bigint[])', [sent.map((s) => s.id)])).map((r) => [r.id, r.at]),
      );
      const lags = sent.map((s) => (got.has(s.id) ? new Date(got.get(s.id)!).getTime() - new Date(s.at).getTime() : Infinity)).sort((a, b) => a - b);
      const pct = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!;
      await app.close();

      const rowsPerSec = Math.round(rows / deliverySeconds);
      const directRowsPerSec = Math.round(rows / directSeconds);
      const result = {
        bench: 'exchange',
        backend: 'postgres',
        rows,
        rowsPerSec,
        directRowsPerSec,
        ratio: Number((rowsPerSec / directRowsPerSec).toFixed(3)),
        deliverySeconds: Number(deliverySeconds.toFixed(1)),
        directSeconds: Number(directSeconds.toFixed(1)),
        steadyRecords: steady,
        steadyDelivered: lags.filter(Number.isFinite).length,
        lagP50Ms: pct(0.5),
        lagP95Ms: pct(0.95),
        lagMaxMs: lags[lags.length - 1],
      };
      if (values.json) console.log(JSON.stringify(result));
      else for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(18)} ${v}`);
      return 0;
    } finally {
      for (const p of opened) await p.close().catch(() => {});
      for (const p of opened) await p.db.close().catch(() => {});
      await drop(names).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
