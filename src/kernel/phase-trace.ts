// Opt-in phase tracing of one request kind, for `bench check --phases` (docs/operations.md, "Where
// a check's tail goes"): with XINYONG_PHASE_TRACE=PREFIX the server keeps, per traced request, the
// time of each named step (epoch milliseconds with microsecond fractions, comparable with the
// load generator's on the same host), the main thread's CPU and run-queue wait over the request
// (/proc/thread-self/schedstat, Linux), and beside them the event loop's delay and the GC pauses.
// On SIGUSR2 it writes what it kept since the last dump to PREFIX.N.json and starts again.
// Off (the default) every function here is a test of one variable: nothing is kept or read.
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

export type Trace = {
  key: string; // what the request names itself by (the bench's matterRef), for joining with the client's times
  marks: Record<string, number>; // step → epoch ms
  sizes: Record<string, number>; // e.g. the batch a step went in
  sched?: [number, number, number, number]; // cpu ns and run-queue wait ns at start, then at the end
};

type State = {
  prefix: string;
  dumps: number;
  traces: Trace[];
  gc: [number, number, number][]; // start (epoch ms), duration ms, kind (1 minor, 4 major, 8 incremental, 16 weak callbacks)
  spans: [string, number, number][]; // background work beside the traced requests: kind, start, end (epoch ms)
  loop: IntervalHistogram;
  since: number;
};

let state: State | undefined;

const epochNow = (): number => performance.timeOrigin + performance.now();

// Linux only; elsewhere (or if unreadable) the trace has no sched figures.
function schedstat(): [number, number] | undefined {
  try {
    const f = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
    return [Number(f[0]), Number(f[1])];
  } catch {
    return undefined;
  }
}

// Called once by the serving process (src/app.ts) with the environment variable's value.
export function enablePhaseTrace(prefix: string | undefined): void {
  if (!prefix || state) return;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const s: State = { prefix, dumps: 0, traces: [], gc: [], spans: [], loop, since: epochNow() };
  state = s;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.gc.push([performance.timeOrigin + e.startTime, e.duration, ((e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0)]);
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => dumpPhaseTrace());
}

export const phaseTracing = (): boolean => state !== undefined;

export function startTrace(key = ''): Trace | undefined {
  if (!state) return undefined;
  const t: Trace = { key, marks: { start: epochNow() }, sizes: {} };
  const s = schedstat();
  if (s) t.sched = [s[0], s[1], 0, 0];
  return t;
}

export function mark(t: Trace | undefined, step: string, size?: number): void {
  if (!t) return;
  t.marks[step] = epochNow();
  if (size !== undefined) t.sizes[step] = size;
}

export function finishTrace(t: Trace | undefined): void {
  if (!t || !state) return;
  t.marks.end = epochNow();
  const s = schedstat();
  if (t.sched && s) {
    t.sched[2] = s[0];
    t.sched[3] = s[1];
  }
  state.traces.push(t);
}

// A stretch of background work (the audit sequencer's hashing, say): spanStart() then span(kind, start).
export const spanStart = (): number => (state ? epochNow() : 0);
export function span(kind: string, start: number): void {
  if (state) state.spans.push([kind, start, epochNow()]);
}

// Traces riding on objects a caller passes through code it does not own (a batcher's items).
const attached = new WeakMap<object, Trace>();
export function attachTrace(o: object, t: Trace | undefined): void {
  if (t) attached.set(o, t);
}
export const traceOf = (o: object): Trace | undefined => (state ? attached.get(o) : undefined);

export type PhaseDump = {
  from: number;
  to: number;
  traces: Trace[];
  gc: [number, number, number][];
  spans: [string, number, number][];
  loopDelayMs: { p50: number; p99: number; max: number; mean: number; count: number };
};

export function dumpPhaseTrace(): string | undefined {
  if (!state) return undefined;
  const s = state;
  const to = epochNow();
  const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;
  const dump: PhaseDump = {
    from: s.since,
    to,
    traces: s.traces,
    gc: s.gc,
    spans: s.spans,
    loopDelayMs: { p50: ms(s.loop.percentile(50)), p99: ms(s.loop.percentile(99)), max: ms(s.loop.max), mean: ms(s.loop.mean), count: s.loop.count },
  };
  const file = `${s.prefix}.${++s.dumps}.json`;
  writeFileSync(file, JSON.stringify(dump));
  s.traces = [];
  s.gc = [];
  s.spans = [];
  s.loop.reset();
  s.since = to;
  return file;
}
