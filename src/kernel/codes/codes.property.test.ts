// Properties of code normalization and check characters, over generated codes (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeCode } from './normalize.ts';
import { checkUscc, usccCheckChar } from './uscc.ts';
import { checkIdNumber, idNumberCheckChar } from './id-number.ts';
import { checkOrgCode, orgCodeCheckChar } from './org-code.ts';
import { checkRegNo, regNoCheckChar } from './reg-no.ts';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DIGITS = '0123456789';
const charOf = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const word = (alphabet: string, n: number) => fc.array(charOf(alphabet), { minLength: n, maxLength: n }).map((a) => a.join(''));
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const padding = fc.constantFrom('', ' ', '\u3000', '\u00a0', '\ufeff', '\u200b', '  \u3000');

// a USCC body: authority not 0, 6-digit region
const usccBody = fc.tuple(charOf(USCC_ALPHABET.slice(1)), charOf(USCC_ALPHABET), word(DIGITS, 6), word(USCC_ALPHABET, 9)).map((p) => p.join(''));

test('property: normalizeCode is idempotent and undoes full width, edge padding and lower case', () => {
  fc.assert(fc.property(fc.string(), (s) => normalizeCode(normalizeCode(s)) === normalizeCode(s)));
  fc.assert(
    fc.property(word(USCC_ALPHABET, 18), padding, padding, fc.boolean(), fc.boolean(), (code, a, b, wide, lower) => {
      let v = lower ? code.toLowerCase() : code;
      if (wide) v = fullWidth(v);
      return normalizeCode(a + v + b) === code;
    }),
  );
});

test('property: a USCC with its computed check character passes, in any typed form', () => {
  fc.assert(
    fc.property(usccBody, padding, fc.boolean(), (body, pad, wide) => {
      const code = body + usccCheckChar(body);
      const r = checkUscc(pad + (wide ? fullWidth(code.toLowerCase()) : code) + pad);
      return r.ok && r.value === code;
    }),
  );
});

test('property: every single-character substitution in a USCC is detected (MOD 31)', () => {
  fc.assert(
    fc.property(usccBody, fc.integer({ min: 0, max: 17 }), charOf(USCC_ALPHABET), (body, i, c) => {
      const code = body + usccCheckChar(body);
      fc.pre(code[i] !== c && !(i === 0 && c === '0') && !(i >= 2 && i < 8 && !/\d/.test(c)));
      const changed = code.slice(0, i) + c + code.slice(i + 1);
      const r = checkUscc(changed);
      return !r.ok && r.error.code === 'USCC_CHECK_CHAR';
    }),
  );
});

test('property: every single-digit substitution in an ID number is detected (ISO 7064 MOD 11-2)', () => {
  const today = '2026-11-20';
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(Date.UTC(1950, 0, 1) + d * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')),
      word(DIGITS, 3),
      fc.integer({ min: 0, max: 16 }),
      charOf(DIGITS),
      (birth, seq, i, c) => {
        const first17 = '130102' + birth + seq;
        const id = first17 + idNumberCheckChar(first17);
        assert.equal(checkIdNumber(id, today).ok, true, id);
        fc.pre(id[i] !== c);
        const changed = id.slice(0, i) + c + id.slice(i + 1);
        return !checkIdNumber(changed, today).ok; // a check character error, or the date / region no longer valid
      },
    ),
  );
});

test('property: org codes and registration numbers with computed check characters pass; a changed digit fails', () => {
  fc.assert(
    fc.property(word(DIGITS, 8), fc.integer({ min: 0, max: 7 }), charOf(DIGITS), (body, i, c) => {
      const code = body + orgCodeCheckChar(body);
      const ok = checkOrgCode(code.slice(0, 8) + '-' + code[8]);
      assert.equal(ok.ok, true, code);
      fc.pre(body[i] !== c);
      return !checkOrgCode(body.slice(0, i) + c + body.slice(i + 1) + code[8]).ok;
    }),
  );
  fc.assert(
    fc.property(word(DIGITS, 14), fc.integer({ min: 0, max: 13 }), charOf(DIGITS), (body, i, c) => {
      const code = body + regNoCheckChar(body);
      assert.equal(checkRegNo(code).ok, true, code);
      fc.pre(body[i] !== c);
      return !checkRegNo(body.slice(0, i) + c + body.slice(i + 1) + code[14]).ok;
    }),
  );
});

test('property: the checkers never throw, whatever the input', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      for (const r of [checkUscc(s), checkIdNumber(s, '2026-11-20'), checkOrgCode(s), checkRegNo(s)]) {
        if (!r.ok && !(r.error.code && r.error.zh && r.error.en)) return false;
      }
      return true;
    }),
  );
});
