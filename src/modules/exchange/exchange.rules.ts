// Pure rules of the exchange between nodes (docs/exchange.md): node key ids, signed headers of a
// node (the department clients' scheme, with HMAC-SM3 as the national-cryptography option),
// region scope, the relay's back-off, offline packages. No I/O, no clock: times are parameters.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SIGNING_HEADERS, canonicalRequest, EMPTY_SHA256 } from '../access/signing.client.ts';
import { regionAncestors } from '../../kernel/codes/region.ts';

export type SigningAlg = 'hmac-sha256' | 'hmac-sm3';
export const SIGNING_ALGS: readonly SigningAlg[] = ['hmac-sha256', 'hmac-sm3'];
export const EXCHANGE_PATH = '/api/v1/exchange/records';
export const RELAY_BATCH_MAX = 500; // entries per request
export const FEED_PATH = '/api/v1/exchange/feed';
export const FEED_LIMIT_MAX = 500; // entries per feed page
// What the parent's feed carries (docs/exchange.md "Downward feed"): the versions of list
// categories (红名单 / 黑名单: entries and their exits), whoever collected them.
export const feedCategories = (defs: readonly { code: string; list?: unknown }[]): string[] => defs.filter((d) => d.list).map((d) => d.code);
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 300_000; // five minutes

const NODE_KEY_ID = /^(xn_[0-9a-f]{16})\.s([1-9]\d{0,5})$/;
const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[A-Za-z0-9_.~-]{16,128}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;

export const newNodeKeyId = () => `xn_${randomBytes(8).toString('hex')}`;
export const newNodeSecret = () => randomBytes(32).toString('base64url');

export type NodeHeaders = { keyId: string; secretNo: number; timestamp: number; timestampText: string; nonce: string; contentSha256: string; signature: Buffer };
export type Problem = { code: string; zh: string; en: string };

type Headers = Record<string, string | string[] | undefined>;

// The five headers of a node's signed request; the key id names a node key (xn_…).
export function parseNodeHeaders(headers: Headers): { ok: true; value: NodeHeaders } | { ok: false; error: Problem } {
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? undefined : v?.trim();
  };
  const missing = Object.values(SIGNING_HEADERS).filter((n) => !get(n));
  if (missing.length)
    return { ok: false, error: { code: 'EXCHANGE_SIGNATURE_REQUIRED', zh: `交换请求须由节点签名，缺少请求头：${missing.join(', ')}`, en: `Exchange requests must be signed by a node; missing header(s): ${missing.join(', ')}` } };
  const bad = (h: string, zh: string, en: string) => ({ ok: false as const, error: { code: 'EXCHANGE_SIGNATURE_HEADER_INVALID', zh: `请求头 ${h} 格式错误：${zh}`, en: `Header ${h} is malformed: ${en}` } });
  const key = NODE_KEY_ID.exec(get(SIGNING_HEADERS.keyId)!);
  if (!key) return bad(SIGNING_HEADERS.keyId, '应为节点密钥 xn_<16位十六进制>.s<序号>', 'expected a node key xn_<16 hex digits>.s<number>');
  const ts = get(SIGNING_HEADERS.timestamp)!;
  if (!TIMESTAMP.test(ts)) return bad(SIGNING_HEADERS.timestamp, '应为 Unix 时间（秒）', 'expected unix time in seconds');
  const nonce = get(SIGNING_HEADERS.nonce)!;
  if (!NONCE.test(nonce)) return bad(SIGNING_HEADERS.nonce, '应为 16–128 个字母、数字或 _.~-', 'expected 16–128 characters of A–Z a–z 0–9 _ . ~ -');
  const sha = get(SIGNING_HEADERS.contentSha256)!.toLowerCase();
  if (!SHA256_HEX.test(sha)) return bad(SIGNING_HEADERS.contentSha256, '应为 64 位十六进制 SHA-256', 'expected 64 hex digits of SHA-256');
  const sig = get(SIGNING_HEADERS.signature)!;
  if (!BASE64URL.test(sig)) return bad(SIGNING_HEADERS.signature, '应为 base64url 编码的 HMAC（43 个字符）', 'expected base64url HMAC (43 characters)');
  return {
    ok: true,
    value: { keyId: key[1]!, secretNo: Number(key[2]), timestamp: Number(ts), timestampText: ts, nonce, contentSha256: sha, signature: Buffer.from(sig.replace(/=$/, ''), 'base64url') },
  };
}

export const hmac = (alg: SigningAlg, secret: string, text: string): Buffer => createHmac(alg === 'hmac-sm3' ? 'sm3' : 'sha256', secret).update(text).digest();

export function signatureMatches(alg: SigningAlg, secret: string, canonical: string, signature: Buffer): boolean {
  const expected = hmac(alg, secret, canonical);
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}

// The headers of a node's request (the department clients' canonical request, docs/api.md).
export function signNodeRequest(cred: { signingKeyId: string; secret: string; alg: SigningAlg }, o: { method: string; path: string; body?: string; at: Date; nonce?: string }): Record<string, string> {
  const timestamp = String(Math.floor(o.at.getTime() / 1000));
  const nonce = o.nonce ?? randomBytes(16).toString('base64url');
  const sha = o.body === undefined ? EMPTY_SHA256 : createHash('sha256').update(o.body).digest('hex');
  const signature = hmac(cred.alg, cred.secret, canonicalRequest(o.method, o.path, timestamp, nonce, sha)).toString('base64url');
  return {
    [SIGNING_HEADERS.keyId]: cred.signingKeyId,
    [SIGNING_HEADERS.timestamp]: timestamp,
    [SIGNING_HEADERS.nonce]: nonce,
    [SIGNING_HEADERS.contentSha256]: sha,
    [SIGNING_HEADERS.signature]: signature,
  };
}

// A node of region `node` may send departments and records of its own region and the regions
// inside it (a city: its counties; the province at the national node: all of Hebei).
export const regionWithin = (node: string, region: string): boolean => region === node || regionAncestors(region).includes(node);

// Delay before the next attempt after `failures` failed deliveries in a row: 1 s, 2 s, 4 s … capped.
export function backoffMs(failures: number, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  if (failures <= 0) return 0;
  return Math.min(cap, base * 2 ** Math.min(failures - 1, 30));
}

// ---- offline packages (数据拷贝)

export const PACKAGE_FORMAT = 'xinyong-exchange-package/1';
export const ACK_FORMAT = 'xinyong-exchange-ack/1';

export type PackageManifest = {
  format: typeof PACKAGE_FORMAT;
  node: string; // the sender's region
  signingKeyId: string;
  alg: SigningAlg;
  createdAt: string;
  count: number;
  firstId: string | null;
  lastId: string | null;
  payloadSha256: string;
};

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
export const manifestCanonical = (m: PackageManifest) => JSON.stringify(m, Object.keys(m).sort());

// Reads a package's text: shape, checksum of the payload, counts; the signature is checked by the
// caller (it needs the node's secret). Truncated or altered text fails here or at the signature.
export function readPackage(text: string): { ok: true; manifest: PackageManifest; payload: string; signature: string } | { ok: false; error: Problem } {
  const refuse = (zh: string, en: string) => ({ ok: false as const, error: { code: 'PACKAGE_INVALID', zh: `交换包无效：${zh}`, en: `The exchange package is invalid: ${en}` } });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return refuse('不是完整的 JSON（文件被截断或损坏）', 'not complete JSON (truncated or damaged)');
  }
  const d = doc as { manifest?: PackageManifest; payload?: unknown; signature?: unknown };
  if (!d || typeof d !== 'object' || !d.manifest || typeof d.payload !== 'string' || typeof d.signature !== 'string') return refuse('缺少清单、内容或签名', 'manifest, payload or signature missing');
  if (d.manifest.format !== PACKAGE_FORMAT) return refuse(`格式应为 ${PACKAGE_FORMAT}`, `format must be ${PACKAGE_FORMAT}`);
  if (sha256Hex(d.payload) !== d.manifest.payloadSha256) return refuse('内容校验值与清单不符（文件被改动）', 'the payload checksum does not match the manifest (the file was altered)');
  let entries: unknown;
  try {
    entries = (JSON.parse(d.payload) as { entries?: unknown }).entries;
  } catch {
    return refuse('内容不是 JSON', 'the payload is not JSON');
  }
  if (!Array.isArray(entries) || entries.length !== d.manifest.count) return refuse('条目数与清单不符', 'the number of entries does not match the manifest');
  return { ok: true, manifest: d.manifest, payload: d.payload, signature: d.signature };
}

// ---- silent links (rules/exchange.json)

export type ExchangeRule = { effectiveFrom: string; source: string; silentLinkMinutes: number };

// Checked at start: a mistake stops the start-up with the entry named.
export function validateExchangeRules(entries: readonly ExchangeRule[]): void {
  for (const e of entries) {
    const at = `rules/exchange.json entry ${e.effectiveFrom}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.effectiveFrom)) throw new Error(`${at}: effectiveFrom must be YYYY-MM-DD`);
    if (!Number.isInteger(e.silentLinkMinutes) || e.silentLinkMinutes < 1) throw new Error(`${at}: silentLinkMinutes must be a positive integer`);
    if (!e.source?.trim()) throw new Error(`${at}: source is required`);
  }
}

// A link is silent when its last contact (or, never contacted, its creation) is more than
// `minutes` before now. Exactly `minutes` is not yet silent.
export function linkSilent(lastContact: Date, now: Date, minutes: number): boolean {
  return now.getTime() - lastContact.getTime() > minutes * 60_000;
}

export const latest = (...ds: readonly (Date | string | null | undefined)[]): Date =>
  new Date(Math.max(...ds.filter((d): d is Date | string => d != null).map((d) => new Date(d).getTime())));
