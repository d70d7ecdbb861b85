// Commitments (信用承诺): pure rules, `today` and the calendar passed in, tested to the day.
// When a 容缺受理 commitment is due and from which day it is breached, what input is refused, the
// severity of a breach, what the public may see, and which transitions are allowed.
import { compareDates, isValidDate, type DateStr } from '../../kernel/dates.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import type { Severity } from '../publication/publication.rules.ts';

export const COMMITMENT_KINDS = ['tolerance', 'notification', 'repair', 'voluntary'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];
export type CommitmentStatus = 'in-force' | 'fulfilled' | 'breached' | 'void';

export const KIND_NAMES: Record<CommitmentKind, string> = {
  tolerance: '容缺受理承诺',
  notification: '告知承诺',
  repair: '信用修复承诺',
  voluntary: '主动承诺',
};

export const STATUS_NAMES: Record<CommitmentStatus, string> = { 'in-force': '履行中', fulfilled: '已履行', breached: '已违诺', void: '已失效' };

export type CommitmentRule = Effective & {
  source: string;
  tolerance: {
    defaultWorkingDays: number; // due date when none is given: made-on + N working days
    dueOnRestDayMovesToNextWorkingDay: boolean; // 民法典 art. 203
    graceWorkingDays: number; // working days after the last day before the sweep breaches
  };
  severityByKind: Record<CommitmentKind, Severity>;
  publicKinds: CommitmentKind[];
  personsPublic: boolean;
};

// Checked at start (platform.ts): a mistake stops the start-up with the entry named.
export function validateCommitmentRules(entries: readonly CommitmentRule[]): void {
  for (const e of entries) {
    const at = `rules/commitments.json entry ${e.effectiveFrom}`;
    if (!isValidDate(e.effectiveFrom)) throw new Error(`${at}: effectiveFrom is not a date`);
    const t = e.tolerance;
    if (!t || !Number.isInteger(t.defaultWorkingDays) || t.defaultWorkingDays < 1) throw new Error(`${at}: tolerance.defaultWorkingDays must be a positive integer`);
    if (!Number.isInteger(t.graceWorkingDays) || t.graceWorkingDays < 0) throw new Error(`${at}: tolerance.graceWorkingDays must be an integer ≥ 0`);
    if (typeof t.dueOnRestDayMovesToNextWorkingDay !== 'boolean') throw new Error(`${at}: tolerance.dueOnRestDayMovesToNextWorkingDay must be true or false`);
    for (const k of COMMITMENT_KINDS)
      if (!['light', 'general', 'serious'].includes(e.severityByKind?.[k])) throw new Error(`${at}: severityByKind.${k} must be light, general or serious`);
    if (!Array.isArray(e.publicKinds) || e.publicKinds.some((k) => !(COMMITMENT_KINDS as readonly string[]).includes(k))) throw new Error(`${at}: publicKinds must list commitment kinds`);
    if (typeof e.personsPublic !== 'boolean') throw new Error(`${at}: personsPublic must be true or false`);
  }
}

// The due date of a tolerance commitment when the department gives none: N working days after
// the day it was made (that day not counted).
export function defaultDueDate(rules: readonly CommitmentRule[], calendar: Pick<Calendar, 'addWorkingDays'>, madeOn: DateStr): DateStr {
  return calendar.addWorkingDays(madeOn, ruleInForce(rules, madeOn).tolerance.defaultWorkingDays);
}

// The last day the materials may still be supplied: the due date, moved to the next working day
// when it is a rest day (if the rule says so), plus the grace working days.
export function lastDayToFulfil(rules: readonly CommitmentRule[], calendar: Pick<Calendar, 'addWorkingDays' | 'isWorkingDay'>, madeOn: DateStr, dueOn: DateStr): DateStr {
  const rule = ruleInForce(rules, madeOn).tolerance;
  let last = dueOn;
  if (rule.dueOnRestDayMovesToNextWorkingDay && !calendar.isWorkingDay(last)) last = calendar.addWorkingDays(last, 1);
  if (rule.graceWorkingDays > 0) last = calendar.addWorkingDays(last, rule.graceWorkingDays);
  return last;
}

// Overdue today: today is after the last day (the last day itself is still in time).
export function isOverdue(lastDay: DateStr, today: DateStr): boolean {
  return compareDates(today, lastDay) > 0;
}

export function severityOf(rules: readonly CommitmentRule[], kind: CommitmentKind, breachedOn: DateStr): Severity {
  return ruleInForce(rules, breachedOn).severityByKind[kind];
}

// Public on 信用河北: organizations' (and individual businesses') commitments of the public kinds;
// persons' only if the rule says so (by default never).
export function isCommitmentPublic(rules: readonly CommitmentRule[], c: { kind: CommitmentKind; subjectKind: string }, today: DateStr): boolean {
  const rule = ruleInForce(rules, today);
  if (c.subjectKind === 'person' && !rule.personsPublic) return false;
  return rule.publicKinds.includes(c.kind);
}

export type Problem = { code: string; zh: string; en: string; field?: string };

export type NewCommitmentInput = { kind: string; content: string; madeOn: DateStr | undefined; dueOn: DateStr | undefined; matterRef: string | undefined };

// What is wrong with a new commitment (all problems at once); today bounds the made-on date.
export function commitmentProblems(i: NewCommitmentInput, today: DateStr): Problem[] {
  const out: Problem[] = [];
  if (!(COMMITMENT_KINDS as readonly string[]).includes(i.kind))
    out.push({ field: 'kind', code: 'COMMITMENT_KIND_UNKNOWN', zh: `承诺类型 ${i.kind} 无效，应为 tolerance（容缺受理）、notification（告知承诺）、repair（信用修复）或 voluntary（主动承诺）`, en: `Unknown commitment kind ${i.kind}; use tolerance, notification, repair or voluntary` });
  if (!i.content.trim()) out.push({ field: 'content', code: 'COMMITMENT_CONTENT_MISSING', zh: '承诺内容不能为空', en: 'The content of the commitment is missing' });
  if (i.content.length > 2000) out.push({ field: 'content', code: 'COMMITMENT_CONTENT_TOO_LONG', zh: '承诺内容不能超过 2000 字', en: 'The content may have at most 2,000 characters' });
  if ((i.matterRef ?? '').length > 128) out.push({ field: 'matterRef', code: 'COMMITMENT_MATTER_TOO_LONG', zh: '相关事项编号不能超过 128 字', en: 'The matter reference may have at most 128 characters' });
  if (i.madeOn !== undefined && !isValidDate(i.madeOn)) out.push({ field: 'madeOn', code: 'DATE_INVALID', zh: `承诺日期 ${i.madeOn} 不是有效日期（YYYY-MM-DD）`, en: `The made-on date ${i.madeOn} is not a valid date (YYYY-MM-DD)` });
  else if (i.madeOn !== undefined && compareDates(i.madeOn, today) > 0) out.push({ field: 'madeOn', code: 'DATE_IN_FUTURE', zh: `承诺日期 ${i.madeOn} 不能晚于今天 ${today}`, en: `The made-on date ${i.madeOn} cannot be after today ${today}` });
  if (i.dueOn !== undefined && !isValidDate(i.dueOn)) out.push({ field: 'dueOn', code: 'DATE_INVALID', zh: `履行期限 ${i.dueOn} 不是有效日期（YYYY-MM-DD）`, en: `The due date ${i.dueOn} is not a valid date (YYYY-MM-DD)` });
  else if (i.dueOn !== undefined && isValidDate(i.madeOn ?? today) && compareDates(i.dueOn, i.madeOn ?? today) < 0)
    out.push({ field: 'dueOn', code: 'COMMITMENT_DUE_BEFORE_MADE', zh: `履行期限 ${i.dueOn} 不能早于承诺日期 ${i.madeOn ?? today}`, en: `The due date ${i.dueOn} cannot be before the made-on date ${i.madeOn ?? today}` });
  if (i.dueOn !== undefined && i.kind !== 'tolerance' && (COMMITMENT_KINDS as readonly string[]).includes(i.kind))
    out.push({ field: 'dueOn', code: 'COMMITMENT_DUE_NOT_ALLOWED', zh: '只有容缺受理承诺有履行期限', en: 'Only a tolerance commitment has a due date' });
  return out;
}

// Transitions: fulfil and breach only what is in force.
export function transitionProblem(status: CommitmentStatus, to: 'fulfilled' | 'breached'): Problem | undefined {
  if (status === 'in-force') return undefined;
  const what = to === 'fulfilled' ? ['登记履行', 'fulfilled'] : ['认定违诺', 'breached'];
  if (status === 'breached') return { code: 'COMMITMENT_BREACHED', zh: `该承诺已认定违诺，不能再${what[0]}`, en: `The commitment was breached; it cannot be ${what[1]}` };
  if (status === 'fulfilled') return { code: 'COMMITMENT_FULFILLED', zh: `该承诺已履行，不能再${what[0]}`, en: `The commitment was fulfilled; it cannot be ${what[1]}` };
  return { code: 'COMMITMENT_VOID', zh: `该承诺已失效（所附信用修复申请未获批准），不能${what[0]}`, en: `The commitment is void (its repair application was refused); it cannot be ${what[1]}` };
}

// A date given for a fulfilment or a breach: between the made-on date and today.
export function actionDateProblem(what: 'fulfilledOn' | 'breachedOn', date: DateStr, madeOn: DateStr, today: DateStr): Problem | undefined {
  const zhName = what === 'fulfilledOn' ? '履行日期' : '违诺认定日期';
  const enName = what === 'fulfilledOn' ? 'fulfilment date' : 'breach date';
  if (!isValidDate(date)) return { field: what, code: 'DATE_INVALID', zh: `${zhName} ${date} 不是有效日期`, en: `The ${enName} ${date} is not a valid date` };
  if (compareDates(date, today) > 0) return { field: what, code: 'DATE_IN_FUTURE', zh: `${zhName} ${date} 不能晚于今天 ${today}`, en: `The ${enName} ${date} cannot be after today ${today}` };
  if (compareDates(date, madeOn) < 0) return { field: what, code: 'DATE_BEFORE_COMMITMENT', zh: `${zhName} ${date} 不能早于承诺日期 ${madeOn}`, en: `The ${enName} ${date} cannot be before the made-on date ${madeOn}` };
  return undefined;
}
