import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLabel, formatDataAsOf, publicationPeriod, subjectIdentifier } from './labels.ts';
import { parseCategory, parseDateStr, parsePositiveInt, withParams } from './url.ts';

describe('labels', () => {
  test('codeLabel tells a USCC from a 15-digit registration number', () => {
    assert.equal(codeLabel('91130100MA07Q5XY3T'), '统一社会信用代码');
    assert.equal(codeLabel('130100000123456'), '注册号');
    assert.equal(codeLabel('ABC'), '代码');
    assert.equal(codeLabel(null), '证件号码');
  });
  test('subjectIdentifier prefers the code, then the masked ID', () => {
    assert.equal(subjectIdentifier({ code: '130100000123456', maskedId: null }), '130100000123456');
    assert.equal(subjectIdentifier({ code: null, maskedId: '130102********1234' }), '130102********1234');
    assert.equal(subjectIdentifier({ code: null, maskedId: null }), '—');
  });
  test('publicationPeriod shows an open end as 起', () => {
    assert.equal(publicationPeriod('2025-03-01', '2026-03-01'), '2025-03-01 至 2026-03-01');
    assert.equal(publicationPeriod('2025-03-01', null), '2025-03-01 起');
  });
});

describe('url params', () => {
  test('parsePositiveInt accepts 1..max and falls back otherwise', () => {
    assert.equal(parsePositiveInt('3', 1), 3);
    assert.equal(parsePositiveInt(null, 1), 1);
    assert.equal(parsePositiveInt('0', 1), 1);
    assert.equal(parsePositiveInt('-2', 1), 1);
    assert.equal(parsePositiveInt('2.5', 1), 1);
    assert.equal(parsePositiveInt('101', 20, 100), 20);
    assert.equal(parsePositiveInt('100', 20, 100), 100);
  });
  test('parseCategory only knows license and penalty', () => {
    assert.equal(parseCategory('license'), 'license');
    assert.equal(parseCategory('penalty'), 'penalty');
    assert.equal(parseCategory('list'), undefined);
    assert.equal(parseCategory(null), undefined);
  });
  test('parseDateStr checks the calendar, leap years included', () => {
    assert.equal(parseDateStr('2024-02-29'), '2024-02-29');
    assert.equal(parseDateStr('2025-02-29'), undefined);
    assert.equal(parseDateStr('1900-02-29'), undefined);
    assert.equal(parseDateStr('2000-02-29'), '2000-02-29');
    assert.equal(parseDateStr('2025-04-31'), undefined);
    assert.equal(parseDateStr('2025-13-01'), undefined);
    assert.equal(parseDateStr('2025-1-01'), undefined);
    assert.equal(parseDateStr(null), undefined);
  });
  test('withParams sets, replaces and removes keys without touching others', () => {
    const next = withParams(new URLSearchParams('q=a&page=3&pageSize=50'), { page: undefined, category: 'license', pageSize: 20 });
    assert.equal(next.toString(), 'q=a&pageSize=20&category=license');
  });
});

describe('formatDataAsOf', () => {
  test('Beijing time to the second, across the UTC day boundary', () => {
    assert.equal(formatDataAsOf('2026-12-06T03:34:05.678Z'), '数据截至 2026-12-06 11:34:05');
    assert.equal(formatDataAsOf('2026-12-31T16:00:00.000Z'), '数据截至 2027-01-01 00:00:00');
    assert.equal(formatDataAsOf('2026-12-06T11:34:05+08:00'), '数据截至 2026-12-06 11:34:05');
  });
  test('not an instant: nothing', () => {
    assert.equal(formatDataAsOf('yesterday'), null);
    assert.equal(formatDataAsOf(''), null);
  });
});
