// The demo's penalty and license cases, data in demo/penalty-cases.json and demo/license-cases.json:
// by domain, violation type, facts, breached provision and legal basis (licenses: decision
// document, kind, certificate, number format and content) belong together, and fines stay inside
// the range the cited article allows. Weights are relative frequencies. Checked when loaded, so a
// typo in the data stops the generator with the case and field named.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEPARTMENT_KINDS } from './demo.departments.ts';
import { INDUSTRIES } from './demo.names.ts';
import { LICENSE_NUMBER_KEYS, TEXT_KEYS, type LicenseCase, type PenaltyCase } from './demo.text.ts';
import { templateProblems } from './demo.template.ts';

export const DEMO_CASES_DIR = fileURLToPath(new URL('../../../demo/', import.meta.url));

const SUBJECT_KINDS = ['organization', 'individual_business', 'person'];
const PENALTY_KEYS = [
  'kind', 'weight', 'subjects', 'industries', 'type', 'violated', 'basis', 'facts', 'goods', 'items', 'qty', 'value',
  'income', 'base', 'fine', 'fineOf', 'warn', 'notice', 'confiscate', 'suspend', 'limit', 'close', 'lowerQual',
  'revoke', 'detain', 'severity',
];
const LICENSE_KEYS = ['kind', 'weight', 'subjects', 'industries', 'title', 'category', 'certificate', 'number', 'checkDigit', 'content', 'goods', 'items', 'qty', 'base', 'months'];

type Obj = Record<string, unknown>;

function checker(file: string, i: number, c: Obj) {
  const problems: string[] = [];
  const at = (field: string, what: string) => problems.push(`${file} case ${i} (${String(c.type ?? c.title)}) ${field}: ${what}`);
  const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
  const strs = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(isStr);
  const range = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number') && v[0] <= v[1];
  return {
    problems,
    known(keys: readonly string[]) {
      for (const k of Object.keys(c)) if (!keys.includes(k)) at(k, 'not a known field');
    },
    oneOf(field: string, allowed: readonly string[], optional = false) {
      if (c[field] === undefined && optional) return;
      if (!allowed.includes(c[field] as string)) at(field, `expected one of ${allowed.join(', ')}`);
    },
    listOf(field: string, allowed: readonly string[], optional = false) {
      if (c[field] === undefined && optional) return;
      if (!strs(c[field]) || !(c[field] as string[]).every((x) => allowed.includes(x))) at(field, `expected a list of ${allowed.join(', ')}`);
    },
    text(field: string, optional = false) {
      if (c[field] === undefined && optional) return;
      if (!isStr(c[field])) at(field, 'expected a text');
    },
    flag(field: string) {
      if (c[field] !== undefined && typeof c[field] !== 'boolean') at(field, 'expected true or false');
    },
    range(field: string) {
      if (c[field] !== undefined && !range(c[field])) at(field, 'expected [low, high]');
    },
    positive(field: string) {
      if (typeof c[field] !== 'number' || !((c[field] as number) > 0)) at(field, 'expected a positive number');
    },
    goods() {
      const g = c.goods;
      if (g === undefined) return;
      const ok = Array.isArray(g) && g.length > 0 && g.every((x) => isStr(x) || (Array.isArray(x) && x.length === 2 && x.every(isStr)));
      if (!ok) at('goods', 'expected a list of names or [name, unit]');
    },
    items() {
      if (c.items !== undefined && !strs(c.items)) at('items', 'expected a list of texts');
    },
    templates(field: string, keys: readonly string[]) {
      const list = c[field];
      if (!strs(list)) return at(field, 'expected a list of texts');
      for (const t of list as string[]) for (const p of templateProblems(t, keys)) at(field, p);
    },
  };
}

function load<T>(name: string, check: (c: Obj, i: number) => string[]): readonly T[] {
  const file = `${DEMO_CASES_DIR}${name}`;
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${file}: expected a list of cases`);
  const problems = raw.flatMap((c: unknown, i) => (c && typeof c === 'object' && !Array.isArray(c) ? check(c as Obj, i) : [`${name} case ${i}: expected an object`]));
  if (problems.length) throw new Error(`demo cases are not valid:\n${problems.join('\n')}`);
  return raw as T[];
}

export function checkPenaltyCase(c: Obj, i: number, file = 'penalty-cases.json'): string[] {
  const k = checker(file, i, c);
  k.known(PENALTY_KEYS);
  k.oneOf('kind', DEPARTMENT_KINDS);
  k.positive('weight');
  k.listOf('subjects', SUBJECT_KINDS);
  k.listOf('industries', INDUSTRIES, true);
  k.text('type');
  k.text('violated', true);
  k.text('basis');
  k.templates('facts', TEXT_KEYS);
  k.goods();
  k.items();
  for (const f of ['qty', 'value', 'income', 'base', 'fine']) k.range(f);
  for (const f of ['warn', 'notice', 'suspend', 'close']) k.flag(f);
  for (const f of ['limit', 'lowerQual', 'revoke', 'detain']) k.text(f, true);
  k.oneOf('confiscate', ['income', 'goods'], true);
  k.oneOf('severity', ['轻微', '一般', '严重'], true);
  const fineOf = c.fineOf as Obj | undefined;
  if (fineOf !== undefined && (!['base', 'qty', 'value'].includes(fineOf.of as string) || !Array.isArray(fineOf.mult) || fineOf.mult.length !== 2))
    k.problems.push(`${file} case ${i} fineOf: expected { "of": "base" | "qty" | "value", "mult": [low, high] }`);
  return k.problems;
}

export function checkLicenseCase(c: Obj, i: number, file = 'license-cases.json'): string[] {
  const k = checker(file, i, c);
  k.known(LICENSE_KEYS);
  k.oneOf('kind', DEPARTMENT_KINDS);
  k.positive('weight');
  k.listOf('subjects', SUBJECT_KINDS);
  k.listOf('industries', INDUSTRIES, true);
  k.text('title');
  k.oneOf('category', ['普通', '特许', '认可', '核准', '登记', '其他']);
  if (typeof c.certificate !== 'string') k.problems.push(`${file} case ${i} certificate: expected a text ('' when the decision is the document)`);
  if (c.number !== 'ref') {
    k.text('number');
    for (const p of typeof c.number === 'string' ? templateProblems(c.number, LICENSE_NUMBER_KEYS) : []) k.problems.push(`${file} case ${i} number: ${p}`);
  }
  k.flag('checkDigit');
  k.templates('content', TEXT_KEYS);
  k.goods();
  k.items();
  for (const f of ['qty', 'base']) k.range(f);
  if (c.months !== 'long' && !(typeof c.months === 'number' && c.months > 0)) k.problems.push(`${file} case ${i} months: expected a number of months or "long"`);
  return k.problems;
}

export const PENALTY_CASES: readonly PenaltyCase[] = load<PenaltyCase>('penalty-cases.json', (c, i) => checkPenaltyCase(c, i));
export const LICENSE_CASES: readonly LicenseCase[] = load<LicenseCase>('license-cases.json', (c, i) => checkLicenseCase(c, i));
