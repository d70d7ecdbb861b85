// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) through the otpauth package, with the
// time passed in, so tests drive it with the platform clock.
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'Xinyong';
const PERIOD = 30;

export type TotpEnrolment = { secret: string; uri: string };

export function newTotpEnrolment(username: string): TotpEnrolment {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpUri(secret, username) };
}

export function totpUri(secret: string, username: string): string {
  return new TOTP({ issuer: TOTP_ISSUER, label: username, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / PERIOD);

// The code for a moment (tests and authenticator apps compute the same).
export function totpCode(secret: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD, timestamp: now.getTime() });
}

// Accepts a code of the current step or `window` steps either side, but never a step at or
// before the last one accepted (a code is good once).
export function checkTotp(secret: string, code: string, now: Date, window: number, lastStep: number | null): { ok: true; step: number } | { ok: false } {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), period: PERIOD, timestamp: now.getTime(), window });
  if (delta === null) return { ok: false };
  const step = totpStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false };
  return { ok: true, step };
}
