// Background work settings, read once with the rest of the config (src/config.ts):
//   XINYONG_JOB_POLL_SECONDS=2              an idle worker looks for jobs this often (>= 0.5)
//   XINYONG_IMPORT_LEASE_SECONDS=60         a file import's lease; renewed every third of it while importing,
//                                           taken over by another process only after it has run out
//   XINYONG_IMPORT_MAX_ATTEMPTS=5           import runs of one batch before it is marked failed (poison batch)
//   XINYONG_IMPORT_RESUME_SECONDS=60        how often the cluster looks for batches whose lease ran out
//   XINYONG_RIGHTS_SWEEP_SECONDS=60         overdue objections / repair reviews escalated, notices delivered
//   XINYONG_CHECKPOINT_SWEEP_SECONDS=30     audit checkpoint due?
//   XINYONG_COMMITMENTS_SWEEP_SECONDS=300   overdue 容缺受理 commitments breached, repair commitments taken over
//   XINYONG_CLASSIFY_DRAIN_SECONDS=1        credit grades of subjects whose file changed, and review days
//   XINYONG_EXCHANGE_RELAY_SECONDS=2        the exchange relay's period (a run then waits up to as long again
//                                           for new outbox entries, so a steady flow is sent within ~0.2 s)
//   XINYONG_SUBSCRIPTIONS_SWEEP_SECONDS=30  new record versions turned into subscription events (响应)
//   XINYONG_DELIVERY_RETRY_SECONDS=30       first retry of a failed webhook delivery; doubled each retry
//   XINYONG_MONITORING_SWEEP_SECONDS=3600   考核 and government evaluations of periods just ended, early warnings
//   XINYONG_LINK_SWEEP_SECONDS=60           exchange links silent beyond rules/exchange.json (warnings raised and closed)
//   XINYONG_BLOB_SWEEP_SECONDS=3600         chunks of blobs whose writer died (PostgreSQL blob store)
//   XINYONG_EXEMPLARS_SWEEP_SECONDS=3600    诚信典型 withdrawn when a bad record arrives
//   XINYONG_REMOVAL_SWEEP_SECONDS=3600      失信被执行人 entries past their removal deadline (early warning)
// Periods are operational settings (how soon work is noticed), not legal deadlines: those stay in rules/.
type Env = Record<string, string | undefined>;

export type JobsSettings = {
  pollSeconds: number;
  importLeaseSeconds: number;
  importMaxAttempts: number;
  importResumeSeconds: number;
  rightsSweepSeconds: number;
  tipsSweepSeconds: number; // tips.escalate: overdue tips escalated
  checkpointSweepSeconds: number;
  commitmentsSweepSeconds: number;
  classifyDrainSeconds: number;
  relaySeconds: number;
  relayLingerMs: number;
  feedSeconds: number;
  subscriptionsSweepSeconds: number;
  deliveryRetrySeconds: number;
  monitoringSweepSeconds: number;
  linkSweepSeconds: number;
  blobSweepSeconds: number;
  exemplarsSweepSeconds: number;
  removalSweepSeconds: number;
};

export function loadJobsConfig(env: Env): JobsSettings {
  const poll = Number(env.XINYONG_JOB_POLL_SECONDS ?? '2');
  if (!Number.isFinite(poll) || poll < 0.5) throw new Error(`XINYONG_JOB_POLL_SECONDS must be a number >= 0.5, got "${env.XINYONG_JOB_POLL_SECONDS}"`);
  return {
    pollSeconds: poll,
    importLeaseSeconds: positive(env, 'XINYONG_IMPORT_LEASE_SECONDS', 60),
    importMaxAttempts: positive(env, 'XINYONG_IMPORT_MAX_ATTEMPTS', 5),
    importResumeSeconds: positive(env, 'XINYONG_IMPORT_RESUME_SECONDS', 60),
    rightsSweepSeconds: positive(env, 'XINYONG_RIGHTS_SWEEP_SECONDS', 60),
    tipsSweepSeconds: positive(env, 'XINYONG_TIPS_SWEEP_SECONDS', 300),
    checkpointSweepSeconds: positive(env, 'XINYONG_CHECKPOINT_SWEEP_SECONDS', 30),
    commitmentsSweepSeconds: positive(env, 'XINYONG_COMMITMENTS_SWEEP_SECONDS', 300),
    classifyDrainSeconds: positive(env, 'XINYONG_CLASSIFY_DRAIN_SECONDS', 1),
    relaySeconds: positive(env, 'XINYONG_EXCHANGE_RELAY_SECONDS', 2),
    relayLingerMs: positive(env, 'XINYONG_EXCHANGE_RELAY_SECONDS', 2) * 1000,
    feedSeconds: positive(env, 'XINYONG_EXCHANGE_FEED_SECONDS', 5),
    subscriptionsSweepSeconds: positive(env, 'XINYONG_SUBSCRIPTIONS_SWEEP_SECONDS', 30),
    deliveryRetrySeconds: positive(env, 'XINYONG_DELIVERY_RETRY_SECONDS', 30),
    monitoringSweepSeconds: positive(env, 'XINYONG_MONITORING_SWEEP_SECONDS', 3600),
    linkSweepSeconds: positive(env, 'XINYONG_LINK_SWEEP_SECONDS', 60),
    blobSweepSeconds: positive(env, 'XINYONG_BLOB_SWEEP_SECONDS', 3600),
    exemplarsSweepSeconds: positive(env, 'XINYONG_EXEMPLARS_SWEEP_SECONDS', 3600),
    removalSweepSeconds: positive(env, 'XINYONG_REMOVAL_SWEEP_SECONDS', 3600),
  };
}

function positive(env: Env, name: string, dflt: number): number {
  const v = env[name] ?? String(dflt);
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}
