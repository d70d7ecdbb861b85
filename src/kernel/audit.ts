// Audit events: written in the same transaction as the change they record, and linked into a
// hash chain (src/kernel/audit-chain.ts) by the sequencer below, after they commit. Signed
// checkpoints and verification: src/modules/audit/.
import os from 'node:os';
import type { Db } from './db.ts';
import { span, spanStart } from './phase-trace.ts';
import { badRequest } from './errors.ts';
import { GENESIS_HASH, linkHash, normalizeDetail, isAuditHashAlg, type AuditHashAlg } from './audit-chain.ts';

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

// Writing an event takes no global lock (issue 14, docs/decisions/0019-audit-chain-sequencer.md):
// the event is inserted unchained (seq, prev_hash, hash NULL) in the caller's transaction, so it
// commits or rolls back with the change it records; the sequencer (chainAuditEvents, run by
// src/kernel/audit-sequencer.ts shortly after) links committed events into the hash chain.
// Write the audit event anywhere in the transaction: nothing waits on it any more.
export async function writeAudit(
  tx: Db,
  actor: Actor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
  context: AuditContext = {},
): Promise<void> {
  // given the pool handle, the insert commits on its own (one statement)
  await tx.query(
    `INSERT INTO audit_event (at, actor, actor_kind, action, target, detail, ip, why)
     VALUES (date_trunc('milliseconds', clock_timestamp()), $1, $2, $3, $4, $5, $6, $7)`,
    [actor.id, actor.kind, action, target, JSON.stringify(normalizeDetail(detail)), context.ip ?? actor.ip ?? null, context.why ?? null],
    'audit.insert-event',
  );
}

export type AuditItem = { actor: Actor; action: string; target: string | null; detail?: Record<string, unknown>; context?: AuditContext };

// Several events in one statement, in order (their ids, and so their order in the chain, follow
// the list).
export async function writeAudits(tx: Db, items: readonly AuditItem[]): Promise<void> {
  if (items.length === 0) return;
  await insertEvents(tx, items);
}

// SQL that a caller runs in the same statement as an audit step (one round trip where it would
// take two): common table expressions with parameters numbered from `first`; for appendAuditsWith,
// `result` names the one whose rows come back. `name`: the statement is prepared under it.
export type Alongside = { ctes: string; params: unknown[]; name: string; result?: string };

// Events inserted in the statement that makes the change they record (`alongside`, common table
// expressions numbered from 2): one round trip and, given the pool handle, no transaction of its
// own to open and commit, since one statement commits or fails as a whole. Answers the rows of
// `alongside.result`. `admitted` names a CTE of alongside with a column `ord`: an event with a
// `gate` is written only if its gate is among them (a credit check whose nonce is refused in the
// same statement is neither stored nor audited).
export async function appendAuditsWith<R = Record<string, unknown>>(
  db: Db,
  items: readonly (AuditItem & { gate?: number | null })[],
  alongside: (first: number) => Alongside,
  admitted?: string,
): Promise<R[]> {
  if (items.length === 0) throw new Error('appendAuditsWith: no events');
  const a = alongside(2);
  const gated = admitted ? ` WHERE t.gate IS NULL OR t.gate IN (SELECT ord FROM ${admitted})` : '';
  const row = await db.one<{ result: R[] | null }>(
    `WITH ${a.ctes}, audit_rows AS (
       INSERT INTO audit_event (at, actor, actor_kind, action, target, detail, ip, why)
       SELECT date_trunc('milliseconds', clock_timestamp()), t.actor, t.actor_kind, t.action, t.target, t.detail::jsonb, t.ip, t.why
       FROM json_to_recordset($1::json)
         AS t(i int, gate int, actor text, actor_kind text, action text, target text, detail text, ip text, why text)${gated}
       ORDER BY t.i
       RETURNING 1
     )
     SELECT ${a.result ? `(SELECT json_agg(r) FROM ${a.result} r)` : 'NULL::json'} AS result`,
    [eventsJson(items), ...a.params],
    `audit.with${admitted ? '-gated' : ''}+${a.name}`,
  );
  return row?.result ?? [];
}

const eventsJson = (items: readonly (AuditItem & { gate?: number | null })[]): string =>
  JSON.stringify(
    items.map((it, i) => ({
      i,
      gate: it.gate ?? null,
      actor: it.actor.id,
      actor_kind: it.actor.kind,
      action: it.action,
      target: it.target,
      detail: JSON.stringify(normalizeDetail(it.detail ?? {})),
      ip: it.context?.ip ?? it.actor.ip ?? null,
      why: it.context?.why ?? null,
    })),
  );

async function insertEvents(tx: Db, items: readonly AuditItem[]): Promise<void> {
  // prepared, the events as JSON rather than arrays: the planner cannot see how many there are,
  // so the generic plan is kept instead of every execution being planned anew; detail travels as
  // its JSON text and is cast as before
  await tx.query(
    `INSERT INTO audit_event (at, actor, actor_kind, action, target, detail, ip, why)
       SELECT date_trunc('milliseconds', clock_timestamp()), t.actor, t.actor_kind, t.action, t.target, t.detail::jsonb, t.ip, t.why
       FROM json_to_recordset($1::json)
         AS t(i int, gate int, actor text, actor_kind text, action text, target text, detail text, ip text, why text)
       ORDER BY t.i`,
    [eventsJson(items)],
    'audit.insert-events',
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

// Events written before the chain existed (migration 0004) are hashed in order, once, by the
// first sequencer pass. Called with the head row locked; returns the new head hash.
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

// ---- the sequencer's pass

// One sequencer at a time, in any process: this advisory lock, then the head row lock.
export const AUDIT_SEQUENCER_LOCK = 7243021;
const CHAIN_BATCH = 2000;

export type ChainPass = { chained: number; headSeq: number; busy: boolean };

type Unchained = { id: number; at: Date; actor: string; actorKind: string; action: string; target: string | null; detail: unknown; ip: string | null; why: string | null };

// Links every committed unchained event into the chain, in id order, up to `batch` per
// transaction, until none is left. Correctness does not rest on ids being commit order: a pass
// takes whatever events are committed and still unchained (seq IS NULL) when it reads, so an event
// committed late by a long transaction, whatever its id, is simply linked by the next pass; an
// event is linked once (its UPDATE requires seq IS NULL, under the locks, and seq is UNIQUE).
// wait: queue for a pass running elsewhere (then everything committed before the call is chained
// on return); else a busy sequencer is left to it ({busy: true}).
export async function chainAuditEvents(db: Db, opts: { wait?: boolean; batch?: number } = {}): Promise<ChainPass> {
  const batch = opts.batch ?? CHAIN_BATCH;
  let chained = 0;
  for (;;) {
    const r = await db.tx(async (tx) => {
      if (opts.wait) await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_SEQUENCER_LOCK], 'audit.seq-lock-wait');
      else {
        const got = await tx.one<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [AUDIT_SEQUENCER_LOCK], 'audit.seq-lock-try');
        if (!got?.ok) return { n: 0, headSeq: -1, busy: true };
      }
      const head = await tx.one<{ seq: number; hash: string | null; alg: string; sealedThrough: number }>(
        'SELECT seq, hash, alg, sealed_through AS "sealedThrough" FROM audit_chain_head FOR UPDATE',
        [],
        'audit.seq-head',
      );
      if (!head) throw new Error('audit_chain_head has no row: the audit trail was tampered with (run xinyong audit verify)');
      let prevHash = head.hash ?? GENESIS_HASH;
      if (head.sealedThrough < head.seq) prevHash = await sealBacklog(tx, head);
      const rows = await tx.query<Unchained>(
        `SELECT id, at, actor, actor_kind AS "actorKind", action, target, detail, ip, why
         FROM audit_event WHERE seq IS NULL ORDER BY id LIMIT $1`,
        [batch],
        'audit.seq-unchained',
      );
      if (rows.length === 0) return { n: 0, headSeq: head.seq, busy: false };
      const alg: AuditHashAlg = isAuditHashAlg(head.alg) ? head.alg : 'sha256';
      const ids: number[] = [];
      const seqs: number[] = [];
      const ats: Date[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      let seq = head.seq;
      const hashing = spanStart(); // bench check --phases only
      for (const e of rows) {
        // the writer stamps milliseconds; an event inserted otherwise is kept at the precision hashed
        const at = new Date(e.at.getTime());
        const hash = linkHash(prevHash, { ...e, at, alg });
        seq += 1;
        ids.push(e.id);
        seqs.push(seq);
        ats.push(at);
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      span('audit.hash', hashing);
      const done = await tx.query(
        `UPDATE audit_event e SET seq = t.seq, at = t.at, hash_alg = $1, prev_hash = t.prev, hash = t.hash, chained_at = clock_timestamp()
         FROM unnest($2::bigint[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[]) AS t(id, seq, at, prev, hash)
         WHERE e.id = t.id AND e.seq IS NULL RETURNING e.id`,
        [alg, ids, seqs, ats, prevs, hashes],
        'audit.seq-link',
      );
      // cannot happen under the locks; if it did, nothing of this pass is kept
      if (done.length !== rows.length) throw new Error(`audit sequencer: ${rows.length - done.length} events were chained by someone else meanwhile`);
      await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2, sealed_through = $1', [seq, prevHash], 'audit.seq-advance');
      return { n: rows.length, headSeq: seq, busy: false };
    });
    chained += r.n;
    if (r.busy || r.n < batch) return { chained, headSeq: r.headSeq, busy: r.busy };
  }
}

// Events committed and not yet chained (the sequencer's backlog).
export async function unchainedAuditEvents(db: Db): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE seq IS NULL'))!.n;
}
