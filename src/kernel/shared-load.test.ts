import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedLoads } from './shared-load.ts';

// a load the test settles by hand
function gated<T>() {
  let settle!: { resolve: (v: T) => void; reject: (e: Error) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

test('concurrent callers share one load', async () => {
  let clock = 0;
  const c = sharedLoads<string, number>({ ttlMs: 1000, now: () => clock });
  let loads = 0;
  const g = gated<number>();
  const load = () => (loads++, g.promise);
  const waiting = Array.from({ length: 50 }, () => c.get('k', load));
  assert.equal(c.has('k'), true); // the load in flight counts
  g.resolve(7);
  assert.deepEqual(await Promise.all(waiting), Array(50).fill(7));
  assert.equal(await c.get('k', load), 7);
  assert.equal(loads, 1);
  // another key has its own load
  assert.equal(await c.get('other', async () => 9), 9);
  assert.equal(loads, 1);
});

test('a rejection reaches every waiter and is not kept: the next call loads again', async () => {
  const c = sharedLoads<string, number>({ ttlMs: 1000, now: () => 0 });
  let loads = 0;
  const g = gated<number>();
  const waiting = [1, 2, 3].map(() => c.get('k', () => (loads++, g.promise)));
  g.reject(new Error('database down'));
  for (const w of waiting) await assert.rejects(w, /database down/);
  assert.equal(c.has('k'), false);
  assert.equal(await c.get('k', async () => (loads++, 5)), 5);
  assert.equal(loads, 2);
  // a load that throws synchronously is a rejection too, not kept
  await assert.rejects(c.get('s', () => { throw new Error('sync'); }), /sync/);
  assert.equal(await c.get('s', async () => 1), 1);
});

test('expiry reloads once for all callers; a clock that went back counts as expired', async () => {
  let clock = 0;
  const c = sharedLoads<string, number>({ ttlMs: 1000, now: () => clock });
  let loads = 0;
  const load = async () => ++loads;
  assert.equal(await c.get('k', load), 1);
  clock = 999;
  assert.equal(await c.get('k', load), 1);
  clock = 1000;
  assert.equal(c.has('k'), false);
  assert.deepEqual(await Promise.all(Array.from({ length: 20 }, () => c.get('k', load))), Array(20).fill(2));
  assert.equal(loads, 2);
  clock = 500; // before the value was loaded
  assert.equal(await c.get('k', load), 3);
});

test('forget drops the kept value without changing what a load in flight answers its waiters', async () => {
  const c = sharedLoads<string, string>({ ttlMs: 1000, now: () => 0 });
  const g = gated<string>();
  const first = c.get('k', () => g.promise);
  c.forget('k');
  const second = c.get('k', async () => 'new');
  g.resolve('old');
  assert.equal(await first, 'old');
  assert.equal(await second, 'new');
  assert.equal(await c.get('k', async () => 'newer'), 'new'); // the late answer did not replace the newer value
  c.forget();
  assert.equal(c.has('k'), false);
});

test('max bounds the keys kept', async () => {
  const c = sharedLoads<number, number>({ ttlMs: 1000, now: () => 0, max: 2 });
  await c.get(1, async () => 1);
  await c.get(2, async () => 2);
  await c.get(3, async () => 3);
  assert.deepEqual([c.has(1), c.has(2), c.has(3)], [false, false, true]);
});
