import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, monthColumnOf, monthColumns, statisticsRowOf, statisticsRows } from './statistics.rules.ts';

test('rows: cities, 辛集 and 定州 on their own, 雄安 over its counties, provincial departments, other', () => {
  assert.equal(statisticsRowOf('130102'), '130100'); // 长安区 → 石家庄
  assert.equal(statisticsRowOf('130100'), '130100');
  assert.equal(statisticsRowOf('130181'), '130181'); // 辛集市
  assert.equal(statisticsRowOf('130682'), '130682'); // 定州市
  assert.equal(statisticsRowOf('130629'), '133100'); // 容城县 → 雄安新区, not 保定
  assert.equal(statisticsRowOf('130602'), '130600');
  assert.equal(statisticsRowOf('130000'), '130000');
  assert.equal(statisticsRowOf('110101'), 'other');
  assert.equal(statisticsRowOf(null), 'other');
  const codes = statisticsRows().map((r) => r.code);
  assert.equal(codes.length, 1 + 11 + 2 + 1 + 1);
  assert.deepEqual(codes.slice(0, 3), ['130000', '130100', '130181']);
  assert.deepEqual(codes.slice(-2), ['133100', 'other']);
});

test('months: the twelve ending with today’s, across a year end; earlier before; later into the last', () => {
  const cols = monthColumns('2027-01-31');
  assert.deepEqual([cols[0], cols[1], cols[12]], ['earlier', '2026-02', '2027-01']);
  assert.equal(cols.length, 13);
  assert.equal(monthColumnOf('2026-01', cols), 'earlier');
  assert.equal(monthColumnOf('2026-02', cols), '2026-02');
  assert.equal(monthColumnOf('2027-02', cols), '2027-01');
  assert.deepEqual(monthColumns('2026-12-01').slice(1, 2), ['2026-01']);
});

test('every breakdown sums to its total', () => {
  const s = aggregate(
    [
      { measure: 'publications', regionCode: '130102', month: '2026-11', n: 3 },
      { measure: 'publications', regionCode: '130629', month: '2020-01', n: 2 },
      { measure: 'subjects', regionCode: null, month: '2026-10', n: 5 },
      { measure: 'repairs', regionCode: '130000', month: '2026-11', n: 1 },
    ],
    '2026-11-20',
  );
  assert.deepEqual(s.totals, { publications: 5, subjects: 5, listEntries: 0, repairs: 1 });
  for (const m of ['publications', 'subjects', 'listEntries', 'repairs'] as const) {
    assert.equal(s.byCity.reduce((n, r) => n + r[m], 0), s.totals[m], m);
    assert.equal(s.byMonth.reduce((n, r) => n + r[m], 0), s.totals[m], m);
  }
  assert.equal(s.byCity.find((r) => r.code === '133100')!.publications, 2);
  assert.equal(s.byMonth.find((r) => r.month === 'earlier')!.publications, 2);
});
