// Master keys for field encryption, loaded once from outside the database:
//   XINYONG_KEYS='1:<base64>,2:<base64>'   several versions (32 bytes each)
//   XINYONG_KEY_FILE=/run/secrets/xinyong-keys   the same, one `N:<base64>` per line
//   XINYONG_MASTER_KEY=<base64>             one key, version 1
//   (none, outside production)              <data dir>/master.key, generated once
// XINYONG_ACTIVE_KEY picks the version new values are sealed with (default: the highest);
// XINYONG_CRYPTO=aes|sm picks the algorithms (default aes). See docs/operations.md, "Keys".
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync, appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CRYPTO_SUITES, type CryptoSuite, type Keyring } from './crypto.ts';

type Env = Record<string, string | undefined>;

export const KEY_FILE_NAME = 'master.key';

function decodeKey(b64: string, where: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64.trim())) throw new Error(`${where}: a key must be 32 bytes, base64-encoded`);
  return key;
}

// "N:<base64>" entries separated by commas or new lines; a bare "<base64>" is version 1
// (the format of the first release's master.key). Lines starting with # are comments.
export function parseKeyList(text: string, where: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  const entries = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const entry of entries) {
    const m = /^(\d{1,6}):(.+)$/.exec(entry);
    const version = m ? Number(m[1]) : 1;
    if (version < 1) throw new Error(`${where}: key versions start at 1`);
    if (keys.has(version)) throw new Error(`${where}: key version ${version} is given twice`);
    keys.set(version, decodeKey(m ? m[2]! : entry, `${where}, key version ${version}`));
  }
  if (keys.size === 0) throw new Error(`${where}: no keys`);
  return keys;
}

export function loadKeyring(env: Env, dataDir: string, production: boolean): Keyring {
  const given = (['XINYONG_KEYS', 'XINYONG_KEY_FILE', 'XINYONG_MASTER_KEY'] as const).filter((n) => env[n]);
  if (given.length > 1) throw new Error(`set only one of ${given.join(', ')}`);
  let keys: Map<number, Buffer>;
  let source: string;
  if (env.XINYONG_KEYS) {
    keys = parseKeyList(env.XINYONG_KEYS, 'XINYONG_KEYS');
    source = 'XINYONG_KEYS';
  } else if (env.XINYONG_KEY_FILE) {
    keys = parseKeyList(readFileSync(env.XINYONG_KEY_FILE, 'utf8'), env.XINYONG_KEY_FILE);
    source = env.XINYONG_KEY_FILE;
  } else if (env.XINYONG_MASTER_KEY) {
    keys = new Map([[1, decodeKey(env.XINYONG_MASTER_KEY, 'XINYONG_MASTER_KEY')]]);
    source = 'XINYONG_MASTER_KEY';
  } else {
    if (production) throw new Error('XINYONG_KEYS, XINYONG_KEY_FILE or XINYONG_MASTER_KEY is required when NODE_ENV=production');
    source = path.join(dataDir, KEY_FILE_NAME);
    keys = parseKeyList(readOrCreateKeyFile(source), source);
  }
  const suite = (env.XINYONG_CRYPTO ?? 'aes') as CryptoSuite;
  if (!CRYPTO_SUITES.includes(suite)) throw new Error(`XINYONG_CRYPTO must be one of ${CRYPTO_SUITES.join(', ')}, got "${env.XINYONG_CRYPTO}"`);
  const active = env.XINYONG_ACTIVE_KEY ? Number(env.XINYONG_ACTIVE_KEY) : Math.max(...keys.keys());
  if (!keys.has(active)) throw new Error(`XINYONG_ACTIVE_KEY=${env.XINYONG_ACTIVE_KEY}: no such key version in ${source}`);
  return { keys, active, suite, source };
}

function readOrCreateKeyFile(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(path.dirname(file), { recursive: true });
  const text = randomBytes(32).toString('base64') + '\n';
  try {
    writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return text;
  } catch (err) {
    // another process created it first: use theirs
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(file, 'utf8');
  }
}

export const newKeyBase64 = () => randomBytes(32).toString('base64');

// Embedded mode only: add a key version to <data dir>/master.key.
export function appendKeyVersion(file: string, version: number, keyBase64: string): void {
  appendFileSync(file, `${version}:${keyBase64}\n`, { mode: 0o600 });
}

export const TIP_KEY_FILE_NAME = 'tip.key';

// The tip key (举报人信息): reporters' identities are sealed with keys of their own, never with the
// ID-number keys above, so whoever holds those (key rotation, re-encryption, a leaked key file)
// still cannot open a reporter's name. Same formats as the master keys:
//   XINYONG_TIP_KEYS='1:<base64>,…'  or  XINYONG_TIP_KEY_FILE=/run/secrets/xinyong-tip-keys
//   (none, outside production)  <data dir>/tip.key, generated once
// A tip key equal to any master key is refused. The suite follows XINYONG_CRYPTO.
export function loadTipKeyring(env: Env, dataDir: string, production: boolean, master: Keyring): Keyring {
  if (env.XINYONG_TIP_KEYS && env.XINYONG_TIP_KEY_FILE) throw new Error('set only one of XINYONG_TIP_KEYS, XINYONG_TIP_KEY_FILE');
  let keys: Map<number, Buffer>;
  let source: string;
  if (env.XINYONG_TIP_KEYS) {
    keys = parseKeyList(env.XINYONG_TIP_KEYS, 'XINYONG_TIP_KEYS');
    source = 'XINYONG_TIP_KEYS';
  } else if (env.XINYONG_TIP_KEY_FILE) {
    keys = parseKeyList(readFileSync(env.XINYONG_TIP_KEY_FILE, 'utf8'), env.XINYONG_TIP_KEY_FILE);
    source = env.XINYONG_TIP_KEY_FILE;
  } else {
    if (production) throw new Error('XINYONG_TIP_KEYS or XINYONG_TIP_KEY_FILE is required when NODE_ENV=production (the tip key, apart from the master keys)');
    source = path.join(dataDir, TIP_KEY_FILE_NAME);
    keys = parseKeyList(readOrCreateKeyFile(source), source);
  }
  for (const [v, k] of keys) for (const m of master.keys.values()) if (k.equals(m)) throw new Error(`${source}: tip key version ${v} equals a master key; the tip key must be a key of its own`);
  const active = env.XINYONG_TIP_ACTIVE_KEY ? Number(env.XINYONG_TIP_ACTIVE_KEY) : Math.max(...keys.keys());
  if (!keys.has(active)) throw new Error(`XINYONG_TIP_ACTIVE_KEY=${env.XINYONG_TIP_ACTIVE_KEY}: no such key version in ${source}`);
  return { keys, active, suite: master.suite, source };
}
