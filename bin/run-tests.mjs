#!/usr/bin/env node
// `npm test`: typecheck, build the web app, then unit tests once, integration tests on PGlite
// and on PostgreSQL (fresh database per test file from a migrated template), browser tests.
// Ends with one line "N passed, N failed" over all runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const only = process.argv.slice(2); // optional: unit | pglite | postgres | clock | fuzz | e2e
const want = (k) => only.length === 0 || only.includes(k);

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

if (only.length === 0) {
  step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('typecheck web', 'npx', ['tsc', '--noEmit', '-p', 'web/tsconfig.json']);
}
if (want('e2e')) step('build web', 'npm', ['run', 'build:web', '--silent']);

const testArgs = (files) => ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files];
const unit = [...find('src'), ...find('web/src')];
const integration = find('test/integration');
const e2e = find('test/e2e');

if (want('unit') && unit.length) {
  console.log('\n== unit tests');
  const r = run('node', testArgs(unit), { NODE_ENV: 'test' });
  tally('unit', r.out, r.status);
}

for (const backend of ['pglite', 'postgres']) {
  if (!want(backend) || integration.length === 0) continue;
  console.log(`\n== integration tests on ${backend}`);
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', backend], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (prep.status !== 0) { failed += 1; console.log(`[${backend}] could not prepare the template database`); continue; }
  const env = { NODE_ENV: 'test', XINYONG_TEST_DB: backend, ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
  const r = run('node', testArgs(integration), env);
  tally(backend, r.out, r.status);
  if (backend === 'postgres') spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'drop', env.XINYONG_TEST_PG_TEMPLATE], { stdio: 'inherit' });
}

// The integration tests on PGlite again with the platform clock three years ahead
// (XINYONG_CLOCK, src/config.ts): a test that holds only until some real date fails now, not then.
if (want('clock') && integration.length) {
  const ahead = new Date();
  ahead.setUTCFullYear(ahead.getUTCFullYear() + 3);
  const clock = ahead.toISOString().slice(0, 10);
  console.log(`\n== integration tests on pglite with the clock at ${clock}`);
  const started = Date.now();
  const prep = spawnSync('node', ['--import', 'tsx', 'test/helpers/prepare-template.ts', 'pglite'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (prep.status !== 0) { failed += 1; console.log('[clock] could not prepare the template database'); }
  else {
    const env = { NODE_ENV: 'test', XINYONG_TEST_DB: 'pglite', XINYONG_CLOCK: clock, ...JSON.parse(prep.stdout.trim().split('\n').pop()) };
    const r = run('node', testArgs(integration), env);
    tally(`clock ${clock}`, r.out, r.status);
    console.log(`[clock] ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

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

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
