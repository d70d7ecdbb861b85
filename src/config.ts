// Configuration is read from the environment once, validated, and passed down.
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type Config = {
  production: boolean;
  databaseUrl?: string; // PostgreSQL; absent => embedded PGlite in dataDir
  dataDir: string;
  blobDir: string;
  host: string;
  port: number;
  masterKey: Buffer; // 32 bytes; field encryption and blind-index keys derive from it
  timeZone: string;
  logLevel: string;
  publicRateLimit: { max: number; windowMs: number };
};

export type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.XINYONG_DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = parseIntStrict(env.PORT ?? '8080', 'PORT');
  return {
    production,
    databaseUrl,
    dataDir,
    blobDir: path.resolve(env.XINYONG_BLOB_DIR ?? path.join(dataDir, 'blobs')),
    host: env.HOST ?? '0.0.0.0',
    port,
    masterKey: loadMasterKey(env, dataDir, production),
    timeZone: env.XINYONG_TIME_ZONE ?? 'Asia/Shanghai',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    publicRateLimit: {
      max: parseIntStrict(env.XINYONG_PUBLIC_RATE_MAX ?? '120', 'XINYONG_PUBLIC_RATE_MAX'),
      windowMs: 60_000,
    },
  };
}

function parseIntStrict(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return Number(v);
}

// The key lives outside the database: XINYONG_MASTER_KEY (base64, 32 bytes), or, outside
// production, a file generated once into the data directory.
function loadMasterKey(env: Env, dataDir: string, production: boolean): Buffer {
  if (env.XINYONG_MASTER_KEY) {
    const key = Buffer.from(env.XINYONG_MASTER_KEY, 'base64');
    if (key.length !== 32) throw new Error('XINYONG_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (production) throw new Error('XINYONG_MASTER_KEY is required when NODE_ENV=production');
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    // another process created it first: use theirs
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  return key;
}
