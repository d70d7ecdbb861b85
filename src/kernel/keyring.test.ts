import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKeyring, loadTipKeyring, parseKeyList, appendKeyVersion, TIP_KEY_FILE_NAME } from './keyring.ts';
import { createFieldCrypto } from './crypto.ts';

const k = (n: number) => Buffer.alloc(32, n).toString('base64');

test('key lists: N:<base64> by comma or line, a bare key is version 1, comments skipped', () => {
  const keys = parseKeyList(`# keys\n${k(1)}\n2:${k(2)}\n`, 'f');
  assert.deepEqual([...keys.keys()], [1, 2]);
  assert.deepEqual(keys.get(2), Buffer.alloc(32, 2));
  assert.deepEqual([...parseKeyList(`1:${k(1)},3:${k(3)}`, 'env').keys()], [1, 3]);
  assert.throws(() => parseKeyList(`1:${k(1)},1:${k(2)}`, 'env'), /given twice/);
  assert.throws(() => parseKeyList(`1:${Buffer.alloc(16).toString('base64')}`, 'env'), /32 bytes/);
  assert.throws(() => parseKeyList('0:' + k(1), 'env'), /start at 1/);
  assert.throws(() => parseKeyList('# nothing', 'env'), /no keys/);
});

test('XINYONG_KEYS with XINYONG_ACTIVE_KEY; the highest version by default; XINYONG_CRYPTO', () => {
  const dir = '/nonexistent';
  const r = loadKeyring({ XINYONG_KEYS: `1:${k(1)},2:${k(2)}` }, dir, true);
  assert.equal(r.active, 2);
  assert.equal(r.suite, 'aes');
  assert.equal(loadKeyring({ XINYONG_KEYS: `1:${k(1)},2:${k(2)}`, XINYONG_ACTIVE_KEY: '1', XINYONG_CRYPTO: 'sm' }, dir, true).active, 1);
  assert.equal(loadKeyring({ XINYONG_KEYS: `1:${k(1)}`, XINYONG_CRYPTO: 'sm' }, dir, true).suite, 'sm');
  assert.throws(() => loadKeyring({ XINYONG_KEYS: `1:${k(1)}`, XINYONG_ACTIVE_KEY: '2' }, dir, true), /no such key version/);
  assert.throws(() => loadKeyring({ XINYONG_KEYS: `1:${k(1)}`, XINYONG_CRYPTO: 'des' }, dir, true), /XINYONG_CRYPTO/);
  assert.throws(() => loadKeyring({ XINYONG_KEYS: `1:${k(1)}`, XINYONG_MASTER_KEY: k(1) }, dir, true), /only one/);
  assert.throws(() => loadKeyring({}, dir, true), /required when NODE_ENV=production/);
  const single = loadKeyring({ XINYONG_MASTER_KEY: k(5) }, dir, true);
  assert.deepEqual([...single.keys.keys()], [1]);
});

test('embedded mode: a key file is generated once (mode 600), read again, and takes new versions', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-keys-'));
  try {
    const first = loadKeyring({}, dir, false);
    const file = path.join(dir, 'master.key');
    assert.equal(first.source, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(loadKeyring({}, dir, false).keys.get(1), first.keys.get(1));
    appendKeyVersion(file, 2, k(9));
    const second = loadKeyring({}, dir, false);
    assert.equal(second.active, 2);
    assert.deepEqual(second.keys.get(1), first.keys.get(1));
    const keyFile = path.join(dir, 'other.keys');
    writeFileSync(keyFile, readFileSync(file));
    assert.equal(loadKeyring({ XINYONG_KEY_FILE: keyFile }, dir, true).active, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the tip key: its own keyring, refused when equal to a master key, required in production', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-tipkey-'));
  try {
    const master = loadKeyring({ XINYONG_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }, dir, false);
    const tip = loadTipKeyring({ XINYONG_TIP_KEYS: `1:${Buffer.alloc(32, 2).toString('base64')}` }, dir, false, master);
    assert.equal(tip.keys.get(1)!.equals(Buffer.alloc(32, 2)), true);
    assert.equal(tip.suite, master.suite);
    assert.throws(() => loadTipKeyring({ XINYONG_TIP_KEYS: Buffer.alloc(32, 1).toString('base64') }, dir, false, master), /equals a master key/);
    assert.throws(() => loadTipKeyring({}, dir, true, master), /XINYONG_TIP_KEYS or XINYONG_TIP_KEY_FILE is required/);
    // embedded: generated once into the data directory, apart from master.key
    const a = loadTipKeyring({}, dir, false, master);
    const b = loadTipKeyring({}, dir, false, master);
    assert.ok(a.keys.get(1)!.equals(b.keys.get(1)!));
    assert.ok(existsSync(path.join(dir, TIP_KEY_FILE_NAME)));
    // a value sealed with the tip key does not open with the master key
    const sealed = createFieldCrypto(a).encrypt('举报人');
    assert.throws(() => createFieldCrypto(master).decrypt(sealed));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
