import { codeFail, codeOk, type CodeCheck } from './code-error.ts';
import { normalizeCode } from './normalize.ts';

// GB 11643-1999 公民身份号码: 6-digit address code + YYYYMMDD + 3-digit sequence + check char.

export type IdType = 'id_card' | 'passport' | 'hk_macao_pass' | 'taiwan_pass' | 'foreign_permanent' | 'other';

export const ID_TYPE_LABELS: Record<IdType, string> = {
  id_card: '居民身份证',
  passport: '护照',
  hk_macao_pass: '港澳居民来往内地通行证',
  taiwan_pass: '台湾居民来往大陆通行证',
  foreign_permanent: '外国人永久居留身份证',
  other: '其他证件',
};

// ISO 7064 MOD 11-2: weights 2^(18-i) mod 11
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = '10X98765432';

// province-level codes; 81/82/83 appear on 港澳台居民居住证 numbers, which share this format
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const EARLIEST_BIRTH = '1900-01-01';

export function idNumberCheckChar(first17: string): string {
  const body = normalizeCode(first17);
  if (!/^\d{17}$/.test(body)) throw new RangeError('idNumberCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
  return CHECK_MAP[sum % 11];
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

// yyyymmdd (8 digits) -> problem text, or undefined when the date is acceptable
function birthDateProblem(yyyymmdd: string, today: string): CodeCheck | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be YYYY-MM-DD, got '${today}'`);
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (!isCalendarDate(y, m, d)) {
    return codeFail(
      'ID_BIRTH_DATE',
      `身份证号码中的出生日期 ${date} 不是有效日期`,
      `The birth date in the ID number, ${date}, is not a valid date`,
    );
  }
  if (date > today) {
    return codeFail(
      'ID_BIRTH_DATE',
      `身份证号码中的出生日期 ${date} 晚于今天（${today}）`,
      `The birth date in the ID number, ${date}, is after today (${today})`,
    );
  }
  if (date < EARLIEST_BIRTH) {
    return codeFail(
      'ID_BIRTH_DATE',
      `身份证号码中的出生日期 ${date} 早于 ${EARLIEST_BIRTH}`,
      `The birth date in the ID number, ${date}, is before ${EARLIEST_BIRTH}`,
    );
  }
  return undefined;
}

function addressProblem(v: string): CodeCheck | undefined {
  // only the province is checked: old numbers keep county codes that have since been abolished
  if (PROVINCE_CODES.has(v.slice(0, 2))) return undefined;
  return codeFail(
    'ID_ADDRESS',
    `身份证号码前 2 位“${v.slice(0, 2)}”不是有效的省级行政区划代码`,
    `The first 2 digits of the ID number, '${v.slice(0, 2)}', are not a valid province code`,
  );
}

export function checkIdNumber(raw: string, today: string): CodeCheck {
  const v = normalizeCode(raw);
  if (v === '') return codeFail('ID_EMPTY', '身份证号码为空', 'The ID number is empty');
  const length = [...v].length;
  if (length !== 18 && length !== 15) {
    return codeFail(
      'ID_LENGTH',
      `身份证号码应为 18 位（或 15 位旧号），实际为 ${length} 位`,
      `The ID number must have 18 characters (15 for first-generation numbers), got ${length}`,
    );
  }
  if (length === 15) {
    // first-generation number: 6 address + YYMMDD (19YY) + 3 sequence, no check char
    if (!/^\d{15}$/.test(v)) {
      return codeFail('ID_FORMAT', '15 位身份证号码应全部为数字', 'A 15-digit ID number must be all digits');
    }
    return addressProblem(v) ?? birthDateProblem(`19${v.slice(6, 12)}`, today) ?? codeOk(v);
  }
  if (!/^\d{17}[\dX]$/.test(v)) {
    return codeFail(
      'ID_FORMAT',
      '身份证号码前 17 位应为数字，第 18 位应为数字或 X',
      'The first 17 characters of the ID number must be digits and the last a digit or X',
    );
  }
  const problem = addressProblem(v) ?? birthDateProblem(v.slice(6, 14), today);
  if (problem) return problem;
  const expected = idNumberCheckChar(v.slice(0, 17));
  if (v[17] !== expected) {
    return codeFail(
      'ID_CHECK_CHAR',
      `身份证号码校验位错误：第 18 位应为“${expected}”，实际为“${v[17]}”`,
      `Wrong check character in the ID number: character 18 should be '${expected}', got '${v[17]}'`,
    );
  }
  return codeOk(v);
}

// The same person holds the 15-digit and the 18-digit number: one subject, one code.
export function upgradeIdNumber15(value: string): string {
  const v = normalizeCode(value);
  if (!/^\d{15}$/.test(v)) throw new RangeError('upgradeIdNumber15 needs a 15-digit number');
  const first17 = `${v.slice(0, 6)}19${v.slice(6)}`;
  return first17 + idNumberCheckChar(first17);
}

export function checkDocumentNumber(idType: IdType, raw: string, today: string): CodeCheck {
  if (idType === 'id_card') return checkIdNumber(raw, today);
  const v = normalizeCode(raw);
  const label = ID_TYPE_LABELS[idType];
  if (v === '') return codeFail('DOC_EMPTY', `${label}号码为空`, 'The document number is empty');
  // no checksum for these documents; the charset allows e.g. 'A123456(7)'
  if (!/^[A-Z0-9()-]{5,30}$/.test(v)) {
    return codeFail(
      'DOC_FORMAT',
      `${label}号码应为 5–30 位字母、数字、括号或连字符`,
      'The document number must be 5–30 letters, digits, parentheses or hyphens',
    );
  }
  return codeOk(v);
}

export function maskIdNumber(value: string): string {
  const v = normalizeCode(value);
  if (/^\d{17}[\dX]$/.test(v)) return `${v.slice(0, 6)}********${v.slice(14)}`;
  if (/^\d{15}$/.test(v)) return `${v.slice(0, 6)}*****${v.slice(11)}`;
  const chars = [...v];
  // too short to show anything without showing everything
  if (chars.length <= 4) return '****';
  const stars = '*'.repeat(Math.max(4, chars.length - 4));
  return chars.slice(0, 2).join('') + stars + chars.slice(-2).join('');
}

// Numeric codes accepted (both appear in submitted data):
//   双公示 data standard:  001 身份证  002 护照  003 港澳居民来往内地通行证
//                          004 台湾居民来往大陆通行证  005 外国人永久居留身份证
//                          (also written without the leading zeros: 1 … 5, 01 … 05)
//   GA/T 517 证件代码:     111 居民身份证  414 普通护照  516 港澳居民来往内地通行证
//                          511 台湾居民来往大陆通行证  553 外国人永久居留身份证
const ID_TYPE_ALIASES: ReadonlyArray<readonly [IdType, readonly string[]]> = [
  ['id_card', [
    '001', '111', '身份证', '居民身份证', '中华人民共和国居民身份证', '身份证号', '身份证号码',
    'idcard', 'identitycard', 'residentidentitycard', 'residentidcard', 'chineseidcard',
  ]],
  ['passport', ['002', '414', '护照', '普通护照', '中华人民共和国护照', '外国护照', 'passport']],
  ['hk_macao_pass', [
    '003', '516', '港澳居民来往内地通行证', '港澳居民往来内地通行证', '回乡证', '港澳同胞回乡证',
    'hkmacaopass', 'homereturnpermit', 'mainlandtravelpermitforhongkongandmacaoresidents',
  ]],
  ['taiwan_pass', [
    '004', '511', '台湾居民来往大陆通行证', '台湾居民往来大陆通行证', '台胞证',
    'taiwanpass', 'mainlandtravelpermitfortaiwanresidents',
  ]],
  ['foreign_permanent', [
    '005', '553', '外国人永久居留身份证', '外国人永久居留证', '永久居留身份证',
    'foreignpermanent', 'foreignpermanentresidentidcard', 'foreignerspermanentresidentidcard',
    'permanentresidentidcard',
  ]],
  ['other', ['其他', '其它', '其他证件', '其它证件', 'other']],
];

const ID_TYPE_BY_ALIAS: ReadonlyMap<string, IdType> = new Map(
  ID_TYPE_ALIASES.flatMap(([type, aliases]) => aliases.map((a) => [a, type] as const)),
);

export function parseIdType(raw: string): IdType | undefined {
  // 'ID card', 'id_card', 'ID-Card' and 'Ｉｄ　Ｃａｒｄ' all become 'idcard'
  let key = normalizeCode(raw).toLowerCase().replace(/[\s_\-'’.]+/g, '');
  if (/^\d{1,2}$/.test(key)) key = key.padStart(3, '0'); // '1', '01' -> '001'
  return ID_TYPE_BY_ALIAS.get(key);
}
