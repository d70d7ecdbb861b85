// Audit events: written in the same transaction as the change they record, and linked into a
// hash chain (src/kernel/audit-chain.ts). Signed checkpoints and verification: src/modules/audit/.
import os from 'node:os';
import type { Db } from './db.ts';
import { badRequest } from './errors.ts';
import { GENESIS_HASH, linkHash, normalizeDetail, isAuditHashAlg, type AuditHashAlg, type ChainedEvent } from './audit-chain.ts';

export type Actor = { id: string; kind: 'cli' | 'api-client' | 'staff' | 'public' | 'system'; ip?: string };

// Per event: where the request came from (overrides actor.ip) and why it was made.
export type AuditContext = { ip?: string; why?: string };

export const SYSTEM_ACTOR: Actor = { id: 'system', kind: 'system' };
// The operating-system user and host that ran a command (`cli:ops@host`): given by the admin
// channel for commands forwarded to a running server, else this process's own.
export const cliActor = (user = osUser(), host = os.hostname()): Actor => ({ id: `cli:${user}@${host}`, kind: 'cli' });

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // no passwd entry for this uid (some containers)
    return process.env.USER ?? `uid${process.getuid?.() ?? ''}`;
  }
}

type Head = { seq: number; hash: string | null; alg: string; sealedThrough: number; at: Date };

// Runs inside the caller's transaction (tx from db.tx; given the pool handle, in one of its own):
// the chain-head row lock is held until the caller commits, so concurrent writers, in any
// process, queue and the chain stays linear.
// Write the audit event last in the transaction: everything after it runs under that lock.
export async function writeAudit(
  tx: Db,
  actor: Actor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
  context: AuditContext = {},
): Promise<void> {
  // on a pool handle the row lock would end with the statement: take a transaction of our own
  if (tx.inTransaction === false) return tx.tx((t) => writeAudit(t, actor, action, target, detail, context));
  // clock_timestamp() after the lock: event times rise with seq
  const head = await tx.one<Head>(
    `SELECT seq, hash, alg, sealed_through AS "sealedThrough", date_trunc('milliseconds', clock_timestamp()) AS at
     FROM audit_chain_head FOR UPDATE`,
  );
  if (!head) throw new Error('audit_chain_head has no row: the audit trail was tampered with (run xinyong audit verify)');
  let prevHash = head.hash ?? GENESIS_HASH;
  if (head.sealedThrough < head.seq) prevHash = await sealBacklog(tx, head);
  const alg = isAuditHashAlg(head.alg) ? head.alg : 'sha256';
  const seq = head.seq + 1;
  const event: ChainedEvent = {
    at: head.at,
    actor: actor.id,
    actorKind: actor.kind,
    action,
    target,
    detail: normalizeDetail(detail),
    ip: context.ip ?? actor.ip ?? null,
    why: context.why ?? null,
    alg,
  };
  const hash = linkHash(prevHash, event);
  await tx.query(
    `WITH e AS (
       INSERT INTO audit_event (seq, at, actor, actor_kind, action, target, detail, ip, why, hash_alg, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq)
     UPDATE audit_chain_head SET seq = (SELECT seq FROM e), hash = $12, sealed_through = (SELECT seq FROM e)`,
    [seq, event.at, event.actor, event.actorKind, action, target, JSON.stringify(event.detail), event.ip, event.why, alg, prevHash, hash],
  );
}

export type AuditItem = { actor: Actor; action: string; target: string | null; detail?: Record<string, unknown>; context?: AuditContext };

// Several events in one go, chained in order: one head lock and one insert instead of two round
// trips each while the lock is held (the credit-check writer stores checks in batches).
export async function writeAudits(tx: Db, items: readonly AuditItem[]): Promise<void> {
  if (items.length === 0) return;
  if (tx.inTransaction === false) return tx.tx((t) => writeAudits(t, items));
  const { head } = await lockAuditHead(tx);
  await appendAudits(tx, head, items);
}

// SQL that a caller runs in the same statement as an audit step (one round trip where it would
// take two): common table expressions with parameters numbered from `first`; for the head lock,
// `result` names the one whose rows come back. `name`: the statement is prepared under it.
export type Alongside = { ctes: string; params: unknown[]; name: string; result?: string };

// The chain head, locked until the caller's transaction ends, ready for appendAudits.
export type LockedHead = { seq: number; prevHash: string; alg: AuditHashAlg; at: Date };

// Takes the chain-head lock (as writeAudit does), optionally running `alongside` in the same
// statement; answers the head and the rows of alongside's `result`.
export async function lockAuditHead<R = Record<string, unknown>>(tx: Db, alongside?: (first: number) => Alongside): Promise<{ head: LockedHead; rows: R[] }> {
  if (tx.inTransaction === false) throw new Error('lockAuditHead needs a transaction (db.tx)');
  const a = alongside?.(1);
  const row = await tx.one<Head & { alongside: R[] | null }>(
    `${a ? `WITH ${a.ctes} ` : ''}SELECT seq, hash, alg, sealed_through AS "sealedThrough", date_trunc('milliseconds', clock_timestamp()) AS at${
      a?.result ? `, (SELECT json_agg(r) FROM ${a.result} r) AS alongside` : ', NULL::json AS alongside'
    }
     FROM audit_chain_head FOR UPDATE`,
    a ? a.params : [],
    a ? `audit.lock-head+${a.name}` : 'audit.lock-head',
  );
  if (!row) throw new Error('audit_chain_head has no row: the audit trail was tampered with (run xinyong audit verify)');
  let prevHash = row.hash ?? GENESIS_HASH;
  if (row.sealedThrough < row.seq) prevHash = await sealBacklog(tx, row);
  const alg = isAuditHashAlg(row.alg) ? row.alg : 'sha256';
  return { head: { seq: row.seq, prevHash, alg, at: row.at }, rows: row.alongside ?? [] };
}

// Appends events after a head locked by lockAuditHead in this transaction (once per lock),
// optionally running `alongside` in the same statement.
export async function appendAudits(tx: Db, head: LockedHead, items: readonly AuditItem[], alongside?: (first: number) => Alongside): Promise<void> {
  if (items.length === 0) throw new Error('appendAudits: no events');
  const { alg } = head;
  let prevHash = head.prevHash;
  const rows = items.map((it, i) => {
    const event: ChainedEvent = {
      at: head.at,
      actor: it.actor.id,
      actorKind: it.actor.kind,
      action: it.action,
      target: it.target,
      detail: normalizeDetail(it.detail ?? {}),
      ip: it.context?.ip ?? it.actor.ip ?? null,
      why: it.context?.why ?? null,
      alg,
    };
    const prev = prevHash;
    prevHash = linkHash(prev, event);
    return { seq: head.seq + 1 + i, event, prev, hash: prevHash };
  });
  // prepared, the events as JSON rather than arrays: the planner cannot see how many there are,
  // so the generic plan is kept instead of every execution being planned anew; detail travels as
  // its JSON text and is cast as before
  const events = JSON.stringify(
    rows.map((r) => ({
      seq: r.seq,
      actor: r.event.actor,
      actor_kind: r.event.actorKind,
      action: r.event.action,
      target: r.event.target,
      detail: JSON.stringify(r.event.detail),
      ip: r.event.ip,
      why: r.event.why,
      prev_hash: r.prev,
      hash: r.hash,
    })),
  );
  const a = alongside?.(5);
  await tx.query(
    `WITH ${a ? `${a.ctes}, ` : ''}e AS (
       INSERT INTO audit_event (seq, at, actor, actor_kind, action, target, detail, ip, why, hash_alg, prev_hash, hash)
       SELECT t.seq, $2, t.actor, t.actor_kind, t.action, t.target, t.detail::jsonb, t.ip, t.why, $3, t.prev_hash, t.hash
       FROM json_to_recordset($1::json)
         AS t(seq bigint, actor text, actor_kind text, action text, target text, detail text, ip text, why text, prev_hash text, hash text)
       ORDER BY t.seq
       RETURNING seq)
     UPDATE audit_chain_head SET seq = (SELECT max(seq) FROM e), hash = $4, sealed_through = (SELECT max(seq) FROM e)`,
    [events, head.at, alg, prevHash, ...(a ? a.params : [])],
    a ? `audit.insert-events+${a.name}` : 'audit.insert-events',
  );
}

// A read of non-public personal data: who read what about whom, and why (required).
export async function auditRead(
  tx: Db,
  actor: Actor,
  what: string | readonly string[],
  subject: string,
  why: string,
  context: Omit<AuditContext, 'why'> = {},
  detail: Record<string, unknown> = {}, // e.g. the subject authorization the read rests on
): Promise<void> {
  const reason = why.trim();
  if (!reason)
    throw badRequest('REASON_REQUIRED', '查询个人非公开信息须说明事由', 'A reason is required to read non-public personal data');
  await writeAudit(tx, actor, 'personal-data.read', subject, { ...detail, what: typeof what === 'string' ? [what] : [...what] }, { ...context, why: reason });
}

// Sets the hash algorithm for new events (config XINYONG_AUDIT_HASH); each event records its own.
export async function setAuditHashAlg(db: Db, alg: AuditHashAlg): Promise<void> {
  await db.query('UPDATE audit_chain_head SET alg = $1 WHERE alg IS DISTINCT FROM $1', [alg]);
}

// Events written before the chain existed (migration 0004) are hashed in order, once, by whoever
// holds the head lock first. Called with the head row locked; returns the new head hash.
export async function sealBacklog(tx: Db, head: { seq: number; hash: string | null; alg: string; sealedThrough: number }): Promise<string> {
  const alg: AuditHashAlg = isAuditHashAlg(head.alg) ? head.alg : 'sha256';
  let prevHash = head.hash ?? GENESIS_HASH;
  let after = head.sealedThrough;
  for (;;) {
    const rows = await tx.query<{ seq: number; at: Date; actor: string; actorKind: string; action: string; target: string | null; detail: unknown; ip: string | null; why: string | null }>(
      `SELECT seq, at, actor, actor_kind AS "actorKind", action, target, detail, ip, why
       FROM audit_event WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 1000`,
      [after, head.seq],
    );
    if (rows.length === 0) break;
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const ats: Date[] = [];
    for (const r of rows) {
      // stored times may carry microseconds: the chain covers them at millisecond precision
      const at = new Date(r.at.getTime());
      const hash = linkHash(prevHash, { ...r, at, alg });
      seqs.push(r.seq);
      prevs.push(prevHash);
      hashes.push(hash);
      ats.push(at);
      prevHash = hash;
    }
    await tx.query(
      `UPDATE audit_event e SET at = t.at, hash_alg = $1, prev_hash = t.prev, hash = t.hash
       FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[]) AS t(seq, at, prev, hash) WHERE e.seq = t.seq`,
      [alg, seqs, ats, prevs, hashes],
    );
    after = rows[rows.length - 1]!.seq;
  }
  await tx.query('UPDATE audit_chain_head SET hash = $1, sealed_through = seq', [prevHash]);
  return prevHash;
}
