// The row validator every submission goes through (file rows and JSON records alike): maps
// headers to catalog fields, normalizes values to their canonical form and collects every
// problem of a row, each with a code and a Chinese and English message that name the field.
import type { CellValue } from '../collection/file-readers.ts';
import type { CodeCheck } from '../../kernel/codes/code-error.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { controlCharacterMessage, findControlCharacter } from '../../kernel/text.ts';
import { checkUscc, isUsccPlaceholder, orgCodeFromUscc, USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { checkRegNo } from '../../kernel/codes/reg-no.ts';
import { checkOrgCode } from '../../kernel/codes/org-code.ts';
import {
  checkDocumentNumber,
  ID_TYPE_LABELS,
  parseIdType,
  upgradeIdNumber15,
  type IdType,
} from '../../kernel/codes/id-number.ts';
import {
  compareDates,
  excelSerialToDate,
  isValidDate,
  parseDateInput,
  type DateStr,
} from '../../kernel/dates.ts';
import type { CategoryDef, CodeListEntry, CodeMapping, FieldDef } from './catalog.types.ts';

export type HeaderMap = {
  columns: (string | undefined)[]; // columns[i] = field code of column i, or undefined
  unknown: string[]; // header texts that name no field
  missingRequired: string[]; // codes of required fields no column maps to
  duplicates: string[]; // header texts naming a field an earlier column already holds
};

export type FieldError = { field: string; code: string; zh: string; en: string; value?: string };

export type SubjectIdentity =
  | { kind: 'organization'; name: string; uscc: string; orgCode?: string; regNo?: string }
  // uscc may be the placeholder; then regNo is required and identifies
  | { kind: 'individual_business'; name: string; uscc: string; regNo?: string }
  | { kind: 'person'; name: string; idType: IdType; idNumber: string };

export type Severity = 'light' | 'general' | 'serious';

export type ValidRecord = {
  ref: string;
  subject: SubjectIdentity;
  decisionDate: DateStr;
  severity?: Severity;
  publicationEnd?: DateStr;
  validFrom?: DateStr;
  validUntil?: DateStr;
  status?: 'valid' | 'invalid';
  penaltyKinds?: string[];
  // every field of the category, canonical, null when empty
  fields: Record<string, string | null>;
};

export type RowResult = { ok: true; record: ValidRecord } | { ok: false; errors: FieldError[] };

// Values of a multi code list may be separated by any of these; stored joined with '；'.
const MULTI_SEPARATORS = /[；;、,，]+/;
const MULTI_JOIN = '；';
const ECHO_MAX = 60;

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

type Hit = { entry: CodeListEntry } | { mapping: CodeMapping };

type Compiled = {
  byCode: Map<string, FieldDef>;
  byHeader: Map<string, string>; // headerKey -> field code
  spellings: Map<string, Map<string, Hit>>; // field code -> valueKey -> hit
  keyOf: Map<string, Map<string, string>>; // field code -> canonical value -> key
};

const compiledDefs = new WeakMap<CategoryDef, Compiled>();

function compile(def: CategoryDef): Compiled {
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

// --- messages --------------------------------------------------------------------------------

function echo(v: string): string {
  if (v.length <= ECHO_MAX) return v; // code points ≤ UTF-16 units
  const chars = [...v];
  return chars.length > ECHO_MAX ? chars.slice(0, ECHO_MAX).join('') + '…' : v;
}

// Characters (code points) beyond max, or 0: counts only when the UTF-16 length could exceed it.
function charsOver(text: string, max: number): number {
  if (text.length <= max) return 0;
  const n = [...text].length;
  return n > max ? n : 0;
}

function zhLabel(f: FieldDef): string {
  return `${f.name}（${f.code}）`;
}

function enLabel(f: FieldDef): string {
  return `${f.code} (${f.en})`;
}

function fieldError(f: FieldDef, code: string, zh: string, en: string, value?: string | null): FieldError {
  return value === undefined || value === null ? { field: f.code, code, zh, en } : { field: f.code, code, zh, en, value };
}

// A kernel code check failed: keep its code, say which field it was.
function passThrough(f: FieldDef, check: Extract<CodeCheck, { ok: false }>, value: string): FieldError {
  const { code, zh, en } = check.error;
  return fieldError(f, code, `${zhLabel(f)}：${zh}（“${echo(value)}”）`, `${enLabel(f)}: ${en} ('${echo(value)}')`, value);
}

// --- cell values to text ---------------------------------------------------------------------

// Plain decimal notation, never 1e-7 or 1.5e+21.
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function cellText(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = plainNumber(v);
  else if (typeof v === 'boolean') s = v ? 'true' : 'false';
  else s = v.date;
  s = s.trim();
  return s === '' ? null : s;
}

// --- value parsers ---------------------------------------------------------------------------

// '1,000.50', '１０', '+3', '0.20万元' -> '1000.5', '10', '3', '0.2'; '十万' -> undefined
function parseDecimal(text: string): { value: string; negative: boolean } | undefined {
  let s = normalizeCode(text).replace(/\s*万元$/, '').replace(/^\+/, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const abs = frac === '' ? int : `${int}.${frac}`;
  const negative = m[1] === '-' && abs !== '0';
  return { value: negative ? `-${abs}` : abs, negative };
}

function parseDateCell(v: CellValue | undefined, text: string): DateStr | undefined {
  if (v !== null && typeof v === 'object') return isValidDate(v.date) ? v.date : undefined;
  // a number cell in a date column formatted as General holds an Excel serial (45292 = 2024-01-01)
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2958465 && v !== 60) {
    return excelSerialToDate(v);
  }
  return parseDateInput(text);
}

// --- one field -------------------------------------------------------------------------------

type Parsed = {
  text: string | null; // canonical text, null when empty
  values?: string[]; // canonical code list values
  idType?: IdType;
  invalid: boolean;
};

const ID_LIKE = /^(\d{17}[\dX]|\d{15})$/;

type RowState = {
  def: CategoryDef;
  c: Compiled;
  raw: Map<string, string | null>;
  cells: Record<string, CellValue | undefined>;
  parsed: Map<string, Parsed>;
  errors: FieldError[];
  today: DateStr;
};

// A field's value is rejected: the error names it; the field counts as given but invalid.
function bad(st: RowState, f: FieldDef, text: string, code: string, zh: string, en: string): Parsed {
  st.errors.push(fieldError(f, code, zh, en, text));
  return { text: null, invalid: true };
}

const NOT_GIVEN: Parsed = Object.freeze({ text: null, invalid: false }) as Parsed;

function parseField(st: RowState, f: FieldDef): Parsed {
  let text = st.raw.get(f.code) ?? null;
  if (text === null && f.default !== undefined) text = f.default;
  if (text === null) return NOT_GIVEN;
  const cc = findControlCharacter(text, { allowWhitespaceControls: f.type === 'string' || f.type === 'text' });
  if (cc) return (st.errors.push({ field: f.code, ...controlCharacterMessage(zhLabel(f), enLabel(f), cc) }), { text: null, invalid: true });
  let out: Parsed;
  switch (f.type) {
    case 'string':
    case 'text':
      out = { text, invalid: false };
      break;
    case 'code': {
      const code = normalizeCode(text);
      if (f.format === 'regNo' || f.format === 'orgCode') {
        const check = f.format === 'regNo' ? checkRegNo(code) : checkOrgCode(code);
        if (!check.ok) {
          st.errors.push(passThrough(f, check, text));
          return { text: null, invalid: true };
        }
        out = { text: check.value, invalid: false };
      } else out = { text: code, invalid: false };
      break;
    }
    case 'uscc': {
      if (isUsccPlaceholder(text)) {
        if (!f.allowPlaceholder) {
          return bad(
          st, f, text,
            'USCC_PLACEHOLDER_NOT_ALLOWED',
            `${zhLabel(f)}不能使用占位代码 ${USCC_PLACEHOLDER}，请填写真实的统一社会信用代码（“${echo(text)}”）`,
            `${enLabel(f)}: the placeholder ${USCC_PLACEHOLDER} is not allowed here; give the real unified social credit code ('${echo(text)}')`,
          );
        }
        out = { text: USCC_PLACEHOLDER, invalid: false };
        break;
      }
      const check = checkUscc(text);
      if (!check.ok) {
        st.errors.push(passThrough(f, check, text));
        return { text: null, invalid: true };
      }
      out = { text: check.value, invalid: false };
      break;
    }
    case 'date': {
      let date: DateStr | undefined;
      if (f.indefinite && f.indefinite.accepts.some((a) => valueKey(a) === valueKey(text!))) date = f.indefinite.value;
      else date = parseDateCell(st.cells[f.code], text);
      if (date === undefined) {
        const also = f.indefinite ? `或“${f.indefinite.accepts[0]}”` : '';
        const alsoEn = f.indefinite ? ` or '${f.indefinite.accepts[0]}'` : '';
        return bad(
          st, f, text,
          'DATE_INVALID',
          `${zhLabel(f)}不是有效日期：“${echo(text)}”（应为 YYYY-MM-DD 格式，如 2024-01-31${also}）`,
          `${enLabel(f)} is not a valid date: '${echo(text)}' (expected YYYY-MM-DD, e.g. 2024-01-31${alsoEn})`,
        );
      }
      if (f.notFuture && compareDates(date, st.today) > 0) {
        return bad(
          st, f, text,
          'DATE_IN_FUTURE',
          `${zhLabel(f)}不能晚于今天（${st.today}）：“${date}”`,
          `${enLabel(f)} cannot be after today (${st.today}): '${date}'`,
        );
      }
      out = { text: date, invalid: false };
      break;
    }
    case 'decimal': {
      const d = parseDecimal(text);
      if (!d) {
        return bad(
          st, f, text,
          'DECIMAL_INVALID',
          `${zhLabel(f)}应为阿拉伯数字，如 1.5 或 1,000.50：“${echo(text)}”`,
          `${enLabel(f)} must be a number in digits, e.g. 1.5 or 1,000.50: '${echo(text)}'`,
        );
      }
      if (f.min !== undefined && Number(d.value) < f.min) {
        const code = f.min === 0 ? 'DECIMAL_NEGATIVE' : 'DECIMAL_BELOW_MIN';
        return bad(
          st, f, text,
          code,
          `${zhLabel(f)}不能小于 ${f.min}：“${echo(text)}”`,
          `${enLabel(f)} cannot be less than ${f.min}: '${echo(text)}'`,
        );
      }
      out = { text: d.value, invalid: false };
      break;
    }
    case 'codeList': {
      const r = resolveCodeList(st, f, text);
      if ('error' in r) {
        st.errors.push(r.error);
        return { text: null, invalid: true };
      }
      out = { text: r.values.join(MULTI_JOIN), values: r.values, invalid: false };
      break;
    }
    case 'idType': {
      const t = parseIdType(text);
      if (t === undefined) {
        const allowed = Object.values(ID_TYPE_LABELS).join('、');
        return bad(
          st, f, text,
          'ID_TYPE_INVALID',
          `${zhLabel(f)}“${echo(text)}”不是可识别的证件类型，可选：${allowed}`,
          `${enLabel(f)}: '${echo(text)}' is not a known document type; allowed: ${allowed}`,
        );
      }
      out = { text: ID_TYPE_LABELS[t], idType: t, invalid: false };
      break;
    }
    case 'document': {
      const typeField = st.c.byCode.get(f.idTypeField ?? '');
      const typeParsed = typeField ? st.parsed.get(typeField.code) : undefined;
      let idType = typeParsed?.idType;
      if (idType === undefined) {
        if (typeParsed?.invalid) return { text: null, invalid: true }; // the type's error says it all
        // an 18- or 15-digit number without its type is checked as a 居民身份证 number anyway
        if (ID_LIKE.test(normalizeCode(text))) idType = 'id_card';
        else {
          const tf = typeField ? zhLabel(typeField) : '证件类型';
          const tfEn = typeField ? typeField.code : 'the document type';
          return bad(
          st, f, text,
            'DOCUMENT_TYPE_MISSING',
            `${zhLabel(f)}已填写，但${tf}为空，无法校验：“${echo(text)}”`,
            `${enLabel(f)} is given but ${tfEn} is empty, so it cannot be checked: '${echo(text)}'`,
          );
        }
      }
      const check = checkDocumentNumber(idType, text, st.today);
      if (!check.ok) {
        st.errors.push(passThrough(f, check, text));
        return { text: null, invalid: true };
      }
      out = { text: check.value, idType, invalid: false };
      break;
    }
  }
  if (f.maxLength !== undefined && out.text !== null) {
    const n = charsOver(out.text, f.maxLength);
    if (n > 0) {
      return bad(
          st, f, text,
        'TOO_LONG',
        `${zhLabel(f)}最多 ${f.maxLength} 个字符，实际 ${n} 个：“${echo(text)}”`,
        `${enLabel(f)} may have at most ${f.maxLength} characters, got ${n}: '${echo(text)}'`,
      );
    }
  }
  return out;
}

function codeListInvalid(f: FieldDef, text: string, parts: string[]): { error: FieldError } {
  const allowed = (f.codeList ?? []).map((e) => e.value);
  const bad = parts.map((p) => `“${echo(p)}”`).join('、');
  const badEn = parts.map((p) => `'${echo(p)}'`).join(', ');
  const multi = f.multi ? `（可填多个，用“；”分隔）` : '';
  const multiEn = f.multi ? ' (several may be given, separated by ；)' : '';
  return {
    error: fieldError(
      f,
      'CODE_LIST_INVALID',
      `${zhLabel(f)}的值${bad}不在代码表中，可选：${allowed.join('、')}${multi}`,
      `${enLabel(f)}: ${badEn} is not an allowed value; allowed: ${allowed.join(', ')}${multiEn}`,
      text,
    ),
  };
}

function codeListAmbiguous(f: FieldDef, text: string, m: CodeMapping, part: string): { error: FieldError } {
  return {
    error: fieldError(
      f,
      'CODE_LIST_AMBIGUOUS',
      `${zhLabel(f)}“${echo(part)}”无法确定是${m.values.join('还是')}，请直接填写其中之一，或在${(m.decideBy?.fields ?? []).join('、')}中写明`,
      `${enLabel(f)}: '${echo(part)}' could mean ${m.values.join(' or ')}; give one of them, or say which in ${(m.decideBy?.fields ?? []).join(', ')}`,
      text,
    ),
  };
}

// The canonical values one spelling stands for; a mapping with keywords decides by other fields.
function resolveHit(st: RowState, f: FieldDef, text: string, hit: Hit, part: string): string[] | { error: FieldError } {
  if ('entry' in hit) return [hit.entry.value];
  const m = hit.mapping;
  if (!m.decideBy) return m.values;
  let haystack = m.decideBy.fields.map((code) => st.raw.get(code) ?? '').join('\n');
  for (const phrase of m.decideBy.ignore ?? []) haystack = haystack.split(phrase).join('');
  const chosen = m.values.filter((value) => (m.decideBy!.keywords[value] ?? []).some((k) => haystack.includes(k)));
  if (chosen.length === 0 || (chosen.length > 1 && !f.multi)) return codeListAmbiguous(f, text, m, part);
  return chosen;
}

function resolveCodeList(st: RowState, f: FieldDef, text: string): { values: string[] } | { error: FieldError } {
  const spellings = st.c.spellings.get(f.code)!;
  const whole = spellings.get(valueKey(text));
  let values: string[] = [];
  if (whole) {
    const r = resolveHit(st, f, text, whole, text);
    if ('error' in r) return r;
    values = r;
  } else {
    if (!f.multi) return codeListInvalid(f, text, [text]);
    const parts = text.split(MULTI_SEPARATORS).map((p) => p.trim()).filter((p) => p !== '');
    const unknown: string[] = [];
    for (const part of parts) {
      const hit = spellings.get(valueKey(part));
      if (!hit) {
        unknown.push(part);
        continue;
      }
      const r = resolveHit(st, f, text, hit, part);
      if ('error' in r) return r;
      values.push(...r);
    }
    if (unknown.length > 0 || values.length === 0) return codeListInvalid(f, text, unknown.length > 0 ? unknown : [echo(text)]);
  }
  return { values: [...new Set(values)] };
}

// --- the row ---------------------------------------------------------------------------------

export function validateRow(def: CategoryDef, values: Record<string, CellValue | undefined>, today: DateStr): RowResult {
  if (!isValidDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const c = compile(def);
  const st: RowState = { def, c, raw: new Map(), cells: values, parsed: new Map(), errors: [], today };
  for (const f of def.fields) st.raw.set(f.code, cellText(values[f.code]));

  // documents last: they are checked against the idType field parsed before them
  for (const f of def.fields) if (f.type !== 'document') st.parsed.set(f.code, parseField(st, f));
  for (const f of def.fields) if (f.type === 'document') st.parsed.set(f.code, parseField(st, f));

  checkRequired(st);
  checkDateOrder(st);
  const subject = buildSubject(st);
  if (st.errors.length > 0 || !subject) {
    return { ok: false, errors: st.errors.length > 0 ? st.errors : [subjectUnknown(def)] };
  }

  const text = (code: string | undefined) => textOf(st, code);
  const key = (code: string | undefined) => keyOf(st, code);
  const fields: Record<string, string | null> = {};
  for (const f of def.fields) fields[f.code] = st.parsed.get(f.code)?.text ?? null;

  const record: ValidRecord = { ref: text(def.refField)!, subject, decisionDate: text(def.decisionDateField)!, fields };
  const severity = key(def.severityField);
  if (severity !== undefined) record.severity = severity as Severity;
  const publicationEnd = text(def.publicationEndField);
  if (publicationEnd !== undefined) record.publicationEnd = publicationEnd;
  const validFrom = text(def.validFromField);
  if (validFrom !== undefined) record.validFrom = validFrom;
  const validUntil = text(def.validUntilField);
  if (validUntil !== undefined) record.validUntil = validUntil;
  const status = key(def.statusField);
  if (status !== undefined) record.status = status as 'valid' | 'invalid';
  if (def.penaltyKindsField) {
    const kinds = st.parsed.get(def.penaltyKindsField)?.values;
    if (kinds) record.penaltyKinds = kinds;
  }
  return { ok: true, record };
}

// The canonical text of a field, when given and valid.
function textOf(st: RowState, code: string | undefined): string | undefined {
  return code === undefined ? undefined : (st.parsed.get(code)?.text ?? undefined);
}

// The key of a code list field's value (severity, status), when it has one.
function keyOf(st: RowState, code: string | undefined): string | undefined {
  const t = textOf(st, code);
  return code === undefined || t === undefined ? undefined : st.c.keyOf.get(code)?.get(t);
}

function checkRequired(st: RowState): void {
  for (const f of st.def.fields) {
    const p = st.parsed.get(f.code)!;
    if (p.text !== null || p.invalid) continue;
    if (f.required) {
      st.errors.push(fieldError(f, 'REQUIRED_MISSING', `${zhLabel(f)}为必填项，不能为空`, `${enLabel(f)} is required`));
      continue;
    }
    const rw = f.requiredWhen;
    if (!rw) continue;
    const cond = st.c.byCode.get(rw.field)!;
    const matched = (st.parsed.get(rw.field)?.values ?? []).filter((x) => rw.anyOf.includes(x));
    if (matched.length === 0) continue;
    st.errors.push(
      fieldError(
        f,
        rw.errorCode ?? 'REQUIRED_WHEN_MISSING',
        `${cond.name}为“${matched.join('、')}”时，${zhLabel(f)}必填`,
        `${enLabel(f)} is required when ${cond.code} (${cond.en}) is ${matched.join(', ')}`,
      ),
    );
  }
}

function checkDateOrder(st: RowState): void {
  for (const f of st.def.fields) {
    if (f.notBefore === undefined) continue;
    const mine = st.parsed.get(f.code)?.text;
    const other = st.c.byCode.get(f.notBefore)!;
    const theirs = st.parsed.get(other.code)?.text;
    if (!mine || !theirs || compareDates(mine, theirs) >= 0) continue;
    st.errors.push(
      fieldError(
        f,
        'DATE_BEFORE',
        `${zhLabel(f)}（${mine}）不能早于${zhLabel(other)}（${theirs}）`,
        `${enLabel(f)} (${mine}) cannot be before ${enLabel(other)} (${theirs})`,
        mine,
      ),
    );
  }
}

function subjectUnknown(def: CategoryDef): FieldError {
  return {
    field: def.subjectFields.kind,
    code: 'SUBJECT_UNIDENTIFIED',
    zh: '无法确定信用主体，请检查行政相对人类别和代码',
    en: 'The subject cannot be identified; check the kind of party and its codes',
  };
}

// Subject-level rules that span fields; returns the identity when the row names one.
function buildSubject(st: RowState): SubjectIdentity | undefined {
  const sf = st.def.subjectFields;
  const text = (code: string | undefined) => textOf(st, code);
  const has = (code: string): boolean => st.errors.some((e) => e.field === code);
  const kind = st.c.keyOf.get(sf.kind)?.get(text(sf.kind) ?? '');
  const name = text(sf.name);
  const usccField = st.c.byCode.get(sf.uscc)!;
  const uscc = text(sf.uscc);
  const regNo = text(sf.regNo);
  const orgCode = text(sf.orgCode);
  const missing = (f: FieldDef, code: string, zh: string, en: string): undefined => {
    // a value that was given but invalid already has its error
    if (!has(f.code) && !st.parsed.get(f.code)?.invalid) st.errors.push(fieldError(f, code, zh, en));
    return undefined;
  };

  if (kind === 'organization' || kind === 'individual_business') {
    const kindName = text(sf.kind)!;
    if (uscc === undefined) {
      return missing(usccField, 'SUBJECT_USCC_MISSING', `行政相对人类别为“${kindName}”时，${zhLabel(usccField)}必填`, `${enLabel(usccField)} is required for ${kind}`);
    }
    const placeholder = uscc === USCC_PLACEHOLDER;
    if (kind === 'organization') {
      if (placeholder) {
        st.errors.push(
          fieldError(
            usccField,
            'USCC_PLACEHOLDER_NOT_ALLOWED',
            `${zhLabel(usccField)}：占位代码 ${USCC_PLACEHOLDER} 仅限未换发统一社会信用代码的个体工商户使用，“${kindName}”须填写真实代码`,
            `${enLabel(usccField)}: the placeholder ${USCC_PLACEHOLDER} is only for individual businesses without a code; an organization needs its real code`,
            uscc,
          ),
        );
        return undefined;
      }
      if (orgCode !== undefined && sf.orgCode !== undefined && orgCodeFromUscc(uscc) !== orgCode) {
        const f = st.c.byCode.get(sf.orgCode)!;
        st.errors.push(
          fieldError(
            f,
            'ORG_CODE_MISMATCH',
            `${zhLabel(f)}“${orgCode}”与统一社会信用代码第 9–17 位“${orgCodeFromUscc(uscc)}”不一致`,
            `${enLabel(f)} '${orgCode}' does not match characters 9–17 of the unified social credit code ('${orgCodeFromUscc(uscc)}')`,
            orgCode,
          ),
        );
        return undefined;
      }
      if (name === undefined) return undefined;
      const s: SubjectIdentity = { kind, name, uscc };
      if (orgCode !== undefined) s.orgCode = orgCode;
      if (regNo !== undefined) s.regNo = regNo;
      return s;
    }
    if (placeholder && regNo === undefined) {
      const regField = sf.regNo ? st.c.byCode.get(sf.regNo) : undefined;
      const regLabel = regField ? zhLabel(regField) : '工商注册号';
      st.errors.push(
        fieldError(
          usccField,
          'USCC_PLACEHOLDER_NEEDS_REG_NO',
          `${zhLabel(usccField)}为占位代码 ${USCC_PLACEHOLDER} 时，${regLabel}必填`,
          `${enLabel(usccField)} is the placeholder ${USCC_PLACEHOLDER}, so ${regField?.code ?? 'the business registration number'} is required`,
          uscc,
        ),
      );
      return undefined;
    }
    if (name === undefined) return undefined;
    const s: SubjectIdentity = { kind, name, uscc };
    if (regNo !== undefined) s.regNo = regNo;
    return s;
  }

  if (kind === 'person') {
    const typeField = st.c.byCode.get(sf.idType)!;
    const numberField = st.c.byCode.get(sf.idNumber)!;
    const idType = st.parsed.get(sf.idType)?.idType;
    const idNumber = text(sf.idNumber);
    if (idType === undefined) {
      missing(typeField, 'PERSON_ID_MISSING', `行政相对人类别为“自然人”时，${zhLabel(typeField)}必填`, `${enLabel(typeField)} is required for a person`);
    }
    if (idNumber === undefined) {
      missing(numberField, 'PERSON_ID_MISSING', `行政相对人类别为“自然人”时，${zhLabel(numberField)}必填`, `${enLabel(numberField)} is required for a person`);
    }
    if (idType === undefined || idNumber === undefined || name === undefined) return undefined;
    // one person, one code: a first-generation 15-digit number files under its 18-digit form
    const id = idType === 'id_card' && /^\d{15}$/.test(idNumber) ? upgradeIdNumber15(idNumber) : idNumber;
    return { kind, name, idType, idNumber: id };
  }
  return undefined;
}

// --- JSON API records ------------------------------------------------------------------------

export function validateJsonRecord(def: CategoryDef, obj: Record<string, unknown>, today: DateStr): RowResult {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return {
      ok: false,
      errors: [{ field: '', code: 'RECORD_NOT_OBJECT', zh: '每条记录应为 JSON 对象', en: 'Each record must be a JSON object' }],
    };
  }
  const c = compile(def);
  const values: Record<string, CellValue | undefined> = {};
  const from: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [k, raw] of Object.entries(obj)) {
    const code = c.byHeader.get(headerKey(k));
    if (code === undefined) continue; // like unknown columns: ignored
    const f = c.byCode.get(code)!;
    let value: CellValue;
    if (raw === null || raw === undefined) value = null;
    else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
    else {
      errors.push(
        fieldError(f, 'VALUE_TYPE_INVALID', `${zhLabel(f)}应为字符串或数字（键“${k}”）`, `${enLabel(f)} must be a string or a number (key '${k}')`),
      );
      continue;
    }
    if (code in values) {
      if (cellText(values[code]) !== cellText(value)) {
        errors.push(
          fieldError(
            f,
            'DUPLICATE_FIELD',
            `${zhLabel(f)}出现两次且值不同（键“${from[code]}”和“${k}”）`,
            `${enLabel(f)} is given twice with different values (keys '${from[code]}' and '${k}')`,
          ),
        );
      }
      continue;
    }
    values[code] = value;
    from[code] = k;
  }
  const result = validateRow(def, values, today);
  if (errors.length === 0) return result;
  return { ok: false, errors: [...errors, ...(result.ok ? [] : result.errors)] };
}
