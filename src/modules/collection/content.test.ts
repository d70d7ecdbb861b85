import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../kernel/crypto.ts';
import { loadCatalogFiles } from '../catalog/catalog.load.ts';
import { validateRow } from '../catalog/catalog.rows.ts';
import { createRng, demoDepartments, generateLicenseRows, generatePenaltyRows, subjectAt } from '../demo/demo.generator.ts';
import { recordContentJson } from './content.ts';

const defs = new Map(loadCatalogFiles().map((d) => [d.code, d]));

test('recordContentJson is canonicalJson({ kind, fields }) byte for byte (hashes of stored records stay valid)', () => {
  const opts = (count: number) => ({ subjects: (i: number) => subjectAt(11, i), count, departments: demoDepartments().slice(0, 5), today: '2026-11-20' });
  let checked = 0;
  for (const [code, rows] of [
    ['penalty', generatePenaltyRows(createRng(3), opts(300))],
    ['license', generateLicenseRows(createRng(4), opts(300))],
  ] as const) {
    const def = defs.get(code)!;
    for (const row of rows) {
      const r = validateRow(def, row, '2026-11-28');
      if (!r.ok) continue;
      assert.equal(recordContentJson(def, r.record.subject.kind, r.record.fields), canonicalJson({ kind: r.record.subject.kind, fields: r.record.fields }));
      checked++;
    }
  }
  assert.ok(checked > 500, `checked ${checked}`);
});

test('fields beyond the category, absent fields and odd text still match canonicalJson', () => {
  const def = defs.get('penalty')!;
  const cases: Record<string, string | null>[] = [
    {},
    { CF_WSH: 'A"1\\\n\t', CF_XDR_MC: '𠮷 "名"', BZ: null },
    { EXTRA: 'x', CF_WSH: '1' }, // a key the category does not have: the generic path
    { '10': 'a', '2': 'b', CF_WSH: 'c' }, // integer-like keys: JSON.stringify would reorder them
  ];
  for (const fields of cases) assert.equal(recordContentJson(def, 'person', fields), canonicalJson({ kind: 'person', fields }));
});
