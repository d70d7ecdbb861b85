import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBudgetScale, loadClockOffset, loadLimits } from './config.ts';

test('XINYONG_CLOCK shifts the clock in tests and is refused in production', () => {
  const real = Date.parse('2026-11-20T00:00:00Z');
  assert.equal(loadClockOffset({}, false, real), 0);
  assert.equal(loadClockOffset({ XINYONG_CLOCK: '2029-06-01' }, false, real), Date.parse('2029-06-01T04:00:00Z') - real);
  assert.equal(loadClockOffset({ XINYONG_CLOCK: '2026-11-20T00:00:10Z' }, false, real), 10_000);
  assert.throws(() => loadClockOffset({ XINYONG_CLOCK: '2029-06-01' }, true, real), /refused when NODE_ENV=production/);
  assert.throws(() => loadClockOffset({ XINYONG_CLOCK: 'next year' }, false, real), /YYYY-MM-DD/);
});

test('limits have safe defaults and are set from the environment', () => {
  const d = loadLimits({});
  assert.equal(d.body.maxDepth, 32);
  assert.equal(d.batchBodyBytes, 32 << 20);
  assert.equal(loadLimits({ XINYONG_LIMIT_CSV_COLUMNS: '50' }).csv.maxColumns, 50);
  assert.throws(() => loadLimits({ XINYONG_LIMIT_JSON_DEPTH: '-1' }), /positive integer/);
});

test('XINYONG_PUBLIC_BUDGET_SCALE: a number ≥ 0, default 1; 0 (off) refused in production', () => {
  assert.equal(loadBudgetScale({}, true), 1);
  assert.equal(loadBudgetScale({ XINYONG_PUBLIC_BUDGET_SCALE: '2.5' }, true), 2.5);
  assert.equal(loadBudgetScale({ XINYONG_PUBLIC_BUDGET_SCALE: '0' }, false), 0);
  assert.throws(() => loadBudgetScale({ XINYONG_PUBLIC_BUDGET_SCALE: '0' }, true), /refused when NODE_ENV=production/);
  assert.throws(() => loadBudgetScale({ XINYONG_PUBLIC_BUDGET_SCALE: '-1' }, false), /a number ≥ 0/);
  assert.throws(() => loadBudgetScale({ XINYONG_PUBLIC_BUDGET_SCALE: 'lots' }, false), /a number ≥ 0/);
});
