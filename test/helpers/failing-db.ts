// A handle on the same database that fails inside the `failChunk`-th import chunk, at its
// `failAt`-th statement counted from the one that stages the chunk (CREATE TEMP TABLE ingest_stage
// in a chunk's own transaction; TRUNCATE ingest_stage for the later chunks of a bulk import's one
// transaction). Other transactions (the batch row, the import lease) are not counted, so a test
// does not depend on how many there are. Used by import-crash and bulk-import tests.
import type { Db } from '../../src/kernel/db.ts';

export function failingDb(db: Db, failChunk: number, failAt: number): Db {
  let chunks = 0;
  const wrap = (h: Db): Db => {
    let armed = false;
    let n = 0;
    const w = Object.create(h) as Db & Record<string, unknown>;
    const tick = (sql: unknown) => {
      if (typeof sql === 'string' && /CREATE TEMP TABLE ingest_stage|TRUNCATE ingest_stage/.test(sql) && ++chunks === failChunk) armed = true;
      if (armed && ++n === failAt) throw new Error('injected: the connection to the database was lost');
    };
    w.query = (async (...a: Parameters<Db['query']>) => (tick(a[0]), h.query(...a))) as Db['query'];
    w.one = (async (...a: Parameters<Db['one']>) => (tick(a[0]), h.one(...a))) as Db['one'];
    w.copyIn = async (...a: Parameters<Db['copyIn']>) => (tick(a[0]), h.copyIn(...a));
    return w;
  };
  const outer = Object.create(db) as Db & Record<string, unknown>;
  outer.tx = (<T>(fn: (tx: Db) => Promise<T>) => db.tx((h) => fn(wrap(h)))) as Db['tx'];
  return outer;
}
