import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../kernel/calendar.ts';
import {
  asOfDay,
  periodLabel,
  provisionalFresh,
  compositeScore,
  inTail,
  isCovered,
  parsePeriod,
  periodOf,
  previousPeriod,
  rankByScore,
  rulesFromEntries,
  silenceDeadline,
  slotSpan,
  slotsOf,
  type DirectoryRule,
  type EntryLike,
} from './monitoring.rules.ts';

const rule = (o: Partial<DirectoryRule>): DirectoryRule => ({ departmentId: 1, category: 'penalty', frequency: 'monthly', from: '2024-01-01', zeroCounts: true, ...o });
const spans = (r: DirectoryRule, period: string, asOf = '2099-12-31') => slotsOf(r, parsePeriod(period)!, asOf).map((s) => `${s.start}~${s.end}`);

test('periods: months end on their last day (leap February), quarters and years; malformed ones are refused', () => {
  assert.deepEqual(parsePeriod('2026-11'), { code: '2026-11', kind: 'month', start: '2026-11-01', end: '2026-11-30' });
  assert.equal(parsePeriod('2028-02')!.end, '2028-02-29');
  assert.equal(parsePeriod('2026-02')!.end, '2026-02-28');
  assert.deepEqual(parsePeriod('2026-Q4'), { code: '2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
  assert.deepEqual(parsePeriod('2026-Q1'), { code: '2026-Q1', kind: 'quarter', start: '2026-01-01', end: '2026-03-31' });
  assert.deepEqual(parsePeriod('2026'), { code: '2026', kind: 'year', start: '2026-01-01', end: '2026-12-31' });
  for (const bad of ['2026-13', '2026-00', '2026-Q5', '26-11', '2026/11', '', '2026-11-01x']) assert.equal(parsePeriod(bad), undefined, bad);
  assert.equal(previousPeriod(parsePeriod('2026-01')!).code, '2025-12');
  assert.equal(previousPeriod(parsePeriod('2026-Q1')!).code, '2025-Q4');
  assert.equal(previousPeriod(parsePeriod('2026')!).code, '2025');
  assert.equal(periodOf('quarter', '2026-12-31').code, '2026-Q4');
  assert.equal(periodOf('month', '2026-03-01').code, '2026-03');
});

test('slots: a monthly item is one slot per month; a quarter holds three; a year twelve', () => {
  assert.deepEqual(spans(rule({}), '2026-11'), ['2026-11-01~2026-11-30']);
  assert.deepEqual(spans(rule({}), '2026-Q4'), ['2026-10-01~2026-10-31', '2026-11-01~2026-11-30', '2026-12-01~2026-12-31']);
  assert.equal(spans(rule({}), '2026').length, 12);
  assert.equal(spans(rule({ frequency: 'daily' }), '2026-02').length, 28);
  assert.equal(spans(rule({ frequency: 'daily' }), '2028-02').length, 29);
});

test('slots: a slot belongs to the period it ends in (weeks across month ends, quarters in their last month)', () => {
  // 2026-11-30 is a Monday: the week 11-30 … 12-06 ends in December
  assert.deepEqual(slotSpan('weekly', '2026-12-01'), { start: '2026-11-30', end: '2026-12-06' });
  const nov = spans(rule({ frequency: 'weekly' }), '2026-11');
  assert.equal(nov[0], '2026-10-26~2026-11-01'); // ends on Sunday 11-01
  assert.equal(nov.at(-1), '2026-11-23~2026-11-29');
  assert.equal(nov.length, 5);
  assert.equal(spans(rule({ frequency: 'weekly' }), '2026-12')[0], '2026-11-30~2026-12-06');
  // a quarterly item owes its Q4 slot in December's evaluation, none in October's or November's
  assert.deepEqual(spans(rule({ frequency: 'quarterly' }), '2026-10'), []);
  assert.deepEqual(spans(rule({ frequency: 'quarterly' }), '2026-11'), []);
  assert.deepEqual(spans(rule({ frequency: 'quarterly' }), '2026-12'), ['2026-10-01~2026-12-31']);
  assert.deepEqual(spans(rule({ frequency: 'quarterly' }), '2026'), ['2026-01-01~2026-03-31', '2026-04-01~2026-06-30', '2026-07-01~2026-09-30', '2026-10-01~2026-12-31']);
});

test('slots: an entry starting mid-period owes only the slots wholly in force; one ending stops owing', () => {
  assert.deepEqual(spans(rule({ from: '2026-11-15' }), '2026-11'), []);
  assert.deepEqual(spans(rule({ from: '2026-11-15' }), '2026-Q4'), ['2026-12-01~2026-12-31']);
  assert.deepEqual(spans(rule({ from: '2026-11-01' }), '2026-11'), ['2026-11-01~2026-11-30']);
  assert.deepEqual(spans(rule({ frequency: 'daily', from: '2026-11-29' }), '2026-11'), ['2026-11-29~2026-11-29', '2026-11-30~2026-11-30']);
  // frequency changed to quarterly from 12-01: November still monthly, December's month slot gone
  assert.deepEqual(spans(rule({ until: '2026-12-01' }), '2026-Q4'), ['2026-10-01~2026-10-31', '2026-11-01~2026-11-30']);
  assert.deepEqual(spans(rule({ frequency: 'quarterly', from: '2026-12-01' }), '2026-Q4'), []); // quarter not wholly in force
});

test('slots: in a running period only the slots ended by the evaluation day are due', () => {
  assert.deepEqual(spans(rule({ frequency: 'daily' }), '2026-11', '2026-11-03').length, 3);
  assert.deepEqual(spans(rule({}), '2026-11', '2026-11-29'), []);
  assert.deepEqual(spans(rule({}), '2026-11', '2026-11-30'), ['2026-11-01~2026-11-30']);
});

test('coverage: a record received inside the slot, or a nil return covering it when nil returns count', () => {
  const [slot] = slotsOf(rule({}), parsePeriod('2026-11')!, '2026-12-31');
  assert.equal(isCovered(slot!, ['2026-11-30'], []), true);
  assert.equal(isCovered(slot!, ['2026-11-01'], []), true);
  assert.equal(isCovered(slot!, ['2026-10-31', '2026-12-01'], []), false);
  assert.equal(isCovered(slot!, [], [{ start: '2026-11-01', end: '2026-11-30' }]), true);
  assert.equal(isCovered(slot!, [], [{ start: '2026-11-01', end: '2026-11-15' }]), false); // a half-month declaration does not cover the month
  assert.equal(isCovered(slot!, [], [{ start: '2026-10-01', end: '2026-12-31' }]), true);
  const [strict] = slotsOf(rule({ zeroCounts: false }), parsePeriod('2026-11')!, '2026-12-31');
  assert.equal(isCovered(strict!, [], [{ start: '2026-11-01', end: '2026-11-30' }]), false);
});

test('score: weighted mean of the rates that exist, 0–100; null when nothing was due or received', () => {
  const w = { coverage: 40, timeliness: 25, quality: 15, feedback: 10, rights: 10 };
  assert.equal(compositeScore({ coverage: 1, timeliness: 1, quality: 1, feedback: 1, rights: 1 }, w), 100);
  assert.equal(compositeScore({ coverage: 0.5, timeliness: null, quality: null, feedback: null, rights: null }, w), 50);
  assert.equal(compositeScore({ coverage: 1, timeliness: 0, quality: null, feedback: null, rights: null }, w), 61.5); // 40/65
  assert.equal(compositeScore({ coverage: null, timeliness: null, quality: null, feedback: null, rights: null }, w), null);
});

test('ranks: ties keep the same rank, the next rank skips; rows without a score have none', () => {
  assert.deepEqual(rankByScore([{ score: 90 }, { score: 80 }, { score: 90 }, { score: null }, { score: 70 }]), [1, 3, 1, null, 4]);
  const ranks = [1, 2, 3, 4, 5, 5];
  const tail = { lastN: 3, belowScore: null, consecutive: 2 };
  assert.deepEqual(ranks.map((r) => inTail(r, 80, ranks, tail)), [false, false, false, true, true, true]);
  // ties at the cut are all in the tail
  const tied = [1, 2, 3, 3, 3];
  assert.deepEqual(tied.map((r) => inTail(r, 80, tied, tail)), [false, false, true, true, true]);
  // three or fewer ranked: nobody is "last three" by rank alone, only by the score threshold
  assert.deepEqual([1, 2, 3].map((r) => inTail(r, 80, [1, 2, 3], tail)), [false, false, false]);
  assert.equal(inTail(1, 50, [1, 2], { ...tail, belowScore: 60 }), true);
  assert.equal(inTail(null, null, [1, null], tail), false);
});

test('silence: the next slot after the last delivery plus grace working days, across the National Day holiday', () => {
  const cal = createCalendar();
  // delivered in September: the October slot ends 10-31 (Saturday); 5 working days after it: 11-06
  assert.equal(silenceDeadline('monthly', '2026-09-20', 5, cal), '2026-11-06');
  // a daily item last delivered 09-29: the slot 09-30 ends that day; 2026-10-01…10-07 are rest days
  // (国庆/中秋), so 3 working days after 09-30 fall after the holiday
  const d = silenceDeadline('daily', '2026-09-29', 3, cal);
  assert.equal(cal.workingDaysBetween('2026-09-30', d), 3);
  assert.ok(d > '2026-10-07', d);
  for (let day = '2026-10-01'; day <= '2026-10-07'; day = `2026-10-0${Number(day.slice(-1)) + 1}`) assert.equal(cal.isWorkingDay(day), false, day);
  // a quarterly item delivered in Q3: Q4 ends 12-31; 5 working days after it (元旦 a rest day)
  assert.equal(silenceDeadline('quarterly', '2026-08-01', 5, cal), '2027-01-08');
});

test('what a department owes: its own entries win over its kind’s; a withdrawn own entry releases it; a later entry ends an earlier one', () => {
  const e = (o: Partial<EntryLike>): EntryLike => ({ departmentId: null, departmentKind: 'market-regulation', category: 'penalty', frequency: 'monthly', from: '2024-01-01', zeroCounts: true, active: true, ...o });
  const deps = [
    { id: 1, kinds: ['market-regulation'], active: true },
    { id: 2, kinds: ['market-regulation', 'tax'], active: true },
    { id: 3, kinds: ['market-regulation'], active: false },
  ];
  const entries = [
    e({}),
    e({ category: 'license' }),
    e({ departmentKind: 'tax', category: 'a-taxpayer', frequency: 'quarterly', zeroCounts: false }),
    e({ departmentId: 1, departmentKind: null, category: 'penalty', frequency: 'weekly', from: '2026-01-01' }),
    e({ departmentId: 1, departmentKind: null, category: 'penalty', frequency: 'daily', from: '2026-11-01' }),
    e({ departmentId: 2, departmentKind: null, category: 'license', active: false, from: '2026-06-01' }),
  ];
  const rules = rulesFromEntries(entries, deps);
  const of = (id: number) => rules.filter((r) => r.departmentId === id).map((r) => `${r.category}:${r.frequency}:${r.from}~${r.until ?? ''}`).sort();
  // department 1: its own penalty timeline (weekly, then daily) replaces the kind's monthly one
  assert.deepEqual(of(1), ['license:monthly:2024-01-01~', 'penalty:daily:2026-11-01~', 'penalty:weekly:2026-01-01~2026-11-01']);
  // department 2: its withdrawn licence entry releases it from the kind's licence entry
  assert.deepEqual(of(2), ['a-taxpayer:quarterly:2024-01-01~', 'penalty:monthly:2024-01-01~']);
  assert.equal(rules.find((r) => r.category === 'a-taxpayer')!.zeroCounts, false);
  // an inactive department owes nothing
  assert.deepEqual(of(3), []);
});

test('periodLabel: the Chinese name of a month, a quarter, a year in a 通报', () => {
  assert.equal(periodLabel('2026-11'), '2026年11月');
  assert.equal(periodLabel('2026-01'), '2026年1月');
  assert.equal(periodLabel('2026-Q4'), '2026年第四季度');
  assert.equal(periodLabel('2026-Q1'), '2026年第一季度');
  assert.equal(periodLabel('2026'), '2026年度');
  assert.equal(periodLabel('bad'), 'bad');
});

test('provisional results: fresh for the same as-of day and younger than provisionalMinutes, to the millisecond', () => {
  const stored = { asOf: '2026-11-30', computedAt: new Date('2026-12-10T04:00:00Z') };
  assert.equal(provisionalFresh(stored, '2026-11-30', new Date('2026-12-10T04:00:00Z'), 10), true);
  assert.equal(provisionalFresh(stored, '2026-11-30', new Date('2026-12-10T04:09:59.999Z'), 10), true);
  assert.equal(provisionalFresh(stored, '2026-11-30', new Date('2026-12-10T04:10:00Z'), 10), false);
  assert.equal(provisionalFresh(stored, '2026-12-01', new Date('2026-12-10T04:00:01Z'), 10), false);
  // the evaluation day: the period's last day once it has ended, else today
  const nov = parsePeriod('2026-11')!;
  assert.deepEqual([asOfDay(nov, '2026-11-29'), asOfDay(nov, '2026-11-30'), asOfDay(nov, '2026-12-01')], ['2026-11-29', '2026-11-30', '2026-11-30']);
});
