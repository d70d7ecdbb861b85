import { idNumberCheckChar } from '../../kernel/codes/id-number.ts';
import { orgCodeCheckChar } from '../../kernel/codes/org-code.ts';
import { regNoCheckChar } from '../../kernel/codes/reg-no.ts';
import { usccCheckChar } from '../../kernel/codes/uscc.ts';
import { fromDayNumber, toDayNumber } from '../../kernel/dates.ts';
import { scramble, type Rng } from './demo.rng.ts';

// Valid identity codes for demo subjects. The random makeX functions are for one-offs; the
// serial-based xFor functions give codes that never repeat within one seed, which the subject
// generator needs because one code is one subject.

// GB 32100 charset (no I O S V Z); also valid for the embedded 组织机构代码
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DIGITS = '0123456789';

// authority + category: 91 企业, 92 个体工商户, 93 农民专业合作社, 11 机关, 12 事业单位,
// 51 社会团体, 52 民办非企业单位, 53 基金会
export type UsccPrefix = '91' | '92' | '93' | '11' | '12' | '51' | '52' | '53';

// How the 9-character 主体标识码 looks: 'MA…' for market entities registered since the 2015
// reform, 'MJ…' for social organizations, plain digits for codes carried over from 组织机构代码.
export type BodyStyle = 'MA' | 'MJ' | 'digits';

const STYLE_SPACE: Record<BodyStyle, number> = { MA: 31 ** 6, MJ: 31 ** 6, digits: 10 ** 8 };

function encode(value: number, alphabet: string, width: number): string {
  let s = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    s = alphabet[v % alphabet.length] + s;
    v = Math.floor(v / alphabet.length);
  }
  return s;
}

function bodyFromValue(style: BodyStyle, value: number): string {
  return style === 'digits' ? encode(value, DIGITS, 8) : style + encode(value, USCC_CHARS, 6);
}

// 9 chars: 8 body + GB 11714 check char
export function orgCodeFromBody(body8: string): string {
  return body8 + orgCodeCheckChar(body8);
}

export function usccFrom(prefix: UsccPrefix, regionCode: string, orgCode9: string): string {
  const first17 = prefix + regionCode + orgCode9;
  return first17 + usccCheckChar(first17);
}

export function makeOrgCode(rng: Rng, style: BodyStyle = 'MA'): string {
  return orgCodeFromBody(bodyFromValue(style, rng.int(0, STYLE_SPACE[style] - 1)));
}

// Unique per (style, serial) for a fixed salt.
export function orgCodeFor(style: BodyStyle, serial: number, salt: number): string {
  return orgCodeFromBody(bodyFromValue(style, scramble(serial, STYLE_SPACE[style], salt)));
}

const ORGANIZATION_PREFIXES: readonly (readonly [UsccPrefix, number])[] = [
  ['91', 90], ['93', 3], ['12', 3], ['52', 3], ['51', 1],
];

export function makeUscc(
  rng: Rng,
  regionCode: string,
  kind: 'organization' | 'individual_business',
  prefix?: UsccPrefix,
): string {
  let p: UsccPrefix = prefix ?? '92';
  if (!prefix && kind === 'organization') {
    let x = rng.int(0, 99);
    for (const [candidate, w] of ORGANIZATION_PREFIXES) {
      p = candidate;
      if ((x -= w) < 0) break;
    }
  }
  const style: BodyStyle = p === '51' || p === '52' || p === '53' ? 'MJ'
    : p === '11' || p === '12' ? 'digits'
    : rng.chance(0.7) ? 'MA' : 'digits';
  return usccFrom(p, regionCode, makeOrgCode(rng, style));
}

// 工商注册号 (GS 15-2006): 6-digit authority region + 8-digit sequence + MOD 11,10 check digit.
// The sequence's first digit says the kind: 0–3 domestic enterprise, 6–9 individual business.
const REG_NO_SPACE = 4 * 10 ** 7;

function regNoFromValue(regionCode: string, kind: 'organization' | 'individual_business', value: number): string {
  const lead = (kind === 'individual_business' ? 6 : 0) + Math.floor(value / 10 ** 7);
  const first14 = regionCode + lead + encode(value % 10 ** 7, DIGITS, 7);
  return first14 + regNoCheckChar(first14);
}

export function makeRegNo(
  rng: Rng,
  regionCode: string,
  kind: 'organization' | 'individual_business' = 'individual_business',
): string {
  return regNoFromValue(regionCode, kind, rng.int(0, REG_NO_SPACE - 1));
}

export function regNoFor(
  regionCode: string,
  kind: 'organization' | 'individual_business',
  serial: number,
  salt: number,
): string {
  return regNoFromValue(regionCode, kind, scramble(serial, REG_NO_SPACE, salt));
}

// GB 11643: region + YYYYMMDD + 3-digit sequence (odd = male) + check char
export function idNumberFrom(regionCode: string, birthDate: string, seq: number): string {
  const first17 = regionCode + birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10)
    + encode(seq, DIGITS, 3);
  return first17 + idNumberCheckChar(first17);
}

export function makeIdNumber(rng: Rng, regionCode: string, birthFrom: string, birthTo: string): string {
  const from = toDayNumber(birthFrom);
  const to = toDayNumber(birthTo);
  if (to < from) throw new RangeError(`birthTo ${birthTo} is before birthFrom ${birthFrom}`);
  return idNumberFrom(regionCode, fromDayNumber(rng.int(from, to)), rng.int(0, 999));
}

// Unique per serial for serial < (days in range) × 1000, whatever the region.
export function idNumberFor(
  regionCode: string,
  birthFrom: string,
  birthTo: string,
  serial: number,
  salt: number,
): { idNumber: string; male: boolean } {
  const from = toDayNumber(birthFrom);
  const days = toDayNumber(birthTo) - from + 1;
  const v = scramble(serial, days * 1000, salt);
  const seq = v % 1000;
  return { idNumber: idNumberFrom(regionCode, fromDayNumber(from + Math.floor(v / 1000)), seq), male: seq % 2 === 1 };
}
