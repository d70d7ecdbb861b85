import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatcher } from './batcher.ts';

test('what arrives in one turn goes in one batch; what arrives while it is out goes in the next', async () => {
  const batches: number[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const b = createBatcher<number, number>(
    async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((x) => x * 10);
    },
    { max: 100 },
  );
  const first = [b(1), b(2), b(3)];
  await new Promise((r) => setImmediate(r));
  const second = [b(4), b(5)]; // the first batch is still out
  release();
  assert.deepEqual(await Promise.all([...first, ...second]), [10, 20, 30, 40, 50]);
  assert.deepEqual(batches, [[1, 2, 3], [4, 5]]);
});

test('at most max items per batch, in order', async () => {
  const batches: number[][] = [];
  const b = createBatcher<number, number>(async (items) => (batches.push(items), items), { max: 2 });
  assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map(b)), [1, 2, 3, 4, 5]);
  assert.deepEqual(batches, [[1, 2], [3, 4], [5]]);
});

test('items with the same key never share a batch', async () => {
  const batches: string[][] = [];
  const b = createBatcher<string, string>(async (items) => (batches.push(items), items), { max: 10, key: (s) => s.split(':')[0] });
  await Promise.all(['a:1', 'b:1', 'a:2', 'c:1', 'a:3'].map(b));
  assert.deepEqual(batches, [['a:1', 'b:1', 'c:1'], ['a:2'], ['a:3']]);
});

test('retryAlone: a failed batch is run again item by item, so only the bad item fails', async () => {
  const b = createBatcher<number, number>(
    async (items) => {
      if (items.includes(2)) throw new Error(`bad batch ${items.join(',')}`);
      return items;
    },
    { max: 10, retryAlone: true },
  );
  const results = await Promise.allSettled([1, 2, 3].map(b));
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /bad batch 2$/);
});

test('without retryAlone every item of a failed batch gets the error; the batcher goes on', async () => {
  let fail = true;
  const b = createBatcher<number, number>(
    async (items) => {
      if (fail) throw new Error('down');
      return items;
    },
    { max: 10 },
  );
  const results = await Promise.allSettled([1, 2].map(b));
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  assert.equal(await b(3), 3);
});

test('concurrency 2: an arrival goes out while the first batch is still out; a key that is out waits for it', async () => {
  const batches: string[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const b = createBatcher<string, string>(
    async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    },
    { max: 10, concurrency: 2, key: (s) => s.split(':')[0] },
  );
  const first = [b('a:1'), b('b:1')];
  await new Promise((r) => setImmediate(r));
  const second = [b('c:1'), b('a:2')]; // a is out: a:2 waits; c:1 goes at once
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(batches, [['a:1', 'b:1'], ['c:1']], 'the second batch went out before the first came back');
  release();
  assert.deepEqual(await Promise.all([...first, ...second]), ['a:1', 'b:1', 'c:1', 'a:2']);
  assert.deepEqual(batches, [['a:1', 'b:1'], ['c:1'], ['a:2']]);
});
