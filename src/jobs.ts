// The platform's background tasks, all on the one job queue (src/kernel/jobs.ts). A module adds
// its task here: a handler that calls its service, and a period if it is a sweep. Handlers are
// idempotent: a job may run again after a crash, a retry or a takeover.
import type { Platform } from './platform.ts';
import type { JobLog } from './kernel/jobs.ts';
import { IMPORT_TASK, RESUME_TASK, importBatchJob, resumeFileBatches, forgetStaleLeases } from './modules/collection/collection.service.ts';
import { findDepartmentById } from './modules/access/departments.store.ts';
import { sweepDeadlines } from './modules/rights/deadlines.service.ts';
import { checkpointSweep, platformAuditSigner } from './modules/audit/audit.service.ts';
import { SWEEP_TASK as COMMITMENTS_SWEEP_TASK, sweepCommitments } from './modules/commitments/commitments.service.ts';
import { MONITORING_TASK, monitoringSweep } from './modules/monitoring/monitoring.service.ts';
import { DRAIN_TASK, RUN_TASK, drainWhileKicked, executeRun, kickRegrade } from './modules/classification/classification.service.ts';
import { escalateOverdue } from './modules/tips/tips.service.ts';
import { sweepBlobLeftovers } from './kernel/blob-store.ts';
import { FEED_TASK, LINK_SWEEP_TASK, RELAY_TASK, pullFeed, relayOnce, sweepSilentLinks } from './modules/exchange/exchange.service.ts';
import { validateExchangeRules, type ExchangeRule } from './modules/exchange/exchange.rules.ts';
import { loadRuleFile } from './kernel/rules.ts';
import { SWEEP_TASK as SUBSCRIPTIONS_SWEEP_TASK, DELIVER_TASK, sweepSubscriptions, deliverEvent } from './modules/subscriptions/subscriptions.service.ts';
import { maxDeliveryRetries } from './modules/subscriptions/subscriptions.rules.ts';
import { SWEEP_TASK as EXEMPLARS_SWEEP_TASK, sweepExemplars } from './modules/exemplars/exemplars.service.ts';
import { REMOVAL_SWEEP_TASK, sweepOverdueRemovals } from './modules/sanctions/lifecycle.service.ts';
import { GOVERNMENT_TASK, governmentSweep } from './modules/government/government.service.ts';

export const RIGHTS_SWEEP_TASK = 'rights.sweep';
export const CHECKPOINT_TASK = 'audit.checkpoint';
export const TIPS_ESCALATE_TASK = 'tips.escalate';
export const BLOB_SWEEP_TASK = 'blobs.sweep';

// serve: the tasks, and on the embedded database (one process) the leases a crash left behind
export async function startBackgroundWork(p: Platform, log: JobLog): Promise<void> {
  // the audit sequencer: catches up with events a crash left unchained, then chains as they commit
  await p.auditChain.start(log);
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
      kickRegrade(p); // the imported subjects' grades
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
  // overdue 容缺受理 commitments breached (records filed), repair applications' commitments taken over
  p.jobs.define(COMMITMENTS_SWEEP_TASK, async () => {
    await sweepCommitments(p);
  });
  p.jobs.every(COMMITMENTS_SWEEP_TASK, j.commitmentsSweepSeconds);
  // 考核 at each period's end (month, quarter, year) and the early warnings monitoring raises;
  // hourly: both are idempotent, and an evaluation a day late is still at the period's end
  p.jobs.define(MONITORING_TASK, async () => {
    await monitoringSweep(p);
  });
  p.jobs.every(MONITORING_TASK, j.monitoringSweepSeconds);
  // credit grades: subjects whose file changed (marked by triggers) and grades whose review day came
  // (the handler lingers one period for kicks from this process: decisions/0036)
  p.jobs.define(DRAIN_TASK, async (_payload, ctx) => {
    await drainWhileKicked(p, j.classifyDrainSeconds * 1000, ctx.signal);
  });
  p.jobs.every(DRAIN_TASK, j.classifyDrainSeconds);
  // a full regrade under a model, with progress in classification_run; resumes after its cursor
  p.jobs.define<{ runId: string }>(
    RUN_TASK,
    async ({ runId }, ctx) => {
      await executeRun(p, runId, undefined, ctx.signal);
    },
    { expireInSeconds: 6 * 3600, retryLimit: 4 },
  );
  // the exchange relay: the outbox to the upstream, oldest first; its own lease keeps one relaying
  // process, its back-off state spaces the attempts while the parent is unreachable
  p.jobs.define(RELAY_TASK, async (_payload, ctx) => {
    await relayOnce(p, { signal: ctx.signal, lingerMs: j.relayLingerMs });
  });
  p.jobs.every(RELAY_TASK, j.relaySeconds);
  // open tips past their handling deadline escalated (one level per N working days)
  p.jobs.define(TIPS_ESCALATE_TASK, async () => {
    await escalateOverdue(p);
  });
  p.jobs.every(TIPS_ESCALATE_TASK, j.tipsSweepSeconds);
  // chunks of blobs whose writer died mid-way (PostgreSQL blob store): hourly, older than a day
  if (p.blobs.kind === 'postgres') {
    p.jobs.define(BLOB_SWEEP_TASK, async () => {
      await sweepBlobLeftovers(p.db);
    });
    p.jobs.every(BLOB_SWEEP_TASK, j.blobSweepSeconds);
  }
  // the downward feed: the parent's list entries and exits, pulled after this node's cursor
  p.jobs.define(FEED_TASK, async (_payload, ctx) => {
    await pullFeed(p, { signal: ctx.signal });
  });
  p.jobs.every(FEED_TASK, j.feedSeconds);
  // silent links raise an early warning (rules/exchange.json, checked here at start)
  const exchangeRules = loadRuleFile<ExchangeRule>('exchange');
  validateExchangeRules(exchangeRules);
  p.jobs.define(LINK_SWEEP_TASK, async () => {
    await sweepSilentLinks(p, exchangeRules);
  });
  p.jobs.every(LINK_SWEEP_TASK, j.linkSweepSeconds);
  // subscriptions (响应): new record versions become events; each event is one delivery job,
  // keyed by its id, retried with back-off (a delivered event is never sent again)
  p.jobs.define(SUBSCRIPTIONS_SWEEP_TASK, async () => {
    await sweepSubscriptions(p);
  });
  p.jobs.every(SUBSCRIPTIONS_SWEEP_TASK, j.subscriptionsSweepSeconds);
  p.jobs.define<{ eventId: string }>(
    DELIVER_TASK,
    async ({ eventId }, ctx) => {
      await deliverEvent(p, eventId, fetch, ctx.attempt);
    },
    // the most any entry of rules/subscriptions.json allows; each delivery stops at its own day's
    { retryLimit: maxDeliveryRetries(p.rules.subscriptions), retryDelaySeconds: j.deliveryRetrySeconds, expireInSeconds: 120, concurrency: 2 },
  );
  // 诚信典型 withdrawn when a bad record arrives during the 公示 or the term
  p.jobs.define(EXEMPLARS_SWEEP_TASK, async () => {
    await sweepExemplars(p);
  });
  p.jobs.every(EXEMPLARS_SWEEP_TASK, j.exemplarsSweepSeconds);
  // 失信被执行人: an entry marked 履行完毕 and not exited by its deadline raises an early warning
  p.jobs.define(REMOVAL_SWEEP_TASK, async () => {
    await sweepOverdueRemovals(p);
  });
  p.jobs.every(REMOVAL_SWEEP_TASK, j.removalSweepSeconds);
  // 政府信用评估 stored at each period's end (month, quarter, year), once; hourly like 考核
  p.jobs.define(GOVERNMENT_TASK, async () => {
    await governmentSweep(p);
  });
  p.jobs.every(GOVERNMENT_TASK, j.monitoringSweepSeconds);
}

