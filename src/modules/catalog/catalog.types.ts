// Shapes of the catalog definitions in /catalog/*.json (信用信息资源目录).
// The JSON is the source of truth; catalog/README.md documents every property.
import type { IdType } from '../../kernel/codes/id-number.ts';
import type { DateStr } from '../../kernel/dates.ts';

// Category codes are data (catalog/*.json): penalty, license, dishonest-debtor, …
export type CategoryCode = string;

// 公开 / 有条件共享 / 不予共享
export type Openness = 'public' | 'conditional' | 'none';

export type PublicationRule = 'penalty' | 'license' | 'list' | 'none';

export type FieldType =
  | 'string' // short text, trimmed
  | 'text' // long free text, trimmed
  | 'date' // YYYY-MM-DD after parsing
  | 'decimal' // plain decimal string, thousands separators removed
  | 'code' // an identifier: trimmed, full-width to half-width, upper-case
  | 'codeList' // one (or, with multi, several) values of a closed list
  | 'uscc' // 统一社会信用代码, GB 32100-2015
  | 'idType' // 证件类型: parsed with the kernel's parseIdType
  | 'document'; // 证件号码, checked against the type held in idTypeField

// What the public portal may show of a field.
export type Visibility = 'public' | 'masked' | 'internal';

// Extra checks for 'code' fields.
export type CodeFormat = 'regNo' | 'orgCode';

export type CodeListEntry = {
  value: string; // canonical Chinese value, what is stored
  key?: string; // English key when code reads the value (subject kind, severity, status)
  accepts?: string[]; // other spellings that mean exactly this value
  codes?: string[]; // numeric codes that mean this value
};

// Legacy spellings that stand for several canonical values (没收违法所得、没收非法财物), or for one of
// several depending on what the record says (暂扣或者吊销许可证: 暂扣 or 吊销, read from CF_NR).
export type CodeMapping = {
  accepts: string[];
  values: string[];
  decideBy?: {
    fields: string[]; // fields whose text is searched for the keywords
    keywords: Record<string, string[]>; // canonical value -> words that select it
    ignore?: string[]; // phrases removed before searching (the legacy spelling itself)
  };
};

export type RequiredWhen = {
  field: string;
  anyOf: string[]; // canonical values of a codeList field
  errorCode?: string; // a specific error code instead of REQUIRED_WHEN_MISSING
};

export type IndefiniteDate = {
  accepts: string[]; // e.g. 长期, 永久
  value: string; // the canonical date stored for them, e.g. 2099-12-31
};

export type FieldDef = {
  code: string;
  name: string;
  en: string;
  aliases: string[];
  type: FieldType;
  maxLength?: number;
  required: boolean;
  requiredWhen?: RequiredWhen;
  codeList?: CodeListEntry[];
  codeMappings?: CodeMapping[];
  multi?: boolean;
  default?: string;
  visibility: Visibility;
  min?: number;
  notFuture?: boolean;
  notBefore?: string; // another date field this one may not precede
  indefinite?: IndefiniteDate;
  allowPlaceholder?: boolean; // uscc: the 00000000000000000X placeholder is accepted here
  format?: CodeFormat;
  usccPrefixes?: string[]; // uscc: the code must begin with one of these (11: 机关 registered by 机构编制)
  codeListRef?: string; // the shared list (catalog/codelists/) the codeList was filled from
  idTypeField?: string; // document: the idType field that says which document this is
};

export type PartyFields = { name: string; idType?: string; idNumber?: string };

export type SubjectFields = {
  name: string;
  kind: string; // a codeList field whose keys are organization / individual_business / person
  uscc: string;
  regNo?: string;
  orgCode?: string;
  idType: string;
  idNumber: string;
  legalRep?: PartyFields;
};

// 红名单 / 黑名单: a category whose records are entries of a list.
export type ListDef = {
  kind: 'red' | 'black';
  owner: string; // who decides entries (认定部门), in words
  ownerKinds: string[]; // department kinds that may enter and exit entries; empty = any department
  criteria: string; // 认定标准
  basis: string; // legal basis of the list
  procedure: string; // entry procedure
  termMonths?: number; // term when 有效期至 is empty; absent = until exited
  exitRule: string; // 移出规则, in words
};

export type CategoryDef = {
  code: CategoryCode;
  name: string;
  version: number;
  description?: string;
  openness: Openness;
  publication: { rule: PublicationRule; persons: boolean };
  subjectFields: SubjectFields;
  refField: string;
  decisionDateField: string;
  severityField?: string;
  publicationEndField?: string;
  validFromField?: string;
  validUntilField?: string;
  statusField?: string;
  penaltyKindsField?: string;
  list?: ListDef;
  fields: FieldDef[];
};

// --- what validation reads and yields (catalog.headers.ts, catalog.fields.ts, catalog.rows.ts) ---

// One cell as a file reader hands it over (collection's readers; JSON values map onto it).
export type CellValue = string | number | boolean | { date: string } | null;

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
