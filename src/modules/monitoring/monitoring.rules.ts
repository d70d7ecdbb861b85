// Pure rules of monitoring: evaluation periods, directory slots and their coverage, the composite
// score, ranks with ties, tail flags (约谈). No I/O, no clock: `today` is a parameter.
import { addDays, compareDates, dayOfWeek, isValidDate, type DateStr } from '../../kernel/dates.ts';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const FREQUENCY_LABELS: Record<Frequency, string> = { daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度' };

export type PeriodKind = 'month' | 'quarter' | 'year';
export type Period = { code: string; kind: PeriodKind; start: DateStr; end: DateStr };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// '2026-11' (month), '2026-Q4' (quarter), '2026' (year); undefined when malformed.
export function parsePeriod(raw: string): Period | undefined {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return { code: s, kind: 'month', start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}` };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const last = q * 3;
    return { code: s, kind: 'quarter', start: `${m[1]}-${pad(last - 2)}-01`, end: `${m[1]}-${pad(last)}-${pad(lastDayOfMonth(y, last))}` };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return { code: s, kind: 'year', start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  return undefined;
}

// The period of the same kind just before (2026-01 -> 2025-12, 2026-Q1 -> 2025-Q4, 2026 -> 2025).
export function previousPeriod(p: Period): Period {
  const [y, rest] = [Number(p.code.slice(0, 4)), p.code.slice(5)];
  if (p.kind === 'year') return parsePeriod(String(y - 1))!;
  if (p.kind === 'quarter') {
    const q = Number(rest.slice(1));
    return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`)!;
  }
  const mo = Number(rest);
  return parsePeriod(mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`)!;
}

// The period of `kind` that contains `day`.
export function periodOf(kind: PeriodKind, day: DateStr): Period {
  const y = day.slice(0, 4);
  const mo = Number(day.slice(5, 7));
  if (kind === 'year') return parsePeriod(y)!;
  if (kind === 'quarter') return parsePeriod(`${y}-Q${Math.ceil(mo / 3)}`)!;
  return parsePeriod(`${y}-${pad(mo)}`)!;
}

// The frequency period (slot span) that contains `day`: the day, its ISO week (Monday–Sunday),
// its month or its quarter.
export function slotSpan(freq: Frequency, day: DateStr): { start: DateStr; end: DateStr } {
  if (freq === 'daily') return { start: day, end: day };
  if (freq === 'weekly') {
    const back = (dayOfWeek(day) + 6) % 7; // days since Monday
    const start = addDays(day, -back);
    return { start, end: addDays(start, 6) };
  }
  const p = periodOf(freq === 'monthly' ? 'month' : 'quarter', day);
  return { start: p.start, end: p.end };
}

export type DirectoryRule = { departmentId: number; category: string; frequency: Frequency; from: DateStr; until?: DateStr; zeroCounts: boolean };
export type Slot = { departmentId: number; category: string; frequency: Frequency; start: DateStr; end: DateStr; zeroCounts: boolean };

// The slots an entry owes inside a period. A slot belongs to the period in which it ends (a week
// that ends on 1 December belongs to December); it is due when the whole slot lies within the
// entry's force [from, until) — an entry starting mid-month owes nothing for that month — and
// when it has ended by `asOf` (an evaluation of the running period counts only finished slots).
export function slotsOf(rule: DirectoryRule, period: Period, asOf: DateStr): Slot[] {
  const slots: Slot[] = [];
  const last = compareDates(asOf, period.end) < 0 ? asOf : period.end;
  let span = slotSpan(rule.frequency, period.start);
  // the first slot ending in the period
  if (compareDates(span.end, period.start) < 0) span = slotSpan(rule.frequency, addDays(span.end, 1));
  while (compareDates(span.end, last) <= 0) {
    const inForce = compareDates(span.start, rule.from) >= 0 && (rule.until === undefined || compareDates(span.end, rule.until) < 0);
    if (inForce) slots.push({ departmentId: rule.departmentId, category: rule.category, frequency: rule.frequency, start: span.start, end: span.end, zeroCounts: rule.zeroCounts });
    span = slotSpan(rule.frequency, addDays(span.end, 1));
  }
  return slots;
}

// A directory entry's current revision, as the rules need it.
export type EntryLike = { departmentId: number | null; departmentKind: string | null; category: string; frequency: Frequency; from: DateStr; zeroCounts: boolean; active: boolean };

// What each department owes: its own entries for a category (even withdrawn ones: a withdrawn
// own entry releases it from its kinds' entry for that category) else its kinds' entries; each
// entry in force from its date until the next entry of the same department and category starts.
export function rulesFromEntries(entries: readonly EntryLike[], departments: readonly { id: number; kinds: readonly string[]; active: boolean }[]): DirectoryRule[] {
  const byDepartment = new Map<number, EntryLike[]>();
  const byKind = new Map<string, EntryLike[]>();
  for (const e of entries) {
    if (e.departmentId !== null) byDepartment.set(e.departmentId, [...(byDepartment.get(e.departmentId) ?? []), e]);
    else byKind.set(e.departmentKind!, [...(byKind.get(e.departmentKind!) ?? []), e]);
  }
  const rules: DirectoryRule[] = [];
  for (const d of departments) {
    if (!d.active) continue;
    const own = byDepartment.get(d.id) ?? [];
    const ownCategories = new Set(own.map((e) => e.category));
    const fromKinds = [...d.kinds].sort().flatMap((k) => byKind.get(k) ?? []).filter((e) => !ownCategories.has(e.category));
    const chosen = [...own, ...fromKinds];
    const categories = new Set(chosen.map((e) => e.category));
    for (const c of categories) {
      // one timeline per category: by start date; the same start from two kinds: the first kind's
      const line = chosen
        .filter((e) => e.category === c)
        .sort((a, b) => compareDates(a.from, b.from))
        .filter((e, i, arr) => i === 0 || arr[i - 1]!.from !== e.from);
      line.forEach((e, i) => {
        if (!e.active) return;
        const next = line[i + 1];
        rules.push({ departmentId: d.id, category: c, frequency: e.frequency, from: e.from, ...(next ? { until: next.from } : {}), zeroCounts: e.zeroCounts });
      });
    }
  }
  return rules;
}

// A slot is covered when a record of its category from its department arrived within it, or a
// 零报送 that counts for it covers its whole span.
export function isCovered(slot: Slot, receivedDays: readonly DateStr[], declarations: readonly { start: DateStr; end: DateStr }[]): boolean {
  if (receivedDays.some((d) => compareDates(d, slot.start) >= 0 && compareDates(d, slot.end) <= 0)) return true;
  return slot.zeroCounts && declarations.some((z) => compareDates(z.start, slot.start) <= 0 && compareDates(z.end, slot.end) >= 0);
}

// --- scores and ranks ---

export type Weights = { coverage: number; timeliness: number; quality: number; feedback: number; rights: number };
export type EvaluationRule = {
  effectiveFrom: string;
  weights: Weights;
  tail: { lastN: number; belowScore: number | null; consecutive: number };
  // a period with no stored run: its computed result is stored and read while younger than this
  provisionalMinutes: number;
  warnings: {
    silentGraceWorkingDays: number;
    volumeDropRatio: number;
    volumeTrailingMonths: number;
    volumeMinimumAverage: number;
    seriousRecords: number;
    seriousWithinDays: number;
  };
  source: string;
};
export type TargetRule = { effectiveFrom: string; coverage: number; timeliness: number; source: string };

export type Rates = { coverage: number | null; timeliness: number | null; quality: number | null; feedback: number | null; rights: number | null };

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

// Weighted mean, 0–100, of the rates that exist (a component with nothing due or received drops
// out and the remaining weights count in full); null when none exists.
export function compositeScore(r: Rates, w: Weights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of Object.keys(w) as (keyof Weights)[]) {
    const v = r[k];
    if (v === null || w[k] <= 0) continue;
    sum += v * w[k];
    weight += w[k];
  }
  return weight > 0 ? round((sum / weight) * 100, 1) : null;
}

// Competition ranking (1, 2, 2, 4) by score, highest first; rows without a score get no rank.
export function rankByScore<T extends { score: number | null }>(rows: readonly T[]): (number | null)[] {
  return rows.map((r) => (r.score === null ? null : 1 + rows.filter((o) => o.score !== null && o.score > r.score!).length));
}

// In the tail of one period: among the last `lastN` ranks, or below the score threshold.
export function inTail(rank: number | null, score: number | null, ranks: readonly (number | null)[], tail: EvaluationRule['tail']): boolean {
  if (rank === null || score === null) return false;
  const ranked = ranks.filter((r): r is number => r !== null);
  if (tail.belowScore !== null && score < tail.belowScore) return true;
  // the rank whose row is the lastN-th from the bottom: ties with it are in the tail too
  const sorted = [...ranked].sort((a, b) => b - a);
  const cut = sorted[Math.min(tail.lastN, sorted.length) - 1];
  return cut !== undefined && ranked.length > tail.lastN && rank >= cut;
}

export function validateEvaluationRule(e: EvaluationRule): void {
  const w = e.weights;
  for (const k of ['coverage', 'timeliness', 'quality', 'feedback', 'rights'] as const)
    if (typeof w?.[k] !== 'number' || w[k] < 0) throw new Error(`rules/evaluation.json ${e.effectiveFrom}: weights.${k} must be a number >= 0`);
  if (!isValidDate(e.effectiveFrom)) throw new Error(`rules/evaluation.json: effectiveFrom ${e.effectiveFrom} is not a date`);
  if (!Number.isInteger(e.tail?.lastN) || e.tail.lastN < 1 || !Number.isInteger(e.tail.consecutive) || e.tail.consecutive < 1)
    throw new Error(`rules/evaluation.json ${e.effectiveFrom}: tail.lastN and tail.consecutive must be positive integers`);
  if (!Number.isInteger(e.provisionalMinutes) || e.provisionalMinutes < 1)
    throw new Error(`rules/evaluation.json ${e.effectiveFrom}: provisionalMinutes must be a positive integer`);
}

// The slot after the one `day` lies in: what a supplier owes next once `day`'s slot is covered.
export function nextSlotAfter(freq: Frequency, day: DateStr): { start: DateStr; end: DateStr } {
  return slotSpan(freq, addDays(slotSpan(freq, day).end, 1));
}

// When a supplier that last delivered (or declared nil) on `lastActivity` becomes silent: the
// slot after that day's slot has ended and `graceWorkingDays` working days have passed since.
export function silenceDeadline(freq: Frequency, lastActivity: DateStr, graceWorkingDays: number, calendar: { addWorkingDays(from: DateStr, n: number): DateStr }): DateStr {
  return calendar.addWorkingDays(nextSlotAfter(freq, lastActivity).end, graceWorkingDays);
}

const QUARTER = ['一', '二', '三', '四'];

// 2026-11 -> 2026年11月; 2026-Q4 -> 2026年第四季度; 2026 -> 2026年度
export function periodLabel(code: string): string {
  const m = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(code);
  if (!m) return code;
  if (m[2]) return `${m[1]}年${Number(m[2])}月`;
  if (m[3]) return `${m[1]}年第${QUARTER[Number(m[3]) - 1]}季度`;
  return `${m[1]}年度`;
}

// The evaluation day of a period: its last day, or today while it runs.
export function asOfDay(period: Period, today: string): string {
  return compareDates(today, period.end) < 0 ? today : period.end;
}

// A stored provisional result (a period with no stored run) is read, not computed again, while it
// was computed for the same evaluation day and is younger than `minutes` (to the millisecond:
// at exactly `minutes` it is computed again).
export function provisionalFresh(stored: { asOf: string; computedAt: Date }, asOf: string, now: Date, minutes: number): boolean {
  return stored.asOf === asOf && now.getTime() - stored.computedAt.getTime() < minutes * 60_000;
}
