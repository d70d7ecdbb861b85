// API clients of department systems and their signing secrets. A secret is 256 random bits,
// shown once, kept sealed by field encryption (the server needs it to check an HMAC). A client
// has at most two active secrets, so that a system can switch to a new one without downtime;
// a request names its secret in X-Xy-Key-Id as <key id>.s<n>.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../kernel/db.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import { badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import type { Department } from './departments.store.ts';

export type Scope = 'collect' | 'check' | 'feedback' | 'query-personal';
export const ALL_SCOPES: readonly Scope[] = ['collect', 'check', 'feedback', 'query-personal'];

export type ApiClient = { id: number; keyId: string; name: string; scopes: Scope[]; department: Department };

// What the client functions need of the platform (a Platform fits).
export type ClientContext = { db: Db; crypto: FieldCrypto; now(): Date };

// A new secret, as shown once: signingKeyId goes into X-Xy-Key-Id; credential = signingKeyId:secret.
export type IssuedSecret = { keyId: string; secretId: string; signingKeyId: string; secret: string; credential: string };

export const DEFAULT_ROTATION_OVERLAP_DAYS = 30;
const MAX_ACTIVE_SECRETS = 2;

const newSecret = () => randomBytes(32).toString('base64url');
const issued = (keyId: string, secretNo: number, secret: string): IssuedSecret => ({
  keyId,
  secretId: `s${secretNo}`,
  signingKeyId: `${keyId}.s${secretNo}`,
  secret,
  credential: `${keyId}.s${secretNo}:${secret}`,
});

export function parseSecretId(raw: string): number {
  const m = /^(?:xk_[0-9a-f]{16}\.)?s?([1-9]\d{0,5})$/.exec(raw.trim());
  if (!m) throw badRequest('SECRET_ID_INVALID', `密钥编号 ${raw} 格式错误（应为 s1、s2…）`, `Secret id ${raw} is malformed (expected s1, s2, …)`);
  return Number(m[1]);
}

export async function createClient(
  ctx: ClientContext,
  actor: Actor,
  department: Department,
  name: string,
  scopes: Scope[],
): Promise<{ client: ApiClient } & IssuedSecret> {
  for (const s of scopes)
    if (!ALL_SCOPES.includes(s)) throw badRequest('SCOPE_UNKNOWN', `未知权限范围 ${s}`, `Unknown scope ${s}`);
  const keyId = `xk_${randomBytes(8).toString('hex')}`;
  const secret = newSecret();
  const now = ctx.now();
  return ctx.db.tx(async (tx) => {
    const row = (await tx.one<{ id: number }>(
      'INSERT INTO api_client (key_id, department_id, name, scopes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [keyId, department.id, name, scopes, now],
    ))!;
    await tx.query('INSERT INTO api_client_secret (client_id, secret_no, secret_cipher, created_at) VALUES ($1, 1, $2, $3)', [
      row.id,
      ctx.crypto.encrypt(secret),
      now,
    ]);
    await writeAudit(tx, actor, 'api-client.create', `api-client:${keyId}`, { department: department.uscc, scopes, secretId: 's1' });
    return { client: { id: row.id, keyId, name, scopes, department }, ...issued(keyId, 1, secret) };
  });
}

// ---- verification (src/modules/access/signing.ts)

export type SigningKey = {
  client: ApiClient;
  revokedAt: Date | null;
  secret: { id: number; cipher: string; retiredAt: Date | null; expiresAt: Date | null } | undefined;
};

export async function findSigningKey(db: Db, keyId: string, secretNo: number): Promise<SigningKey | undefined> {
  const row = await db.one<{
    id: number;
    keyId: string;
    name: string;
    scopes: Scope[];
    revokedAt: Date | null;
    secretRowId: number | null;
    cipher: string | null;
    retiredAt: Date | null;
    expiresAt: Date | null;
    department: Department;
  }>(
    `SELECT c.id, c.key_id AS "keyId", c.name, c.scopes, c.revoked_at AS "revokedAt",
            s.id AS "secretRowId", s.secret_cipher AS cipher, s.retired_at AS "retiredAt", s.expires_at AS "expiresAt",
            json_build_object('id', d.id, 'uscc', d.uscc, 'name', d.name, 'regionCode', d.region_code, 'level', d.level,
                              'kinds', d.kinds, 'active', d.active) AS department
       FROM api_client c
       JOIN department d ON d.id = c.department_id
       LEFT JOIN api_client_secret s ON s.client_id = c.id AND s.secret_no = $2
      WHERE c.key_id = $1`,
    [keyId, secretNo],
  );
  if (!row) return undefined;
  return {
    client: { id: row.id, keyId: row.keyId, name: row.name, scopes: row.scopes, department: row.department },
    revokedAt: row.revokedAt,
    secret: row.secretRowId === null ? undefined : { id: row.secretRowId, cipher: row.cipher!, retiredAt: row.retiredAt, expiresAt: row.expiresAt },
  };
}

// A nonce a request presents, with the secret it was signed with.
export type NonceClaim = { clientId: number; secretRowId: number; nonce: string; expiresAt: Date };
// fresh: recorded now. replay: already there and still live. invalid: the client is revoked, its
// department inactive, or the secret retired, expired or gone (the caller looks up which).
export type NonceVerdict = 'fresh' | 'replay' | 'invalid';

// Records nonces in one statement (many concurrent requests' nonces share one commit, see
// signing.ts); the primary key is the arbiter, so two processes receiving the same request accept
// it once. A nonce is recorded only while its client, department and secret are still valid,
// checked in the same statement: whatever a caller knew of the key before (a cache) is
// re-validated here. purge: the clients' expired nonces go (rows another transaction holds are
// skipped, so concurrent purges never wait on each other). The secret's last use is noted (to
// the minute). The pairs (clientId, nonce) must be distinct.
export async function recordNonces(db: Db, claims: readonly NonceClaim[], now: Date, purge = true): Promise<NonceVerdict[]> {
  if (claims.length === 0) return [];
  const q = nonceClaimsSql(claims, now, 1, purge);
  const rows = await db.query<{ ord: number; valid: boolean; fresh: boolean }>(`WITH ${q.ctes} SELECT ord, valid, fresh FROM ${q.result} ORDER BY ord`, q.params, q.name);
  return nonceVerdicts(rows);
}

export const nonceVerdicts = (rows: readonly { valid: boolean; fresh: boolean }[]): NonceVerdict[] => rows.map((r) => (!r.valid ? 'invalid' : r.fresh ? 'fresh' : 'replay'));

// recordNonces as common table expressions, for a caller that records nonces in a statement of
// its own (the credit-check writer: with the time for its audit events, one round trip). Parameters
// are numbered from `first`; `result` names the CTE with one row (ord, valid, fresh) per claim,
// ord counting from 1. Prepared (`name`); the claims come as JSON, not arrays, so that the generic
// plan is kept (the planner sees how long an array is, and would plan every execution anew).
export function nonceClaimsSql(claims: readonly NonceClaim[], now: Date, first: number, purge: boolean): { ctes: string; result: string; params: unknown[]; name: string } {
  const [c, t] = [`$${first}`, `$${first + 1}::timestamptz`];
  const ctes = `nonce_input AS (
       SELECT * FROM json_to_recordset(${c}::json) AS t(ord int, client_id bigint, secret_id bigint, nonce text, expires_at timestamptz)
     ), nonce_valid AS (
       SELECT i.* FROM nonce_input i
       JOIN api_client c ON c.id = i.client_id AND c.revoked_at IS NULL
       JOIN department d ON d.id = c.department_id AND d.active
       JOIN api_client_secret s ON s.id = i.secret_id AND s.client_id = i.client_id
        AND s.retired_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > ${t})
     ),${
       purge
         ? ` nonce_purged AS (
       DELETE FROM api_client_nonce WHERE (client_id, nonce) IN (
         SELECT n.client_id, n.nonce FROM api_client_nonce n
         WHERE n.client_id IN (SELECT client_id FROM nonce_valid) AND n.expires_at < ${t}
           AND NOT EXISTS (SELECT 1 FROM nonce_input i WHERE i.client_id = n.client_id AND i.nonce = n.nonce)
         FOR UPDATE SKIP LOCKED)
     ),`
         : ''
     } nonce_fresh AS (
       INSERT INTO api_client_nonce (client_id, nonce, expires_at)
       SELECT client_id, nonce, expires_at FROM nonce_valid ORDER BY client_id, nonce
       ON CONFLICT (client_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE api_client_nonce.expires_at < ${t}
       RETURNING client_id, nonce
     ), nonce_used AS (
       UPDATE api_client_secret SET last_used_at = ${t}
        WHERE id IN (SELECT v.secret_id FROM nonce_valid v JOIN nonce_fresh f ON f.client_id = v.client_id AND f.nonce = v.nonce)
          AND (last_used_at IS NULL OR last_used_at < ${t} - interval '1 minute')
     ), nonce_verdicts AS (
       SELECT i.ord, v.ord IS NOT NULL AS valid, f.nonce IS NOT NULL AS fresh
       FROM nonce_input i LEFT JOIN nonce_valid v ON v.ord = i.ord LEFT JOIN nonce_fresh f ON f.client_id = i.client_id AND f.nonce = i.nonce
     )`;
  return {
    ctes,
    result: 'nonce_verdicts',
    params: [JSON.stringify(claims.map((x, i) => ({ ord: i + 1, client_id: x.clientId, secret_id: x.secretRowId, nonce: x.nonce, expires_at: x.expiresAt }))), now],
    name: `access.record-nonces${purge ? '' : '-only'}@${first}`,
  };
}

// One nonce; false if it is already there and still live (a replay).
export async function recordNonce(db: Db, clientId: number, secretRowId: number, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  return (await recordNonces(db, [{ clientId, secretRowId, nonce, expiresAt }], now))[0] === 'fresh';
}

// All clients' expired nonces, for a periodic sweep (each request already purges its own client's).
export async function purgeExpiredNonces(db: Db, now: Date): Promise<number> {
  return (await db.query('DELETE FROM api_client_nonce WHERE expires_at < $1 RETURNING 1', [now])).length;
}

// ---- administration

type ClientRow = { id: number; keyId: string; revokedAt: Date | null };

async function lockClient(tx: Db, keyId: string): Promise<ClientRow> {
  const row = await tx.one<ClientRow>('SELECT id, key_id AS "keyId", revoked_at AS "revokedAt" FROM api_client WHERE key_id = $1 FOR UPDATE', [
    keyId.trim(),
  ]);
  if (!row) throw notFound('CLIENT_NOT_FOUND', `接口凭证 ${keyId} 不存在`, `API client ${keyId} does not exist`);
  return row;
}

const activeWhere = `retired_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`;

// Adds a secret; the secrets active until now stay valid for overlapDays (or until retired).
export async function rotateSecret(
  ctx: ClientContext,
  actor: Actor,
  keyId: string,
  overlapDays = DEFAULT_ROTATION_OVERLAP_DAYS,
): Promise<IssuedSecret & { previous: { secretId: string; expiresAt: string }[] }> {
  if (!Number.isInteger(overlapDays) || overlapDays < 0 || overlapDays > 365)
    throw badRequest('OVERLAP_INVALID', '新旧密钥并行天数应为 0–365', 'The overlap must be 0–365 days');
  const now = ctx.now();
  const secret = newSecret();
  return ctx.db.tx(async (tx) => {
    const c = await lockClient(tx, keyId);
    if (c.revokedAt) throw conflict('CLIENT_REVOKED', `接口凭证 ${c.keyId} 已吊销，不能轮换密钥`, `API client ${c.keyId} is revoked; its secret cannot be rotated`);
    const active = await tx.query<{ secretNo: number; expiresAt: Date | null }>(
      `SELECT secret_no AS "secretNo", expires_at AS "expiresAt" FROM api_client_secret WHERE client_id = $1 AND ${activeWhere} ORDER BY secret_no`,
      [c.id, now],
    );
    if (active.length >= MAX_ACTIVE_SECRETS)
      throw conflict(
        'SECRET_LIMIT',
        `接口凭证 ${c.keyId} 已有 ${active.length} 个有效密钥（${active.map((a) => `s${a.secretNo}`).join('、')}），请先停用一个（xinyong clients retire-secret）`,
        `API client ${c.keyId} already has ${active.length} active secrets (${active.map((a) => `s${a.secretNo}`).join(', ')}); retire one first (xinyong clients retire-secret)`,
      );
    const expiresAt = new Date(now.getTime() + overlapDays * 86_400_000);
    const previous = await tx.query<{ secretNo: number; expiresAt: Date }>(
      `UPDATE api_client_secret SET expires_at = LEAST(coalesce(expires_at, $3), $3)
        WHERE client_id = $1 AND ${activeWhere}
        RETURNING secret_no AS "secretNo", expires_at AS "expiresAt"`,
      [c.id, now, expiresAt],
    );
    const next = (await tx.one<{ n: number }>('SELECT coalesce(max(secret_no), 0) + 1 AS n FROM api_client_secret WHERE client_id = $1', [c.id]))!.n;
    await tx.query('INSERT INTO api_client_secret (client_id, secret_no, secret_cipher, created_at) VALUES ($1, $2, $3, $4)', [
      c.id,
      next,
      ctx.crypto.encrypt(secret),
      now,
    ]);
    const prev = previous.map((p) => ({ secretId: `s${p.secretNo}`, expiresAt: new Date(p.expiresAt).toISOString() }));
    await writeAudit(tx, actor, 'api-client.rotate', `api-client:${c.keyId}`, { secretId: `s${next}`, previous: prev });
    return { ...issued(c.keyId, next, secret), previous: prev };
  });
}

export async function retireSecret(ctx: ClientContext, actor: Actor, keyId: string, secretId: string): Promise<void> {
  const secretNo = parseSecretId(secretId);
  const now = ctx.now();
  await ctx.db.tx(async (tx) => {
    const c = await lockClient(tx, keyId);
    const s = await tx.one<{ id: number; retiredAt: Date | null }>(
      'SELECT id, retired_at AS "retiredAt" FROM api_client_secret WHERE client_id = $1 AND secret_no = $2',
      [c.id, secretNo],
    );
    if (!s) throw notFound('SECRET_NOT_FOUND', `接口凭证 ${c.keyId} 没有密钥 s${secretNo}`, `API client ${c.keyId} has no secret s${secretNo}`);
    if (s.retiredAt) return; // already retired: nothing to do
    const others = (await tx.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_client_secret WHERE client_id = $1 AND ${activeWhere} AND secret_no <> $3`,
      [c.id, now, secretNo],
    ))!.n;
    if (others === 0 && !c.revokedAt)
      throw conflict(
        'LAST_SECRET',
        `s${secretNo} 是 ${c.keyId} 唯一有效的密钥：先轮换（xinyong clients rotate），或吊销整个凭证（xinyong clients revoke）`,
        `s${secretNo} is the only active secret of ${c.keyId}: rotate first (xinyong clients rotate), or revoke the client (xinyong clients revoke)`,
      );
    await tx.query('UPDATE api_client_secret SET retired_at = $2 WHERE id = $1', [s.id, now]);
    await writeAudit(tx, actor, 'api-client.retire-secret', `api-client:${c.keyId}`, { secretId: `s${secretNo}` });
  });
}

export async function revokeClient(ctx: ClientContext, actor: Actor, keyId: string): Promise<void> {
  await ctx.db.tx(async (tx) => {
    const c = await lockClient(tx, keyId);
    if (c.revokedAt) return;
    await tx.query('UPDATE api_client SET revoked_at = $2 WHERE id = $1', [c.id, ctx.now()]);
    await writeAudit(tx, actor, 'api-client.revoke', `api-client:${c.keyId}`);
  });
}

export type ClientListing = {
  keyId: string;
  name: string;
  department: { uscc: string; name: string };
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
  secrets: { secretId: string; createdAt: string; expiresAt: string | null; retiredAt: string | null; lastUsedAt: string | null; active: boolean }[];
};

export async function listClients(db: Db, now: Date, departmentId?: number): Promise<ClientListing[]> {
  const rows = await db.query<{
    keyId: string;
    name: string;
    uscc: string;
    depName: string;
    scopes: Scope[];
    createdAt: Date;
    revokedAt: Date | null;
    secrets: { no: number; created: string; expires: string | null; retired: string | null; used: string | null; active: boolean }[] | null;
  }>(
    `SELECT c.key_id AS "keyId", c.name, d.uscc, d.name AS "depName", c.scopes, c.created_at AS "createdAt", c.revoked_at AS "revokedAt",
            (SELECT json_agg(json_build_object('no', s.secret_no, 'created', s.created_at, 'expires', s.expires_at, 'retired', s.retired_at,
                                               'used', s.last_used_at, 'active', s.retired_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > $1))
                             ORDER BY s.secret_no)
               FROM api_client_secret s WHERE s.client_id = c.id) AS secrets
       FROM api_client c JOIN department d ON d.id = c.department_id
      WHERE $2::bigint IS NULL OR c.department_id = $2
      ORDER BY d.uscc, c.created_at`,
    [now, departmentId ?? null],
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return rows.map((r) => ({
    keyId: r.keyId,
    name: r.name,
    department: { uscc: r.uscc, name: r.depName },
    scopes: r.scopes,
    createdAt: iso(r.createdAt)!,
    revokedAt: iso(r.revokedAt),
    secrets: (r.secrets ?? []).map((s) => ({
      secretId: `s${s.no}`,
      createdAt: iso(s.created)!,
      expiresAt: iso(s.expires),
      retiredAt: iso(s.retired),
      lastUsedAt: iso(s.used),
      active: s.active && !r.revokedAt,
    })),
  }));
}
