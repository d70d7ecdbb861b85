import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoIdNumber, demoOrgCode, demoRegNo, demoUscc } from './demo-codes.ts';
import { checkIdNumber } from './id-number.ts';
import { checkOrgCode } from './org-code.ts';
import { checkRegNo } from './reg-no.ts';
import { checkUscc, orgCodeFromUscc } from './uscc.ts';

describe('demo codes', () => {
  test('are valid and deterministic', () => {
    for (let seq = 0; seq < 50; seq++) {
      assert.equal(checkOrgCode(demoOrgCode(seq)).ok, true);
      assert.equal(checkUscc(demoUscc(seq)).ok, true);
      assert.equal(checkRegNo(demoRegNo(seq)).ok, true);
      assert.equal(checkIdNumber(demoIdNumber(seq), '2025-01-01').ok, true);
    }
    assert.equal(demoUscc(7), demoUscc(7));
    assert.notEqual(demoUscc(7), demoUscc(8));
  });

  test('respect region, prefix and birth date', () => {
    const uscc = demoUscc(42, { regionCode: '130682', prefix: '92' });
    assert.equal(uscc.slice(0, 8), '92130682');
    assert.equal(orgCodeFromUscc(uscc), demoOrgCode(42));
    assert.equal(demoRegNo(3, '131100').slice(0, 6), '131100');
    const id = demoIdNumber(5, '2000-02-29', '130181');
    assert.equal(id.slice(0, 17), '13018120000229005');
    assert.equal(checkIdNumber(id, '2025-01-01').ok, true);
  });

  test('reject out-of-range input', () => {
    assert.throws(() => demoOrgCode(-1), RangeError);
    assert.throws(() => demoOrgCode(1.5), RangeError);
    assert.throws(() => demoIdNumber(1000), RangeError);
    assert.throws(() => demoUscc(1, { regionCode: '1301' }), RangeError);
    assert.throws(() => demoUscc(1, { prefix: '0A' }), RangeError);
  });
});
