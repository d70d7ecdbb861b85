import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeCheck } from './code-error.ts';
import { checkRegNo, regNoCheckChar } from './reg-no.ts';

function errorCode(result: CodeCheck): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('checkRegNo', () => {
  test('accepts the GS 15-2006 example', () => {
    assert.deepEqual(checkRegNo('110108000000016'), { ok: true, value: '110108000000016' });
    assert.deepEqual(checkRegNo(' １１０１０８０００００００１６ '), { ok: true, value: '110108000000016' });
    assert.equal(regNoCheckChar('11010800000001'), '6');
  });

  test('changing any one digit fails', () => {
    const code = '110108000000016';
    for (let i = 0; i < 15; i++) {
      for (const d of '0123456789') {
        if (d === code[i]) continue;
        const changed = code.slice(0, i) + d + code.slice(i + 1);
        assert.equal(errorCode(checkRegNo(changed)), 'REG_NO_CHECK_CHAR', changed);
      }
    }
  });

  test('every check digit 0–9 occurs', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 100; n++) seen.add(regNoCheckChar(`1301020${String(n).padStart(7, '0')}`));
    assert.equal(seen.size, 10);
  });

  test('old 13-digit numbers are accepted without a check', () => {
    assert.deepEqual(checkRegNo('1301021000123'), { ok: true, value: '1301021000123' });
  });

  test('a wrong check digit names the expected one', () => {
    const result = checkRegNo('110108000000017');
    assert.ok(!result.ok && result.error.zh.includes('“6”') && result.error.en.includes("'6'"));
  });

  test('format and emptiness', () => {
    assert.equal(errorCode(checkRegNo('')), 'REG_NO_EMPTY');
    for (const bad of ['11010800000001', '1101080000000166', '11010800000001X', '130102100012', '1301 0800000001']) {
      assert.equal(errorCode(checkRegNo(bad)), 'REG_NO_FORMAT', bad);
    }
  });

  test('regNoCheckChar rejects bad input', () => {
    assert.throws(() => regNoCheckChar('1101080000000'), RangeError);
  });
});
