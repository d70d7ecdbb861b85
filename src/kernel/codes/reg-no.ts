import { codeFail, codeOk, type CodeCheck } from './code-error.ts';
import { normalizeCode } from './normalize.ts';

// 工商注册号 (GS 15-2006): 15 digits, the last a GB/T 17710 (ISO 7064) MOD 11,10 check digit.
// Numbers issued before 2007 have 13 digits and no check digit: accepted as they are.

export function regNoCheckChar(first14: string): string {
  const body = normalizeCode(first14);
  if (!/^\d{14}$/.test(body)) throw new RangeError('regNoCheckChar needs 14 digits');
  let p = 10;
  for (const ch of body) {
    const s = (p + Number(ch)) % 10 || 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

export function checkRegNo(raw: string): CodeCheck {
  const v = normalizeCode(raw);
  if (v === '') {
    return codeFail('REG_NO_EMPTY', '工商注册号为空', 'The business registration number is empty');
  }
  if (/^\d{13}$/.test(v)) return codeOk(v);
  if (!/^\d{15}$/.test(v)) {
    return codeFail(
      'REG_NO_FORMAT',
      '工商注册号应为 15 位数字（旧号为 13 位数字）',
      'The business registration number must be 15 digits (13 for old numbers)',
    );
  }
  const expected = regNoCheckChar(v.slice(0, 14));
  if (v[14] !== expected) {
    return codeFail(
      'REG_NO_CHECK_CHAR',
      `工商注册号校验位错误：第 15 位应为“${expected}”，实际为“${v[14]}”`,
      `Wrong check digit in the business registration number: digit 15 should be '${expected}', got '${v[14]}'`,
    );
  }
  return codeOk(v);
}
