// Configuration is read from the environment once, validated, and passed down.
import path from 'node:path';
import type { Keyring } from './kernel/crypto.ts';
import { loadKeyring } from './kernel/keyring.ts';
import { loadAuditConfig, type AuditConfig } from './kernel/audit-config.ts';
import { loadIdentityConfig, type IdentityConfig } from './modules/rights/identity.config.ts';
import { loadJobsConfig, type JobsSettings } from './kernel/jobs-config.ts';

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
  identity: IdentityConfig; // how subjects prove who they are (src/modules/rights/identity.config.ts)
  jobs: JobsSettings; // background work: polling, import leases, sweep periods (src/kernel/jobs-config.ts)
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
    identity: loadIdentityConfig(env, production, port),
    jobs: loadJobsConfig(env),
  };
}

function parseIntStrict(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}
