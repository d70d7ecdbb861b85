import { codeFail, codeOk, type CodeCheck } from './code-error.ts';
import { normalizeCode } from './normalize.ts';

// GB 32100-2015: 统一社会信用代码, 18 chars = authority (1) + category (1) + region (6)
// + 组织机构代码 / 主体标识码 (9) + check char (1).

// 31 characters; a character's value is its index. I O S V Z are excluded by the standard.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const EXCLUDED_LETTERS = 'IOSVZ';
const CLEAN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

// weight of position i (1-based) is 3^(i-1) mod 31
const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

// 个体工商户 registered before the USCC reform may carry this instead of a real code; it is only
// meaningful together with a 工商注册号, which the caller has to check.
export const USCC_PLACEHOLDER = '00000000000000000X';

export function isUsccPlaceholder(code: string): boolean {
  return normalizeCode(code) === USCC_PLACEHOLDER;
}

export function usccCheckChar(first17: string): string {
  const body = normalizeCode(first17);
  if (body.length !== 17) throw new RangeError(`usccCheckChar needs 17 characters, got ${body.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(body[i]);
    if (value < 0) throw new RangeError(`usccCheckChar: '${body[i]}' is not a USCC character`);
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function checkUscc(raw: string): CodeCheck {
  const v = normalizeCode(raw);
  if (v === '') {
    return codeFail('USCC_EMPTY', '统一社会信用代码为空', 'The unified social credit code is empty');
  }
  if (v === USCC_PLACEHOLDER) return codeOk(v);
  // 18 characters of the alphabet (nearly every code in a file): no per-character walk needed
  const clean = CLEAN.test(v);
  const chars = clean ? [] : [...v]; // code points, so a pasted emoji counts as one character
  const length = clean ? 18 : chars.length;
  if (length !== 18) {
    return codeFail(
      'USCC_LENGTH',
      `统一社会信用代码应为 18 位，实际为 ${length} 位`,
      `The unified social credit code must have 18 characters, got ${length}`,
    );
  }
  for (const [i, ch] of chars.entries()) {
    if (!ALPHABET.includes(ch)) {
      const hint = EXCLUDED_LETTERS.includes(ch) ? '（代码中不使用字母 I、O、S、V、Z）' : '';
      const hintEn = EXCLUDED_LETTERS.includes(ch) ? ' (the letters I, O, S, V and Z are never used)' : '';
      return codeFail(
        'USCC_CHARSET',
        `统一社会信用代码第 ${i + 1} 位“${ch}”不是有效字符${hint}`,
        `Character ${i + 1} of the unified social credit code, '${ch}', is not allowed${hintEn}`,
      );
    }
  }
  // lenient on the authority table (it grows), but no authority is coded 0
  if (v[0] === '0') {
    return codeFail(
      'USCC_AUTHORITY',
      '统一社会信用代码第 1 位（登记管理部门代码）不能为 0',
      'Character 1 of the unified social credit code (registration authority) cannot be 0',
    );
  }
  if (!/^\d{6}$/.test(v.slice(2, 8))) {
    return codeFail(
      'USCC_REGION',
      `统一社会信用代码第 3–8 位应为 6 位数字的行政区划码，实际为“${v.slice(2, 8)}”`,
      `Characters 3–8 of the unified social credit code must be a 6-digit region code, got '${v.slice(2, 8)}'`,
    );
  }
  const expected = usccCheckChar(v.slice(0, 17));
  if (v[17] !== expected) {
    return codeFail(
      'USCC_CHECK_CHAR',
      `统一社会信用代码校验位错误：第 18 位应为“${expected}”，实际为“${v[17]}”`,
      `Wrong check character in the unified social credit code: character 18 should be '${expected}', got '${v[17]}'`,
    );
  }
  return codeOk(v);
}

// characters 9–17: the embedded 组织机构代码 (without hyphen)
export function orgCodeFromUscc(uscc: string): string {
  return normalizeCode(uscc).slice(8, 17);
}
