// One job runner for all background work (issue 9): tasks are defined with a handler, enqueued
// with an optional key, and periodic tasks run once per period for the whole cluster, not once
// per process. Underneath: pg-boss 10 (SKIP LOCKED) over the platform's own Db, so the same
// queue runs on PostgreSQL and on embedded PGlite (docs/decisions/0007-one-job-queue.md).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import type { Db } from './db.ts';

export type JobContext = { id: string; task: string; attempt: number; signal: AbortSignal };
export type TaskHandler<T> = (payload: T, ctx: JobContext) => Promise<void>;

export type TaskOptions = {
  retryLimit?: number; // retries after the first run; then the job ends `failed` with its error
  retryDelaySeconds?: number; // first retry delay; doubled (with jitter) each retry
  expireInSeconds?: number; // a run longer than this is failed (and retried) by pg-boss
  concurrency?: number; // jobs of this task one process runs at a time
};

export type EnqueueOptions = {
  key?: string; // idempotence: while a job with this key waits, enqueueing it again adds nothing
  startAfterSeconds?: number;
};

export type JobLog = { info(o: object, m: string): void; error(o: object, m: string): void };

export type JobsConfig = { pollSeconds: number }; // how often an idle worker looks for work (>= 0.5)
export type StartOptions = { log?: JobLog; schedules?: boolean }; // schedules false: workers only (tests)

export type Jobs = {
  readonly workerId: string; // this process, as it appears in leases and logs
  define<T extends object>(task: string, handler: TaskHandler<T>, opts?: TaskOptions): void;
  // Periodic task (defined with define): at most one job per `seconds` slot for the cluster.
  every(task: string, seconds: number, payload?: object): void;
  enqueue<T extends object>(task: string, payload: T, opts?: EnqueueOptions): Promise<string | null>;
  // Starts the workers for the defined tasks and the schedules. enqueue works without it.
  start(o?: StartOptions): Promise<void>;
  // Creates the queues of the defined tasks (a table partition each), as start does before its
  // workers, without starting any: a migrated test template has them ready (test/helpers).
  createQueues(): Promise<void>;
  // Stops taking jobs, aborts the running ones' signals and waits up to timeoutMs for them.
  stop(timeoutMs?: number): Promise<void>;
};

export const JOB_SCHEMA = 'pgboss';

type Defined = { handler: TaskHandler<object>; opts: Required<TaskOptions> };
const DEFAULTS: Required<TaskOptions> = { retryLimit: 4, retryDelaySeconds: 5, expireInSeconds: 15 * 60, concurrency: 1 };

export function createJobs(db: Db, config: JobsConfig): Jobs {
  let log: JobLog = { info() {}, error() {} };
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const tasks = new Map<string, Defined>();
  const schedules: { task: string; seconds: number; payload: object }[] = [];
  const workerIds = new Map<string, string[]>();
  const timers: NodeJS.Timeout[] = [];
  const abort = new AbortController();
  let boss: PgBoss | undefined;
  let opening: Promise<PgBoss> | undefined;
  let working = false;
  // set once stop() has returned: a handler still running then (it outlived stop's timeout) ends
  // later, and pg-boss writes its outcome through our Db, which the caller may have closed by then.
  // That write is dropped with a log line instead of rejecting where no one awaits it (which ended
  // the process): pg-boss's stop has already put the job back for a retry (or its expiry will).
  let stopped = false;
  const executeSql = async (text: string, values: unknown[]) => {
    try {
      return { rows: await db.query(text, values) };
    } catch (err) {
      if (!stopped) throw err;
      log.info({ err: (err as Error).message }, 'job queue write after the runner stopped, dropped (the job is retried)');
      // no rows at all: pg-boss counts the jobs its completion or failure affected as 0
      // (mapCommandResponse reads `rows[0].count` only when `rows` is there)
      return { rows: undefined as unknown as unknown[] };
    }
  };

  const open = (supervise: boolean) =>
    (opening ??= (async () => {
      const b = new PgBoss({
        db: { executeSql },
        schema: JOB_SCHEMA,
        migrate: false, // the tables come from migrations/0009_jobs.sql; start checks their version
        schedule: false, // periodic tasks use throttled sends (every), which have second slots
        supervise,
        pollingIntervalSeconds: config.pollSeconds,
      });
      b.on('error', (err: Error) => log.error({ err }, 'job queue error'));
      await b.start();
      boss = b;
      return b;
    })());

  const ensureQueue = async (b: PgBoss, task: string) => {
    const o = tasks.get(task)?.opts ?? DEFAULTS;
    // 'short': one waiting job per key; keys are unique per job unless the caller gives one
    const q = { name: task, policy: 'short' as const, retryLimit: o.retryLimit, retryDelay: o.retryDelaySeconds, retryBackoff: true, expireInSeconds: o.expireInSeconds };
    await b.createQueue(task, q);
    await b.updateQueue(task, q);
  };
  const queues = new Set<string>();
  const queueOf = async (b: PgBoss, task: string) => {
    if (queues.has(task)) return;
    // processes starting together create the same queues (a table and partition each): the loser
    // of a deadlock is rolled back and tries again; creating a queue is idempotent
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureQueue(b, task);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
      }
    }
    queues.add(task);
  };

  const send = async (task: string, payload: object, opts: PgBoss.SendOptions): Promise<string | null> => {
    const b = boss ?? (await open(false));
    await queueOf(b, task);
    const id = await b.send(task, payload, opts);
    // a worker of this process picks it up now rather than at its next poll
    if (id) for (const w of workerIds.get(task) ?? []) b.notifyWorker(w);
    return id;
  };

  return {
    workerId,
    define(task, handler, opts) {
      if (working) throw new Error(`task ${task} defined after start`);
      tasks.set(task, { handler: handler as TaskHandler<object>, opts: { ...DEFAULTS, ...opts } });
    },
    every(task, seconds, payload = {}) {
      if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`every(${task}): seconds must be a positive integer`);
      schedules.push({ task, seconds, payload });
    },
    enqueue(task, payload, opts = {}) {
      return send(task, payload, {
        singletonKey: opts.key ?? randomUUID(),
        ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      });
    },
    async start(o = {}) {
      stopped = false;
      if (working) return;
      working = true;
      if (o.log) log = o.log;
      if (boss) {
        // opened send-only before: reopen with supervision (expiry of stuck jobs, archiving)
        await boss.stop({ graceful: false, wait: true, close: false });
        boss = undefined;
        opening = undefined;
      }
      const b = await open(true);
      for (const [task, d] of tasks) {
        await queueOf(b, task);
        const ids: string[] = [];
        for (let i = 0; i < d.opts.concurrency; i++)
          ids.push(
            await b.work<object>(task, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: config.pollSeconds }, async ([job]) => {
              if (!job) return;
              const ctx: JobContext = { id: job.id, task, attempt: job.retryCount + 1, signal: abort.signal };
              try {
                await d.handler(job.data, ctx);
              } catch (err) {
                log.error({ err, task, job: job.id, attempt: ctx.attempt, worker: workerId }, `job ${task} failed`);
                throw err; // pg-boss records the error and retries with back-off, then fails the job
              }
              log.info({ task, job: job.id, attempt: ctx.attempt, worker: workerId }, `job ${task} done`);
            }),
          );
        workerIds.set(task, ids);
      }
      if (o.schedules === false) return;
      for (const s of schedules) {
        // every process offers the job each slot; the throttle index keeps one per slot
        const tick = () =>
          void send(s.task, s.payload, { singletonKey: `every:${s.task}`, singletonSeconds: s.seconds }).catch((err) =>
            log.error({ err, task: s.task }, `scheduling ${s.task} failed`),
          );
        tick();
        const t = setInterval(tick, Math.max(500, Math.floor((s.seconds * 1000) / 2)));
        t.unref();
        timers.push(t);
      }
    },
    async createQueues() {
      const b = boss ?? (await open(false));
      for (const task of tasks.keys()) await queueOf(b, task);
    },
    async stop(timeoutMs = 10_000) {
      for (const t of timers) clearInterval(t);
      timers.length = 0;
      abort.abort();
      const b = boss;
      boss = undefined;
      opening = undefined;
      working = false;
      if (!b) return;
      // graceful: running handlers finish (they watch the signal); close: false keeps our Db open
      await b.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
      stopped = true;
    },
  };
}

// ---- what operators see (xinyong jobs; docs/operations.md#background-jobs)

export type JobCount = { task: string; state: string; jobs: number };
export type FailedJob = { id: string; task: string; attempts: number; error: string | null; data: unknown; createdOn: Date; failedOn: Date | null };

// Jobs by task and state, kept ones (pgboss.job) and archived ones alike.
export async function countJobs(db: Db): Promise<JobCount[]> {
  return db.query<JobCount>(
    `SELECT name AS task, state::text AS state, count(*)::int AS jobs
     FROM (SELECT name, state FROM ${JOB_SCHEMA}.job UNION ALL SELECT name, state FROM ${JOB_SCHEMA}.archive) j
     GROUP BY name, state ORDER BY name, state`,
  );
}

// Jobs that used up their retries, newest first, with the error of the last attempt.
export async function listFailedJobs(db: Db, limit: number, task?: string): Promise<FailedJob[]> {
  return db.query<FailedJob>(
    `SELECT id, name AS task, retry_count + 1 AS attempts, output->>'message' AS error, data, created_on AS "createdOn", completed_on AS "failedOn"
     FROM (SELECT * FROM ${JOB_SCHEMA}.job UNION ALL SELECT id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff, start_after,
             started_on, singleton_key, singleton_on, expire_in, created_on, completed_on, keep_until, output, dead_letter, policy FROM ${JOB_SCHEMA}.archive) j
     WHERE state = 'failed' AND ($2::text IS NULL OR name = $2)
     ORDER BY completed_on DESC NULLS LAST LIMIT $1`,
    [limit, task ?? null],
  );
}
