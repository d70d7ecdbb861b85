// Working-day arithmetic over generated dates and counts (fast-check), with the package's
// official years and with notices loaded as overrides.
import { test } from 'node:test';
import fc from 'fast-check';
import { createCalendar } from './calendar.ts';
import { addDays, compareDates, fromDayNumber, toDayNumber } from './dates.ts';

const day = fc.integer({ min: toDayNumber('2004-01-01'), max: toDayNumber('2032-12-31') }).map(fromDayNumber);
const overrides = fc.uniqueArray(fc.record({ date: day, workingDay: fc.boolean() }), { selector: (o) => o.date, maxLength: 30 });

test('property: the n-th working day after a date is a working day, after it, and n working days away', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 120 }), overrides, (from, n, ov) => {
      const cal = createCalendar({ overrides: ov });
      const to = cal.addWorkingDays(from, n);
      return cal.isWorkingDay(to) && compareDates(to, from) > 0 && cal.workingDaysBetween(from, to) === n && cal.workingDaysBetween(from, addDays(to, -1)) === n - 1;
    }),
  );
});

test('property: addWorkingDays is monotonic in n and composes', () => {
  fc.assert(
    fc.property(day, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (from, a, b) => {
      const cal = createCalendar();
      const x = cal.addWorkingDays(from, a);
      return cal.addWorkingDays(from, a + b) === cal.addWorkingDays(x, b) && compareDates(cal.addWorkingDays(from, a + 1), x) > 0;
    }),
  );
});

test('property: workingDaysBetween is 0 backwards and additive over a middle day', () => {
  fc.assert(
    fc.property(day, day, day, (a0, b0, c0) => {
      const [a, b, c] = [a0, b0, c0].sort();
      const cal = createCalendar();
      return cal.workingDaysBetween(c!, a!) === 0 || a === c
        ? cal.workingDaysBetween(a!, b!) + cal.workingDaysBetween(b!, c!) === cal.workingDaysBetween(a!, c!)
        : false;
    }),
  );
});

test('property: an override wins over the package and the weekend', () => {
  fc.assert(
    fc.property(day, fc.boolean(), (d, working) => createCalendar({ overrides: [{ date: d, workingDay: working }] }).isWorkingDay(d) === working),
  );
});
