// A fresh, migrated database per test file, on the backend chosen by XINYONG_TEST_DB
// (bin/run-tests.mjs prepares a migrated template once per run for each backend).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/kernel/db.ts';
import { migrate } from '../../src/kernel/migrate.ts';

export type TestDb = { db: Db; backend: 'pglite' | 'postgres'; url?: string; close(): Promise<void> };

export const testBackend = (): 'pglite' | 'postgres' =>
  process.env.XINYONG_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export const adminPgUrl = () => process.env.XINYONG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDb(): Promise<TestDb> {
  if (testBackend() === 'postgres') {
    const template = process.env.XINYONG_TEST_PG_TEMPLATE;
    const name = `xy_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminPgUrl() });
    await admin.connect();
    try {
      await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminPgUrl(), name);
    const db = await openPostgres(url, 5);
    if (!template) await migrate(db);
    return {
      db,
      backend: 'postgres',
      url,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: adminPgUrl() });
        await a.connect();
        try {
          await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await a.end();
        }
      },
    };
  }
  const tarball = process.env.XINYONG_TEST_PGLITE_TEMPLATE;
  const blob = tarball ? new Blob([readFileSync(tarball)]) : undefined;
  const { db } = await openPglite('memory://', blob);
  if (!blob) await migrate(db);
  return { db, backend: 'pglite', close: () => db.close() };
}
