// The audit sequencer: a loop in every serving process that links committed audit events into the
// hash chain shortly after they commit (chainAuditEvents in src/kernel/audit.ts). Several
// processes may run it: one pass runs at a time (advisory lock), the others find it busy and try
// again on their next tick. It catches up at start (events a crash left unchained), and `close`
// runs a last pass so that a one-shot CLI command leaves its own events chained.
// Not a job on the queue: the queue's second-long slots and its own writes per run would not keep
// the delay from commit to chain under the 2 s of docs/security.md.
import type { Db } from './db.ts';
import { chainAuditEvents, type ChainPass } from './audit.ts';
import { span, spanStart } from './phase-trace.ts';

export type SequencerLog = { info(o: object, m: string): void; error(o: object, m: string): void };

export type AuditSequencer = {
  // starts the loop: a pass now (catch-up), then every intervalMs while events wait
  start(log?: SequencerLog): Promise<void>;
  // stops the loop and waits for a pass under way
  stop(): Promise<void>;
  // one pass now, queueing behind one running elsewhere: on return, every event committed before
  // the call is chained (for readers that need the chain itself: verify, checkpoint, export)
  settle(): Promise<ChainPass>;
  readonly running: boolean;
};

export function createAuditSequencer(db: Db, opts: { intervalMs: number }): AuditSequencer {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();
  let log: SequencerLog = { info() {}, error() {} };
  let failing = false;

  const pass = async (): Promise<void> => {
    const started = spanStart(); // bench check --phases only
    try {
      // the common case, nothing waiting, costs one look at a small partial index
      const waiting = await db.one<{ w: boolean }>('SELECT EXISTS (SELECT 1 FROM audit_event WHERE seq IS NULL) AS w', [], 'audit.seq-waiting');
      if (waiting?.w) await chainAuditEvents(db);
      if (failing) log.info({}, 'audit sequencer: chaining again');
      failing = false;
    } catch (err) {
      // the events stay unchained and are taken by the next pass; logged once per outage
      if (!failing) log.error({ err }, 'audit sequencer: a pass failed; events stay unchained until the next one');
      failing = true;
    }
    span('audit.pass', started);
  };
  const tick = () => {
    current = pass().finally(() => {
      if (running) timer = setTimeout(tick, opts.intervalMs);
    });
  };

  return {
    get running() {
      return running;
    },
    async start(l) {
      if (running) return;
      if (l) log = l;
      // catch-up first, waiting for a pass elsewhere: events left by a crash are chained before serving
      const r = await chainAuditEvents(db, { wait: true });
      if (r.chained) log.info({ chained: r.chained, headSeq: r.headSeq }, 'audit sequencer: caught up with events committed before start');
      running = true;
      timer = setTimeout(tick, opts.intervalMs);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
    async settle() {
      await current;
      return chainAuditEvents(db, { wait: true });
    },
  };
}
