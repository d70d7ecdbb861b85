// Audit events: written in the same transaction as the change they record.
// (The hash chain and signed checkpoints of the access capability build on this table.)
import type { Db } from './db.ts';

export type Actor = { id: string; kind: 'cli' | 'api-client' | 'staff' | 'public' | 'system'; ip?: string };

export const SYSTEM_ACTOR: Actor = { id: 'system', kind: 'system' };
export const cliActor = (): Actor => ({ id: `cli:${process.env.USER ?? 'unknown'}`, kind: 'cli' });

export async function writeAudit(
  tx: Db,
  actor: Actor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query('INSERT INTO audit_event (actor, actor_kind, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
    actor.id,
    actor.kind,
    action,
    target,
    JSON.stringify(detail),
    actor.ip ?? null,
  ]);
}
