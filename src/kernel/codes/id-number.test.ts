import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeCheck } from './code-error.ts';
import {
  ID_TYPE_LABELS,
  checkDocumentNumber,
  checkIdNumber,
  idNumberCheckChar,
  maskIdNumber,
  parseIdType,
  upgradeIdNumber15,
  type IdType,
} from './id-number.ts';

const TODAY = '2025-06-30';
const SAMPLE = '11010519491231002X'; // the example in GB 11643-1999

// ISO 7064 MOD 11-2 as printed: weights for positions 1–18; the check value of X is 10
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
const mod112Holds = (id: string) =>
  [...id].reduce((s, ch, i) => s + (ch === 'X' ? 10 : Number(ch)) * WEIGHTS[i], 0) % 11 === 1;

function errorCode(result: CodeCheck): string | undefined {
  return result.ok ? undefined : result.error.code;
}

function withCheck(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}

describe('checkIdNumber', () => {
  test('accepts the standard example, also with lower-case x and full-width digits', () => {
    assert.deepEqual(checkIdNumber(SAMPLE, TODAY), { ok: true, value: SAMPLE });
    assert.deepEqual(checkIdNumber('11010519491231002x', TODAY), { ok: true, value: SAMPLE });
    assert.deepEqual(checkIdNumber('１１０１０５１９４９１２３１００２ｘ', TODAY), { ok: true, value: SAMPLE });
    assert.ok(mod112Holds(SAMPLE));
  });

  test('check chars X and 0', () => {
    const firsts = Array.from({ length: 300 }, (_, n) => `13010219800101${String(n).padStart(3, '0')}`);
    const x = firsts.find((f) => idNumberCheckChar(f) === 'X');
    const zero = firsts.find((f) => idNumberCheckChar(f) === '0');
    assert.ok(x && zero);
    assert.ok(mod112Holds(`${x}X`) && mod112Holds(`${zero}0`));
    assert.equal(checkIdNumber(`${x}X`, TODAY).ok, true);
    assert.equal(checkIdNumber(`${zero}0`, TODAY).ok, true);
    assert.equal(errorCode(checkIdNumber(`${x}0`, TODAY)), 'ID_CHECK_CHAR');
    assert.equal(errorCode(checkIdNumber(`${zero}X`, TODAY)), 'ID_CHECK_CHAR');
  });

  test('changing any one digit fails', () => {
    const id = withCheck('13010219800101123');
    for (let i = 0; i < 18; i++) {
      for (const d of '0123456789X') {
        if (d === id[i] || (d === 'X' && i < 17)) continue;
        const changed = id.slice(0, i) + d + id.slice(i + 1);
        assert.equal(checkIdNumber(changed, TODAY).ok, false, changed);
      }
    }
  });

  test('a wrong check char names the expected one', () => {
    const result = checkIdNumber('110105194912310021', TODAY);
    assert.equal(errorCode(result), 'ID_CHECK_CHAR');
    assert.ok(!result.ok && result.error.zh.includes('“X”') && result.error.en.includes("'X'"));
  });

  test('birth dates: leap days, today, tomorrow, 1900', () => {
    assert.equal(checkIdNumber(withCheck('13010220000229123'), TODAY).ok, true);
    assert.equal(checkIdNumber(withCheck('13010219000101123'), TODAY).ok, true);
    assert.equal(checkIdNumber(withCheck('13010220250630123'), TODAY).ok, true);
    for (const date of ['19000229', '20010229', '20250701', '18991231', '19801301', '19800100', '19800431']) {
      const result = checkIdNumber(withCheck(`130102${date}123`), TODAY);
      assert.equal(errorCode(result), 'ID_BIRTH_DATE', date);
      const shown = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
      assert.ok(!result.ok && result.error.zh.includes(shown) && result.error.en.includes(shown), date);
    }
  });

  test('address: province codes only, abolished counties still accepted', () => {
    for (const province of ['11', '13', '15', '23', '37', '46', '54', '65', '71', '81', '82', '83']) {
      assert.equal(checkIdNumber(withCheck(`${province}0102198001011234`.slice(0, 17)), TODAY).ok, true, province);
    }
    for (const bad of ['00', '10', '16', '20', '24', '38', '47', '55', '60', '66', '72', '80', '84', '91', '99']) {
      assert.equal(errorCode(checkIdNumber(withCheck(`${bad}010219800101123`), TODAY)), 'ID_ADDRESS', bad);
    }
    assert.equal(checkIdNumber(withCheck('13042119800101123'), TODAY).ok, true); // former 邯郸县
  });

  test('length, format and emptiness', () => {
    assert.equal(errorCode(checkIdNumber('', TODAY)), 'ID_EMPTY');
    assert.equal(errorCode(checkIdNumber('1301021980010112', TODAY)), 'ID_LENGTH');
    assert.equal(errorCode(checkIdNumber('1301021980010112345', TODAY)), 'ID_LENGTH');
    assert.equal(errorCode(checkIdNumber('13010219800101X234', TODAY)), 'ID_FORMAT');
    assert.equal(errorCode(checkIdNumber('13010219800101123Y', TODAY)), 'ID_FORMAT');
    assert.equal(errorCode(checkIdNumber('1301021980 0101123', TODAY)), 'ID_FORMAT');
    assert.equal(errorCode(checkIdNumber('13010280010112X', TODAY)), 'ID_FORMAT');
  });

  test('first-generation 15-digit numbers', () => {
    assert.deepEqual(checkIdNumber('130102800101123', TODAY), { ok: true, value: '130102800101123' });
    assert.equal(checkIdNumber('110105491231002', TODAY).ok, true);
    assert.equal(errorCode(checkIdNumber('130102800230123', TODAY)), 'ID_BIRTH_DATE');
    assert.equal(errorCode(checkIdNumber('130102000229123', TODAY)), 'ID_BIRTH_DATE'); // 1900 is not leap
    assert.equal(errorCode(checkIdNumber('130102800101123', '1979-12-31')), 'ID_BIRTH_DATE');
    assert.equal(errorCode(checkIdNumber('910102800101123', TODAY)), 'ID_ADDRESS');
  });

  test('today must be a date string', () => {
    assert.throws(() => checkIdNumber(SAMPLE, '20250630'), RangeError);
  });
});

describe('upgradeIdNumber15', () => {
  test('inserts the century and the check char', () => {
    assert.equal(upgradeIdNumber15('110105491231002'), SAMPLE);
    assert.throws(() => upgradeIdNumber15(SAMPLE), RangeError);
  });
});

describe('idNumberCheckChar', () => {
  test('rejects bad input', () => {
    assert.throws(() => idNumberCheckChar('1101051949123100'), RangeError);
    assert.throws(() => idNumberCheckChar('11010519491231002X'), RangeError);
  });
});

describe('checkDocumentNumber', () => {
  test('id_card uses the ID number rules', () => {
    assert.deepEqual(checkDocumentNumber('id_card', '11010519491231002x', TODAY), { ok: true, value: SAMPLE });
    assert.equal(errorCode(checkDocumentNumber('id_card', '110105194912310021', TODAY)), 'ID_CHECK_CHAR');
  });

  test('other documents: 5–30 of A–Z 0–9 ( ) -, no checksum', () => {
    assert.deepEqual(checkDocumentNumber('passport', ' e12345678 ', TODAY), { ok: true, value: 'E12345678' });
    assert.deepEqual(checkDocumentNumber('hk_macao_pass', 'Ａ１２３４５６（７）', TODAY), { ok: true, value: 'A123456(7)' });
    assert.equal(checkDocumentNumber('taiwan_pass', '12345', TODAY).ok, true);
    assert.equal(checkDocumentNumber('foreign_permanent', 'USA-1234', TODAY).ok, true);
    assert.equal(checkDocumentNumber('other', 'A'.repeat(30), TODAY).ok, true);
    assert.equal(errorCode(checkDocumentNumber('passport', 'E123', TODAY)), 'DOC_FORMAT');
    assert.equal(errorCode(checkDocumentNumber('passport', 'A'.repeat(31), TODAY)), 'DOC_FORMAT');
    assert.equal(errorCode(checkDocumentNumber('passport', 'E1234 5678', TODAY)), 'DOC_FORMAT');
    assert.equal(errorCode(checkDocumentNumber('other', '证件12345', TODAY)), 'DOC_FORMAT');
    assert.equal(errorCode(checkDocumentNumber('passport', '  ', TODAY)), 'DOC_EMPTY');
  });
});

describe('maskIdNumber', () => {
  test('18-digit ID numbers keep the first 6 and last 4', () => {
    assert.equal(maskIdNumber('130102198001011234'), '130102********1234');
    assert.equal(maskIdNumber('11010519491231002x'), '110105********002X');
  });

  test('15-digit ID numbers keep the first 6 and last 4', () => {
    assert.equal(maskIdNumber('110105491231002'), '110105*****1002');
  });

  test('other documents keep the first 2 and last 2, with at least 4 stars', () => {
    assert.equal(maskIdNumber('E12345678'), 'E1*****78');
    assert.equal(maskIdNumber('ABCDE'), 'AB****DE');
    assert.equal(maskIdNumber('A123456(7)'), 'A1******7)');
    assert.equal(maskIdNumber('ABCD'), '****');
    assert.equal(maskIdNumber(''), '****');
  });
});

describe('parseIdType', () => {
  const cases: Record<IdType, string[]> = {
    id_card: ['身份证', '居民身份证', '中华人民共和国居民身份证', '001', '01', '1', '111', 'id_card', 'ID card', 'ID-CARD', 'Resident Identity Card', 'identity card', '１'],
    passport: ['护照', '普通护照', '002', '2', '414', 'passport', 'PASSPORT', ' Passport '],
    hk_macao_pass: ['港澳居民来往内地通行证', '回乡证', '003', '3', '516', 'hk_macao_pass', 'Home Return Permit', 'Mainland Travel Permit for Hong Kong and Macao Residents'],
    taiwan_pass: ['台湾居民来往大陆通行证', '台胞证', '004', '4', '511', 'taiwan_pass', 'Mainland Travel Permit for Taiwan Residents'],
    foreign_permanent: ['外国人永久居留身份证', '外国人永久居留证', '005', '5', '553', 'foreign_permanent', "Foreigner's Permanent Resident ID Card"],
    other: ['其他', '其他证件', '其它', 'other', 'OTHER'],
  };

  for (const [type, spellings] of Object.entries(cases)) {
    test(`recognises ${type}`, () => {
      for (const s of spellings) assert.equal(parseIdType(s), type, s);
    });
  }

  test('unknown spellings give undefined', () => {
    for (const s of ['', '0', '000', '006', '6', '11', '112', '990', '港澳通行证', 'card', 'driver licence']) {
      assert.equal(parseIdType(s), undefined, s);
    }
  });

  test('every type has a Chinese label', () => {
    assert.deepEqual(Object.keys(ID_TYPE_LABELS).sort(), Object.keys(cases).sort());
    assert.equal(ID_TYPE_LABELS.id_card, '居民身份证');
  });
});
