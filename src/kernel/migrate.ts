// Plain-SQL migrations, numbered and forward only, applied at start and by `xinyong migrate`.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

type Migration = { version: number; name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  await db.tx(async (tx) => {
    // several processes starting at once on PostgreSQL: one migrates, the others wait
    await tx.query('SELECT pg_advisory_xact_lock(7243001)');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await tx.query<{ version: number; checksum: string; name: string }>('SELECT version, checksum, name FROM schema_migration')).map(
        (r) => [r.version, r],
      ),
    );
    for (const m of readMigrations(dir)) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.checksum !== m.checksum)
          throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`);
        continue;
      }
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      applied.push(m.name);
    }
  });
  return applied;
}
