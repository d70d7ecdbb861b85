import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeCheck } from './code-error.ts';
import { checkOrgCode, orgCodeCheckChar } from './org-code.ts';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]; // GB 11714-1997
const value = (ch: string) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(ch);
const weightedSum = (first8: string) => [...first8].reduce((s, ch, i) => s + value(ch) * WEIGHTS[i], 0);

function errorCode(result: CodeCheck): string | undefined {
  return result.ok ? undefined : result.error.code;
}

function bodies(): string[] {
  return Array.from({ length: 200 }, (_, n) => String(13000000 + n));
}

describe('checkOrgCode', () => {
  test('accepts the GB 11714-1997 example with and without hyphen', () => {
    assert.deepEqual(checkOrgCode('D2143569-X'), { ok: true, value: 'D2143569X' });
    assert.deepEqual(checkOrgCode('D2143569X'), { ok: true, value: 'D2143569X' });
    assert.deepEqual(checkOrgCode(' d2143569-x '), { ok: true, value: 'D2143569X' });
    assert.deepEqual(checkOrgCode('Ｄ２１４３５６９－Ｘ'), { ok: true, value: 'D2143569X' });
    assert.deepEqual(checkOrgCode('D2143569—X'), { ok: true, value: 'D2143569X' });
  });

  test('check char X (value 10) and 0 (value 11)', () => {
    const x = bodies().find((b) => weightedSum(b) % 11 === 1);
    const zero = bodies().find((b) => weightedSum(b) % 11 === 0);
    assert.ok(x && zero);
    assert.equal(orgCodeCheckChar(x), 'X');
    assert.equal(orgCodeCheckChar(zero), '0');
    assert.equal(checkOrgCode(`${x}-X`).ok, true);
    assert.equal(checkOrgCode(`${zero}-0`).ok, true);
    assert.equal(errorCode(checkOrgCode(`${x}-0`)), 'ORG_CODE_CHECK_CHAR');
  });

  test('changing any one digit fails', () => {
    const code = '192203821';
    assert.equal(checkOrgCode(code).ok, true);
    for (let i = 0; i < 9; i++) {
      for (const d of '0123456789') {
        if (d === code[i]) continue;
        assert.equal(checkOrgCode(code.slice(0, i) + d + code.slice(i + 1)).ok, false);
      }
    }
  });

  test('a wrong check char names the expected one', () => {
    const result = checkOrgCode('D2143569-1');
    assert.equal(errorCode(result), 'ORG_CODE_CHECK_CHAR');
    assert.ok(!result.ok && result.error.zh.includes('“X”'));
  });

  test('length, charset and emptiness', () => {
    assert.equal(errorCode(checkOrgCode('')), 'ORG_CODE_EMPTY');
    assert.equal(errorCode(checkOrgCode('D214356-X')), 'ORG_CODE_LENGTH');
    assert.equal(errorCode(checkOrgCode('D21435690X')), 'ORG_CODE_LENGTH');
    assert.equal(errorCode(checkOrgCode('D214-3569X')), 'ORG_CODE_LENGTH');
    assert.equal(errorCode(checkOrgCode('D214356*X')), 'ORG_CODE_CHARSET');
    assert.equal(errorCode(checkOrgCode('D2143569A')), 'ORG_CODE_CHARSET');
  });

  test('orgCodeCheckChar rejects bad input', () => {
    assert.throws(() => orgCodeCheckChar('D214356'), RangeError);
    assert.throws(() => orgCodeCheckChar('D214356*'), RangeError);
  });
});
