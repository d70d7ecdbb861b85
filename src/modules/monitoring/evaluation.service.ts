// 考核: the evaluation of a period for every department and region, from what is on file —
// coverage of directory slots, timeliness, quality, feedback and rights answers, a composite score,
// ranks with ties and tail flags — stored per period with history.
import { createHash } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { canonicalJson } from '../../kernel/crypto.ts';
import { compareDates, type DateStr } from '../../kernel/dates.ts';
import { findRegion, regionAncestors, REGIONS } from '../../kernel/codes/region.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { listDepartments, type Department } from '../access/departments.store.ts';
import { batchQuality, deliveryFigures } from '../collection/figures.store.ts';
import { feedbackRates } from '../sanctions/checks.store.ts';
import { countsByDepartment } from '../rights/objections.store.ts';
import { repairTimelinessByDepartment } from '../rights/repair.store.ts';
import { directoryRules } from './directory.service.ts';
import { declarationsBetween } from './directory.store.ts';
import * as store from './evaluation.store.ts';
import {
  asOfDay,
  compositeScore,
  provisionalFresh,
  inTail,
  isCovered,
  parsePeriod,
  previousPeriod,
  rankByScore,
  ratio,
  slotsOf,
  validateEvaluationRule,
  type EvaluationRule,
  type Period,
  type TargetRule,
} from './monitoring.rules.ts';

let evaluationRules: EvaluationRule[] | undefined;
let targetRules: TargetRule[] | undefined;

// rules/evaluation.json, checked once per process
export function evaluationRule(day: DateStr): EvaluationRule {
  if (!evaluationRules) {
    const entries = loadRuleFile<EvaluationRule>('evaluation');
    entries.forEach(validateEvaluationRule);
    evaluationRules = entries;
  }
  return ruleInForce(evaluationRules, day);
}

// rules/coverage-targets.json: the year's coverage and timeliness targets
export function targetRule(day: DateStr): TargetRule {
  targetRules ??= loadRuleFile<TargetRule>('coverage-targets');
  return ruleInForce(targetRules, day);
}

export type DepartmentRow = {
  uscc: string;
  name: string;
  region: string;
  due: number;
  covered: number;
  coverage: number | null;
  records: number;
  onTime: number;
  timeliness: number | null;
  rows: number;
  rejected: number;
  rejectRate: number | null;
  score: number | null;
  rank: number | null;
  // beyond the CLI's shape: for the dashboard and the drill-down
  evaluationRegion: string | null;
  topErrors: { code: string; count: number }[];
  feedbackOwed: number;
  feedbackGiven: number;
  feedbackRate: number | null;
  rightsDue: number;
  rightsOnTime: number;
  rightsRate: number | null;
  tail: boolean;
  tailFlag: boolean;
};

export type RegionRow = {
  code: string;
  name: string;
  due: number;
  covered: number;
  coverage: number | null;
  records: number;
  onTime: number;
  timeliness: number | null;
  score: number | null;
  rank: number | null;
  departments: number;
  rows: number;
  rejected: number;
  rejectRate: number | null;
  feedbackRate: number | null;
  rightsRate: number | null;
  tail: boolean;
  tailFlag: boolean;
};

export type EvaluationResult = { period: string; from: string; to: string; asOf: string; weights: EvaluationRule['weights']; departments: DepartmentRow[]; regions: RegionRow[] };

const PROVINCE = '130000';
const OWN_ROWS = new Set(['130181', '130682', '133100']); // 辛集, 定州 and 雄安 are their own rows

// The region row a department counts in: its city, or 辛集 / 定州 / 雄安; null for province level.
export function evaluationRegionOf(regionCode: string): string | null {
  if (regionCode === PROVINCE) return null;
  if (OWN_ROWS.has(regionCode)) return regionCode;
  const chain = regionAncestors(regionCode);
  const own = chain.find((c) => OWN_ROWS.has(c));
  if (own) return own;
  const r = findRegion(regionCode);
  if (r?.level === 'city') return r.code;
  return chain.find((c) => findRegion(c)?.level === 'city') ?? null;
}

export const EVALUATION_REGIONS = REGIONS.filter((r) => (r.level === 'city' || OWN_ROWS.has(r.code))).map((r) => ({ code: r.code, name: r.name }));

export function checkPeriod(raw: string, today: DateStr): Period {
  const period = parsePeriod(raw);
  if (!period)
    throw badRequest('PERIOD_INVALID', `期间 ${raw} 格式无效，应为 2026-11（月）、2026-Q4（季度）或 2026（年）`, `Period ${raw} is malformed; use 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)`);
  if (compareDates(period.start, today) > 0) throw badRequest('PERIOD_IN_FUTURE', `期间 ${period.code} 尚未开始，无法考核`, `Period ${period.code} has not started; it cannot be evaluated`);
  return period;
}

// Computes the evaluation of a period from what is on file (nothing stored).
export async function computeEvaluation(p: Platform, period: Period): Promise<EvaluationResult> {
  const today = p.today();
  const asOf = asOfDay(period, today);
  const rule = evaluationRule(period.end);
  const departments = (await listDepartments(p.db)).filter((d) => d.active);
  const rules = await directoryRules(p, departments);
  const span = { from: period.start, to: period.end, timeZone: p.config.timeZone };

  // slots, with deliveries from the earliest slot start (a quarter slot ending in a month evaluation)
  const slotsByDep = new Map<number, ReturnType<typeof slotsOf>>();
  let earliest = period.start;
  for (const r of rules) {
    const s = slotsOf(r, period, asOf);
    if (s.length === 0) continue;
    slotsByDep.set(r.departmentId, [...(slotsByDep.get(r.departmentId) ?? []), ...s]);
    if (compareDates(s[0]!.start, earliest) < 0) earliest = s[0]!.start;
  }
  const [days, declarations, quality, feedback, objections, repairs] = await Promise.all([
    deliveryFigures(p.db, { ...span, from: earliest }),
    declarationsBetween(p.db, earliest, period.end),
    batchQuality(p.db, span),
    feedbackRates(p.db, 'department', { ...span, today, departmentIds: null }),
    countsByDepartment(p.db, { from: period.start, to: period.end, today, departmentIds: null }),
    repairTimelinessByDepartment(p.db, { from: period.start, to: period.end, today }),
  ]);
  const dayKey = (d: number, c: string) => `${d}|${c}`;
  const daysBy = new Map<string, string[]>();
  for (const d of days) daysBy.set(dayKey(d.departmentId, d.category), [...(daysBy.get(dayKey(d.departmentId, d.category)) ?? []), d.day]);
  const declBy = new Map<string, { start: string; end: string }[]>();
  for (const z of declarations) declBy.set(dayKey(z.departmentId, z.category), [...(declBy.get(dayKey(z.departmentId, z.category)) ?? []), z]);
  // new records received inside the period itself (the deliveries may start earlier, for slots
  // that began before it)
  const receivedBy = new Map<number, { records: number; onTime: number }>();
  for (const d of days) {
    if (compareDates(d.day, period.start) < 0) continue;
    const r = receivedBy.get(d.departmentId) ?? { records: 0, onTime: 0 };
    r.records += d.records;
    r.onTime += d.onTime;
    receivedBy.set(d.departmentId, r);
  }
  const qualityBy = new Map(quality.map((q) => [q.departmentId, q]));
  const feedbackBy = new Map(feedback.map((f) => [Number(f.key), f]));
  const objectionsBy = new Map(objections.map((o) => [o.departmentId, o]));
  const repairsBy = new Map(repairs.map((r) => [r.departmentId, r]));

  const depRows: DepartmentRow[] = departments.map((d) => {
    const slots = slotsByDep.get(d.id) ?? [];
    const covered = slots.filter((s) => isCovered(s, daysBy.get(dayKey(d.id, s.category)) ?? [], declBy.get(dayKey(d.id, s.category)) ?? [])).length;
    const rec = receivedBy.get(d.id) ?? { records: 0, onTime: 0 };
    const q = qualityBy.get(d.id) ?? { rows: 0, rejected: 0, topErrors: [] };
    const f = feedbackBy.get(d.id);
    const feedbackOwed = f ? f.given + f.overdue : 0;
    const o = objectionsBy.get(d.id);
    const r = repairsBy.get(d.id);
    const rightsDue = (o ? o.decided + o.openOverdue : 0) + (r?.due ?? 0);
    const rightsOnTime = (o?.onTime ?? 0) + (r?.onTime ?? 0);
    const rejectRate = ratio(q.rejected, q.rows);
    const rates = {
      coverage: ratio(covered, slots.length),
      timeliness: ratio(rec.onTime, rec.records),
      quality: rejectRate === null ? null : 1 - rejectRate,
      feedback: ratio(f?.given ?? 0, feedbackOwed),
      rights: ratio(rightsOnTime, rightsDue),
    };
    return {
      uscc: d.uscc,
      name: d.name,
      region: d.regionCode,
      due: slots.length,
      covered,
      coverage: rates.coverage,
      records: rec.records,
      onTime: rec.onTime,
      timeliness: rates.timeliness,
      rows: q.rows,
      rejected: q.rejected,
      rejectRate,
      score: compositeScore(rates, rule.weights),
      rank: null,
      evaluationRegion: evaluationRegionOf(d.regionCode),
      topErrors: q.topErrors,
      feedbackOwed,
      feedbackGiven: f?.given ?? 0,
      feedbackRate: rates.feedback,
      rightsDue,
      rightsOnTime,
      rightsRate: rates.rights,
      tail: false,
      tailFlag: false,
    };
  });

  const regionRows: RegionRow[] = EVALUATION_REGIONS.map((reg) => regionRowOf(reg, depRows.filter((r) => r.evaluationRegion === reg.code), rule.weights));

  rankByScore(depRows).forEach((rank, i) => (depRows[i]!.rank = rank));
  rankByScore(regionRows).forEach((rank, i) => (regionRows[i]!.rank = rank));
  const depRanks = depRows.map((r) => r.rank);
  const regRanks = regionRows.map((r) => r.rank);
  for (const r of depRows) r.tail = inTail(r.rank, r.score, depRanks, rule.tail);
  for (const r of regionRows) r.tail = inTail(r.rank, r.score, regRanks, rule.tail);
  await flagConsecutiveTails(p, period, rule, depRows, regionRows);

  const byRank = <T extends { rank: number | null; name: string }>(a: T, b: T) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name, 'zh');
  depRows.sort(byRank);
  regionRows.sort(byRank);
  return { period: period.code, from: period.start, to: period.end, asOf, weights: rule.weights, departments: depRows, regions: regionRows };
}

// 约谈: in the tail this period and in each of the (consecutive − 1) periods before, as stored.
async function flagConsecutiveTails(p: Platform, period: Period, rule: EvaluationRule, deps: DepartmentRow[], regions: RegionRow[]): Promise<void> {
  let depKeys = new Set(deps.filter((r) => r.tail).map((r) => r.uscc));
  let regKeys = new Set(regions.filter((r) => r.tail).map((r) => r.code));
  let prev = period;
  for (let i = 1; i < rule.tail.consecutive && (depKeys.size || regKeys.size); i++) {
    prev = previousPeriod(prev);
    const run = await store.latestRun<EvaluationResult>(p.db, prev.code);
    const before = run?.result;
    depKeys = new Set(before ? before.departments.filter((r) => r.tail && depKeys.has(r.uscc)).map((r) => r.uscc) : []);
    regKeys = new Set(before ? before.regions.filter((r) => r.tail && regKeys.has(r.code)).map((r) => r.code) : []);
  }
  for (const r of deps) r.tailFlag = depKeys.has(r.uscc);
  for (const r of regions) r.tailFlag = regKeys.has(r.code);
}

const hashOf = (r: EvaluationResult) => createHash('sha256').update(canonicalJson(r)).digest('hex');

export type RunAnswer = { run: store.StoredRun<EvaluationResult>; stored: boolean; previous: store.StoredRun<EvaluationResult> | undefined };

// Evaluates and stores: a result equal to the latest stored run of the period stores nothing
// (stored: false); a different one becomes the next run and the earlier ones stay.
export async function runEvaluation(p: Platform, actor: Actor, rawPeriod: string, trigger: 'job' | 'demand'): Promise<RunAnswer> {
  const period = checkPeriod(rawPeriod, p.today());
  const result = await computeEvaluation(p, period);
  const resultHash = hashOf(result);
  const latest = await store.latestRun<EvaluationResult>(p.db, period.code);
  if (latest && latest.resultHash === resultHash) return { run: latest, stored: false, previous: undefined };
  const inserted = await p.db.tx(async (tx) => {
    const run = await store.insertRun(tx, { period: period.code, ranAt: p.now(), asOf: result.asOf, trigger, ranBy: actor.id, resultHash, result });
    // a stored run supersedes the period's provisional result
    if (run) await store.dropProvisional(tx, period.code);
    if (run) await writeAudit(tx, actor, 'evaluation.run', `evaluation:${period.code}`, { runNo: run.runNo, asOf: result.asOf, trigger, departments: result.departments.length });
    return run;
  });
  if (!inserted) return { run: (await store.latestRun<EvaluationResult>(p.db, period.code))!, stored: false, previous: undefined };
  return { run: inserted, stored: true, previous: latest };
}

// Results read back, per platform (process): a stored run never changes, so its parsed result is
// kept by (period, run); a provisional result by (period, computation). A few periods at most.
const CACHE_SIZE = 32;
export type MonitoringState = { results: Map<string, EvaluationResult> };
export function createMonitoringState(): MonitoringState {
  return { results: new Map() };
}
function cached(p: Platform, key: string, load: () => Promise<EvaluationResult | undefined>): Promise<EvaluationResult | undefined> {
  const c = p.modules.monitoring.results;
  const hit = c.get(key);
  if (hit) return Promise.resolve(hit);
  return load().then((r) => {
    if (r) {
      if (c.size >= CACHE_SIZE) c.delete(c.keys().next().value!);
      c.set(key, r);
    }
    return r;
  });
}

export type EvaluationAnswer = {
  result: EvaluationResult;
  runNo: number | null;
  ranAt: Date | null;
  computedAt: Date | null; // a provisional result (no run stored): when it was computed
  runs: store.RunHead[];
};

// The stored result of a period: the latest run, or run `runNo`. With no run stored, the
// provisional result: computed once and stored, read while fresh (provisionalFresh: the same
// evaluation day, younger than provisionalMinutes), computed again and replaced when not; a run
// stored later supersedes it (runEvaluation deletes it, and runs are read first).
export async function getEvaluation(p: Platform, rawPeriod: string, runNo?: number): Promise<EvaluationAnswer> {
  const period = checkPeriod(rawPeriod, p.today());
  const runs = await store.runsOf(p.db, period.code);
  const head = runNo !== undefined ? runs.find((r) => r.runNo === runNo) : runs[0];
  if (runNo !== undefined && !head) throw notFound('EVALUATION_RUN_NOT_FOUND', `${period.code} 没有第 ${runNo} 次考核结果`, `Period ${period.code} has no run ${runNo}`);
  if (head) {
    const result = await cached(p, `run|${period.code}|${head.runNo}`, async () => (await store.findRun<EvaluationResult>(p.db, period.code, head.runNo))?.result);
    if (result) return { result, runNo: head.runNo, ranAt: head.ranAt, computedAt: null, runs };
  }
  const asOf = asOfDay(period, p.today());
  const stored = await store.provisionalHead(p.db, period.code);
  if (stored && provisionalFresh(stored, asOf, p.now(), evaluationRule(period.end).provisionalMinutes)) {
    const result = await cached(p, `provisional|${period.code}|${stored.computedAt.toISOString()}|${stored.resultHash}`, () => store.provisionalResult<EvaluationResult>(p.db, period.code, stored.computedAt));
    if (result) return { result, runNo: null, ranAt: null, computedAt: stored.computedAt, runs };
  }
  const computedAt = p.now();
  const result = await computeEvaluation(p, period);
  // stored for the next requests; a store that refuses the write (a read-only standby) still
  // answers the computed result, and the next request computes it again
  await store.saveProvisional(p.db, { period: period.code, asOf: result.asOf, computedAt, resultHash: hashOf(result), result }).catch(() => undefined);
  return { result, runNo: null, ranAt: null, computedAt, runs };
}

export async function listEvaluationPeriods(p: Platform): Promise<store.PeriodSummary[]> {
  return store.listPeriods(p.db);
}

// What the CLI prints: exactly the shape.
export function cliShape(r: EvaluationResult) {
  return {
    period: r.period,
    departments: r.departments.map((d) => ({
      uscc: d.uscc, name: d.name, region: d.region, due: d.due, covered: d.covered, coverage: d.coverage, records: d.records, onTime: d.onTime,
      timeliness: d.timeliness, rows: d.rows, rejected: d.rejected, rejectRate: d.rejectRate, score: d.score, rank: d.rank,
    })),
    regions: r.regions.map((g) => ({ code: g.code, name: g.name, due: g.due, covered: g.covered, coverage: g.coverage, records: g.records, onTime: g.onTime, timeliness: g.timeliness, score: g.score, rank: g.rank })),
  };
}

// Keeps what a principal may see: region rows and departments inside their region.
// A region's row from the rows of its departments: their counts summed, rates and score from the
// sums (rank and tail are set over all rows by the caller).
export function regionRowOf(reg: { code: string; name: string }, mine: readonly DepartmentRow[], weights: EvaluationRule['weights']): RegionRow {
  const sum = (k: 'due' | 'covered' | 'records' | 'onTime' | 'rows' | 'rejected' | 'feedbackOwed' | 'feedbackGiven' | 'rightsDue' | 'rightsOnTime') => mine.reduce((a, r) => a + r[k], 0);
  const rejectRate = ratio(sum('rejected'), sum('rows'));
  const rates = {
    coverage: ratio(sum('covered'), sum('due')),
    timeliness: ratio(sum('onTime'), sum('records')),
    quality: rejectRate === null ? null : 1 - rejectRate,
    feedback: ratio(sum('feedbackGiven'), sum('feedbackOwed')),
    rights: ratio(sum('rightsOnTime'), sum('rightsDue')),
  };
  return {
    code: reg.code,
    name: reg.name,
    due: sum('due'),
    covered: sum('covered'),
    coverage: rates.coverage,
    records: sum('records'),
    onTime: sum('onTime'),
    timeliness: rates.timeliness,
    score: compositeScore(rates, weights),
    rank: null,
    departments: mine.length,
    rows: sum('rows'),
    rejected: sum('rejected'),
    rejectRate,
    feedbackRate: rates.feedback,
    rightsRate: rates.rights,
    tail: false,
    tailFlag: false,
  };
}

export function scopeResult(r: EvaluationResult, mayReadRegion: (code: string) => boolean): EvaluationResult {
  return { ...r, departments: r.departments.filter((d) => mayReadRegion(d.region)), regions: r.regions.filter((g) => mayReadRegion(g.code)) };
}

// A county virtual platform's scope of an evaluation (issue 11): its departments, and one row for
// the county summed from them (unranked: ranks compare the region rows of the whole province).
export function countyResult(r: EvaluationResult, county: { code: string; name: string }): EvaluationResult {
  const departments = r.departments.filter((d) => d.region === county.code);
  return { ...r, departments, regions: [regionRowOf(county, departments, r.weights)] };
}

export type { Department };
