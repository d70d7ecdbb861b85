import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bulletinUrl, lastMonth, percent } from './api.ts';

test('the dashboard opens on last month; rates show as percentages, missing ones as a dash', () => {
  assert.equal(lastMonth('2026-12-05'), '2026-11');
  assert.equal(lastMonth('2027-01-01'), '2026-12');
  assert.equal(percent(0.8567), '85.7%');
  assert.equal(percent(1), '100.0%');
  assert.equal(percent(0), '0.0%');
  assert.equal(percent(null), '—');
});

test('the 通报 link names the period and the format', () => {
  assert.equal(bulletinUrl('2026-11', 'xlsx'), '/api/v1/monitoring/evaluations/2026-11/bulletin?format=xlsx');
  assert.equal(bulletinUrl('2026-Q4', 'pdf'), '/api/v1/monitoring/evaluations/2026-Q4/bulletin?format=pdf');
});
