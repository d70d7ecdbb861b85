// Signing a request to the exchange API, as a department system does it (and as the server
// recomputes it). Only node:crypto: copy it into a client as it is. docs/api.md, "Signing requests".
//
//   canonical = METHOD \n path-with-query as sent \n timestamp \n nonce \n content-sha256
//   X-Xy-Signature = base64url(HMAC-SHA256(secret, canonical))
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const SIGNING_HEADERS = {
  keyId: 'x-xy-key-id', // <client key id>.s<secret number>, e.g. xk_0123456789abcdef.s1
  timestamp: 'x-xy-timestamp', // unix time in seconds
  nonce: 'x-xy-nonce', // 16–128 characters of [A-Za-z0-9_.~-], never reused
  contentSha256: 'x-xy-content-sha256', // lowercase hex SHA-256 of the body bytes
  signature: 'x-xy-signature',
} as const;

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

// A credential as `xinyong clients create` prints it: "<signing key id>:<secret>".
export type Credential = { keyId: string; secret: string };

export function parseCredential(text: string): Credential {
  const i = text.indexOf(':');
  if (i < 0) throw new Error('a credential reads <key id>.s<n>:<secret>');
  return { keyId: text.slice(0, i), secret: text.slice(i + 1) };
}

export const canonicalRequest = (method: string, pathWithQuery: string, timestamp: string, nonce: string, contentSha256: string) =>
  [method.toUpperCase(), pathWithQuery, timestamp, nonce, contentSha256].join('\n');

// The HMAC key is the secret exactly as printed (its ASCII characters).
export const signCanonical = (secret: string, canonical: string) => createHmac('sha256', secret).update(canonical).digest('base64url');

export type SignOptions = {
  method: string;
  path: string; // path and query exactly as sent, e.g. /api/v1/batches/files?category=penalty
  body?: string | Uint8Array; // the exact bytes sent; none for GET
  at?: Date; // defaults to now
  nonce?: string;
  contentSha256?: string; // for a streamed body hashed beforehand
};

export function signRequest(cred: Credential, opts: SignOptions): Record<string, string> {
  const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(16).toString('base64url');
  const contentSha256 = opts.contentSha256 ?? (opts.body === undefined ? EMPTY_SHA256 : createHash('sha256').update(opts.body).digest('hex'));
  const signature = signCanonical(cred.secret, canonicalRequest(opts.method, opts.path, timestamp, nonce, contentSha256));
  return {
    [SIGNING_HEADERS.keyId]: cred.keyId,
    [SIGNING_HEADERS.timestamp]: timestamp,
    [SIGNING_HEADERS.nonce]: nonce,
    [SIGNING_HEADERS.contentSha256]: contentSha256,
    [SIGNING_HEADERS.signature]: signature,
  };
}
