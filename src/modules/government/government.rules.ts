// Government credit evaluation (政府信用评估, 冀社信发〔2018〕2号 附件 一(三)): a score per
// government body from its records, under rules/government-evaluation.json, and the ranking per
// city. Pure: `today` is a parameter.
import { compareDates, type DateStr } from '../../kernel/dates.ts';
import { withinMonths } from '../classification/classification.rules.ts';

export type Severity = 'light' | 'general' | 'serious';
export type GovIndicator = {
  id: string;
  name: string;
  kinds: string[]; // 失信类型 values of government-dishonesty records
  categories: string[]; // whole categories counted (commitment-breach, dishonest-debtor)
  withinMonths: number;
  unperformedOnly?: boolean; // 履行情况 已履行 does not count
  points: Record<Severity, number>;
  maxDeduction: number;
};
export type GovEvaluationRule = { effectiveFrom: string; source: string; baseScore: number; indicators: GovIndicator[] };

export type GovRecord = {
  id: number;
  category: string;
  ref: string;
  decisionDate: DateStr;
  severity: Severity | null;
  status: string;
  kind: string | null; // 失信类型
  performed: string | null; // 履行情况
};

export type IndicatorResult = { id: string; name: string; points: number; records: number[] };
export type BodyScore = { score: number; indicators: IndicatorResult[] };

const GOV_CATEGORY = 'government-dishonesty';

// Problems of a rule file, in Chinese and English, before it is used.
export function govRuleProblems(rule: GovEvaluationRule): string[] {
  const out: string[] = [];
  if (!Number.isFinite(rule.baseScore) || rule.baseScore <= 0) out.push('baseScore must be a positive number / 基础分须为正数');
  const ids = new Set<string>();
  for (const [i, x] of rule.indicators.entries()) {
    if (!x.id || ids.has(x.id)) out.push(`indicators[${i}]: id missing or repeated / 指标编号缺失或重复`);
    ids.add(x.id);
    if (x.kinds.length + x.categories.length === 0) out.push(`indicators[${i}] (${x.id}): counts nothing (no kinds, no categories) / 指标未指定计数对象`);
    if (!Number.isInteger(x.withinMonths) || x.withinMonths < 1) out.push(`indicators[${i}] (${x.id}): withinMonths must be a positive integer / 月数须为正整数`);
    for (const s of ['light', 'general', 'serious'] as const) if (!(x.points?.[s] <= 0)) out.push(`indicators[${i}] (${x.id}): points.${s} must be zero or negative / 扣分须为零或负数`);
    if (!(x.maxDeduction > 0)) out.push(`indicators[${i}] (${x.id}): maxDeduction must be positive / 扣分上限须为正数`);
  }
  return out;
}

function counts(x: GovIndicator, r: GovRecord, today: DateStr): boolean {
  if (r.status !== 'active' || !withinMonths(r.decisionDate, x.withinMonths, today)) return false;
  const hit = (r.category === GOV_CATEGORY && r.kind !== null && x.kinds.includes(r.kind)) || x.categories.includes(r.category);
  if (!hit) return false;
  return !(x.unperformedOnly && r.performed === '已履行');
}

export function scoreBody(rule: GovEvaluationRule, records: readonly GovRecord[], today: DateStr): BodyScore {
  const indicators = rule.indicators.map((x) => {
    const hit = records.filter((r) => counts(x, r, today));
    const raw = hit.reduce((sum, r) => sum + x.points[r.severity ?? 'general'], 0);
    return { id: x.id, name: x.name, points: Math.max(raw, -x.maxDeduction), records: hit.map((r) => r.id) };
  });
  const score = Math.max(0, rule.baseScore + indicators.reduce((s, i) => s + i.points, 0));
  return { score, indicators };
}

// Ranks within each region: higher score first, equal scores share a rank (1, 2, 2, 4), then by name.
export function rankPerRegion<T extends { region: string | null; score: number; name: string }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '') || b.score - a.score || a.name.localeCompare(b.name, 'zh'));
  const out: (T & { rank: number })[] = [];
  let prev: T | undefined;
  let rank = 0;
  let n = 0;
  for (const r of sorted) {
    if (!prev || prev.region !== r.region) n = 0;
    n++;
    if (!prev || prev.region !== r.region || prev.score !== r.score) rank = n;
    out.push({ ...r, rank });
    prev = r;
  }
  return out;
}

export const isGovernmentBody = (uscc: string | null): boolean => !!uscc && uscc.startsWith('11');
export const byDate = (a: GovRecord, b: GovRecord): number => compareDates(b.decisionDate, a.decisionDate);
