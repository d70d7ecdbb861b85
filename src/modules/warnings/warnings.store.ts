// SQL of early warnings (预警). The table belongs to this module alone; other modules raise,
// acknowledge, close and list through warnings.service.ts.
import type { Db } from '../../kernel/db.ts';

export type WarningState = 'open' | 'acknowledged' | 'closed';
export type WarningTargetKind = 'department' | 'region' | 'subject';
export type WarningReason = { zh: string; en: string; figures: Record<string, unknown> };

export type Warning = {
  id: number;
  kind: string;
  targetKind: WarningTargetKind;
  target: string;
  targetName: string;
  regionCode: string;
  reason: WarningReason;
  firstSeen: string;
  lastSeen: string;
  state: WarningState;
  note: string | null;
  ackedBy: string | null;
  ackedAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
};

const COLS = `id, kind, target_kind AS "targetKind", target, target_name AS "targetName", region_code AS "regionCode", reason,
  first_seen::text AS "firstSeen", last_seen::text AS "lastSeen", state, note, acked_by AS "ackedBy", acked_at AS "ackedAt",
  closed_by AS "closedBy", closed_at AS "closedAt"`;

export type NewWarning = { kind: string; targetKind: WarningTargetKind; target: string; targetName: string; regionCode: string; reason: WarningReason; today: string };

// Inserts a warning, or refreshes the one of the same kind and target that is not closed
// (its reason and last_seen; first_seen and state stay). `created` says which.
export async function upsertLive(tx: Db, w: NewWarning): Promise<{ warning: Warning; created: boolean }> {
  const row = await tx.one<Warning & { created: boolean }>(
    `INSERT INTO warning (kind, target_kind, target, target_name, region_code, reason, first_seen, last_seen)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::date, $7::date)
     ON CONFLICT (kind, target) WHERE state <> 'closed'
     DO UPDATE SET reason = EXCLUDED.reason, last_seen = EXCLUDED.last_seen, target_name = EXCLUDED.target_name
     RETURNING ${COLS}, (xmax = 0) AS created`,
    [w.kind, w.targetKind, w.target, w.targetName, w.regionCode, JSON.stringify(w.reason), w.today],
  );
  const { created, ...warning } = row!;
  return { warning, created };
}

export async function findWarning(db: Db, id: number, forUpdate = false): Promise<Warning | undefined> {
  return db.one<Warning>(`SELECT ${COLS} FROM warning WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
}

// The warning of this kind and target that is not closed (at most one: the partial unique index).
export async function findLive(db: Db, kind: string, target: string, forUpdate = false): Promise<Warning | undefined> {
  return db.one<Warning>(`SELECT ${COLS} FROM warning WHERE kind = $1 AND target = $2 AND state <> 'closed'${forUpdate ? ' FOR UPDATE' : ''}`, [kind, target]);
}

export async function setState(tx: Db, id: number, s: { state: WarningState; note?: string | null; by: string; at: Date }): Promise<Warning> {
  const row =
    s.state === 'acknowledged'
      ? await tx.one<Warning>(`UPDATE warning SET state = 'acknowledged', note = $2, acked_by = $3, acked_at = $4 WHERE id = $1 RETURNING ${COLS}`, [id, s.note ?? null, s.by, s.at])
      : await tx.one<Warning>(`UPDATE warning SET state = 'closed', note = coalesce($2, note), closed_by = $3, closed_at = $4 WHERE id = $1 RETURNING ${COLS}`, [id, s.note ?? null, s.by, s.at]);
  return row!;
}

export type WarningFilter = { states?: readonly WarningState[]; kind?: string; regionCodes: readonly string[] | null; limit: number; offset: number };

export async function listWarnings(db: Db, f: WarningFilter): Promise<{ items: Warning[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.states?.length) where.push(`state = ANY($${params.push(f.states)}::text[])`);
  if (f.kind) where.push(`kind = $${params.push(f.kind)}`);
  if (f.regionCodes) where.push(`region_code = ANY($${params.push(f.regionCodes)}::text[])`);
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM warning ${cond}`, params))!.n;
  const items = await db.query<Warning>(`SELECT ${COLS} FROM warning ${cond} ORDER BY (state = 'closed'), last_seen DESC, id DESC LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`, params);
  return { items, total };
}
