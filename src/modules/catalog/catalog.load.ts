// Reads the catalog definitions (catalog/*.json) and checks the definitions themselves, so a
// mistake in the data fails at start-up with the file and field named, not at the first row.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CategoryDef,
  CodeListEntry,
  CodeMapping,
  FieldDef,
  FieldType,
  ListDef,
} from './catalog.types.ts';
import { headerKey, valueKey } from './catalog.headers.ts';
import { codeListEntries, loadCodeLists, type SharedCodeList } from './catalog.codelists.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../../catalog/', import.meta.url));

const CATEGORY_CODE_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const OPENNESS = ['public', 'conditional', 'none'] as const;
const PUBLICATION_RULES = ['penalty', 'license', 'list', 'none'] as const;
const LIST_KINDS = ['red', 'black'] as const;
const LIST_KEYS = ['kind', 'owner', 'ownerKinds', 'criteria', 'basis', 'procedure', 'termMonths', 'exitRule'];
const FIELD_TYPES: readonly FieldType[] = [
  'string', 'text', 'date', 'decimal', 'code', 'codeList', 'uscc', 'idType', 'document',
];
const VISIBILITIES = ['public', 'masked', 'internal'] as const;
const CODE_FORMATS = ['regNo', 'orgCode'] as const;
const SUBJECT_KIND_KEYS = ['organization', 'individual_business', 'person'];
const SEVERITY_KEYS = ['light', 'general', 'serious'];
const STATUS_KEYS = ['valid', 'invalid'];
// A misspelt property (requireWhen) would silently do nothing, so unknown properties are errors.
const CATEGORY_KEYS = [
  'code', 'name', 'version', 'description', 'openness', 'publication', 'subjectFields', 'refField',
  'decisionDateField', 'severityField', 'publicationEndField', 'validFromField', 'validUntilField',
  'statusField', 'penaltyKindsField', 'list', 'fields',
];
const FIELD_KEYS = [
  'code', 'name', 'en', 'aliases', 'type', 'maxLength', 'required', 'requiredWhen', 'codeList',
  'codeMappings', 'multi', 'default', 'visibility', 'min', 'notFuture', 'notBefore', 'indefinite',
  'allowPlaceholder', 'format', 'idTypeField', 'codeListRef', 'usccPrefixes',
];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class CatalogDefinitionError extends Error {
  readonly code = 'CATALOG_DEFINITION_INVALID';
}

export function loadCatalogFiles(dir: string = DEFAULT_DIR): CategoryDef[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const lists = loadCodeLists(join(dir, 'codelists'));
  const defs: CategoryDef[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new CatalogDefinitionError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const def = parseCategory(expandCodeListRefs(raw, lists, file), file);
    const other = seen.get(def.code);
    if (other) throw new CatalogDefinitionError(`${file}: category "${def.code}" is already defined in ${other}`);
    seen.set(def.code, file);
    defs.push(def);
  }
  return defs;
}

// A field with `codeListRef: "occupations"` gets its codeList from catalog/codelists/occupations.json
// (and may not carry its own). The expanded list is part of the definition and of its hash, so a
// changed shared list needs a new version of every category using it.
export function expandCodeListRefs(raw: unknown, lists: Map<string, SharedCodeList>, file: string): unknown {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { fields?: unknown }).fields)) return raw;
  const o = raw as { fields: unknown[] };
  return {
    ...o,
    fields: o.fields.map((f, i) => {
      if (!f || typeof f !== 'object' || (f as { codeListRef?: unknown }).codeListRef === undefined) return f;
      const ref = (f as { codeListRef: unknown }).codeListRef;
      const list = typeof ref === 'string' ? lists.get(ref) : undefined;
      if (!list) throw new CatalogDefinitionError(`${file}: fields[${i}].codeListRef names no list under catalog/codelists/ (${String(ref)})`);
      if ((f as { codeList?: unknown }).codeList !== undefined) throw new CatalogDefinitionError(`${file}: fields[${i}] has both codeListRef and codeList`);
      return { ...f, codeList: codeListEntries(list) };
    }),
  };
}

// The same definition always hashes the same, whatever the key order or formatting of the file.
export function catalogHash(def: CategoryDef): string {
  return createHash('sha256').update(canonicalJson(def)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Checks the shape and the cross-references of one definition; `where` names it in errors.
export function parseCategory(raw: unknown, where: string): CategoryDef {
  const fail = (msg: string): never => {
    throw new CatalogDefinitionError(`${where}: ${msg}`);
  };
  const o = asObject(raw, 'the category', fail);
  noUnknownKeys(o, CATEGORY_KEYS, 'the category', fail);
  const code = str(o.code, 'code', fail);
  if (!CATEGORY_CODE_RE.test(code)) fail(`code "${code}" must be lower-case words joined by "-" (dishonest-debtor)`);
  const at = `${where} (${code})`;
  const failAt = (msg: string): never => {
    throw new CatalogDefinitionError(`${at}: ${msg}`);
  };
  const name = str(o.name, 'name', failAt);
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) {
    failAt('version must be a positive integer');
  }
  const openness = oneOf(o.openness, OPENNESS, 'openness', failAt);
  const pub = asObject(o.publication, 'publication', failAt);
  const rule = oneOf(pub.rule, PUBLICATION_RULES, 'publication.rule', failAt);
  if (typeof pub.persons !== 'boolean') failAt('publication.persons must be true or false');
  if (!Array.isArray(o.fields) || o.fields.length === 0) failAt('fields must be a non-empty array');

  const fields = (o.fields as unknown[]).map((f, i) => parseField(f, i, failAt));
  const byCode = new Map<string, FieldDef>();
  const byHeader = new Map<string, string>();
  for (const f of fields) {
    const k = f.code.toUpperCase();
    if (byCode.has(k)) failAt(`duplicate field code ${f.code}`);
    byCode.set(k, f);
  }
  // Codes, names and aliases share one namespace: a header cell must map to one field only.
  for (const f of fields) {
    const own = new Set<string>();
    for (const label of [f.code, f.name, ...f.aliases]) {
      const k = headerKey(label);
      if (own.has(k)) failAt(`${f.code}: "${label}" is listed twice among its code, name and aliases`);
      own.add(k);
      const other = byHeader.get(k);
      if (other !== undefined) failAt(`"${label}" of ${f.code} is already a code, name or alias of ${other}`);
      byHeader.set(k, f.code);
    }
  }

  const field = (ref: unknown, what: string, types?: FieldType[]): string => {
    if (typeof ref !== 'string') return failAt(`${what} must name a field`);
    const f = byCode.get(ref.toUpperCase());
    if (!f || f.code !== ref) return failAt(`${what} refers to unknown field ${ref}`);
    if (types && !types.includes(f.type)) return failAt(`${what} ${ref} must be of type ${types.join(' or ')}, not ${f.type}`);
    return ref;
  };
  const optField = (ref: unknown, what: string, types?: FieldType[]): string | undefined =>
    ref === undefined ? undefined : field(ref, what, types);
  const keysOf = (code: string): string[] => (byCode.get(code.toUpperCase())?.codeList ?? []).map((e) => e.key ?? '');
  const needKeys = (code: string, what: string, keys: string[]): void => {
    const have = keysOf(code);
    const missing = keys.filter((k) => !have.includes(k));
    if (missing.length > 0) failAt(`${what} ${code} needs code list entries with keys ${missing.join(', ')}`);
  };

  for (const f of fields) {
    if (f.requiredWhen) {
      const cond = field(f.requiredWhen.field, `${f.code}.requiredWhen.field`, ['codeList']);
      checkValuesInList(f.requiredWhen.anyOf, byCode.get(cond.toUpperCase())!, `${f.code}.requiredWhen.anyOf`, failAt);
    }
    if (f.notBefore !== undefined) field(f.notBefore, `${f.code}.notBefore`, ['date']);
    if (f.type === 'document') field(f.idTypeField, `${f.code}.idTypeField`, ['idType']);
    for (const m of f.codeMappings ?? []) {
      for (const ref of m.decideBy?.fields ?? []) field(ref, `${f.code}.codeMappings.decideBy.fields`);
    }
  }

  const sf = asObject(o.subjectFields, 'subjectFields', failAt);
  const subjectFields: CategoryDef['subjectFields'] = {
    name: field(sf.name, 'subjectFields.name', ['string']),
    kind: field(sf.kind, 'subjectFields.kind', ['codeList']),
    uscc: field(sf.uscc, 'subjectFields.uscc', ['uscc']),
    regNo: optField(sf.regNo, 'subjectFields.regNo', ['code']),
    orgCode: optField(sf.orgCode, 'subjectFields.orgCode', ['code']),
    idType: field(sf.idType, 'subjectFields.idType', ['idType']),
    idNumber: field(sf.idNumber, 'subjectFields.idNumber', ['document']),
  };
  needKeys(subjectFields.kind, 'subjectFields.kind', SUBJECT_KIND_KEYS);
  if (sf.legalRep !== undefined) {
    const lr = asObject(sf.legalRep, 'subjectFields.legalRep', failAt);
    subjectFields.legalRep = {
      name: field(lr.name, 'subjectFields.legalRep.name', ['string']),
      idType: optField(lr.idType, 'subjectFields.legalRep.idType', ['idType']),
      idNumber: optField(lr.idNumber, 'subjectFields.legalRep.idNumber', ['document']),
    };
  }

  const def: CategoryDef = {
    code,
    name,
    version: o.version as number,
    openness,
    publication: { rule, persons: pub.persons as boolean },
    subjectFields,
    refField: field(o.refField, 'refField', ['string', 'code']),
    decisionDateField: field(o.decisionDateField, 'decisionDateField', ['date']),
    severityField: optField(o.severityField, 'severityField', ['codeList']),
    publicationEndField: optField(o.publicationEndField, 'publicationEndField', ['date']),
    validFromField: optField(o.validFromField, 'validFromField', ['date']),
    validUntilField: optField(o.validUntilField, 'validUntilField', ['date']),
    statusField: optField(o.statusField, 'statusField', ['codeList']),
    penaltyKindsField: optField(o.penaltyKindsField, 'penaltyKindsField', ['codeList']),
    fields,
  };
  if (o.description !== undefined) def.description = str(o.description, 'description', failAt);
  if (o.list !== undefined) def.list = parseList(o.list, failAt);
  if ((rule === 'list') !== (def.list !== undefined)) failAt('publication.rule "list" and the list block go together');
  if (def.list && !def.validUntilField) failAt('a list needs validUntilField (有效期至)');
  if (def.severityField) needKeys(def.severityField, 'severityField', SEVERITY_KEYS);
  if (def.statusField) needKeys(def.statusField, 'statusField', STATUS_KEYS);
  return def;
}

function parseList(raw: unknown, failAt: (m: string) => never): ListDef {
  const o = asObject(raw, 'list', failAt);
  noUnknownKeys(o, LIST_KEYS, 'list', failAt);
  const l: ListDef = {
    kind: oneOf(o.kind, LIST_KINDS, 'list.kind', failAt),
    owner: str(o.owner, 'list.owner', failAt),
    ownerKinds: o.ownerKinds === undefined ? [] : strList(o.ownerKinds, 'list.ownerKinds', failAt),
    criteria: str(o.criteria, 'list.criteria', failAt),
    basis: str(o.basis, 'list.basis', failAt),
    procedure: str(o.procedure, 'list.procedure', failAt),
    exitRule: str(o.exitRule, 'list.exitRule', failAt),
  };
  if (o.termMonths !== undefined) l.termMonths = posInt(o.termMonths, 'list.termMonths', failAt);
  return l;
}

function parseField(raw: unknown, i: number, failAt: (m: string) => never): FieldDef {
  const o = asObject(raw, `fields[${i}]`, failAt);
  const code = str(o.code, `fields[${i}].code`, failAt);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(code)) failAt(`field code "${code}" must be letters, digits and _`);
  const fail = (msg: string): never => failAt(`${code}: ${msg}`);
  noUnknownKeys(o, FIELD_KEYS, 'the field', fail);
  const type = oneOf(o.type, FIELD_TYPES, 'type', fail);
  const f: FieldDef = {
    code,
    name: str(o.name, 'name', fail),
    en: str(o.en, 'en', fail),
    aliases: o.aliases === undefined ? [] : strList(o.aliases, 'aliases', fail),
    type,
    required: bool(o.required, 'required', fail),
    visibility: oneOf(o.visibility, VISIBILITIES, 'visibility', fail),
  };
  if (o.maxLength !== undefined) f.maxLength = posInt(o.maxLength, 'maxLength', fail);
  if (o.multi !== undefined) f.multi = bool(o.multi, 'multi', fail);
  if (o.notFuture !== undefined) f.notFuture = bool(o.notFuture, 'notFuture', fail);
  if (o.allowPlaceholder !== undefined) f.allowPlaceholder = bool(o.allowPlaceholder, 'allowPlaceholder', fail);
  if (o.notBefore !== undefined) f.notBefore = str(o.notBefore, 'notBefore', fail);
  if (o.idTypeField !== undefined) f.idTypeField = str(o.idTypeField, 'idTypeField', fail);
  if (o.format !== undefined) f.format = oneOf(o.format, CODE_FORMATS, 'format', fail);
  if (o.min !== undefined) {
    if (typeof o.min !== 'number' || !Number.isFinite(o.min)) fail('min must be a number');
    f.min = o.min as number;
  }
  if (o.requiredWhen !== undefined) {
    const rw = asObject(o.requiredWhen, 'requiredWhen', fail);
    f.requiredWhen = {
      field: str(rw.field, 'requiredWhen.field', fail),
      anyOf: strList(rw.anyOf, 'requiredWhen.anyOf', fail),
    };
    if (f.requiredWhen.anyOf.length === 0) fail('requiredWhen.anyOf must not be empty');
    if (rw.errorCode !== undefined) {
      const ec = str(rw.errorCode, 'requiredWhen.errorCode', fail);
      if (!/^[A-Z][A-Z0-9_]*$/.test(ec)) fail('requiredWhen.errorCode must be UPPER_SNAKE');
      f.requiredWhen.errorCode = ec;
    }
  }
  if (o.indefinite !== undefined) {
    const ind = asObject(o.indefinite, 'indefinite', fail);
    const value = str(ind.value, 'indefinite.value', fail);
    if (!DATE_RE.test(value)) fail('indefinite.value must be YYYY-MM-DD');
    f.indefinite = { accepts: strList(ind.accepts, 'indefinite.accepts', fail), value };
  }

  // Properties that only make sense for some types.
  const only = (prop: keyof FieldDef, types: FieldType[]): void => {
    if (f[prop] !== undefined && !types.includes(type)) fail(`${prop} is only allowed for ${types.join(', ')} fields`);
  };
  only('multi', ['codeList']);
  only('min', ['decimal']);
  only('notFuture', ['date']);
  only('notBefore', ['date']);
  only('indefinite', ['date']);
  only('allowPlaceholder', ['uscc']);
  only('format', ['code']);
  only('idTypeField', ['document']);
  if (o.usccPrefixes !== undefined) {
    f.usccPrefixes = strList(o.usccPrefixes, 'usccPrefixes', fail);
    if (f.usccPrefixes.length === 0 || f.usccPrefixes.some((x) => !/^[0-9A-Z]{1,2}$/.test(x))) fail('usccPrefixes must list one- or two-character code prefixes (11)');
    only('usccPrefixes', ['uscc']);
  }
  if (o.codeListRef !== undefined) {
    f.codeListRef = str(o.codeListRef, 'codeListRef', fail);
    only('codeListRef', ['codeList']);
  }
  if (type === 'document' && f.idTypeField === undefined) fail('a document field needs idTypeField');

  if (type === 'codeList') {
    if (!Array.isArray(o.codeList) || o.codeList.length === 0) fail('a codeList field needs a non-empty codeList');
    f.codeList = (o.codeList as unknown[]).map((e, j) => parseEntry(e, `codeList[${j}]`, fail));
    if (o.codeMappings !== undefined) {
      if (!Array.isArray(o.codeMappings)) fail('codeMappings must be an array');
      f.codeMappings = (o.codeMappings as unknown[]).map((m, j) => parseMapping(m, `codeMappings[${j}]`, f, fail));
    }
    checkSpellings(f, fail);
  } else if (o.codeList !== undefined || o.codeMappings !== undefined) {
    fail('codeList and codeMappings are only allowed for codeList fields');
  }

  if (o.default !== undefined) {
    f.default = str(o.default, 'default', fail);
    if (f.required) fail('a required field cannot have a default');
    if (type === 'codeList') checkValuesInList([f.default], f, 'default', fail);
  }
  return f;
}

function parseEntry(raw: unknown, what: string, fail: (m: string) => never): CodeListEntry {
  const o = asObject(raw, what, fail);
  const e: CodeListEntry = { value: str(o.value, `${what}.value`, fail) };
  if (o.key !== undefined) e.key = str(o.key, `${what}.key`, fail);
  if (o.accepts !== undefined) e.accepts = strList(o.accepts, `${what}.accepts`, fail);
  if (o.codes !== undefined) e.codes = strList(o.codes, `${what}.codes`, fail);
  return e;
}

function parseMapping(raw: unknown, what: string, f: FieldDef, fail: (m: string) => never): CodeMapping {
  const o = asObject(raw, what, fail);
  const m: CodeMapping = {
    accepts: strList(o.accepts, `${what}.accepts`, fail),
    values: strList(o.values, `${what}.values`, fail),
  };
  checkValuesInList(m.values, f, `${what}.values`, fail);
  if (m.values.length > 1 && !f.multi && o.decideBy === undefined) {
    fail(`${what} maps to several values but the field is not multi`);
  }
  if (o.decideBy !== undefined) {
    const d = asObject(o.decideBy, `${what}.decideBy`, fail);
    const kw = asObject(d.keywords, `${what}.decideBy.keywords`, fail);
    const keywords: Record<string, string[]> = {};
    for (const [value, words] of Object.entries(kw)) {
      if (!m.values.includes(value)) fail(`${what}.decideBy.keywords: ${value} is not one of its values`);
      keywords[value] = strList(words, `${what}.decideBy.keywords.${value}`, fail);
    }
    m.decideBy = { fields: strList(d.fields, `${what}.decideBy.fields`, fail), keywords };
    if (d.ignore !== undefined) m.decideBy.ignore = strList(d.ignore, `${what}.decideBy.ignore`, fail);
  }
  return m;
}

// Every spelling (value, accepted spelling, numeric code, mapping) must mean one thing only.
function checkSpellings(f: FieldDef, fail: (m: string) => never): void {
  const seen = new Map<string, string>();
  const add = (spelling: string, meaning: string): void => {
    const k = valueKey(spelling);
    const prev = seen.get(k);
    if (prev !== undefined && prev !== meaning) fail(`spelling "${spelling}" means both ${prev} and ${meaning}`);
    seen.set(k, meaning);
  };
  const keys = new Set<string>();
  for (const e of f.codeList ?? []) {
    if (e.key !== undefined) {
      if (keys.has(e.key)) fail(`duplicate code list key ${e.key}`);
      keys.add(e.key);
    }
    for (const s of [e.value, ...(e.accepts ?? []), ...(e.codes ?? [])]) add(s, e.value);
  }
  for (const m of f.codeMappings ?? []) for (const s of m.accepts) add(s, m.values.join('+'));
}

function checkValuesInList(values: string[], f: FieldDef, what: string, fail: (m: string) => never): void {
  const allowed = (f.codeList ?? []).map((e) => e.value);
  for (const v of values) {
    if (!allowed.includes(v)) fail(`${what}: "${v}" is not a value of ${f.code} (${allowed.join('、')})`);
  }
}

function noUnknownKeys(o: Record<string, unknown>, known: string[], what: string, fail: (m: string) => never): void {
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length > 0) fail(`${what} has unknown properties: ${unknown.join(', ')}`);
}

function asObject(v: unknown, what: string, fail: (m: string) => never): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function str(v: unknown, what: string, fail: (m: string) => never): string {
  if (typeof v !== 'string' || v.trim() === '') return fail(`${what} must be a non-empty string`);
  return v;
}

function strList(v: unknown, what: string, fail: (m: string) => never): string[] {
  if (!Array.isArray(v)) return fail(`${what} must be an array of strings`);
  return v.map((x, i) => str(x, `${what}[${i}]`, fail));
}

function bool(v: unknown, what: string, fail: (m: string) => never): boolean {
  if (typeof v !== 'boolean') return fail(`${what} must be true or false`);
  return v;
}

function posInt(v: unknown, what: string, fail: (m: string) => never): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(`${what} must be a positive integer`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string, fail: (m: string) => never): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    return fail(`${what} must be one of ${allowed.join(', ')}${v === undefined ? '' : `, not ${JSON.stringify(v)}`}`);
  }
  return v as T;
}
