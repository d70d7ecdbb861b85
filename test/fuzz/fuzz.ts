// `npm run fuzz -- [--cases N] [--seed S] [--target json|csv|xlsx|public|signed|staff] [--db pglite|postgres]
//  [--max-ms N] [--max-rss-mb N] [--workers N]`: starts the platform on a fresh database, runs the
// cases (spread over the targets unless one is named), prints counts per outcome and the seed of
// every failing case, and exits 1 when any case failed.
// --workers N: N worker processes, each with its own platform on its own fresh database, share the
// cases (in rounds of one case per target, round r to worker r mod N; case i has the target and seed
// it has in a one-process run, so a failing case replays with `--seed S --cases 1` as before); the
// counts are merged.
import { parseArgs } from 'node:util';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string', multiple: true },
    db: { type: 'string', default: 'pglite' },
    'max-ms': { type: 'string', default: '60000' }, // above the XLSX stall bound (30 s, file-readers.ts)
    'max-rss-mb': { type: 'string', default: '2048' },
    workers: { type: 'string', default: '1' },
    // internal: the share of one worker process ("INDEX/COUNT"); it prints its report as JSON
    shard: { type: 'string' },
  },
});
if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error('--db is pglite or postgres');
process.env.XINYONG_TEST_DB = values.db;
// PostgreSQL: the fuzz database's transactions commit without waiting for the WAL flush (fsync).
// None of the invariants is about durability through an operating-system crash, and on a shared
// disk the flush made COMMIT the costliest statement of a batch (8 ms of ~25 statements at load 20).
// Set in the environment, so the workers and the test database's connections all get it
// (node-postgres reads PGOPTIONS). XINYONG_FUZZ_SYNC_COMMIT=1 keeps the server's setting.
if (values.db === 'postgres' && !process.env.XINYONG_FUZZ_SYNC_COMMIT) process.env.PGOPTIONS = `${process.env.PGOPTIONS ?? ''} -c synchronous_commit=off`.trim();
process.env.NODE_ENV ??= 'test';

const { TARGETS, runFuzz, formatReport, mergeReports } = await import('./harness.ts');
type Target = (typeof TARGETS)[number];
type Report = Awaited<ReturnType<typeof runFuzz>>;
const targets = (values.target?.length ? values.target : [...TARGETS]) as Target[];
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`--target is one of ${TARGETS.join(', ')}`);
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error('--workers is a whole number from 1 to 64');
const REPORT_MARK = 'fuzz-worker-report ';

// The parent of a parallel run: starts the workers, relays their progress, merges their reports.
async function parallel(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const passOn = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--workers') && all[i - 1] !== '--workers');
  const started = performance.now();
  // one migrated template for all workers (test/helpers/prepare-template.ts), as the test runner
  // does, instead of each worker migrating its own database from nothing
  const env: NodeJS.ProcessEnv = { ...process.env };
  let dropTemplate: string | undefined;
  let removeTemplateDir: string | undefined;
  if (!env.XINYONG_TEST_PGLITE_TEMPLATE_DIR && !env.XINYONG_TEST_PG_TEMPLATE) {
    const prep = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('../helpers/prepare-template.ts', import.meta.url)), values.db!], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (prep.status !== 0) throw new Error('could not prepare the template database');
    const vars = JSON.parse(prep.stdout.trim().split('\n').pop()!) as Record<string, string>;
    Object.assign(env, vars);
    dropTemplate = vars.XINYONG_TEST_PG_TEMPLATE;
    removeTemplateDir = vars.XINYONG_TEST_PGLITE_TEMPLATE_DIR;
  }
  const runs = Array.from({ length: workers }, (_, w) =>
    new Promise<Report | string>((resolve) => {
      const child = spawn(process.execPath, [...process.execArgv, self, ...passOn, '--shard', `${w}/${workers}`], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr!.on('data', (d: Buffer) => process.stderr.write(d.toString('utf8').replace(/^(?=.)/gm, `[worker ${w}] `)));
      child.once('error', (err) => resolve(`worker ${w} did not start: ${err.message}`));
      child.once('exit', (code, signal) => {
        const line = out.split('\n').find((l) => l.startsWith(REPORT_MARK));
        if (line) resolve(JSON.parse(line.slice(REPORT_MARK.length)) as Report);
        else resolve(`worker ${w} ended (${signal ?? `exit ${code}`}) without a report; it wrote: ${out.slice(-500)}`);
      });
    }),
  );
  const results = await Promise.all(runs);
  if (removeTemplateDir) rmSync(removeTemplateDir, { recursive: true, force: true });
  if (dropTemplate) spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('../helpers/prepare-template.ts', import.meta.url)), 'drop', dropTemplate], { stdio: 'inherit' });
  const reports = results.filter((r): r is Report => typeof r !== 'string');
  const report = mergeReports(reports, performance.now() - started);
  console.log(`fuzz on ${values.db}, seed ${values.seed}, targets ${targets.join(',')}, ${workers} workers`);
  console.log(formatReport(report));
  for (const r of results) if (typeof r === 'string') console.log(`FAIL ${r}`);
  process.exitCode = report.failures.length || reports.length < workers ? 1 : 0;
}

if (workers > 1 && !values.shard) {
  await parallel();
  process.exit();
}
const shard = values.shard ? (([index, count]) => ({ index: Number(index), count: Number(count) }))(values.shard.split('/')) : undefined;

const { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC } = await import('../helpers/platform.ts');
const { createStaffUser, openSessionFor } = await import('../../src/modules/access/staff.service.ts');
const { SYSTEM_ACTOR } = await import('../../src/kernel/audit.ts');

// The job workers poll rarely (XINYONG_FUZZ_JOB_POLL_SECONDS, default 10 s): a job a case enqueues
// still starts at once (the runner wakes its own worker), but the idle polls of ~15 workers no
// longer take PGlite's one connection from the cases (docs/testing.md).
const t = await createTestPlatform('2026-11-20', { XINYONG_JOB_POLL_SECONDS: process.env.XINYONG_FUZZ_JOB_POLL_SECONDS ?? '10' });
const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-fuzz-'));
try {
  const dep = await addTestDepartment(t.p, DEPT_USCC);
  const credential = await addTestClient(t.p, dep);
  const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'fuzz-admin', displayName: '模糊测试', role: 'platform_admin', regionCode: '130000', password: 'Correct-Horse-42', mustChangePassword: false });
  const staffCookie = await openSessionFor(t.p, user.id);
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  let last = performance.now();
  let lastCounts = performance.now();
  const began = performance.now();
  let failuresSeen = 0;
  // XINYONG_FUZZ_CASE_LOG=FILE: one line per case (index, target, seed, outcome, ms), appended by
  // every worker; sort by index to compare two runs of the same seed (e.g. on the two databases)
  const caseLog = process.env.XINYONG_FUZZ_CASE_LOG || undefined;
  const report = await runFuzz(
    { t, dep, credential, staffCookie, dir },
    {
      targets,
      cases,
      seed,
      shard,
      limits: { maxMs: Number(values['max-ms']), maxRssBytes: Number(values['max-rss-mb']) * 2 ** 20 },
      // progress on standard error (a worker's is relayed by the parent): every 10 s the case
      // number, and once a minute the counts so far; a failing case's seed at once. A long run
      // stopped early (a deadline, a crash) still leaves what it found.
      onCase: (i, r, out) => {
        if (caseLog !== undefined) appendFileSync(caseLog, `${i}\t${out.target}\t${out.seed}\t${out.label}\t${Math.round(out.ms)}\n`);
        const n = r.failures.length;
        if (n > failuresSeen) {
          for (const f of r.failures.slice(failuresSeen)) process.stderr.write(`  FAIL ${f.target} seed ${f.seed}: ${f.failure.slice(0, 300)}\n`);
          failuresSeen = n;
        }
        if (performance.now() - last > 10_000) {
          last = performance.now();
          process.stderr.write(`  … case ${i + 1} of ${cases}\n`);
        }
        if (performance.now() - lastCounts > 60_000) {
          lastCounts = performance.now();
          const s = (performance.now() - began) / 1000;
          process.stderr.write(`  … ${r.cases} cases done in ${s.toFixed(0)} s (${(r.cases / s).toFixed(2)}/s), ${n} failures, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${JSON.stringify(r.outcomes)}\n`);
        }
      },
    },
  );
  if (shard) console.log(REPORT_MARK + JSON.stringify(report));
  else {
    console.log(`fuzz on ${values.db}, seed ${seed}, targets ${targets.join(',')}`);
    console.log(formatReport(report));
  }
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  // XINYONG_FUZZ_KEEP_FILES=1 keeps the generated files (to look at a replayed case's input)
  if (process.env.XINYONG_FUZZ_KEEP_FILES) console.error(`generated files kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  await t.close();
}
