// The XLSX stall guard: a reader that neither yields nor reads a byte for the stall time fails as
// FILE_PARSE (a corrupt archive found by the fuzzer left exceljs waiting forever); one that keeps
// reading bytes is never cut, however slow its rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openSheet, stallGuard } from './file-readers.ts';

test('a reader that stalls fails as FILE_PARSE; one whose bytes keep coming is left alone', async () => {
  async function* stuck(): AsyncGenerator<number> {
    yield 1;
    await new Promise(() => {}); // never settles, like the corrupt archive
  }
  const got: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const x of stallGuard(stuck(), () => 0, 50)) got.push(x);
    })(),
    (err: unknown) => (err as { code?: string }).code === 'FILE_PARSE',
  );
  assert.deepEqual(got, [1]);

  // a row every 150 ms, slower than the stall time, but more bytes read at every look: never cut.
  // (The bytes advance when the guard looks, not on a timer of their own: on a starved machine a
  // 20 ms timer fired after the guard's 50 ms one and the test failed for want of CPU.)
  let bytes = 0;
  let looks = 0;
  async function* slow(): AsyncGenerator<number> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      yield i;
    }
  }
  const rows: number[] = [];
  for await (const x of stallGuard(slow(), () => ((looks += 1), (bytes += 100)), 50)) rows.push(x);
  assert.deepEqual(rows, [0, 1, 2]);
  // one look as each row is awaited (4) and at least one timed look during each slow row (3)
  assert.ok(looks >= 7, `the guard looked ${looks} times`);
});

// Once the whole file has been read, a reader that stops yielding is stuck for good (a corrupt
// archive left exceljs waiting on a promise nothing settles): it fails on the short bound after
// the end, not on the half minute meant for a slow source. The long bound here is an hour; the
// test's own timeout (a minute) fails it if the short bound were not applied.
test('a stalled reader whose input is all read fails on the after-end bound', { timeout: 60_000 }, async () => {
  async function* stuck(): AsyncGenerator<number> {
    yield 1;
    await new Promise(() => {});
  }
  const got: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const x of stallGuard(stuck(), () => 7142, 3_600_000, { drained: () => true, stallMs: 50 })) got.push(x);
    })(),
    (err: unknown) => (err as { code?: string; en?: string }).code === 'FILE_PARSE' && /whole file was read/.test(String((err as { en?: string }).en)),
  );
  assert.deepEqual(got, [1]);
});

test('the after-end bound does not apply while the input is still being read', { timeout: 60_000 }, async () => {
  // not drained, bytes stand still: only the (short here) general bound ends it, with its own message
  async function* stuck(): AsyncGenerator<number> {
    await new Promise(() => {});
  }
  await assert.rejects(
    (async () => {
      for await (const _ of stallGuard(stuck(), () => 0, 80, { drained: () => false, stallMs: 3_600_000 })) void _;
    })(),
    (err: unknown) => (err as { code?: string; en?: string }).code === 'FILE_PARSE' && /no progress/.test(String((err as { en?: string }).en)),
  );
});

// The archive the fuzzer generated for xlsx seed 148583581 (a workbook with corrupt bytes): exceljs
// reads all 7,142 bytes and then neither yields a row nor ends. It fails on the after-end bound
// (its message says so), not on the 30 s one; the test's timeout only keeps a hang from blocking.
test('the corrupt archive of fuzz seed 148583581 fails as FILE_PARSE once it is all read', { timeout: 120_000 }, async () => {
  const file = fileURLToPath(new URL('../../../test/fixtures/xlsx/fuzz-148583581-stalls-exceljs.xlsx', import.meta.url));
  await assert.rejects(
    async () => {
      const r = await openSheet(file);
      for await (const _ of r.rows) void _;
    },
    (err: unknown) => (err as { code?: string }).code === 'FILE_PARSE' && /whole file was read/.test(String((err as { en?: string }).en)),
  );
});

// A parse that keeps the event loop busy (or a process starved of CPU) is not a stall: only
// intervals in which the guard's look came on time count. Before, a valid XLSX failed as FILE_PARSE
// at load 5 when the after-end bound (3 s) was counted in wall time.
test('a reader busy between rows is not cut by the bound', { timeout: 60_000 }, async () => {
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  async function* busyRows(): AsyncGenerator<number> {
    for (let row = 0; row < 2; row++) {
      // 300 ms of work in 30 ms slices, more than the 50 ms bound, the loop never idle for long
      for (let i = 0; i < 10; i++) {
        busy(30);
        await new Promise((r) => setImmediate(r));
      }
      yield row;
    }
  }
  const rows: number[] = [];
  for await (const x of stallGuard(busyRows(), () => 7142, 3_600_000, { drained: () => true, stallMs: 50 })) rows.push(x);
  assert.deepEqual(rows, [0, 1]);
});
