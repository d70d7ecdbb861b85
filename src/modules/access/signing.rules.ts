// Pure rules of signed requests: reading the five headers, the time window, how long a nonce
// must be remembered. No I/O, no clock: `nowSeconds` is a parameter.
import { SIGNING_HEADERS } from './signing.client.ts';

export const SIGNATURE_WINDOW_SECONDS = 300; // ±5 minutes around the platform's clock
export const NONCE_MARGIN_SECONDS = 60; // clocks of several server processes differ a little

export type SignedHeaders = {
  clientKeyId: string; // xk_…
  secretNo: number; // the n of .s<n>
  timestamp: number;
  timestampText: string; // as sent: it is what was signed
  nonce: string;
  contentSha256: string;
  signature: Buffer;
};

export type HeaderProblem = { code: 'SIGNATURE_REQUIRED' | 'SIGNATURE_HEADER_INVALID'; zh: string; en: string };

type Headers = Record<string, string | string[] | undefined>;

const KEY_ID = /^(xk_[0-9a-f]{16})\.s([1-9]\d{0,5})$/;
const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[A-Za-z0-9_.~-]{16,128}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}=?$/;

export function parseSignedHeaders(headers: Headers): { ok: true; value: SignedHeaders } | { ok: false; error: HeaderProblem } {
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? undefined : v?.trim(); // a repeated header is ambiguous: refuse it
  };
  const names = Object.values(SIGNING_HEADERS);
  const missing = names.filter((n) => !get(n));
  if (missing.length) {
    const bearer = /^Bearer\s/i.test(String(headers.authorization ?? ''));
    const list = missing.map(displayName).join(', ');
    return {
      ok: false,
      error: {
        code: 'SIGNATURE_REQUIRED',
        zh: `请求须签名，缺少请求头：${list}${bearer ? '（不再接受 Authorization: Bearer 凭证）' : ''}。签名方法见接口规范（docs/api.md“Signing requests”）`,
        en: `The request must be signed; missing header(s): ${list}${bearer ? ' (Authorization: Bearer is no longer accepted)' : ''}. See docs/api.md, "Signing requests".`,
      },
    };
  }
  const invalid = (header: string, zh: string, en: string): { ok: false; error: HeaderProblem } => ({
    ok: false,
    error: { code: 'SIGNATURE_HEADER_INVALID', zh: `请求头 ${displayName(header)} 格式错误：${zh}`, en: `Header ${displayName(header)} is malformed: ${en}` },
  });
  const keyId = KEY_ID.exec(get(SIGNING_HEADERS.keyId)!);
  if (!keyId) return invalid(SIGNING_HEADERS.keyId, '应为 xk_<16位十六进制>.s<序号>', 'expected xk_<16 hex digits>.s<number>');
  const ts = get(SIGNING_HEADERS.timestamp)!;
  if (!TIMESTAMP.test(ts)) return invalid(SIGNING_HEADERS.timestamp, '应为 Unix 时间（秒）', 'expected unix time in seconds');
  const nonce = get(SIGNING_HEADERS.nonce)!;
  if (!NONCE.test(nonce)) return invalid(SIGNING_HEADERS.nonce, '应为 16–128 个字母、数字或 _.~-', 'expected 16–128 characters of A–Z a–z 0–9 _ . ~ -');
  const sha = get(SIGNING_HEADERS.contentSha256)!.toLowerCase();
  if (!SHA256_HEX.test(sha)) return invalid(SIGNING_HEADERS.contentSha256, '应为 64 位十六进制 SHA-256', 'expected 64 hex digits of SHA-256');
  const sig = get(SIGNING_HEADERS.signature)!;
  if (!BASE64URL.test(sig)) return invalid(SIGNING_HEADERS.signature, '应为 base64url 编码的 HMAC-SHA256（43 个字符）', 'expected base64url HMAC-SHA256 (43 characters)');
  return {
    ok: true,
    value: {
      clientKeyId: keyId[1]!,
      secretNo: Number(keyId[2]),
      timestamp: Number(ts),
      timestampText: ts,
      nonce,
      contentSha256: sha,
      signature: Buffer.from(sig.replace(/=$/, ''), 'base64url'),
    },
  };
}

export const timestampInWindow = (timestamp: number, nowSeconds: number) => Math.abs(nowSeconds - timestamp) <= SIGNATURE_WINDOW_SECONDS;

// A nonce is remembered as long as a request carrying its timestamp could still be accepted.
export const nonceExpiresAt = (timestamp: number) => new Date((timestamp + SIGNATURE_WINDOW_SECONDS + NONCE_MARGIN_SECONDS) * 1000);

const displayName = (h: string) => h.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()).replace('Sha256', 'SHA256');
