// SQL of the audit trail: chain pages for verification, checkpoints, and the auditor's search.
import type { Db } from '../../kernel/db.ts';
import type { ChainRow, CheckpointRow } from './audit.rules.ts';

export type ChainHead = { seq: number; hash: string | null; alg: string; sealedThrough: number };

export async function findChainHead(db: Db): Promise<ChainHead | undefined> {
  return db.one<ChainHead>('SELECT seq, hash, alg, sealed_through AS "sealedThrough" FROM audit_chain_head');
}

const CHAIN_COLUMNS = `seq, at, (at <> date_trunc('milliseconds', at)) AS "subMs", actor, actor_kind AS "actorKind", action, target,
  detail, ip, why, hash_alg AS alg, prev_hash AS "prevHash", hash`;

// One page of the chain after `afterSeq` (up to `uptoSeq`), in seq order: keyset over the unique seq index.
export async function chainPage(db: Db, afterSeq: number, limit: number, uptoSeq: number | null = null): Promise<ChainRow[]> {
  return uptoSeq === null
    ? db.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit])
    : db.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_event WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2`, [afterSeq, limit, uptoSeq]);
}

// Where an event with this hash sits now (only asked when a link is broken).
export async function findSeqByHash(db: Db, hash: string): Promise<number | undefined> {
  return (await db.one<{ seq: number }>('SELECT seq FROM audit_event WHERE hash = $1 ORDER BY seq LIMIT 1', [hash]))?.seq;
}

const CHECKPOINT_COLUMNS = `id, seq, hash, at, prev_seq AS "prevSeq", sig_alg AS "sigAlg", key_id AS "keyId", signature`;

// Checkpoints with afterSeq < seq <= uptoSeq (uptoSeq null: all after), in seq order.
export async function checkpointsBetween(db: Db, afterSeq: number, uptoSeq: number | null): Promise<CheckpointRow[]> {
  return uptoSeq === null
    ? db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE seq > $1 ORDER BY seq`, [afterSeq])
    : db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [afterSeq, uptoSeq]);
}

export async function findLastCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return db.one<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint ORDER BY seq DESC LIMIT 1`);
}

export type NewCheckpoint = Omit<CheckpointRow, 'id'> & { createdBy: string };

// undefined when a checkpoint at this seq exists already (another process was first)
export async function insertCheckpoint(tx: Db, cp: NewCheckpoint): Promise<CheckpointRow | undefined> {
  return tx.one<CheckpointRow>(
    `INSERT INTO audit_checkpoint (seq, hash, at, prev_seq, sig_alg, key_id, signature, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (seq) DO NOTHING RETURNING ${CHECKPOINT_COLUMNS}`,
    [cp.seq, cp.hash, cp.at, cp.prevSeq, cp.sigAlg, cp.keyId, cp.signature, cp.createdBy],
  );
}

// ---- search and export

export type AuditEvent = {
  seq: number | null; // null until the sequencer links the event
  at: Date;
  actor: string;
  actorKind: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  why: string | null;
  hashAlg: string | null;
  prevHash: string | null;
  hash: string | null;
};

// Times are instants; a bare day is resolved in the platform's time zone by the service.
export type AuditFilter = {
  from?: { instant: string } | { day: string };
  to?: { instant: string } | { day: string }; // a day is inclusive
  actor?: string;
  action?: string; // exact, or a prefix ending in * ("personal-data.*")
  target?: string; // exact, or a prefix ending in *
};

const EVENT_COLUMNS = `seq, at, actor, actor_kind AS "actorKind", action, target, detail, ip, why,
  hash_alg AS "hashAlg", prev_hash AS "prevHash", hash`;

const likePrefix = (v: string) => v.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

function whereOf(f: AuditFilter, timeZone: string, params: unknown[]): string {
  const conds: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.from)
    conds.push('day' in f.from ? `at >= (${p(f.from.day)}::date::timestamp AT TIME ZONE ${p(timeZone)})` : `at >= ${p(f.from.instant)}::timestamptz`);
  if (f.to)
    conds.push('day' in f.to ? `at < ((${p(f.to.day)}::date + 1)::timestamp AT TIME ZONE ${p(timeZone)})` : `at <= ${p(f.to.instant)}::timestamptz`);
  if (f.actor) conds.push(`actor = ${p(f.actor)}`);
  for (const col of ['action', 'target'] as const) {
    const v = f[col];
    if (!v) continue;
    conds.push(v.endsWith('*') ? `${col} LIKE ${p(likePrefix(v))}` : `${col} = ${p(v)}`);
  }
  return conds.length ? conds.join(' AND ') : 'TRUE';
}

// Newest first (events the sequencer has not linked yet, seq NULL, come first, by id); one row
// more than asked tells whether another page follows.
export async function searchEvents(db: Db, f: AuditFilter, timeZone: string, offset: number, limit: number): Promise<AuditEvent[]> {
  const params: unknown[] = [];
  const where = whereOf(f, timeZone, params);
  params.push(limit, offset);
  return db.query<AuditEvent>(
    `SELECT ${EVENT_COLUMNS} FROM audit_event WHERE ${where} ORDER BY seq DESC NULLS FIRST, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
}

// For streaming exports: the next page after afterSeq, oldest first (chained events only).
export async function eventsAfter(db: Db, f: AuditFilter, timeZone: string, afterSeq: number, limit: number): Promise<AuditEvent[]> {
  const params: unknown[] = [];
  const where = whereOf(f, timeZone, params);
  params.push(afterSeq, limit);
  return db.query<AuditEvent>(
    `SELECT ${EVENT_COLUMNS} FROM audit_event WHERE ${where} AND seq > $${params.length - 1} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
}
