// Field encryption and keyed blind indexes for personal data. Keys derive from the master key
// (kept outside the database) with HKDF, one purpose per key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, createHash } from 'node:crypto';

export type FieldCrypto = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(value: string): string; // deterministic, keyed: look-up without clear text
  contentMac(canonical: string): string; // keyed hash of record content (no brute-forcing IDs out of it)
};

const derive = (master: Buffer, info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  const encKey = derive(masterKey, 'xinyong/field-encryption/v1');
  const blindKey = derive(masterKey, 'xinyong/blind-index/v1');
  const macKey = derive(masterKey, 'xinyong/content-mac/v1');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, ct] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown sealed value format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', blindKey).update(value).digest('base64url');
    },
    contentMac(canonical) {
      return createHmac('sha256', macKey).update(canonical).digest('base64url');
    },
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// Canonical JSON: keys sorted, so equal content hashes equally.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}
