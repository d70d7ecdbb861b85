// The platform's background tasks, all on the one job queue (src/kernel/jobs.ts). A module adds
// its task here: a handler that calls its service, and a period if it is a sweep. Handlers are
// idempotent: a job may run again after a crash, a retry or a takeover.
import type { Platform } from './platform.ts';
import type { JobLog } from './kernel/jobs.ts';
import { IMPORT_TASK, RESUME_TASK, importBatchJob, resumeFileBatches, forgetStaleLeases } from './modules/collection/collection.service.ts';
import { findDepartmentById } from './modules/access/departments.store.ts';
import { sweepDeadlines } from './modules/rights/deadlines.service.ts';
import { checkpointSweep, platformAuditSigner } from './modules/audit/audit.service.ts';

export const RIGHTS_SWEEP_TASK = 'rights.sweep';
export const CHECKPOINT_TASK = 'audit.checkpoint';

// serve: the tasks, and on the embedded database (one process) the leases a crash left behind
export async function startBackgroundWork(p: Platform, log: JobLog): Promise<void> {
  await forgetStaleLeases(p);
  defineTasks(p);
  await p.jobs.start({ log });
}

export function defineTasks(p: Platform): void {
  const j = p.config.jobs;
  p.jobs.define<{ batchId: string }>(
    IMPORT_TASK,
    async ({ batchId }, ctx) => {
      await importBatchJob(p, batchId, (id) => findDepartmentById(p.db, id), ctx.signal);
    },
    // the batch's own lease guards the work; the job may run long (a million rows: minutes)
    { expireInSeconds: 6 * 3600, retryLimit: j.importMaxAttempts, retryDelaySeconds: j.importLeaseSeconds, concurrency: 2 },
  );
  p.jobs.define(RESUME_TASK, async () => {
    await resumeFileBatches(p);
  });
  p.jobs.every(RESUME_TASK, j.importResumeSeconds);
  // overdue objections and repair reviews escalated, notices delivered
  p.jobs.define(RIGHTS_SWEEP_TASK, async () => {
    await sweepDeadlines(p);
  });
  p.jobs.every(RIGHTS_SWEEP_TASK, j.rightsSweepSeconds);
  // signed audit checkpoints every N events or M minutes
  let signer: ReturnType<typeof platformAuditSigner> | undefined;
  p.jobs.define(CHECKPOINT_TASK, async () => {
    await checkpointSweep(p, (signer ??= platformAuditSigner(p)));
  });
  p.jobs.every(CHECKPOINT_TASK, j.checkpointSweepSeconds);
}
