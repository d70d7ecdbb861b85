// Verification of signed requests from department systems (HMAC-SHA256 over method, path,
// timestamp, nonce and body hash; docs/api.md "Signing requests"). The body hash is checked
// against the bytes received: JSON bodies are hashed by the parser below, streamed uploads
// while they are written to disk (saveSignedUpload).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { DomainError, unauthorized } from '../../kernel/errors.ts';
import { findSigningKey, recordNonce, type ApiClient } from './clients.store.ts';
import { EMPTY_SHA256, canonicalRequest } from './signing.client.ts';
import { parseSignedHeaders, timestampInWindow, nonceExpiresAt, SIGNATURE_WINDOW_SECONDS } from './signing.rules.ts';

declare module 'fastify' {
  // (module augmentation needs an interface) set by the JSON parser registered below
  interface FastifyRequest {
    bodySha256?: string;
    rawBody?: Buffer; // the JSON body as received: kept as the batch's original submission
  }
}

// Replaces Fastify's JSON parser with one that keeps the SHA-256 of the raw bytes, then parses
// with Fastify's own safe parser (prototype-poisoning protection unchanged).
export function registerSignedBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const buf = body as Buffer;
    req.bodySha256 = createHash('sha256').update(buf).digest('hex');
    req.rawBody = buf;
    parse(req, buf.toString('utf8'), done);
  });
}

// Signed content hashes of uploads whose body is still a stream: checked by saveSignedUpload.
const pendingUploads = new WeakMap<FastifyRequest, string>();
// A request is authenticated once (its nonce is spent then): a second call, say from a route
// after a hook, answers the same client.
const authenticated = new WeakMap<FastifyRequest, ApiClient>();

const refuse = (code: string, zh: string, en: string) => unauthorized(code, zh, en);

const isStream = (body: unknown): body is Readable => typeof (body as Readable | undefined)?.pipe === 'function';

function hasNoBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (len === undefined || len === '0');
}

// Authenticates a signed request and answers its client; throws a 401 DomainError with a
// distinct code for each reason. bodySha256: the hash of the body as received, when the caller
// computed it; otherwise the JSON parser's, or the empty body's. For an upload still streaming,
// the body is checked when saveSignedUpload writes it.
export async function authenticateSignedRequest(p: Platform, req: FastifyRequest, bodySha256?: string): Promise<ApiClient> {
  const known = authenticated.get(req);
  if (known) return known;
  const parsed = parseSignedHeaders(req.headers);
  if (!parsed.ok) throw refuse(parsed.error.code, parsed.error.zh, parsed.error.en);
  const h = parsed.value;
  const nowSeconds = Math.floor(p.now().getTime() / 1000);
  if (!timestampInWindow(h.timestamp, nowSeconds))
    throw refuse(
      'SIGNATURE_EXPIRED',
      `请求时间戳 ${h.timestampText} 与平台时间 ${nowSeconds} 相差超过 ${SIGNATURE_WINDOW_SECONDS / 60} 分钟：请校准系统时钟并重新签名`,
      `Request timestamp ${h.timestampText} is more than ${SIGNATURE_WINDOW_SECONDS / 60} minutes from the platform's time ${nowSeconds}: check the system clock and sign again`,
    );

  const key = await findSigningKey(p.db, h.clientKeyId, h.secretNo);
  const signingKeyId = `${h.clientKeyId}.s${h.secretNo}`;
  if (!key || !key.secret)
    throw refuse('CLIENT_KEY_UNKNOWN', `接口凭证 ${signingKeyId} 不存在`, `Unknown API key ${signingKeyId}`);
  if (key.revokedAt) throw refuse('CLIENT_REVOKED', `接口凭证 ${h.clientKeyId} 已吊销`, `API client ${h.clientKeyId} is revoked`);
  if (!key.client.department.active)
    throw refuse('DEPARTMENT_INACTIVE', `接口凭证所属部门 ${key.client.department.name} 已停用`, `The API client's department ${key.client.department.uscc} is inactive`);
  if (key.secret.retiredAt)
    throw refuse('CLIENT_SECRET_RETIRED', `密钥 ${signingKeyId} 已停用，请使用新密钥`, `Secret ${signingKeyId} is retired; sign with the new secret`);
  if (key.secret.expiresAt && new Date(key.secret.expiresAt).getTime() <= p.now().getTime())
    throw refuse('CLIENT_SECRET_EXPIRED', `密钥 ${signingKeyId} 已过期，请使用新密钥`, `Secret ${signingKeyId} has expired; sign with the new secret`);

  const path = req.raw.url ?? req.url;
  const expected = createHmac('sha256', p.crypto.decrypt(key.secret.cipher))
    .update(canonicalRequest(req.method, path, h.timestampText, h.nonce, h.contentSha256))
    .digest();
  if (h.signature.length !== expected.length || !timingSafeEqual(h.signature, expected))
    throw refuse(
      'SIGNATURE_MISMATCH',
      '签名不符：请按“方法\\n路径和查询串\\n时间戳\\nnonce\\n正文SHA-256”用该密钥计算 HMAC-SHA256',
      'Signature mismatch: sign "METHOD\\npath?query\\ntimestamp\\nnonce\\ncontent-sha256" with HMAC-SHA256 under this secret',
    );

  const actual = bodySha256 ?? req.bodySha256 ?? (isStream(req.body) ? undefined : hasNoBody(req) ? EMPTY_SHA256 : null);
  if (actual === null)
    throw new DomainError(415, 'SIGNED_BODY_UNSUPPORTED', '签名请求的正文须为 JSON 或文件上传', 'A signed request carries a JSON body or a file upload');
  if (actual !== undefined && actual !== h.contentSha256) throw bodyMismatch();

  if (!(await recordNonce(p.db, key.client.id, key.secret.id, h.nonce, nonceExpiresAt(h.timestamp), p.now())))
    throw refuse('NONCE_REUSED', `nonce ${h.nonce} 已使用过：每个请求须使用新的 nonce（重放被拒绝）`, `Nonce ${h.nonce} was used before: every request needs a new one (replay refused)`);

  if (actual === undefined) pendingUploads.set(req, h.contentSha256);
  authenticated.set(req, key.client);
  return key.client;
}

const bodyMismatch = () =>
  refuse('BODY_HASH_MISMATCH', '请求正文的 SHA-256 与 X-Xy-Content-SHA256 不符（正文在传输中被改动或签名时用错了正文）', 'The SHA-256 of the body does not match X-Xy-Content-SHA256 (the body was altered, or another body was signed)');

// Writes an authenticated upload to `file`, hashing as it goes; on a hash mismatch the file is
// deleted and the request refused, before anything else happens with it.
export async function saveSignedUpload(req: FastifyRequest, file: string): Promise<{ sha256: string; size: number }> {
  const expected = pendingUploads.get(req);
  if (expected === undefined || !isStream(req.body)) throw new Error('saveSignedUpload: the request was not authenticated as a signed upload');
  pendingUploads.delete(req);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(req.body, tap, createWriteStream(file));
  } catch (err) {
    await unlink(file).catch(() => {});
    throw err;
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== expected) {
    await unlink(file).catch(() => {});
    throw bodyMismatch();
  }
  return { sha256, size };
}

// The OpenAPI description of the scheme (components.securitySchemes.departmentClient).
export const SIGNING_SECURITY_SCHEME = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Xy-Signature',
  description: [
    'Department systems sign every request with HMAC-SHA256 (docs/api.md, "Signing requests"; example client docs/examples/sign-request.mjs). Headers:',
    '',
    '- `X-Xy-Key-Id`: `<key id>.s<n>`, the client key id and the number of the secret used, e.g. `xk_0123456789abcdef.s1` (from `xinyong clients create` / `clients rotate`)',
    '- `X-Xy-Timestamp`: unix time in seconds; refused when more than 300 s from the platform clock',
    '- `X-Xy-Nonce`: 16–128 characters of `[A-Za-z0-9_.~-]`, new for every request; a reused nonce is refused',
    '- `X-Xy-Content-SHA256`: lowercase hex SHA-256 of the body bytes exactly as sent (of the empty string without a body)',
    '- `X-Xy-Signature`: base64url (no padding) of HMAC-SHA256(secret, canonical), where the key is the secret as printed and',
    '  canonical = METHOD + "\\n" + path and query exactly as sent + "\\n" + timestamp + "\\n" + nonce + "\\n" + content-sha256',
    '',
    'Refusals (401): SIGNATURE_REQUIRED, SIGNATURE_HEADER_INVALID, SIGNATURE_EXPIRED, CLIENT_KEY_UNKNOWN, CLIENT_REVOKED, DEPARTMENT_INACTIVE, CLIENT_SECRET_RETIRED, CLIENT_SECRET_EXPIRED, SIGNATURE_MISMATCH, BODY_HASH_MISMATCH, NONCE_REUSED.',
    'A client has up to two active secrets, so that a rotation needs no downtime.',
  ].join('\n'),
} as const;
