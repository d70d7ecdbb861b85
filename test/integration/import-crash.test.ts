// Crash and resume for real: a database error injected in the middle of a chunk's transaction
// (after some of its statements ran) leaves the batch running with exactly the chunks committed
// before it; the resumed import completes with every row counted once and nothing doubled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPlatform, addTestDepartment, DEPT_USCC, uscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { importFile, CHUNK_ROWS } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { failingDb } from '../helpers/failing-db.ts';
import type { Platform } from '../../src/platform.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

let t: TestPlatform;
let dep: Department;
before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
});
after(() => t.close());

test('an error mid-chunk: the chunk rolls back, the batch stays running, the resume is exact', async () => {
  const n = Math.floor(CHUNK_ROWS * 2.5);
  const rows = Array.from({ length: n }, (_, i) =>
    penaltyRow({ CF_WSH: `冀故障罚〔2026〕${i + 1}号`, CF_XDR_MC: `唐山故障${i + 1}有限公司`, CF_XDR_SHXYM: uscc(`91130200MA${String(i + 1).padStart(7, '0')}`) }),
  );
  const file = path.join(t.dir, 'crash.csv');
  writeFileSync(file, csv(rows));
  // the first chunk commits; the second fails at its third statement (after staging, mid-write)
  const flaky: Platform = { ...t.p, db: failingDb(t.p.db, 2, 3) };
  await assert.rejects(importFile(flaky, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR }), /injected/);

  const b = await t.p.db.one<{ status: string; rows: number; created: number }>("SELECT status, rows_processed AS rows, created FROM batch WHERE filename = 'crash.csv'");
  assert.deepEqual({ ...b }, { status: 'running', rows: CHUNK_ROWS, created: CHUNK_ROWS });
  const landed = async () => (await t.p.db.one<{ n: number; distinct: number }>("SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS distinct FROM record WHERE source_ref LIKE '冀故障罚%'"))!;
  assert.deepEqual({ ...(await landed()) }, { n: CHUNK_ROWS, distinct: CHUNK_ROWS });

  const resumed = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
  assert.equal(resumed.resumed, true);
  assert.equal(resumed.status, 'completed');
  assert.deepEqual([resumed.rows, resumed.created, resumed.updated, resumed.unchanged, resumed.rejected], [n, n, 0, 0, 0]);
  assert.deepEqual({ ...(await landed()) }, { n, distinct: n });
  // one version per record: nothing doubled by the rolled-back chunk
  const versions = await t.p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM record WHERE source_ref LIKE '冀故障罚%' AND version > 1");
  assert.equal(versions!.n, 0);
});
