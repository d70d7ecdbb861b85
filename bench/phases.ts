// `bench check --phases`: where the slowest checks spend their time. The server keeps each check's
// steps (XINYONG_PHASE_TRACE, src/kernel/phase-trace.ts), the load generator each request's send
// and receive times (epoch ms, one host's clock); joined by matterRef, every check's latency as the
// load generator saw it splits into consecutive phases that add up to it. The slowest 1 % and 2 %
// are compared with the middle fifth (p40–p60) of the same run.
import type { PhaseDump, Trace } from '../src/kernel/phase-trace.ts';

export type Sent = { key: string; sent: number; received: number };

// consecutive steps: each phase runs from the step before it to its own step
const STEPS: [phase: string, step: string][] = [
  ['toServer', 'start'], // the request in flight, and waiting in the socket for the server's event loop
  ['body', 'parsed'], // body read and parsed (SHA-256 of the body)
  ['auth', 'handler'], // input guard, signature and key, schema validation
  ['readQueue', 'read.sent'], // waiting for the candidates batch to go (one out at a time)
  ['readStatement', 'read.back'], // the candidates statement (pool client, PostgreSQL, result parsing)
  ['readResume', 'read.done'], // back in the check (the measure list, the batch's other waiters)
  ['rules', 'graded'], // measures, eligibility, the grade (read with the candidates, or recomputed)
  ['answer', 'write.queued'], // the answer and the rows to store
  ['writeQueue', 'write.sent'], // waiting for a write batch to go (three out at most)
  ['writeStatement', 'write.back'], // the batch's JSON, the one statement and its durable commit
  ['writeResume', 'write.done'], // back in the check
  ['reply', 'send'], // the nonce's state, serialization of the answer
];
// then toClient: the answer written to the socket, in flight, and read by the load generator (the
// server's 'end' step, written-callback, can come after the load generator has the answer)

export type PhaseFigures = {
  checks: number;
  latencyMs: { min: number; mean: number; max: number };
  phasesMs: Record<string, number>; // mean per phase (toClient: the answer in flight and the load generator's own delay)
  readBatch: number; // mean checks in the candidates batch
  writeBatch: number; // mean checks in the write batch
  serverRunQueueMs: number; // mean time the server's main thread waited for a core during the check
  serverCpuMs: number; // mean CPU of the server's main thread during the check (all the checks it served meanwhile)
  withGc: number; // share of the checks a GC pause overlapped
  gcMs: number; // mean GC pause within the check
  withSequencerHash: number; // share overlapped by the audit sequencer's hashing
  sequencerHashMs: number;
};

export type PhaseReport = {
  joined: number;
  slowest1: PhaseFigures;
  slowest2: PhaseFigures;
  middle: PhaseFigures;
  loopDelayMs: PhaseDump['loopDelayMs']; // the server's event loop (monitorEventLoopDelay, 1 ms resolution)
  gc: { pauses: number; totalMs: number; maxMs: number; byKind: Record<string, { pauses: number; totalMs: number; maxMs: number }> };
  sequencerMs: { passes: number; meanMs: number; maxMs: number }; // the audit sequencer's passes (SELECT, hashing, UPDATE, commit)
  clientLoopDelayMs: { p99: number; max: number }; // the load generator's event loop
};

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function overlap(a0: number, a1: number, spans: readonly (readonly [number, number])[]): number {
  let total = 0;
  for (const [s, e] of spans) {
    const lo = Math.max(a0, s);
    const hi = Math.min(a1, e);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

type Joined = { c: Sent; t: Trace; latency: number };

function figures(rows: readonly Joined[], gc: readonly [number, number][], hashes: readonly [number, number][]): PhaseFigures {
  const n = Math.max(1, rows.length);
  const sums: Record<string, number> = {};
  let readBatch = 0, writeBatch = 0, runQueue = 0, cpu = 0, withGc = 0, gcMs = 0, withHash = 0, hashMs = 0;
  for (const { c, t } of rows) {
    let prev = c.sent;
    for (const [phase, step] of STEPS) {
      const at = t.marks[step];
      if (at === undefined) continue; // a step the check did not take
      sums[phase] = (sums[phase] ?? 0) + (at - prev);
      prev = at;
    }
    sums.toClient = (sums.toClient ?? 0) + (c.received - prev);
    readBatch += t.sizes['read.sent'] ?? 0;
    writeBatch += t.sizes['write.sent'] ?? 0;
    if (t.sched) {
      cpu += (t.sched[2] - t.sched[0]) / 1e6;
      runQueue += (t.sched[3] - t.sched[1]) / 1e6;
    }
    const g = overlap(c.sent, c.received, gc);
    if (g > 0) withGc += 1;
    gcMs += g;
    const h = overlap(c.sent, c.received, hashes);
    if (h > 0) withHash += 1;
    hashMs += h;
  }
  const lat = rows.map((r) => r.latency);
  return {
    checks: rows.length,
    latencyMs: { min: r2(Math.min(...lat)), mean: r2(lat.reduce((a, b) => a + b, 0) / n), max: r2(Math.max(...lat)) },
    phasesMs: Object.fromEntries([...STEPS.map(([ph]) => ph), 'toClient'].filter((ph) => sums[ph] !== undefined).map((ph) => [ph, r3(sums[ph]! / n)])),
    readBatch: r2(readBatch / n),
    writeBatch: r2(writeBatch / n),
    serverRunQueueMs: r3(runQueue / n),
    serverCpuMs: r3(cpu / n),
    withGc: r3(withGc / n),
    gcMs: r3(gcMs / n),
    withSequencerHash: r3(withHash / n),
    sequencerHashMs: r3(hashMs / n),
  };
}

const GC_KINDS: Record<number, string> = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };
const gcFigures = (gc: readonly [number, number, number][]) => ({ pauses: gc.length, totalMs: r2(gc.reduce((a, [, d]) => a + d, 0)), maxMs: r2(Math.max(0, ...gc.map(([, d]) => d))) });
const spanFigures = (spans: readonly [string, number, number][]) => ({
  passes: spans.length,
  meanMs: r2(spans.reduce((a, [, s, e]) => a + e - s, 0) / Math.max(1, spans.length)),
  maxMs: r2(Math.max(0, ...spans.map(([, s, e]) => e - s))),
});

export function phaseReport(sent: readonly Sent[], dump: PhaseDump, clientLoop: { p99: number; max: number }): PhaseReport {
  const byKey = new Map(dump.traces.map((t) => [t.key, t]));
  const rows: Joined[] = [];
  for (const c of sent) {
    const t = byKey.get(c.key);
    if (t && t.marks.end !== undefined) rows.push({ c, t, latency: c.received - c.sent });
  }
  rows.sort((a, b) => a.latency - b.latency);
  const n = rows.length;
  const from = (q: number) => rows.slice(Math.floor(q * n));
  const gc = dump.gc.map(([s, d]): [number, number] => [s, s + d]);
  const hashes = dump.spans.filter((s) => s[0] === 'audit.hash').map(([, s, e]): [number, number] => [s, e]);
  return {
    joined: n,
    slowest1: figures(from(0.99), gc, hashes),
    slowest2: figures(from(0.98), gc, hashes),
    middle: figures(rows.slice(Math.floor(0.4 * n), Math.floor(0.6 * n)), gc, hashes),
    loopDelayMs: dump.loopDelayMs,
    gc: { ...gcFigures(dump.gc), byKind: Object.fromEntries([1, 4, 8, 16].map((k) => [GC_KINDS[k], gcFigures(dump.gc.filter((g) => g[2] === k))]).filter(([, f]) => (f as { pauses: number }).pauses > 0)) },
    sequencerMs: spanFigures(dump.spans.filter((s) => s[0] === 'audit.pass')),
    clientLoopDelayMs: clientLoop,
  };
}
