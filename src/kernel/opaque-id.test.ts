// Opaque public ids: round trip, kinds kept apart, nothing else decodes, neighbours look unrelated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFieldCrypto } from './crypto.ts';
import { decodeOpaque, encodeOpaque } from './opaque-id.ts';

const crypto = createFieldCrypto(Buffer.alloc(32, 7));
const other = createFieldCrypto(Buffer.alloc(32, 8));

test('round trip, per kind; another kind, another platform key or a number decode to nothing', () => {
  for (const id of [1, 2, 41, 1_000_000, Number.MAX_SAFE_INTEGER]) {
    const r = encodeOpaque(crypto, 'record', id);
    assert.match(r, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(decodeOpaque(crypto, 'record', r), id);
    assert.equal(decodeOpaque(crypto, 'list-entry', r), undefined);
    assert.equal(decodeOpaque(other, 'record', r), undefined);
  }
  assert.equal(decodeOpaque(crypto, 'record', '41'), undefined);
  assert.equal(decodeOpaque(crypto, 'record', 'A'.repeat(22)), undefined);
});

test('consecutive ids share no visible structure', () => {
  const a = encodeOpaque(crypto, 'record', 1000);
  const b = encodeOpaque(crypto, 'record', 1001);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  assert.ok(same < 8, `${a} vs ${b}`);
});
