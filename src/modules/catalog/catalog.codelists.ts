// Shared code lists (catalog/codelists/*.json): lists several categories use, kept once. A field
// names one with `codeListRef`; the loader fills its codeList from the list, so the row validator
// treats it as any other code list (a value outside it is CODE_LIST_INVALID, a row error).
// Today: the key occupational groups (重点职业人群, 冀政办字〔2017〕91号 二(三)).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CategoryDef, CodeListEntry } from './catalog.types.ts';

export type OccupationEntry = {
  code: string; // English key, what code and the API use (lawyer, tour-guide)
  name: string; // canonical Chinese name, what records store
  gbt6565: string | null; // GB/T 6565-2015 class code where one exists
  accepts: string[];
  competentKinds: string[]; // department kinds that supervise the occupation
};

export type SharedCodeList = { code: string; name: string; version: number; entries: OccupationEntry[] };

const CODE_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class CodeListDefinitionError extends Error {
  readonly code = 'CATALOG_DEFINITION_INVALID';
}

// Reads and checks every list under dir (a missing dir is no list).
export function loadCodeLists(dir: string): Map<string, SharedCodeList> {
  const out = new Map<string, SharedCodeList>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const list = parseCodeList(JSON.parse(readFileSync(join(dir, file), 'utf8')), `codelists/${file}`);
    out.set(list.code, list);
  }
  return out;
}

export function parseCodeList(raw: unknown, where: string): SharedCodeList {
  const fail = (msg: string): never => {
    throw new CodeListDefinitionError(`${where}: ${msg}`);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('must be an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.code !== 'string' || !CODE_RE.test(o.code)) fail('code must be lower-case words joined by "-"');
  if (typeof o.name !== 'string' || !o.name) fail('name is required');
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) fail('version must be a positive integer');
  if (!Array.isArray(o.entries) || o.entries.length === 0) fail('entries must be a non-empty array');
  const seen = new Map<string, string>();
  const entries = (o.entries as unknown[]).map((e, i) => {
    const at = `entries[${i}]`;
    if (!e || typeof e !== 'object') return fail(`${at} must be an object`);
    const x = e as Record<string, unknown>;
    for (const k of Object.keys(x)) if (!['code', 'name', 'gbt6565', 'accepts', 'competentKinds'].includes(k)) fail(`${at}: unknown property ${k}`);
    if (typeof x.code !== 'string' || !CODE_RE.test(x.code)) fail(`${at}.code must be lower-case words joined by "-"`);
    if (typeof x.name !== 'string' || !x.name) fail(`${at}.name is required`);
    if (x.gbt6565 !== null && (typeof x.gbt6565 !== 'string' || !/^\d(-\d{2}){0,3}$/.test(x.gbt6565))) fail(`${at}.gbt6565 must be a GB/T 6565 code (2-05-01) or null`);
    const strs = (v: unknown, what: string): string[] =>
      Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0) ? (v as string[]) : fail(`${at}.${what} must be a list of strings`);
    const accepts = x.accepts === undefined ? [] : strs(x.accepts, 'accepts');
    const competentKinds = strs(x.competentKinds, 'competentKinds');
    if (competentKinds.length === 0) fail(`${at}.competentKinds must name at least one department kind`);
    for (const s of [x.code as string, x.name as string, ...accepts]) {
      const other = seen.get(s);
      if (other) fail(`${at}: "${s}" already names ${other}`);
      seen.set(s, x.code as string);
    }
    return { code: x.code as string, name: x.name as string, gbt6565: (x.gbt6565 as string | null) ?? null, accepts, competentKinds };
  });
  return { code: o.code as string, name: o.name as string, version: o.version as number, entries };
}

// The codeList entries a field gets from a shared list: the Chinese name is stored, the code is
// the key code reads, the GB/T 6565 code is accepted as a code.
export function codeListEntries(list: SharedCodeList): CodeListEntry[] {
  return list.entries.map((e) => ({
    value: e.name,
    key: e.code,
    accepts: [e.code, ...e.accepts],
    ...(e.gbt6565 ? { codes: [e.gbt6565] } : {}),
  }));
}

const DEFAULT_DIR = fileURLToPath(new URL('../../../catalog/codelists/', import.meta.url));
let occupationsCache: SharedCodeList | undefined;

// The key occupational groups (catalog/codelists/occupations.json), read once.
export function occupationList(): SharedCodeList {
  occupationsCache ??= loadCodeLists(DEFAULT_DIR).get('occupations');
  if (!occupationsCache) throw new CodeListDefinitionError('catalog/codelists/occupations.json is missing');
  return occupationsCache;
}

export function findOccupation(codeOrName: string): OccupationEntry | undefined {
  return occupationList().entries.find((e) => e.code === codeOrName || e.name === codeOrName);
}

// The occupation a record carries: the stored value of its category's occupation field, if any.
export function occupationFieldOf(def: Pick<CategoryDef, 'fields'> | undefined): string | undefined {
  return def?.fields.find((f) => f.codeListRef === 'occupations')?.code;
}

export type OccupationGroup<R> = { occupation: { code: string; name: string; gbt6565: string | null }; certificates: string[]; records: R[] };

// Groups a person's occupational records by occupation, in the list's order; records of
// categories without an occupation field, or with it empty, are left out.
export function groupByOccupation<R extends { category: string; fields: Record<string, string> }>(
  records: readonly R[],
  defOf: (category: string) => Pick<CategoryDef, 'fields'> | undefined,
  list: SharedCodeList = occupationList(),
): OccupationGroup<R>[] {
  const groups = new Map<string, OccupationGroup<R>>();
  for (const r of records) {
    const def = defOf(r.category);
    const field = occupationFieldOf(def);
    const value = field ? r.fields[field] : undefined;
    if (!value) continue;
    const entry = list.entries.find((e) => e.name === value);
    if (!entry) continue;
    let g = groups.get(entry.code);
    if (!g) groups.set(entry.code, (g = { occupation: { code: entry.code, name: entry.name, gbt6565: entry.gbt6565 }, certificates: [], records: [] }));
    g.records.push(r);
    const cert = def?.fields.find((f) => f.code === 'CERT_NO') ? r.fields.CERT_NO : undefined;
    if (cert && !g.certificates.includes(cert)) g.certificates.push(cert);
  }
  const order = list.entries.map((e) => e.code);
  return [...groups.values()].sort((a, b) => order.indexOf(a.occupation.code) - order.indexOf(b.occupation.code));
}
