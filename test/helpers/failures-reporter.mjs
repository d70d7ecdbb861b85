// A node:test reporter that writes one JSON array: each failing test with its error, a few short
// lines. bin/run-tests.mjs adds it beside the spec reporter (--test-reporter-destination=FILE) and
// prints these lines in the final "failing:" block, so that a CI log that keeps only its tail says
// not only which tests failed but why (the spec output above may be cut).
import path from 'node:path';
import { inspect } from 'node:util';

const LINE = 240; // characters per line
const MESSAGE_LINES = 4;

const cut = (s) => (s.length > LINE ? `${s.slice(0, LINE - 1)}…` : s);
const oneLine = (v) => cut(inspect(v, { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 }).replace(/\s*\n\s*/g, ' '));

// the first stack frame in the project's own code (test/ or src/ or web/src/), as path:line:column
function firstOwnFrame(stack, root) {
  for (const l of String(stack ?? '').split('\n')) {
    const m = /\(?((?:file:\/\/)?\/[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(l.trim());
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (file.includes('/node_modules/') || !file.startsWith(root + path.sep)) continue;
    const rel = path.relative(root, file);
    if (/^(test|src|web\/src)\//.test(rel)) return `${rel}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

export function describeError(error, root = process.cwd()) {
  // node:test wraps what the test threw (ERR_TEST_FAILURE, the thrown error as its cause)
  const e = error?.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error;
  const lines = [];
  if (e === null || typeof e !== 'object') return [oneLine(e)];
  const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  const message = String(e.message ?? '').split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trimEnd()).filter((l) => l.trim() !== '');
  lines.push(cut(name + (message[0] ?? '(no message)')));
  // an assertion's generated message is a diff of expected and actual, shown below on one line each
  const shown = e.generatedMessage ? 1 : MESSAGE_LINES;
  for (const l of message.slice(1, shown)) lines.push(cut(l));
  if (message.length > shown && !e.generatedMessage) lines.push(`(${message.length - shown} more lines of the message in the log above)`);
  if ('expected' in e || 'actual' in e) {
    lines.push(`expected: ${oneLine(e.expected)}`);
    lines.push(`actual:   ${oneLine(e.actual)}`);
  }
  const at = firstOwnFrame(e.stack, root) ?? firstOwnFrame(error?.stack, root);
  if (at) lines.push(`at ${at}`);
  return lines;
}

export default async function* failures(source) {
  const out = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const d = event.data;
    const error = d.details?.error;
    // a suite or a file whose tests failed: the tests themselves are listed
    if (error?.failureType === 'subtestsFailed') continue;
    const file = d.file ? path.relative(process.cwd(), d.file) : undefined;
    out.push({
      file,
      name: d.name,
      ms: Math.round(Number(d.details?.duration_ms ?? 0)),
      lines: describeError(error),
    });
  }
  yield JSON.stringify(out) + '\n';
}
