// The bench data-set loader (bench/dataset.ts) at a small size with residents (--persons), and its
// key index (bench/keyindex.ts). The loader is PostgreSQL-only (COPY); on PGlite only the index runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { KeyIndex } from '../../bench/keyindex.ts';
import { openBenchDatabase } from '../../bench/dataset.ts';

describe('KeyIndex', () => {
  test('stores each key once, returns the first id for a repeated key, refuses past capacity', () => {
    const k = new KeyIndex(50_000);
    for (let i = 0; i < 50_000; i++) assert.equal(k.getOrSet(`person:${i}`, i + 1), undefined);
    assert.equal(k.size, 50_000);
    for (let i = 0; i < 50_000; i += 997) assert.equal(k.getOrSet(`person:${i}`, -1), i + 1);
    assert.equal(k.size, 50_000);
    assert.throws(() => k.getOrSet('one more', 0), /more than 50000 keys/);
    assert.ok(k.bytes <= 50_000 / 0.75 * 8 + 16, `${k.bytes} bytes`);
  });
});

describe('bench data set with residents', { skip: process.env.XINYONG_TEST_DB !== 'postgres' && 'PostgreSQL only (COPY)' }, () => {
  test('subjects + persons loaded once each, every record on a loaded subject', async () => {
    const db = await openBenchDatabase({ bench: 'test', n: { subjects: 3000, persons: 2000, records: 4000, lists: 20 }, log: () => {} });
    try {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const kinds = Object.fromEntries(
          (await c.query<{ kind: string; n: string }>('SELECT kind, count(*) AS n FROM subject GROUP BY kind')).rows.map((r) => [r.kind, Number(r.n)]),
        );
        const total = Object.values(kinds).reduce((a, b) => a + b, 0);
        // 3,000 mixed (≈ 10 % persons) + 2,000 residents, plus the demo departments' own subjects
        assert.ok(kinds.person! >= 2000 + 200 && kinds.person! <= 2000 + 400, JSON.stringify(kinds));
        assert.ok(total >= 5000, JSON.stringify(kinds));
        assert.equal(db.loaded.subjectsLoaded, 5000);
        const r = (await c.query<{ n: string; orphans: string; on_residents: string }>(
          `SELECT count(*) AS n,
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM subject s WHERE s.id = r.subject_id)) AS orphans,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subject s WHERE s.id = r.subject_id AND s.kind = 'person')) AS on_residents
           FROM record r`,
        )).rows[0]!;
        assert.ok(Number(r.n) >= 4000, r.n);
        assert.equal(Number(r.orphans), 0);
        // records are spread over residents too (≈ 2,300 persons of 5,000 subjects)
        assert.ok(Number(r.on_residents) > 4000 * 0.25, `${r.on_residents} of ${r.n} on persons`);
      } finally {
        await c.end();
      }
    } finally {
      await db.close();
    }
  });
});
