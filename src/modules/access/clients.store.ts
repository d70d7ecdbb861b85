// API clients of department systems. The secret is 256 random bits, shown once, stored as SHA-256
// (a high-entropy secret needs no slow hash). Bearer credentials: "<keyId>.<secret>".
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../kernel/db.ts';
import { badRequest, unauthorized } from '../../kernel/errors.ts';
import { sha256Hex } from '../../kernel/crypto.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import type { Department } from './departments.store.ts';
import { findDepartmentById } from './departments.store.ts';

export type Scope = 'collect' | 'check' | 'feedback' | 'query-personal';
export const ALL_SCOPES: readonly Scope[] = ['collect', 'check', 'feedback', 'query-personal'];

export type ApiClient = { id: number; keyId: string; name: string; scopes: Scope[]; department: Department };

export async function createClient(
  db: Db,
  actor: Actor,
  department: Department,
  name: string,
  scopes: Scope[],
): Promise<{ client: ApiClient; token: string }> {
  for (const s of scopes)
    if (!ALL_SCOPES.includes(s)) throw badRequest('SCOPE_UNKNOWN', `未知权限范围 ${s}`, `Unknown scope ${s}`);
  const keyId = `xk_${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  return db.tx(async (tx) => {
    const row = (await tx.one<{ id: number }>(
      'INSERT INTO api_client (key_id, department_id, name, secret_hash, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [keyId, department.id, name, sha256Hex(secret), scopes],
    ))!;
    await writeAudit(tx, actor, 'api-client.create', `api-client:${keyId}`, { department: department.uscc, scopes });
    return { client: { id: row.id, keyId, name, scopes, department }, token: `${keyId}.${secret}` };
  });
}

export async function authenticateClient(db: Db, authorization: string | undefined): Promise<ApiClient> {
  const m = /^Bearer\s+(xk_[0-9a-f]{16})\.([A-Za-z0-9_-]{20,})$/.exec(authorization ?? '');
  if (!m) throw unauthorized('AUTH_REQUIRED', '需要部门接口凭证（Authorization: Bearer <keyId>.<secret>）', 'Department API credentials required (Authorization: Bearer <keyId>.<secret>)');
  const row = await db.one<{ id: number; key_id: string; name: string; scopes: Scope[]; secret_hash: string; department_id: number; revoked_at: string | null }>(
    'SELECT id, key_id, name, scopes, secret_hash, department_id, revoked_at FROM api_client WHERE key_id = $1',
    [m[1]],
  );
  const given = Buffer.from(sha256Hex(m[2]!), 'hex');
  const ok = row && !row.revoked_at && timingSafeEqual(given, Buffer.from(row.secret_hash, 'hex'));
  if (!ok) throw unauthorized('AUTH_INVALID', '接口凭证无效或已吊销', 'API credentials are invalid or revoked');
  const department = (await findDepartmentById(db, row.department_id))!;
  return { id: row.id, keyId: row.key_id, name: row.name, scopes: row.scopes, department };
}
