// Crash and resume for real: the importing CLI process is killed with SIGKILL in the middle of
// an import (chunks committed, the next one uncommitted); `import` run again resumes the batch
// and ends with every row counted once and nothing doubled. PostgreSQL only: the test watches the
// batch from its own connection while the CLI writes, which an embedded PGlite cannot allow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createCliSandbox, BIN, type CliSandbox } from '../helpers/cli.ts';
import { testBackend } from '../helpers/db.ts';
import { uscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { waitUntil, within } from '../helpers/wait.ts';
import { CHUNK_ROWS } from '../../src/modules/collection/collection.service.ts';

const DEP = uscc('11130100MB0000071');
const onPostgres = testBackend() === 'postgres';
let sb: CliSandbox;
before(async () => {
  if (onPostgres) sb = await createCliSandbox('sigkill', 3, { clock: '2026-11-20' });
});
after(() => sb?.close());

test('SIGKILL mid-import, then import again: resumed, counts exact, nothing doubled', { skip: onPostgres ? false : 'needs a second connection to the database while the CLI writes' }, async () => {
  sb.json(sb.run('departments', 'add', '--uscc', DEP, '--name', '石家庄市市场监督管理局', '--region', '130100', '--kind', 'market-regulation', '--reason', '报送行政处罚', '--json'));
  // the killed run holds the batch's import lease until it runs out: keep it short here
  sb.env.XINYONG_IMPORT_LEASE_SECONDS = '3';
  const n = CHUNK_ROWS * 20; // long enough that the kill lands while chunks remain
  const rows = Array.from({ length: n }, (_, i) => penaltyRow({ CF_WSH: `冀中断罚〔2026〕${i + 1}号`, CF_XDR_MC: `邢台中断${i + 1}有限公司`, CF_XDR_SHXYM: uscc(`91130500MA${String(i + 1).padStart(7, '0')}`) }));
  const file = path.join(sb.dir, 'kill.csv');
  writeFileSync(file, csv(rows));

  const db = new pg.Client({ connectionString: sb.env.DATABASE_URL });
  await db.connect();
  try {
    // with the heap cap given, bin/xinyong.mjs runs the import itself instead of in a child
    // process, so the signal reaches the process that writes (killing the wrapper alone would
    // leave its child importing: see the report of issue 16)
    const child = spawn(process.execPath, ['--max-old-space-size=192', BIN, 'import', file, '--category', 'penalty', '--department', DEP, '--json'], { env: sb.env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
    // killed once at least one chunk is committed and before the last one is
    const processed = async () => Number((await db.query("SELECT coalesce(max(rows_processed), 0) AS n FROM batch WHERE filename = 'kill.csv'")).rows[0].n);
    await waitUntil(async () => (await processed()) >= CHUNK_ROWS, 'the first committed chunk', 300_000);
    child.kill('SIGKILL');
    assert.equal(await within(exited, 'the killed import to exit', 60_000), -1, 'the import finished before it could be killed');
    // The killed client's server sessions may still commit a chunk whose COMMIT was already on the
    // wire; the resume is started once they are gone. (Resuming while such a session still
    // commits makes two writers of one batch: see the report of issue 16.)
    const others = async () => Number((await db.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows[0].n);
    await waitUntil(async () => (await others()) === 0, "the killed process's sessions to end", 120_000);
    const mid = (await db.query("SELECT status, rows_processed AS rows FROM batch WHERE filename = 'kill.csv'")).rows[0];
    assert.equal(mid.status, 'running');
    assert.ok(mid.rows >= CHUNK_ROWS && mid.rows < n, JSON.stringify(mid));
    const landedMid = Number((await db.query("SELECT count(*) AS n FROM record WHERE source_ref LIKE '冀中断罚%'")).rows[0].n);
    assert.equal(landedMid, mid.rows); // what is counted is exactly what committed

    // another run takes the batch over only once the dead run's lease has run out
    await waitUntil(async () => (await db.query("SELECT lease_until IS NULL OR lease_until < now() AS free FROM batch WHERE filename = 'kill.csv'")).rows[0].free, 'the killed run’s lease to run out', 60_000);
    const again = sb.json(sb.run('import', file, '--category', 'penalty', '--department', DEP, '--json'));
    assert.deepEqual([again.status, again.resumed, again.rows, again.created, again.updated, again.unchanged, again.rejected], ['completed', true, n, n, 0, 0, 0]);
    const end = (await db.query("SELECT count(*) AS n, count(DISTINCT source_ref) AS d, count(*) FILTER (WHERE version > 1) AS v FROM record WHERE source_ref LIKE '冀中断罚%'")).rows[0];
    assert.deepEqual([Number(end.n), Number(end.d), Number(end.v)], [n, n, 0]);
    assert.equal(Number((await db.query("SELECT count(*) AS n FROM batch WHERE filename = 'kill.csv'")).rows[0].n), 1);
  } finally {
    await db.end();
  }
});
