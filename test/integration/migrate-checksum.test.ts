// A migration edited after it was applied is refused (forward only: add a new one instead), and
// the refusal changes nothing: the schema and the recorded checksums stay as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb } from '../helpers/db.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/kernel/migrate.ts';

test('a changed checksum is refused; nothing is applied', async () => {
  const t = await createTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-migrations-'));
  try {
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    assert.deepEqual(await migrate(t.db, dir), []); // the copy is what was applied
    const before = await t.db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration ORDER BY version');
    const first = readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort()[0]!;
    writeFileSync(path.join(dir, first), readFileSync(path.join(dir, first), 'utf8') + '\n-- edited after it was applied\n');
    // a new migration after it must not run either
    writeFileSync(path.join(dir, '9999_after_the_edit.sql'), 'CREATE TABLE must_not_exist (x int);');
    await assert.rejects(migrate(t.db, dir), new RegExp(`migration ${first} was changed after it was applied \\(checksum differs\\)`));
    assert.deepEqual(await t.db.query('SELECT version, checksum FROM schema_migration ORDER BY version'), before);
    assert.equal((await t.db.one<{ t: string | null }>("SELECT to_regclass('must_not_exist')::text AS t"))!.t, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  }
});
