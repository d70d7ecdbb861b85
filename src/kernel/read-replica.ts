// Public reads on a PostgreSQL read replica (DATABASE_READ_URL; docs/decisions/0027, docs/operations.md
// "A read replica"). The read router hands public routes a Db for one request: the replica while it
// is known to be fresh within the configured bound, else the primary. Everything else (sign-in,
// imports, credit checks, anything that must read its own write) keeps using platform.db.
//
// How freshness is known, without trusting clocks or the replica's idea of time: every sample the
// router writes a heartbeat into the primary's WAL (pg_logical_emit_message, non-transactional: no
// table, no transaction id) and notes the time it asked, with the primary's flush position. A
// commit acknowledged before that time lies before both positions in the WAL, so once the replica
// has replayed up to them (pg_last_wal_replay_lsn) it shows everything committed before that time:
// the replica's data are "as of" the newest such time. lag = now − asOf. It grows by itself when
// the replica stops (paused replay, a broken stream, a dead replica) or when sampling stops, so
// the fallback to the primary needs no separate failure detection. The resolution is one sample
// interval.
import type { Db, Row } from './db.ts';

export type ReadSource = 'primary' | 'replica';

export type ReadChoice = {
  db: Db;
  source: ReadSource;
  asOf: Date; // the data are complete up to this instant (the primary: now)
  lagMs: number; // 0 on the primary
};

export type ReplicaStatus = {
  configured: boolean;
  source: ReadSource; // where a public read would go now
  lagMs: number | null; // null: never seen the replica answer
  asOf: string | null;
  maxLagMs: number;
  paused: boolean | null; // replay paused on the replica (pg_wal_replay_pause)
  lastError: string | null;
  fallbacks: number; // public reads sent to the primary because the replica was behind or down
};

export type ReadRouter = {
  // the Db for one public request (one source for the whole request)
  pick(): ReadChoice;
  status(): ReplicaStatus;
  sample(): Promise<void>; // one sample now (serve samples on a timer; tests call it directly)
  start(): void;
  stop(): Promise<void>;
};

export type ReadReplicaSettings = { maxLagMs: number; sampleMs: number };

// LSN text "16/B374D848" as a number of bytes (BigInt: positions pass 2^53 on long-lived servers).
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn);
  if (!m) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

type Mark = { lsn: bigint; at: number };

// The pure part: given the primary's marks (position, time asked) and the replica's replay position,
// the instant the replica's data are complete up to; undefined if it has replayed none of them.
export function replicaAsOf(marks: readonly Mark[], replayLsn: bigint): number | undefined {
  let asOf: number | undefined;
  for (const m of marks) if (m.lsn <= replayLsn && (asOf === undefined || m.at > asOf)) asOf = m.at;
  return asOf;
}

// A router that always answers the primary: PGlite, or PostgreSQL without DATABASE_READ_URL.
export function primaryOnly(primary: Db, now: () => number = Date.now): ReadRouter {
  return {
    pick: () => ({ db: primary, source: 'primary', asOf: new Date(now()), lagMs: 0 }),
    status: () => ({ configured: false, source: 'primary', lagMs: null, asOf: null, maxLagMs: 0, paused: null, lastError: null, fallbacks: 0 }),
    sample: async () => {},
    start() {},
    stop: async () => {},
  };
}

export function createReadRouter(primary: Db, replica: Db, settings: ReadReplicaSettings, now: () => number = Date.now): ReadRouter {
  let marks: Mark[] = [];
  let asOf: number | undefined;
  let paused: boolean | null = null;
  let lastError: string | null = null;
  let fallbacks = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let beats = true; // pg_logical_emit_message refused (a restricted role): flush positions only

  const fresh = () => asOf !== undefined && now() - asOf <= settings.maxLagMs;

  // A query on the replica that fails for the replica's sake (gone, restarting, a recovery
  // conflict cancelled it) is answered by the primary instead, and the replica is taken out of
  // use until the next good sample.
  const replicaFailed = (err: unknown) => {
    const code = (err as { code?: string }).code ?? '';
    return code.startsWith('08') || code === '57P01' || code === '57P03' || code === '40001' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || /Connection terminated|connect ECONNREFUSED/.test(String((err as Error).message));
  };
  const guarded: Db = {
    kind: replica.kind,
    async query<R extends Row = Row>(text: string, values?: readonly unknown[], name?: string): Promise<R[]> {
      try {
        return await replica.query<R>(text, values, name);
      } catch (err) {
        if (!replicaFailed(err)) throw err;
        asOf = undefined;
        lastError = (err as Error).message;
        fallbacks++;
        return primary.query<R>(text, values, name);
      }
    },
    async one<R extends Row = Row>(text: string, values?: readonly unknown[], name?: string): Promise<R | undefined> {
      return (await guarded.query<R>(text, values, name))[0];
    },
    // a read-only transaction (e.g. SET LOCAL for one query): on the replica, on the primary if the
    // replica fails; a write inside fails on the standby (25006) and is not retried
    async tx<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      try {
        return await replica.tx(fn);
      } catch (err) {
        if (!replicaFailed(err)) throw err;
        asOf = undefined;
        lastError = (err as Error).message;
        fallbacks++;
        return primary.tx(fn);
      }
    },
    copyIn: () => Promise.reject(new Error('the read replica is read-only: write through platform.db')),
    close: async () => {},
  };

  async function sampleOnce(): Promise<void> {
    const at = now();
    try {
      const row = await primary.one<{ flush: string; beat: string | null }>(
        beats
          ? "SELECT pg_current_wal_flush_lsn()::text AS flush, pg_logical_emit_message(false, 'xinyong.read-replica', '')::text AS beat"
          : 'SELECT pg_current_wal_flush_lsn()::text AS flush, NULL AS beat',
      );
      const flush = parseLsn(row!.flush);
      const beat = row!.beat ? parseLsn(row!.beat) : flush;
      marks.push({ lsn: flush < beat ? flush : beat, at });
    } catch (err) {
      if (beats && (err as { code?: string }).code === '42501') beats = false; // insufficient privilege
      lastError = `primary: ${(err as Error).message}`;
      return;
    }
    try {
      const r = await replica.one<{ lsn: string | null; paused: boolean | null }>(
        "SELECT pg_last_wal_replay_lsn()::text AS lsn, CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() <> 'not paused' END AS paused",
      );
      paused = r?.paused ?? null;
      if (!r?.lsn) {
        // not a standby (promoted, or the URL names a primary): its data are not the primary's
        asOf = undefined;
        lastError = 'replica: not in recovery (pg_last_wal_replay_lsn() is null); public reads use the primary';
        return;
      }
      const seen = replicaAsOf(marks, parseLsn(r.lsn));
      if (seen !== undefined) asOf = Math.max(asOf ?? 0, seen);
      // keep the newest mark the replica has reached and every later one (bounded)
      marks = marks.filter((m) => asOf === undefined || m.at >= asOf).slice(-10_000);
      lastError = null;
    } catch (err) {
      asOf = undefined;
      paused = null;
      lastError = `replica: ${(err as Error).message}`;
    }
  }

  const router: ReadRouter = {
    pick() {
      if (fresh()) return { db: guarded, source: 'replica', asOf: new Date(asOf!), lagMs: Math.max(0, now() - asOf!) };
      fallbacks++;
      return { db: primary, source: 'primary', asOf: new Date(now()), lagMs: 0 };
    },
    status() {
      const lag = asOf === undefined ? null : Math.max(0, now() - asOf);
      return {
        configured: true,
        source: fresh() ? 'replica' : 'primary',
        lagMs: lag,
        asOf: asOf === undefined ? null : new Date(asOf).toISOString(),
        maxLagMs: settings.maxLagMs,
        paused,
        lastError,
        fallbacks,
      };
    },
    sample() {
      // one sample at a time: a slow replica does not pile samples up
      running ??= sampleOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      if (timer) return;
      void router.sample();
      timer = setInterval(() => void router.sample(), settings.sampleMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return router;
}

// For a public route: the Db of this request, and headers saying where its data came from and how
// fresh they are (only when a replica is configured): X-Data-Source replica|primary, X-Data-As-Of.
export function publicRead(p: { reads: ReadRouter }, reply: { header(name: string, value: string): unknown }): Db {
  const choice = p.reads.pick();
  if (p.reads.status().configured) {
    reply.header('x-data-source', choice.source);
    reply.header('x-data-as-of', choice.asOf.toISOString());
  }
  return choice.db;
}
