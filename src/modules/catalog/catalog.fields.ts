// Field parsing: one cell's text to its canonical value (dates, decimals, codes, code lists,
// document numbers), each problem a FieldError that names the field.
import type { CodeCheck } from '../../kernel/codes/code-error.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { controlCharacterMessage, findControlCharacter } from '../../kernel/text.ts';
import { checkUscc, isUsccPlaceholder, USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { checkRegNo } from '../../kernel/codes/reg-no.ts';
import { checkOrgCode } from '../../kernel/codes/org-code.ts';
import {
  checkDocumentNumber,
  ID_TYPE_LABELS,
  parseIdType,
  type IdType,
} from '../../kernel/codes/id-number.ts';
import {
  compareDates,
  excelSerialToDate,
  isValidDate,
  parseDateInput,
  type DateStr,
} from '../../kernel/dates.ts';
import type { CategoryDef, CellValue, CodeMapping, FieldDef, FieldError } from './catalog.types.ts';
import { valueKey, type Compiled, type Hit } from './catalog.headers.ts';

// Values of a multi code list may be separated by any of these; stored joined with '；'.
const MULTI_SEPARATORS = /[；;、,，]+/;
const MULTI_JOIN = '；';
const ECHO_MAX = 60;

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

export function zhLabel(f: FieldDef): string {
  return `${f.name}（${f.code}）`;
}

export function enLabel(f: FieldDef): string {
  return `${f.code} (${f.en})`;
}

export function fieldError(f: FieldDef, code: string, zh: string, en: string, value?: string | null): FieldError {
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

export function cellText(v: CellValue | undefined): string | null {
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

export type Parsed = {
  text: string | null; // canonical text, null when empty
  values?: string[]; // canonical code list values
  idType?: IdType;
  invalid: boolean;
};

const ID_LIKE = /^(\d{17}[\dX]|\d{15})$/;

export type RowState = {
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

export function parseField(st: RowState, f: FieldDef): Parsed {
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
      if (f.usccPrefixes && !f.usccPrefixes.some((pre) => check.value.startsWith(pre))) {
        return bad(
          st, f, text,
          'USCC_PREFIX_NOT_ALLOWED',
          `${zhLabel(f)}须以 ${f.usccPrefixes.join('、')} 开头（如 11：机构编制部门登记的机关），“${echo(text)}”不是`,
          `${enLabel(f)} must begin with ${f.usccPrefixes.join(' or ')} (11: a government body registered by 机构编制); '${echo(text)}' does not`,
        );
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
