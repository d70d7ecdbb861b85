// Stages of list entries beyond entry and exit (rules/list-lifecycle.json), pure: the removal
// clock of an entry marked 履行完毕 (失信被执行人: the court deletes within 3 working days, 法释〔2017〕7号
// art. 10) and whether a list allows a 信用警示 stage before entry. The calendar and `today` are
// passed in. In catalog because collection (the term an entry is stored with) and sanctions (the
// clock shown and the overdue sweep) both read it.
import { addDays, compareDates, type DateStr } from '../../kernel/dates.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';
import type { CategoryDef } from './catalog.types.ts';

export type RemovalRule = { workingDays: number; performanceField: string; performedKeys: string[]; performedOnField: string };
export type CreditWarningRule = { allowed: boolean; maxDays: number };
export type ListLifecycle = { removal?: RemovalRule; creditWarning?: CreditWarningRule };
export type ListLifecycleRule = Effective & { source: string; lists: Record<string, ListLifecycle> };

// Problems of the rule file against the catalog (checked at start: a field renamed in the catalog
// must not silently switch the clock off).
export function listLifecycleProblems(rules: readonly ListLifecycleRule[], categories: readonly CategoryDef[]): string[] {
  const out: string[] = [];
  const byCode = new Map(categories.map((c) => [c.code, c]));
  for (const r of rules) {
    const at = `rules/list-lifecycle.json ${r.effectiveFrom}`;
    if (!r.source?.trim()) out.push(`${at}: source missing`);
    for (const [code, l] of Object.entries(r.lists ?? {})) {
      const def = byCode.get(code);
      if (!def?.list) {
        out.push(`${at}: ${code} is not a list category`);
        continue;
      }
      if (l.removal) {
        const m = l.removal;
        if (!Number.isInteger(m.workingDays) || m.workingDays < 0 || m.workingDays > 60) out.push(`${at}: ${code}.removal.workingDays must be a whole number from 0 to 60`);
        const f = def.fields.find((x) => x.code === m.performanceField);
        if (!f || f.type !== 'codeList') out.push(`${at}: ${code}.removal.performanceField ${m.performanceField} is not a code list field of ${code}`);
        else
          for (const k of m.performedKeys ?? [])
            if (!f.codeList?.some((e) => e.key === k)) out.push(`${at}: ${code}.removal.performedKeys: ${m.performanceField} has no value with key ${k}`);
        if (!m.performedKeys?.length) out.push(`${at}: ${code}.removal.performedKeys is empty`);
        const d = def.fields.find((x) => x.code === m.performedOnField);
        if (!d || d.type !== 'date') out.push(`${at}: ${code}.removal.performedOnField ${m.performedOnField} is not a date field of ${code}`);
      }
      if (l.creditWarning) {
        const w = l.creditWarning;
        if (typeof w.allowed !== 'boolean') out.push(`${at}: ${code}.creditWarning.allowed must be true or false`);
        if (!Number.isInteger(w.maxDays) || w.maxDays < 0 || w.maxDays > 366 || (w.allowed && w.maxDays < 1))
          out.push(`${at}: ${code}.creditWarning.maxDays must be a whole number from 1 to 366 when allowed`);
      }
    }
  }
  return out;
}

export type RemovalClock = {
  performedOn: DateStr; // 履行完毕日期
  workingDays: number; // the rule's working days
  deadline: DateStr; // the last day the entry may be on the list (working day n after performedOn)
};

// The removal clock of an entry's fields, when they say it is fully performed (履行完毕); undefined
// for an entry not performed or a list without the rule. The rule in force on the performance day.
export function removalClock(
  rules: readonly ListLifecycleRule[],
  def: CategoryDef,
  fields: Readonly<Record<string, string | null | undefined>>,
  calendar: Pick<Calendar, 'addWorkingDays'>,
): RemovalClock | undefined {
  // the date field named by the newest entry that has the rule (which entry is in force depends on the date)
  const latest = [...rules].reverse().find((r) => r.lists?.[def.code]?.removal)?.lists[def.code]?.removal;
  if (!latest) return undefined;
  const performedOn = fields[latest.performedOnField];
  if (!performedOn) return undefined;
  const m = ruleInForce(rules, performedOn).lists?.[def.code]?.removal;
  if (!m) return undefined;
  const value = fields[m.performanceField];
  const key = def.fields.find((f) => f.code === m.performanceField)?.codeList?.find((e) => e.value === value)?.key;
  if (!key || !m.performedKeys.includes(key)) return undefined;
  return { performedOn, workingDays: m.workingDays, deadline: calendar.addWorkingDays(performedOn, m.workingDays) };
}

// The term an entry is stored with: its own, cut at the removal deadline when it is performed.
export function termWithRemoval(validUntil: DateStr | undefined, clock: RemovalClock | undefined): DateStr | undefined {
  if (!clock) return validUntil;
  return validUntil === undefined || compareDates(clock.deadline, validUntil) < 0 ? clock.deadline : validUntil;
}

export type ClockState = 'running' | 'due-today' | 'overdue' | 'done';

// Where an entry's clock stands today: done once the owner has exited it (or it was revoked or
// repaired); else running until the deadline, overdue from the day after.
export function clockState(clock: RemovalClock, status: string, today: DateStr): ClockState {
  if (status !== 'active') return 'done';
  const c = compareDates(today, clock.deadline);
  return c < 0 ? 'running' : c === 0 ? 'due-today' : 'overdue';
}

export const CLOCK_STATE_NAMES: Record<ClockState, string> = { running: '计时中', 'due-today': '今日到期', overdue: '已逾期', done: '已移出' };

export type RemovalView = RemovalClock & {
  state: ClockState;
  stateName: string; // 计时中 / 今日到期 / 已逾期 / 已移出
  remainingWorkingDays: number; // working days after today up to the deadline (0 unless running)
};

// The clock as an entry shows it (work portal, public entry page), or null.
export function removalView(
  rules: readonly ListLifecycleRule[],
  def: CategoryDef,
  fields: Readonly<Record<string, string | null | undefined>>,
  status: string,
  today: DateStr,
  calendar: Pick<Calendar, 'addWorkingDays' | 'workingDaysBetween'>,
): RemovalView | null {
  if (!def.list) return null;
  const c = removalClock(rules, def, fields, calendar);
  if (!c) return null;
  const state = clockState(c, status, today);
  return { ...c, state, stateName: CLOCK_STATE_NAMES[state], remainingWorkingDays: state === 'running' ? calendar.workingDaysBetween(today, c.deadline) : 0 };
}

// --- 信用警示 (a stage before entry) ------------------------------------------------------------

export function creditWarningRule(rules: readonly ListLifecycleRule[], category: string, day: DateStr): CreditWarningRule {
  return ruleInForce(rules, day).lists?.[category]?.creditWarning ?? { allowed: false, maxDays: 0 };
}

// The last day of a warning stage that starts on `from`, or the refusal of a list that has none or
// of an end beyond its longest stage.
export function creditWarningUntil(
  rules: readonly ListLifecycleRule[],
  category: string,
  from: DateStr,
  until: DateStr | undefined,
): { ok: true; until: DateStr } | { ok: false; code: string; zh: string; en: string } {
  const w = creditWarningRule(rules, category, from);
  if (!w.allowed) return { ok: false, code: 'CREDIT_WARNING_NOT_ALLOWED', zh: `名单 ${category} 的规则不设信用警示阶段`, en: `The rules of list ${category} have no credit-warning stage` };
  const last = addDays(from, w.maxDays - 1);
  if (until === undefined) return { ok: true, until: last };
  if (compareDates(until, from) < 0) return { ok: false, code: 'CREDIT_WARNING_UNTIL_BEFORE_FROM', zh: `警示截止日期 ${until} 不能早于开始日期 ${from}`, en: `The warning's last day ${until} is before its first day ${from}` };
  if (compareDates(until, last) > 0)
    return { ok: false, code: 'CREDIT_WARNING_TOO_LONG', zh: `信用警示最长 ${w.maxDays} 天，截止日期不能晚于 ${last}`, en: `A credit warning lasts at most ${w.maxDays} days; its last day may not be after ${last}` };
  return { ok: true, until };
}
