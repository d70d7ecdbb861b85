// Builds a migrated template once per test run: a PGlite data directory (each test file copies it,
// test/helpers/db.ts), or a PostgreSQL template database. Prints one JSON line of environment
// variables for the test processes.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/kernel/db.ts';
import { migrate } from '../../src/kernel/migrate.ts';
import { createJobs } from '../../src/kernel/jobs.ts';
import { loadRuleFile } from '../../src/kernel/rules.ts';
import { loadConfig } from '../../src/config.ts';
import { defineTasks } from '../../src/jobs.ts';
import { openBlobStore, type Platform } from '../../src/platform.ts';
import { adminPgUrl, pgliteCopyRoot, removeOrphanCopies } from './db.ts';

const [mode, arg] = process.argv.slice(2);
const tmp = path.resolve('.test-tmp');
mkdirSync(tmp, { recursive: true });

if (mode === 'pglite') {
  // a closed, migrated data directory, named by the id of the run that asked for it (the parent:
  // bin/run-tests.mjs, a script): runs side by side in one checkout each have their own, and
  // those of runs that have ended (and the tarballs of before) are removed here
  for (const e of readdirSync(tmp)) {
    const pid = /^pglite-template(?:-(\d+))?(?:\.tar)?$/.exec(e);
    if (pid && !(pid[1] && alive(Number(pid[1])))) rmSync(path.join(tmp, e), { recursive: true, force: true });
  }
  removeOrphanCopies(pgliteCopyRoot());
  const dir = path.join(tmp, `pglite-template-${process.ppid}`);
  rmSync(dir, { recursive: true, force: true });
  const { db } = await openPglite(dir);
  await migrate(db);
  await createJobQueues(db);
  await db.close();
  console.log(JSON.stringify({ XINYONG_TEST_PGLITE_TEMPLATE_DIR: dir }));
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
  await createJobQueues(db);
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The job queues of the platform's tasks, as the first start of a platform creates them: a queue
// is a table partition with its indexes, 0.1–0.2 CPU s each on PGlite, about 1 CPU s per test file
// for the ~16 tasks (docs/testing.md, "Platform start"). Tasks are only defined here, never run:
// defineTasks reads the config, the blob store's kind and the subscription rules at definition.
// A test about the first start of several servers side by side removes them (forgetJobQueues).
async function createJobQueues(db: Db): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-template-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dataDir, XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    const jobs = createJobs(db, { pollSeconds: config.jobs.pollSeconds });
    const definitionsOnly = { config, blobs: openBlobStore(config, db), rules: { subscriptions: loadRuleFile('subscriptions') }, jobs } as unknown as Platform;
    defineTasks(definitionsOnly);
    await jobs.createQueues();
    await jobs.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
