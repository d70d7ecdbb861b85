import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../kernel/crypto.ts';
import { loadCatalogFiles } from '../catalog/catalog.load.ts';
import { validateRow } from '../catalog/catalog.rows.ts';
import { createRng, demoDepartments, generateLicenseRows, generatePenaltyRows, subjectAt } from '../demo/demo.generator.ts';
import { recordContentJson, recordTexts } from './content.ts';
import { splitFields } from './collection.rules.ts';

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

test('recordTexts: the content text, public fields and sealed values of canonicalJson and splitFields, in one pass', () => {
  const opts = (count: number) => ({ subjects: (i: number) => subjectAt(12, i), count, departments: demoDepartments().slice(0, 5), today: '2026-11-20' });
  let checked = 0;
  let sealedSeen = 0;
  for (const [code, rows] of [
    ['penalty', generatePenaltyRows(createRng(5), opts(300))],
    ['license', generateLicenseRows(createRng(6), opts(300))],
  ] as const) {
    const def = defs.get(code)!;
    const masked = new Set(def.fields.filter((f) => f.visibility === 'masked').map((f) => f.code));
    for (const row of rows) {
      const r = validateRow(def, row, '2026-11-28');
      if (!r.ok) continue;
      const t = recordTexts(def, r.record.subject.kind, r.record.fields, masked);
      const split = splitFields(r.record.fields, masked);
      assert.equal(t.content, canonicalJson({ kind: r.record.subject.kind, fields: r.record.fields }));
      assert.deepEqual(JSON.parse(t.publicJson), split.publicFields);
      assert.deepEqual(t.sealed, split.sealed);
      if (t.sealed) sealedSeen++;
      checked++;
    }
  }
  assert.ok(checked > 500 && sealedSeen > 0, `checked ${checked}, sealed ${sealedSeen}`);
  // odd text, empty values, keys beyond the category (the generic path)
  const def = defs.get('penalty')!;
  const masked = new Set(['CF_XDR_ZJHM']);
  for (const fields of [{}, { CF_WSH: 'A"1\\\n\t', CF_XDR_MC: '𠮷 "名"', BZ: null, CF_XDR_ZJHM: '110101199003071234', CF_NR: '' }, { EXTRA: 'x', CF_WSH: '1' }] as Record<string, string | null>[]) {
    const t = recordTexts(def, 'person', fields, masked);
    const split = splitFields(fields, masked);
    assert.equal(t.content, canonicalJson({ kind: 'person', fields }));
    assert.deepEqual(JSON.parse(t.publicJson), split.publicFields);
    assert.deepEqual(t.sealed, split.sealed);
  }
});
