// Background work settings, read once with the rest of the config (src/config.ts):
//   XINYONG_JOB_POLL_SECONDS=2              an idle worker looks for jobs this often (>= 0.5)
//   XINYONG_IMPORT_LEASE_SECONDS=60         a file import's lease; renewed every third of it while importing,
//                                           taken over by another process only after it has run out
//   XINYONG_IMPORT_MAX_ATTEMPTS=5           import runs of one batch before it is marked failed (poison batch)
//   XINYONG_IMPORT_RESUME_SECONDS=60        how often the cluster looks for batches whose lease ran out
//   XINYONG_RIGHTS_SWEEP_SECONDS=60         overdue objections / repair reviews escalated, notices delivered
//   XINYONG_CHECKPOINT_SWEEP_SECONDS=30     audit checkpoint due?
// Periods are operational settings (how soon work is noticed), not legal deadlines: those stay in rules/.
type Env = Record<string, string | undefined>;

export type JobsSettings = {
  pollSeconds: number;
  importLeaseSeconds: number;
  importMaxAttempts: number;
  importResumeSeconds: number;
  rightsSweepSeconds: number;
  checkpointSweepSeconds: number;
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
    checkpointSweepSeconds: positive(env, 'XINYONG_CHECKPOINT_SWEEP_SECONDS', 30),
  };
}

function positive(env: Env, name: string, dflt: number): number {
  const v = env[name] ?? String(dflt);
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}
