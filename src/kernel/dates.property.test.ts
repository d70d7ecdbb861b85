// Properties of date parsing (every accepted format) and date arithmetic (fast-check).
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, excelSerialToDate, fromDayNumber, isValidDate, parseDateInput, toDayNumber } from './dates.ts';

// days from 1900-03-01 to 9999-12-31
const dayNumber = fc.integer({ min: toDayNumber('1900-03-01'), max: toDayNumber('9999-12-31') });
const date = dayNumber.map(fromDayNumber);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const time = fc.constantFrom('', ' 10:00', 'T10:00:00', ' 23:59:59.123', 'T00:00:00Z', ' 08:30+08:00', 'T12:00:00.5-0500');

// every spelling parseDateInput accepts for a date
function spellings(d: string): string[] {
  const [y, m, dd] = d.split('-') as [string, string, string];
  const mi = String(Number(m)), di = String(Number(dd));
  return [`${y}-${m}-${dd}`, `${y}/${mi}/${di}`, `${y}.${m}.${dd}`, `${y}-${mi}-${di}`, `${y}${m}${dd}`, `${y}年${mi}月${di}日`, `${y} 年 ${m} 月 ${dd} 日`];
}

test('property: every accepted spelling of a real date parses to it, with times, padding and full width', () => {
  fc.assert(
    fc.property(date, fc.integer({ min: 0, max: 6 }), time, fc.boolean(), fc.constantFrom('', ' ', '\u3000'), (d, k, t, wide, pad) => {
      let s = spellings(d)[k]!;
      if (k !== 4) s += t; // the compact form takes no time
      if (wide) s = fullWidth(s);
      return parseDateInput(pad + s + pad) === d;
    }),
  );
});

test('property: a day past the end of its month never parses', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (y, m, d) => {
      const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const real = new Date(Date.UTC(2000, m - 1, d)).getUTCMonth() === m - 1 && (d <= 28 || isValidDate(s));
      return real ? parseDateInput(s) === s : parseDateInput(s) === undefined;
    }),
  );
});

test('property: whatever the text, parseDateInput answers a valid date or undefined, and never throws', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
    const r = parseDateInput(s);
    return r === undefined || isValidDate(r);
  }));
});

test('property: day numbers, addDays and daysBetween agree', () => {
  fc.assert(fc.property(dayNumber, (n) => toDayNumber(fromDayNumber(n)) === n));
  fc.assert(
    fc.property(date, fc.integer({ min: -30_000, max: 30_000 }), (d, n) => {
      const r = toDayNumber(d) + n;
      fc.pre(r >= toDayNumber('0001-01-01') && r <= toDayNumber('9999-12-31'));
      const e = addDays(d, n);
      return daysBetween(d, e) === n && addDays(e, -n) === d;
    }),
  );
});

test('property: addMonths keeps the day or clamps it to the month end, and is monotonic', () => {
  fc.assert(
    fc.property(date, fc.integer({ min: 0, max: 120 }), (d, n) => {
      fc.pre(d < '9989-01-01');
      const e = addMonths(d, n);
      const day = Number(d.slice(8)), eday = Number(e.slice(8));
      const months = (Number(e.slice(0, 4)) - Number(d.slice(0, 4))) * 12 + Number(e.slice(5, 7)) - Number(d.slice(5, 7));
      const clampedToEnd = eday < day && addDays(e, 1).slice(8) === '01';
      return months === n && (eday === day || clampedToEnd) && addMonths(d, n + 1) > e;
    }),
  );
});

test('property: Excel serials from 61 on map to consecutive days', () => {
  fc.assert(
    fc.property(fc.integer({ min: 61, max: 2958464 }), (s) => daysBetween(excelSerialToDate(s), excelSerialToDate(s + 1)) === 1),
  );
});
