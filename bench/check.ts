// npm run bench -- check [--subjects N] [--records M] [--persons P] [--lists L] [--seconds S] [--json] [--keep] [--reuse DB] [--profile DIR] [--concurrency 8,64] [--ungraded] [--phases] [--server-node-args ARGS]
// Credit checks through HTTP (signed requests to `xinyong serve`, a separate process) at
// concurrency 8 and 64, beside raw indexed SQL look-ups of the same subjects (subject by code
// with its current records, prepared, one round trip) in the same run, on PostgreSQL with
// 1,000,000 subjects, 5,000,000 records and 50,000 list entries built by the demo generator.
// Subjects and records are bulk-loaded with COPY into the real tables (indexes built after);
// list entries go through the real import pipeline (subjects, legal-representative links).
// Each phase also reports CPU per check or look-up (µs, from /proc on Linux): the server process,
// the PostgreSQL backends of the bench database, and the load generator (this process).
// --profile DIR: the server writes a V8 CPU profile (node --cpu-prof) there when it stops.
// --phases: each phase also reports where the slowest 1 % and 2 % of checks spent their time
// against the middle of the run (`phases`, bench/phases.ts); the server keeps each check's steps.
// --server-node-args "--max-semi-space-size=64 …": node options of the server process only (A/B of
// V8 settings without touching the load generator).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import { createClient } from '../src/modules/access/clients.store.ts';
import { parseCredential, signRequest } from '../src/modules/access/signing.client.ts';
import { ensureDemoDepartments } from '../src/modules/demo/demo.service.ts';
import { mix32 } from '../src/modules/demo/demo.rng.ts';
import { drainDirty } from '../src/modules/classification/classification.service.ts';
import { sweepSubscriptions } from '../src/modules/subscriptions/subscriptions.service.ts';
import { activeSubscriptions, lockCursor, moveCursor } from '../src/modules/subscriptions/subscriptions.store.ts';
import { latestRecordId } from '../src/modules/collection/records.store.ts';
import { openBenchDatabase, PG_ADMIN } from './dataset.ts';
import { phaseReport, type Sent } from './phases.ts';
import type { PhaseDump } from '../src/kernel/phase-trace.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SCENARIO = 'procurement';

type Cpu = { server?: number; postgres: number; client: number }; // µs of CPU per check or look-up
type Phase = { concurrency: number; requests: number; seconds: number; throughput: number; p50Ms: number; p99Ms: number; errors: number; cpuUs?: Cpu };
type Figures = { throughput: number; baselineThroughput: number; ratio: number; p50Ms: number; p99Ms: number; baselineP50Ms: number; baselineP99Ms: number };
type Code = { code: string; column: 'uscc' | 'reg_no' | 'subject_key'; value: string; listed: boolean };

export const checkBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        subjects: { type: 'string' },
        records: { type: 'string' },
        persons: { type: 'string' },
        lists: { type: 'string' },
        seconds: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        reuse: { type: 'string' },
        profile: { type: 'string' },
        concurrency: { type: 'string' },
        ungraded: { type: 'boolean' },
        phases: { type: 'boolean' },
        'server-node-args': { type: 'string' },
      },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const n = { subjects: Number(values.subjects ?? 1_000_000), persons: Number(values.persons ?? 0), records: Number(values.records ?? 5_000_000), lists: Number(values.lists ?? 50_000) };
    const seconds = Number(values.seconds ?? 20);
    const db = await openBenchDatabase({ bench: 'check', n, reuse: values.reuse, keep: values.keep, log });
    const { name, env, loaded } = db;
    const url = db.url;
    // the bench's own connection (CPU of the bench database's backends)
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    let server: ChildProcess | undefined;
    try {
      const p = await openPlatform(loadConfig(env), { command: 'bench check' });
      let credential: string;
      let codes: Code[];
      let graded: { marked: number; graded: number; seconds: number } | null = null;
      try {
        const finance = (await ensureDemoDepartments(p, SYSTEM_ACTOR)).find((d) => d.department.kinds.includes('finance') && d.demo.level === 'province')!;
        credential = (await createClient(p, SYSTEM_ACTOR, finance.department, 'bench', ['check'])).credential;
        codes = await sampleCodes(p, 20_000);
        // A platform grades every subject whose file changed (record triggers mark it, the drain
        // grades it), so a check reads a stored grade. The bulk load bypasses the triggers: grade
        // the sampled subjects (and the list entries' subjects, marked by the import) through the
        // drain before measuring. --ungraded skips this: every first check of a subject then grades
        // it in a transaction of its own (the state the 2 M run of 2026-12-06 measured).
        if (!values.ungraded) {
          const t = Date.now();
          const marked = await markSubjectsDirty(p, codes);
          const r = await drainDirty(p);
          graded = { marked, graded: r.graded, seconds: round((Date.now() - t) / 1000, 1) };
          log(`grades: ${marked} sampled subjects marked, ${r.graded} graded by the drain in ${graded.seconds} s`);
        }
        // The subscriptions sweep's cursor starts at the records there were when its migration ran
        // (none, for a data set loaded after): a running platform has long swept the loaded
        // records, else the server's first sweep reads every record (2,000 a transaction) while
        // the checks are measured (seen 2026-12-06: ~53 sweep transactions in a 20 s phase at
        // 100,000 records; at 5 M the sweep takes hours on a loaded machine). With no active
        // subscription a sweep only moves the cursor: move it to the last record, as it would.
        if ((await activeSubscriptions(p.db)).length === 0)
          await p.db.tx(async (tx) => {
            await lockCursor(tx);
            await moveCursor(tx, await latestRecordId(tx));
          });
        else {
          const t = Date.now();
          const swept = await sweepSubscriptions(p);
          log(`subscriptions sweep: ${swept.scanned} record versions in ${round((Date.now() - t) / 1000, 1)} s`);
        }
      } finally {
        await p.close();
      }
      log(`${codes.length} subject codes sampled (${codes.filter((c) => c.listed).length} on a list)`);
      // a freshly loaded table: set the visibility map and statistics, and flush the load's WAL,
      // so neither autovacuum nor a checkpoint runs into the measurement
      log('vacuum, analyze, checkpoint…');
      const maint = new pg.Client({ connectionString: url.toString() });
      await maint.connect();
      await maint.query('VACUUM (ANALYZE) subject, record, subject_link');
      await maint.query('CHECKPOINT').catch(() => {}); // needs superuser; skipped otherwise
      // a running platform reads from a warm cache: read the tables and indexes into the OS
      // cache first (pg_prewarm 'read'), else the first minutes measure the disk, not the code
      log('prewarm…');
      await maint
        .query(
          `CREATE EXTENSION IF NOT EXISTS pg_prewarm;
           SELECT pg_prewarm(c.oid, 'read') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relname !~ '^(audit_|credit_check)'`,
        )
        .catch((err: Error) => log(`  prewarm skipped: ${err.message}`));
      await maint.end();

      const port = 18000 + Math.floor(Math.random() * 2000);
      const tracePrefix = values.phases ? path.join(os.tmpdir(), `xy-phases-${name}-${port}`) : undefined;
      server = await startServer({ ...env, PORT: String(port), ...(tracePrefix ? { XINYONG_PHASE_TRACE: tracePrefix } : {}) }, [
        ...(values['server-node-args']?.split(/\s+/).filter(Boolean) ?? []),
        ...(values.profile ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(values.profile)}`] : []),
      ]);
      const target = { port, credential: parseCredential(credential) };
      let dumps = 0;
      const traceDump = async (): Promise<PhaseDump> => {
        const file = `${tracePrefix}.${++dumps}.json`;
        server!.kill('SIGUSR2');
        for (let i = 0; i < 500 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 50)); // written in one call: let it finish
        const dump = JSON.parse(readFileSync(file, 'utf8')) as PhaseDump;
        rmSync(file);
        return dump;
      };
      log('warm-up…');
      await httpPhase(target, codes, 8, 3);
      if (tracePrefix) await traceDump(); // the warm-up's steps: not kept
      const pool = new pg.Pool({ connectionString: url.toString(), max: 64 });
      await sqlPhase(pool, codes, 8, 2);
      const cpu = cpuMeter(admin, name, server.pid!);

      const result: Record<string, unknown> = { bench: 'check' };
      for (const c of (values.concurrency ?? '8,64').split(',').map(Number)) {
        log(`concurrency ${c}: credit checks through HTTP for ${seconds} s…`);
        let m = await cpu.start();
        const sent: Sent[] | undefined = tracePrefix ? [] : undefined;
        const loop = sent ? monitorEventLoopDelay({ resolution: 1 }) : undefined;
        loop?.enable();
        const waits = sent ? waitSampler(admin, name) : undefined;
        const h = await httpPhase(target, codes, c, seconds, sent);
        h.cpuUs = await cpu.stop(m, h.requests);
        loop?.disable();
        const postgresWaits = await waits?.stop();
        const phases = sent ? { ...phaseReport(sent, await traceDump(), { p99: round(loop!.percentile(99) / 1e6, 3), max: round(loop!.max / 1e6, 3) }), postgresWaits } : undefined;
        if (phases) log(`  slowest 1 %: ${JSON.stringify(phases.slowest1.phasesMs)}; middle: ${JSON.stringify(phases.middle.phasesMs)}`);
        log(`  ${h.throughput}/s, p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms${h.errors ? `, ${h.errors} errors` : ''}; CPU µs per check: ${cpuText(h.cpuUs)}`);
        log(`concurrency ${c}: raw indexed look-ups in SQL for ${seconds} s…`);
        m = await cpu.start();
        const b = await sqlPhase(pool, codes, c, seconds);
        b.cpuUs = await cpu.stop(m, b.requests);
        delete b.cpuUs.server;
        log(`  ${b.throughput}/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms; CPU µs per look-up: ${cpuText(b.cpuUs)}`);
        const f: Figures & { errors: number; requests: number; cpuUsPerCheck?: Cpu; baselineCpuUsPerLookup?: Cpu; phases?: ReturnType<typeof phaseReport> } = {
          throughput: h.throughput,
          baselineThroughput: b.throughput,
          ratio: round(h.throughput / b.throughput, 3),
          p50Ms: h.p50Ms,
          p99Ms: h.p99Ms,
          baselineP50Ms: b.p50Ms,
          baselineP99Ms: b.p99Ms,
          errors: h.errors,
          requests: h.requests,
          ...(h.cpuUs ? { cpuUsPerCheck: h.cpuUs, baselineCpuUsPerLookup: b.cpuUs } : {}),
          ...(phases ? { phases } : {}),
        };
        if (c === 8) Object.assign(result, f);
        else result[`c${c}`] = f;
      }
      await pool.end();
      result.data = { database: db.describe(), subjects: n.subjects, records: n.records, listEntries: n.lists, ...loaded };
      result.gradedBeforeMeasuring = graded ?? 'no (--ungraded)';
      if (values['server-node-args']) result.serverNodeArgs = values['server-node-args'];
      result.targets = { p99MsAtC8: 10, ratio: 0.3 };
      if (values.json) console.log(JSON.stringify(result));
      else console.log(JSON.stringify(result, null, 2));
      return 0;
    } finally {
      if (server) {
        server.kill('SIGTERM');
        await new Promise((r) => server!.once('exit', r));
      }
      await admin.end();
      await db.close();
    }
  },
};

// What the bench database's active backends (and the WAL writer) are doing, sampled every 10 ms
// on the bench's own connection during a phase (--phases): the share of samples per wait event,
// 'CPU' where a backend is active and waits for nothing (running, or waiting for a core).
function waitSampler(admin: pg.Client, database: string): { stop(): Promise<{ samples: number; activeBackendsMean: number; share: Record<string, number> }> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let active = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const r = await admin.query<{ w: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND ((datname = $1 AND state = 'active') OR backend_type = 'walwriter' AND wait_event IS DISTINCT FROM 'WalWriterMain')`,
        [database],
      );
      samples += 1;
      active += r.rows.length;
      for (const { w } of r.rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
      const share = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / total, 3)]));
      return { samples, activeBackendsMean: round(active / Math.max(1, samples), 2), share };
    },
  };
}

// Codes of subjects to check: a third on a list (so measures apply), the rest at random.
export async function sampleCodes(p: Platform, count: number): Promise<Code[]> {
  type Row = { kind: string; uscc: string | null; reg_no: string | null; subject_key: string; id_cipher: string | null; listed: boolean };
  const lists = p.catalog.all().filter((c) => c.list).map((c) => c.code);
  const listed = await p.db.query<Row>(
    `SELECT s.kind, s.uscc, s.reg_no, s.subject_key, s.id_cipher, true AS listed FROM subject s
     WHERE s.id IN (SELECT subject_id FROM record WHERE category = ANY($1::text[]) AND superseded_at IS NULL ORDER BY id LIMIT $2)`,
    [lists, Math.round(count / 3)],
  );
  const max = (await p.db.one<{ n: number }>('SELECT max(id) AS n FROM subject'))!.n;
  const ids = Array.from({ length: count - listed.length }, (_, i) => 1 + (mix32(i * 7 + 3) % max));
  const others = await p.db.query<Row>('SELECT kind, uscc, reg_no, subject_key, id_cipher, false AS listed FROM subject WHERE id = ANY($1::bigint[])', [ids]);
  const codes = [...listed, ...others].map((r): Code =>
    r.kind === 'person'
      ? { code: p.crypto.decrypt(r.id_cipher!), column: 'subject_key', value: r.subject_key, listed: r.listed }
      : r.uscc
        ? { code: r.uscc, column: 'subject_key', value: `USCC:${r.uscc}`, listed: r.listed } // the unique key: subject_uscc_idx went in 0028
        : { code: r.reg_no!, column: 'reg_no', value: r.reg_no!, listed: r.listed },
  );
  // shuffle deterministically so listed and other subjects interleave
  return codes.map((c, i) => ({ c, k: mix32(i) })).sort((a, b) => a.k - b.k).map((x) => x.c);
}

// The sampled subjects as a record trigger marks them (classification_dirty, 0018).
async function markSubjectsDirty(p: Platform, codes: Code[]): Promise<number> {
  const keys = codes.filter((c) => c.column === 'subject_key').map((c) => c.value);
  const regNos = codes.filter((c) => c.column === 'reg_no').map((c) => c.value);
  const rows = await p.db.query<{ n: number }>(
    `WITH m AS (INSERT INTO classification_dirty (subject_id) SELECT id FROM subject WHERE subject_key = ANY($1::text[]) OR reg_no = ANY($2::text[])
                ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM m`,
    [keys, regNos],
  );
  return rows[0]!.n;
}

// ---- load

export function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin/xinyong.mjs'), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('running at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

// CPU seconds of processes so far (utime + stime from /proc/<pid>/stat); 0 where unreadable.
function cpuSeconds(pids: readonly number[]): Map<number, number> {
  const hz = 100; // USER_HZ on Linux
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) / hz);
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

type CpuMark = { server: number; backends: Map<number, number>; client: NodeJS.CpuUsage };

// The server process, this process, and the PostgreSQL backends connected to the bench database
// (a backend that appears during a phase counts from zero).
function cpuMeter(admin: pg.Client, database: string, serverPid: number) {
  const backends = async () =>
    (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows.map((r) => r.pid);
  return {
    async start(): Promise<CpuMark> {
      return { server: cpuSeconds([serverPid]).get(serverPid)!, backends: cpuSeconds(await backends()), client: process.cpuUsage() };
    },
    async stop(m: CpuMark, count: number): Promise<Cpu> {
      const client = process.cpuUsage(m.client);
      const now = cpuSeconds(await backends());
      let pgSeconds = 0;
      for (const [pid, s] of now) pgSeconds += s - (m.backends.get(pid) ?? 0);
      const per = (sec: number) => Math.round((sec * 1e6) / Math.max(1, count));
      return { server: per(cpuSeconds([serverPid]).get(serverPid)! - m.server), postgres: per(pgSeconds), client: per((client.user + client.system) / 1e6) };
    },
  };
}

const cpuText = (c: Cpu) => `${c.server !== undefined ? `server ${c.server}, ` : ''}PostgreSQL ${c.postgres}, load generator ${c.client}`;

const percentile = (sorted: Float64Array, q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function summarize(concurrency: number, latencies: number[], seconds: number, errors: number): Phase {
  const sorted = Float64Array.from(latencies).sort();
  return {
    concurrency,
    requests: latencies.length,
    seconds: round(seconds, 2),
    throughput: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    errors,
  };
}

// A minimal HTTP/1.1 keep-alive connection: the load generator shares the cores with the server
// and PostgreSQL, and node:http's client costs several times what the request is worth to it.
// The server receives an ordinary request (one write: headers and body) and answers as to any
// client; the answer is read to its last byte (Content-Length) before the time is taken.
class Connection {
  private socket: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | undefined;
  private dead = false;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      this.parse();
    });
    const fail = () => {
      this.dead = true;
      this.finish(-1);
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  get usable(): boolean {
    return !this.dead;
  }

  // resolves with the status code, or -1 if the connection failed
  send(request: string): Promise<number> {
    return new Promise((resolve) => {
      if (this.dead) return resolve(-1);
      this.waiting = resolve;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private finish(status: number): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.(status);
  }

  private parse(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      // not expected from this server (JSON answers carry a length): give the connection up
      this.socket.destroy();
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    this.finish(Number(head.slice(9, 12)));
  }
}

// sent: when given, each answered check's matterRef with its send and receive times (epoch ms)
export async function httpPhase(target: { port: number; credential: { keyId: string; secret: string } }, codes: Code[], concurrency: number, seconds: number, sent?: Sent[]): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const requestOf = (code: Code, i: number) => {
    const body = JSON.stringify({ subject: code.code, scenario: SCENARIO, matterRef: `bench-${i}` });
    const headers = signRequest(target.credential, { method: 'POST', path: '/api/v1/credit-checks', body, nonce: randomBytes(16).toString('base64url') });
    let head = `POST /api/v1/credit-checks HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    return `${head}\r\n${body}`;
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      let conn = new Connection(target.port);
      while (performance.now() < end) {
        const i = next++;
        const request = requestOf(codes[i % codes.length]!, i);
        const t = performance.now();
        const status = await conn.send(request);
        const done = performance.now();
        const ms = done - t;
        if (status === 200) {
          latencies.push(ms);
          sent?.push({ key: `bench-${i}`, sent: performance.timeOrigin + t, received: performance.timeOrigin + done });
        } else errors += 1;
        if (!conn.usable) conn = new Connection(target.port);
      }
      conn.close();
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return summarize(concurrency, latencies, elapsed, errors);
}

// The same subjects looked up directly: subject by code with its current records, one prepared
// statement, one round trip.
export async function sqlPhase(pool: pg.Pool, codes: Code[], concurrency: number, seconds: number): Promise<Phase> {
  const text = (col: Code['column']) =>
    `SELECT s.id, s.kind, s.name, r.id AS record_id, r.category, r.decision_date, r.severity, r.status, r.valid_until
     FROM subject s LEFT JOIN record r ON r.subject_id = s.id AND r.superseded_at IS NULL
     WHERE s.${col} = $1`;
  const latencies: number[] = [];
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < end) {
          const c = codes[next++ % codes.length]!;
          const t = performance.now();
          await client.query({ name: `bench-${c.column}`, text: text(c.column), values: [c.value] });
          latencies.push(performance.now() - t);
        }
      } finally {
        client.release();
      }
    }),
  );
  return summarize(concurrency, latencies, (performance.now() - t0) / 1000, 0);
}

