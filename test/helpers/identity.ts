// Proving a subject's identity in tests, the ways the platform accepts: a one-time code to a
// contact on file (put there as a department would), and the identity provider (the
// demonstration OIDC provider, a real oidc-provider on a local port, driven over HTTP).
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../src/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { registerContact } from '../../src/modules/rights/identity.service.ts';
import type { OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import type { DemoIdentity } from '../../src/modules/rights/oidc-demo-provider.ts';

export const CONTACT_ON_FILE = '13800138000';

// As a department would from its records (POST /subject-contacts); idempotent.
export async function putContactOnFile(p: Platform, code: string, contact = CONTACT_ON_FILE): Promise<void> {
  const subject = await findSubjectByCode(p.db, code, p.crypto);
  assert.ok(subject, `no subject ${code}`);
  await p.db.tx((tx) => registerContact(p, tx, SYSTEM_ACTOR, subject, contact, { source: 'department', departmentId: 0 }));
}

// The code sent to that contact since `before` (the channel is handed the message before the
// answer goes out, though the answer does not wait for the delivery).
export function codeSentTo(codes: readonly OtpMessage[], contact: string, before: number): OtpMessage {
  const found = codes.slice(before).find((m) => m.to.value === contact);
  assert.ok(found, `no code was sent to ${contact}`);
  return found;
}

// A subject token through a code to the contact on file (registered first).
export async function verifyByContactOnFile(
  app: FastifyInstance,
  p: Platform,
  codes: readonly OtpMessage[],
  code: string,
  name: string,
  opts: { contact?: string; purpose?: string; ip?: string } = {},
): Promise<string> {
  const contact = opts.contact ?? CONTACT_ON_FILE;
  await putContactOnFile(p, code, contact);
  const before = codes.length;
  const c = await app.inject({ method: 'POST', url: '/api/v1/public/identity/challenges', payload: { code, name, purpose: opts.purpose ?? 'credit-file' }, remoteAddress: opts.ip ?? '10.9.9.9' });
  assert.equal(c.statusCode, 200, c.body);
  const sent = codeSentTo(codes, contact, before);
  const v = await app.inject({ method: 'POST', url: '/api/v1/public/identity/verify', payload: { challengeId: c.json().challengeId, code: sent.code } });
  assert.equal(v.statusCode, 200, v.body);
  return v.json().token;
}

// What a browser does at the demonstration provider: follow the authorization URL to its sign-in
// page, submit the form, follow the redirects back; answers the query string of the last
// redirect (to the portal's redirect URI). Cookies kept per origin, redirects followed by hand.
export async function signInAtDemoProvider(authorizationUrl: string, who: DemoIdentity, redirectPrefix: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectPrefix)) return new URL(url).search;
    const isForm = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: { cookie: cookieHeader(), ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(isForm
        ? { method: 'POST', body: new URLSearchParams({ code: who.code, name: who.name, ...(who.phone ? { phone: who.phone } : {}), ...(who.realName === false ? { realName: 'false' } : {}) }).toString() }
        : {}),
    });
    keep(res);
    await res.arrayBuffer();
    const location = res.headers.get('location');
    assert.ok(location, `no redirect from ${url}: ${res.status}`);
    url = new URL(location, url).href;
  }
  assert.fail('too many redirects at the demonstration provider');
}
