import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAuditSigner, parseAuditPublicKey, parseAuditSigningKey, trustedAuditKeys } from './audit.keys.ts';
import { loadAuditConfig } from '../../kernel/audit-config.ts';

const ED_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const SM2_KEY = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';

test('Ed25519 from a hex seed matches RFC 8032 test 1 (public key and signature of the empty message)', () => {
  const s = parseAuditSigningKey('ed25519', ED_SEED);
  assert.ok(s.publicKeyPem.includes('MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='));
  assert.equal(
    Buffer.from(s.sign(''), 'base64').toString('hex'),
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  );
});

for (const [alg, key] of [['ed25519', ED_SEED], ['sm2', SM2_KEY]] as const)
  test(`${alg}: sign, verify, and the exported public key verifies alone with the same key id`, () => {
    const s = parseAuditSigningKey(alg, key);
    const sig = s.sign('xinyong-audit-checkpoint/v1\nseq=1');
    assert.equal(s.verify('xinyong-audit-checkpoint/v1\nseq=1', sig), true);
    assert.equal(s.verify('xinyong-audit-checkpoint/v1\nseq=2', sig), false);
    assert.equal(s.verify('xinyong-audit-checkpoint/v1\nseq=1', 'not a signature'), false);
    const pub = parseAuditPublicKey(s.publicKeyPem);
    assert.equal(pub.keyId, s.keyId);
    assert.equal(pub.alg, alg);
    assert.equal(pub.verify('xinyong-audit-checkpoint/v1\nseq=1', sig), true);
    if (alg === 'sm2') assert.equal(parseAuditPublicKey(s.publicKeyHex!).keyId, s.keyId);
  });

test('wrong key material is refused with a clear message', () => {
  assert.throws(() => parseAuditSigningKey('sm2', 'abc'), /64 hex/);
  assert.throws(() => parseAuditSigningKey('ed25519', 'hello'), /PKCS#8 PEM or a 32-byte hex seed/);
  assert.throws(() => parseAuditPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'), /not an Ed25519 or SM2 public key/);
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
test('signatures interoperate with OpenSSL (Ed25519, and SM2 with SM3 and the default user id)', { skip: !hasOpenssl && 'no openssl binary' }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-keys-'));
  try {
    const msg = 'xinyong-audit-checkpoint/v1\nseq=42\nhash=' + 'ab'.repeat(32);
    writeFileSync(path.join(dir, 'msg'), msg);
    for (const [alg, key] of [['ed25519', ED_SEED], ['sm2', SM2_KEY]] as const) {
      const s = parseAuditSigningKey(alg, key);
      writeFileSync(path.join(dir, `${alg}.pem`), s.publicKeyPem);
      const sig = s.sign(msg);
      writeFileSync(path.join(dir, `${alg}.sig`), alg === 'sm2' ? Buffer.from(sig, 'hex') : Buffer.from(sig, 'base64'));
      const extra = alg === 'sm2' ? ['-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'] : [];
      const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', `${alg}.pem`, '-rawin', '-in', 'msg', '-sigfile', `${alg}.sig`, ...extra], { cwd: dir, encoding: 'utf8' });
      assert.match(r.stdout + r.stderr, /Signature Verified Successfully/, `${alg}: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('embedded mode: a key pair is generated once into the data directory (0600) and found again', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-keys-'));
  try {
    for (const crypto of ['aes', 'sm'] as const) {
      const cfg = loadAuditConfig({ XINYONG_CRYPTO: crypto }, dir, false);
      assert.equal(cfg.signature, crypto === 'sm' ? 'sm2' : 'ed25519');
      assert.equal(cfg.hash, crypto === 'sm' ? 'sm3' : 'sha256');
      assert.equal(loadAuditSigner(cfg, { create: false }), undefined);
      assert.equal(trustedAuditKeys(cfg).size, 0);
      const s = loadAuditSigner(cfg, { create: true })!;
      assert.equal(statSync(cfg.signingKeySource).mode & 0o777, 0o600);
      assert.equal(loadAuditSigner(cfg, { create: true })!.keyId, s.keyId);
      assert.deepEqual([...trustedAuditKeys(cfg).keys()], [s.keyId]);
      assert.ok(!readFileSync(cfg.signingKeySource, 'utf8').includes('PUBLIC'));
    }
    assert.throws(() => loadAuditConfig({}, dir, true), /XINYONG_AUDIT_SIGNING_KEY/);
    assert.throws(() => loadAuditConfig({ XINYONG_AUDIT_HASH: 'md5' }, dir, false), /sha256 or sm3/);
    const given = loadAuditConfig({ XINYONG_AUDIT_SIGNING_KEY: ED_SEED }, dir, true);
    assert.equal(loadAuditSigner(given, { create: false })!.keyId, parseAuditSigningKey('ed25519', ED_SEED).keyId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
