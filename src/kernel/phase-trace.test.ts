import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attachTrace, dumpPhaseTrace, enablePhaseTrace, finishTrace, mark, phaseTracing, span, spanStart, startTrace, traceOf, type PhaseDump } from './phase-trace.ts';

test('phase tracing: off by default, nothing kept; on, the steps in order, dumped once each', () => {
  // off: no trace, no dump
  assert.equal(phaseTracing(), false);
  assert.equal(startTrace('x'), undefined);
  const item = {};
  attachTrace(item, startTrace('x'));
  assert.equal(traceOf(item), undefined);
  assert.equal(dumpPhaseTrace(), undefined);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'xy-phase-'));
  try {
    enablePhaseTrace(path.join(dir, 'trace'));
    assert.equal(phaseTracing(), true);
    const t = startTrace('bench-1')!;
    attachTrace(item, t);
    assert.equal(traceOf(item), t);
    mark(traceOf(item), 'read.sent', 3);
    const s = spanStart();
    span('audit.hash', s);
    mark(t, 'write.back');
    finishTrace(t);
    startTrace('bench-2'); // never finished (a request still out at the dump): not in it

    const file = dumpPhaseTrace()!;
    assert.equal(file, path.join(dir, 'trace.1.json'));
    const d = JSON.parse(readFileSync(file, 'utf8')) as PhaseDump;
    assert.deepEqual(d.traces.map((x) => x.key), ['bench-1']);
    const m = d.traces[0]!.marks;
    assert.deepEqual(Object.keys(m), ['start', 'read.sent', 'write.back', 'end']);
    assert.ok(m.start! <= m['read.sent']! && m['read.sent']! <= m['write.back']! && m['write.back']! <= m.end!);
    assert.deepEqual(d.traces[0]!.sizes, { 'read.sent': 3 });
    assert.deepEqual(d.spans.map((x) => x[0]), ['audit.hash']);
    assert.ok(d.from <= m.start! && m.end! <= d.to);

    // the next dump has only what came after
    const d2 = JSON.parse(readFileSync(dumpPhaseTrace()!, 'utf8')) as PhaseDump;
    assert.deepEqual(d2.traces, []);
    assert.deepEqual(d2.spans, []);
    assert.equal(d2.from, d.to);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
