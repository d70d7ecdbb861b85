// Audit trail settings, read once with the rest of the config (src/config.ts):
//   XINYONG_AUDIT_HASH=sha256|sm3          hash of the chain (default: sm3 when XINYONG_CRYPTO=sm, else sha256)
//   XINYONG_AUDIT_SIGNATURE=ed25519|sm2    checkpoint signatures (default: sm2 with sm3, else ed25519)
//   XINYONG_AUDIT_SIGNING_KEY              private key: Ed25519 PKCS#8 PEM or 32-byte hex seed; SM2 64-hex private key
//   XINYONG_AUDIT_SIGNING_KEY_FILE         the same, from a file (required, one of the two, in production)
//   XINYONG_AUDIT_TRUSTED_KEYS             file of further public keys checkpoints may be signed with (earlier keys)
//   XINYONG_AUDIT_CHECKPOINT_EVERY=1000    the sweep signs a checkpoint once this many events are unsigned,
//   XINYONG_AUDIT_CHECKPOINT_MINUTES=10    or when the last checkpoint is this old and events are unsigned
//   XINYONG_AUDIT_CHAIN_MS=200             how often the sequencer links committed events into the chain
// Without a signing key outside production, a key pair is generated into the data directory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isAuditHashAlg, type AuditHashAlg } from './audit-chain.ts';

export type AuditSigAlg = 'ed25519' | 'sm2';

export type AuditConfig = {
  hash: AuditHashAlg;
  signature: AuditSigAlg;
  signingKey?: string; // secret: never log
  signingKeySource: string; // where it came from, or the data-dir file it is kept in
  trustedKeys: string[]; // public keys (PEM or hex) besides the signing key's own
  checkpointEvery: number;
  checkpointMinutes: number;
  chainIntervalMs: number; // the sequencer's period (src/kernel/audit-sequencer.ts)
};

type Env = Record<string, string | undefined>;

export function loadAuditConfig(env: Env, dataDir: string, production: boolean): AuditConfig {
  const hash = env.XINYONG_AUDIT_HASH ?? (env.XINYONG_CRYPTO === 'sm' ? 'sm3' : 'sha256');
  if (!isAuditHashAlg(hash)) throw new Error(`XINYONG_AUDIT_HASH must be sha256 or sm3, got "${hash}"`);
  const signature = env.XINYONG_AUDIT_SIGNATURE ?? (hash === 'sm3' ? 'sm2' : 'ed25519');
  if (signature !== 'ed25519' && signature !== 'sm2') throw new Error(`XINYONG_AUDIT_SIGNATURE must be ed25519 or sm2, got "${signature}"`);
  if (env.XINYONG_AUDIT_SIGNING_KEY && env.XINYONG_AUDIT_SIGNING_KEY_FILE)
    throw new Error('set only one of XINYONG_AUDIT_SIGNING_KEY, XINYONG_AUDIT_SIGNING_KEY_FILE');
  let signingKey = env.XINYONG_AUDIT_SIGNING_KEY?.trim() || undefined;
  let signingKeySource = signingKey ? 'XINYONG_AUDIT_SIGNING_KEY' : path.join(dataDir, `audit-signing-${signature}.key`);
  if (env.XINYONG_AUDIT_SIGNING_KEY_FILE) {
    signingKey = readFileSync(env.XINYONG_AUDIT_SIGNING_KEY_FILE, 'utf8').trim();
    signingKeySource = env.XINYONG_AUDIT_SIGNING_KEY_FILE;
  }
  if (production && !signingKey)
    throw new Error('XINYONG_AUDIT_SIGNING_KEY or XINYONG_AUDIT_SIGNING_KEY_FILE is required when NODE_ENV=production');
  return {
    hash,
    signature,
    signingKey,
    signingKeySource,
    trustedKeys: env.XINYONG_AUDIT_TRUSTED_KEYS ? splitPublicKeys(readFileSync(env.XINYONG_AUDIT_TRUSTED_KEYS, 'utf8')) : [],
    checkpointEvery: positive(env.XINYONG_AUDIT_CHECKPOINT_EVERY ?? '1000', 'XINYONG_AUDIT_CHECKPOINT_EVERY'),
    checkpointMinutes: positive(env.XINYONG_AUDIT_CHECKPOINT_MINUTES ?? '10', 'XINYONG_AUDIT_CHECKPOINT_MINUTES'),
    chainIntervalMs: chainInterval(env.XINYONG_AUDIT_CHAIN_MS ?? '200'),
  };
}

// PEM blocks and hex lines, in any mix.
export function splitPublicKeys(text: string): string[] {
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  const rest = text.replace(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g, '');
  const hex = rest
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return [...pems, ...hex];
}

function positive(v: string, name: string): number {
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}

// 10 ms to 1 s: the delay from commit to chain is this plus one pass (docs/security.md promises 2 s)
function chainInterval(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 10 || n > 1000) throw new Error(`XINYONG_AUDIT_CHAIN_MS must be an integer from 10 to 1000, got "${v}"`);
  return n;
}
