import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from '../helpers/db.ts';
import { migrate } from '../../src/kernel/migrate.ts';

test('migrations are applied once and a second run applies nothing', async () => {
  const t = await createTestDb();
  try {
    assert.deepEqual(await migrate(t.db), []);
    const rows = await t.db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY version');
    assert.ok(rows.length >= 1);
    assert.equal(rows[0]!.name, '0001_spine.sql');
    const d = await t.db.one<{ d: string }>("SELECT DATE '2025-09-26' AS d");
    assert.equal(d!.d, '2025-09-26');
  } finally {
    await t.close();
  }
});
