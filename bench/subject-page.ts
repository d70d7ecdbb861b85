// npm run bench -- subject-page [--subjects N] [--records M] [--persons P] [--lists L] [--samples S] [--json] [--keep] [--reuse DB]
// The public subject page: GET /api/v1/public/subjects/{code} through the real app (in process,
// app.inject: routing, schema, the subject look-up by code, its published records, serialization)
// for S subjects with a public name picked at random (by USCC, as the portal links them), beside a
// raw indexed look-up of the same subjects by USCC in the same run (`baselineP95Ms`). On PostgreSQL
// with the bench data set (bench/dataset.ts); `--reuse DB` measures a kept one (e.g. the
// provincial-size set, docs/operations.md).
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform } from '../src/platform.ts';
import { buildApp } from '../src/app.ts';
import { mix32 } from '../src/modules/demo/demo.rng.ts';
import { openBenchDatabase } from './dataset.ts';

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
function stats(ms: number[]): { n: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
  return { n: s.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: round(s[s.length - 1]!) };
}

export const subjectPageBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        reuse: { type: 'string' },
        subjects: { type: 'string' },
        records: { type: 'string' },
        persons: { type: 'string' },
        lists: { type: 'string' },
        samples: { type: 'string' },
      },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const n = { subjects: Number(values.subjects ?? 1_000_000), persons: Number(values.persons ?? 0), records: Number(values.records ?? 1_000_000), lists: Number(values.lists ?? 10_000) };
    const samples = Number(values.samples ?? 200);
    const db = await openBenchDatabase({ bench: 'page', n, reuse: values.reuse, keep: values.keep, log });
    try {
      const maint = new pg.Client({ connectionString: db.url });
      await maint.connect();
      const max = Number((await maint.query<{ n: string }>('SELECT max(id) AS n FROM subject')).rows[0]!.n);
      await maint.end();
      const p = await openPlatform(loadConfig(db.env), { command: 'bench subject-page' });
      try {
        // subjects with a public name and a USCC (organizations and individual businesses: a
        // person's page needs a published record and is linked by public id, not by ID number)
        const codes: string[] = [];
        for (let round_ = 0; codes.length < samples && round_ < 50; round_++) {
          const ids = Array.from({ length: samples * 4 }, (_, i) => 1 + (mix32(round_ * 1_000_003 + i * 13 + 7) % max));
          const rows = await p.db.query<{ uscc: string }>(
            'SELECT uscc FROM subject WHERE id = ANY($1::bigint[]) AND public_name IS NOT NULL AND uscc IS NOT NULL',
            [ids],
          );
          for (const r of rows) if (codes.length < samples && !codes.includes(r.uscc)) codes.push(r.uscc);
        }
        if (codes.length === 0) throw new Error('no subject with a public name in this database');
        const app = await buildApp(p, { webDist: path.join(db.dir, 'no-web') });
        try {
          // each request from its own address: the public rate limit is per address
          const get = (code: string, i: number) => app.inject({ method: 'GET', url: `/api/v1/public/subjects/${code}`, remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
          log(`warm-up…`);
          for (let i = 0; i < Math.min(20, codes.length); i++) await get(codes[codes.length - 1 - i]!, 60_000 + i);
          const page: number[] = [];
          let records = 0;
          let bytes = 0;
          for (let i = 0; i < codes.length; i++) {
            const t = performance.now();
            const res = await get(codes[i]!, i);
            page.push(performance.now() - t);
            if (res.statusCode !== 200) throw new Error(`subject page answered ${res.statusCode} for ${codes[i]}: ${res.body.slice(0, 200)}`);
            const body = res.json() as { records: unknown[] };
            records += body.records.length;
            bytes += res.body.length;
          }
          const base: number[] = [];
          for (const c of codes) {
            const t = performance.now();
            await p.db.query('SELECT id, public_id, kind, name, uscc FROM subject WHERE subject_key = $1', [`USCC:${c}`], 'bench_page_by_code');
            base.push(performance.now() - t);
          }
          const s = stats(page);
          const b = stats(base);
          log(`subject page: ${s.n} subjects, p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, max ${s.maxMs} ms; baseline p95 ${b.p95Ms} ms`);
          const result = {
            bench: 'subject-page',
            p50Ms: s.p50Ms,
            p95Ms: s.p95Ms,
            p99Ms: s.p99Ms,
            maxMs: s.maxMs,
            baselineP50Ms: b.p50Ms,
            baselineP95Ms: b.p95Ms,
            ratioP95: round(s.p95Ms / b.p95Ms, 2),
            meanRecords: round(records / codes.length, 1),
            meanBytes: Math.round(bytes / codes.length),
            data: { database: db.describe(), subjects: max, ...db.loaded },
            targets: { p95Ms: 300 },
          };
          console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
          return 0;
        } finally {
          await app.close();
        }
      } finally {
        await p.close();
      }
    } finally {
      await db.close();
    }
  },
};
