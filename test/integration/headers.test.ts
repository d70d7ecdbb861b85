// Hardening: security headers on every response (CSP fit for the built web app, HSTS only over
// https behind a trusted proxy, no-store on API answers), and request logs that carry no
// credentials and no request bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { buildApp, CONTENT_SECURITY_POLICY } from '../../src/app.ts';

let t: TestPlatform;
const apps: FastifyInstance[] = [];

async function appWith(env: Record<string, string | undefined>, opts: Parameters<typeof buildApp>[1]): Promise<FastifyInstance> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  // an undefined value unsets (Object.assign would store the string "undefined")
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  try {
    const app = await buildApp(t.p, opts);
    apps.push(app);
    return app;
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

before(async () => {
  t = await createTestPlatform('2026-11-20');
});
after(async () => {
  for (const a of apps) await a.close();
  await t.close();
});

function assertCommon(h: Record<string, unknown>): void {
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.equal(h['x-frame-options'], 'DENY');
  assert.equal(h['referrer-policy'], 'same-origin');
  assert.equal(h['content-security-policy'], CONTENT_SECURITY_POLICY);
}

test('the CSP allows scripts only from the origin (no inline scripts), inline styles for antd, no framing', () => {
  const d = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1)]));
  assert.deepEqual(d['script-src'], ["'self'"]);
  assert.deepEqual(d['style-src'], ["'self'", "'unsafe-inline'"]);
  assert.deepEqual(d['frame-ancestors'], ["'none'"]);
  assert.deepEqual(d['object-src'], ["'none'"]);
});

test('API answers, errors included, carry the security headers and Cache-Control: no-store; no HSTS over plain http', async () => {
  for (const url of ['/api/v1/health', '/api/v1/public/me/credit-file', '/api/v1/no-such-thing']) {
    const r = await t.app.inject({ method: 'GET', url });
    assertCommon(r.headers);
    assert.equal(r.headers['cache-control'], 'no-store', url);
    assert.equal(r.headers['strict-transport-security'], undefined, url);
  }
});

test('the web app’s pages carry the CSP too, and the built index.html has no inline script', async () => {
  const dist = path.join(t.dir, 'web');
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/x.js"></script></head><body><div id="root"></div></body></html>');
  const app = await appWith({}, { webDist: dist });
  const r = await app.inject({ method: 'GET', url: '/subjects/x' });
  assert.equal(r.statusCode, 200);
  assertCommon(r.headers);
  // the real build, when present: every <script> has a src (script-src 'self' would block inline ones)
  const built = path.join(import.meta.dirname, '../../web/dist/index.html');
  const { existsSync, readFileSync } = await import('node:fs');
  if (existsSync(built)) for (const tag of readFileSync(built, 'utf8').match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=/, tag);
});

test('HSTS only when the request came over https through a trusted proxy', async () => {
  const trusted = await appWith({ XINYONG_TRUST_PROXY: '1' }, { webDist: path.join(t.dir, 'none') });
  const https = await trusted.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(https.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  const http = await trusted.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'http' } });
  assert.equal(http.headers['strict-transport-security'], undefined);
  // an untrusted client cannot claim https
  const untrusted = await appWith({ XINYONG_TRUST_PROXY: undefined }, { webDist: path.join(t.dir, 'none') });
  const claimed = await untrusted.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(claimed.headers['strict-transport-security'], undefined);
});

test('request logs carry no Authorization, Cookie, X-Xy-Signature, subject token or request body', async () => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const app = await appWith({}, { logger: { level: 'trace', stream }, webDist: path.join(t.dir, 'none') });
  const dep = await addTestDepartment(t.p, DEPT_USCC);
  const credential = await addTestClient(t.p, dep, ['collect']);
  const marker = 'BODY-MARKER-7f3a';
  await signedInject(app, credential, { url: '/api/v1/batches', json: { category: 'penalty', rows: [{ note: marker }] }, now: t.p.now() });
  await app.inject({ method: 'GET', url: '/api/v1/public/me/credit-file', headers: { 'x-xy-subject-token': 'SUBJECT-TOKEN-9c1e', cookie: 'xy_session=COOKIE-SECRET-44b2', authorization: 'Bearer AUTH-SECRET-1d0f' } });
  const log = lines.join('');
  assert.ok(lines.length >= 4, 'requests were logged');
  for (const secret of [marker, 'SUBJECT-TOKEN-9c1e', 'COOKIE-SECRET-44b2', 'AUTH-SECRET-1d0f', credential.split(':')[1]!]) assert.ok(!log.includes(secret), `log contains ${secret}`);
  assert.ok(!/x-xy-signature/i.test(log), 'no signature header in the log');
});
