import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublicRecord, RecordCategory } from '../../shared/api.ts';
import { byCategory, countByYear } from './records.ts';

function record(id: string, category: RecordCategory, decisionDate: string): PublicRecord {
  return {
    id,
    category,
    categoryName: category === 'license' ? '行政许可' : '行政处罚',
    ref: `ref-${id}`,
    decisionDate,
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
    assert.deepEqual(countByYear([]), { years: [], license: [], penalty: [] });
  });
  test('counts per decision year and fills the gap years with zero', () => {
    const counts = countByYear([
      record('a', 'penalty', '2022-12-31'),
      record('b', 'license', '2025-01-01'),
      record('c', 'penalty', '2025-06-30'),
      record('d', 'license', '2022-01-01'),
    ]);
    assert.deepEqual(counts, {
      years: ['2022', '2023', '2024', '2025'],
      license: [1, 0, 0, 1],
      penalty: [1, 0, 0, 1],
    });
  });
});
