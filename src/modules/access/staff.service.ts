// Staff accounts and sign-in: creation (with forced TOTP enrolment for privileged roles),
// password sign-in with TOTP, throttling and lockout, sessions, password change, and the
// administration of accounts within a manager's scope.
import { randomBytes, randomInt } from 'node:crypto';
import { ownWordsFor, strengthViolation } from './password-strength.ts';
import { hash as argonHash, verify as argonVerify, Algorithm } from '@node-rs/argon2';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { DomainError, badRequest, conflict, forbidden, notFound, unauthorized } from '../../kernel/errors.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { sha256Hex } from '../../kernel/crypto.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { findDepartmentById } from './departments.store.ts';
import {
  ROLES,
  afterFailure,
  canManageUser,
  checkPassword,
  checkUsername,
  generatePassword,
  isDepartmentRole,
  normalizeUsername,
  passwordChangeRequired,
  sessionAlive,
  signInGate,
  totpRequired,
  type AccessRule,
  type Role,
  type ScopeFilter,
  type Violation,
} from './access.rules.ts';
import * as store from './staff.store.ts';
import { checkTotp, newTotpEnrolment, type TotpEnrolment } from './totp.ts';

export type { StaffUser } from './staff.store.ts';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (~10 ms per hash on 2 cores).
const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verified when the user name is unknown, so that case costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
const DUMMY = () => (dummyHash ??= argonHash(randomBytes(16).toString('hex'), ARGON));

export const accessRule = (p: Platform): AccessRule => ruleInForce(p.rules.access, p.today());
export const hashPassword = (password: string) => argonHash(password, ARGON);

// userInputs: the user's own words (user name, display name, department name)
function pushStrength(violations: Violation[], password: string, userInputs: string[], rule: AccessRule, regionCode: string): void {
  if (rule.password.minScore === undefined) return;
  const weak = strengthViolation(password, userInputs, rule.password.minScore, ownWordsFor(rule, regionCode));
  if (weak) violations.push(weak);
}

const weakPassword = (v: Violation[]) =>
  badRequest('PASSWORD_WEAK', `密码不符合要求：${v.map((x) => x.zh).join('；')}`, `The password does not meet the rules: ${v.map((x) => x.en).join('; ')}`, v);

function newPassword(username: string, rule: AccessRule): string {
  for (;;) {
    const pw = generatePassword(randomInt);
    if (checkPassword(pw, username, rule.password).length === 0) return pw;
  }
}

// The manager of an administrative action: a signed-in staff member (null: the CLI on the server).
export type Manager = { id: number; role: Role; regionCode: string; departmentId: number | null };

export type NewStaffInput = {
  username: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  departmentId?: number;
  password?: string; // absent: one is generated and returned once
  mustChangePassword?: boolean; // default: when generated or set by a manager
};

export type Issued = { user: store.StaffUser; password?: string; totp?: TotpEnrolment };

export async function createStaffUser(p: Platform, actor: Actor, manager: Manager | null, input: NewStaffInput): Promise<Issued> {
  const rule = accessRule(p);
  const invalidName = checkUsername(input.username);
  if (invalidName) throw badRequest(invalidName.code, invalidName.zh, invalidName.en);
  const username = normalizeUsername(input.username);
  if (!ROLES.includes(input.role)) throw badRequest('ROLE_UNKNOWN', `未知角色 ${input.role}（可选：${ROLES.join('、')}）`, `Unknown role ${input.role} (one of ${ROLES.join(', ')})`);
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 64) throw badRequest('DISPLAY_NAME_INVALID', '姓名不能为空且不超过 64 个字', 'The display name must have 1 to 64 characters');

  let regionCode: string;
  let departmentId: number | null = null;
  let departmentName: string | undefined;
  if (isDepartmentRole(input.role)) {
    if (input.departmentId === undefined)
      throw badRequest('DEPARTMENT_REQUIRED', '部门管理员和部门业务员须指定所属部门', 'Department roles need a department');
    const dep = await findDepartmentById(p.db, input.departmentId);
    if (!dep) throw notFound('DEPARTMENT_NOT_FOUND', `部门 ${input.departmentId} 不存在`, `Department ${input.departmentId} does not exist`);
    if (input.regionCode !== undefined && input.regionCode !== dep.regionCode)
      throw badRequest('REGION_MISMATCH', `部门人员的区划即其部门的区划（${dep.regionCode}）`, `A department user's region is their department's (${dep.regionCode})`);
    regionCode = dep.regionCode;
    departmentId = dep.id;
    departmentName = dep.name;
  } else {
    if (input.departmentId !== undefined)
      throw badRequest('DEPARTMENT_NOT_ALLOWED', '只有部门角色才属于某个部门', 'Only department roles belong to a department');
    regionCode = (input.regionCode ?? manager?.regionCode ?? '130000').trim();
    if (!findRegion(regionCode)) throw badRequest('REGION_UNKNOWN', `行政区划代码 ${regionCode} 不是河北省的区划`, `Region code ${regionCode} is not a Hebei region`);
  }
  if (manager && !canManageUser(manager, { role: input.role, regionCode, departmentId }))
    throw forbidden('USER_OUT_OF_SCOPE', '无权在该部门或区划创建此角色的账号', 'You may not create an account with this role in that department or region');

  const generated = input.password === undefined;
  const password = input.password ?? newPassword(username, rule);
  const violations = checkPassword(password, username, rule.password);
  // a chosen password must also not be a common one (a generated one is 20 random characters)
  if (!generated && violations.length === 0) pushStrength(violations, password, [username, displayName, departmentName ?? ''], rule, regionCode);
  if (violations.length) throw weakPassword(violations);
  const totp = rule.totp.requiredFor.includes(input.role) ? newTotpEnrolment(username) : undefined;
  const passwordHash = await hashPassword(password);
  const now = p.now();

  const user = await p.db.tx(async (tx) => {
    if (await store.findStaffUserByUsername(tx, username)) throw conflict('USER_EXISTS', `用户名 ${username} 已被使用`, `The user name ${username} is taken`);
    const u = await store.insertStaffUser(tx, {
      username,
      displayName,
      passwordHash,
      role: input.role,
      regionCode,
      departmentId,
      totpSecret: totp ? p.crypto.encrypt(totp.secret) : null,
      totpEnabled: totp !== undefined,
      mustChangePassword: input.mustChangePassword ?? (generated || manager !== null),
      now,
    });
    await writeAudit(tx, actor, 'staff.create', `staff:${username}`, { role: u.role, regionCode, departmentId, totp: u.totpEnabled });
    return u;
  });
  return { user, ...(generated ? { password } : {}), ...(totp ? { totp } : {}) };
}

// --- sign-in ---

export type SignInInput = { username: string; password: string; totp?: string };
export type SignInMeta = { ip?: string; userAgent?: string };
export type SignedIn = { user: store.StaffUser; token: string; passwordChangeRequired: boolean };

const SIGN_IN_FAILED = () =>
  unauthorized('SIGN_IN_FAILED', '用户名、密码或动态口令不正确', 'The user name, password or one-time code is not correct');

type Attempt =
  | { ok: true; signedIn: SignedIn }
  | { ok: false; error: DomainError };

// One transaction per attempt, serialized per user name by the throttle row lock. Failures are
// counted whether the user exists or not, and every refusal reads the same.
export async function signIn(p: Platform, input: SignInInput, meta: SignInMeta = {}): Promise<SignedIn> {
  const rule = accessRule(p);
  const key = normalizeUsername(input.username);
  const actor: Actor = { id: `staff:${key}`, kind: 'staff', ip: meta.ip };
  const attempt = await p.db.tx<Attempt>(async (tx) => {
    const now = p.now();
    await store.pruneThrottle(tx, new Date(now.getTime() - 24 * 3600_000));
    const state = await store.lockThrottle(tx, key, now);
    const gate = signInGate(state, now);
    if (!gate.open) {
      await writeAudit(tx, actor, 'auth.sign-in.refused', `staff:${key}`, { reason: gate.reason, retryAt: gate.retryAt.toISOString() });
      return { ok: false, error: throttled(gate.reason, gate.retryAt, now) };
    }
    const user = await store.findCredentials(tx, key);
    const passwordOk = await argonVerify(user?.passwordHash ?? (await DUMMY()), input.password).catch(() => false);
    let failure: string | undefined = !user ? 'unknown-user' : !passwordOk ? 'password' : user.disabledAt ? 'disabled' : undefined;
    let step: number | undefined;
    if (user && !failure && totpRequired(user.role, user.totpEnabled, rule.totp)) {
      const check = user.totpSecret && input.totp ? checkTotp(p.crypto.decrypt(user.totpSecret), input.totp, now, rule.totp.window, user.totpLastStep) : { ok: false as const };
      if (check.ok) step = check.step;
      else failure = input.totp ? 'totp' : 'totp-missing';
    }
    if (failure || !user) {
      const next = afterFailure(state, now, rule.signIn);
      await store.saveThrottle(tx, key, next, now);
      await writeAudit(tx, actor, 'auth.sign-in.failed', `staff:${key}`, { reason: failure, locked: next.lockedUntil !== null });
      return { ok: false, error: next.lockedUntil ? throttled('locked', next.lockedUntil, now) : SIGN_IN_FAILED() };
    }
    await store.deleteThrottle(tx, key);
    const signedUser = await store.updateStaffUser(tx, user.id, { lastSignInAt: now, ...(step !== undefined ? { totpLastStep: step } : {}) });
    const token = await openSession(tx, user.id, now, meta);
    await writeAudit(tx, actor, 'auth.sign-in', `staff:${key}`, { totp: step !== undefined });
    return { ok: true, signedIn: { user: signedUser, token, passwordChangeRequired: passwordChangeRequired(signedUser, now, rule.password) } };
  });
  if (!attempt.ok) throw attempt.error;
  return attempt.signedIn;
}

function throttled(reason: 'locked' | 'too-soon', retryAt: Date, now: Date): DomainError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const wait = seconds >= 60 ? { zh: `${Math.ceil(seconds / 60)} 分钟`, en: `${Math.ceil(seconds / 60)} min` } : { zh: `${seconds} 秒`, en: `${seconds} s` };
  return reason === 'locked'
    ? new DomainError(429, 'SIGN_IN_LOCKED', `登录失败次数过多，请 ${wait.zh}后再试`, `Too many failed sign-ins; try again in ${wait.en}`, { retryAfterSeconds: seconds })
    : new DomainError(429, 'SIGN_IN_TOO_SOON', `登录失败后须稍候，请 ${wait.zh}后再试`, `Wait ${wait.en} after a failed sign-in`, { retryAfterSeconds: seconds });
}

// A session token: 256 random bits; only its SHA-256 is stored.
async function openSession(tx: Db, userId: number, now: Date, meta: SignInMeta): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.insertSession(tx, { tokenHash: sha256Hex(token), userId, now, ip: meta.ip, userAgent: meta.userAgent });
  return token;
}

// For tests and tools that need a session without the password path (no audit: not a sign-in).
export async function openSessionFor(p: Platform, userId: number): Promise<string> {
  return p.db.tx((tx) => openSession(tx, userId, p.now(), {}));
}

export type LiveSession = { user: store.StaffUser; sessionId: number; passwordChangeRequired: boolean };

export async function resolveSession(p: Platform, token: string): Promise<LiveSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const found = await store.findLiveSession(p.db, sha256Hex(token));
  if (!found || found.user.disabledAt) return undefined;
  const rule = accessRule(p);
  const now = p.now();
  if (!sessionAlive(found.session, now, rule.session)) return undefined;
  // idle time counts from the last request; written at most once a minute
  if (now.getTime() - found.session.lastSeenAt.getTime() >= 60_000) await store.touchSession(p.db, found.session.id, now);
  return { user: found.user, sessionId: found.session.id, passwordChangeRequired: passwordChangeRequired(found.user, now, rule.password) };
}

export async function signOut(p: Platform, actor: Actor, sessionId: number): Promise<void> {
  await p.db.tx(async (tx) => {
    await store.revokeSession(tx, sessionId, p.now());
    await writeAudit(tx, actor, 'auth.sign-out', null, { session: sessionId });
  });
}

export async function signOutEverywhere(p: Platform, actor: Actor, userId: number): Promise<number> {
  return p.db.tx(async (tx) => {
    const n = await store.revokeUserSessions(tx, userId, p.now());
    await writeAudit(tx, actor, 'auth.sign-out-everywhere', `staff-id:${userId}`, { sessions: n });
    return n;
  });
}

// Needs the current password (a wrong one counts as a failed sign-in); ends the user's other
// sessions.
export async function changePassword(p: Platform, actor: Actor, userId: number, sessionId: number, current: string, next: string): Promise<store.StaffUser> {
  const rule = accessRule(p);
  const creds = await store.findCredentialsById(p.db, userId);
  if (!creds) throw notFound('USER_NOT_FOUND', '用户不存在', 'No such user');
  const violations = checkPassword(next, creds.username, rule.password);
  if (next === current) violations.push({ code: 'PASSWORD_UNCHANGED', zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' });
  if (violations.length === 0) {
    const dep = creds.departmentId !== null ? await findDepartmentById(p.db, creds.departmentId) : undefined;
    pushStrength(violations, next, [creds.username, creds.displayName, dep?.name ?? ''], rule, creds.regionCode);
  }
  if (violations.length) throw weakPassword(violations);
  // none of the last N (the current one and the N-1 before it)
  const keep = Math.max((rule.password.history ?? 1) - 1, 0);
  for (const old of [creds.passwordHash, ...(await store.passwordHistory(p.db, userId, keep))])
    if (await argonVerify(old, next).catch(() => false))
      throw weakPassword([
        {
          code: 'PASSWORD_REUSED',
          zh: `新密码不能与最近 ${rule.password.history ?? 1} 次使用过的密码相同`,
          en: `The new password must differ from the last ${rule.password.history ?? 1} passwords`,
        },
      ]);
  const nextHash = await hashPassword(next);
  const result = await p.db.tx<{ ok: true; user: store.StaffUser } | { ok: false; error: DomainError }>(async (tx) => {
    const now = p.now();
    const state = await store.lockThrottle(tx, creds.username, now);
    const gate = signInGate(state, now);
    if (!gate.open) return { ok: false, error: throttled(gate.reason, gate.retryAt, now) };
    if (!(await argonVerify(creds.passwordHash, current).catch(() => false))) {
      await store.saveThrottle(tx, creds.username, afterFailure(state, now, rule.signIn), now);
      await writeAudit(tx, actor, 'auth.password-change.failed', `staff:${creds.username}`, {});
      return { ok: false, error: badRequest('PASSWORD_WRONG', '当前密码不正确', 'The current password is not correct') };
    }
    await store.deleteThrottle(tx, creds.username);
    if (keep > 0) await store.pushPasswordHistory(tx, userId, creds.passwordHash, now, keep);
    const user = await store.updateStaffUser(tx, userId, { passwordHash: nextHash, passwordChangedAt: now, mustChangePassword: false });
    const ended = await store.revokeUserSessions(tx, userId, now, sessionId);
    await writeAudit(tx, actor, 'auth.password-change', `staff:${creds.username}`, { otherSessionsEnded: ended });
    return { ok: true, user };
  });
  if (!result.ok) throw result.error;
  return result.user;
}

// --- administration ---

export async function listStaffUsers(p: Platform, scope: ScopeFilter, limit: number, offset: number) {
  return store.listStaffUsers(p.db, scope, limit, offset, p.now());
}

export type StaffUserChange = {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  resetLock?: boolean;
  resetPassword?: boolean;
  resetTotp?: boolean;
};

// Accounts outside the manager's scope answer 404, as if they did not exist.
export async function updateStaffUserAsManager(p: Platform, actor: Actor, manager: Manager | null, id: number, change: StaffUserChange): Promise<Issued> {
  const rule = accessRule(p);
  const target = await store.findStaffUserById(p.db, id);
  if (!target || (manager && !canManageUser(manager, target))) throw notFound('USER_NOT_FOUND', `用户 ${id} 不存在`, `User ${id} not found`);
  const self = manager?.id === target.id;
  if (self && (change.role !== undefined || change.disabled !== undefined))
    throw badRequest('SELF_CHANGE_REFUSED', '不能修改自己的角色或停用自己的账号', 'You cannot change your own role or disable your own account');
  if (change.role !== undefined && change.role !== target.role) {
    if (!ROLES.includes(change.role)) throw badRequest('ROLE_UNKNOWN', `未知角色 ${change.role}`, `Unknown role ${change.role}`);
    if (isDepartmentRole(change.role) !== isDepartmentRole(target.role))
      throw badRequest('ROLE_CHANGE_UNSUPPORTED', '部门角色与非部门角色之间不能互换，请新建账号', 'A department role cannot become a non-department role or the reverse; create a new account');
    if (manager && !canManageUser(manager, { ...target, role: change.role }))
      throw forbidden('ROLE_NOT_ALLOWED', '无权授予该角色', 'You may not grant this role');
  }
  const displayName = change.displayName?.trim();
  if (displayName !== undefined && (!displayName || displayName.length > 64))
    throw badRequest('DISPLAY_NAME_INVALID', '姓名不能为空且不超过 64 个字', 'The display name must have 1 to 64 characters');

  const now = p.now();
  const role = change.role ?? target.role;
  const needsTotp = change.resetTotp || (rule.totp.requiredFor.includes(role) && !target.totpEnabled);
  const totp = needsTotp ? newTotpEnrolment(target.username) : undefined;
  const password = change.resetPassword ? newPassword(target.username, rule) : undefined;
  const passwordHash = password ? await hashPassword(password) : undefined;
  const patch: store.StaffUserPatch = {
    displayName,
    role: change.role,
    ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? (target.disabledAt ?? now) : null }),
    ...(passwordHash ? { passwordHash, passwordChangedAt: now, mustChangePassword: true } : {}),
    ...(totp ? { totpSecret: p.crypto.encrypt(totp.secret), totpEnabled: true, totpLastStep: null } : {}),
  };
  const user = await p.db.tx(async (tx) => {
    const u = await store.updateStaffUser(tx, id, patch);
    if (change.resetLock) await store.deleteThrottle(tx, target.username);
    // a disabled account, a new password or a new role ends the sessions it had
    const ends = change.disabled === true || password !== undefined || (change.role !== undefined && change.role !== target.role);
    const ended = ends ? await store.revokeUserSessions(tx, id, now) : 0;
    await writeAudit(tx, actor, 'staff.update', `staff:${target.username}`, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(change.role !== undefined ? { role: { from: target.role, to: change.role } } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      ...(change.resetLock ? { resetLock: true } : {}),
      ...(password ? { resetPassword: true } : {}),
      ...(totp ? { newTotp: true } : {}),
      sessionsEnded: ended,
    });
    return u;
  });
  return { user, ...(password ? { password } : {}), ...(totp ? { totp } : {}) };
}

export const managerOf = (who: { user: { id: number }; role: Role; regionCode: string; departmentId: number | null }): Manager => ({
  id: who.user.id,
  role: who.role,
  regionCode: who.regionCode,
  departmentId: who.departmentId,
});
