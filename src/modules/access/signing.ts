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
import type { Context, Platform } from '../../platform.ts';
import { DomainError, unauthorized } from '../../kernel/errors.ts';
import { createBatcher, type Batcher } from '../../kernel/batcher.ts';
import { sharedLoads, type SharedLoads } from '../../kernel/shared-load.ts';
import { findSigningKey, recordNonces, type ApiClient, type NonceClaim, type NonceVerdict, type SigningKey } from './clients.store.ts';
import { EMPTY_SHA256, canonicalRequest } from './signing.client.ts';
import { parseSignedHeaders, timestampInWindow, nonceExpiresAt, SIGNATURE_WINDOW_SECONDS, type SignedHeaders } from './signing.rules.ts';

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

// Signing keys verified recently, per platform: the HMAC secret (decrypted) and the client, so a
// request from a known client needs no key look-up before its nonce is recorded. Nothing about
// the key's validity is trusted from here: the statement that records the nonce checks, at that
// moment, that the client is not revoked, its department active and the secret neither retired
// nor expired (recordNonces), and anything that fails falls back to the full look-up, which
// answers the exact reason. The client's descriptive data (name, scopes, department) is at most
// KEY_CACHE_MS old; the platform never changes it in place.
// A key's look-up is single-flight: the requests that find it missing or expired while it is
// being looked up wait for that look-up (a refusal is shared by them and not kept).
type CachedKey = { client: ApiClient; secretRowId: number; secret: string };
const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 1_000;
const keyCache = (p: Platform): SharedLoads<string, CachedKey> => p.modules.access.keys;

// Nonces are group-committed: the nonces of requests that arrive while a batch is being written
// go together into the next one (one statement, one commit, one disk flush), and each request
// waits for its own verdict, after the commit. A (client, nonce) pair seen twice waits for the
// next batch, where the first one's row refuses it.
const NONCE_BATCH_MAX = 500;
const nonceWriter = (p: Platform): Batcher<NonceClaim, NonceVerdict> => p.modules.access.nonces;

// The access module's own state for one platform (composed in src/platform.ts): the key cache
// and the nonce group-commit writer.
export type SigningState = { keys: SharedLoads<string, CachedKey>; nonces: Batcher<NonceClaim, NonceVerdict> };

export function createSigningState(ctx: Pick<Context, 'db' | 'now'>): SigningState {
  return {
    keys: sharedLoads({ ttlMs: KEY_CACHE_MS, now: () => performance.now(), max: KEY_CACHE_MAX }),
    nonces: createBatcher((claims) => recordNonces(ctx.db, claims, ctx.now()), {
      max: NONCE_BATCH_MAX,
      key: (c) => `${c.clientId}:${c.nonce}`,
      retryAlone: true, // one bad claim must not fail the others
    }),
  };
}

// A nonce whose recording a route leaves to its handler (policy nonce: 'handler'): the handler
// records it in the same transaction as what it stores (credit checks: with the snapshot and the
// audit event, one commit instead of two), and answers only after that commit. Whatever ends the
// request otherwise (a refusal, an invalid body, an error) spends it before the answer goes out
// (spendDeferredNonce), so a replay is refused exactly as if it had been recorded first.
export type DeferredNonce = {
  claim: NonceClaim;
  keyId: string; // X-Xy-Key-Id's key id and secret number: to name the reason of a refusal
  secretNo: number;
  state: 'pending' | 'spent' | 'refused';
};
const deferredNonces = new WeakMap<FastifyRequest, DeferredNonce>();

export function deferredNonce(req: FastifyRequest): DeferredNonce | undefined {
  const d = deferredNonces.get(req);
  return d?.state === 'pending' ? d : undefined;
}

// The refusal for a nonce that was not recorded: a replay, or a key that is no longer valid.
export async function nonceRefusal(p: Platform, d: Pick<DeferredNonce, 'claim' | 'keyId' | 'secretNo'>, verdict: NonceVerdict): Promise<DomainError> {
  keyCache(p).forget(`${d.keyId}.s${d.secretNo}`);
  if (verdict === 'replay') return nonceReused(d.claim.nonce);
  try {
    await validKey(p, d.keyId, d.secretNo);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  // valid again a moment later (clock at an expiry boundary): refuse; the client signs again
  return refuse('CLIENT_KEY_UNKNOWN', `接口凭证 ${d.keyId}.s${d.secretNo} 当前不可用`, `API key ${d.keyId}.s${d.secretNo} is not usable now`);
}

// Records a deferred nonce still pending (group-committed); throws the refusal if it was not fresh.
export async function spendDeferredNonce(p: Platform, req: FastifyRequest): Promise<void> {
  const d = deferredNonce(req);
  if (!d) return;
  const verdict = await nonceWriter(p)(d.claim);
  d.state = verdict === 'fresh' ? 'spent' : 'refused';
  if (verdict !== 'fresh') throw await nonceRefusal(p, d, verdict);
}

// Runs a handler that records the request's deferred nonce in its own transaction; if it ends
// without doing so, the nonce is spent before its answer (or error) goes out.
export async function withDeferredNonce<T>(p: Platform, req: FastifyRequest, fn: (nonce: DeferredNonce | undefined) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn(deferredNonce(req));
  } catch (err) {
    await spendDeferredNonce(p, req);
    throw err;
  }
  await spendDeferredNonce(p, req);
  return result;
}

const nonceReused = (nonce: string) =>
  refuse('NONCE_REUSED', `nonce ${nonce} 已使用过：每个请求须使用新的 nonce（重放被拒绝）`, `Nonce ${nonce} was used before: every request needs a new one (replay refused)`);

// The key named by X-Xy-Key-Id, looked up and checked; throws the reason it may not sign.
async function validKey(p: Platform, keyId: string, secretNo: number): Promise<SigningKey & { secret: NonNullable<SigningKey['secret']> }> {
  const key = await findSigningKey(p.db, keyId, secretNo);
  const signingKeyId = `${keyId}.s${secretNo}`;
  if (!key || !key.secret)
    throw refuse('CLIENT_KEY_UNKNOWN', `接口凭证 ${signingKeyId} 不存在`, `Unknown API key ${signingKeyId}`);
  if (key.revokedAt) throw refuse('CLIENT_REVOKED', `接口凭证 ${keyId} 已吊销`, `API client ${keyId} is revoked`);
  if (!key.client.department.active)
    throw refuse('DEPARTMENT_INACTIVE', `接口凭证所属部门 ${key.client.department.name} 已停用`, `The API client's department ${key.client.department.uscc} is inactive`);
  if (key.secret.retiredAt)
    throw refuse('CLIENT_SECRET_RETIRED', `密钥 ${signingKeyId} 已停用，请使用新密钥`, `Secret ${signingKeyId} is retired; sign with the new secret`);
  if (key.secret.expiresAt && new Date(key.secret.expiresAt).getTime() <= p.now().getTime())
    throw refuse('CLIENT_SECRET_EXPIRED', `密钥 ${signingKeyId} 已过期，请使用新密钥`, `Secret ${signingKeyId} has expired; sign with the new secret`);
  return key as SigningKey & { secret: NonNullable<SigningKey['secret']> };
}

const signatureMatches = (secret: string, req: FastifyRequest, h: SignedHeaders): boolean => {
  const expected = createHmac('sha256', secret)
    .update(canonicalRequest(req.method, req.raw.url ?? req.url, h.timestampText, h.nonce, h.contentSha256))
    .digest();
  return h.signature.length === expected.length && timingSafeEqual(h.signature, expected);
};

// Authenticates a signed request and answers its client; throws a 401 DomainError with a
// distinct code for each reason. bodySha256: the hash of the body as received, when the caller
// computed it; otherwise the JSON parser's, or the empty body's. For an upload still streaming,
// the body is checked when saveSignedUpload writes it. deferNonce: the route's handler records
// the nonce (DeferredNonce); otherwise it is recorded here, before the request goes further.
export async function authenticateSignedRequest(p: Platform, req: FastifyRequest, bodySha256?: string, opts: { deferNonce?: boolean } = {}): Promise<ApiClient> {
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
  const signingKeyId = `${h.clientKeyId}.s${h.secretNo}`;
  const actual = bodySha256 ?? req.bodySha256 ?? (isStream(req.body) ? undefined : hasNoBody(req) ? EMPTY_SHA256 : null);
  const accept = async (client: ApiClient, secretRowId: number): Promise<ApiClient | undefined> => {
    const claim: NonceClaim = { clientId: client.id, secretRowId, nonce: h.nonce, expiresAt: nonceExpiresAt(h.timestamp) };
    if (opts.deferNonce) deferredNonces.set(req, { claim, keyId: h.clientKeyId, secretNo: h.secretNo, state: 'pending' });
    else {
      const verdict = await nonceWriter(p)(claim);
      if (verdict === 'replay') throw nonceReused(h.nonce);
      if (verdict === 'invalid') return undefined;
    }
    if (actual === undefined) pendingUploads.set(req, h.contentSha256);
    authenticated.set(req, client);
    return client;
  };

  // a key verified recently: no look-up (its validity is re-checked where the nonce is recorded)
  const cache = keyCache(p);
  const lookUp = async (): Promise<CachedKey> => {
    const key = await validKey(p, h.clientKeyId, h.secretNo);
    return { client: key.client, secretRowId: key.secret.id, secret: p.crypto.decrypt(key.secret.cipher) };
  };
  if (cache.has(signingKeyId)) {
    const cached = await cache.get(signingKeyId, lookUp); // a look-up's refusal is every waiter's answer
    if (actual !== null && (actual === undefined || actual === h.contentSha256) && signatureMatches(cached.secret, req, h)) {
      const client = await accept(cached.client, cached.secretRowId);
      if (client) return client;
    }
    cache.forget(signingKeyId); // anything wrong: the look-up below says what
  }

  // a look-up shared by the requests that arrive while it is out; the checks below are each request's own
  const key = await cache.get(signingKeyId, lookUp);
  const secret = key.secret;
  if (!signatureMatches(secret, req, h))
    throw refuse(
      'SIGNATURE_MISMATCH',
      '签名不符：请按“方法\\n路径和查询串\\n时间戳\\nnonce\\n正文SHA-256”用该密钥计算 HMAC-SHA256',
      'Signature mismatch: sign "METHOD\\npath?query\\ntimestamp\\nnonce\\ncontent-sha256" with HMAC-SHA256 under this secret',
    );
  if (actual === null)
    throw new DomainError(415, 'SIGNED_BODY_UNSUPPORTED', '签名请求的正文须为 JSON 或文件上传', 'A signed request carries a JSON body or a file upload');
  if (actual !== undefined && actual !== h.contentSha256) throw bodyMismatch();

  const client = await accept(key.client, key.secretRowId);
  if (client) return client;
  // revoked, retired or expired between the look-up and the nonce: refuse with the reason
  throw await nonceRefusal(p, { claim: { clientId: key.client.id, secretRowId: key.secretRowId, nonce: h.nonce, expiresAt: nonceExpiresAt(h.timestamp) }, keyId: h.clientKeyId, secretNo: h.secretNo }, 'invalid');
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
