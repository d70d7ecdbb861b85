// The text a record's content hash is taken over: canonicalJson({ kind, fields }), built without
// canonicalJson's generic walk (the hot path of an import). Field codes are sorted once per
// category; JSON.stringify keeps the insertion order of non-integer keys, so the text is the
// same byte for byte (content.test.ts), and hashes of records already stored stay valid.
import { canonicalJson } from '../../kernel/crypto.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { splitFields } from './collection.rules.ts';
import { maskIdNumber } from '../../kernel/codes/id-number.ts';

const sortedCodes = new WeakMap<CategoryDef, readonly string[] | null>();

function codesOf(def: CategoryDef): readonly string[] | null {
  let codes = sortedCodes.get(def);
  if (codes === undefined) {
    const all = def.fields.map((f) => f.code).sort();
    // integer-like keys would be emitted first by JSON.stringify, and recordTexts writes keys
    // unescaped: keep the generic path for either
    codes = all.some((c) => /^(0|[1-9]\d*)$/.test(c) || !/^[A-Za-z0-9_]+$/.test(c)) ? null : all;
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

// What an import stores of a row's fields, in one pass over them (decision 0037): the text its
// content hash is taken over (recordContentJson, byte for byte), the JSON of its public fields
// (splitFields: empty values left out, masked ones masked; key order is immaterial, it is
// stored as jsonb) and the clear values of its masked fields, to be sealed. Each value is
// escaped once and used in both texts.
export function recordTexts(
  def: CategoryDef,
  kind: string,
  fields: Readonly<Record<string, string | null>>,
  masked: ReadonlySet<string>,
): { content: string; publicJson: string; sealed?: Record<string, string> } {
  const codes = codesOf(def);
  if (codes) {
    let content = '';
    let pub = '';
    let sealed: Record<string, string> | undefined;
    let n = 0;
    for (const code of codes) {
      const v = fields[code];
      if (v === undefined) continue;
      n++;
      const key = `"${code}":`; // catalog codes are [A-Z0-9_]: nothing to escape (codesOf)
      if (v === null) {
        content += (content ? ',' : '') + key + 'null';
        continue;
      }
      const text = JSON.stringify(v);
      content += (content ? ',' : '') + key + text;
      if (v === '') continue;
      if (masked.has(code)) {
        (sealed ??= {})[code] = v;
        pub += (pub ? ',' : '') + key + JSON.stringify(maskIdNumber(v));
      } else pub += (pub ? ',' : '') + key + text;
    }
    let given = 0;
    for (const k in fields) if (fields[k] !== undefined) given++;
    if (given === n) return { content: `{"fields":{${content}},"kind":${JSON.stringify(kind)}}`, publicJson: `{${pub}}`, ...(sealed ? { sealed } : {}) };
  }
  const { publicFields, sealed } = splitFields(fields, masked);
  return { content: canonicalJson({ kind, fields }), publicJson: JSON.stringify(publicFields), ...(sealed ? { sealed } : {}) };
}
