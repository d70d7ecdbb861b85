// Configuration is read from the environment once, validated, and passed down.
import path from 'node:path';
import type { Keyring } from './kernel/crypto.ts';
import { loadKeyring, loadTipKeyring } from './kernel/keyring.ts';
import { loadAuditConfig, type AuditConfig } from './kernel/audit-config.ts';
import { loadIdentityConfig, type IdentityConfig } from './modules/rights/identity.config.ts';
import { loadJobsConfig, type JobsSettings } from './kernel/jobs-config.ts';
import type { ReadReplicaSettings } from './kernel/read-replica.ts';

export type Config = {
  production: boolean;
  databaseUrl?: string; // PostgreSQL; absent => embedded PGlite in dataDir
  databaseReadUrl?: string; // DATABASE_READ_URL: a streaming replica for public reads (src/kernel/read-replica.ts)
  readReplica: ReadReplicaSettings; // its lag bound and sample interval
  redisUrl?: string; // XINYONG_REDIS_URL: state shared by every server (rate limits, the public budget's buckets; else per process)
  redisPrefix: string; // XINYONG_REDIS_PREFIX: keys of this platform in a shared Redis
  dataDir: string;
  blobDir: string;
  host: string;
  port: number;
  keyring: Keyring; // master keys by version, outside the database (src/kernel/keyring.ts)
  masterKey: Buffer; // the active key version's 32 bytes (kept for callers that need one key)
  tipKeyring: Keyring; // reporters of tips (举报人), sealed apart from the master keys (keyring.ts loadTipKeyring)
  timeZone: string;
  logLevel: string;
  publicRateLimit: { max: number; windowMs: number };
  signInRateLimit: { max: number; windowMs: number }; // sign-in attempts per client address
  publicBudget: { scale: number }; // rules/public-budget.json's capacity and refill times this; 0 = off (not in production)
  audit: AuditConfig; // hash chain and checkpoint signing (src/kernel/audit-config.ts)
  identity: IdentityConfig; // how subjects prove who they are (src/modules/rights/identity.config.ts)
  jobs: JobsSettings; // background work: polling, import leases, sweep periods (src/kernel/jobs-config.ts)
  limits: InputLimits; // hostile input: each refusal is a JSON error with zh and en (docs/api.md)
  clockOffsetMs: number; // XINYONG_CLOCK (tests only): the platform clock runs this far ahead
  node: NodeIdentity; // federation (docs/exchange.md): this installation's role and region
};

// XINYONG_NODE_ROLE / XINYONG_NODE_REGION; default province / 130000 (a single installation).
export type NodeRole = 'province' | 'city' | 'national';
export type NodeIdentity = { role: NodeRole; region: string };
export const NATIONAL_REGION = '100000';

export function loadNodeIdentity(env: Env = {}): NodeIdentity {
  const role = (env.XINYONG_NODE_ROLE ?? 'province').trim();
  if (role !== 'province' && role !== 'city' && role !== 'national')
    throw new Error(`XINYONG_NODE_ROLE must be province, city or national (got ${role})`);
  const dflt = role === 'national' ? NATIONAL_REGION : '130000';
  const region = (env.XINYONG_NODE_REGION ?? dflt).trim();
  if (!/^\d{6}$/.test(region)) throw new Error(`XINYONG_NODE_REGION must be a six-digit GB/T 2260 code (got ${region})`);
  return { role, region };
}

export type InputLimits = {
  jsonBodyBytes: number; // any JSON request body except batches
  batchBodyBytes: number; // POST /batches
  uploadBytes: number; // POST /batches/files (raw file body)
  body: { maxDepth: number; maxKeysPerObject: number; maxKeyLength: number };
  csv: { maxColumns: number; maxRecordBytes: number };
  xlsx: { maxUncompressedBytes: number; maxCompressionRatio: number };
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
    databaseReadUrl: loadReadUrl(env, databaseUrl),
    readReplica: loadReadReplicaSettings(env),
    redisUrl: env.XINYONG_REDIS_URL || undefined,
    redisPrefix: env.XINYONG_REDIS_PREFIX ?? 'xinyong:',
    dataDir,
    blobDir: path.resolve(env.XINYONG_BLOB_DIR ?? path.join(dataDir, 'blobs')),
    host: env.HOST ?? '0.0.0.0',
    port,
    keyring,
    masterKey: keyring.keys.get(keyring.active)!,
    tipKeyring: loadTipKeyring(env, dataDir, production, keyring),
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
    publicBudget: { scale: loadBudgetScale(env, production) },
    audit: loadAuditConfig(env, dataDir, production),
    identity: loadIdentityConfig(env, production, port),
    jobs: loadJobsConfig(env),
    limits: loadLimits(env),
    clockOffsetMs: loadClockOffset(env, production),
    node: loadNodeIdentity(env),
  };
}

// DATABASE_READ_URL: a PostgreSQL streaming replica of DATABASE_URL that public reads may use.
export function loadReadUrl(env: Env, databaseUrl: string | undefined): string | undefined {
  const v = env.DATABASE_READ_URL || undefined;
  if (v && !databaseUrl) throw new Error('DATABASE_READ_URL needs DATABASE_URL (a replica of the PostgreSQL primary; the embedded database has none)');
  if (v && !/^postgres(ql)?:\/\//.test(v)) throw new Error('DATABASE_READ_URL must be a postgres:// URL');
  return v;
}

// XINYONG_READ_MAX_LAG_SECONDS (default 10): a replica further behind than this serves no public
// read (they go to the primary until it catches up); XINYONG_READ_SAMPLE_MS (default 1000): how
// often each server measures the lag (the measurement's resolution).
export function loadReadReplicaSettings(env: Env = {}): ReadReplicaSettings {
  const lag = env.XINYONG_READ_MAX_LAG_SECONDS ?? '10';
  if (!/^\d+(\.\d+)?$/.test(lag)) throw new Error(`XINYONG_READ_MAX_LAG_SECONDS must be a number of seconds ≥ 0, got "${lag}"`);
  const sampleMs = parseIntStrict(env.XINYONG_READ_SAMPLE_MS ?? '1000', 'XINYONG_READ_SAMPLE_MS');
  if (sampleMs < 50) throw new Error(`XINYONG_READ_SAMPLE_MS must be at least 50, got ${sampleMs}`);
  return { maxLagMs: Math.round(Number(lag) * 1000), sampleMs };
}

// XINYONG_PUBLIC_BUDGET_SCALE multiplies the public budget (a large scale for tests of other
// features, a small one for a tight deployment); 0 turns it off, which production refuses.
export function loadBudgetScale(env: Env, production: boolean): number {
  const raw = env.XINYONG_PUBLIC_BUDGET_SCALE ?? '1';
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n)) throw new Error(`XINYONG_PUBLIC_BUDGET_SCALE must be a number ≥ 0, got "${raw}"`);
  if (n === 0 && production) throw new Error('XINYONG_PUBLIC_BUDGET_SCALE=0 (no public budget) is refused when NODE_ENV=production');
  return n;
}

const int = (env: Env, name: string, dflt: number) => parseIntStrict(env[name] ?? String(dflt), name);

export function loadLimits(env: Env = {}): InputLimits {
  return {
    jsonBodyBytes: int(env, 'XINYONG_LIMIT_JSON_BODY_BYTES', 1 << 20),
    batchBodyBytes: int(env, 'XINYONG_LIMIT_BATCH_BODY_BYTES', 32 << 20),
    uploadBytes: int(env, 'XINYONG_LIMIT_UPLOAD_BYTES', 4 * 1024 ** 3),
    body: {
      maxDepth: int(env, 'XINYONG_LIMIT_JSON_DEPTH', 32),
      maxKeysPerObject: int(env, 'XINYONG_LIMIT_KEYS_PER_OBJECT', 500),
      maxKeyLength: int(env, 'XINYONG_LIMIT_KEY_LENGTH', 200),
    },
    csv: {
      maxColumns: int(env, 'XINYONG_LIMIT_CSV_COLUMNS', 1000),
      maxRecordBytes: int(env, 'XINYONG_LIMIT_CSV_RECORD_BYTES', 4 * 1024 * 1024),
    },
    xlsx: {
      maxUncompressedBytes: int(env, 'XINYONG_LIMIT_XLSX_UNCOMPRESSED_BYTES', 4 * 1024 ** 3),
      maxCompressionRatio: int(env, 'XINYONG_LIMIT_XLSX_RATIO', 200),
    },
  };
}

// XINYONG_CLOCK=2029-06-01 (or a full ISO instant) starts the platform clock there and lets it
// run on: time bombs in tests show up years early. Refused in production, where the clock is the
// clock.
export function loadClockOffset(env: Env, production: boolean, realNow: number = Date.now()): number {
  const v = env.XINYONG_CLOCK;
  if (v === undefined || v === '') return 0;
  if (production) throw new Error('XINYONG_CLOCK is for tests only and is refused when NODE_ENV=production');
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T04:00:00Z` : v); // a day: noon in Asia/Shanghai
  if (Number.isNaN(at)) throw new Error(`XINYONG_CLOCK must be YYYY-MM-DD or an ISO instant, got "${v}"`);
  return at - realNow;
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
