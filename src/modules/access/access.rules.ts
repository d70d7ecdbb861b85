// Pure rules of staff access: roles, password strength, sign-in throttling, session lifetime,
// region containment and who may manage whom. No I/O and no clock: `now` is a parameter.
import { REGIONS, findRegion, regionAncestors } from '../../kernel/codes/region.ts';

// tip_handler: handles the tips (举报) routed to its department and alone may read their reporters
export type Role = 'platform_admin' | 'operator' | 'department_admin' | 'department_clerk' | 'auditor' | 'tip_handler';
export const ROLES: readonly Role[] = ['platform_admin', 'operator', 'department_admin', 'department_clerk', 'auditor', 'tip_handler'];
export const DEPARTMENT_ROLES: readonly Role[] = ['department_admin', 'department_clerk', 'tip_handler'];
export const isDepartmentRole = (r: Role) => DEPARTMENT_ROLES.includes(r);

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  platform_admin: { zh: '平台管理员', en: 'platform administrator' },
  operator: { zh: '运营人员', en: 'operator' },
  department_admin: { zh: '部门管理员', en: 'department administrator' },
  department_clerk: { zh: '部门业务员', en: 'department clerk' },
  auditor: { zh: '审计员', en: 'auditor' },
  tip_handler: { zh: '举报办理员', en: 'tip handler' },
};

// rules/access.json, one entry per effective date
export type AccessRule = {
  effectiveFrom: string;
  source: string;
  // minScore: zxcvbn 0–4 for chosen passwords (password-strength.ts); history: the current and
  // this many minus one earlier passwords may not be chosen again; ownWords: the platform's own
  // words (entry of 2026-12-07): a password containing them, the region names or the user's own
  // must be strong without them (password-strength.ts)
  password: { minLength: number; minClasses: number; maxAgeDays: number | null; minScore?: number; history?: number; ownWords?: string[] };
  signIn: { maxFailures: number; windowMinutes: number; lockMinutes: number; delaySeconds: number[] };
  session: { idleMinutes: number; absoluteMinutes: number };
  totp: { requiredFor: Role[]; window: number };
};

export type Violation = { code: string; zh: string; en: string };

const MINUTE = 60_000;

// --- user names and passwords ---

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const normalizeUsername = (raw: string) => raw.trim().toLowerCase().slice(0, 64);

export function checkUsername(raw: string): Violation | undefined {
  if (USERNAME_PATTERN.test(normalizeUsername(raw))) return undefined;
  return {
    code: 'USERNAME_INVALID',
    zh: '用户名应为 3–32 位小写字母、数字或 . _ -，以字母或数字开头',
    en: 'A user name has 3–32 lower-case letters, digits or . _ -, starting with a letter or digit',
  };
}

// Character classes: lower case, upper case, digits, everything else (symbols, Chinese, …).
export function characterClasses(password: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (const ch of password) {
    if (/[a-z]/.test(ch)) lower = 1;
    else if (/[A-Z]/.test(ch)) upper = 1;
    else if (/[0-9]/.test(ch)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

// Every rule the password breaks, each with a Chinese and an English reason.
export function checkPassword(password: string, username: string, rule: AccessRule['password']): Violation[] {
  const out: Violation[] = [];
  const length = [...password].length;
  if (length < rule.minLength)
    out.push({ code: 'PASSWORD_TOO_SHORT', zh: `密码至少 ${rule.minLength} 位（当前 ${length} 位）`, en: `The password needs at least ${rule.minLength} characters (has ${length})` });
  if (length > 256) out.push({ code: 'PASSWORD_TOO_LONG', zh: '密码不能超过 256 位', en: 'The password may have at most 256 characters' });
  if (characterClasses(password) < rule.minClasses)
    out.push({
      code: 'PASSWORD_TOO_SIMPLE',
      zh: `密码须包含小写字母、大写字母、数字、符号四类中的至少 ${rule.minClasses} 类`,
      en: `The password needs at least ${rule.minClasses} of: lower-case letters, upper-case letters, digits, symbols`,
    });
  const name = normalizeUsername(username);
  if (name.length > 0 && password.toLowerCase().includes(name))
    out.push({ code: 'PASSWORD_CONTAINS_USERNAME', zh: '密码不能包含用户名', en: 'The password must not contain the user name' });
  return out;
}

export function passwordChangeRequired(
  user: { mustChangePassword: boolean; passwordChangedAt: Date },
  now: Date,
  rule: AccessRule['password'],
): boolean {
  if (user.mustChangePassword) return true;
  if (rule.maxAgeDays === null) return false;
  return now.getTime() - user.passwordChangedAt.getTime() >= rule.maxAgeDays * 24 * 60 * MINUTE;
}

export const totpRequired = (role: Role, totpEnabled: boolean, rule: AccessRule['totp']) => totpEnabled || rule.requiredFor.includes(role);

// --- sign-in throttling (per attempted user name, existing or not) ---

export type ThrottleState = { failures: number; windowStartedAt: Date | null; nextAttemptAt: Date | null; lockedUntil: Date | null };
export const FRESH_THROTTLE: ThrottleState = { failures: 0, windowStartedAt: null, nextAttemptAt: null, lockedUntil: null };

export type Gate = { open: true } | { open: false; reason: 'locked' | 'too-soon'; retryAt: Date };

export function signInGate(s: ThrottleState, now: Date): Gate {
  if (s.lockedUntil && now < s.lockedUntil) return { open: false, reason: 'locked', retryAt: s.lockedUntil };
  if (s.nextAttemptAt && now < s.nextAttemptAt) return { open: false, reason: 'too-soon', retryAt: s.nextAttemptAt };
  return { open: true };
}

// After a failed attempt: count it in the window (a new window once the old one has passed);
// at the limit lock for lockMinutes, otherwise wait delaySeconds[n-1] before the next attempt.
export function afterFailure(s: ThrottleState, now: Date, rule: AccessRule['signIn']): ThrottleState {
  const windowOpen = s.windowStartedAt !== null && now.getTime() - s.windowStartedAt.getTime() < rule.windowMinutes * MINUTE;
  const failures = windowOpen ? s.failures + 1 : 1;
  const windowStartedAt = windowOpen ? s.windowStartedAt : now;
  if (failures >= rule.maxFailures)
    return { failures: 0, windowStartedAt: null, nextAttemptAt: null, lockedUntil: new Date(now.getTime() + rule.lockMinutes * MINUTE) };
  const delays = rule.delaySeconds;
  const delay = delays.length === 0 ? 0 : delays[Math.min(failures, delays.length) - 1]!;
  return { failures, windowStartedAt, nextAttemptAt: delay > 0 ? new Date(now.getTime() + delay * 1000) : null, lockedUntil: null };
}

// --- sessions ---

export function sessionExpiresAt(s: { createdAt: Date; lastSeenAt: Date }, rule: AccessRule['session']): Date {
  const idle = s.lastSeenAt.getTime() + rule.idleMinutes * MINUTE;
  const absolute = s.createdAt.getTime() + rule.absoluteMinutes * MINUTE;
  return new Date(Math.min(idle, absolute));
}

export const sessionAlive = (s: { createdAt: Date; lastSeenAt: Date }, now: Date, rule: AccessRule['session']) =>
  now < sessionExpiresAt(s, rule);

// --- regions ---

// Does a user scoped to `scope` see data of `region`? A region contains itself, its counties,
// and for 雄安 its member counties; the province contains every region.
export function regionContains(scope: string, region: string): boolean {
  if (scope === region) return true;
  return regionAncestors(region).includes(scope);
}

// The region and all regions inside it (for SQL filters).
export function regionsWithin(scope: string): string[] {
  if (!findRegion(scope)) return [];
  return REGIONS.filter((r) => regionContains(scope, r.code)).map((r) => r.code);
}

export const isProvince = (region: string) => findRegion(region)?.level === 'province';

// What a principal may see, for list queries: everything, one department, a set of regions,
// or nothing.
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'department'; departmentId: number }
  | { kind: 'regions'; regionCodes: string[] };

export function regionScopeFilter(scope: string): ScopeFilter {
  return isProvince(scope) ? { kind: 'all' } : { kind: 'regions', regionCodes: regionsWithin(scope) };
}

// --- who may manage whom ---

export type Scoped = { role: Role; regionCode: string; departmentId: number | null };

// A platform administrator manages every account in their region; a department administrator
// manages department roles of their own department only.
export function canManageUser(manager: Scoped, target: Scoped): boolean {
  if (manager.role === 'platform_admin') return regionContains(manager.regionCode, target.regionCode);
  if (manager.role === 'department_admin')
    return isDepartmentRole(target.role) && target.departmentId !== null && target.departmentId === manager.departmentId;
  return false;
}

// A generated password meets every rule: 20 characters from all four classes, no look-alikes.
export function generatePassword(randomInt: (max: number) => number): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#%+-=?@_'];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
