// SQL of the exchange (migrations/0017_exchange.sql): child nodes and their secrets and nonces,
// this node's upstream and relay lease, the outbox, and what was received from children.
import type { Db } from '../../kernel/db.ts';
import type { SigningAlg } from './exchange.rules.ts';

// ---- nodes (at a parent)

export type Node = { id: number; keyId: string; regionCode: string; name: string; alg: SigningAlg; createdAt: Date; revokedAt: Date | null; lastReceivedAt: Date | null; feedCursor?: string | null };
const NODE_COLUMNS = `id, key_id AS "keyId", region_code AS "regionCode", name, alg, created_at AS "createdAt", revoked_at AS "revokedAt", last_received_at AS "lastReceivedAt", feed_cursor::text AS "feedCursor"`;

export async function insertNode(tx: Db, n: { keyId: string; regionCode: string; name: string; alg: SigningAlg; secretCipher: string; now: Date }): Promise<Node> {
  const node = (await tx.one<Node>(
    `INSERT INTO exchange_node (key_id, region_code, name, alg, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${NODE_COLUMNS}`,
    [n.keyId, n.regionCode, n.name, n.alg, n.now],
  ))!;
  await tx.query('INSERT INTO exchange_node_secret (node_id, secret_no, secret_cipher, created_at) VALUES ($1, 1, $2, $3)', [node.id, n.secretCipher, n.now]);
  return node;
}

export async function activeNodeOfRegion(db: Db, regionCode: string): Promise<Node | undefined> {
  return db.one<Node>(`SELECT ${NODE_COLUMNS} FROM exchange_node WHERE region_code = $1 AND revoked_at IS NULL`, [regionCode]);
}

export async function findNodeForUpdate(tx: Db, keyId: string): Promise<Node | undefined> {
  return tx.one<Node>(`SELECT ${NODE_COLUMNS} FROM exchange_node WHERE key_id = $1 FOR UPDATE`, [keyId]);
}

export type NodeKey = { node: Node; secret: { cipher: string; retiredAt: Date | null; expiresAt: Date | null } | undefined };

export async function findNodeKey(db: Db, keyId: string, secretNo: number): Promise<NodeKey | undefined> {
  const node = await db.one<Node>(`SELECT ${NODE_COLUMNS} FROM exchange_node WHERE key_id = $1`, [keyId]);
  if (!node) return undefined;
  const secret = await db.one<{ cipher: string; retiredAt: Date | null; expiresAt: Date | null }>(
    'SELECT secret_cipher AS cipher, retired_at AS "retiredAt", expires_at AS "expiresAt" FROM exchange_node_secret WHERE node_id = $1 AND secret_no = $2',
    [node.id, secretNo],
  );
  return { node, secret };
}

// Adds secret n+1; the active ones expire after overlapDays. Answers the new number.
export async function addNodeSecret(tx: Db, nodeId: number, cipher: string, now: Date, expiresAt: Date): Promise<number> {
  await tx.query(
    `UPDATE exchange_node_secret SET expires_at = LEAST(coalesce(expires_at, $3), $3)
      WHERE node_id = $1 AND retired_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
    [nodeId, now, expiresAt],
  );
  const next = (await tx.one<{ n: number }>('SELECT coalesce(max(secret_no), 0) + 1 AS n FROM exchange_node_secret WHERE node_id = $1', [nodeId]))!.n;
  await tx.query('INSERT INTO exchange_node_secret (node_id, secret_no, secret_cipher, created_at) VALUES ($1, $2, $3, $4)', [nodeId, next, cipher, now]);
  return next;
}

export async function revokeNode(tx: Db, nodeId: number, now: Date): Promise<void> {
  await tx.query('UPDATE exchange_node SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [nodeId, now]);
}

export type NodeListing = Node & { received: number; rejected: number };

export async function listNodes(db: Db): Promise<NodeListing[]> {
  return db.query<NodeListing>(
    `SELECT ${NODE_COLUMNS.replace(/(^|, )(\w)/g, '$1n.$2')},
            (SELECT count(*)::int FROM exchange_received r WHERE r.node_id = n.id AND r.outcome = 'accepted') AS received,
            (SELECT count(*)::int FROM exchange_received r WHERE r.node_id = n.id AND r.outcome = 'rejected' AND r.resolution IS NULL) AS rejected
       FROM exchange_node n ORDER BY n.region_code, n.id`,
  );
}

// true: fresh (recorded now); false: a replay of a nonce still remembered.
export async function recordNodeNonce(db: Db, nodeId: number, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.query('DELETE FROM exchange_node_nonce WHERE node_id = $1 AND expires_at < $2', [nodeId, now]);
  const rows = await db.query('INSERT INTO exchange_node_nonce (node_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [nodeId, nonce, expiresAt]);
  return rows.length === 1;
}

// ---- upstream (at a child)

export type Upstream = {
  url: string;
  signingKeyId: string;
  secretCipher: string;
  alg: SigningAlg;
  setAt: Date;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  failures: number;
  nextAttemptAt: Date | null;
};
const UPSTREAM_COLUMNS = `url, signing_key_id AS "signingKeyId", secret_cipher AS "secretCipher", alg, set_at AS "setAt", last_success_at AS "lastSuccessAt",
  last_error AS "lastError", last_error_at AS "lastErrorAt", failures, next_attempt_at AS "nextAttemptAt"`;

export async function findUpstream(db: Db): Promise<Upstream | undefined> {
  return db.one<Upstream>(`SELECT ${UPSTREAM_COLUMNS} FROM exchange_upstream WHERE id = 1`);
}

// Sets the upstream; the first time, every record version already on file enters the outbox
// (oldest first), so that the parent receives the node's whole history. Answers how many.
export async function setUpstream(tx: Db, u: { url: string; signingKeyId: string; secretCipher: string; alg: SigningAlg; now: Date }): Promise<number> {
  const had = await tx.one('SELECT 1 FROM exchange_upstream WHERE id = 1 FOR UPDATE');
  await tx.query(
    `INSERT INTO exchange_upstream (id, url, signing_key_id, secret_cipher, alg, set_at) VALUES (1, $1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, signing_key_id = EXCLUDED.signing_key_id, secret_cipher = EXCLUDED.secret_cipher,
       alg = EXCLUDED.alg, set_at = EXCLUDED.set_at, failures = 0, next_attempt_at = NULL`,
    [u.url, u.signingKeyId, u.secretCipher, u.alg, u.now],
  );
  if (had) return 0;
  return (await tx.one<{ n: number }>('SELECT exchange_outbox_backfill() AS n'))!.n;
}

// The relay lease: one relaying process at a time; a dead one's lease runs out.
export async function claimRelay(db: Db, owner: string, now: Date, leaseMs: number): Promise<Upstream | undefined> {
  return db.one<Upstream>(
    `UPDATE exchange_upstream SET relay_owner = $1, relay_until = $2::timestamptz + make_interval(secs => $3::float8 / 1000)
      WHERE id = 1 AND (relay_owner IS NULL OR relay_owner = $1 OR relay_until < $2)
      RETURNING ${UPSTREAM_COLUMNS}`,
    [owner, now, leaseMs],
  );
}

export async function releaseRelay(db: Db, owner: string): Promise<void> {
  await db.query('UPDATE exchange_upstream SET relay_owner = NULL, relay_until = NULL WHERE id = 1 AND relay_owner = $1', [owner]);
}

export async function noteRelayFailure(db: Db, error: string, now: Date, nextAttemptAt: Date): Promise<void> {
  await db.query('UPDATE exchange_upstream SET failures = failures + 1, last_error = $1, last_error_at = $2, next_attempt_at = $3 WHERE id = 1', [error.slice(0, 1000), now, nextAttemptAt]);
}

export async function noteRelaySuccess(db: Db, now: Date): Promise<void> {
  await db.query('UPDATE exchange_upstream SET failures = 0, next_attempt_at = NULL, last_success_at = $1, last_error = NULL WHERE id = 1', [now]);
}

// ---- outbox

// A pending entry: the version's id and key, and (for a version filed here from a child) its origin.
export type OutboxRow = { outboxId: number; recordId: number; createdAt: Date; originRegion: string | null; originCreatedAt: Date | null };

export async function pendingOutbox(db: Db, limit: number, afterId = 0): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `SELECT o.id AS "outboxId", o.record_id AS "recordId", o.created_at AS "createdAt",
            er.origin_region AS "originRegion", er.origin_created_at AS "originCreatedAt"
       FROM exchange_outbox o LEFT JOIN exchange_received er ON er.record_id = o.record_id
      WHERE o.state = 'pending' AND o.id > $2
      ORDER BY o.id LIMIT $1`,
    [limit, afterId],
  );
}

export type Acknowledged = { outboxId: number; outcome: 'accepted' | 'duplicate' | 'rejected'; errors?: unknown };

// Marks answered entries: delivered, or rejected with the parent's errors; a delivered version
// resolves the earlier rejected entries of its record key (corrected at the source).
export async function acknowledge(tx: Db, acks: readonly Acknowledged[], now: Date): Promise<void> {
  if (acks.length === 0) return;
  const delivered = acks.filter((a) => a.outcome !== 'rejected').map((a) => a.outboxId);
  const rejected = acks.filter((a) => a.outcome === 'rejected');
  if (delivered.length) {
    await tx.query(`UPDATE exchange_outbox SET state = 'delivered', delivered_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [delivered, now]);
    await tx.query(
      `UPDATE exchange_outbox o SET state = 'resolved', resolution = 'corrected', note = 'a later version was accepted'
         FROM exchange_outbox lo
        WHERE o.state = 'rejected' AND lo.id = ANY($1::bigint[])
          AND lo.category = o.category AND lo.department_id = o.department_id AND lo.source_ref = o.source_ref AND lo.id > o.id`,
      [delivered],
    );
  }
  if (rejected.length)
    await tx.query(
      `UPDATE exchange_outbox o SET state = 'rejected', delivered_at = $2, attempts = attempts + 1, errors = t.errors
         FROM json_to_recordset($1::json) AS t(id bigint, errors jsonb) WHERE o.id = t.id AND o.state = 'pending'`,
      [JSON.stringify(rejected.map((r) => ({ id: r.outboxId, errors: r.errors ?? [] }))), now],
    );
}

export async function countAttempt(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.query('UPDATE exchange_outbox SET attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [ids]);
}

export type OutboxCounts = { pending: number; oldestPendingAt: Date | null; delivered: number; rejected: number };

export async function outboxCounts(db: Db): Promise<OutboxCounts> {
  return (await db.one<OutboxCounts>(
    `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, min(created_at) FILTER (WHERE state = 'pending') AS "oldestPendingAt",
            count(*) FILTER (WHERE state = 'delivered')::int AS delivered, count(*) FILTER (WHERE state = 'rejected')::int AS rejected
       FROM exchange_outbox`,
  ))!;
}

export type RejectedEntry = { id: string; category: string; sourceRef: string; department: string; errors: unknown; at: Date | null; node?: string };

// department: its id here (the caller names it)
export async function rejectedOutbox(db: Db): Promise<(Omit<RejectedEntry, 'department'> & { departmentId: number })[]> {
  return db.query(
    `SELECT o.id::text AS id, o.category, o.source_ref AS "sourceRef", o.department_id AS "departmentId", o.errors, o.delivered_at AS at
       FROM exchange_outbox o WHERE o.state = 'rejected' ORDER BY o.id`,
  );
}

export async function dismissOutbox(tx: Db, id: number, note: string): Promise<boolean> {
  return (await tx.query(`UPDATE exchange_outbox SET state = 'resolved', resolution = 'dismissed', note = $2 WHERE id = $1 AND state = 'rejected' RETURNING 1`, [id, note])).length === 1;
}

// ---- received (at a parent)

export async function receivedOutcomes(tx: Db, nodeId: number, ids: readonly string[]): Promise<Map<string, 'accepted' | 'rejected'>> {
  const rows = await tx.query<{ id: string; outcome: 'accepted' | 'rejected' }>(
    'SELECT origin_version_id::text AS id, outcome FROM exchange_received WHERE node_id = $1 AND origin_version_id = ANY($2::bigint[])',
    [nodeId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.outcome]));
}

export type ReceivedRow = {
  originVersionId: string;
  recordId: number | null;
  category: string;
  sourceRef: string;
  departmentUscc: string;
  originRegion: string;
  originCreatedAt: string;
  outcome: 'accepted' | 'rejected';
  errors: unknown;
};

export async function insertReceived(tx: Db, nodeId: number, rows: readonly ReceivedRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO exchange_received (node_id, origin_version_id, record_id, category, source_ref, department_uscc, origin_region, origin_created_at, received_at, outcome, errors)
     SELECT $1, t.id, t.record_id, t.category, t.source_ref, t.department_uscc, t.origin_region, t.origin_created_at, $3, t.outcome, t.errors
       FROM json_to_recordset($2::json) AS t(id bigint, record_id bigint, category text, source_ref text, department_uscc text, origin_region text,
                                             origin_created_at timestamptz, outcome text, errors jsonb)`,
    [
      nodeId,
      JSON.stringify(
        rows.map((r) => ({
          id: r.originVersionId,
          record_id: r.recordId,
          category: r.category,
          source_ref: r.sourceRef,
          department_uscc: r.departmentUscc,
          origin_region: r.originRegion,
          origin_created_at: r.originCreatedAt,
          outcome: r.outcome,
          errors: r.errors ?? null,
        })),
      ),
      now,
    ],
  );
  // an accepted later version resolves the node's earlier rejected entries of the same key
  const accepted = rows.filter((r) => r.outcome === 'accepted');
  if (accepted.length)
    await tx.query(
      `UPDATE exchange_received e SET resolution = 'corrected', resolved_at = $3, note = 'a later version was accepted'
         FROM json_to_recordset($2::json) AS t(id bigint, category text, source_ref text, department_uscc text)
        WHERE e.node_id = $1 AND e.outcome = 'rejected' AND e.resolution IS NULL AND e.category = t.category AND e.source_ref = t.source_ref
          AND e.department_uscc = t.department_uscc AND e.origin_version_id < t.id`,
      [nodeId, JSON.stringify(accepted.map((r) => ({ id: r.originVersionId, category: r.category, source_ref: r.sourceRef, department_uscc: r.departmentUscc }))), now],
    );
  await tx.query('UPDATE exchange_node SET last_received_at = $2 WHERE id = $1', [nodeId, now]);
}

export async function rejectedReceived(db: Db): Promise<RejectedEntry[]> {
  return db.query<RejectedEntry>(
    `SELECT e.origin_version_id::text AS id, e.category, e.source_ref AS "sourceRef", e.department_uscc AS department, e.errors,
            e.received_at AS at, n.region_code AS node
       FROM exchange_received e JOIN exchange_node n ON n.id = e.node_id
      WHERE e.outcome = 'rejected' AND e.resolution IS NULL ORDER BY e.received_at, e.origin_version_id`,
  );
}

export async function dismissReceived(tx: Db, nodeRegion: string, id: string, note: string, now: Date): Promise<boolean> {
  return (
    await tx.query(
      `UPDATE exchange_received e SET resolution = 'dismissed', resolved_at = $4, note = $3
         FROM exchange_node n WHERE n.id = e.node_id AND n.region_code = $1 AND e.origin_version_id = $2::bigint AND e.outcome = 'rejected' AND e.resolution IS NULL
       RETURNING 1`,
      [nodeRegion, id, note, now],
    )
  ).length === 1;
}

// The origin of a version filed here from a child (null for versions collected here).
export async function originOf(db: Db, recordId: number): Promise<{ node: string; originVersionId: string; department: string; originRegion: string; originCreatedAt: Date } | undefined> {
  return db.one(
    `SELECT n.region_code AS node, e.origin_version_id::text AS "originVersionId", e.department_uscc AS department, e.origin_region AS "originRegion",
            e.origin_created_at AS "originCreatedAt"
       FROM exchange_received e JOIN exchange_node n ON n.id = e.node_id WHERE e.record_id = $1`,
    [recordId],
  );
}

// ---- the downward feed

// The page itself: feed.store.ts (migrations/0030; the SHARE lock of 0025 is gone, decisions/0030).
export async function noteFeedCursor(db: Db, nodeId: number, cursor: string, now: Date): Promise<void> {
  await db.query('UPDATE exchange_node SET feed_cursor = GREATEST(coalesce(feed_cursor, 0), $2::bigint), feed_last_at = $3 WHERE id = $1', [nodeId, cursor, now]);
}

// At the child.
export type FeedState = { cursor: string; lastSuccessAt: Date | null; lastError: string | null; lastErrorAt: Date | null };

export async function feedState(db: Db): Promise<FeedState | undefined> {
  return db.one<FeedState>(
    `SELECT feed_cursor::text AS cursor, feed_last_success_at AS "lastSuccessAt", feed_last_error AS "lastError", feed_last_error_at AS "lastErrorAt" FROM exchange_upstream WHERE id = 1`,
  );
}

export async function advanceFeed(tx: Db, cursor: string, now: Date): Promise<void> {
  await tx.query('UPDATE exchange_upstream SET feed_cursor = GREATEST(feed_cursor, $1::bigint), feed_last_success_at = $2, feed_last_error = NULL WHERE id = 1', [cursor, now]);
}

export async function noteFeedFailure(db: Db, error: string, now: Date): Promise<void> {
  await db.query('UPDATE exchange_upstream SET feed_last_error = $1, feed_last_error_at = $2 WHERE id = 1', [error.slice(0, 1000), now]);
}

export async function feedFiledIds(tx: Db, ids: readonly string[]): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>('SELECT parent_version_id::text AS id FROM exchange_feed_filed WHERE parent_version_id = ANY($1::bigint[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function insertFeedFiled(tx: Db, rows: readonly ReceivedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO exchange_feed_filed (parent_version_id, record_id, category, source_ref, department_uscc, origin_region, outcome, errors)
     SELECT t.id, t.record_id, t.category, t.source_ref, t.department_uscc, t.origin_region, t.outcome, t.errors
       FROM json_to_recordset($1::json) AS t(id bigint, record_id bigint, category text, source_ref text, department_uscc text, origin_region text, outcome text, errors jsonb)
     ON CONFLICT (parent_version_id) DO NOTHING`,
    [
      JSON.stringify(
        rows.map((r) => ({ id: r.originVersionId, record_id: r.recordId, category: r.category, source_ref: r.sourceRef, department_uscc: r.departmentUscc, origin_region: r.originRegion, outcome: r.outcome, errors: r.errors ?? null })),
      ),
    ],
  );
}

// The links of this node for the silent-link sweep: children (last delivery or pull) and the upstream.
export async function linkContacts(db: Db): Promise<{ children: { region: string; name: string; createdAt: Date; lastReceivedAt: Date | null; feedLastAt: Date | null }[]; upstream: { url: string; setAt: Date; lastSuccessAt: Date | null; feedLastSuccessAt: Date | null } | undefined }> {
  const children = await db.query<{ region: string; name: string; createdAt: Date; lastReceivedAt: Date | null; feedLastAt: Date | null }>(
    `SELECT region_code AS region, name, created_at AS "createdAt", last_received_at AS "lastReceivedAt", feed_last_at AS "feedLastAt"
       FROM exchange_node WHERE revoked_at IS NULL ORDER BY region_code`,
  );
  const upstream = await db.one<{ url: string; setAt: Date; lastSuccessAt: Date | null; feedLastSuccessAt: Date | null }>(
    `SELECT url, set_at AS "setAt", last_success_at AS "lastSuccessAt", feed_last_success_at AS "feedLastSuccessAt" FROM exchange_upstream WHERE id = 1`,
  );
  return { children, upstream };
}
