// Migration 0009 holds pg-boss's tables as the pinned pg-boss makes them: a pg-boss upgrade that
// changes them fails here (and pg-boss's own version check fails at start) until a migration is added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PgBoss from 'pg-boss';
import { MIGRATIONS_DIR } from './migrate.ts';
import { JOB_SCHEMA } from './jobs.ts';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

test('migration 0009 creates the job queue exactly as the pinned pg-boss does', () => {
  const migration = squash(readFileSync(`${MIGRATIONS_DIR}/0009_jobs.sql`, 'utf8'));
  const plan = PgBoss.getConstructionPlans(JOB_SCHEMA);
  // the body from CREATE SCHEMA to the version row: its transaction and lock are the runner's
  const body = squash(plan.slice(plan.indexOf('CREATE SCHEMA'), plan.lastIndexOf('COMMIT;')));
  assert.ok(body.length > 1000);
  assert.ok(migration.includes(body), 'migrations/0009_jobs.sql differs from PgBoss.getConstructionPlans: add a migration for the new pg-boss');
  assert.match(body, /INSERT INTO pgboss\.version\(version\) VALUES \('24'\)/);
});
