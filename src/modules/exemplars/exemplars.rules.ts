// Pure rules of 诚信典型 (exemplars): the 公示 period, when objections may be filed, when approval
// may come, what an objection must hold. No I/O, no clock.
import { addDays, compareDates, type DateStr } from '../../kernel/dates.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';

// rules/exemplars.json, effective-dated by the day of the review that opens the 公示.
export type ExemplarsRule = Effective & { source: string; publicityDays: number };

// The 公示 lasts `publicityDays` calendar days from the review (冀政办字〔2017〕91号 三(一): 公示 on
// 信用河北 before approval; 7 days, the usual period of Hebei's 评选表彰 notices, is the default).
export function validateExemplarsRules(entries: readonly ExemplarsRule[]): void {
  for (const e of entries)
    if (!Number.isInteger(e.publicityDays) || e.publicityDays < 1 || e.publicityDays > 365)
      throw new Error(`rules/exemplars.json ${e.effectiveFrom}: publicityDays must be a whole number from 1 to 365`);
}
export const MAX_OBJECTION_CHARS = 2000;

export type ExemplarStatus = 'nominated' | 'publicity' | 'approved' | 'rejected' | 'withdrawn';

// The last day of a 公示 that starts on `from` (the rule in force that day).
export const publicityUntil = (rules: readonly ExemplarsRule[], from: DateStr): DateStr => addDays(from, ruleInForce(rules, from).publicityDays - 1);

export const inPublicity = (e: { status: ExemplarStatus; publicityFrom: DateStr | null; publicityUntil: DateStr | null }, today: DateStr): boolean =>
  e.status === 'publicity' && e.publicityFrom !== null && e.publicityUntil !== null && compareDates(e.publicityFrom, today) <= 0 && compareDates(today, e.publicityUntil) <= 0;

// Approval only once the 公示 is over (the day after its last day).
export const publicityOver = (e: { publicityUntil: DateStr | null }, today: DateStr): boolean => e.publicityUntil !== null && compareDates(today, e.publicityUntil) > 0;

// The term of the entry: the list's term in months from the decision (catalog), the day before.
export function nominationProblems(i: { title?: string; domain?: string; deeds?: string; year?: number }, today: DateStr): { field: string; code: string; zh: string; en: string }[] {
  const out: { field: string; code: string; zh: string; en: string }[] = [];
  const thisYear = Number(today.slice(0, 4));
  if (!i.title?.trim()) out.push({ field: 'title', code: 'EXEMPLAR_TITLE_MISSING', zh: '请填写典型称号', en: 'Give the title conferred' });
  if (!i.domain?.trim()) out.push({ field: 'domain', code: 'EXEMPLAR_DOMAIN_MISSING', zh: '请填写所属领域', en: 'Give the domain' });
  if (!i.deeds?.trim()) out.push({ field: 'deeds', code: 'EXEMPLAR_DEEDS_MISSING', zh: '请填写典型事迹', en: 'Give the deeds' });
  if (i.year !== undefined && (!Number.isInteger(i.year) || i.year < thisYear - 1 || i.year > thisYear))
    out.push({ field: 'year', code: 'EXEMPLAR_YEAR_INVALID', zh: `评选年度应为 ${thisYear - 1} 或 ${thisYear}`, en: `The selection year must be ${thisYear - 1} or ${thisYear}` });
  return out;
}
