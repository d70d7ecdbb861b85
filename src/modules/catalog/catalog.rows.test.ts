import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoIdNumber, demoOrgCode, demoRegNo, demoUscc } from '../../kernel/codes/demo-codes.ts';
import { USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { loadCatalogFiles } from './catalog.load.ts';
import type { CellValue, FieldError, RowResult, ValidRecord } from './catalog.types.ts';
import { mapHeader } from './catalog.headers.ts';
import { validateJsonRecord, validateRow } from './catalog.rows.ts';

const defs = loadCatalogFiles();
const penalty = defs.find((d) => d.code === 'penalty')!;
const license = defs.find((d) => d.code === 'license')!;

const TODAY = '2025-06-30';
const ORG_USCC = demoUscc(1); // 91130100…
const IB_USCC = demoUscc(2, { prefix: '92' });
const AGENCY_USCC = demoUscc(3, { prefix: '11', regionCode: '130000' });
const REG_NO = demoRegNo(7);
const PERSON_ID = demoIdNumber(123, '1990-03-07');
const REP_ID = demoIdNumber(456, '1975-11-20');

type Row = Record<string, CellValue | undefined>;

function penaltyRow(over: Row = {}): Row {
  return {
    CF_XDR_MC: '石家庄华信达商贸有限公司',
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: ORG_USCC,
    CF_FRDB: '张伟',
    CF_FR_ZJLX: '身份证',
    CF_FR_ZJHM: REP_ID,
    CF_WSH: '石市监罚〔2025〕12号',
    CF_WFXW: '虚假宣传',
    CF_SY: '在店堂广告中对商品功效作虚假宣传',
    CF_YJ: '《中华人民共和国反不正当竞争法》第二十条',
    CF_CFLB: '警告',
    CF_NR: '警告',
    CF_JDRQ: '2025-06-01',
    CF_YXQ: '2026-06-01',
    CF_CFJG: '石家庄市市场监督管理局',
    CF_CFJGDM: AGENCY_USCC,
    CF_SJLY: '石家庄市市场监督管理局',
    CF_SJLYDM: AGENCY_USCC,
    ...over,
  };
}

function personRow(over: Row = {}): Row {
  return penaltyRow({
    CF_XDR_MC: '李娜',
    CF_XDR_LB: '自然人',
    CF_XDR_SHXYM: null,
    CF_FRDB: null,
    CF_FR_ZJLX: null,
    CF_FR_ZJHM: null,
    CF_XDR_ZJLX: '身份证',
    CF_XDR_ZJHM: PERSON_ID,
    ...over,
  });
}

function licenseRow(over: Row = {}): Row {
  return {
    XK_XDR_MC: '石家庄华信达商贸有限公司',
    XK_XDR_LB: '法人及非法人组织',
    XK_XDR_SHXYM: ORG_USCC,
    XK_XKWS: '食品经营许可决定书',
    XK_WSH: '石食经许〔2025〕88号',
    XK_XKLB: '普通',
    XK_XKZS: '食品经营许可证',
    XK_XKBH: 'JY11301000012345',
    XK_NR: '预包装食品销售',
    XK_JDRQ: '2025-05-20',
    XK_YXQZ: '2025-05-20',
    XK_YXQZI: '2030-05-19',
    XK_XKJG: '石家庄市行政审批局',
    XK_XKJGDM: AGENCY_USCC,
    XK_LYDW: '石家庄市行政审批局',
    XK_LYDWDM: AGENCY_USCC,
    ...over,
  };
}

function ok(r: RowResult): ValidRecord {
  if (!r.ok) assert.fail(`expected a valid row, got ${JSON.stringify(r.errors, null, 2)}`);
  return r.record;
}

function errorsOf(r: RowResult): FieldError[] {
  if (r.ok) assert.fail('expected the row to be rejected');
  return r.errors;
}

// The one error of a row that has exactly one problem.
function onlyError(r: RowResult): FieldError {
  const errors = errorsOf(r);
  assert.equal(errors.length, 1, JSON.stringify(errors, null, 2));
  return errors[0];
}

describe('validateRow: valid penalty rows', () => {
  test('an organization', () => {
    const rec = ok(validateRow(penalty, penaltyRow({ CF_XDR_LB: ' 法人 ', CF_XDR_ZZJG: demoOrgCode(1) }), TODAY));
    assert.deepEqual(rec.subject, {
      kind: 'organization',
      name: '石家庄华信达商贸有限公司',
      uscc: ORG_USCC,
      orgCode: demoOrgCode(1),
    });
    assert.equal(rec.ref, '石市监罚〔2025〕12号');
    assert.equal(rec.decisionDate, '2025-06-01');
    assert.deepEqual(rec.penaltyKinds, ['警告']);
    assert.equal(rec.fields.CF_XDR_LB, '法人及非法人组织');
    assert.equal(rec.fields.CF_FR_ZJLX, '居民身份证');
    assert.equal(rec.fields.CF_FR_ZJHM, REP_ID);
    assert.equal(rec.fields.CF_NR_FK, null);
    // every field of the category is present
    assert.deepEqual(Object.keys(rec.fields), penalty.fields.map((f) => f.code));
  });

  test('an individual business with its USCC', () => {
    const rec = ok(validateRow(penalty, penaltyRow({ CF_XDR_MC: '长安区老王小吃店', CF_XDR_LB: '个体户', CF_XDR_SHXYM: IB_USCC }), TODAY));
    assert.deepEqual(rec.subject, { kind: 'individual_business', name: '长安区老王小吃店', uscc: IB_USCC });
    assert.equal(rec.fields.CF_XDR_LB, '个体工商户');
  });

  test('an individual business with the placeholder USCC and its registration number', () => {
    const rec = ok(
      validateRow(
        penalty,
        penaltyRow({ CF_XDR_MC: '长安区老王小吃店', CF_XDR_LB: '个体工商户', CF_XDR_SHXYM: USCC_PLACEHOLDER.toLowerCase(), CF_XDR_GSZC: REG_NO }),
        TODAY,
      ),
    );
    assert.deepEqual(rec.subject, { kind: 'individual_business', name: '长安区老王小吃店', uscc: USCC_PLACEHOLDER, regNo: REG_NO });
  });

  test('a person, with the document type as a numeric code and the number in full-width digits', () => {
    const fullWidth = PERSON_ID.replace(/[0-9X]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const rec = ok(validateRow(penalty, personRow({ CF_XDR_ZJLX: '001', CF_XDR_ZJHM: fullWidth }), TODAY));
    assert.deepEqual(rec.subject, { kind: 'person', name: '李娜', idType: 'id_card', idNumber: PERSON_ID });
    assert.equal(rec.fields.CF_XDR_ZJLX, '居民身份证');
    assert.equal(rec.fields.CF_XDR_ZJHM, PERSON_ID);
  });

  test('a person with a passport', () => {
    const rec = ok(validateRow(penalty, personRow({ CF_XDR_MC: 'John Smith', CF_XDR_ZJLX: '护照', CF_XDR_ZJHM: 'e12345678' }), TODAY));
    assert.deepEqual(rec.subject, { kind: 'person', name: 'John Smith', idType: 'passport', idNumber: 'E12345678' });
  });

  test('severity defaults to 一般 (general) and accepts its English names and codes', () => {
    const rec = ok(validateRow(penalty, penaltyRow(), TODAY));
    assert.equal(rec.severity, 'general');
    assert.equal(rec.fields.SEVERITY, '一般');
    assert.equal(ok(validateRow(penalty, penaltyRow({ SEVERITY: 'serious' }), TODAY)).severity, 'serious');
    assert.equal(ok(validateRow(penalty, penaltyRow({ SEVERITY: 1 }), TODAY)).severity, 'light');
    assert.equal(ok(validateRow(penalty, penaltyRow({ SEVERITY: '严重' }), TODAY)).fields.SEVERITY, '严重');
  });

  test('dates in Chinese, compact and Excel forms are stored as YYYY-MM-DD', () => {
    const rec = ok(
      validateRow(penalty, penaltyRow({ CF_JDRQ: '2025年6月1日', CF_YXQ: { date: '2026-06-01' }, CF_GSJZQ: 20250901 }), TODAY),
    );
    assert.equal(rec.decisionDate, '2025-06-01');
    assert.equal(rec.fields.CF_YXQ, '2026-06-01');
    assert.equal(rec.publicationEnd, '2025-09-01');
    // 45809 is 2025-06-01 as an Excel serial, from a date column formatted as General
    assert.equal(ok(validateRow(penalty, penaltyRow({ CF_JDRQ: 45809 }), TODAY)).decisionDate, '2025-06-01');
  });

  test('strings are trimmed, and unknown keys are ignored', () => {
    const rec = ok(validateRow(penalty, penaltyRow({ CF_WSH: '　石市监罚〔2025〕12号  ', SOMETHING_ELSE: 'x' }), TODAY));
    assert.equal(rec.ref, '石市监罚〔2025〕12号');
    assert.equal('SOMETHING_ELSE' in rec.fields, false);
  });
});

describe('validateRow: decision date against today', () => {
  test('a decision dated today is accepted, tomorrow is rejected', () => {
    assert.equal(ok(validateRow(penalty, penaltyRow({ CF_JDRQ: TODAY, CF_YXQ: TODAY }), TODAY)).decisionDate, TODAY);
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_JDRQ: '2025-07-01', CF_YXQ: '2026-07-01' }), TODAY));
    assert.equal(e.code, 'DATE_IN_FUTURE');
    assert.equal(e.field, 'CF_JDRQ');
    assert.equal(e.value, '2025-07-01');
    assert.match(e.zh, /处罚决定日期.*不能晚于今天（2025-06-30）.*2025-07-01/);
    assert.match(e.en, /CF_JDRQ.*after today \(2025-06-30\).*2025-07-01/);
  });

  test('an unparsable date', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_YXQ: '2026-02-30' }), TODAY));
    assert.equal(e.code, 'DATE_INVALID');
    assert.equal(e.field, 'CF_YXQ');
    assert.equal(e.value, '2026-02-30');
    assert.match(e.zh, /处罚有效期.*不是有效日期.*2026-02-30/);
  });

  test('a validity end before the decision date', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_YXQ: '2025-05-31' }), TODAY));
    assert.equal(e.code, 'DATE_BEFORE');
    assert.equal(e.field, 'CF_YXQ');
  });
});

describe('validateRow: required fields', () => {
  test('a missing required field, also when it is only spaces', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_WSH: '   ' }), TODAY));
    assert.equal(e.code, 'REQUIRED_MISSING');
    assert.equal(e.field, 'CF_WSH');
    assert.match(e.zh, /行政处罚决定书文号（CF_WSH）为必填项/);
    assert.match(e.en, /CF_WSH .* is required/);
  });

  test('all errors of the row are collected', () => {
    const errors = errorsOf(validateRow(penalty, penaltyRow({ CF_WSH: null, CF_JDRQ: '昨天', CF_CFLB: '罚没', CF_CFJGDM: '123' }), TODAY));
    assert.deepEqual(
      errors.map((e) => `${e.field}:${e.code}`).sort(),
      ['CF_CFJGDM:USCC_LENGTH', 'CF_CFLB:CODE_LIST_INVALID', 'CF_JDRQ:DATE_INVALID', 'CF_WSH:REQUIRED_MISSING'],
    );
  });

  test('罚款 without its amount', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: '罚款' }), TODAY));
    assert.equal(e.code, 'REQUIRED_WHEN_MISSING');
    assert.equal(e.field, 'CF_NR_FK');
    assert.match(e.zh, /处罚类别为“罚款”时，罚款金额（万元）（CF_NR_FK）必填/);
  });

  test('没收 without the confiscated amount', () => {
    for (const kind of ['没收违法所得', '没收非法财物']) {
      const e = onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: kind }), TODAY));
      assert.equal(e.code, 'REQUIRED_WHEN_MISSING');
      assert.equal(e.field, 'CF_NR_WFFF');
    }
  });

  test('暂扣 or 吊销 without the license name and number', () => {
    for (const kind of ['暂扣许可证件', '吊销许可证件']) {
      const e = onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: kind }), TODAY));
      assert.equal(e.code, 'REQUIRED_WHEN_MISSING');
      assert.equal(e.field, 'CF_NR_ZKDX');
    }
    ok(validateRow(penalty, penaltyRow({ CF_CFLB: '吊销许可证件', CF_NR_ZKDX: '食品经营许可证 JY11301000012345' }), TODAY));
  });

  test('an organization or individual business without a USCC', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_XDR_SHXYM: '' }), TODAY));
    assert.equal(e.code, 'SUBJECT_USCC_MISSING');
    assert.equal(e.field, 'CF_XDR_SHXYM');
    assert.equal(onlyError(validateRow(penalty, penaltyRow({ CF_XDR_LB: '个体工商户', CF_XDR_SHXYM: null }), TODAY)).code, 'SUBJECT_USCC_MISSING');
  });

  test('a person without ID number or without document type', () => {
    const noNumber = onlyError(validateRow(penalty, personRow({ CF_XDR_ZJHM: null }), TODAY));
    assert.equal(noNumber.code, 'PERSON_ID_MISSING');
    assert.equal(noNumber.field, 'CF_XDR_ZJHM');
    assert.match(noNumber.zh, /自然人.*证件号码（CF_XDR_ZJHM）必填/);
    const noType = onlyError(validateRow(penalty, personRow({ CF_XDR_ZJLX: null }), TODAY));
    assert.equal(noType.code, 'PERSON_ID_MISSING');
    assert.equal(noType.field, 'CF_XDR_ZJLX');
    const neither = errorsOf(validateRow(penalty, personRow({ CF_XDR_ZJLX: null, CF_XDR_ZJHM: null }), TODAY));
    assert.deepEqual(neither.map((e) => e.field).sort(), ['CF_XDR_ZJHM', 'CF_XDR_ZJLX']);
  });
});

describe('validateRow: codes', () => {
  test('a bad USCC passes the kernel error through, naming the field and echoing the value', () => {
    const bad = ORG_USCC.slice(0, 17) + (ORG_USCC[17] === '0' ? '1' : '0');
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_XDR_SHXYM: bad }), TODAY));
    assert.equal(e.code, 'USCC_CHECK_CHAR');
    assert.equal(e.field, 'CF_XDR_SHXYM');
    assert.equal(e.value, bad);
    assert.ok(e.zh.startsWith('统一社会信用代码（CF_XDR_SHXYM）：'), e.zh);
    assert.ok(e.zh.includes(bad) && e.en.includes(bad));
    assert.ok(e.en.startsWith('CF_XDR_SHXYM (unified social credit code): '), e.en);
  });

  test('the placeholder USCC for an individual business without registration number', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_XDR_LB: '个体工商户', CF_XDR_SHXYM: USCC_PLACEHOLDER }), TODAY));
    assert.equal(e.code, 'USCC_PLACEHOLDER_NEEDS_REG_NO');
    assert.equal(e.value, USCC_PLACEHOLDER);
    assert.match(e.zh, /工商注册号（CF_XDR_GSZC）必填/);
  });

  test('the placeholder USCC for an organization, or for an authority', () => {
    const org = onlyError(validateRow(penalty, penaltyRow({ CF_XDR_SHXYM: USCC_PLACEHOLDER, CF_XDR_GSZC: REG_NO }), TODAY));
    assert.equal(org.code, 'USCC_PLACEHOLDER_NOT_ALLOWED');
    assert.equal(org.field, 'CF_XDR_SHXYM');
    const agency = onlyError(validateRow(penalty, penaltyRow({ CF_CFJGDM: USCC_PLACEHOLDER }), TODAY));
    assert.equal(agency.code, 'USCC_PLACEHOLDER_NOT_ALLOWED');
    assert.equal(agency.field, 'CF_CFJGDM');
  });

  test('a bad registration number and an organization code that contradicts the USCC', () => {
    const badRegNo = REG_NO.slice(0, 14) + String((Number(REG_NO[14]) + 1) % 10);
    assert.equal(onlyError(validateRow(penalty, penaltyRow({ CF_XDR_GSZC: badRegNo }), TODAY)).code, 'REG_NO_CHECK_CHAR');
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_XDR_ZZJG: demoOrgCode(9) }), TODAY));
    assert.equal(e.code, 'ORG_CODE_MISMATCH');
    assert.equal(e.field, 'CF_XDR_ZZJG');
  });

  test('a bad check character in an ID number', () => {
    const bad = PERSON_ID.slice(0, 17) + (PERSON_ID[17] === '1' ? '2' : '1');
    const e = onlyError(validateRow(penalty, personRow({ CF_XDR_ZJHM: bad }), TODAY));
    assert.equal(e.code, 'ID_CHECK_CHAR');
    assert.equal(e.field, 'CF_XDR_ZJHM');
    assert.equal(e.value, bad);
    assert.ok(e.zh.startsWith('证件号码（CF_XDR_ZJHM）：'), e.zh);
  });

  test('an ID number whose birth date is impossible or after today', () => {
    assert.equal(onlyError(validateRow(penalty, personRow({ CF_XDR_ZJHM: demoIdNumber(1, '1990-02-30') }), TODAY)).code, 'ID_BIRTH_DATE');
    const unborn = demoIdNumber(1, '2025-07-01');
    assert.equal(onlyError(validateRow(penalty, personRow({ CF_XDR_ZJHM: unborn }), TODAY)).code, 'ID_BIRTH_DATE');
    ok(validateRow(penalty, personRow({ CF_XDR_ZJHM: unborn }), '2025-07-01'));
  });

  test("a legal representative's ID number is checked too", () => {
    const bad = REP_ID.slice(0, 17) + (REP_ID[17] === '1' ? '2' : '1');
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_FR_ZJHM: bad }), TODAY));
    assert.equal(e.code, 'ID_CHECK_CHAR');
    assert.equal(e.field, 'CF_FR_ZJHM');
    // without a type, an 18-digit number is still checked as a 居民身份证 number
    assert.equal(onlyError(validateRow(penalty, penaltyRow({ CF_FR_ZJLX: null, CF_FR_ZJHM: bad }), TODAY)).code, 'ID_CHECK_CHAR');
    const noType = onlyError(validateRow(penalty, penaltyRow({ CF_FR_ZJLX: null, CF_FR_ZJHM: 'E12345678' }), TODAY));
    assert.equal(noType.code, 'DOCUMENT_TYPE_MISSING');
  });

  test('an unknown document type', () => {
    const e = onlyError(validateRow(penalty, personRow({ CF_XDR_ZJLX: '驾驶证' }), TODAY));
    assert.equal(e.code, 'ID_TYPE_INVALID');
    assert.equal(e.field, 'CF_XDR_ZJLX');
    assert.match(e.zh, /驾驶证.*居民身份证/);
  });
});

describe('validateRow: amounts', () => {
  const fine = (amount: CellValue) => validateRow(penalty, penaltyRow({ CF_CFLB: '罚款', CF_NR: '罚款', CF_NR_FK: amount }), TODAY);

  test('thousands separators, full-width digits, numbers and a 万元 suffix are accepted', () => {
    assert.equal(ok(fine('1,000.50')).fields.CF_NR_FK, '1000.5');
    assert.equal(ok(fine('１０')).fields.CF_NR_FK, '10');
    assert.equal(ok(fine(0.2)).fields.CF_NR_FK, '0.2');
    assert.equal(ok(fine('0.20万元')).fields.CF_NR_FK, '0.2');
    assert.equal(ok(fine('0')).fields.CF_NR_FK, '0');
  });

  test('a negative amount', () => {
    const e = onlyError(fine('-1'));
    assert.equal(e.code, 'DECIMAL_NEGATIVE');
    assert.equal(e.field, 'CF_NR_FK');
    assert.equal(e.value, '-1');
  });

  test('a non-numeric amount', () => {
    for (const v of ['十万', '1,00.5', '1.2.3', '2000元']) {
      const e = onlyError(fine(v));
      assert.equal(e.code, 'DECIMAL_INVALID', v);
      assert.equal(e.value, v);
      assert.ok(e.zh.includes(v), e.zh);
    }
  });
});

describe('validateRow: penalty kinds', () => {
  test('a value outside the code list names the allowed values', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: '罚没' }), TODAY));
    assert.equal(e.code, 'CODE_LIST_INVALID');
    assert.equal(e.field, 'CF_CFLB');
    assert.equal(e.value, '罚没');
    assert.match(e.zh, /“罚没”不在代码表中，可选：警告、通报批评、罚款、.*其他行政处罚/);
    assert.match(e.en, /'罚没' is not an allowed value; allowed: 警告, 通报批评, 罚款/);
  });

  test('罚款 in an older spelling still needs the fine amount', () => {
    assert.equal(onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: '处以罚款' }), TODAY)).field, 'CF_NR_FK');
    const rec = ok(validateRow(penalty, penaltyRow({ CF_CFLB: '处以罚款', CF_NR_FK: '0.5' }), TODAY));
    assert.deepEqual(rec.penaltyKinds, ['罚款']);
    assert.equal(rec.fields.CF_CFLB, '罚款');
  });

  test('several kinds need every amount they imply', () => {
    const errors = errorsOf(validateRow(penalty, penaltyRow({ CF_CFLB: '罚款；没收违法所得' }), TODAY));
    assert.deepEqual(errors.map((e) => `${e.field}:${e.code}`).sort(), ['CF_NR_FK:REQUIRED_WHEN_MISSING', 'CF_NR_WFFF:REQUIRED_WHEN_MISSING']);
    const rec = ok(validateRow(penalty, penaltyRow({ CF_CFLB: '罚款, 没收违法所得', CF_NR_FK: '1', CF_NR_WFFF: '0.3' }), TODAY));
    assert.deepEqual(rec.penaltyKinds, ['罚款', '没收违法所得']);
    assert.equal(rec.fields.CF_CFLB, '罚款；没收违法所得');
  });

  test('1996-law kinds map onto the 2021 kinds', () => {
    const both = ok(validateRow(penalty, penaltyRow({ CF_CFLB: '没收违法所得、没收非法财物', CF_NR_WFFF: '2' }), TODAY));
    assert.deepEqual(both.penaltyKinds, ['没收违法所得', '没收非法财物']);
    assert.deepEqual(ok(validateRow(penalty, penaltyRow({ CF_CFLB: '其他' }), TODAY)).penaltyKinds, ['其他行政处罚']);
    assert.deepEqual(
      ok(validateRow(penalty, penaltyRow({ CF_CFLB: '吊销营业执照', CF_NR_ZKDX: '营业执照' }), TODAY)).penaltyKinds,
      ['吊销许可证件'],
    );
    assert.deepEqual(ok(validateRow(penalty, penaltyRow({ CF_CFLB: '责令停产停业' }), TODAY)).penaltyKinds, ['责令停产停业']);
  });

  test('暂扣或者吊销 is decided by what the penalty content says', () => {
    const revoked = ok(
      validateRow(penalty, penaltyRow({ CF_CFLB: '暂扣或者吊销许可证', CF_NR: '吊销《食品经营许可证》', CF_NR_ZKDX: '食品经营许可证 JY1' }), TODAY),
    );
    assert.deepEqual(revoked.penaltyKinds, ['吊销许可证件']);
    const suspended = ok(
      validateRow(penalty, penaltyRow({ CF_CFLB: '暂扣或者吊销执照', CF_NR: '暂扣营业执照三个月', CF_NR_ZKDX: '营业执照' }), TODAY),
    );
    assert.deepEqual(suspended.penaltyKinds, ['暂扣许可证件']);
    const e = onlyError(
      validateRow(penalty, penaltyRow({ CF_CFLB: '暂扣或者吊销许可证', CF_NR: '暂扣或者吊销许可证', CF_NR_ZKDX: '食品经营许可证' }), TODAY),
    );
    assert.equal(e.code, 'CODE_LIST_AMBIGUOUS');
    assert.match(e.zh, /暂扣许可证件还是吊销许可证件/);
  });

  test('a value outside the list inside a multi value is named', () => {
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_CFLB: '警告；罚没' }), TODAY));
    assert.equal(e.code, 'CODE_LIST_INVALID');
    assert.match(e.zh, /“罚没”不在代码表中/);
  });
});

describe('validateRow: lengths', () => {
  test('text longer than maxLength', () => {
    const long = '文'.repeat(129);
    const e = onlyError(validateRow(penalty, penaltyRow({ CF_WSH: long }), TODAY));
    assert.equal(e.code, 'TOO_LONG');
    assert.equal(e.field, 'CF_WSH');
    assert.equal(e.value, long);
    assert.match(e.zh, /最多 128 个字符，实际 129 个/);
    ok(validateRow(penalty, penaltyRow({ CF_WSH: '文'.repeat(128) }), TODAY));
  });
});

describe('validateRow: licenses', () => {
  test('长期 means valid until 2099-12-31; status defaults to 有效', () => {
    const rec = ok(validateRow(license, licenseRow({ XK_YXQZI: '长期', XK_XKLB: '普通许可' }), TODAY));
    assert.equal(rec.validFrom, '2025-05-20');
    assert.equal(rec.validUntil, '2099-12-31');
    assert.equal(rec.fields.XK_YXQZI, '2099-12-31');
    assert.equal(rec.status, 'valid');
    assert.equal(rec.fields.XK_ZT, '有效');
    assert.equal(rec.fields.XK_XKLB, '普通');
    assert.equal(rec.ref, '石食经许〔2025〕88号');
    assert.equal(rec.severity, undefined);
    assert.equal(rec.penaltyKinds, undefined);
    assert.equal(ok(validateRow(license, licenseRow({ XK_YXQZI: '2099-12-31' }), TODAY)).validUntil, '2099-12-31');
  });

  test('status by numeric code', () => {
    assert.equal(ok(validateRow(license, licenseRow({ XK_ZT: '2' }), TODAY)).status, 'invalid');
  });

  test('a license decided tomorrow, or valid until before it starts', () => {
    assert.equal(onlyError(validateRow(license, licenseRow({ XK_JDRQ: '2025-07-01' }), TODAY)).code, 'DATE_IN_FUTURE');
    assert.equal(onlyError(validateRow(license, licenseRow({ XK_YXQZI: '2025-05-19' }), TODAY)).code, 'DATE_BEFORE');
  });
});

describe('mapHeader', () => {
  test('by field codes in any case', () => {
    const m = mapHeader(penalty, ['cf_xdr_mc', 'CF_WSH', 'Cf_Jdrq']);
    assert.deepEqual(m.columns, ['CF_XDR_MC', 'CF_WSH', 'CF_JDRQ']);
    assert.deepEqual(m.unknown, []);
  });

  test('by Chinese names, with spaces, * and full-width or half-width brackets', () => {
    const m = mapHeader(penalty, [' 行政相对人名称* ', '＊处罚决定日期', '罚款金额(万元)', '罚款金额（万元）', '处罚类别（必填）']);
    assert.deepEqual(m.columns, ['CF_XDR_MC', 'CF_JDRQ', 'CF_NR_FK', undefined, 'CF_CFLB']);
    assert.deepEqual(m.duplicates, ['罚款金额（万元）']);
  });

  test('by aliases', () => {
    const m = mapHeader(penalty, ['相对人名称', '行政相对人代码_1（统一社会信用代码）', '处罚种类', '决定书文号']);
    assert.deepEqual(m.columns, ['CF_XDR_MC', 'CF_XDR_SHXYM', 'CF_CFLB', 'CF_WSH']);
  });

  test('reports unknown columns and missing required ones; empty header cells are neither', () => {
    const m = mapHeader(penalty, ['行政相对人名称', '序号', '', 'CF_WSH', '录入人']);
    assert.deepEqual(m.columns, ['CF_XDR_MC', undefined, undefined, 'CF_WSH', undefined]);
    assert.deepEqual(m.unknown, ['序号', '录入人']);
    assert.ok(m.missingRequired.includes('CF_JDRQ'));
    assert.ok(m.missingRequired.includes('CF_SJLYDM'));
    assert.ok(!m.missingRequired.includes('CF_XDR_MC'));
    assert.ok(!m.missingRequired.includes('CF_NR_FK')); // only conditionally required
    assert.ok(!m.missingRequired.includes('SEVERITY')); // has a default
  });

  test('a complete header with every Chinese name misses nothing', () => {
    const m = mapHeader(license, license.fields.map((f) => f.name));
    assert.deepEqual(m.columns, license.fields.map((f) => f.code));
    assert.deepEqual(m.missingRequired, []);
  });
});

describe('validateJsonRecord', () => {
  test('keys may be codes in any case or Chinese names', () => {
    const row = penaltyRow({ CF_CFLB: '罚款', CF_NR_FK: 1.5 });
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) obj[k.toLowerCase()] = v;
    delete obj.cf_wsh;
    obj['行政处罚决定书文号'] = '石市监罚〔2025〕12号';
    const rec = ok(validateJsonRecord(penalty, obj, TODAY));
    assert.equal(rec.ref, '石市监罚〔2025〕12号');
    assert.equal(rec.fields.CF_NR_FK, '1.5');
  });

  test('objects as values and contradicting duplicate keys are rejected', () => {
    const errors = errorsOf(
      validateJsonRecord(penalty, { ...penaltyRow(), CF_NR: { text: '警告' }, '行政处罚决定书文号': '另一个文号' }, TODAY),
    );
    const codes = errors.map((e) => `${e.field}:${e.code}`).sort();
    assert.ok(codes.includes('CF_NR:VALUE_TYPE_INVALID'), codes.join());
    assert.ok(codes.includes('CF_WSH:DUPLICATE_FIELD'), codes.join());
  });

  test('true and false are refused as values, not filed as the text "true"/"false"', () => {
    for (const v of [true, false]) {
      const errors = errorsOf(validateJsonRecord(penalty, { ...penaltyRow(), CF_WSH: v }, TODAY));
      assert.deepEqual(errors.map((e) => `${e.field}:${e.code}`), ['CF_WSH:VALUE_TYPE_INVALID']);
      assert.match(errors[0]!.zh, /应为字符串或数字/);
    }
  });
});
