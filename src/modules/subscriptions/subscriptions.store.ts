// SQL of subscriptions: the subscriptions, the sweep's cursor, events (the feed), the delivery log
// and feedback.
import type { Db } from '../../kernel/db.ts';
import type { EventKind, FeedbackAction, SubscriptionKind } from './subscriptions.rules.ts';

export type SubscriptionRow = {
  id: string;
  keyId: string;
  departmentId: number;
  kind: SubscriptionKind;
  categories: string[];
  checkedDays: number | null;
  url: string | null;
  secretSealed: string;
  fromRecordId: number;
  active: boolean;
  createdAt: Date;
  createdBy: string;
  endedAt: Date | null;
};

const COLS = `id, key_id AS "keyId", department_id::int AS "departmentId", kind, categories, checked_days AS "checkedDays", url,
  secret_sealed AS "secretSealed", from_record_id::int AS "fromRecordId", active, created_at AS "createdAt", created_by AS "createdBy", ended_at AS "endedAt"`;

export async function insertSubscription(
  tx: Db,
  s: Omit<SubscriptionRow, 'id' | 'active' | 'endedAt'>,
): Promise<string> {
  return (await tx.one<{ id: string }>(
    `INSERT INTO subscription (key_id, department_id, kind, categories, checked_days, url, secret_sealed, from_record_id, created_at, created_by)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [s.keyId, s.departmentId, s.kind, JSON.stringify(s.categories), s.checkedDays, s.url, s.secretSealed, s.fromRecordId, s.createdAt, s.createdBy],
  ))!.id;
}

export async function findSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db.one<SubscriptionRow>(`SELECT ${COLS} FROM subscription WHERE id::text = $1`, [id]);
}

export async function listSubscriptions(db: Db, departmentIds: readonly number[] | null): Promise<SubscriptionRow[]> {
  return db.query<SubscriptionRow>(`SELECT ${COLS} FROM subscription WHERE ($1::bigint[] IS NULL OR department_id = ANY($1::bigint[])) ORDER BY created_at DESC, id`, [departmentIds]);
}

export async function activeSubscriptions(db: Db): Promise<SubscriptionRow[]> {
  return db.query<SubscriptionRow>(`SELECT ${COLS} FROM subscription WHERE active ORDER BY id`);
}

export async function endSubscription(tx: Db, id: string, at: Date): Promise<boolean> {
  return (await tx.query('UPDATE subscription SET active = false, ended_at = $2 WHERE id = $1 AND active RETURNING id', [id, at])).length > 0;
}

// The sweep's cursor, locked for the sweep's transaction (one sweep at a time on PostgreSQL; PGlite
// has one connection).
export async function lockCursor(tx: Db): Promise<number> {
  return (await tx.one<{ n: number }>('SELECT last_record_id::int AS n FROM subscription_cursor WHERE id = 1 FOR UPDATE'))!.n;
}
export async function moveCursor(tx: Db, to: number): Promise<void> {
  await tx.query('UPDATE subscription_cursor SET last_record_id = $1 WHERE id = 1', [to]);
}

export type NewEvent = { subscriptionId: string; recordId: number; kind: EventKind; payload: object; createdAt: Date };

// Idempotent: one event per subscription and record version. Answers the ids of new events.
export async function insertEvents(tx: Db, events: readonly NewEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) {
    const r = await tx.one<{ id: string }>(
      `INSERT INTO subscription_event (subscription_id, record_id, kind, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (subscription_id, record_id) DO NOTHING RETURNING id`,
      [e.subscriptionId, e.recordId, e.kind, JSON.stringify(e.payload), e.createdAt],
    );
    if (r) ids.push(r.id);
  }
  return ids;
}

export type EventRow = {
  id: string;
  seq: number;
  subscriptionId: string;
  recordId: number;
  kind: EventKind;
  payload: Record<string, unknown>;
  createdAt: Date;
  deliveredAt: Date | null;
  attempts: number;
};
const EVENT_COLS = `id, seq::int AS seq, subscription_id AS "subscriptionId", record_id::int AS "recordId", kind, payload, created_at AS "createdAt", delivered_at AS "deliveredAt", attempts`;

export async function findEvent(db: Db, id: string): Promise<EventRow | undefined> {
  return db.one<EventRow>(`SELECT ${EVENT_COLS} FROM subscription_event WHERE id::text = $1`, [id]);
}

export async function feed(db: Db, subscriptionId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
  return db.query<EventRow>(`SELECT ${EVENT_COLS} FROM subscription_event WHERE subscription_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [subscriptionId, afterSeq, limit]);
}

// Undelivered events of webhook subscriptions with no attempt since `before` (nor created since).
export async function stalledEvents(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT e.id FROM subscription_event e JOIN subscription s ON s.id = e.subscription_id
     WHERE e.delivered_at IS NULL AND s.active AND s.url IS NOT NULL AND e.created_at < $1
       AND NOT EXISTS (SELECT 1 FROM subscription_delivery d WHERE d.event_id = e.id AND d.at >= $1)
     ORDER BY e.seq LIMIT $2`,
    [before, limit],
  );
  return rows.map((r) => r.id);
}

export async function logDelivery(tx: Db, d: { eventId: string; attempt: number; at: Date; ok: boolean; statusCode: number | null; error: string | null }): Promise<void> {
  await tx.query(`INSERT INTO subscription_delivery (event_id, attempt, at, ok, status_code, error) VALUES ($1, $2, $3, $4, $5, $6)`, [
    d.eventId,
    d.attempt,
    d.at,
    d.ok,
    d.statusCode,
    d.error,
  ]);
  await tx.query(`UPDATE subscription_event SET attempts = attempts + 1${d.ok ? ', delivered_at = coalesce(delivered_at, $2)' : ''} WHERE id = $1`, d.ok ? [d.eventId, d.at] : [d.eventId]);
}

export type DeliveryRow = { eventId: string; attempt: number; at: Date; ok: boolean; statusCode: number | null; error: string | null };
export async function deliveries(db: Db, subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT d.event_id AS "eventId", d.attempt, d.at, d.ok, d.status_code AS "statusCode", d.error
     FROM subscription_delivery d JOIN subscription_event e ON e.id = d.event_id WHERE e.subscription_id = $1 ORDER BY d.id DESC LIMIT $2`,
    [subscriptionId, limit],
  );
}

export async function insertFeedback(tx: Db, f: { eventId: string; departmentId: number; action: FeedbackAction; note: string; createdAt: Date; createdBy: string }): Promise<number> {
  return (await tx.one<{ id: number }>(
    `INSERT INTO subscription_feedback (event_id, department_id, action, note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::int AS id`,
    [f.eventId, f.departmentId, f.action, f.note, f.createdAt, f.createdBy],
  ))!.id;
}

export async function feedbackOf(db: Db, eventId: string): Promise<{ action: FeedbackAction; note: string; createdAt: Date }[]> {
  return db.query(`SELECT action, note, created_at AS "createdAt" FROM subscription_feedback WHERE event_id = $1 ORDER BY id`, [eventId]);
}
