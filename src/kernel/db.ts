// One query layer over PostgreSQL (node-postgres) and embedded PGlite (through its
// node-postgres adapter), so every store function runs unchanged on both.
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { from as copyFrom } from 'pg-copy-streams';

// DATE stays a calendar date string: no time-zone shift (STACK-FACTS).
pg.types.setTypeParser(1082, (v: string) => v);
// COUNT(*) and BIGINT ids as numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Row = Record<string, unknown>;

export type Db = {
  readonly kind: 'postgres' | 'pglite';
  // name: a prepared statement, planned once per connection (hot paths with complex plans);
  // the same name must always carry the same text
  query<R extends Row = Row>(text: string, values?: readonly unknown[], name?: string): Promise<R[]>;
  one<R extends Row = Row>(text: string, values?: readonly unknown[], name?: string): Promise<R | undefined>;
  // Runs fn in a transaction; inside, use only the tx handle.
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  readonly inTransaction?: boolean; // true for the handle tx() passes to fn
  // COPY … FROM STDIN of a payload in COPY text format (bulk loading; inside a transaction
  // handle: the rows belong to that transaction). PostgreSQL streams it over the connection;
  // PGlite reads it from a blob (its /dev/blob device) in the same session.
  copyIn(sql: string, payload: string): Promise<void>;
  close(): Promise<void>;
};

type Queryable = { query: (text: string | pg.QueryConfig, values?: unknown[]) => Promise<pg.QueryResult> };
type CopyIn = (client: Queryable, sql: string, payload: string) => Promise<void>;

const pgCopyIn: CopyIn = (client, sql, payload) =>
  new Promise<void>((resolve, reject) => {
    const stream = (client as unknown as pg.PoolClient).query(copyFrom(sql));
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    stream.end(payload);
  });

function wrap(kind: Db['kind'], q: Queryable, pool: pg.Pool | undefined, onClose: () => Promise<void>, copy: CopyIn = pgCopyIn): Db {
  const db: Db = {
    kind,
    inTransaction: !pool,
    async query<R extends Row>(text: string, values?: readonly unknown[], name?: string) {
      const res = name ? await q.query({ name, text, values: values as unknown[] | undefined }) : await q.query(text, values as unknown[] | undefined);
      return res.rows as R[];
    },
    async one<R extends Row>(text: string, values?: readonly unknown[], name?: string) {
      const rows = await db.query<R>(text, values, name);
      return rows[0];
    },
    async tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!pool) throw new Error('nested transactions are not supported; use the tx handle');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(kind, client, undefined, async () => {}, copy));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async copyIn(sql: string, payload: string) {
      if (pool) {
        // outside a transaction: one connection for the statement
        const client = await pool.connect();
        try {
          await copy(client, sql, payload);
        } finally {
          client.release();
        }
      } else await copy(q, sql, payload);
    },
    close: onClose,
  };
  return db;
}

// verify: false opens without a first query (a read replica that is down must not stop a start:
// its reads go to the primary until it answers, src/kernel/read-replica.ts)
export async function openPostgres(url: string, max = 10, opts: { verify?: boolean } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // idle client errors surface on the next query instead
  if (opts.verify !== false) await pool.query('SELECT 1');
  return wrap('postgres', pool, pool, () => pool.end());
}

export type OpenedPglite = { db: Db; lite: PGlite };

// dataDir: a directory, or 'memory://' for tests. loadDataDir: a tarball made by dumpDataDir.
export async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<OpenedPglite> {
  const lite = new PGlite(dataDir, { extensions: { pg_trgm }, loadDataDir });
  await lite.waitReady;
  const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
  return {
    lite,
    db: wrap(
      'pglite',
      pool,
      pool,
      async () => {
        await pool.end();
        await lite.close();
      },
      // PGlite has one session: a statement of its own runs inside the transaction the adapter opened
      async (_client, sql, payload) => {
        await lite.query(sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob: new Blob([payload]) });
      },
    ),
  };
}

// Helpers for set-based statements from arrays (one round trip, same on both databases).
export function sqlList(n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');
}

// One row of COPY text format: tab-separated, \N for NULL, backslash escapes.
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else if (typeof v === 'string') line += COPY_SPECIAL.test(v) ? v.replace(COPY_ESCAPE, (c) => COPY_ESCAPES[c]!) : v;
    else line += String(v);
  }
  return line + '\n';
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPE = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
