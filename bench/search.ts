// npm run bench -- search [--subjects N] [--records M] [--persons P] [--lists L] [--queries Q] [--json] [--keep] [--reuse DB]
// Public name search (what GET /api/v1/public/subjects runs: the capped count and a page of 20
// with each hit's public record count) for queries of 1, 2, 3, 4 and 5 characters cut from real
// names at random places, beside a raw indexed look-up of a subject by its USCC, one query at a
// time; for 3 and 4 characters also the substring path they took before 0037 (trigram index and
// heap) on the same queries, with the number of answers that differ, on PostgreSQL with 1,000,000 subjects built by the demo generator (the data set of
// `bench check`; subject_gram filled set-based after the bulk load, as the triggers would).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform } from '../src/platform.ts';
import { mix32 } from '../src/modules/demo/demo.rng.ts';
import { searchSubjectsByName, searchSubjectsByNameSubstring, GRAM_MAX } from '../src/modules/publication/publication.store.ts';
import { openBenchDatabase } from './dataset.ts';

const TODAY = '2026-11-20';

type Stats = { queries: number; p50Ms: number; p95Ms: number; maxMs: number; meanHits: number; cappedShare: number };

export const searchBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        subjects: { type: 'string' },
        records: { type: 'string' },
        persons: { type: 'string' },
        lists: { type: 'string' },
        queries: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        reuse: { type: 'string' },
      },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const n = { subjects: Number(values.subjects ?? 1_000_000), persons: Number(values.persons ?? 0), records: Number(values.records ?? 1_000_000), lists: Number(values.lists ?? 10_000) };
    const perLength = Number(values.queries ?? 300);
    const loaded: Record<string, number> = {};
    const db = await openBenchDatabase({ bench: 'search', n, reuse: values.reuse, keep: values.keep, log, afterIndexes: fillGrams(log, loaded) });
    const { env } = db;
    Object.assign(loaded, db.loaded);
    try {
      // statistics, the visibility map (index-only scans of subject_gram) and a warm cache
      log('vacuum, analyze, prewarm…');
      const maint = new pg.Client({ connectionString: db.url });
      await maint.connect();
      await maint.query('VACUUM (ANALYZE) subject, subject_gram, record');
      await maint
        .query(
          `CREATE EXTENSION IF NOT EXISTS pg_prewarm;
           SELECT pg_prewarm(c.oid, 'read') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relname !~ '^(audit_|credit_check)'`,
        )
        .catch((err: Error) => log(`  prewarm skipped: ${err.message}`));
      const size = (await maint.query<{ rows: string; bytes: string }>(
        `SELECT (SELECT count(*) FROM subject_gram) AS rows, pg_total_relation_size('subject_gram') AS bytes`,
      )).rows[0]!;
      await maint.end();

      const p = await openPlatform(loadConfig(env), { command: 'bench search' });
      try {
        const max = (await p.db.one<{ n: number }>('SELECT max(id) AS n FROM subject'))!.n;
        const ids = Array.from({ length: perLength * 4 }, (_, i) => 1 + (mix32(i * 13 + 7) % max));
        const rows = await p.db.query<{ id: number; name: string; uscc: string | null }>('SELECT id, public_name AS name, uscc FROM subject WHERE id = ANY($1::bigint[]) AND public_name IS NOT NULL ORDER BY id', [ids]);
        const byLength = new Map<number, string[]>();
        for (const len of [1, 2, 3, 4, 5]) {
          const qs: string[] = [];
          for (let i = 0; i < rows.length && qs.length < perLength; i++) {
            const chars = [...rows[(i * 7 + len) % rows.length]!.name];
            if (chars.length < len) continue;
            const at = mix32(i * 31 + len) % (chars.length - len + 1);
            qs.push(chars.slice(at, at + len).join(''));
          }
          byLength.set(len, qs);
        }
        const codes = rows.map((r) => r.uscc).filter((c): c is string => !!c).slice(0, perLength);

        log('warm-up…');
        for (const qs of byLength.values()) for (const q of qs.slice(0, 20)) await searchSubjectsByName(p.db, q, TODAY, 20, 0);
        const result: Record<string, unknown> = { bench: 'search' };
        const detail: Record<string, Stats> = {};
        for (const [len, qs] of byLength) {
          const ms: number[] = [];
          let hits = 0;
          let capped = 0;
          for (const q of qs) {
            const t = performance.now();
            const r = await searchSubjectsByName(p.db, q, TODAY, 20, 0);
            ms.push(performance.now() - t);
            hits += r.total;
            if (r.capped) capped += 1;
          }
          const s = stats(ms);
          detail[`length${len}`] = { ...s, meanHits: Math.round(hits / qs.length), cappedShare: round(capped / qs.length, 3) };
          result[`p95Ms${len}`] = s.p95Ms;
          log(`${len} character(s): ${qs.length} queries, p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, max ${s.maxMs} ms, mean total ${detail[`length${len}`]!.meanHits}`);
        }
        // 3–4 characters: the substring path these took before 0037 (trigram index, heap recheck),
        // same queries, same run, and whether the two answer the same (total, and the page where
        // the count is exact; a capped page was ordered by a bigram's rank there, an approximation)
        for (const [len, qs] of byLength) {
          if (len < 3 || len > GRAM_MAX) continue;
          const ms: number[] = [];
          let differ = 0;
          for (const q of qs) {
            const t = performance.now();
            const old = await searchSubjectsByNameSubstring(p.db, q, TODAY, 20, 0);
            ms.push(performance.now() - t);
            const now = await searchSubjectsByName(p.db, q, TODAY, 20, 0);
            const same = old.total === now.total && old.capped === now.capped && (old.capped || old.items.map((x) => x.id).join() === now.items.map((x) => x.id).join());
            if (!same) differ += 1;
          }
          const s = stats(ms);
          detail[`substring${len}`] = { ...s, meanHits: 0, cappedShare: 0 };
          result[`p95MsSubstring${len}`] = s.p95Ms;
          result[`ratioGramToSubstring${len}`] = round(s.p95Ms / (result[`p95Ms${len}`] as number), 1);
          result[`answersDiffer${len}`] = differ;
          log(`${len} character(s), substring path (before 0037): p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, max ${s.maxMs} ms; answers that differ: ${differ}`);
        }
        // page 50 of a common one-character query: the deepest cost a user can ask for in one step
        {
          const q = byLength.get(1)![0]!;
          const ms: number[] = [];
          for (let i = 0; i < 20; i++) {
            const t = performance.now();
            await searchSubjectsByName(p.db, q, TODAY, 20, 49 * 20);
            ms.push(performance.now() - t);
          }
          detail.page50 = { ...stats(ms), meanHits: 0, cappedShare: 0 };
        }
        const base: number[] = [];
        for (const c of codes) {
          const t = performance.now();
          await p.db.query('SELECT id, public_id, kind, name, uscc FROM subject WHERE subject_key = $1', [`USCC:${c}`], 'bench_search_by_code');
          base.push(performance.now() - t);
        }
        const b = stats(base);
        log(`baseline, raw look-up by USCC: ${b.queries} look-ups, p50 ${b.p50Ms} ms, p95 ${b.p95Ms} ms`);
        Object.assign(result, {
          baselineP95Ms: b.p95Ms,
          baselineP50Ms: b.p50Ms,
          detail,
          index: { subjectGramRows: Number(size.rows), subjectGramMB: round(Number(size.bytes) / 2 ** 20, 1) },
          data: { database: db.describe(), subjects: n.subjects, records: n.records, listEntries: n.lists, ...loaded },
          targets: { p95Ms: 50 },
        });
        if (values.json) console.log(JSON.stringify(result));
        else console.log(JSON.stringify(result, null, 2));
      } finally {
        await p.close();
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};

// The bulk load bypasses triggers: build subject_gram in one statement, its key after.
function fillGrams(log: (m: string) => void, loaded: Record<string, number>) {
  return async (client: pg.Client) => {
    log('subject_gram: filling…');
    const t = Date.now();
    await client.query('ALTER TABLE subject_gram DROP CONSTRAINT subject_gram_pkey');
    await client.query(
      `INSERT INTO subject_gram (gram, rank, subject_id, person) SELECT g.gram, g.rank, s.id, s.kind = 'person' FROM subject s, subject_grams(s.public_name) g
       WHERE s.public_name IS NOT NULL`,
    );
    await client.query('ALTER TABLE subject_gram ADD PRIMARY KEY (gram, rank, subject_id) INCLUDE (person)');
    await client.query('ANALYZE subject_gram');
    loaded.loadSecondsGrams = round((Date.now() - t) / 1000, 1);
    log(`  ${loaded.loadSecondsGrams} s`);
  };
}

function stats(ms: number[]): { queries: number; p50Ms: number; p95Ms: number; maxMs: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!, 2);
  return { queries: s.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: round(s[s.length - 1]!, 2) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
