// 政务诚信: the government credit evaluation over every government body on the platform (USCC
// beginning 11), scored under the rule in force (rules/government-evaluation.json) and ranked per
// city. On request from the current records (as of today), and stored per period — month,
// quarter, year — by the job runner at each period's end and on demand, with its inputs.
import { createHash } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { compareDates, type DateStr } from '../../kernel/dates.ts';
import { canonicalJson } from '../../kernel/crypto.ts';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { currentRecordsWithFields } from '../collection/records.store.ts';
import { governmentBodies } from '../subjects/subjects.store.ts';
import { parsePeriod, periodOf, previousPeriod, type Period, type PeriodKind } from '../monitoring/monitoring.rules.ts';
import { govRuleProblems, rankPerRegion, scoreBody, type GovEvaluationRule, type GovRecord } from './government.rules.ts';
import * as store from './government.store.ts';

let rules: GovEvaluationRule[] | undefined;

// Loaded and checked once; a bad file stops the first use naming every problem.
export function governmentRules(): GovEvaluationRule[] {
  if (!rules) {
    const loaded = loadRuleFile<GovEvaluationRule>('government-evaluation');
    const problems = loaded.flatMap((r) => govRuleProblems(r).map((p) => `${r.effectiveFrom}: ${p}`));
    if (problems.length) throw new Error(`rules/government-evaluation.json: ${problems.join('; ')}`);
    rules = loaded;
  }
  return rules;
}

export type GovernmentEvaluation = {
  asOf: DateStr;
  rule: { effectiveFrom: string; source: string; baseScore: number };
  items: {
    rank: number;
    region: string | null;
    body: { id: string; name: string; uscc: string };
    score: number;
    indicators: { id: string; name: string; points: number; records: { id: string; category: string; ref: string; decisionDate: string }[] }[];
  }[];
};

// What a stored run was computed from: the bodies and every record read (the records are
// append-only versions, so these are the versions current when the run was made).
export type GovernmentInputs = {
  bodies: { id: string; name: string; uscc: string; region: string | null }[];
  records: (Omit<GovRecord, 'id'> & { id: string; body: string })[];
};

export async function governmentEvaluation(p: Platform, region?: string): Promise<GovernmentEvaluation> {
  const all = await computeGovernment(p, p.today());
  return region ? { ...all.result, items: all.result.items.filter((i) => i.region === region) } : all.result;
}

// The evaluation as of a day (windows counted to that day, the rule in force that day), with its inputs.
async function computeGovernment(p: Platform, today: DateStr): Promise<{ result: GovernmentEvaluation; inputs: GovernmentInputs }> {
  const rule = ruleInForce(governmentRules(), today);
  const bodies = await governmentBodies(p.db);
  const categories = [...new Set(['government-dishonesty', ...rule.indicators.flatMap((x) => x.categories)])].filter((c) => p.catalog.find(c));
  const rows = await currentRecordsWithFields(p.db, bodies.map((b) => b.id), categories, ['ZW_SXLX', 'ZW_LXZT']);
  const bySubject = new Map<number, GovRecord[]>();
  for (const r of rows) {
    const list = bySubject.get(r.subjectId) ?? [];
    list.push({ ...r, decisionDate: r.decisionDate as DateStr });
    bySubject.set(r.subjectId, list);
  }
  const refs = new Map(rows.map((r) => [r.id, r]));
  const publicIdOf = new Map(bodies.map((b) => [b.id, b.publicId]));
  const inputs: GovernmentInputs = {
    bodies: bodies.map((b) => ({ id: b.publicId, name: b.name, uscc: b.uscc, region: b.city })),
    records: rows.map((r) => ({ id: String(r.id), body: publicIdOf.get(r.subjectId) ?? '', category: r.category, ref: r.ref, decisionDate: r.decisionDate as DateStr, severity: r.severity, status: r.status, kind: r.kind, performed: r.performed })),
  };
  const scored = bodies.map((b) => {
    const s = scoreBody(rule, bySubject.get(b.id) ?? [], today);
    return { region: b.city, name: b.name, score: s.score, body: { id: b.publicId, name: b.name, uscc: b.uscc }, indicators: s.indicators };
  });
  const result: GovernmentEvaluation = {
    asOf: today,
    rule: { effectiveFrom: rule.effectiveFrom, source: rule.source, baseScore: rule.baseScore },
    items: rankPerRegion(scored).map((x) => ({
      rank: x.rank,
      region: x.region,
      body: x.body,
      score: x.score,
      indicators: x.indicators.map((i) => ({
        id: i.id,
        name: i.name,
        points: i.points,
        records: i.records.map((id) => {
          const r = refs.get(id)!;
          return { id: String(id), category: r.category, ref: r.ref, decisionDate: r.decisionDate };
        }),
      })),
    })),
  };
  return { result, inputs };
}

// --- stored per period ----------------------------------------------------------------------------

export const GOVERNMENT_TASK = 'government.evaluate';

export type GovRunView = store.GovRunHead & { stored: boolean };

// '2026-11' (month), '2026-Q4' (quarter), '2026' (year); a period not yet begun cannot be evaluated.
function periodOrThrow(raw: string, today: DateStr): Period {
  const period = parsePeriod(raw);
  if (!period)
    throw badRequest('PERIOD_INVALID', `期间 ${raw} 格式无效，应为 2026-11（月）、2026-Q4（季度）或 2026（年）`, `Period ${raw} is malformed; use 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)`);
  if (compareDates(period.start, today) > 0) throw badRequest('PERIOD_IN_FUTURE', `期间 ${period.code} 尚未开始，无法评估`, `Period ${period.code} has not started; it cannot be evaluated`);
  return period;
}

// Evaluates a period as of its last day (or today, while it runs) and stores the result with its
// inputs; equal to the period's latest stored run: nothing new is stored. Audited.
export async function runGovernmentEvaluation(p: Platform, actor: Actor, rawPeriod: string, trigger: 'job' | 'demand'): Promise<{ run: store.StoredGovRun<GovernmentEvaluation, GovernmentInputs>; stored: boolean }> {
  const today = p.today();
  const period = periodOrThrow(rawPeriod, today);
  const asOf = compareDates(today, period.end) < 0 ? today : period.end;
  const { result, inputs } = await computeGovernment(p, asOf);
  const resultHash = createHash('sha256').update(canonicalJson(result)).digest('hex');
  const inserted = await p.db.tx(async (tx) => {
    const run = await store.insertGovRun(tx, { period: period.code, ranAt: p.now(), asOf, trigger, ranBy: actor.id, ruleFrom: result.rule.effectiveFrom, resultHash, result, inputs });
    if (run)
      await writeAudit(tx, actor, 'government-evaluation.run', `government-evaluation:${period.code}`, {
        runNo: run.runNo,
        asOf,
        trigger,
        ruleFrom: result.rule.effectiveFrom,
        bodies: result.items.length,
        records: inputs.records.length,
      });
    return run;
  });
  if (inserted) return { run: inserted, stored: true };
  return { run: (await store.latestGovRun<GovernmentEvaluation, GovernmentInputs>(p.db, period.code))!, stored: false };
}

// The stored evaluation of a period (its latest run, or run `runNo`), with its inputs; with none
// stored, computed now as of the period's end (runNo null) — not stored.
export async function storedGovernmentEvaluation(
  p: Platform,
  rawPeriod: string,
  opts: { runNo?: number; region?: string } = {},
): Promise<{ period: string; runNo: number | null; ranAt: Date | null; trigger: 'job' | 'demand' | null; evaluation: GovernmentEvaluation; inputs: GovernmentInputs; runs: store.GovRunHead[] }> {
  const today = p.today();
  const period = periodOrThrow(rawPeriod, today);
  const runs = await store.govRunHeads(p.db, period.code);
  const run =
    opts.runNo !== undefined
      ? await store.findGovRun<GovernmentEvaluation, GovernmentInputs>(p.db, period.code, opts.runNo)
      : await store.latestGovRun<GovernmentEvaluation, GovernmentInputs>(p.db, period.code);
  if (opts.runNo !== undefined && !run) throw notFound('GOVERNMENT_EVALUATION_RUN_NOT_FOUND', `${period.code} 没有第 ${opts.runNo} 次政府信用评估结果`, `Period ${period.code} has no government evaluation run ${opts.runNo}`);
  const found = run ?? { runNo: null, ranAt: null, trigger: null, ...(await computeGovernment(p, compareDates(today, period.end) < 0 ? today : period.end)) };
  const evaluation = opts.region ? { ...found.result, items: found.result.items.filter((i) => i.region === opts.region) } : found.result;
  const inputs = opts.region ? scopeInputs(found.inputs, opts.region) : found.inputs;
  return { period: period.code, runNo: found.runNo, ranAt: found.ranAt, trigger: found.trigger, evaluation, inputs, runs };
}

function scopeInputs(inputs: GovernmentInputs, region: string): GovernmentInputs {
  const bodies = inputs.bodies.filter((b) => b.region === region);
  const ids = new Set(bodies.map((b) => b.id));
  return { bodies, records: inputs.records.filter((r) => ids.has(r.body)) };
}

// The stored runs, newest first (heads only).
export async function governmentEvaluationRuns(p: Platform): Promise<store.GovRunHead[]> {
  return store.govRunHeads(p.db);
}

// The job (src/jobs.ts, hourly): the month, quarter and year just ended, each once, as of its last
// day. Idempotent: a period with a stored run is left alone (a later run is an operator's, on demand).
export async function governmentSweep(p: Platform, actor: Actor = SYSTEM_ACTOR): Promise<string[]> {
  const today = p.today();
  const evaluated: string[] = [];
  for (const kind of ['month', 'quarter', 'year'] as PeriodKind[]) {
    const ended = previousPeriod(periodOf(kind, today));
    if (await store.latestGovRun(p.db, ended.code)) continue;
    await runGovernmentEvaluation(p, actor, ended.code, 'job');
    evaluated.push(ended.code);
  }
  return evaluated;
}

// The dashboard's section: per city, the bodies evaluated, the mean and lowest score, and the
// lowest-ranked body, from the period's latest stored run (or computed when none is stored).
export type GovernmentDashboard = {
  period: string;
  runNo: number | null;
  asOf: string;
  cities: { region: string | null; bodies: number; meanScore: number; minScore: number; lowest: { name: string; score: number } }[];
};

export async function governmentDashboard(p: Platform, rawPeriod: string, mayReadRegion: (code: string | null) => boolean = () => true): Promise<GovernmentDashboard> {
  const s = await storedGovernmentEvaluation(p, rawPeriod);
  const byCity = new Map<string | null, GovernmentEvaluation['items']>();
  for (const i of s.evaluation.items) {
    if (!mayReadRegion(i.region)) continue;
    const list = byCity.get(i.region) ?? [];
    list.push(i);
    byCity.set(i.region, list);
  }
  const cities = [...byCity].map(([region, items]) => {
    const lowest = items.reduce((a, b) => (b.score < a.score ? b : a));
    const mean = items.reduce((sum, x) => sum + x.score, 0) / items.length;
    return { region, bodies: items.length, meanScore: Math.round(mean * 10) / 10, minScore: lowest.score, lowest: { name: lowest.body.name, score: lowest.score } };
  });
  cities.sort((a, b) => (a.region ?? '').localeCompare(b.region ?? ''));
  return { period: s.period, runNo: s.runNo, asOf: s.evaluation.asOf, cities };
}
