import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { createFieldCrypto, parseSealedPrefix, SealedValueError, type Keyring, type CryptoSuite } from './crypto.ts';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const ring = (suite: CryptoSuite, active: number, keys: [number, Buffer][] = [[1, K1], [2, K2]]): Keyring => ({ keys: new Map(keys), active, suite, source: 'test' });

// Replace one base64 part of a sealed value by the same bytes with the first bit flipped.
function flip(sealed: string, part: number): string {
  const parts = sealed.split(':');
  const b = Buffer.from(parts[part]!, 'base64');
  b[0]! ^= 1;
  parts[part] = b.toString('base64');
  return parts.join(':');
}

describe('GM/T standard test vectors (Node built-ins)', () => {
  test('SM3 (GM/T 0004-2012, examples 1 and 2)', () => {
    assert.equal(createHash('sm3').update('abc').digest('hex'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    assert.equal(createHash('sm3').update('abcd'.repeat(16)).digest('hex'), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  test('SM4 (GM/T 0002-2012, example 1 and 1,000,000 encryptions of example 2)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const once = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    assert.equal(once.update(key).toString('hex'), '681edf34d206965e86b3e94f536e4246');
    // CBC with a zero IV on one block is ECB: the mode field encryption uses
    const cbc = createCipheriv('sm4-cbc', key, Buffer.alloc(16)).setAutoPadding(false);
    assert.equal(cbc.update(key).toString('hex'), '681edf34d206965e86b3e94f536e4246');
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block = key;
    for (let i = 0; i < 1_000_000; i++) block = ecb.update(block);
    assert.equal(block.toString('hex'), '595298c7c6fd271f0402f804c33d3f66');
  });
});

describe('field encryption', () => {
  for (const suite of ['aes', 'sm'] as const) {
    test(`${suite}: round trip, the prefix names algorithm and key version, every value differs`, () => {
      const c = createFieldCrypto(ring(suite, 2));
      for (const plain of ['130102198503120014', '', '李娜 {"CF_XDR_ZJHM":"x"}', 'x'.repeat(5000)]) {
        const sealed = c.encrypt(plain);
        assert.equal(c.decrypt(sealed), plain);
        assert.ok(sealed.startsWith(suite === 'aes' ? 'a2:' : 's2:'), sealed);
        assert.ok(!sealed.includes(plain) || plain === '' || plain === 'x');
      }
      assert.notEqual(c.encrypt('same'), c.encrypt('same'));
      assert.equal(c.activePrefix, suite === 'aes' ? 'a2' : 's2');
    });

    test(`${suite}: a tampered value fails to open`, () => {
      const c = createFieldCrypto(ring(suite, 1));
      const sealed = c.encrypt('130102198503120014');
      for (let part = 1; part <= 3; part++) assert.throws(() => c.decrypt(flip(sealed, part)), SealedValueError, `part ${part}`);
      // relabelled to the other key version (both loaded): the prefix is authenticated
      assert.throws(() => c.decrypt(sealed.replace(/^(.)1:/, (_m, s: string) => `${s}2:`)), SealedValueError);
      assert.throws(() => c.decrypt(sealed.split(':').slice(0, 3).join(':')), SealedValueError);
      assert.throws(() => c.decrypt(sealed + ':x'), SealedValueError);
      assert.throws(() => c.decrypt('q1:abc'), SealedValueError);
    });
  }

  test('values sealed under an older key version or the other algorithm still open', () => {
    const aes1 = createFieldCrypto(ring('aes', 1)).encrypt('一');
    const sm1 = createFieldCrypto(ring('sm', 1)).encrypt('二');
    const now = createFieldCrypto(ring('aes', 2));
    assert.equal(now.decrypt(aes1), '一');
    assert.equal(now.decrypt(sm1), '二');
    assert.ok(now.encrypt('三').startsWith('a2:'));
  });

  test('the first release\'s v1 format (AES-256-GCM, key 1, no associated data) opens', () => {
    const key = Buffer.from(hkdfSync('sha256', K1, Buffer.alloc(0), 'xinyong/field-encryption/v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([cipher.update('130102198503120014', 'utf8'), cipher.final()]);
    const v1 = `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
    assert.equal(createFieldCrypto(ring('sm', 2)).decrypt(v1), '130102198503120014');
    assert.equal(createFieldCrypto(K1).decrypt(v1), '130102198503120014'); // a bare key is version 1
    assert.deepEqual(parseSealedPrefix(v1), { suite: 'aes', keyVersion: 1, prefix: 'v1' });
  });

  test('a value under a key version that is not loaded names the version', () => {
    const sealed = createFieldCrypto(ring('aes', 2)).encrypt('x');
    const only1 = createFieldCrypto(ring('aes', 1, [[1, K1]]));
    assert.throws(() => only1.decrypt(sealed), /key version 2 is not loaded/);
    assert.throws(() => createFieldCrypto(ring('aes', 1, [[1, K1]]), { suite: 'aes', keyVersion: 3 }), /key version 3/);
  });

  test('SM4-CBC + HMAC-SM3 is encrypt-then-MAC over prefix, iv and ciphertext', () => {
    const sealed = createFieldCrypto(ring('sm', 1)).encrypt('abc');
    const [prefix, iv, ct, mac] = sealed.split(':');
    const macKey = Buffer.from(hkdfSync('sm3', K1, Buffer.alloc(0), 'xinyong/field-encryption/hmac-sm3', 32));
    const expected = createHmac('sm3', macKey).update(`${prefix}:`).update(Buffer.from(iv!, 'base64')).update(Buffer.from(ct!, 'base64')).digest('base64');
    assert.equal(mac, expected);
    assert.equal(Buffer.from(ct!, 'base64').length, 16); // one padded block
  });
});

describe('blind index and content MAC', () => {
  test('fixed by the index scheme, not by the active key: look-ups survive a rotation', () => {
    const before = createFieldCrypto(ring('aes', 1, [[1, K1]]));
    const after = createFieldCrypto(ring('aes', 2), { suite: 'aes', keyVersion: 1 });
    assert.equal(after.blindIndex('130102198503120014'), before.blindIndex('130102198503120014'));
    assert.equal(after.contentMac('{"a":1}'), before.contentMac('{"a":1}'));
    // the first release's derivation, unchanged
    const blindKey = Buffer.from(hkdfSync('sha256', K1, Buffer.alloc(0), 'xinyong/blind-index/v1', 32));
    assert.equal(before.blindIndex('x'), createHmac('sha256', blindKey).update('x').digest('base64url'));
  });

  test('HMAC-SM3 under the SM scheme, different from HMAC-SHA256', () => {
    const sm = createFieldCrypto(ring('sm', 1), { suite: 'sm', keyVersion: 1 });
    const aes = createFieldCrypto(ring('aes', 1), { suite: 'aes', keyVersion: 1 });
    assert.notEqual(sm.blindIndex('x'), aes.blindIndex('x'));
    const blindKey = Buffer.from(hkdfSync('sm3', K1, Buffer.alloc(0), 'xinyong/blind-index/sm3', 32));
    assert.equal(sm.blindIndex('x'), createHmac('sm3', blindKey).update('x').digest('base64url'));
    assert.equal(sm.blindIndex('x'), sm.blindIndex('x'));
  });
});
