import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { parseSignedHeaders, timestampInWindow, nonceExpiresAt } from './signing.rules.ts';
import { canonicalRequest, signRequest, parseCredential, EMPTY_SHA256 } from './signing.client.ts';

const cred = parseCredential('xk_0123456789abcdef.s2:c2VjcmV0LXNlY3JldC1zZWNyZXQ');
const at = new Date('2026-11-20T04:00:00Z');

test('the client signs method, path with query, timestamp, nonce and body hash', () => {
  const h = signRequest(cred, { method: 'post', path: '/api/v1/batches/files?category=penalty', body: 'a,b\n', at, nonce: 'n'.repeat(16) });
  assert.equal(h['x-xy-key-id'], 'xk_0123456789abcdef.s2');
  assert.equal(h['x-xy-timestamp'], String(at.getTime() / 1000));
  assert.equal(h['x-xy-content-sha256'], createHash('sha256').update('a,b\n').digest('hex'));
  const canonical = `POST\n/api/v1/batches/files?category=penalty\n${at.getTime() / 1000}\n${'n'.repeat(16)}\n${h['x-xy-content-sha256']}`;
  assert.equal(canonicalRequest('post', '/api/v1/batches/files?category=penalty', String(at.getTime() / 1000), 'n'.repeat(16), h['x-xy-content-sha256']!), canonical);
  assert.equal(h['x-xy-signature'], createHmac('sha256', cred.secret).update(canonical).digest('base64url'));
  assert.equal(signRequest(cred, { method: 'GET', path: '/x', at })['x-xy-content-sha256'], EMPTY_SHA256);
  assert.equal(EMPTY_SHA256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('headers parse into key, secret number, timestamp, nonce, hash and signature', () => {
  const h = signRequest(cred, { method: 'GET', path: '/x', at });
  const r = parseSignedHeaders(h);
  assert.ok(r.ok);
  assert.equal(r.value.clientKeyId, 'xk_0123456789abcdef');
  assert.equal(r.value.secretNo, 2);
  assert.equal(r.value.signature.length, 32);
  assert.equal(r.value.nonce.length >= 16, true);
});

test('missing or malformed headers are named', () => {
  const h = signRequest(cred, { method: 'GET', path: '/x', at });
  const without = { ...h, 'x-xy-nonce': undefined };
  const missing = parseSignedHeaders(without);
  assert.ok(!missing.ok && missing.error.code === 'SIGNATURE_REQUIRED' && missing.error.en.includes('X-Xy-Nonce'));
  const bearer = parseSignedHeaders({ authorization: 'Bearer xk_0123456789abcdef.abc' });
  assert.ok(!bearer.ok && bearer.error.en.includes('no longer accepted'));
  const bad = (over: Record<string, string | string[]>) => {
    const r = parseSignedHeaders({ ...h, ...over });
    return r.ok ? 'ok' : `${r.error.code} ${r.error.en}`;
  };
  assert.match(bad({ 'x-xy-key-id': 'xk_0123456789abcdef' }), /INVALID.*X-Xy-Key-Id/);
  assert.match(bad({ 'x-xy-key-id': 'xk_0123456789abcdef.s0' }), /INVALID/);
  assert.match(bad({ 'x-xy-timestamp': '2026-11-20T04:00:00Z' }), /INVALID.*X-Xy-Timestamp/);
  assert.match(bad({ 'x-xy-nonce': 'short' }), /INVALID.*X-Xy-Nonce/);
  assert.match(bad({ 'x-xy-nonce': 'has spaces in it, sixteen+' }), /INVALID/);
  assert.match(bad({ 'x-xy-content-sha256': 'abc' }), /INVALID.*X-Xy-Content-SHA256/);
  assert.match(bad({ 'x-xy-signature': 'not-a-signature' }), /INVALID.*X-Xy-Signature/);
  assert.match(bad({ 'x-xy-nonce': ['a'.repeat(16), 'b'.repeat(16)] }), /REQUIRED/); // repeated: ambiguous
  assert.equal(bad({ 'x-xy-content-sha256': EMPTY_SHA256.toUpperCase() }), 'ok');
});

test('the window is ±300 seconds inclusive', () => {
  const now = 1_790_000_000;
  assert.ok(timestampInWindow(now - 300, now));
  assert.ok(timestampInWindow(now + 300, now));
  assert.ok(!timestampInWindow(now - 301, now));
  assert.ok(!timestampInWindow(now + 301, now));
});

test('a nonce is kept until its timestamp has left the window, with a margin', () => {
  assert.equal(nonceExpiresAt(1_790_000_000).getTime(), (1_790_000_000 + 360) * 1000);
});
