// The platform's audit signing key: Ed25519 (node:crypto) or SM2 with SM3 (sm-crypto-v2; Node's
// built-in SM2 is not standard). The private key comes from the environment or, in embedded
// mode, from a file generated once in the data directory; the public key is exported for auditors.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import type { AuditConfig, AuditSigAlg } from '../../kernel/audit-config.ts';
import type { Context } from '../../platform.ts';

export type AuditVerifier = {
  alg: AuditSigAlg;
  keyId: string;
  publicKeyPem: string; // SPKI PEM (for SM2: id-ecPublicKey on curve SM2, as OpenSSL writes it)
  publicKeyHex?: string; // SM2: uncompressed point 04‖x‖y, the form sm-crypto and most GM tools take
  verify(message: string, signature: string): boolean;
};

export type AuditSigner = AuditVerifier & { sign(message: string): string };

// DER prefixes of SubjectPublicKeyInfo / PrivateKeyInfo for the two key types.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

const keyIdOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const toPem = (der: Buffer) => `-----BEGIN PUBLIC KEY-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END PUBLIC KEY-----\n`;

function ed25519Verifier(pub: KeyObject): AuditVerifier {
  const der = pub.export({ type: 'spki', format: 'der' });
  return {
    alg: 'ed25519',
    keyId: keyIdOf(der),
    publicKeyPem: toPem(der),
    verify: (message, signature) => {
      try {
        return verify(null, Buffer.from(message, 'utf8'), pub, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

function sm2Verifier(publicKeyHex: string): AuditVerifier {
  const pub = publicKeyHex.toLowerCase();
  const der = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(pub, 'hex')]);
  return {
    alg: 'sm2',
    keyId: keyIdOf(Buffer.from(pub, 'hex')),
    publicKeyPem: toPem(der),
    publicKeyHex: pub,
    verify: (message, signature) => {
      try {
        return /^[0-9a-f]+$/i.test(signature) && sm2.doVerifySignature(message, signature, pub, { hash: true, der: true });
      } catch {
        return false;
      }
    },
  };
}

// A public key as PEM (Ed25519 or SM2 SPKI) or as SM2 hex (04‖x‖y, 130 hex digits).
export function parseAuditPublicKey(text: string): AuditVerifier {
  const t = text.trim();
  if (/^04[0-9a-fA-F]{128}$/.test(t)) return sm2Verifier(t);
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(t);
  if (m) {
    const der = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
    if (der.length === SM2_SPKI_PREFIX.length + 65 && der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX))
      return sm2Verifier(der.subarray(SM2_SPKI_PREFIX.length).toString('hex'));
    if (der.length === ED25519_SPKI_PREFIX.length + 32 && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX))
      return ed25519Verifier(createPublicKey({ key: der, format: 'der', type: 'spki' }));
  }
  throw new Error('not an Ed25519 or SM2 public key (expected PEM "BEGIN PUBLIC KEY", or SM2 hex 04‖x‖y)');
}

// A private key as the configuration gives it: Ed25519 PKCS#8 PEM or 32-byte hex seed; SM2 hex.
export function parseAuditSigningKey(alg: AuditSigAlg, text: string): AuditSigner {
  const t = text.trim();
  if (alg === 'sm2') {
    if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new Error('an SM2 audit signing key is 64 hex digits (the private scalar)');
    const priv = t.toLowerCase();
    const pub = sm2.getPublicKeyFromPrivateKey(priv);
    return { ...sm2Verifier(pub), sign: (message) => sm2.doSignature(message, priv, { hash: true, der: true, publicKey: pub }) };
  }
  let key: KeyObject;
  if (/^[0-9a-fA-F]{64}$/.test(t))
    key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(t, 'hex')]), format: 'der', type: 'pkcs8' });
  else if (t.includes('-----BEGIN')) key = createPrivateKey(t);
  else throw new Error('an Ed25519 audit signing key is a PKCS#8 PEM or a 32-byte hex seed');
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key is ${key.asymmetricKeyType}, not Ed25519`);
  return { ...ed25519Verifier(createPublicKey(key)), sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64') };
}

function generateKeyText(alg: AuditSigAlg): string {
  if (alg === 'sm2') return sm2.generateKeyPairHex().privateKey + '\n';
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// The signer from the configuration or the data-dir key file. create: generate the file if absent
// (embedded mode only; in production the key must be given). Without create and without a key: undefined.
export function loadAuditSigner(cfg: AuditConfig, opts: { create: boolean }): AuditSigner | undefined {
  if (cfg.signingKey) return parseAuditSigningKey(cfg.signature, cfg.signingKey);
  const file = cfg.signingKeySource;
  if (existsSync(file)) return parseAuditSigningKey(cfg.signature, readFileSync(file, 'utf8'));
  if (!opts.create) return undefined;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, generateKeyText(cfg.signature), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    // another process created it first: use theirs
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return parseAuditSigningKey(cfg.signature, readFileSync(file, 'utf8'));
}

// Keys a verifier trusts, by key id: the signing key's own (if there is one), the configured
// earlier keys, and any given by the caller (an auditor's copy).
export function trustedAuditKeys(cfg: AuditConfig, extra: readonly string[] = []): Map<string, AuditVerifier> {
  const out = new Map<string, AuditVerifier>();
  const own = loadAuditSigner(cfg, { create: false });
  if (own) out.set(own.keyId, own);
  for (const text of [...cfg.trustedKeys, ...extra]) {
    const v = parseAuditPublicKey(text);
    out.set(v.keyId, v);
  }
  return out;
}

// The platform's signer: embedded mode generates the key pair on first use; production requires
// it in the environment.
export function platformAuditSigner(p: Pick<Context, 'config'>): AuditSigner {
  return loadAuditSigner(p.config.audit, { create: !p.config.production })!;
}
