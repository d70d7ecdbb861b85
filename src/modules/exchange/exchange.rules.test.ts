import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, regionWithin, parseNodeHeaders, signNodeRequest, signatureMatches, readPackage, sha256Hex, PACKAGE_FORMAT, BACKOFF_CAP_MS } from './exchange.rules.ts';
import { canonicalRequest } from '../access/signing.client.ts';

test('back-off doubles from 1 s and is capped at five minutes', () => {
  assert.equal(backoffMs(0), 0);
  assert.equal(backoffMs(1), 1000);
  assert.equal(backoffMs(2), 2000);
  assert.equal(backoffMs(9), 256_000);
  assert.equal(backoffMs(10), BACKOFF_CAP_MS);
  assert.equal(backoffMs(1000), BACKOFF_CAP_MS);
});

test('region scope: a city covers its counties, not another city; the province covers all of Hebei', () => {
  assert.equal(regionWithin('130100', '130100'), true);
  assert.equal(regionWithin('130100', '130102'), true);
  assert.equal(regionWithin('130100', '130600'), false);
  assert.equal(regionWithin('130100', '130602'), false);
  assert.equal(regionWithin('130000', '130602'), true);
  assert.equal(regionWithin('130000', '110000'), false);
});

for (const alg of ['hmac-sha256', 'hmac-sm3'] as const)
  test(`a node request signed with ${alg} parses and verifies; another body does not`, () => {
    const at = new Date('2026-11-20T04:00:00Z');
    const h = signNodeRequest({ signingKeyId: 'xn_0123456789abcdef.s1', secret: 'sekret', alg }, { method: 'POST', path: '/api/v1/exchange/records', body: '{"a":1}', at });
    const parsed = parseNodeHeaders(h);
    assert.ok(parsed.ok);
    const v = parsed.value;
    assert.equal(v.keyId, 'xn_0123456789abcdef');
    assert.equal(v.secretNo, 1);
    const canon = canonicalRequest('POST', '/api/v1/exchange/records', v.timestampText, v.nonce, v.contentSha256);
    assert.equal(signatureMatches(alg, 'sekret', canon, v.signature), true);
    assert.equal(signatureMatches(alg, 'other', canon, v.signature), false);
    assert.equal(signatureMatches(alg === 'hmac-sm3' ? 'hmac-sha256' : 'hmac-sm3', 'sekret', canon, v.signature), false);
  });

test('department client keys and missing headers are refused as node headers', () => {
  const h = signNodeRequest({ signingKeyId: 'xk_0123456789abcdef.s1', secret: 's', alg: 'hmac-sha256' }, { method: 'GET', path: '/x', at: new Date() });
  const r = parseNodeHeaders(h);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'EXCHANGE_SIGNATURE_HEADER_INVALID');
  const m = parseNodeHeaders({});
  assert.equal(!m.ok && m.error.code, 'EXCHANGE_SIGNATURE_REQUIRED');
});

test('a package: intact reads; truncated, altered or miscounted is refused', () => {
  const payload = JSON.stringify({ entries: [{ id: '1' }, { id: '2' }] });
  const manifest = { format: PACKAGE_FORMAT, node: '130100', signingKeyId: 'xn_0123456789abcdef.s1', alg: 'hmac-sha256', createdAt: '2026-11-20T04:00:00.000Z', count: 2, firstId: '1', lastId: '2', payloadSha256: sha256Hex(payload) } as const;
  const text = JSON.stringify({ manifest, payload, signature: 'x' });
  assert.equal(readPackage(text).ok, true);
  assert.equal(readPackage(text.slice(0, text.length - 10)).ok, false);
  assert.equal(readPackage(text.replace('"id\\":\\"2', '"id\\":\\"3')).ok, false);
  const wrongCount = JSON.stringify({ manifest: { ...manifest, count: 3 }, payload, signature: 'x' });
  assert.equal(readPackage(wrongCount).ok, false);
});

import { linkSilent, latest, validateExchangeRules } from './exchange.rules.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';

test('a link is silent only beyond its threshold (exactly the threshold is not silent)', () => {
  const last = new Date('2026-11-20T00:00:00Z');
  assert.equal(linkSilent(last, new Date('2026-11-20T00:30:00Z'), 30), false);
  assert.equal(linkSilent(last, new Date('2026-11-20T00:30:00.001Z'), 30), true);
  assert.equal(latest(null, '2026-11-20T00:00:00Z', new Date('2026-11-19T00:00:00Z'), undefined).toISOString(), '2026-11-20T00:00:00.000Z');
});

test('rules/exchange.json validates and is in force from its first day', () => {
  const rules = loadRuleFile<{ effectiveFrom: string; source: string; silentLinkMinutes: number }>('exchange');
  validateExchangeRules(rules);
  assert.equal(ruleInForce(rules, '2026-11-20').silentLinkMinutes, 30);
  const two = [
    { effectiveFrom: '1900-01-01', source: 's', silentLinkMinutes: 30 },
    { effectiveFrom: '2027-01-01', source: 's', silentLinkMinutes: 10 },
  ];
  assert.equal(ruleInForce(two, '2026-12-31').silentLinkMinutes, 30);
  assert.equal(ruleInForce(two, '2027-01-01').silentLinkMinutes, 10);
  assert.throws(() => validateExchangeRules([{ effectiveFrom: '2026-01-01', source: 's', silentLinkMinutes: 0 }]), /silentLinkMinutes/);
  assert.throws(() => validateExchangeRules([{ effectiveFrom: '2026-1-1', source: 's', silentLinkMinutes: 5 }]), /effectiveFrom/);
});
