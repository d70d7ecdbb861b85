// The text a record's content hash is taken over: canonicalJson({ kind, fields }), built without
// canonicalJson's generic walk (the hot path of an import). Field codes are sorted once per
// category; JSON.stringify keeps the insertion order of non-integer keys, so the text is the
// same byte for byte (content.test.ts), and hashes of records already stored stay valid.
import { canonicalJson } from '../../kernel/crypto.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';

const sortedCodes = new WeakMap<CategoryDef, readonly string[] | null>();

function codesOf(def: CategoryDef): readonly string[] | null {
  let codes = sortedCodes.get(def);
  if (codes === undefined) {
    const all = def.fields.map((f) => f.code).sort();
    // integer-like keys would be emitted first by JSON.stringify: keep the generic path then
    codes = all.some((c) => /^(0|[1-9]\d*)$/.test(c)) ? null : all;
    sortedCodes.set(def, codes);
  }
  return codes;
}

export function recordContentJson(def: CategoryDef, kind: string, fields: Readonly<Record<string, string | null>>): string {
  const codes = codesOf(def);
  if (codes) {
    const sorted: Record<string, string | null> = {};
    let n = 0;
    for (const code of codes) {
      const v = fields[code];
      if (v !== undefined) {
        sorted[code] = v;
        n++;
      }
    }
    let given = 0;
    for (const k in fields) if (fields[k] !== undefined) given++;
    if (given === n) return JSON.stringify({ fields: sorted, kind });
  }
  return canonicalJson({ kind, fields });
}
