// Refusals are audited (issue 17, "Audit gaps"): role and scope refusals, CSRF refusals, bad
// signatures, replayed nonces, revoked clients and rate-limited requests each write an
// `access.refused` event, and a flood is counted into one event per kind and window. Also: the
// real rate-limit defaults (120 a minute public, 20 a minute sign-in) over HTTP, and
// XINYONG_TRUST_PROXY trusting a number of hops, so rotating X-Forwarded-For entries neither escape
// the sign-in limit nor forge the audit's address.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { buildApp } from '../../src/app.ts';
import { parseTrustProxy } from '../../src/config.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { createClient, revokeClient } from '../../src/modules/access/clients.store.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

let t: TestPlatform;
let dep: Department;
let credential: string;
let clerkSession: string;
const CSRF = { 'x-requested-with': 'xinyong' };

type Refused = { actor: string; ip: string | null; target: string; detail: { code: string; status: number; count?: number; aggregated?: boolean } };
const refusals = (code: string): Promise<Refused[]> =>
  t.p.db.query(`SELECT actor, ip, target, detail FROM audit_event WHERE action = 'access.refused' AND detail->>'code' = $1 ORDER BY id`, [code]);

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
  credential = await addTestClient(t.p, dep, ['collect']);
  const clerk = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'refclerk', displayName: 'refclerk', role: 'department_clerk', departmentId: dep.id, password: 'Refusal-Test-2026', mustChangePassword: false })).user;
  clerkSession = await openSessionFor(t.p, clerk.id);
});
after(() => t.close());

describe('every refusal is audited', () => {
  test('a role refusal (403 ROLE_FORBIDDEN): who, from where, which route', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/audit/events', cookies: { xy_session: clerkSession } });
    assert.equal(r.statusCode, 403, r.body);
    const [e] = await refusals('ROLE_FORBIDDEN');
    assert.ok(e, 'audited');
    assert.equal(e.actor, 'staff:refclerk');
    assert.equal(e.ip, '127.0.0.1');
    assert.equal(e.target, 'route:GET /api/v1/audit/events');
    assert.equal(e.detail.status, 403);
  });

  test('a CSRF refusal, a missing sign-in', async () => {
    const csrf = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', cookies: { xy_session: clerkSession } });
    assert.equal(csrf.json().error.code, 'CSRF_HEADER_MISSING');
    assert.equal((await refusals('CSRF_HEADER_MISSING')).length, 1);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/audit/events' });
    assert.equal(anon.statusCode, 401);
    assert.equal((await refusals('AUTH_REQUIRED')).length, 1);
  });

  test('a bad signature, a replayed nonce, a revoked client', async () => {
    const keyId = credential.slice(0, credential.indexOf(':'));
    const bad = await signedInject(t.app, `${keyId}:not-the-secret-at-all-aaaaaaaaaaaaaaaa`, { method: 'GET', url: '/api/v1/batches', now: t.p.now() });
    assert.equal(bad.json().error.code, 'SIGNATURE_MISMATCH');
    assert.equal((await refusals('SIGNATURE_MISMATCH')).length, 1);
    const first = await signedInject(t.app, credential, { method: 'GET', url: '/api/v1/batches', now: t.p.now(), nonce: 'refusal-test-nonce-0001' });
    assert.equal(first.statusCode, 200, first.body);
    const replay = await signedInject(t.app, credential, { method: 'GET', url: '/api/v1/batches', now: t.p.now(), nonce: 'refusal-test-nonce-0001' });
    assert.equal(replay.statusCode, 401, replay.body);
    assert.equal((await refusals(replay.json().error.code)).length, 1);
    const other = (await createClient(t.p, SYSTEM_ACTOR, dep, 'to revoke', ['collect'])).credential;
    await revokeClient(t.p, SYSTEM_ACTOR, other.slice(0, other.indexOf('.')));
    const revoked = await signedInject(t.app, other, { method: 'GET', url: '/api/v1/batches', now: t.p.now() });
    assert.equal(revoked.json().error.code, 'CLIENT_REVOKED');
    const [e] = await refusals('CLIENT_REVOKED');
    assert.equal((e!.detail as { keyId?: string }).keyId, other.slice(0, other.indexOf(':')), 'the key id it claimed');
  });

  test('a flood is counted: one event at once, one with the count when the window has passed', async () => {
    const before = (await refusals('AUTH_REQUIRED')).length;
    for (let i = 0; i < 30; i++) assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/admin/users' })).statusCode, 401);
    const during = (await refusals('AUTH_REQUIRED')).slice(before);
    assert.equal(during.length, 1, 'the first at once, the rest counted');
    t.setNow(new Date(t.p.now().getTime() + 61_000));
    await t.app.inject({ method: 'GET', url: '/api/v1/admin/users' });
    const afterWindow = (await refusals('AUTH_REQUIRED')).slice(before);
    assert.equal(afterWindow.length, 3);
    assert.deepEqual([afterWindow[1]!.detail.aggregated, afterWindow[1]!.detail.count], [true, 29]);
    assert.equal(afterWindow[2]!.detail.aggregated, undefined);
  });
});

describe('rate limits at their real defaults, behind one trusted proxy', () => {
  let app: FastifyInstance;
  before(async () => {
    // the test platform lifts the limits; this app has the defaults (config.ts) and one proxy hop
    const saved = process.env.XINYONG_TRUST_PROXY;
    process.env.XINYONG_TRUST_PROXY = '1';
    try {
      const config = { ...t.p.config, publicRateLimit: { max: 120, windowMs: 60_000 }, signInRateLimit: { max: 20, windowMs: 60_000 } };
      app = await buildApp({ ...t.p, config }, { webDist: path.join(t.dir, 'no-web') });
    } finally {
      if (saved === undefined) delete process.env.XINYONG_TRUST_PROXY;
      else process.env.XINYONG_TRUST_PROXY = saved;
    }
  });
  after(() => app.close());

  test('sign-in: 20 a minute per address; rotating forged X-Forwarded-For entries do not help; the refusal is audited with the real address', async () => {
    const signIn = (i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { ...CSRF, 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` }, // the proxy appended the last one
        payload: { username: `nobody${i}`, password: 'Wrong-Password-2026' },
      });
    for (let i = 1; i <= 20; i++) assert.notEqual((await signIn(i)).statusCode, 429, `attempt ${i}`);
    const r = await signIn(21);
    assert.equal(r.statusCode, 429, r.body);
    assert.equal(r.json().error.code, 'RATE_LIMITED');
    const [e] = await refusals('RATE_LIMITED');
    assert.equal(e!.ip, '198.51.100.7');
    // another client behind the same proxy is not limited
    const other = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { ...CSRF, 'x-forwarded-for': '198.51.100.8' }, payload: { username: 'nobody', password: 'Wrong-Password-2026' } });
    assert.notEqual(other.statusCode, 429);
  });

  test('public API: 120 a minute per address', async () => {
    const get = () => app.inject({ method: 'GET', url: '/api/v1/public/stats', headers: { 'x-forwarded-for': '198.51.100.20' } });
    for (let i = 1; i <= 120; i++) assert.equal((await get()).statusCode, 200, `request ${i}`);
    const r = await get();
    assert.equal(r.statusCode, 429);
    assert.equal(r.json().error.code, 'RATE_LIMITED');
  });
});

test('XINYONG_TRUST_PROXY: a number of hops or the proxies’ addresses, never every hop', () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy('0'), false);
  assert.equal(parseTrustProxy('2'), 2);
  assert.deepEqual(parseTrustProxy('10.0.0.1, 10.1.0.0/16'), ['10.0.0.1', '10.1.0.0/16']);
  assert.throws(() => parseTrustProxy('true'), /number of proxy hops/);
  assert.throws(() => parseTrustProxy('*'), /number of proxy hops/);
});
