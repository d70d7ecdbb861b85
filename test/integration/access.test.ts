// Staff sign-in end to end: passwords and TOTP, throttling and lockout, sessions, CSRF,
// password changes, and who may administer whom.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestPlatform, addTestDepartment, uscc, type TestPlatform } from '../helpers/platform.ts';
import { createStaffUser, type NewStaffInput } from '../../src/modules/access/staff.service.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

let t: TestPlatform;
let sjz: Department; // a 石家庄 department
let bd: Department; // a 保定 department
const T0 = new Date('2026-11-20T04:00:00Z');
const PASSWORD = 'Correct-Horse-42';
const CSRF = { 'x-requested-with': 'xinyong' };

before(async () => {
  t = await createTestPlatform('2026-11-20');
  sjz = await addTestDepartment(t.p, uscc('11130100MB0000101'), '石家庄市市场监督管理局', '130100');
  bd = await addTestDepartment(t.p, uscc('11130600MB0000102'), '保定市市场监督管理局', '130600');
});
after(() => t.close());

const later = (seconds: number) => t.setNow(new Date(T0.getTime() + seconds * 1000));

async function addUser(input: Partial<NewStaffInput> & { username: string; role: NewStaffInput['role'] }) {
  return createStaffUser(t.p, SYSTEM_ACTOR, null, { displayName: input.username, password: PASSWORD, mustChangePassword: false, ...input });
}

const signIn = (body: Record<string, unknown>, headers: Record<string, string> = CSRF) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers, payload: body });
const sessionOf = (r: LightMyRequestResponse) => r.cookies.find((c) => c.name === 'xy_session')?.value;
const as = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = CSRF) =>
  t.app.inject({ method, url, cookies: { xy_session: cookie }, headers: method === 'GET' ? {} : headers, ...(payload ? { payload } : {}) });

async function signedIn(username: string, password = PASSWORD, totp?: string): Promise<string> {
  const r = await signIn({ username, password, ...(totp ? { totp } : {}) });
  assert.equal(r.statusCode, 200, r.body);
  return sessionOf(r)!;
}

describe('sign-in with TOTP', () => {
  let secret: string;
  before(async () => {
    t.setNow(T0);
    const r = await addUser({ username: 'admin1', role: 'platform_admin', regionCode: '130000' });
    assert.ok(r.totp, 'platform administrators are enrolled at creation');
    assert.match(r.totp!.uri, /^otpauth:\/\/totp\/Xinyong:admin1\?.*secret=/);
    secret = r.totp!.secret;
  });

  test('the password alone is refused, exactly like a wrong password', async () => {
    t.setNow(T0);
    const noCode = await signIn({ username: 'admin1', password: PASSWORD });
    const unknown = await signIn({ username: 'nobody-here', password: PASSWORD });
    assert.equal(noCode.statusCode, 401);
    assert.deepEqual(noCode.json(), unknown.json());
    assert.equal(noCode.json().error.code, 'SIGN_IN_FAILED');
    assert.equal(sessionOf(noCode), undefined);
  });

  test('a wrong code is refused; the right code of this moment lets in, sets a strict httpOnly cookie', async () => {
    later(60); // past the delay of the failure above
    const wrong = await signIn({ username: 'admin1', password: PASSWORD, totp: totpCode(secret, new Date(T0.getTime() - 3600_000)) });
    assert.equal(wrong.statusCode, 401);
    later(120);
    const ok = await signIn({ username: 'admin1', password: PASSWORD, totp: totpCode(secret, t.p.now()) });
    assert.equal(ok.statusCode, 200, ok.body);
    const cookie = ok.cookies.find((c) => c.name === 'xy_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.value.length, 43); // 256 bits, base64url
    assert.equal(ok.json().user.role, 'platform_admin');
    assert.equal(ok.json().user.totpEnabled, true);
    const stored = await t.p.db.one<{ token_hash: string }>('SELECT token_hash FROM staff_session ORDER BY id DESC LIMIT 1');
    assert.notEqual(stored!.token_hash, cookie.value); // only the hash is stored
    const me = await as(cookie.value, 'GET', '/api/v1/auth/me');
    assert.equal(me.json().user.username, 'admin1');
    assert.equal(me.headers['cache-control'], 'no-store');
  });

  test('a code is good once (no replay), a code of the previous step still counts', async () => {
    later(120);
    const code = totpCode(secret, t.p.now());
    const replay = await signIn({ username: 'admin1', password: PASSWORD, totp: code });
    assert.equal(replay.statusCode, 401);
    later(180); // two steps on: the code of the step before (not yet used) is within the window
    const prev = await signIn({ username: 'admin1', password: PASSWORD, totp: totpCode(secret, new Date(t.p.now().getTime() - 30_000)) });
    assert.equal(prev.statusCode, 200, prev.body);
  });

  test('the TOTP secret is stored sealed', async () => {
    const row = await t.p.db.one<{ totp_secret: string }>("SELECT totp_secret FROM staff_user WHERE username = 'admin1'");
    assert.ok(!row!.totp_secret.includes(secret));
    assert.equal(t.p.crypto.decrypt(row!.totp_secret), secret);
  });
});

describe('throttling and lockout', () => {
  before(async () => {
    await addUser({ username: 'clerk.lock', role: 'department_clerk', departmentId: sjz.id });
  });

  test('a growing delay after each failure, lock at the fifth within 15 minutes, open again after 15 minutes', async () => {
    t.setNow(T0);
    const bad = { username: 'clerk.lock', password: 'Wrong-Password-1' };
    const good = { username: 'clerk.lock', password: PASSWORD };
    assert.equal((await signIn(bad)).json().error.code, 'SIGN_IN_FAILED'); // 1, wait 1 s
    const soon = await signIn(good);
    assert.equal(soon.statusCode, 429);
    assert.equal(soon.json().error.code, 'SIGN_IN_TOO_SOON'); // even the right password waits
    later(1);
    assert.equal((await signIn(bad)).statusCode, 401); // 2, wait 2 s
    later(2);
    assert.equal((await signIn(bad)).json().error.code, 'SIGN_IN_TOO_SOON'); // not counted
    later(3);
    assert.equal((await signIn(bad)).statusCode, 401); // 3, wait 4 s
    later(7);
    assert.equal((await signIn(bad)).statusCode, 401); // 4, wait 8 s
    later(15);
    const fifth = await signIn(bad);
    assert.equal(fifth.statusCode, 429);
    assert.equal(fifth.json().error.code, 'SIGN_IN_LOCKED');
    assert.match(fifth.json().error.zh, /15 分钟/);
    later(15 + 899);
    assert.equal((await signIn(good)).json().error.code, 'SIGN_IN_LOCKED');
    later(15 + 900);
    assert.equal((await signIn(good)).statusCode, 200);
    const audit = await t.p.db.query<{ action: string }>("SELECT action FROM audit_event WHERE target = 'staff:clerk.lock' AND action LIKE 'auth.%' ORDER BY id");
    assert.equal(audit.filter((a) => a.action === 'auth.sign-in.failed').length, 5);
    assert.equal(audit.at(-1)!.action, 'auth.sign-in');
  });

  test('an unknown user name is throttled and locked the same way: nothing tells whether it exists', async () => {
    t.setNow(T0);
    const seq: string[] = [];
    for (const [i, s] of [0, 1, 3, 7, 15].entries()) {
      later(s);
      const [known, unknown] = [await signIn({ username: `ghost-${i}`, password: 'x' }), await signIn({ username: 'ghost', password: 'Wrong-Password-1' })];
      assert.equal(known.json().error.code, 'SIGN_IN_FAILED');
      seq.push(unknown.json().error.code);
    }
    assert.deepEqual(seq, ['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'SIGN_IN_LOCKED']);
  });

  test('an administrator can lift a lock', async () => {
    t.setNow(T0);
    const u = await addUser({ username: 'clerk.locked2', role: 'department_clerk', departmentId: sjz.id });
    for (const s of [0, 1, 3, 7, 15]) {
      later(s);
      await signIn({ username: 'clerk.locked2', password: 'Wrong-Password-1' });
    }
    later(16);
    assert.equal((await signIn({ username: 'clerk.locked2', password: PASSWORD })).json().error.code, 'SIGN_IN_LOCKED');
    const admin = await addUser({ username: 'sjz.depadmin', role: 'department_admin', departmentId: sjz.id });
    const cookie = await signedIn(admin.user.username);
    const list = (await as(cookie, 'GET', '/api/v1/admin/users')).json();
    assert.ok(list.items.find((x: { username: string }) => x.username === 'clerk.locked2').lockedUntil);
    const r = await as(cookie, 'PATCH', `/api/v1/admin/users/${u.user.id}`, { resetLock: true });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await signIn({ username: 'clerk.locked2', password: PASSWORD })).statusCode, 200);
  });
});

describe('sessions', () => {
  let userId: number;
  before(async () => {
    userId = (await addUser({ username: 'clerk.session', role: 'department_clerk', departmentId: sjz.id })).user.id;
  });

  test('a session ends after 30 idle minutes; each request keeps it alive', async () => {
    t.setNow(T0);
    const c = await signedIn('clerk.session');
    later(29 * 60);
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 200);
    later(29 * 60 + 29 * 60); // 29 minutes after the last request
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 200);
    later(58 * 60 + 30 * 60);
    const gone = await as(c, 'GET', '/api/v1/auth/me');
    assert.equal(gone.statusCode, 401);
    assert.equal(gone.json().error.code, 'SESSION_EXPIRED');
    assert.equal(gone.cookies.find((x) => x.name === 'xy_session')?.value, ''); // cleared
  });

  test('a session ends 8 hours after sign-in however busy', async () => {
    t.setNow(T0);
    const c = await signedIn('clerk.session');
    for (let m = 25; m < 480; m += 25) {
      later(m * 60);
      assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 200, `minute ${m}`);
    }
    later(480 * 60);
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 401);
  });

  test('sign-out ends this session; sign-out everywhere ends all of them', async () => {
    t.setNow(T0);
    const a = await signedIn('clerk.session');
    later(5);
    const b = await signedIn('clerk.session');
    const c = await signedIn('clerk.session');
    const out = await as(a, 'POST', '/api/v1/auth/sign-out');
    assert.equal(out.statusCode, 204);
    assert.equal((await as(a, 'GET', '/api/v1/auth/me')).statusCode, 401);
    assert.equal((await as(b, 'GET', '/api/v1/auth/me')).statusCode, 200);
    const all = await as(b, 'POST', '/api/v1/auth/sign-out-everywhere');
    assert.equal(all.statusCode, 200);
    assert.ok(all.json().sessionsEnded >= 2);
    assert.equal((await as(b, 'GET', '/api/v1/auth/me')).statusCode, 401);
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 401);
    const live = await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM staff_session WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    assert.equal(live!.n, 0);
  });

  test('a disabled account cannot sign in and its sessions end', async () => {
    t.setNow(T0);
    const u = await addUser({ username: 'clerk.disabled', role: 'department_clerk', departmentId: sjz.id });
    const c = await signedIn('clerk.disabled');
    const admin = await signedIn('sjz.depadmin');
    assert.equal((await as(admin, 'PATCH', `/api/v1/admin/users/${u.user.id}`, { disabled: true })).statusCode, 200);
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 401);
    later(60);
    assert.equal((await signIn({ username: 'clerk.disabled', password: PASSWORD })).json().error.code, 'SIGN_IN_FAILED');
  });
});

describe('CSRF defence', () => {
  test('state-changing requests with the session cookie need X-Requested-With: xinyong', async () => {
    t.setNow(T0);
    await addUser({ username: 'clerk.csrf', role: 'department_clerk', departmentId: sjz.id });
    const c = await signedIn('clerk.csrf');
    const forged = await as(c, 'POST', '/api/v1/auth/sign-out-everywhere', undefined, {});
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().error.code, 'CSRF_HEADER_MISSING');
    const wrong = await as(c, 'POST', '/api/v1/auth/sign-out-everywhere', undefined, { 'x-requested-with': 'XMLHttpRequest' });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 200); // still signed in: nothing happened
    assert.equal((await as(c, 'POST', '/api/v1/auth/sign-out-everywhere')).statusCode, 200);
  });

  test('sign-in itself needs the header (no login CSRF)', async () => {
    later(3600);
    const r = await signIn({ username: 'clerk.csrf', password: PASSWORD }, {});
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().error.code, 'CSRF_HEADER_MISSING');
  });
});

describe('passwords', () => {
  test('rules are checked with reasons in Chinese and English, and a change ends other sessions', async () => {
    t.setNow(T0);
    await addUser({ username: 'clerk.pw', role: 'department_clerk', departmentId: sjz.id });
    const a = await signedIn('clerk.pw');
    const b = await signedIn('clerk.pw');
    const change = (newPassword: string, currentPassword = PASSWORD) => as(a, 'POST', '/api/v1/auth/password', { currentPassword, newPassword });
    const weak = await change('short');
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.code, 'PASSWORD_WEAK');
    assert.deepEqual(weak.json().error.details.map((d: { code: string }) => d.code), ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_SIMPLE']);
    assert.match(weak.json().error.zh, /至少 12 位/);
    assert.match(weak.json().error.en, /at least 12 characters/);
    assert.equal((await change('my-clerk.pw-Password1')).json().error.details[0].code, 'PASSWORD_CONTAINS_USERNAME');
    assert.equal((await change('lowercaseonly-and-digits-123')).statusCode, 200); // lower case, symbols, digits: 3 classes
    later(60);
    assert.equal((await as(b, 'GET', '/api/v1/auth/me')).statusCode, 401); // the other session ended
    assert.equal((await as(a, 'GET', '/api/v1/auth/me')).statusCode, 200);
    const wrongCurrent = await as(a, 'POST', '/api/v1/auth/password', { currentPassword: 'Not-The-Password-9', newPassword: 'Another-Good-One-9' });
    assert.equal(wrongCurrent.json().error.code, 'PASSWORD_WRONG');
    assert.equal((await signIn({ username: 'clerk.pw', password: PASSWORD })).statusCode, 429); // the failure above counts
    later(120);
    assert.equal((await signIn({ username: 'clerk.pw', password: 'lowercaseonly-and-digits-123' })).statusCode, 200);
  });

  test('a generated password must be changed before anything else', async () => {
    t.setNow(T0);
    const created = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'clerk.new', displayName: '新人', role: 'department_clerk', departmentId: sjz.id });
    assert.ok(created.password);
    const r = await signIn({ username: 'clerk.new', password: created.password! });
    assert.equal(r.json().user.passwordChangeRequired, true);
    const c = sessionOf(r)!;
    const blocked = await as(c, 'GET', '/api/v1/admin/departments');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
    assert.equal((await as(c, 'GET', '/api/v1/auth/me')).statusCode, 200);
    assert.equal((await as(c, 'POST', '/api/v1/auth/password', { currentPassword: created.password, newPassword: 'My-Own-Choice-2026' })).statusCode, 200);
    assert.equal((await as(c, 'GET', '/api/v1/admin/departments')).statusCode, 200);
  });

  test('passwords are stored as argon2id', async () => {
    const row = await t.p.db.one<{ password_hash: string }>("SELECT password_hash FROM staff_user WHERE username = 'clerk.pw'");
    assert.match(row!.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('administration within scope', () => {
  let depAdmin: string;
  let cityAdmin: string;
  before(async () => {
    t.setNow(T0);
    depAdmin = await signedIn('sjz.depadmin');
    const ca = await addUser({ username: 'sjz.admin', role: 'platform_admin', regionCode: '130100' });
    cityAdmin = await signedIn('sjz.admin', PASSWORD, totpCode(ca.totp!.secret, t.p.now()));
  });

  test('a department administrator creates clerks of their department, never a platform administrator or a user of another department', async () => {
    const ok = await as(depAdmin, 'POST', '/api/v1/admin/users', { username: 'sjz.clerk9', displayName: '王五', role: 'department_clerk', departmentId: sjz.id });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().user.department.id, sjz.id);
    assert.equal(ok.json().user.regionCode, '130100');
    assert.ok(ok.json().password, 'a generated password is returned once');
    assert.equal(ok.json().user.passwordChangeRequired, true);
    const before = (await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM staff_user'))!.n;
    const admin = await as(depAdmin, 'POST', '/api/v1/admin/users', { username: 'evil.admin', displayName: 'x', role: 'platform_admin', regionCode: '130100' });
    assert.equal(admin.statusCode, 403);
    assert.match(admin.json().error.zh, /无权/);
    const other = await as(depAdmin, 'POST', '/api/v1/admin/users', { username: 'bd.clerk', displayName: 'x', role: 'department_clerk', departmentId: bd.id });
    assert.equal(other.statusCode, 403);
    const promote = await as(depAdmin, 'PATCH', `/api/v1/admin/users/${ok.json().user.id}`, { role: 'operator' });
    assert.equal(promote.statusCode, 400); // department roles stay department roles
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM staff_user'))!.n, before);
  });

  test('a department administrator sees only their department’s users and departments', async () => {
    await addUser({ username: 'bd.clerk1', role: 'department_clerk', departmentId: bd.id });
    const users = (await as(depAdmin, 'GET', '/api/v1/admin/users?pageSize=100')).json();
    assert.ok(users.items.length > 0);
    assert.ok(users.items.every((u: { department: { id: number } | null }) => u.department?.id === sjz.id));
    const deps = (await as(depAdmin, 'GET', '/api/v1/admin/departments')).json();
    assert.deepEqual(deps.items.map((d: { id: number }) => d.id), [sjz.id]);
    const bdUser = await t.p.db.one<{ id: number }>("SELECT id FROM staff_user WHERE username = 'bd.clerk1'");
    assert.equal((await as(depAdmin, 'PATCH', `/api/v1/admin/users/${bdUser!.id}`, { disabled: true })).statusCode, 404);
  });

  test('a city platform administrator manages its city, not the province or another city', async () => {
    const users = (await as(cityAdmin, 'GET', '/api/v1/admin/users?pageSize=100')).json();
    const names = users.items.map((u: { username: string }) => u.username);
    assert.ok(names.includes('sjz.depadmin'));
    assert.ok(!names.includes('bd.clerk1'));
    assert.ok(!names.includes('admin1')); // province level
    const op = await as(cityAdmin, 'POST', '/api/v1/admin/users', { username: 'sjz.op', displayName: '运营', role: 'operator', regionCode: '130102' });
    assert.equal(op.statusCode, 201, op.body);
    assert.ok(op.json().totp.secret, 'operators are enrolled in TOTP at creation');
    const province = await as(cityAdmin, 'POST', '/api/v1/admin/users', { username: 'prov.op', displayName: '运营', role: 'operator', regionCode: '130000' });
    assert.equal(province.statusCode, 403);
    const dep = await as(cityAdmin, 'POST', '/api/v1/admin/departments', { uscc: uscc('11130600MB0000199'), name: '保定某局', regionCode: '130600' });
    assert.equal(dep.statusCode, 403);
    assert.equal(dep.json().error.code, 'REGION_OUT_OF_SCOPE');
    const self = await t.p.db.one<{ id: number }>("SELECT id FROM staff_user WHERE username = 'sjz.admin'");
    assert.equal((await as(cityAdmin, 'PATCH', `/api/v1/admin/users/${self!.id}`, { disabled: true })).json().error.code, 'SELF_CHANGE_REFUSED');
  });

  test('every change is audited with the staff member as actor', async () => {
    const row = await t.p.db.one<{ actor: string; actor_kind: string }>("SELECT actor, actor_kind FROM audit_event WHERE action = 'staff.create' AND target = 'staff:sjz.op'");
    assert.deepEqual(row, { actor: 'staff:sjz.admin', actor_kind: 'staff' });
  });
});
