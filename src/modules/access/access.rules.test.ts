import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import {
  afterFailure,
  canManageUser,
  characterClasses,
  checkPassword,
  checkUsername,
  generatePassword,
  passwordChangeRequired,
  regionContains,
  regionScopeFilter,
  regionsWithin,
  sessionAlive,
  signInGate,
  FRESH_THROTTLE,
  type AccessRule,
} from './access.rules.ts';

const rule = ruleInForce(loadRuleFile<AccessRule>('access'), '2026-11-20');
const at = (iso: string) => new Date(iso);

test('the packaged access rule carries the documented numbers', () => {
  assert.deepEqual(rule.password, { minLength: 12, minClasses: 3, maxAgeDays: 90, minScore: 3, history: 5 });
  assert.deepEqual(rule.signIn, { maxFailures: 5, windowMinutes: 15, lockMinutes: 15, delaySeconds: [1, 2, 4, 8] });
  assert.deepEqual(rule.session, { idleMinutes: 30, absoluteMinutes: 480 });
  assert.deepEqual(rule.totp.requiredFor, ['platform_admin', 'operator']);
});

test('passwords: length 12, three of four classes, not the user name, reasons in Chinese and English', () => {
  assert.deepEqual(checkPassword('Abcdefgh123!', 'zhangsan', rule.password), []);
  assert.equal(characterClasses('abc'), 1);
  assert.equal(characterClasses('aB3!'), 4);
  assert.equal(characterClasses('密码abc123'), 3); // Chinese counts as a symbol class
  const short = checkPassword('Abcdefg123!', 'zhangsan', rule.password); // 11 characters
  assert.deepEqual(short.map((v) => v.code), ['PASSWORD_TOO_SHORT']);
  assert.match(short[0]!.zh, /至少 12 位/);
  assert.match(short[0]!.en, /at least 12/);
  assert.deepEqual(checkPassword('abcdefgh1234', 'zhangsan', rule.password).map((v) => v.code), ['PASSWORD_TOO_SIMPLE']);
  assert.deepEqual(checkPassword('xx-ZhangSan-2026', 'zhangsan', rule.password).map((v) => v.code), ['PASSWORD_CONTAINS_USERNAME']);
  assert.deepEqual(checkPassword('short', 'zhangsan', rule.password).map((v) => v.code), ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_SIMPLE']);
  assert.deepEqual(checkPassword('信用河北信用河北Ab12', 'zhangsan', rule.password).map((v) => v.code), []);
  // counted in characters (code points), not UTF-16 units: 11 characters, 19 units
  assert.deepEqual(checkPassword('Ab1😀😀😀😀😀😀😀😀', 'zhangsan', rule.password).map((v) => v.code), ['PASSWORD_TOO_SHORT']);
});

test('generated passwords always pass', () => {
  for (let i = 0; i < 200; i++) assert.deepEqual(checkPassword(generatePassword(randomInt), 'admin', rule.password), []);
});

test('user names', () => {
  assert.equal(checkUsername('admin'), undefined);
  assert.equal(checkUsername(' Zhang.San '), undefined);
  assert.equal(checkUsername('ab')?.code, 'USERNAME_INVALID');
  assert.equal(checkUsername('张三')?.code, 'USERNAME_INVALID');
});

test('password age: must change when flagged, or 90 days after the last change', () => {
  const changed = at('2026-08-22T04:00:00Z');
  assert.equal(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: changed }, at('2026-11-20T03:59:59Z'), rule.password), false);
  assert.equal(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: changed }, at('2026-11-20T04:00:00Z'), rule.password), true);
  assert.equal(passwordChangeRequired({ mustChangePassword: true, passwordChangedAt: changed }, changed, rule.password), true);
  assert.equal(passwordChangeRequired({ mustChangePassword: false, passwordChangedAt: changed }, at('2030-01-01T00:00:00Z'), { ...rule.password, maxAgeDays: null }), false);
});

test('sign-in throttle: growing delay, lock at the fifth failure within 15 minutes, open again after 15 minutes', () => {
  const t0 = at('2026-11-20T04:00:00Z');
  const plus = (s: number) => new Date(t0.getTime() + s * 1000);
  let s = afterFailure(FRESH_THROTTLE, t0, rule.signIn);
  assert.equal(s.failures, 1);
  assert.deepEqual(signInGate(s, plus(0.999)), { open: false, reason: 'too-soon', retryAt: plus(1) });
  assert.deepEqual(signInGate(s, plus(1)), { open: true });
  s = afterFailure(s, plus(1), rule.signIn);
  assert.deepEqual(s.nextAttemptAt, plus(3)); // 2 s
  s = afterFailure(s, plus(3), rule.signIn);
  assert.deepEqual(s.nextAttemptAt, plus(7)); // 4 s
  s = afterFailure(s, plus(7), rule.signIn);
  assert.deepEqual(s.nextAttemptAt, plus(15)); // 8 s
  s = afterFailure(s, plus(15), rule.signIn);
  assert.deepEqual(s.lockedUntil, plus(15 + 900));
  assert.equal(signInGate(s, plus(15 + 899)).open, false);
  assert.equal((signInGate(s, plus(15 + 899)) as { reason: string }).reason, 'locked');
  assert.deepEqual(signInGate(s, plus(15 + 900)), { open: true });
  // after the lock the count starts again
  assert.equal(afterFailure(s, plus(15 + 900), rule.signIn).failures, 1);
});

test('failures spread over more than 15 minutes do not lock', () => {
  const t0 = at('2026-11-20T04:00:00Z');
  let s = FRESH_THROTTLE;
  for (let i = 0; i < 4; i++) s = afterFailure(s, new Date(t0.getTime() + i * 60_000), rule.signIn);
  assert.equal(s.failures, 4);
  // the fifth comes exactly 15 minutes after the first: a new window
  s = afterFailure(s, new Date(t0.getTime() + 15 * 60_000), rule.signIn);
  assert.equal(s.lockedUntil, null);
  assert.equal(s.failures, 1);
});

test('sessions end after 30 idle minutes or 8 hours in all', () => {
  const created = at('2026-11-20T00:00:00Z');
  assert.equal(sessionAlive({ createdAt: created, lastSeenAt: created }, at('2026-11-20T00:29:59Z'), rule.session), true);
  assert.equal(sessionAlive({ createdAt: created, lastSeenAt: created }, at('2026-11-20T00:30:00Z'), rule.session), false);
  const busy = { createdAt: created, lastSeenAt: at('2026-11-20T07:59:00Z') };
  assert.equal(sessionAlive(busy, at('2026-11-20T07:59:59Z'), rule.session), true);
  assert.equal(sessionAlive(busy, at('2026-11-20T08:00:00Z'), rule.session), false);
});

test('regions: a city contains its counties, 雄安 its member counties, the province everything', () => {
  assert.equal(regionContains('130100', '130102'), true); // 长安区 in 石家庄
  assert.equal(regionContains('130100', '130100'), true);
  assert.equal(regionContains('130100', '130600'), false); // 保定 is not in 石家庄
  assert.equal(regionContains('130100', '130602'), false);
  assert.equal(regionContains('130102', '130100'), false); // a county does not contain its city
  assert.equal(regionContains('133100', '130629'), true); // 容城县 in 雄安新区
  assert.equal(regionContains('130600', '130629'), true); // and in 保定市
  assert.equal(regionContains('133100', '130602'), false);
  assert.equal(regionContains('130000', '130629'), true);
  assert.equal(regionContains('130000', '133100'), true);
  assert.deepEqual(regionsWithin('133100').sort(), ['130629', '130632', '130638', '133100']);
  assert.equal(regionsWithin('130100').length, 23);
  assert.deepEqual(regionScopeFilter('130000'), { kind: 'all' });
});

test('who manages whom', () => {
  const provinceAdmin = { role: 'platform_admin', regionCode: '130000', departmentId: null } as const;
  const cityAdmin = { role: 'platform_admin', regionCode: '130100', departmentId: null } as const;
  const depAdmin = { role: 'department_admin', regionCode: '130100', departmentId: 1 } as const;
  assert.equal(canManageUser(provinceAdmin, { role: 'platform_admin', regionCode: '130600', departmentId: null }), true);
  assert.equal(canManageUser(cityAdmin, { role: 'operator', regionCode: '130102', departmentId: null }), true);
  assert.equal(canManageUser(cityAdmin, { role: 'operator', regionCode: '130600', departmentId: null }), false);
  assert.equal(canManageUser(cityAdmin, { role: 'platform_admin', regionCode: '130000', departmentId: null }), false);
  assert.equal(canManageUser(depAdmin, { role: 'department_clerk', regionCode: '130100', departmentId: 1 }), true);
  assert.equal(canManageUser(depAdmin, { role: 'department_admin', regionCode: '130100', departmentId: 1 }), true);
  assert.equal(canManageUser(depAdmin, { role: 'department_clerk', regionCode: '130100', departmentId: 2 }), false);
  assert.equal(canManageUser(depAdmin, { role: 'platform_admin', regionCode: '130100', departmentId: null }), false);
  assert.equal(canManageUser({ role: 'operator', regionCode: '130000', departmentId: null }, { role: 'department_clerk', regionCode: '130100', departmentId: 1 }), false);
});
