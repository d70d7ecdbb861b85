// Field encryption and keyed blind indexes for personal data (ID numbers, sealed record fields,
// API client secrets). Key material lives outside the database (src/kernel/keyring.ts); every
// purpose gets its own key derived with HKDF, per key version.
//
// A sealed value names its algorithm and key version, so several versions coexist while
// `xinyong keys reencrypt` moves them to the active one:
//   a<N>:<iv>:<tag>:<ct>   AES-256-GCM under key version N (the prefix is authenticated data)
//   s<N>:<iv>:<ct>:<mac>   SM4-CBC, then HMAC-SM3 over "s<N>:" ‖ iv ‖ ct (encrypt-then-MAC; no SM4-GCM in Node)
//   v1:<iv>:<tag>:<ct>     the first format: AES-256-GCM under key version 1, no associated data
// (all parts base64). Blind indexes and content MACs are deterministic, so their algorithm and
// key version are fixed at install and recorded in the database (field_crypto_scheme).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync, createHash, timingSafeEqual } from 'node:crypto';

export type CryptoSuite = 'aes' | 'sm'; // AES-256-GCM + HMAC-SHA256 | SM4-CBC + HMAC-SM3
export const CRYPTO_SUITES: readonly CryptoSuite[] = ['aes', 'sm'];

// Master keys by version (32 bytes each), the version new values are sealed with, and the suite.
export type Keyring = { keys: ReadonlyMap<number, Buffer>; active: number; suite: CryptoSuite; source: string };

// The deterministic keyed hashes (blind index, content MAC): fixed once data exists.
export type IndexScheme = { suite: CryptoSuite; keyVersion: number };

export type SealedFormat = { suite: CryptoSuite; keyVersion: number; prefix: string };

export type FieldCrypto = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  activePrefix: string; // the prefix of values sealed now, e.g. 'a2'
  index: IndexScheme;
  blindIndex(value: string): string; // deterministic, keyed: look-up without clear text
  contentMac(canonical: string): string; // keyed hash of record content (no brute-forcing IDs out of it)
};

export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

const hkdf = (digest: 'sha256' | 'sm3', master: Buffer, info: string, length: number) =>
  Buffer.from(hkdfSync(digest, master, Buffer.alloc(0), info, length));

// The info strings of the AES suite are those of the first release: key version 1 still opens `v1:` values.
const aesKeys = (master: Buffer) => ({ enc: hkdf('sha256', master, 'xinyong/field-encryption/v1', 32) });
const smKeys = (master: Buffer) => ({
  enc: hkdf('sm3', master, 'xinyong/field-encryption/sm4-cbc', 16),
  mac: hkdf('sm3', master, 'xinyong/field-encryption/hmac-sm3', 32),
});

export function parseSealedPrefix(sealed: string): SealedFormat | undefined {
  const m = /^([asv])([1-9]\d{0,5}):/.exec(sealed);
  if (!m) return undefined;
  if (m[1] === 'v') return m[2] === '1' ? { suite: 'aes', keyVersion: 1, prefix: 'v1' } : undefined;
  return { suite: m[1] === 'a' ? 'aes' : 'sm', keyVersion: Number(m[2]), prefix: `${m[1]}${m[2]}` };
}

export const sealedPrefix = (suite: CryptoSuite, keyVersion: number) => `${suite === 'aes' ? 'a' : 's'}${keyVersion}`;

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string | undefined, what: string) => {
  if (s === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new SealedValueError(`sealed value: malformed ${what}`);
  return Buffer.from(s, 'base64');
};

// IVs from the CSPRNG in blocks: one randomFillSync per 256 IVs instead of one per value (an
// import seals one or two values a row; decision 0044). Each IV is a fresh copy, never reused.
const IV_BLOCK = 4096;
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function nextIv(n: number): Buffer {
  if (ivAt + n > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(IV_BLOCK));
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + n));
  ivAt += n;
  return iv;
}

// A bare Buffer is one AES key of version 1 (the first release's single master key).
export function createFieldCrypto(keys: Keyring | Buffer, indexScheme?: IndexScheme): FieldCrypto {
  const keyring: Keyring = Buffer.isBuffer(keys) ? { keys: new Map([[1, keys]]), active: 1, suite: 'aes', source: 'buffer' } : keys;
  const index = indexScheme ?? { suite: keyring.suite, keyVersion: keyring.active };
  const masterOf = (version: number) => {
    const k = keyring.keys.get(version);
    if (!k) throw new SealedValueError(`key version ${version} is not loaded (see docs/operations.md, "Keys")`);
    return k;
  };
  const derived = new Map<string, { enc: Buffer; mac?: Buffer }>();
  const keysFor = (suite: CryptoSuite, version: number) => {
    const id = sealedPrefix(suite, version);
    let k = derived.get(id);
    if (!k) {
      k = suite === 'aes' ? aesKeys(masterOf(version)) : smKeys(masterOf(version));
      derived.set(id, k);
    }
    return k;
  };

  const indexMaster = masterOf(index.keyVersion); // fail at start, not at the first look-up
  const digest = index.suite === 'aes' ? 'sha256' : 'sm3';
  const blindKey = hkdf(digest, indexMaster, index.suite === 'aes' ? 'xinyong/blind-index/v1' : 'xinyong/blind-index/sm3', 32);
  const macKey = hkdf(digest, indexMaster, index.suite === 'aes' ? 'xinyong/content-mac/v1' : 'xinyong/content-mac/sm3', 32);
  const activePrefix = sealedPrefix(keyring.suite, keyring.active);
  const activeAad = Buffer.from(activePrefix);
  masterOf(keyring.active);

  return {
    activePrefix,
    index,
    encrypt(plain) {
      const keys = keysFor(keyring.suite, keyring.active);
      if (keyring.suite === 'aes') {
        const iv = nextIv(12);
        const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
        cipher.setAAD(activeAad);
        const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
        return `${activePrefix}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
      }
      const iv = nextIv(16);
      const cipher = createCipheriv('sm4-cbc', keys.enc, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const mac = createHmac('sm3', keys.mac!).update(`${activePrefix}:`).update(iv).update(ct).digest();
      return `${activePrefix}:${b64(iv)}:${b64(ct)}:${b64(mac)}`;
    },
    decrypt(sealed) {
      const format = parseSealedPrefix(sealed);
      if (!format) throw new SealedValueError('sealed value: unknown format');
      const parts = sealed.split(':');
      if (parts.length !== 4) throw new SealedValueError('sealed value: wrong number of parts');
      const keys = keysFor(format.suite, format.keyVersion);
      try {
        if (format.suite === 'aes') {
          const iv = unb64(parts[1], 'iv');
          const tag = unb64(parts[2], 'tag');
          if (iv.length !== 12 || tag.length !== 16) throw new SealedValueError('sealed value: bad iv or tag length');
          const decipher = createDecipheriv('aes-256-gcm', keys.enc, iv);
          if (format.prefix !== 'v1') decipher.setAAD(Buffer.from(format.prefix));
          decipher.setAuthTag(tag);
          return Buffer.concat([decipher.update(unb64(parts[3], 'ciphertext')), decipher.final()]).toString('utf8');
        }
        const iv = unb64(parts[1], 'iv');
        const ct = unb64(parts[2], 'ciphertext');
        const mac = unb64(parts[3], 'mac');
        const expected = createHmac('sm3', keys.mac!).update(`${format.prefix}:`).update(iv).update(ct).digest();
        // verify before decrypting: no padding oracle
        if (iv.length !== 16 || mac.length !== expected.length || !timingSafeEqual(mac, expected))
          throw new SealedValueError('sealed value: authentication failed');
        const decipher = createDecipheriv('sm4-cbc', keys.enc, iv);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch (err) {
        if (err instanceof SealedValueError) throw err;
        throw new SealedValueError('sealed value: authentication failed');
      }
    },
    blindIndex(value) {
      return createHmac(digest, blindKey).update(value).digest('base64url');
    },
    contentMac(canonical) {
      return createHmac(digest, macKey).update(canonical).digest('base64url');
    },
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// Canonical JSON: keys sorted, so equal content hashes equally.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}
