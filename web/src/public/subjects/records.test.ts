import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublicRecord, SubjectCategory } from '../../shared/api.ts';
import { blackListEntries, byCategory, countByYear } from './records.ts';

const NAMES: Record<string, string> = { license: '行政许可', penalty: '行政处罚', 'dishonest-debtor': '失信被执行人' };
const CATEGORIES: SubjectCategory[] = [
  { code: 'license', name: '行政许可', kind: 'license', count: 0 },
  { code: 'penalty', name: '行政处罚', kind: 'penalty', count: 0 },
  { code: 'dishonest-debtor', name: '失信被执行人', kind: 'black', count: 0 },
];

function record(id: string, category: string, decisionDate: string): PublicRecord {
  return {
    id,
    category,
    categoryName: NAMES[category] ?? category,
    list: category === 'dishonest-debtor' ? { kind: 'black' } : null,
    ref: `ref-${id}`,
    decisionDate,
    disputed: false,
    severity: category === 'penalty' ? 'general' : null,
    publicFrom: decisionDate,
    publicUntil: null,
    department: { name: '某部门' },
    fields: [],
  };
}

describe('byCategory', () => {
  test('keeps one category, newest decision first, ties in server order', () => {
    const records = [
      record('a', 'penalty', '2024-05-01'),
      record('b', 'license', '2025-01-01'),
      record('c', 'penalty', '2025-03-02'),
      record('d', 'penalty', '2024-05-01'),
    ];
    assert.deepEqual(byCategory(records, 'penalty').map((r) => r.id), ['c', 'a', 'd']);
    assert.deepEqual(byCategory(records, 'license').map((r) => r.id), ['b']);
  });
  test('does not reorder the input array', () => {
    const records = [record('a', 'penalty', '2023-01-01'), record('b', 'penalty', '2025-01-01')];
    byCategory(records, 'penalty');
    assert.deepEqual(records.map((r) => r.id), ['a', 'b']);
  });
});

describe('countByYear', () => {
  test('is empty for no records', () => {
    assert.deepEqual(countByYear([], CATEGORIES), { years: [], series: [] });
  });
  test('counts per decision year and fills the gap years with zero', () => {
    const counts = countByYear([
      record('a', 'penalty', '2022-12-31'),
      record('b', 'license', '2025-01-01'),
      record('c', 'penalty', '2025-06-30'),
      record('d', 'license', '2022-01-01'),
    ], CATEGORIES);
    assert.deepEqual(counts, {
      years: ['2022', '2023', '2024', '2025'],
      series: [
        { code: 'license', name: '行政许可', counts: [1, 0, 0, 1] },
        { code: 'penalty', name: '行政处罚', counts: [1, 0, 0, 1] },
      ],
    });
  });
  test('a list entry is its own named series, never counted as a penalty', () => {
    const counts = countByYear([record('a', 'penalty', '2025-01-01'), record('b', 'dishonest-debtor', '2025-03-01')], CATEGORIES);
    assert.deepEqual(counts.series, [
      { code: 'penalty', name: '行政处罚', counts: [1] },
      { code: 'dishonest-debtor', name: '失信被执行人', counts: [1] },
    ]);
  });
  test('a category the page does not know still gets a series under its own name', () => {
    const counts = countByYear([record('a', 'a-taxpayer', '2025-01-01')], CATEGORIES);
    assert.deepEqual(counts.series, [{ code: 'a-taxpayer', name: 'a-taxpayer', counts: [1] }]);
  });
});

describe('blackListEntries', () => {
  test('only black-list entries, newest first', () => {
    const records = [record('a', 'dishonest-debtor', '2024-01-01'), record('b', 'penalty', '2025-01-01'), record('c', 'dishonest-debtor', '2025-02-01')];
    assert.deepEqual(blackListEntries(records).map((r) => r.id), ['c', 'a']);
  });
});
