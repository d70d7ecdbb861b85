// SQL of staff accounts, sign-in throttling and sessions. Times come from the caller (the
// platform clock), never from the database's now(), so tests control them.
import type { Db } from '../../kernel/db.ts';
import type { Role, ScopeFilter, ThrottleState } from './access.rules.ts';
import { scopeCondition } from './scope.store.ts';

export type StaffUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  lastSignInAt: Date | null;
  createdAt: Date;
  disabledAt: Date | null;
};

// with what only the sign-in path reads
export type StaffCredentials = StaffUser & { passwordHash: string; totpSecret: string | null; totpLastStep: number | null };

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.role, u.region_code AS "regionCode",
  u.department_id AS "departmentId", u.totp_enabled AS "totpEnabled", u.must_change_password AS "mustChangePassword",
  u.password_changed_at AS "passwordChangedAt", u.last_sign_in_at AS "lastSignInAt", u.created_at AS "createdAt",
  u.disabled_at AS "disabledAt"`;
const CREDENTIAL_COLUMNS = `${USER_COLUMNS}, u.password_hash AS "passwordHash", u.totp_secret AS "totpSecret", u.totp_last_step AS "totpLastStep"`;

export type NewStaffUser = {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  now: Date;
};

export async function insertStaffUser(tx: Db, u: NewStaffUser): Promise<StaffUser> {
  return (await tx.one<StaffUser>(
    `INSERT INTO staff_user AS u (username, display_name, password_hash, role, region_code, department_id, totp_secret, totp_enabled,
       must_change_password, password_changed_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ${USER_COLUMNS}`,
    [u.username, u.displayName, u.passwordHash, u.role, u.regionCode, u.departmentId, u.totpSecret, u.totpEnabled, u.mustChangePassword, u.now],
  ))!;
}

export async function findCredentials(db: Db, username: string): Promise<StaffCredentials | undefined> {
  return db.one<StaffCredentials>(`SELECT ${CREDENTIAL_COLUMNS} FROM staff_user u WHERE u.username = $1`, [username]);
}

export async function findCredentialsById(db: Db, id: number): Promise<StaffCredentials | undefined> {
  return db.one<StaffCredentials>(`SELECT ${CREDENTIAL_COLUMNS} FROM staff_user u WHERE u.id = $1`, [id]);
}

export async function findStaffUserById(db: Db, id: number): Promise<StaffUser | undefined> {
  return db.one<StaffUser>(`SELECT ${USER_COLUMNS} FROM staff_user u WHERE u.id = $1`, [id]);
}

export async function findStaffUserByUsername(db: Db, username: string): Promise<StaffUser | undefined> {
  return db.one<StaffUser>(`SELECT ${USER_COLUMNS} FROM staff_user u WHERE u.username = $1`, [username]);
}

export async function countStaffUsers(db: Db): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*) AS n FROM staff_user'))!.n;
}

export type StaffUserListed = StaffUser & { lockedUntil: Date | null };

export async function listStaffUsers(db: Db, scope: ScopeFilter, limit: number, offset: number, now: Date): Promise<{ items: StaffUserListed[]; total: number }> {
  const params: unknown[] = [];
  const where = scopeCondition(scope, { department: 'u.department_id', region: 'u.region_code' }, params);
  const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM staff_user u WHERE ${where}`, params))!.n;
  const items = await db.query<StaffUserListed>(
    `SELECT ${USER_COLUMNS}, CASE WHEN t.locked_until > $${params.length + 1} THEN t.locked_until END AS "lockedUntil"
     FROM staff_user u LEFT JOIN sign_in_throttle t ON t.username_key = u.username
     WHERE ${where} ORDER BY u.region_code, u.department_id NULLS FIRST, u.username
     LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
    [...params, now, limit, offset],
  );
  return { items, total };
}

export type StaffUserPatch = Partial<{
  displayName: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  lastSignInAt: Date;
  disabledAt: Date | null;
}>;

const PATCH_COLUMNS: Record<keyof StaffUserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
  passwordChangedAt: 'password_changed_at',
  totpSecret: 'totp_secret',
  totpEnabled: 'totp_enabled',
  totpLastStep: 'totp_last_step',
  lastSignInAt: 'last_sign_in_at',
  disabledAt: 'disabled_at',
};

export async function updateStaffUser(tx: Db, id: number, patch: StaffUserPatch): Promise<StaffUser> {
  const keys = (Object.keys(patch) as (keyof StaffUserPatch)[]).filter((k) => patch[k] !== undefined);
  if (keys.length === 0) return (await findStaffUserById(tx, id))!;
  const sets = keys.map((k, i) => `${PATCH_COLUMNS[k]} = $${i + 2}`);
  return (await tx.one<StaffUser>(`UPDATE staff_user u SET ${sets.join(', ')} WHERE u.id = $1 RETURNING ${USER_COLUMNS}`, [
    id,
    ...keys.map((k) => patch[k]),
  ]))!;
}

// --- sign-in throttle ---

// Creates the row if needed and locks it for the caller's transaction: attempts for one user
// name are serialized, so parallel guesses cannot slip past the counter.
export async function lockThrottle(tx: Db, key: string, now: Date): Promise<ThrottleState> {
  await tx.query('INSERT INTO sign_in_throttle (username_key, updated_at) VALUES ($1, $2) ON CONFLICT (username_key) DO NOTHING', [key, now]);
  return (await tx.one<ThrottleState>(
    `SELECT failures, window_started_at AS "windowStartedAt", next_attempt_at AS "nextAttemptAt", locked_until AS "lockedUntil"
     FROM sign_in_throttle WHERE username_key = $1 FOR UPDATE`,
    [key],
  ))!;
}

export async function saveThrottle(tx: Db, key: string, s: ThrottleState, now: Date): Promise<void> {
  await tx.query(
    `UPDATE sign_in_throttle SET failures = $2, window_started_at = $3, next_attempt_at = $4, locked_until = $5, updated_at = $6
     WHERE username_key = $1`,
    [key, s.failures, s.windowStartedAt, s.nextAttemptAt, s.lockedUntil, now],
  );
}

export async function deleteThrottle(tx: Db, key: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM sign_in_throttle WHERE username_key = $1 RETURNING username_key', [key]);
  return rows.length > 0;
}

// Rows untouched for a day carry no state that still matters (windows and locks are shorter).
export async function pruneThrottle(tx: Db, before: Date): Promise<void> {
  await tx.query('DELETE FROM sign_in_throttle WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)', [before]);
}

// --- sessions ---

export type SessionRow = { id: number; userId: number; createdAt: Date; lastSeenAt: Date };

export async function insertSession(tx: Db, s: { tokenHash: string; userId: number; now: Date; ip?: string; userAgent?: string }): Promise<SessionRow> {
  return (await tx.one<SessionRow>(
    `INSERT INTO staff_session (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5)
     RETURNING id, user_id AS "userId", created_at AS "createdAt", last_seen_at AS "lastSeenAt"`,
    [s.tokenHash, s.userId, s.now, s.ip ?? null, s.userAgent?.slice(0, 300) ?? null],
  ))!;
}

export async function findLiveSession(db: Db, tokenHash: string): Promise<{ session: SessionRow; user: StaffUser } | undefined> {
  const row = await db.one<StaffUser & { sessionId: number; sessionCreatedAt: Date; sessionLastSeenAt: Date }>(
    `SELECT ${USER_COLUMNS}, s.id AS "sessionId", s.created_at AS "sessionCreatedAt", s.last_seen_at AS "sessionLastSeenAt"
     FROM staff_session s JOIN staff_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
    [tokenHash],
  );
  if (!row) return undefined;
  const { sessionId, sessionCreatedAt, sessionLastSeenAt, ...user } = row;
  return { session: { id: sessionId, userId: user.id, createdAt: sessionCreatedAt, lastSeenAt: sessionLastSeenAt }, user };
}

export async function touchSession(db: Db, id: number, now: Date): Promise<void> {
  await db.query('UPDATE staff_session SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [id, now]);
}

export async function revokeSession(tx: Db, id: number, now: Date): Promise<void> {
  await tx.query('UPDATE staff_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
}

// Revokes every live session of a user, except one if given; answers how many ended.
export async function revokeUserSessions(tx: Db, userId: number, now: Date, exceptId?: number): Promise<number> {
  const rows = await tx.query(
    'UPDATE staff_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND id <> $3 RETURNING id',
    [userId, now, exceptId ?? -1],
  );
  return rows.length;
}

// The hashes of a user's earlier passwords, newest first (0013 staff_password_history).
export async function passwordHistory(db: Db, userId: number, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db.query<{ hash: string }>(
    'SELECT password_hash AS hash FROM staff_password_history WHERE user_id = $1 ORDER BY replaced_at DESC, id DESC LIMIT $2',
    [userId, limit],
  );
  return rows.map((r) => r.hash);
}

// Keeps the replaced hash; only the newest `keep` are kept.
export async function pushPasswordHistory(tx: Db, userId: number, hash: string, at: Date, keep: number): Promise<void> {
  await tx.query('INSERT INTO staff_password_history (user_id, password_hash, replaced_at) VALUES ($1, $2, $3)', [userId, hash, at]);
  await tx.query(
    `DELETE FROM staff_password_history WHERE user_id = $1 AND id NOT IN (
       SELECT id FROM staff_password_history WHERE user_id = $1 ORDER BY replaced_at DESC, id DESC LIMIT $2)`,
    [userId, Math.max(keep, 0)],
  );
}
