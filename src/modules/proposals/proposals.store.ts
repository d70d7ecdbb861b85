// SQL of proposed changes to province-wide settings (table setting_proposal, migration 0022).
import type { Db } from '../../kernel/db.ts';
import type { ProposalStatus } from './proposals.rules.ts';

export type ProposalRow = {
  id: number;
  kind: string;
  target: string;
  change: unknown;
  reason: string;
  proposedBy: string;
  proposerUserId: number;
  proposerName: string;
  regionCode: string;
  status: ProposalStatus;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  result: Record<string, unknown> | null;
};

const COLUMNS = `id, kind, target, change, reason, proposed_by AS "proposedBy", proposer_user_id AS "proposerUserId",
  proposer_name AS "proposerName", region_code AS "regionCode", status, created_at AS "createdAt", decided_by AS "decidedBy",
  decided_at AS "decidedAt", decision_note AS "decisionNote", result`;

export type NewProposal = Pick<ProposalRow, 'kind' | 'target' | 'change' | 'reason' | 'proposedBy' | 'proposerUserId' | 'proposerName' | 'regionCode' | 'createdAt'>;

export async function insertProposal(db: Db, p: NewProposal): Promise<ProposalRow> {
  return (await db.one<ProposalRow>(
    `INSERT INTO setting_proposal (kind, target, change, reason, proposed_by, proposer_user_id, proposer_name, region_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [p.kind, p.target, JSON.stringify(p.change), p.reason, p.proposedBy, p.proposerUserId, p.proposerName, p.regionCode, p.createdAt],
  ))!;
}

export async function findProposal(db: Db, id: number): Promise<ProposalRow | undefined> {
  return db.one<ProposalRow>(`SELECT ${COLUMNS} FROM setting_proposal WHERE id = $1`, [id]);
}

// proposerUserId: only that user's proposals (undefined: all)
export async function listProposals(
  db: Db,
  f: { status?: ProposalStatus; proposerUserId?: number },
  limit: number,
  offset: number,
): Promise<{ items: ProposalRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status) where.push(`status = $${params.push(f.status)}`);
  if (f.proposerUserId !== undefined) where.push(`proposer_user_id = $${params.push(f.proposerUserId)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM setting_proposal ${w}`, params))!.n);
  const items = await db.query<ProposalRow>(
    `SELECT ${COLUMNS} FROM setting_proposal ${w} ORDER BY (status = 'pending') DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { items, total };
}

// One approver claims a pending proposal while its change is applied: a second approval (or a
// rejection) meanwhile finds it no longer pending.
export async function claimPending(db: Db, id: number): Promise<ProposalRow | undefined> {
  return db.one<ProposalRow>(`UPDATE setting_proposal SET status = 'applying' WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`, [id]);
}

export async function releaseClaim(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE setting_proposal SET status = 'pending' WHERE id = $1 AND status = 'applying'`, [id]);
}

export async function decide(
  db: Db,
  id: number,
  from: ProposalStatus,
  d: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: Date; note: string; result?: Record<string, unknown> },
): Promise<ProposalRow | undefined> {
  return db.one<ProposalRow>(
    `UPDATE setting_proposal SET status = $3, decided_by = $4, decided_at = $5, decision_note = $6, result = $7
     WHERE id = $1 AND status = $2 RETURNING ${COLUMNS}`,
    [id, from, d.status, d.decidedBy, d.decidedAt, d.note, d.result === undefined ? null : JSON.stringify(d.result)],
  );
}
