import { idNumberCheckChar } from './id-number.ts';
import { orgCodeCheckChar } from './org-code.ts';
import { regNoCheckChar } from './reg-no.ts';
import { usccCheckChar } from './uscc.ts';

// Deterministic, valid-looking codes for tests and demo data: the same seq always gives the
// same code, and every code passes its check.

function digits(seq: number, width: number, what: string): string {
  if (!Number.isInteger(seq) || seq < 0 || seq >= 10 ** width) {
    throw new RangeError(`${what}: seq must be an integer from 0 to ${10 ** width - 1}, got ${seq}`);
  }
  return String(seq).padStart(width, '0');
}

function regionDigits(regionCode: string): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits, got '${regionCode}'`);
  return regionCode;
}

// 9 chars without hyphen
export function demoOrgCode(seq: number): string {
  const body = digits(seq, 8, 'demoOrgCode');
  return body + orgCodeCheckChar(body);
}

// prefix = authority + category: '91' enterprise, '92' individual business, '11' government body,
// '12' public institution, '51'/'52' social organisation
export function demoUscc(seq: number, options: { regionCode?: string; prefix?: string } = {}): string {
  const prefix = options.prefix ?? '91';
  if (!/^[1-9A-Y][0-9A-Y]$/.test(prefix)) throw new RangeError(`demoUscc: bad prefix '${prefix}'`);
  const first17 = prefix + regionDigits(options.regionCode ?? '130100') + demoOrgCode(seq);
  return first17 + usccCheckChar(first17);
}

export function demoRegNo(seq: number, regionCode = '130100'): string {
  const first14 = regionDigits(regionCode) + digits(seq, 8, 'demoRegNo');
  return first14 + regNoCheckChar(first14);
}

// seq is the 3-digit sequence: odd for men, even for women (GB 11643)
export function demoIdNumber(seq: number, birthDate = '1980-01-01', regionCode = '130102'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError(`birthDate must be YYYY-MM-DD, got '${birthDate}'`);
  const first17 = regionDigits(regionCode) + birthDate.replaceAll('-', '') + digits(seq, 3, 'demoIdNumber');
  return first17 + idNumberCheckChar(first17);
}
