import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCode } from './normalize.ts';

describe('normalizeCode', () => {
  test('trims ASCII, full-width, no-break and zero-width spaces at both ends', () => {
    assert.equal(normalizeCode('  91130102 \t\n'), '91130102');
    assert.equal(normalizeCode('\u300091130102\u3000'), '91130102');
    assert.equal(normalizeCode('\u00A091130102\u00A0'), '91130102');
    assert.equal(normalizeCode('\uFEFF\u200B91130102\u200B'), '91130102');
  });

  test('turns full-width ASCII into half-width', () => {
    assert.equal(normalizeCode('９１１３０１０２ＭＡ０'), '91130102MA0');
    assert.equal(normalizeCode('１２３４５６７８－９'), '12345678-9');
    assert.equal(normalizeCode('Ａ１２３４５６（７）'), 'A123456(7)');
  });

  test('upper-cases latin letters, including full-width lower-case ones', () => {
    assert.equal(normalizeCode('11010519491231002x'), '11010519491231002X');
    assert.equal(normalizeCode('９１ｍａ'), '91MA');
  });

  test('keeps inner characters as they are', () => {
    assert.equal(normalizeCode(' 9113 0102 '), '9113 0102');
    assert.equal(normalizeCode('9113\u30000102'), '9113\u30000102');
    assert.equal(normalizeCode('身份证'), '身份证');
  });

  test('whitespace only becomes empty', () => {
    assert.equal(normalizeCode(' \u3000\u00A0 '), '');
  });
});
