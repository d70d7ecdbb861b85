// The XLSX stall guard: a reader that neither yields nor reads a byte for the stall time fails as
// FILE_PARSE (a corrupt archive found by the fuzzer left exceljs waiting forever); one that keeps
// reading bytes is never cut, however slow its rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stallGuard } from './file-readers.ts';

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

  let bytes = 0;
  async function* slow(): AsyncGenerator<number> {
    for (let i = 0; i < 3; i++) {
      // a row every 120 ms, bytes read every 20 ms: slower than the stall time, never stalled
      for (let k = 0; k < 6; k++) {
        await new Promise((r) => setTimeout(r, 20));
        bytes += 100;
      }
      yield i;
    }
  }
  const rows: number[] = [];
  for await (const x of stallGuard(slow(), () => bytes, 50)) rows.push(x);
  assert.deepEqual(rows, [0, 1, 2]);
});
