import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeCheck } from './code-error.ts';
import { checkOrgCode } from './org-code.ts';
import { USCC_PLACEHOLDER, checkUscc, isUsccPlaceholder, orgCodeFromUscc, usccCheckChar } from './uscc.ts';

// The alphabet and weights written out as printed in GB 32100-2015, independent of uscc.ts.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const weightedSum = (first17: string) =>
  [...first17].reduce((sum, ch, i) => sum + ALPHABET.indexOf(ch) * WEIGHTS[i], 0);

function errorCode(result: CodeCheck): string | undefined {
  return result.ok ? undefined : result.error.code;
}

// the example in GB 32100-2015, and two widely published company codes
const SAMPLES = ['91350100M000100Y43', '914403001922038216', '91440300708461136T'];

// 17-char bodies built from a counter, to find check values by search rather than by hand
function bodies(): string[] {
  return Array.from({ length: 400 }, (_, n) => `91130102${String(n).padStart(9, '0')}`);
}

describe('checkUscc', () => {
  test('accepts published codes', () => {
    for (const code of SAMPLES) assert.deepEqual(checkUscc(code), { ok: true, value: code });
  });

  test('check char agrees with the weighted sum of the standard', () => {
    for (const code of SAMPLES) {
      assert.equal((weightedSum(code.slice(0, 17)) + ALPHABET.indexOf(code[17])) % 31, 0);
    }
  });

  test('check value 30 is the letter Y and check value 0 is the digit 0', () => {
    const y = bodies().find((b) => weightedSum(b) % 31 === 1);
    const zero = bodies().find((b) => weightedSum(b) % 31 === 0);
    assert.ok(y && zero);
    assert.equal(usccCheckChar(y), 'Y');
    assert.equal(usccCheckChar(zero), '0');
    assert.equal(checkUscc(`${y}Y`).ok, true);
    assert.equal(checkUscc(`${zero}0`).ok, true);
    assert.equal(errorCode(checkUscc(`${zero}Y`)), 'USCC_CHECK_CHAR');
  });

  test('changing any one character to any other allowed character fails', () => {
    const code = SAMPLES[0];
    for (let i = 0; i < 18; i++) {
      for (const ch of ALPHABET) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        assert.equal(checkUscc(changed).ok, false, changed);
      }
    }
  });

  test('a wrong check char names the expected one', () => {
    const result = checkUscc('91350100M000100Y44');
    assert.equal(errorCode(result), 'USCC_CHECK_CHAR');
    assert.ok(!result.ok && result.error.zh.includes('“3”') && result.error.en.includes("'3'"));
  });

  test('normalizes full-width, lower-case and padded input', () => {
    assert.deepEqual(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３'), { ok: true, value: '91350100M000100Y43' });
    assert.deepEqual(checkUscc(' 91350100m000100y43\u3000'), { ok: true, value: '91350100M000100Y43' });
  });

  test('rejects I, O, S, V and Z', () => {
    for (const letter of 'IOSVZ') {
      const result = checkUscc(`91350100M000100${letter}43`);
      assert.equal(errorCode(result), 'USCC_CHARSET', letter);
      assert.ok(!result.ok && result.error.zh.includes('第 16 位'));
    }
    assert.equal(errorCode(checkUscc('91350100M000100Y4*')), 'USCC_CHARSET');
    assert.equal(errorCode(checkUscc('91350100M000 00Y43')), 'USCC_CHARSET');
  });

  test('length and emptiness', () => {
    assert.equal(errorCode(checkUscc('')), 'USCC_EMPTY');
    assert.equal(errorCode(checkUscc(' \u3000 ')), 'USCC_EMPTY');
    assert.equal(errorCode(checkUscc('91350100M000100Y4')), 'USCC_LENGTH');
    assert.equal(errorCode(checkUscc('91350100M000100Y433')), 'USCC_LENGTH');
  });

  test('authority 0 and a non-numeric region are rejected', () => {
    const body = '01130102000000001';
    assert.equal(errorCode(checkUscc(body + usccCheckChar(body))), 'USCC_AUTHORITY');
    const letterRegion = '9113A102000000001';
    assert.equal(errorCode(checkUscc(letterRegion + usccCheckChar(letterRegion))), 'USCC_REGION');
  });

  test('other authority codes are accepted', () => {
    for (const prefix of ['11', '12', '31', '51', '52', '92', 'A1', 'N2', 'Y1']) {
      const body = `${prefix}130102000000001`;
      assert.equal(checkUscc(body + usccCheckChar(body)).ok, true, prefix);
    }
  });
});

describe('USCC placeholder', () => {
  test('is accepted and recognised, also written in lower case', () => {
    assert.deepEqual(checkUscc(USCC_PLACEHOLDER), { ok: true, value: USCC_PLACEHOLDER });
    assert.deepEqual(checkUscc('00000000000000000x'), { ok: true, value: USCC_PLACEHOLDER });
    assert.equal(isUsccPlaceholder(' 00000000000000000x '), true);
    assert.equal(isUsccPlaceholder(SAMPLES[0]), false);
  });

  test('other all-zero forms are not the placeholder', () => {
    assert.equal(checkUscc('000000000000000000').ok, false);
    assert.equal(checkUscc('00000000000000000Y').ok, false);
  });
});

describe('usccCheckChar', () => {
  test('computes the sample check char and rejects bad input', () => {
    assert.equal(usccCheckChar('91350100M000100Y4'), '3');
    assert.throws(() => usccCheckChar('91350100M000100Y'), RangeError);
    assert.throws(() => usccCheckChar('91350100M000100O4'), RangeError);
  });
});

describe('orgCodeFromUscc', () => {
  test('returns characters 9–17, a valid organization code', () => {
    assert.equal(orgCodeFromUscc('91350100M000100Y43'), 'M000100Y4');
    assert.equal(orgCodeFromUscc('914403001922038216'), '192203821');
    for (const code of SAMPLES) assert.equal(checkOrgCode(orgCodeFromUscc(code)).ok, true, code);
  });
});
