// Row validation, the validator every submission goes through (file rows and JSON records
// alike): parses every field of a row, checks what spans fields (required, date order, the
// subject's identity) and collects every problem, each with a code and a Chinese and English
// message that name the field.
import { orgCodeFromUscc, USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { upgradeIdNumber15 } from '../../kernel/codes/id-number.ts';
import { compareDates, isValidDate, type DateStr } from '../../kernel/dates.ts';
import type { CategoryDef, CellValue, FieldDef, FieldError, RowResult, Severity, SubjectIdentity, ValidRecord } from './catalog.types.ts';
import { compile, headerKey } from './catalog.headers.ts';
import { cellText, enLabel, fieldError, parseField, zhLabel, type RowState } from './catalog.fields.ts';

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
    // a JSON true/false is no field's value: it would be filed as the text "true"/"false" (a
    // decision number of "false" was seen in the fuzz run) — refused like an object, as the message says
    else if (typeof raw === 'string' || typeof raw === 'number') value = raw;
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
  // a field refused for its type is not also reported missing
  const refused = new Set(errors.filter((e) => e.code === 'VALUE_TYPE_INVALID').map((e) => e.field));
  return { ok: false, errors: [...errors, ...(result.ok ? [] : result.errors.filter((e) => !(e.code === 'REQUIRED_MISSING' && refused.has(e.field))))] };
}
