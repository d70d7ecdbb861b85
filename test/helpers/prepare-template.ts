// Builds a migrated template once per test run: a PGlite data-dir tarball, or a PostgreSQL
// template database. Prints one JSON line of environment variables for the test processes.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres } from '../../src/kernel/db.ts';
import { migrate } from '../../src/kernel/migrate.ts';
import { adminPgUrl } from './db.ts';

const [mode, arg] = process.argv.slice(2);
const tmp = path.resolve('.test-tmp');
mkdirSync(tmp, { recursive: true });

if (mode === 'pglite') {
  const { db, lite } = await openPglite(path.join(tmp, `pglite-template-${process.pid}`));
  await migrate(db);
  const dump = await lite.dumpDataDir('none');
  const file = path.join(tmp, 'pglite-template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  const { rmSync } = await import('node:fs');
  rmSync(path.join(tmp, `pglite-template-${process.pid}`), { recursive: true, force: true });
  console.log(JSON.stringify({ XINYONG_TEST_PGLITE_TEMPLATE: file }));
} else if (mode === 'postgres') {
  const name = `xy_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminPgUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminPgUrl());
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 1);
  await migrate(db);
  await db.close();
  console.log(JSON.stringify({ XINYONG_TEST_PG_TEMPLATE: name }));
} else if (mode === 'drop' && arg) {
  const admin = new pg.Client({ connectionString: adminPgUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${arg} WITH (FORCE)`);
  await admin.end();
} else {
  console.error('usage: prepare-template.ts pglite|postgres|drop NAME');
  process.exit(2);
}
