// SQL of the downward feed's items (migrations/0030_exchange_feed_items.sql, decisions/0030): the
// feed sequencer at the parent, the page read after a cursor, and what a child applied.
import type { Db } from '../../kernel/db.ts';

export type FeedItemKind = 'record' | 'measure' | 'directory' | 'calendar-day' | 'calendar-year';

// Numbers the committed, not yet numbered items in insertion order after the highest seq. One
// pass at a time (a transaction-scoped advisory lock; a request finding it taken reads what is
// numbered). Writers are never waited for: an item of a transaction still open is invisible to
// the pass and is numbered by a later one, after every seq answered so far, so a cursor never
// passes an item it did not answer. Answers how many were numbered.
export async function sequenceFeed(db: Db, max = 50_000): Promise<number> {
  return db.tx(async (tx) => {
    const got = await tx.one<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', ['exchange:feed-sequencer']);
    if (!got?.ok) return 0;
    const rows = await tx.query<{ n: number }>(
      `WITH head AS (SELECT coalesce(max(seq), 0) AS h FROM exchange_feed_item),
            todo AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM (SELECT id FROM exchange_feed_item WHERE seq IS NULL ORDER BY id LIMIT $1) t)
       UPDATE exchange_feed_item i SET seq = head.h + todo.n FROM todo, head WHERE i.id = todo.id RETURNING 1 AS n`,
      [max],
    );
    return rows.length;
  });
}

// Items are written only at a node that has had a child (migration 0034, decisions/0035). Called
// in the transaction that registers a child, before its row is written: when it is the first,
// writes the items a new child needs from what is on file (list versions of `lists`, measure,
// directory and calendar revisions) and answers how many. Writers of those tables are waited for
// (a SHARE lock), so that none commits a change whose trigger still saw no child after the
// backfill read past it; a second registration waits for the first (the lock on exchange_node).
export async function backfillForFirstChild(tx: Db, lists: readonly string[]): Promise<number | undefined> {
  await tx.query('LOCK TABLE exchange_node IN SHARE ROW EXCLUSIVE MODE');
  if (await tx.one('SELECT 1 FROM exchange_node LIMIT 1')) return undefined;
  await tx.query('LOCK TABLE record, measure_version, directory_entry, calendar_override, calendar_official_year IN SHARE MODE');
  return (await tx.one<{ n: number }>('SELECT exchange_feed_backfill($1::text[]) AS n', [lists]))!.n;
}

// How many items wait for the sequencer, and how many there are (status, tests).
export async function feedItemCounts(db: Db): Promise<{ items: number; unnumbered: number }> {
  return (await db.one<{ items: number; unnumbered: number }>(
    'SELECT count(*)::int AS items, (count(*) FILTER (WHERE seq IS NULL))::int AS unnumbered FROM exchange_feed_item',
  ))!;
}

// An item after the cursor, with what the parent needs to decide whether this child gets it.
export type FeedRow = {
  seq: string;
  kind: FeedItemKind;
  recordId: number | null;
  ref: string | null;
  wanted: boolean;
  createdAt: Date | null;
  originRegion: string | null;
  originCreatedAt: Date | null;
};

// Up to `scan` numbered items after `after`. A record version is wanted when it is of a list
// category and was not sent up by this child, or when it revokes a record this child sent up
// (then the child holds the record); the other kinds are decided by the caller.
export async function feedRows(db: Db, o: { after: string; scan: number; lists: readonly string[]; nodeId: number }): Promise<FeedRow[]> {
  return db.query<FeedRow>(
    `SELECT i.seq::text AS seq, i.kind, i.record_id AS "recordId", i.ref, r.received_at AS "createdAt",
            er.origin_region AS "originRegion", er.origin_created_at AS "originCreatedAt",
            CASE WHEN i.kind <> 'record' THEN true
                 WHEN r.id IS NULL OR er.node_id = $4 THEN false
                 WHEN r.category = ANY($3::text[]) THEN true
                 WHEN r.status = 'revoked' THEN EXISTS (
                   SELECT 1 FROM record rx JOIN exchange_received x ON x.record_id = rx.id
                    WHERE rx.category = r.category AND rx.department_id = r.department_id AND rx.source_ref = r.source_ref AND x.node_id = $4)
                 ELSE false END AS wanted
       FROM exchange_feed_item i
       LEFT JOIN record r ON r.id = i.record_id
       LEFT JOIN exchange_received er ON er.record_id = i.record_id
      WHERE i.seq > $1::bigint
      ORDER BY i.seq LIMIT $2`,
    [o.after, o.scan, o.lists, o.nodeId],
  );
}

// ---- at a child

export type AppliedOutcome = 'accepted' | 'unchanged' | 'ignored' | 'rejected';

export async function appliedKeys(tx: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.query<{ k: string }>('SELECT item_key AS k FROM exchange_feed_applied WHERE item_key = ANY($1::text[])', [keys]);
  return new Set(rows.map((r) => r.k));
}

export async function insertApplied(tx: Db, rows: readonly { key: string; kind: string; seq: string; outcome: AppliedOutcome; errors?: unknown }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO exchange_feed_applied (item_key, kind, parent_seq, outcome, errors, applied_at)
     SELECT t.k, t.kind, t.seq, t.outcome, t.errors, $2 FROM json_to_recordset($1::json) AS t(k text, kind text, seq bigint, outcome text, errors jsonb)
     ON CONFLICT (item_key) DO NOTHING`,
    [JSON.stringify(rows.map((r) => ({ k: r.key, kind: r.kind, seq: r.seq, outcome: r.outcome, errors: r.errors ?? null }))), now],
  );
}

export async function appliedCounts(db: Db): Promise<Record<AppliedOutcome, number>> {
  const rows = await db.query<{ outcome: AppliedOutcome; n: number }>('SELECT outcome, count(*)::int AS n FROM exchange_feed_applied GROUP BY outcome');
  const out: Record<AppliedOutcome, number> = { accepted: 0, unchanged: 0, ignored: 0, rejected: 0 };
  for (const r of rows) out[r.outcome] = r.n;
  return out;
}
