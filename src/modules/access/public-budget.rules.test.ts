import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../../kernel/rules.ts';
import { requestCost, retryAfterSeconds, takeFromBucket, validateBudgetRules, type PublicBudgetRule } from './public-budget.rules.ts';

const rule: PublicBudgetRule = {
  effectiveFrom: '1900-01-01',
  source: 'test',
  capacity: 100,
  refillPerSecond: 5,
  defaultCost: 2,
  exempt: ['GET /api/v1/health'],
  routes: [{ route: 'GET /api/v1/public/subjects', cost: 3, shortQuery: { param: 'q', maxChars: 2, cost: 25 } }],
};

test('the cost of a request: listed, short query by characters, default, exempt', () => {
  const r = 'GET /api/v1/public/subjects';
  assert.equal(requestCost(rule, r, { q: '华' }), 25);
  assert.equal(requestCost(rule, r, { q: ' 华信 ' }), 25); // trimmed, two characters
  assert.equal(requestCost(rule, r, { q: '华信达' }), 3);
  assert.equal(requestCost(rule, r, { q: '𠮷𠮷' }), 25); // characters, not UTF-16 units
  assert.equal(requestCost(rule, r, { q: '   ' }), 3); // empty after trimming: refused by the route, normal cost
  assert.equal(requestCost(rule, r, {}), 3);
  assert.equal(requestCost(rule, 'GET /api/v1/public/regions', {}), 2);
  assert.equal(requestCost(rule, 'GET /api/v1/health', {}), 0);
});

test('the bucket: starts full, pays, refuses with the wait to the millisecond, refills to capacity only', () => {
  let t = takeFromBucket(undefined, 25, 0, 100, 5);
  assert.deepEqual(t, { ok: true, bucket: { tokens: 75, at: 0 }, retryAfterMs: 0 });
  for (let i = 0; i < 3; i++) t = takeFromBucket(t.bucket, 25, 0, 100, 5);
  assert.equal(t.bucket.tokens, 0);
  const refused = takeFromBucket(t.bucket, 25, 0, 100, 5);
  assert.equal(refused.ok, false);
  assert.equal(refused.retryAfterMs, 5000); // 25 points at 5 a second
  assert.equal(takeFromBucket(t.bucket, 25, 4999, 100, 5).ok, false);
  const paid = takeFromBucket(t.bucket, 25, 5000, 100, 5);
  assert.equal(paid.ok, true);
  assert.equal(paid.bucket.tokens, 0);
  // a long pause refills to the capacity, not beyond
  assert.equal(takeFromBucket(paid.bucket, 0, 3_600_000, 100, 5).bucket.tokens, 100);
  // a refused request pays nothing
  assert.equal(takeFromBucket({ tokens: 10, at: 0 }, 25, 0, 100, 5).bucket.tokens, 10);
  assert.equal(takeFromBucket({ tokens: 10, at: 0 }, 25, 0, 100, 5).retryAfterMs, 3000);
});

test('Retry-After in whole seconds is never shorter than the wait', () => {
  assert.equal(retryAfterSeconds(5000), 5);
  assert.equal(retryAfterSeconds(5001), 6);
  assert.equal(retryAfterSeconds(1), 1);
  assert.equal(retryAfterSeconds(0), 1);
});

test('the rule file loads and validates; bad entries are named', () => {
  validateBudgetRules(loadRuleFile<PublicBudgetRule>('public-budget'));
  assert.throws(() => validateBudgetRules([{ ...rule, capacity: 0 }]), /capacity must be a positive number/);
  assert.throws(() => validateBudgetRules([{ ...rule, routes: [{ route: 'GET /x', cost: 1 }] }]), /is not "METHOD/);
  assert.throws(() => validateBudgetRules([{ ...rule, routes: [{ route: 'GET /api/v1/a', cost: 101 }] }]), /more than the capacity/);
  assert.throws(() => validateBudgetRules([{ ...rule, routes: [...rule.routes, ...rule.routes] }]), /listed twice/);
});

test('the in-process store forgets the least recently used address first, never the active one', async () => {
  const { memoryBucketStore } = await import('./public-budget.ts');
  const store = memoryBucketStore(2);
  assert.equal((await store.take('a', 60, 0, 100, 5)).bucket.tokens, 40);
  await store.take('b', 60, 0, 100, 5);
  assert.equal((await store.take('a', 30, 0, 100, 5)).bucket.tokens, 10); // a used again: b is now the oldest
  await store.take('c', 60, 0, 100, 5); // pushes b out
  assert.equal((await store.take('a', 0, 0, 100, 5)).bucket.tokens, 10);
  assert.equal((await store.take('b', 0, 0, 100, 5)).bucket.tokens, 100);
});
