// Configuration is read from the environment once, validated, and passed down.
import path from 'node:path';
import type { Keyring } from './kernel/crypto.ts';
import { loadKeyring } from './kernel/keyring.ts';
import { loadAuditConfig, type AuditConfig } from './kernel/audit-config.ts';

export type Config = {
  production: boolean;
  databaseUrl?: string; // PostgreSQL; absent => embedded PGlite in dataDir
  dataDir: string;
  blobDir: string;
  host: string;
  port: number;
  keyring: Keyring; // master keys by version, outside the database (src/kernel/keyring.ts)
  masterKey: Buffer; // the active key version's 32 bytes (kept for callers that need one key)
  timeZone: string;
  logLevel: string;
  publicRateLimit: { max: number; windowMs: number };
  signInRateLimit: { max: number; windowMs: number }; // sign-in attempts per client address
  audit: AuditConfig; // hash chain and checkpoint signing (src/kernel/audit-config.ts)
};

export type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.XINYONG_DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = parseIntStrict(env.PORT ?? '8080', 'PORT');
  const keyring = loadKeyring(env, dataDir, production);
  return {
    production,
    databaseUrl,
    dataDir,
    blobDir: path.resolve(env.XINYONG_BLOB_DIR ?? path.join(dataDir, 'blobs')),
    host: env.HOST ?? '0.0.0.0',
    port,
    keyring,
    masterKey: keyring.keys.get(keyring.active)!,
    timeZone: env.XINYONG_TIME_ZONE ?? 'Asia/Shanghai',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    publicRateLimit: {
      max: parseIntStrict(env.XINYONG_PUBLIC_RATE_MAX ?? '120', 'XINYONG_PUBLIC_RATE_MAX'),
      windowMs: 60_000,
    },
    signInRateLimit: {
      max: parseIntStrict(env.XINYONG_SIGNIN_RATE_MAX ?? '20', 'XINYONG_SIGNIN_RATE_MAX'),
      windowMs: 60_000,
    },
    audit: loadAuditConfig(env, dataDir, production),
  };
}

// XINYONG_TRUST_PROXY: how many proxies in front of the app add to X-Forwarded-For (a number of
// hops: the client is the address the outermost trusted proxy saw), or the proxies' own addresses
// (comma-separated IPs or CIDR ranges). Never "trust every hop": a client could then name any
// address it likes, bypassing per-address rate limits and forging the audit's IP.
export type TrustProxy = false | number | string[];
const CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)(?:\/\d{1,3})?$/;
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const v = (raw ?? '').trim();
  if (v === '' || v === '0' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !CIDR.test(x) && !['loopback', 'linklocal', 'uniquelocal'].includes(x));
  if (v === 'true' || bad.length)
    throw new Error(`XINYONG_TRUST_PROXY must be a number of proxy hops (e.g. 1) or the proxies' addresses (IPs or CIDR ranges, comma-separated), got "${v}"`);
  return list;
}

function parseIntStrict(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}
