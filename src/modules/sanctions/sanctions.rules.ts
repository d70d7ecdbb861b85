// Joint reward and punishment rules: pure functions, `today` passed in, tested to the day.
// Which list entries are in force, which measures apply to a department in a scenario, when a
// measure is suspended, who may use the green channel, and what feedback must say.
import { addDays, addMonths, addYears, compareDates, type DateStr } from '../../kernel/dates.ts';
import type { Effective } from '../../kernel/rules.ts';
import type { Severity } from '../publication/publication.rules.ts';
import type { CodeCheck, CodeError } from '../../kernel/codes/code-error.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { checkUscc, isUsccPlaceholder } from '../../kernel/codes/uscc.ts';
import { checkOrgCode } from '../../kernel/codes/org-code.ts';
import { checkRegNo } from '../../kernel/codes/reg-no.ts';
import { checkIdNumber, maskIdNumber, upgradeIdNumber15 } from '../../kernel/codes/id-number.ts';

export type SanctionsRule = Effective & {
  source: string;
  greenChannelYears: number; // 连续 N 年无不良信用记录
  feedbackWorkingDays: number; // feedback owed within N working days of the check
  exitNoticeMonths: number; // an exit notice stays public this long after the exit
};

export type MeasureKind = 'reward' | 'punishment';
export type MeasureType = 'administrative' | 'market' | 'industry' | 'social';
export type Via = 'legal_representative';
// `provider: checker`: only records the checking department provided itself count (an industry
// association's measures act on the entries and records it keeps on its own members).
export type Provider = 'checker';

// What triggers a measure: entries of a list in force; records of a category with a severity,
// for a number of months from their decision; or a condition of the whole credit file.
// `via: legal_representative`: the organization's entry or record, applied to the persons it names.
export type Trigger =
  | { list: string; via?: Via; provider?: Provider }
  | { category: string; severities: Severity[]; months: number; via?: Via; provider?: Provider }
  | { condition: 'clean-record' };

export type MeasureDef = {
  id: string;
  kind: MeasureKind;
  type: MeasureType;
  name: string;
  content: string;
  basis: string;
  memorandum?: { name: string; docNo?: string };
  implementers: string[]; // department kinds
  scenarios: string[];
  triggers: Trigger[];
};

export type Measure = MeasureDef & { revision: number; active: boolean; source: 'file' | 'operator' };

// A current record version of the subject (or of an organization that names the subject).
export type CandidateRecord = {
  id: number;
  category: string;
  ref: string;
  departmentName: string;
  departmentId?: number; // the providing department (for `provider: checker` triggers)
  decisionDate: DateStr;
  severity: Severity | null;
  validUntil: DateStr | null;
  status: string; // active, exited, revoked, repaired, …
  disputed: boolean;
  via?: { role: Via; subjectId: string; name: string; code: string | null };
};

export type ListInfo = { kind: 'red' | 'black'; name: string };

// --- lists -----------------------------------------------------------------------------------

// On the list today: the current version is active, entered on or before today, and today is
// not after its term end. Exact to the day: the term end itself is the last day.
export function isEntryInForce(e: Pick<CandidateRecord, 'status' | 'decisionDate' | 'validUntil'>, today: DateStr): boolean {
  if (e.status !== 'active') return false;
  if (compareDates(e.decisionDate, today) > 0) return false;
  return e.validUntil === null || compareDates(today, e.validUntil) <= 0;
}

export type ExitCheck =
  | { ok: true }
  | { ok: false; code: 'LIST_ENTRY_NOT_ACTIVE' | 'LIST_ENTRY_EXPIRED' | 'EXIT_DATE_IN_FUTURE' | 'EXIT_DATE_BEFORE_ENTRY'; zh: string; en: string };

// An owner may take an active entry off its list on a day from its entry date to today, as long
// as the term has not already ended (then it is off the list already).
export function checkExit(e: Pick<CandidateRecord, 'status' | 'decisionDate' | 'validUntil'>, exitDate: DateStr, today: DateStr): ExitCheck {
  if (e.status !== 'active')
    return { ok: false, code: 'LIST_ENTRY_NOT_ACTIVE', zh: `该名单记录状态为“${e.status}”，不能再移出`, en: `The entry's status is ${e.status}; it cannot be exited again` };
  if (compareDates(exitDate, today) > 0)
    return { ok: false, code: 'EXIT_DATE_IN_FUTURE', zh: `移出日期 ${exitDate} 不能晚于今天 ${today}`, en: `The exit date ${exitDate} cannot be after today ${today}` };
  if (compareDates(exitDate, e.decisionDate) < 0)
    return { ok: false, code: 'EXIT_DATE_BEFORE_ENTRY', zh: `移出日期 ${exitDate} 不能早于认定日期 ${e.decisionDate}`, en: `The exit date ${exitDate} cannot be before the entry date ${e.decisionDate}` };
  if (e.validUntil !== null && compareDates(e.validUntil, exitDate) < 0)
    return {
      ok: false,
      code: 'LIST_ENTRY_EXPIRED',
      zh: `该名单记录有效期至 ${e.validUntil}，已于 ${addDays(e.validUntil, 1)} 自动移出`,
      en: `The entry was in force until ${e.validUntil} and left the list automatically on ${addDays(e.validUntil, 1)}`,
    };
  return { ok: true };
}

// The day an entry left its list: its exit date, or the day after its term end; undefined while on it.
export function exitDateOf(e: Pick<CandidateRecord, 'status' | 'validUntil'> & { statusOn: DateStr | null }, today: DateStr): DateStr | undefined {
  if (e.status === 'exited' && e.statusOn) return e.statusOn;
  if (e.status === 'active' && e.validUntil !== null && compareDates(e.validUntil, today) < 0) return addDays(e.validUntil, 1);
  return undefined;
}

// An exit notice is public from the exit date through the same day N months later.
export function isExitNoticePublic(exitDate: DateStr, today: DateStr, months: number): boolean {
  return compareDates(exitDate, today) <= 0 && compareDates(today, addMonths(exitDate, months)) <= 0;
}

// --- eligibility (绿色通道 / 容缺受理) ---------------------------------------------------------

export type BadRecord = { recordId: string; category: string; ref: string; decisionDate: DateStr; countsUntil: DateStr | null; disputed: boolean };

export type Eligibility = {
  greenChannel: boolean;
  toleranceAcceptance: boolean;
  reason: string;
  reasonEn: string;
  eligibleFrom: DateStr | null; // when not eligible: the first day without a bad record, if known
  badRecords: BadRecord[];
  withheldRecords?: number; // bad records not listed: a person's non-public ones the requester may not read (check-privacy.rules.ts)
};

const NOT_BAD_STATUSES = new Set(['revoked', 'repaired']);

// A bad record: a general or serious record, or a blacklist entry, decided in the last N years
// and neither revoked nor repaired; a blacklist entry in force today is bad whenever decided.
// "The last N years" per 民法典 art. 201–202: the period starts the day after the decision and
// its last day is the corresponding day N years on, so a record decided exactly N years ago
// still counts today and stops counting tomorrow.
export function badRecordsOf(records: readonly CandidateRecord[], lists: (category: string) => ListInfo | undefined, today: DateStr, years: number): BadRecord[] {
  const out: BadRecord[] = [];
  for (const r of records) {
    if (NOT_BAD_STATUSES.has(r.status)) continue;
    const black = lists(r.category)?.kind === 'black';
    if (!black && r.severity !== 'general' && r.severity !== 'serious') continue;
    if (compareDates(r.decisionDate, today) > 0) continue;
    const periodEnd = addYears(r.decisionDate, years);
    const inPeriod = compareDates(today, periodEnd) <= 0;
    const onList = black && isEntryInForce(r, today);
    if (!inPeriod && !onList) continue;
    // counts until the later of the period end and, while on a blacklist, the term end
    let countsUntil: DateStr | null = periodEnd;
    if (onList) countsUntil = r.validUntil === null ? null : compareDates(r.validUntil, periodEnd) > 0 ? r.validUntil : periodEnd;
    out.push({ recordId: String(r.id), category: r.category, ref: r.ref, decisionDate: r.decisionDate, countsUntil, disputed: r.disputed });
  }
  return out.sort((a, b) => compareDates(b.decisionDate, a.decisionDate) || a.recordId.localeCompare(b.recordId));
}

export function eligibilityOf(records: readonly CandidateRecord[], lists: (category: string) => ListInfo | undefined, today: DateStr, years: number, known: boolean): Eligibility {
  const bad = badRecordsOf(records, lists, today, years);
  if (bad.length === 0) {
    const reason = known ? `近${years}年内无不良信用记录` : `平台未归集该主体的信用记录，无不良信用记录`;
    const reasonEn = known ? `No bad record in the last ${years} years` : 'The platform holds no record of this subject, so no bad record';
    return { greenChannel: true, toleranceAcceptance: true, reason, reasonEn, eligibleFrom: null, badRecords: [] };
  }
  const open = bad.some((b) => b.countsUntil === null);
  const last = open ? null : bad.map((b) => b.countsUntil!).sort(compareDates).at(-1)!;
  const first = bad[0]!;
  return {
    greenChannel: false,
    toleranceAcceptance: false,
    reason: `近${years}年内有不良信用记录 ${bad.length} 条（最近一条：${first.ref}，${first.decisionDate}）` + (last ? `，${addDays(last, 1)} 起可再次适用` : '，仍在黑名单内'),
    reasonEn: `${bad.length} bad record(s) in the last ${years} years (latest: ${first.ref}, ${first.decisionDate})` + (last ? `; eligible again from ${addDays(last, 1)}` : '; still on a blacklist'),
    eligibleFrom: last ? addDays(last, 1) : null,
    badRecords: bad,
  };
}

// --- measures ----------------------------------------------------------------------------------

export type TriggerHit = {
  type: 'list-entry' | 'record' | 'condition';
  condition?: 'clean-record';
  recordId?: string;
  category?: string;
  categoryName?: string;
  ref?: string;
  department?: string;
  decisionDate?: DateStr;
  until: DateStr | null;
  disputed: boolean;
  via?: CandidateRecord['via'];
  withheld?: true; // a person's non-public record the requester may not read (check-privacy.rules.ts)
};

export type AppliedMeasure = {
  measureId: string;
  revision: number;
  kind: MeasureKind;
  type: MeasureType;
  name: string;
  content: string;
  basis: string;
  memorandum: { name: string; docNo?: string } | null;
  trigger: TriggerHit;
  triggers: TriggerHit[];
  suspended: boolean;
  until: DateStr | null;
};

const hitOf = (r: CandidateRecord, type: TriggerHit['type'], until: DateStr | null): TriggerHit => {
  const h: TriggerHit = { type, recordId: String(r.id), category: r.category, ref: r.ref, department: r.departmentName, decisionDate: r.decisionDate, until, disputed: r.disputed };
  if (r.via) h.via = r.via;
  return h;
};

// The record hits of one trigger, each with the last day it keeps the measure in force.
// checkerId: the checking department; a `provider: checker` trigger counts only its own records
// (undefined: the staff view of what would apply to whoever provided them).
export function triggerHits(t: Trigger, records: readonly CandidateRecord[], cleanRecord: boolean, today: DateStr, checkerId?: number): TriggerHit[] {
  if ('condition' in t) return cleanRecord ? [{ type: 'condition', condition: t.condition, until: null, disputed: false }] : [];
  const hits: TriggerHit[] = [];
  for (const r of records) {
    if ((r.via?.role ?? undefined) !== t.via) continue;
    if (t.provider === 'checker' && checkerId !== undefined && r.departmentId !== checkerId) continue;
    if ('list' in t) {
      if (r.category === t.list && isEntryInForce(r, today)) hits.push(hitOf(r, 'list-entry', r.validUntil));
      continue;
    }
    if (r.category !== t.category || r.status !== 'active' || r.severity === null || !t.severities.includes(r.severity)) continue;
    if (compareDates(r.decisionDate, today) > 0) continue;
    const until = addMonths(r.decisionDate, t.months);
    if (compareDates(today, until) <= 0) hits.push(hitOf(r, 'record', until));
  }
  return hits;
}

const laterUntil = (a: DateStr | null, b: DateStr | null): DateStr | null => (a === null || b === null ? null : compareDates(a, b) >= 0 ? a : b);

export type CheckContext = {
  departmentKinds: readonly string[];
  departmentId?: number; // the checking department (provider: checker triggers); absent in the staff view
  scenario: string;
  records: readonly CandidateRecord[];
  cleanRecord: boolean;
  today: DateStr;
};

// Measures that apply: implemented by one of the department's kinds, in this scenario, with a
// trigger in force today. Suspended when every trigger is disputed (信息核实期间暂不执行联合惩戒).
export function applicableMeasures(measures: readonly Measure[], ctx: CheckContext): AppliedMeasure[] {
  const out: AppliedMeasure[] = [];
  for (const m of measures) {
    if (!m.active || !m.scenarios.includes(ctx.scenario)) continue;
    if (!m.implementers.some((k) => ctx.departmentKinds.includes(k))) continue;
    const hits = m.triggers.flatMap((t) => triggerHits(t, ctx.records, ctx.cleanRecord, ctx.today, ctx.departmentId));
    if (hits.length === 0) continue;
    const live = hits.filter((h) => !h.disputed);
    const suspended = live.length === 0;
    const basis = suspended ? hits : live;
    const until = basis.map((h) => h.until).reduce(laterUntil);
    // the hit shown as the trigger: one that keeps the measure in force longest
    const trigger = basis.reduce((a, b) => (laterUntil(a.until, b.until) === a.until ? a : b));
    out.push({
      measureId: m.id,
      revision: m.revision,
      kind: m.kind,
      type: m.type,
      name: m.name,
      content: m.content,
      basis: m.basis,
      memorandum: m.memorandum ?? null,
      trigger,
      triggers: hits,
      suspended,
      until,
    });
  }
  return out.sort((a, b) => (a.kind === b.kind ? a.measureId.localeCompare(b.measureId) : a.kind === 'punishment' ? -1 : 1));
}

// Every measure the subject's file would trigger today, whoever implements it and in whichever
// scenario (the staff credit query's "measures that would apply"): each measure is asked with its
// own implementers and first scenario, so the department and scenario filters always pass.
export type FileMeasure = AppliedMeasure & { implementers: string[]; scenarios: string[] };

export function measuresThatWouldApply(measures: readonly Measure[], records: readonly CandidateRecord[], cleanRecord: boolean, today: DateStr): FileMeasure[] {
  const out: FileMeasure[] = [];
  for (const m of measures) {
    if (!m.active || m.scenarios.length === 0) continue;
    const [hit] = applicableMeasures([m], { departmentKinds: m.implementers, scenario: m.scenarios[0]!, records, cleanRecord, today });
    if (hit) out.push({ ...hit, implementers: [...m.implementers], scenarios: [...m.scenarios] });
  }
  return out.sort((a, b) => (a.kind === b.kind ? a.measureId.localeCompare(b.measureId) : a.kind === 'punishment' ? -1 : 1));
}

// --- feedback (反馈) -----------------------------------------------------------------------------

export type FeedbackOutcome = 'applied' | 'not_applied' | 'not_applicable';
export const FEEDBACK_OUTCOMES: readonly FeedbackOutcome[] = ['applied', 'not_applied', 'not_applicable'];
export type MatterOutcome = 'approved' | 'approved_with_conditions' | 'rejected' | 'withdrawn' | 'pending' | 'other';
export const MATTER_OUTCOMES: readonly MatterOutcome[] = ['approved', 'approved_with_conditions', 'rejected', 'withdrawn', 'pending', 'other'];

export type CheckedMeasure = { measureId: string; suspended: boolean; outcome: FeedbackOutcome | null };
export type FeedbackItem = { measureId: string; outcome: FeedbackOutcome; reason?: string };
export type FeedbackProblem = { measureId: string; code: string; zh: string; en: string };

const OUTCOME_ZH: Record<FeedbackOutcome, string> = { applied: '已实施', not_applied: '未实施', not_applicable: '不适用' };

// `nameOf` gives a measure's Chinese name for the messages (clerks read them; never a raw id
// such as dd-procurement), the id itself when the measure is unknown.
export function feedbackProblems(checked: readonly CheckedMeasure[], items: readonly FeedbackItem[], nameOf: (measureId: string) => string | undefined = () => undefined): FeedbackProblem[] {
  const problems: FeedbackProblem[] = [];
  const byId = new Map(checked.map((c) => [c.measureId, c]));
  const seen = new Set<string>();
  for (const it of items) {
    const c = byId.get(it.measureId);
    const name = nameOf(it.measureId);
    const zhName = name ? `“${name}”` : ` ${it.measureId} `;
    const enName = name ? `"${name}" (${it.measureId})` : it.measureId;
    if (seen.has(it.measureId)) {
      problems.push({ measureId: it.measureId, code: 'FEEDBACK_DUPLICATE', zh: `措施${zhName}重复反馈`, en: `Measure ${enName} is given twice` });
      continue;
    }
    seen.add(it.measureId);
    if (!c) {
      problems.push({ measureId: it.measureId, code: 'FEEDBACK_MEASURE_UNKNOWN', zh: `本次核查未返回措施${zhName}`.trimEnd(), en: `The check did not return measure ${enName}` });
      continue;
    }
    if (c.outcome !== null)
      problems.push({ measureId: it.measureId, code: 'FEEDBACK_EXISTS', zh: `措施${zhName}已反馈（${OUTCOME_ZH[c.outcome] ?? c.outcome}）`, en: `Measure ${enName} already has feedback (${c.outcome})` });
    if (c.suspended && it.outcome === 'applied')
      problems.push({ measureId: it.measureId, code: 'FEEDBACK_MEASURE_SUSPENDED', zh: `措施${zhName}因异议处理暂停执行，不能反馈为已实施`, en: `Measure ${enName} is suspended under an objection and cannot be applied` });
    if (it.outcome === 'not_applied' && !it.reason?.trim())
      problems.push({ measureId: it.measureId, code: 'FEEDBACK_REASON_REQUIRED', zh: `措施${zhName}未实施，须说明理由`, en: `Measure ${enName} was not applied: a reason is required` });
  }
  return problems;
}

// Feedback is owed for every measure that was not suspended.
export function feedbackOwed(measures: readonly Pick<AppliedMeasure, 'suspended'>[]): boolean {
  return measures.some((m) => !m.suspended);
}

// Late: given after the due day, or still missing after it.
export function isFeedbackLate(due: DateStr, givenOn: DateStr | null, today: DateStr): boolean {
  return compareDates(givenOn ?? today, due) > 0;
}

// --- subject codes of a check --------------------------------------------------------------------

export type CodeReading = { column: 'public_id' | 'uscc' | 'org_code' | 'reg_no' | 'id_number'; value: string };
export type CodeRead = { ok: true; readings: CodeReading[]; display: string } | { ok: false; error: CodeError };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What a typed code can be: a subject's public id, a USCC, a legacy 组织机构代码 or 工商注册号,
// or a 居民身份证 number (a 15-digit first-generation number files under its 18-digit form).
// Several readings when a code is valid as more than one (an 18-digit number can pass both the
// USCC and the ID check); none valid: the error of the most likely reading.
export function readSubjectCode(raw: string, today: DateStr): CodeRead {
  const trimmed = raw.trim();
  if (UUID_RE.test(trimmed)) return { ok: true, readings: [{ column: 'public_id', value: trimmed.toLowerCase() }], display: trimmed.toLowerCase() };
  const code = normalizeCode(trimmed);
  const readings: CodeReading[] = [];
  const uscc = checkUscc(code);
  if (uscc.ok && !isUsccPlaceholder(uscc.value)) readings.push({ column: 'uscc', value: uscc.value });
  const org = checkOrgCode(code);
  if (org.ok) readings.push({ column: 'org_code', value: org.value });
  const reg = checkRegNo(code);
  if (reg.ok) readings.push({ column: 'reg_no', value: reg.value });
  const id = /^\d{15}$|^\d{17}[\dX]$/.test(code) ? checkIdNumber(code, today) : undefined;
  if (id?.ok) readings.push({ column: 'id_number', value: id.value.length === 15 ? upgradeIdNumber15(id.value) : id.value });
  if (readings.length > 0) {
    const person = readings.length === 1 && readings[0]!.column === 'id_number';
    return { ok: true, readings, display: person ? maskIdNumber(readings[0]!.value) : readings[0]!.value };
  }
  if (code === '') return { ok: false, error: { code: 'SUBJECT_CODE_EMPTY', zh: '请输入主体代码', en: 'Enter a subject code' } };
  // the most likely intent, by shape
  const pick = (c: CodeCheck | undefined) => (c && !c.ok ? c.error : undefined);
  const error =
    (code.length === 18 && /^\d{17}[\dX]$/.test(code) ? pick(id) : undefined) ??
    (code.length === 18 ? pick(uscc) : undefined) ??
    (/^\d{15}$/.test(code) ? pick(reg) : undefined) ??
    (code.replace('-', '').length === 9 ? pick(org) : undefined);
  return {
    ok: false,
    error: error ?? {
      code: 'SUBJECT_CODE_INVALID',
      zh: `“${trimmed}”不是有效的统一社会信用代码、组织机构代码、工商注册号或居民身份证号码`,
      en: `"${trimmed}" is not a valid USCC, organization code, business registration number or ID number`,
    },
  };
}

// The earliest exit date whose notice is still public today (isExitNoticePublic, inverted exactly:
// month ends make addMonths many-to-one, so step to the first day that qualifies).
export function exitNoticeFrom(today: DateStr, months: number): DateStr {
  let d = addMonths(today, -months);
  while (compareDates(addMonths(d, months), today) < 0) d = addDays(d, 1);
  while (compareDates(addMonths(addDays(d, -1), months), today) >= 0) d = addDays(d, -1);
  return d;
}
