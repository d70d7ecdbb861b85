// The lines bin/run-tests.mjs prints for a failing test (test/helpers/failures-reporter.mjs,
// decision 0052): the error's message cut to a few lines, expected and actual, the first frame in
// the project's own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
// @ts-expect-error a plain .mjs reporter without types
import { describeError } from '../helpers/failures-reporter.mjs';

const root = process.cwd();
// what node:test hands a reporter: the thrown error as the cause of an ERR_TEST_FAILURE
const wrapped = (cause: unknown) => Object.assign(new Error('test failed'), { code: 'ERR_TEST_FAILURE', failureType: 'testCodeFailure', cause });

test('an assertion: its first line, expected and actual on one line each, the test file’s frame', () => {
  let thrown: unknown;
  try {
    assert.deepEqual({ a: 1, list: [1, 2, 3] }, { a: 2, list: [1, 2, 3] });
  } catch (e) {
    thrown = e;
  }
  const lines: string[] = describeError(wrapped(thrown), root);
  assert.equal(lines[0], 'AssertionError: Expected values to be strictly deep-equal:');
  assert.ok(lines.includes('expected: { a: 2, list: [ 1, 2, 3 ] }'), lines.join('\n'));
  assert.ok(lines.includes('actual:   { a: 1, list: [ 1, 2, 3 ] }'), lines.join('\n'));
  assert.match(lines.at(-1)!, new RegExp(`^at ${path.relative(root, new URL(import.meta.url).pathname).replace(/[.]/g, '\\.')}:\\d+:\\d+$`));
  assert.ok(!lines.some((l) => l.startsWith('+ ') || l.includes('more lines')), lines.join('\n')); // no diff
});

test('a long message: four lines, colours removed, each cut to 240 characters, and how many were left out', () => {
  const e = Object.assign(new Error(`locator.click: Timeout 20000ms exceeded.\nCall log:\n\x1b[2m  - waiting for ${'x'.repeat(400)}\x1b[22m\nfourth\nfifth\nsixth`), { name: 'TimeoutError' });
  e.stack = `TimeoutError: …\n    at ProgressController.run (${root}/node_modules/playwright-core/lib/server/progress.js:1:1)\n    at pick (${root}/test/e2e/work-helpers.ts:70:3)\n    at Test.run (node:internal/test_runner/test:1:1)`;
  const lines: string[] = describeError(wrapped(e), root);
  assert.equal(lines[0], 'TimeoutError: locator.click: Timeout 20000ms exceeded.');
  assert.equal(lines[1], 'Call log:');
  assert.ok(lines[2]!.startsWith('  - waiting for xxx') && lines[2]!.length === 240 && lines[2]!.endsWith('…'), lines[2]);
  assert.equal(lines[3], 'fourth');
  assert.equal(lines[4], '(2 more lines of the message in the log above)');
  assert.equal(lines[5], 'at test/e2e/work-helpers.ts:70:3'); // not node_modules, not node's own
  assert.equal(lines.length, 6);
});

test('something thrown that is not an error', () => {
  assert.deepEqual(describeError(wrapped('a string')), ["'a string'"]);
});
