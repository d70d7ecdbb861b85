// Header mapping: which catalog field a header cell (or a JSON key) names, compared by a key
// that forgives full-width brackets, spaces and required-markers; and the per-definition look-up
// tables that field parsing and row validation share.
import type { CategoryDef, CodeListEntry, CodeMapping, FieldDef, HeaderMap } from './catalog.types.ts';

// --- keys used to compare header cells and code list spellings -----------------------------

// Header cells come with full-width brackets, spaces, '*' marking required, or '(必填)'.
export function headerKey(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\*/g, '')
    .replace(/\((必填|选填|非必填|可选|可空)\)$/, '')
    .toUpperCase();
}

export function valueKey(value: string): string {
  let key = valueKeys.get(value);
  if (key === undefined) {
    key = value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    // code list cells repeat a handful of spellings: remember them (bounded)
    if (value.length <= 64) {
      if (valueKeys.size >= 4096) valueKeys.clear();
      valueKeys.set(value, key);
    }
  }
  return key;
}
const valueKeys = new Map<string, string>();

// --- per-definition lookup tables, built once per CategoryDef --------------------------------

export type Hit = { entry: CodeListEntry } | { mapping: CodeMapping };

export type Compiled = {
  byCode: Map<string, FieldDef>;
  byHeader: Map<string, string>; // headerKey -> field code
  spellings: Map<string, Map<string, Hit>>; // field code -> valueKey -> hit
  keyOf: Map<string, Map<string, string>>; // field code -> canonical value -> key
};

const compiledDefs = new WeakMap<CategoryDef, Compiled>();

export function compile(def: CategoryDef): Compiled {
  const cached = compiledDefs.get(def);
  if (cached) return cached;
  const c: Compiled = { byCode: new Map(), byHeader: new Map(), spellings: new Map(), keyOf: new Map() };
  for (const f of def.fields) {
    c.byCode.set(f.code, f);
    for (const label of [f.code, f.name, ...f.aliases]) c.byHeader.set(headerKey(label), f.code);
    if (f.codeList) {
      const sp = new Map<string, Hit>();
      const keys = new Map<string, string>();
      for (const e of f.codeList) {
        for (const s of [e.value, ...(e.accepts ?? []), ...(e.codes ?? [])]) sp.set(valueKey(s), { entry: e });
        if (e.key !== undefined) keys.set(e.value, e.key);
      }
      for (const m of f.codeMappings ?? []) for (const s of m.accepts) sp.set(valueKey(s), { mapping: m });
      c.spellings.set(f.code, sp);
      c.keyOf.set(f.code, keys);
    }
  }
  compiledDefs.set(def, c);
  return c;
}

// --- header mapping --------------------------------------------------------------------------

export function mapHeader(def: CategoryDef, header: string[]): HeaderMap {
  const { byHeader } = compile(def);
  const columns: (string | undefined)[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const cell of header) {
    const text = cell === null || cell === undefined ? '' : String(cell).trim();
    const key = headerKey(text);
    const code = key === '' ? undefined : byHeader.get(key);
    if (key === '') columns.push(undefined);
    else if (code === undefined) {
      unknown.push(text);
      columns.push(undefined);
    } else if (seen.has(code)) {
      duplicates.push(text);
      columns.push(undefined);
    } else {
      seen.add(code);
      columns.push(code);
    }
  }
  const missingRequired = def.fields.filter((f) => f.required && !seen.has(f.code)).map((f) => f.code);
  return { columns, unknown, missingRequired, duplicates };
}
