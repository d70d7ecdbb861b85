import { codeFail, codeOk, type CodeCheck } from './code-error.ts';
import { normalizeCode } from './normalize.ts';

// GB 11714-1997 组织机构代码: 8 body chars (digits or capital letters) + check char (digit or X),
// usually written XXXXXXXX-Y.
const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const BODY_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'; // value = index (A = 10)

export function orgCodeCheckChar(first8: string): string {
  const body = normalizeCode(first8);
  if (body.length !== 8) throw new RangeError(`orgCodeCheckChar needs 8 characters, got ${body.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = BODY_CHARS.indexOf(body[i]);
    if (value < 0) throw new RangeError(`orgCodeCheckChar: '${body[i]}' is not an organization code character`);
    sum += value * WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkOrgCode(raw: string): CodeCheck {
  let v = normalizeCode(raw);
  if (v === '') {
    return codeFail('ORG_CODE_EMPTY', '组织机构代码为空', 'The organization code is empty');
  }
  // the hyphen is presentation only; dashes other than '-' come from word processors
  const hyphenated = /^(.*)[-\u2010-\u2015](.)$/u.exec(v);
  if (hyphenated) v = hyphenated[1] + hyphenated[2];
  const chars = [...v]; // code points, so a pasted emoji counts as one character
  const length = chars.length;
  if (length !== 9) {
    return codeFail(
      'ORG_CODE_LENGTH',
      `组织机构代码应为 9 位（如 12345678-9），实际为 ${length} 位`,
      `The organization code must have 9 characters (e.g. 12345678-9), got ${length}`,
    );
  }
  for (const [i, ch] of chars.entries()) {
    const allowed = i < 8 ? BODY_CHARS.includes(ch) : /^[0-9X]$/.test(ch);
    if (!allowed) {
      return codeFail(
        'ORG_CODE_CHARSET',
        `组织机构代码第 ${i + 1} 位“${ch}”不是有效字符`,
        `Character ${i + 1} of the organization code, '${ch}', is not allowed`,
      );
    }
  }
  const expected = orgCodeCheckChar(v.slice(0, 8));
  if (v[8] !== expected) {
    return codeFail(
      'ORG_CODE_CHECK_CHAR',
      `组织机构代码校验位错误：应为“${expected}”，实际为“${v[8]}”`,
      `Wrong check character in the organization code: should be '${expected}', got '${v[8]}'`,
    );
  }
  return codeOk(v);
}
