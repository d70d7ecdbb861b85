import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysBetween,
  excelSerialToDate,
  fromDayNumber,
  isValidDate,
  jsDateToDateStr,
  parseDateInput,
  toDayNumber,
  todayIn,
} from './dates.ts';

describe('isValidDate', () => {
  test('accepts real dates in strict form', () => {
    for (const s of ['2025-01-01', '2024-02-29', '2000-02-29', '1900-02-28', '9999-12-31', '0001-01-01']) {
      assert.equal(isValidDate(s), true, s);
    }
  });
  test('rejects unreal dates and other forms', () => {
    for (const s of ['2025-02-29', '1900-02-29', '2100-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-01-00',
      '0000-01-01', '2025-1-01', '2025/01/01', '20250101', ' 2025-01-01', '2025-01-01 ', '2025-01-01T00:00', '', 'abcd-ef-gh', '２０２５-01-01']) {
      assert.equal(isValidDate(s), false, s);
    }
  });
});

describe('parseDateInput', () => {
  test('every accepted form gives the same date', () => {
    const forms = [
      '2025-03-07', '2025-3-7', '2025/3/7', '2025/03/07', '2025.3.7', '2025.03.07', '20250307',
      '2025年3月7日', '2025年03月07日', '2025 年 3 月 7 日',
      '  2025-03-07  ', '\u30002025-03-07\u3000', '\t2025/3/7\n',
      '２０２５-０３-０７', '２０２５年３月７日', '２０２５／３／７', '２０２５０３０７',
      '2025-03-07 08:30:00', '2025-03-07 8:30', '2025-03-07T08:30:00', '2025-03-07T08:30:00.123Z',
      '2025-03-07T23:59:59+08:00', '2025/3/7 14:05', '2025年3月7日 09:00', '2025-03-07 00:00:00.000',
    ];
    for (const f of forms) assert.equal(parseDateInput(f), '2025-03-07', JSON.stringify(f));
  });
  test('an ISO instant keeps the date as written (no time-zone shift)', () => {
    assert.equal(parseDateInput('2025-12-31T20:00:00Z'), '2025-12-31');
  });
  test('leap days', () => {
    assert.equal(parseDateInput('2024/2/29'), '2024-02-29');
    assert.equal(parseDateInput('2023/2/29'), undefined);
  });
  test('rejects non-dates', () => {
    for (const s of ['2025-13-01', '20250230', '2025-02-30', 'abc', '', '   ', '2025-1', '2025-01-01-01', '2025-01/01',
      '25-01-01', '2025013', '202501011', '2025年13月1日', '2025年2月30日', '2025-01-01 25:00', '2025-01-01 10:60',
      '2025-01-01T', '0000-01-01', '2025年1月', 'Jan 1 2025']) {
      assert.equal(parseDateInput(s), undefined, JSON.stringify(s));
    }
  });
});

describe('excelSerialToDate', () => {
  test('known serials', () => {
    assert.equal(excelSerialToDate(45658), '2025-01-01');
    assert.equal(excelSerialToDate(45658.75), '2025-01-01'); // time of day dropped
    assert.equal(excelSerialToDate(1), '1900-01-01');
    assert.equal(excelSerialToDate(59), '1900-02-28');
    assert.equal(excelSerialToDate(61), '1900-03-01');
    assert.equal(excelSerialToDate(36526), '2000-01-01');
    assert.equal(excelSerialToDate(2958465), '9999-12-31');
  });
  test('serial 60 (Excel\'s fictitious 1900-02-29) and non-dates are rejected', () => {
    for (const v of [60, 60.5, 0, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2958466]) {
      assert.throws(() => excelSerialToDate(v), RangeError, String(v));
    }
  });
});

describe('jsDateToDateStr', () => {
  test('uses UTC fields', () => {
    assert.equal(jsDateToDateStr(new Date(Date.UTC(2025, 0, 1))), '2025-01-01');
    assert.equal(jsDateToDateStr(new Date(Date.UTC(2025, 0, 1, 23, 59, 59))), '2025-01-01');
    assert.equal(jsDateToDateStr(new Date('2024-02-29T00:00:00Z')), '2024-02-29');
  });
  test('rejects an invalid Date', () => {
    assert.throws(() => jsDateToDateStr(new Date('nope')), RangeError);
  });
});

describe('day arithmetic', () => {
  test('addDays across month, year and leap boundaries', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2023-02-28', 1), '2023-03-01');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2025-01-01', -1), '2024-12-31');
    assert.equal(addDays('2025-03-01', 0), '2025-03-01');
    assert.equal(addDays('2025-01-01', 365), '2026-01-01');
    assert.equal(addDays('2024-01-01', 366), '2025-01-01');
    assert.throws(() => addDays('2025-01-01', 1.5), RangeError);
    assert.throws(() => addDays('2025-02-30', 1), RangeError);
  });
  test('daysBetween is b - a', () => {
    assert.equal(daysBetween('2025-01-01', '2025-12-31'), 364);
    assert.equal(daysBetween('2025-12-31', '2025-01-01'), -364);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    assert.equal(daysBetween('1970-01-01', '2000-01-01'), 10957);
  });
  test('day numbers round-trip over four centuries', () => {
    let n = toDayNumber('1900-01-01');
    const end = toDayNumber('2300-12-31');
    let prev = '';
    for (; n <= end; n++) {
      const d = fromDayNumber(n);
      assert.equal(toDayNumber(d), n);
      if (prev) assert.equal(compareDates(prev, d), -1);
      prev = d;
    }
    assert.equal(prev, '2300-12-31');
  });
  test('day numbers agree with Date.UTC', () => {
    for (const d of ['0001-01-01', '1899-12-30', '1970-01-01', '2025-06-15', '9999-12-31']) {
      const [y, m, day] = d.split('-').map(Number);
      const utc = new Date(0);
      utc.setUTCFullYear(y, m - 1, day);
      assert.equal(toDayNumber(d), Math.floor(utc.getTime() / 86400000), d);
    }
  });
  test('compareDates', () => {
    assert.equal(compareDates('2025-01-01', '2025-01-02'), -1);
    assert.equal(compareDates('2025-01-02', '2025-01-01'), 1);
    assert.equal(compareDates('2025-01-01', '2025-01-01'), 0);
    assert.deepEqual(['2025-10-01', '2024-12-31', '2025-02-01'].sort(compareDates), ['2024-12-31', '2025-02-01', '2025-10-01']);
  });
  test('dayOfWeek', () => {
    assert.equal(dayOfWeek('1970-01-01'), 4);
    assert.equal(dayOfWeek('2025-01-26'), 0); // Sunday
    assert.equal(dayOfWeek('2025-02-08'), 6); // Saturday
    assert.equal(dayOfWeek('2025-10-01'), 3); // Wednesday
    assert.equal(dayOfWeek('1900-01-01'), 1); // Monday
  });
});

describe('addMonths / addYears (民法典 art. 202)', () => {
  test('corresponding day, else the last day of the month', () => {
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2023-01-31', 1), '2023-02-28');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
    assert.equal(addMonths('2025-03-31', 1), '2025-04-30');
    assert.equal(addMonths('2025-01-15', 3), '2025-04-15');
    assert.equal(addMonths('2025-11-30', 3), '2026-02-28');
    assert.equal(addMonths('2025-03-31', -1), '2025-02-28');
    assert.equal(addMonths('2025-01-31', -2), '2024-11-30');
    assert.equal(addMonths('2025-05-20', 0), '2025-05-20');
    assert.equal(addMonths('2025-12-01', 1), '2026-01-01');
    assert.equal(addMonths('2026-01-01', -1), '2025-12-01');
  });
  test('addYears is twelve months', () => {
    assert.equal(addYears('2024-02-29', 1), '2025-02-28');
    assert.equal(addYears('2024-02-29', 4), '2028-02-29');
    assert.equal(addYears('2025-06-30', 3), '2028-06-30');
    assert.equal(addYears('2025-06-30', -1), '2024-06-30');
  });
  test('invalid input', () => {
    assert.throws(() => addMonths('2025-02-30', 1), RangeError);
    assert.throws(() => addMonths('2025-01-01', 0.5), RangeError);
    assert.throws(() => addYears('9999-01-01', 1), RangeError);
  });
});

describe('todayIn', () => {
  const instant = new Date('2025-12-31T16:30:00Z'); // 00:30 on 2026-01-01 in Beijing
  test('defaults to Asia/Shanghai', () => {
    assert.equal(todayIn(undefined, instant), '2026-01-01');
    assert.equal(todayIn('Asia/Shanghai', instant), '2026-01-01');
  });
  test('other zones', () => {
    assert.equal(todayIn('UTC', instant), '2025-12-31');
    assert.equal(todayIn('America/New_York', instant), '2025-12-31');
  });
  test('without a clock argument returns a valid date', () => {
    assert.equal(isValidDate(todayIn()), true);
  });
  test('the last answer is kept per zone and second only: midnight, and zones asked in turn', () => {
    const before = new Date('2025-12-31T15:59:59.999Z'); // 23:59:59.999 in Beijing
    const after = new Date('2025-12-31T16:00:00.000Z'); // 00:00 on 2026-01-01 in Beijing
    for (let i = 0; i < 3; i++) {
      assert.equal(todayIn('Asia/Shanghai', before), '2025-12-31');
      assert.equal(todayIn('UTC', before), '2025-12-31');
      assert.equal(todayIn('Asia/Shanghai', after), '2026-01-01');
      assert.equal(todayIn('Pacific/Kiritimati', after), '2026-01-01'); // UTC+14
      assert.equal(todayIn('Pacific/Pago_Pago', after), '2025-12-31'); // UTC−11
      assert.equal(todayIn('Asia/Shanghai', new Date(before.getTime() - 999)), '2025-12-31'); // same second as `before`
    }
  });
});
