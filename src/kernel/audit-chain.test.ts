import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sm3 } from 'sm-crypto-v2';
import { canonicalEvent, digestHex, GENESIS_HASH, linkHash, normalizeDetail, type ChainedEvent } from './audit-chain.ts';

const event = (over: Partial<ChainedEvent> = {}): ChainedEvent => ({
  at: new Date('2026-11-20T04:00:00.123Z'),
  actor: 'staff:zhangwei',
  actorKind: 'staff',
  action: 'department.add',
  target: 'department:11130100MB0000001',
  detail: { name: '石家庄市市场监督管理局', kinds: ['market-regulation'], regionCode: '130100' },
  ip: '10.0.0.7',
  why: null,
  alg: 'sha256',
  ...over,
});

test('digests match the standard test vectors (SHA-256 and GB/T 32905 SM3 of "abc")', () => {
  assert.equal(digestHex('sha256', 'abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(digestHex('sm3', 'abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  // node's SM3 and sm-crypto-v2's agree on Chinese text too
  assert.equal(digestHex('sm3', '信用河北'), sm3('信用河北'));
});

test('canonical form: fixed key order, no whitespace, Chinese as is, null kept, undefined dropped', () => {
  const c = canonicalEvent(event({ detail: { b: 1, a: { d: [1, 'x'], c: null, z: undefined } } }));
  assert.equal(
    c,
    '{"action":"department.add","actor":"staff:zhangwei","actorKind":"staff","alg":"sha256","at":"2026-11-20T04:00:00.123Z",' +
      '"detail":{"a":{"c":null,"d":[1,"x"]},"b":1},"ip":"10.0.0.7","target":"department:11130100MB0000001","v":1,"why":null}',
  );
  // the order in which detail keys were written does not matter
  assert.equal(canonicalEvent(event({ detail: { x: 1, y: 2 } })), canonicalEvent(event({ detail: { y: 2, x: 1 } })));
  assert.ok(canonicalEvent(event()).includes('石家庄市市场监督管理局'));
});

test('detail is normalized to what jsonb gives back (dates as strings, undefined gone)', () => {
  assert.deepEqual(normalizeDetail({ when: new Date('2026-01-02T00:00:00Z'), gone: undefined, n: 1.5 }), { when: '2026-01-02T00:00:00.000Z', n: 1.5 });
  assert.deepEqual(normalizeDetail(undefined), {});
});

for (const alg of ['sha256', 'sm3'] as const) {
  test(`${alg}: hash = H(prev || "\\n" || canonical), chained, and sensitive to every field`, () => {
    const e1 = event({ alg });
    const h1 = linkHash(GENESIS_HASH, e1);
    const expected = alg === 'sha256' ? createHash('sha256').update(`${GENESIS_HASH}\n${canonicalEvent(e1)}`).digest('hex') : sm3(`${GENESIS_HASH}\n${canonicalEvent(e1)}`);
    assert.equal(h1, expected);
    assert.match(h1, /^[0-9a-f]{64}$/);
    const e2 = event({ alg, action: 'batch.submit', target: 'batch:1' });
    const h2 = linkHash(h1, e2);
    // the same event after another predecessor hashes differently: order is bound in
    assert.notEqual(linkHash(GENESIS_HASH, e2), h2);
    for (const change of [
      { actor: 'staff:lisi' },
      { actorKind: 'cli' },
      { action: 'department.remove' },
      { target: null },
      { detail: { name: '石家庄市市场监督管理局', kinds: [], regionCode: '130100' } },
      { ip: '10.0.0.8' },
      { why: '核查' },
      { at: new Date('2026-11-20T04:00:00.124Z') },
    ] as Partial<ChainedEvent>[])
      assert.notEqual(linkHash(GENESIS_HASH, event({ alg, ...change })), h1, JSON.stringify(change));
  });
}

test('the two algorithms give different hashes of the same event', () => {
  assert.notEqual(linkHash(GENESIS_HASH, event({ alg: 'sha256' })), linkHash(GENESIS_HASH, event({ alg: 'sm3' })));
});
