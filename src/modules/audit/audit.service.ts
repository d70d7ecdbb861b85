// The audit trail's operations: verify the chain, sign checkpoints (on demand and by a sweep),
// and the auditor's search and export.
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../../kernel/lazy.ts';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { badRequest } from '../../kernel/errors.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { unchainedAuditEvents, writeAudit, type Actor } from '../../kernel/audit.ts';
import { createChainChecker, checkpointStatement, checkpointDue, type AuditProblem, type ChainSummary, type CheckpointRow } from './audit.rules.ts';
import { platformAuditSigner, trustedAuditKeys, type AuditSigner, type AuditVerifier } from './audit.keys.ts';
import * as store from './audit.store.ts';
import { actionLabel } from './audit.labels.ts';
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');

// ---- verification

export type AuditVerification = ChainSummary & {
  ok: boolean;
  head: { seq: number; hash: string | null } | null;
  unsignedEvents: number; // events after the last checkpoint
  unchained: number; // events committed but not yet linked by the sequencer (at the end of the walk)
  firstProblem?: AuditProblem;
  trustedKeys: string[];
};

const VERIFY_PAGE = 2000;

// Walks the chain in seq order a page at a time (memory stays flat however long the chain),
// recomputes every link, checks sequence continuity and every checkpoint's signature and hash.
export async function verifyAuditChain(
  db: Db,
  opts: { verifiers: ReadonlyMap<string, AuditVerifier>; pageSize?: number; onProgress?: (seq: number) => void },
): Promise<AuditVerification> {
  const pageSize = opts.pageSize ?? VERIFY_PAGE;
  const checker = createChainChecker({ verifiers: opts.verifiers, seqOfHash: (h) => store.findSeqByHash(db, h) });
  let after = 0;
  const walk = async (upto: number | null) => {
    for (;;) {
      const rows = await store.chainPage(db, after, pageSize, upto);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!.seq;
      if (upto === null) checker.addCheckpoints(await store.checkpointsBetween(db, after, last));
      for (const r of rows) await checker.event(r);
      after = last;
      opts.onProgress?.(after);
    }
  };
  await walk(null);
  // Writers may have committed since; the head, read after the checkpoints, bounds the rest:
  // every event up to it must exist now, and no checkpoint may lie beyond it.
  const tailCheckpoints = await store.checkpointsBetween(db, after, null);
  const head = await store.findChainHead(db);
  checker.addCheckpoints(tailCheckpoints);
  await walk(head?.seq ?? after);
  const summary = checker.finish(head ? { seq: head.seq, hash: head.hash } : undefined);
  return {
    ...summary,
    ok: summary.problemCount === 0,
    head: head ? { seq: head.seq, hash: head.hash } : null,
    unsignedEvents: Math.max(0, (head?.seq ?? summary.lastSeq) - (summary.lastCheckpoint?.seq ?? 0)),
    unchained: await unchainedAuditEvents(db),
    firstProblem: summary.problems[0],
    trustedKeys: [...opts.verifiers.keys()],
  };
}

// With the platform's own keys (and any public keys an auditor adds: PEM or SM2 hex). Waits for the
// sequencer first, so that every event committed before the call is in the chain verified.
export async function verifyPlatformAuditChain(p: Platform, extraPublicKeys: readonly string[] = []): Promise<AuditVerification> {
  await p.auditChain.settle();
  return verifyAuditChain(p.db, { verifiers: trustedAuditKeys(p.config.audit, extraPublicKeys) });
}

// ---- checkpoints

export { platformAuditSigner } from './audit.keys.ts';

export type CheckpointResult = { checkpoint: CheckpointRow; created: boolean } | { checkpoint: undefined; created: false };

const CHECKPOINT_LOCK = 7243004; // advisory lock: one checkpoint writer at a time, across processes

// Signs the current chain head, after the sequencer has chained what was committed before the
// call. Nothing new since the last checkpoint: returns that one.
export async function writeCheckpoint(p: Platform, createdBy: string, signer = platformAuditSigner(p)): Promise<CheckpointResult> {
  await p.auditChain.settle();
  return p.db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
    // one read of the head row: a consistent (seq, hash) even while the sequencer advances it
    const head = (await store.findChainHead(tx))!;
    const last = await store.findLastCheckpoint(tx);
    if (head.seq === 0 || head.hash === null) return { checkpoint: undefined, created: false };
    if (last && last.seq >= head.seq) return { checkpoint: last, created: false };
    const cp = { seq: head.seq, hash: head.hash, prevSeq: last?.seq ?? 0, at: p.now() };
    const row = await store.insertCheckpoint(tx, {
      ...cp,
      sigAlg: signer.alg,
      keyId: signer.keyId,
      signature: signer.sign(checkpointStatement(cp)),
      createdBy,
    });
    return row ? { checkpoint: row, created: true } : { checkpoint: (await store.findLastCheckpoint(tx))!, created: false };
  });
}

// One sweep: sign a checkpoint when enough events, or old enough ones, are unsigned.
export async function checkpointSweep(p: Platform, signer: AuditSigner): Promise<CheckpointRow | undefined> {
  await p.auditChain.settle(); // count what is committed, not only what the sequencer reached
  const head = await store.findChainHead(p.db);
  const last = await store.findLastCheckpoint(p.db);
  if (!head || !checkpointDue(head.seq, last, p.now(), p.config.audit)) return undefined;
  const r = await writeCheckpoint(p, 'system:checkpoint-sweep', signer);
  return r.created ? r.checkpoint : undefined;
}

// ---- search and export

export type AuditQuery = { from?: string; to?: string; actor?: string; action?: string; target?: string };

function timeBound(v: string | undefined, name: 'from' | 'to'): store.AuditFilter['from'] {
  if (v === undefined || v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (!isValidDate(v)) throw badRequest('AUDIT_TIME_INVALID', `${name} 不是有效日期：${v}`, `${name} is not a valid date: ${v}`);
    return { day: v };
  }
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t))
    throw badRequest('AUDIT_TIME_INVALID', `${name} 应为日期（YYYY-MM-DD）或带时区的时间（ISO 8601）：${v}`, `${name} must be a date (YYYY-MM-DD) or an ISO 8601 time with zone: ${v}`);
  return { instant: new Date(t).toISOString() };
}

export function auditFilter(q: AuditQuery): store.AuditFilter {
  const f: store.AuditFilter = { from: timeBound(q.from, 'from'), to: timeBound(q.to, 'to') };
  for (const k of ['actor', 'action', 'target'] as const) if (q[k]?.trim()) f[k] = q[k]!.trim();
  return f;
}

export type AuditEventView = Omit<store.AuditEvent, 'at'> & { at: string; actionLabel: string };
const view = (e: store.AuditEvent): AuditEventView => ({ ...e, at: e.at.toISOString(), actionLabel: actionLabel(e.action).zh });

export async function searchAuditEvents(p: Platform, q: AuditQuery, page: number, pageSize: number): Promise<{ items: AuditEventView[]; page: number; pageSize: number; hasMore: boolean }> {
  const rows = await store.searchEvents(p.db, auditFilter(q), p.config.timeZone, (page - 1) * pageSize, pageSize + 1);
  return { items: rows.slice(0, pageSize).map(view), page, pageSize, hasMore: rows.length > pageSize };
}

export type ExportFormat = 'csv' | 'xlsx';

const EXPORT_HEADER = [
  '序号 seq',
  '时间 time (UTC)',
  '北京时间 local time',
  '操作者 actor',
  '操作者类型 actor kind',
  '操作 action',
  '操作名称 action name',
  '对象 target',
  '事由 why',
  '来源 IP',
  '详情 detail',
  '哈希算法 hash alg',
  '前一哈希 prev hash',
  '哈希 hash',
];

// Excel runs cells starting with these as formulas; the CSV keeps them as text
const neutralize = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

// The export is itself audited (who exported what), before the first byte leaves.
export async function exportAuditEvents(p: Platform, actor: Actor, q: AuditQuery, format: ExportFormat): Promise<Readable> {
  const filter = auditFilter(q);
  await p.db.tx((tx) => writeAudit(tx, actor, 'audit.export', null, { format, filter: q }));
  // the export carries seq and hashes (for recomputing the chain): everything committed so far,
  // the export's own event included, is chained first
  await p.auditChain.settle();
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: p.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const rows = async function* () {
    let after = 0;
    for (;;) {
      const page = await store.eventsAfter(p.db, filter, p.config.timeZone, after, 2000);
      if (page.length === 0) return;
      for (const e of page)
        yield [
          String(e.seq),
          e.at.toISOString(),
          local.format(e.at),
          e.actor,
          e.actorKind,
          e.action,
          actionLabel(e.action).zh,
          e.target ?? '',
          e.why ?? '',
          e.ip ?? '',
          JSON.stringify(e.detail),
          e.hashAlg ?? '',
          e.prevHash ?? '',
          e.hash ?? '',
        ];
      after = page[page.length - 1]!.seq!; // eventsAfter answers chained events only
    }
  };
  if (format === 'csv') {
    const out = stringify({ bom: true });
    (async () => {
      out.write(EXPORT_HEADER);
      for await (const r of rows()) if (!out.write(r.map(neutralize))) await new Promise((res) => out.once('drain', res));
      out.end();
    })().catch((err) => out.destroy(err));
    return out;
  }
  const out = new PassThrough();
  (async () => {
    const wb = new (exceljs()).stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('审计日志');
    ws.columns = [8, 26, 20, 28, 12, 24, 30, 30, 16, 60, 10, 66, 66].map((width) => ({ width }));
    ws.addRow(EXPORT_HEADER).commit();
    for await (const r of rows()) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
