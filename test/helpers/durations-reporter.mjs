// A node:test reporter that writes one JSON object: the time each test file took, in ms.
// bin/run-tests.mjs adds it beside the spec reporter (--test-reporter-destination=FILE) and prints
// the slowest files of each suite, so that where CI's time goes is in every run's log.
// Node 20 wraps each file in a top-level test named by its path (its duration is the file's,
// process start included); Node 22+ reports a file's tests directly, so there the file's time is
// the sum of its top-level tests (the process start is not in it).
import path from 'node:path';

export default async function* durations(source) {
  const wrapped = new Map(); // file -> ms of the wrapper test (Node 20)
  const summed = new Map(); // file -> sum of top-level tests' ms (Node 22+)
  const failedFiles = new Set();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    const file = d.file ?? (d.nesting === 0 && path.isAbsolute(d.name ?? '') ? d.name : undefined);
    if (!file) continue;
    const ms = Number(d.details?.duration_ms ?? 0);
    if (event.type === 'test:fail') failedFiles.add(file);
    if (d.nesting === 0 && d.name === file) wrapped.set(file, ms);
    else if (d.nesting === 0) summed.set(file, (summed.get(file) ?? 0) + ms);
  }
  const out = {};
  for (const file of new Set([...wrapped.keys(), ...summed.keys()])) {
    out[path.relative(process.cwd(), file)] = { ms: Math.round(wrapped.get(file) ?? summed.get(file) ?? 0), failed: failedFiles.has(file) };
  }
  yield JSON.stringify(out) + '\n';
}
