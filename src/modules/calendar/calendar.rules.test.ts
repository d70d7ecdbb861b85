import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHolidayNotice } from './calendar.rules.ts';

test('a notice with named holidays, ranges and make-up days', () => {
  const r = parseHolidayNotice({
    year: 2027,
    source: '测试用放假安排',
    holidays: [
      { name: '元旦', rest: ['2027-01-01~2027-01-03'] },
      { name: '春节', rest: ['2027-02-05..2027-02-11'], work: ['2027-01-31', '2027-02-20'] },
    ],
  });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.notice.rest, ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
  assert.deepEqual(r.notice.work, ['2027-01-31', '2027-02-20']);
  assert.deepEqual(r.warnings, []); // both make-up days are weekend days
});

test('the flat form, and a warning for a make-up day that is a weekday anyway', () => {
  const r = parseHolidayNotice({ year: 2027, source: 'x', rest: ['2027-10-01'], work: ['2027-09-29'] });
  assert.ok(r.ok && r.warnings.map((w) => w.code).join() === 'NOTICE_WORK_ON_WEEKDAY');
});

test('refused: no source, bad dates, reversed or overlong ranges, a day both rest and work, days of another year', () => {
  const codes = (raw: unknown) => {
    const r = parseHolidayNotice(raw);
    return r.ok ? [] : r.problems.map((p) => p.code);
  };
  assert.deepEqual(codes({ year: 2027, rest: ['2027-01-01'] }), ['NOTICE_SOURCE']);
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2027-02-30'] }), ['NOTICE_DATE', 'NOTICE_NO_REST']);
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2027-02-11~2027-02-05'] }), ['NOTICE_RANGE', 'NOTICE_NO_REST']);
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2027-01-01~2027-03-01'] }), ['NOTICE_RANGE', 'NOTICE_NO_REST']);
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2027-02-06'], work: ['2027-02-06'] }), ['NOTICE_CONFLICT']);
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2028-05-01'] }), ['NOTICE_OUT_OF_YEAR']);
  // a make-up working day just before the year (元旦 at the turn of the year) is accepted
  assert.deepEqual(codes({ year: 2027, source: 'x', rest: ['2027-01-01'], work: ['2026-12-26'] }), []);
  assert.deepEqual(codes('not a notice'), ['NOTICE_NOT_OBJECT']);
});
