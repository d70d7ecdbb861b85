// Pure rules of tips (举报): what a tip must say, where it goes, when it is due and when it is
// overdue, which outcome may follow which status. No I/O and no clock: `today` is a parameter.
import { findRegion, regionAncestors } from '../../kernel/codes/region.ts';
import { findControlCharacter, controlCharacterMessage } from '../../kernel/text.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import type { DateStr } from '../../kernel/dates.ts';

// rules/tips.json, one entry per effective date (by the day a tip is received)
export type TipsRule = {
  effectiveFrom: string;
  source: string;
  handling: { workingDays: number; escalateEveryWorkingDays: number };
  routing: { defaultKind: string; kinds: { kind: string; keywords: string[] }[] };
  limits: {
    filesPerAddressPerHour: number;
    evidencePerAddressPerHour: number;
    statusPerAddressPerHour: number;
    evidenceFilesPerTip: number;
    evidenceBytes: number;
    minMatterChars: number;
    maxMatterChars: number;
  };
};

export type TipStatus = 'received' | 'in-progress' | 'substantiated' | 'unsubstantiated' | 'not-competent';
export type TipOutcome = 'substantiated' | 'unsubstantiated' | 'not-competent';
export const TIP_STATUSES: readonly TipStatus[] = ['received', 'in-progress', 'substantiated', 'unsubstantiated', 'not-competent'];
export const TIP_OUTCOMES: readonly TipOutcome[] = ['substantiated', 'unsubstantiated', 'not-competent'];
export const OPEN_STATUSES: readonly TipStatus[] = ['received', 'in-progress'];
export const isOpen = (s: TipStatus) => OPEN_STATUSES.includes(s);

export const TIP_STATUS_LABELS: Record<TipStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'received' },
  'in-progress': { zh: '办理中', en: 'in progress' },
  substantiated: { zh: '查证属实', en: 'substantiated' },
  unsubstantiated: { zh: '查无实据', en: 'unsubstantiated' },
  'not-competent': { zh: '不属本部门职责，已转交', en: 'not competent, forwarded' },
};

export type TipInput = { subjectName?: string; subjectCode?: string; matter?: string; reporter?: { name?: string; phone?: string } };
export type CleanTip = { subjectName: string; subjectCode: string | null; matter: string; reporter: { name: string; phone: string } | null };
export type TipViolation = { field: string; code: string; zh: string; en: string };

const trim = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
// characters, not UTF-16 units
const chars = (s: string) => [...s].length;
const PHONE = /^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const CODE = /^[0-9A-Z]{15,18}$/;

const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  subjectName: { zh: '被举报主体名称', en: 'subjectName' },
  subjectCode: { zh: '被举报主体代码', en: 'subjectCode' },
  matter: { zh: '举报事项', en: 'matter' },
  'reporter.name': { zh: '举报人姓名', en: 'reporter.name' },
  'reporter.phone': { zh: '举报人联系电话', en: 'reporter.phone' },
};

// Every reason a tip is refused (nothing is stored then), or the tip as it will be kept. The
// violations never echo a value (the reporter's name and phone must not come back in an error
// that a proxy or a browser extension might log).
export function checkTip(input: TipInput, rule: TipsRule): { ok: true; tip: CleanTip } | { ok: false; violations: TipViolation[] } {
  const v: TipViolation[] = [];
  const raw: Record<string, string | undefined> = {
    subjectName: input.subjectName,
    subjectCode: input.subjectCode,
    matter: input.matter,
    'reporter.name': input.reporter?.name,
    'reporter.phone': input.reporter?.phone,
  };
  for (const [field, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const hit = findControlCharacter(value, { allowWhitespaceControls: field === 'matter' });
    if (hit) {
      const label = FIELD_LABELS[field]!;
      v.push({ field, ...controlCharacterMessage(label.zh, label.en, hit) });
    }
  }
  if (v.length > 0) return { ok: false, violations: v };
  const subjectName = trim(input.subjectName);
  const subjectCode = trim(input.subjectCode).toUpperCase();
  const matter = trim(input.matter);
  if (!subjectName && !subjectCode && !matter)
    return {
      ok: false,
      violations: [{ field: 'subjectName', code: 'TIP_EMPTY', zh: '举报内容为空：请填写被举报主体和举报事项', en: 'The tip is empty: name the subject and describe the matter' }],
    };
  if (!subjectName && !subjectCode)
    v.push({ field: 'subjectName', code: 'TIP_NO_SUBJECT', zh: '请填写被举报主体的名称（或统一社会信用代码）', en: 'Name the subject of the tip (or give its unified social credit code)' });
  if (subjectName && chars(subjectName) > 200) v.push({ field: 'subjectName', code: 'TIP_FIELD_TOO_LONG', zh: '被举报主体名称不能超过 200 个字', en: 'subjectName may have at most 200 characters' });
  if (subjectCode && !CODE.test(subjectCode))
    v.push({ field: 'subjectCode', code: 'TIP_SUBJECT_CODE', zh: '被举报主体代码应为 18 位统一社会信用代码或身份证号码', en: 'subjectCode must be an 18-character unified social credit code or ID number' });
  if (!matter) v.push({ field: 'matter', code: 'TIP_NO_MATTER', zh: '请填写举报事项：何时、何地、何种失信行为', en: 'Describe the matter: when, where and what dishonest conduct' });
  else if (chars(matter) < rule.limits.minMatterChars)
    v.push({ field: 'matter', code: 'TIP_MATTER_TOO_SHORT', zh: `举报事项至少 ${rule.limits.minMatterChars} 个字`, en: `Describe the matter in at least ${rule.limits.minMatterChars} characters` });
  else if (chars(matter) > rule.limits.maxMatterChars)
    v.push({ field: 'matter', code: 'TIP_FIELD_TOO_LONG', zh: `举报事项不能超过 ${rule.limits.maxMatterChars} 个字`, en: `matter may have at most ${rule.limits.maxMatterChars} characters` });
  let reporter: CleanTip['reporter'] = null;
  if (input.reporter) {
    const name = trim(input.reporter.name);
    const phone = trim(input.reporter.phone).replace(/[ ]/g, '');
    if (!name || chars(name) > 50) v.push({ field: 'reporter.name', code: 'TIP_REPORTER_NAME', zh: '实名举报须填写举报人姓名（不超过 50 个字）；匿名举报请不填举报人', en: 'A named tip needs the reporter’s name (at most 50 characters); for an anonymous tip leave the reporter out' });
    if (!PHONE.test(phone)) v.push({ field: 'reporter.phone', code: 'TIP_REPORTER_PHONE', zh: '举报人联系电话格式不正确（手机号或带区号的固定电话）', en: 'The reporter’s phone is not a valid mobile or landline number' });
    reporter = { name, phone };
  }
  if (v.length > 0) return { ok: false, violations: v };
  return { ok: true, tip: { subjectName: subjectName || subjectCode, subjectCode: subjectCode || null, matter, reporter } };
}

// The region a code names: a USCC's registration authority (characters 3–8), an ID number's
// address code (1–6); only Hebei divisions count.
export function regionOfCode(code: string | null): string | undefined {
  if (!code) return undefined;
  // an ID number's address code first (18 digits or 17 and X), then a USCC's authority code
  const candidates = [...(/^\d{17}[\dX]$/.test(code) ? [code.slice(0, 6)] : []), code.slice(2, 8)];
  return candidates.find((c) => /^\d{6}$/.test(c) && findRegion(c) !== undefined);
}

// The department kind of a matter: the first kind whose keyword the matter (or the subject's
// name) contains, else the default.
export function matterKind(matter: string, rule: TipsRule): string {
  for (const k of rule.routing.kinds) if (k.keywords.some((w) => matter.includes(w))) return k.kind;
  return rule.routing.defaultKind;
}

export type RoutableDepartment = { id: number; regionCode: string; kinds: readonly string[]; active: boolean };

// The department a tip goes to: the first active department of the kind on the region chain
// (the region itself, then its ancestors); failing that, the credit office on the same chain;
// undefined when neither exists (operators route it by hand).
export function pickDepartment<D extends RoutableDepartment>(regionCode: string, kind: string, defaultKind: string, departments: readonly D[]): D | undefined {
  const chain = [regionCode, ...regionAncestors(regionCode)];
  for (const k of kind === defaultKind ? [kind] : [kind, defaultKind]) {
    for (const region of chain) {
      const found = departments.filter((d) => d.active && d.regionCode === region && d.kinds.includes(k)).sort((a, b) => a.id - b.id)[0];
      if (found) return found;
    }
  }
  return undefined;
}

export const tipsRuleOn = (rules: readonly TipsRule[], day: DateStr) => ruleInForce(rules, day);

export function dueDate(receivedOn: DateStr, rule: TipsRule, calendar: Pick<Calendar, 'addWorkingDays'>): DateStr {
  return calendar.addWorkingDays(receivedOn, rule.handling.workingDays);
}

// The escalation level an open tip should be at on `today`: 0 until its due date has passed,
// then 1, and one more every `escalateEveryWorkingDays` working days after the due date.
export function escalationLevel(due: DateStr, today: DateStr, rule: TipsRule, calendar: Pick<Calendar, 'workingDaysBetween'>): number {
  if (today <= due) return 0;
  const late = calendar.workingDaysBetween(due, today);
  if (late <= 0) return 0;
  return 1 + Math.floor((late - 1) / Math.max(1, rule.handling.escalateEveryWorkingDays));
}

// Where an escalation at `level` goes: the credit office `level` steps up the region chain
// (level 1: the tip's own region ... the province at most). Region codes, nearest first.
export function escalationRegion(subjectRegion: string, level: number): string {
  const chain = [subjectRegion, ...regionAncestors(subjectRegion)];
  return chain[Math.min(level - 1, chain.length - 1)] ?? '130000';
}

export type OutcomeCheck = { ok: true } | { ok: false; code: string; zh: string; en: string };

export function checkOutcome(status: TipStatus, outcome: TipOutcome, forwardedTo: string | undefined): OutcomeCheck {
  if (!isOpen(status))
    return { ok: false, code: 'TIP_CLOSED', zh: `该举报已办结（${TIP_STATUS_LABELS[status].zh}），不能再次答复`, en: `The tip is closed (${TIP_STATUS_LABELS[status].en}); it cannot be answered again` };
  if (outcome === 'not-competent' && !trim(forwardedTo))
    return { ok: false, code: 'TIP_FORWARD_REQUIRED', zh: '不属本部门职责的举报须写明转交的部门', en: 'A tip outside the department’s competence needs the department it is forwarded to' };
  return { ok: true };
}

// The receipt number shown to the reporter: JB + the day received + 8 random digits.
export function receiptNumber(receivedOn: DateStr, random8: string): string {
  return `JB${receivedOn.replace(/-/g, '')}${random8}`;
}

// Start of the rate-limit window that holds `now` (windows of `windowMs`, aligned to the epoch).
export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

// rules/tips.json checked when loaded: every kind a known department kind, positive limits.
export function tipsRuleProblems(entries: readonly TipsRule[], knownKinds: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const e of entries) {
    const at = `rules/tips.json (effectiveFrom ${e.effectiveFrom})`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.effectiveFrom)) out.push(`${at}: effectiveFrom is not a date`);
    if (!(e.handling?.workingDays > 0) || !(e.handling?.escalateEveryWorkingDays > 0)) out.push(`${at}: handling.workingDays and escalateEveryWorkingDays must be positive`);
    if (!knownKinds.has(e.routing?.defaultKind)) out.push(`${at}: routing.defaultKind ${e.routing?.defaultKind} is not a department kind`);
    for (const k of e.routing?.kinds ?? []) {
      if (!knownKinds.has(k.kind)) out.push(`${at}: routing kind ${k.kind} is not a department kind`);
      if (!Array.isArray(k.keywords) || k.keywords.length === 0 || k.keywords.some((w) => typeof w !== 'string' || !w.trim())) out.push(`${at}: routing kind ${k.kind} needs keywords`);
    }
    for (const [name, v] of Object.entries(e.limits ?? {})) if (!(typeof v === 'number' && Number.isInteger(v) && v > 0)) out.push(`${at}: limits.${name} must be a positive integer`);
    if (!e.limits) out.push(`${at}: limits missing`);
  }
  return out;
}
