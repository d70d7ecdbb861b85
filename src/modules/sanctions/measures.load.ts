// Reads the built-in measures (measures/*.json) and their vocabulary, and checks any measure
// definition (built-in or from an operator) so a mistake is named, not silently ignored.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/crypto.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import type { MeasureDef, MeasureKind, MeasureType, Trigger } from './sanctions.rules.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../../measures/', import.meta.url));

export type Term = { code: string; name: string };
export type Vocabulary = { departmentKinds: Term[]; scenarios: Term[] };
export type FileMeasure = MeasureDef & { version: number; file: string };

const KINDS: readonly MeasureKind[] = ['reward', 'punishment'];
const TYPES: readonly MeasureType[] = ['administrative', 'market', 'industry', 'social'];
const SEVERITIES = ['light', 'general', 'serious'] as const;
const MEASURE_KEYS = ['id', 'version', 'kind', 'type', 'name', 'content', 'basis', 'memorandum', 'implementers', 'scenarios', 'triggers'];
const ID_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class MeasureDefinitionError extends Error {
  readonly code = 'MEASURE_DEFINITION_INVALID';
}

export function loadVocabulary(dir: string = DEFAULT_DIR): Vocabulary {
  const raw = JSON.parse(readFileSync(join(dir, 'vocabulary.json'), 'utf8')) as Vocabulary;
  return { departmentKinds: raw.departmentKinds, scenarios: raw.scenarios };
}

export function loadMeasureFiles(catalog: readonly CategoryDef[], dir: string = DEFAULT_DIR): { vocabulary: Vocabulary; measures: FileMeasure[] } {
  const vocabulary = loadVocabulary(dir);
  const measures: FileMeasure[] = [];
  const seen = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'vocabulary.json').sort()) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      throw new MeasureDefinitionError(`measures/${file}: not valid JSON (${(e as Error).message})`);
    }
    const list = (raw as { measures?: unknown }).measures;
    if (!Array.isArray(list)) throw new MeasureDefinitionError(`measures/${file}: needs a "measures" array`);
    list.forEach((m, i) => {
      const where = `measures/${file} [${i}]`;
      const o = m as Record<string, unknown>;
      if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) throw new MeasureDefinitionError(`${where}: version must be a positive integer`);
      const def = parseMeasure(m, vocabulary, catalog, (msg) => {
        throw new MeasureDefinitionError(`${where}: ${msg}`);
      });
      const other = seen.get(def.id);
      if (other) throw new MeasureDefinitionError(`${where}: measure ${def.id} is already defined in ${other}`);
      seen.set(def.id, file);
      measures.push({ ...def, version: o.version, file });
    });
  }
  return { vocabulary, measures };
}

// The same definition always hashes the same, whatever the key order.
export function measureHash(def: MeasureDef): string {
  return createHash('sha256').update(canonicalJson(def)).digest('hex');
}

// Checks a definition; `fail` throws (a definition error at start-up, a 400 for operators).
export function parseMeasure(raw: unknown, vocab: Vocabulary, catalog: readonly CategoryDef[], fail: (msg: string) => never): MeasureDef {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('a measure must be an object');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !MEASURE_KEYS.includes(k));
  if (unknown.length) fail(`unknown properties: ${unknown.join(', ')}`);
  const str = (v: unknown, what: string): string => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fail(`${what} must be a non-empty string`));
  const oneOf = <T extends string>(v: unknown, allowed: readonly T[], what: string): T =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fail(`${what} must be one of ${allowed.join(', ')}`);
  const codes = (v: unknown, allowed: Term[], what: string): string[] => {
    if (!Array.isArray(v) || v.length === 0) return fail(`${what} must be a non-empty array`);
    const known = allowed.map((t) => t.code);
    const out = v.map((x, i) => str(x, `${what}[${i}]`));
    const bad = out.filter((x) => !known.includes(x));
    if (bad.length) fail(`${what}: unknown ${bad.join(', ')} (known: ${known.join(', ')})`);
    return [...new Set(out)];
  };
  const id = str(o.id, 'id');
  if (!ID_RE.test(id) || id.length > 64) fail(`id "${id}" must be lower-case words joined by "-", at most 64 characters`);
  const def: MeasureDef = {
    id,
    kind: oneOf(o.kind, KINDS, 'kind'),
    type: oneOf(o.type, TYPES, 'type'),
    name: str(o.name, 'name'),
    content: str(o.content, 'content'),
    basis: str(o.basis, 'basis'),
    implementers: codes(o.implementers, vocab.departmentKinds, 'implementers'),
    scenarios: codes(o.scenarios, vocab.scenarios, 'scenarios'),
    triggers: [],
  };
  if (o.memorandum !== undefined && o.memorandum !== null) {
    const mo = o.memorandum as Record<string, unknown>;
    if (typeof mo !== 'object') fail('memorandum must be an object { name, docNo? }');
    def.memorandum = { name: str(mo.name, 'memorandum.name') };
    if (mo.docNo !== undefined) def.memorandum.docNo = str(mo.docNo, 'memorandum.docNo');
  }
  if (!Array.isArray(o.triggers) || o.triggers.length === 0) fail('triggers must be a non-empty array');
  def.triggers = (o.triggers as unknown[]).map((t, i) => parseTrigger(t, `triggers[${i}]`, def.kind, catalog, fail));
  // an association's measures are industry measures (行业性惩戒) acting only on what the checking
  // association itself keeps on its members: never mixed with other implementers
  if (def.implementers.includes('association')) {
    if (def.implementers.length > 1) fail('implementers: a measure of associations (association) has no other implementers');
    if (def.type !== 'industry') fail('type: a measure of associations is an industry measure (type industry)');
    def.triggers.forEach((t, i) => {
      if (!('provider' in t) || t.provider !== 'checker') fail(`triggers[${i}]: a measure of associations counts only the association's own records (provider: checker)`);
    });
  }
  return def;
}

function parseTrigger(raw: unknown, what: string, kind: MeasureKind, catalog: readonly CategoryDef[], fail: (msg: string) => never): Trigger {
  if (raw === null || typeof raw !== 'object') return fail(`${what} must be an object`);
  const t = raw as Record<string, unknown>;
  const via = (): { via?: 'legal_representative'; provider?: 'checker' } => {
    const out: { via?: 'legal_representative'; provider?: 'checker' } = {};
    if (t.via !== undefined) {
      if (t.via !== 'legal_representative') return fail(`${what}.via must be legal_representative`);
      out.via = 'legal_representative';
    }
    if (t.provider !== undefined) {
      if (t.provider !== 'checker') return fail(`${what}.provider must be checker (only the checking department's own records count)`);
      out.provider = 'checker';
    }
    return out;
  };
  if ('condition' in t) {
    if (t.condition !== 'clean-record') return fail(`${what}.condition must be clean-record`);
    if (kind !== 'reward') return fail(`${what}: the clean-record condition only triggers rewards`);
    return { condition: 'clean-record' };
  }
  if ('list' in t) {
    const def = catalog.find((c) => c.code === t.list);
    if (!def?.list) return fail(`${what}.list: ${String(t.list)} is not a list category (${catalog.filter((c) => c.list).map((c) => c.code).join(', ')})`);
    if ((def.list.kind === 'red') !== (kind === 'reward')) return fail(`${what}: a ${kind} cannot be triggered by the ${def.list.kind} list ${def.code}`);
    return { list: def.code, ...via() };
  }
  if ('category' in t) {
    const def = catalog.find((c) => c.code === t.category);
    if (!def?.severityField) return fail(`${what}.category: ${String(t.category)} is not a category with severities`);
    if (!Array.isArray(t.severities) || t.severities.length === 0) return fail(`${what}.severities must be a non-empty array`);
    const severities = t.severities.map((s) => (SEVERITIES as readonly unknown[]).includes(s) ? (s as (typeof SEVERITIES)[number]) : fail(`${what}.severities: ${String(s)} is not light, general or serious`));
    if (typeof t.months !== 'number' || !Number.isInteger(t.months) || t.months < 1 || t.months > 1200) return fail(`${what}.months must be a whole number of months (1–1200)`);
    return { category: def.code, severities, months: t.months, ...via() };
  }
  return fail(`${what} must name a list, a category with severities and months, or a condition`);
}
