// The monitoring sweep (a job, src/jobs.ts): evaluates each period that has ended and has no
// stored run, and raises the early warnings monitoring watches for. Idempotent: a second sweep on
// the same day stores and raises nothing new.
import type { Platform } from '../../platform.ts';
import { SYSTEM_ACTOR, type Actor } from '../../kernel/audit.ts';
import { addDays, compareDates, type DateStr } from '../../kernel/dates.ts';
import { listDepartments } from '../access/departments.store.ts';
import { lastDeliveries, monthlyVolumes, subjectsWithSeriousRecords } from '../collection/figures.store.ts';
import { raiseWarning } from '../warnings/warnings.service.ts';
import { directoryRules } from './directory.service.ts';
import { declarationsBetween } from './directory.store.ts';
import { evaluationRule, runEvaluation, targetRule, type EvaluationResult } from './evaluation.service.ts';
import { latestRun } from './evaluation.store.ts';
import { FREQUENCY_LABELS, periodOf, previousPeriod, nextSlotAfter, silenceDeadline, type PeriodKind } from './monitoring.rules.ts';

export const MONITORING_TASK = 'monitoring.sweep';

export type SweepAnswer = { evaluated: string[]; warnings: { raised: number; refreshed: number } };

export async function monitoringSweep(p: Platform, actor: Actor = SYSTEM_ACTOR): Promise<SweepAnswer> {
  const today = p.today();
  const evaluated: string[] = [];
  // at each period's end: the month, quarter and year just ended, once
  for (const kind of ['month', 'quarter', 'year'] as PeriodKind[]) {
    const ended = previousPeriod(periodOf(kind, today));
    if (await latestRun(p.db, ended.code)) continue;
    await runEvaluation(p, actor, ended.code, 'job');
    evaluated.push(ended.code);
  }
  const warnings = await raiseMonitoringWarnings(p, today, actor);
  return { evaluated, warnings };
}

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
const maskName = (kind: string, name: string) => (kind === 'person' ? `${[...name][0] ?? ''}*` : name);

export async function raiseMonitoringWarnings(p: Platform, today: DateStr, actor: Actor = SYSTEM_ACTOR): Promise<{ raised: number; refreshed: number }> {
  const counts = { raised: 0, refreshed: 0 };
  const raise = async (w: Parameters<typeof raiseWarning>[2]) => {
    const r = await raiseWarning(p.db, actor, w);
    counts[r.created ? 'raised' : 'refreshed']++;
  };
  const rule = evaluationRule(today).warnings;
  const departments = (await listDepartments(p.db)).filter((d) => d.active);
  const depById = new Map(departments.map((d) => [d.id, d]));

  // 1. silent past the frequency plus a grace of working days
  const rules = await directoryRules(p, departments);
  const last = new Map((await lastDeliveries(p.db, p.config.timeZone)).map((l) => [`${l.departmentId}|${l.category}`, l.day]));
  const declared = new Map<string, string>();
  for (const z of await declarationsBetween(p.db, '1900-01-01', today)) {
    const k = `${z.departmentId}|${z.category}`;
    if (!declared.has(k) || compareDates(z.end, declared.get(k)!) > 0) declared.set(k, z.end);
  }
  const silentSeen = new Set<string>();
  for (const r of rules) {
    if (compareDates(r.from, today) > 0 || (r.until !== undefined && compareDates(r.until, today) <= 0)) continue;
    const k = `${r.departmentId}|${r.category}`;
    if (silentSeen.has(k)) continue;
    silentSeen.add(k);
    const delivered = last.get(k);
    const decl = r.zeroCounts ? declared.get(k) : undefined;
    let activity = addDays(r.from, -1);
    for (const d of [delivered, decl]) if (d && compareDates(d, activity) > 0) activity = d;
    const nextSlot = nextSlotAfter(r.frequency, activity);
    const deadline = silenceDeadline(r.frequency, activity, rule.silentGraceWorkingDays, p.calendar);
    if (compareDates(today, deadline) <= 0) continue;
    const dep = depById.get(r.departmentId)!;
    await raise({
      kind: 'department.silent',
      targetKind: 'department',
      target: `${dep.uscc}|${r.category}`,
      targetName: dep.name,
      regionCode: dep.regionCode,
      today,
      reason: {
        zh: `${dep.name}的 ${r.category}（${FREQUENCY_LABELS[r.frequency]}报送）自 ${delivered ?? '（从未报送）'} 后未再报送，已超过 ${nextSlot.end} 加 ${rule.silentGraceWorkingDays} 个工作日的期限 ${deadline}`,
        en: `${dep.name}: no ${r.category} (${r.frequency}) since ${delivered ?? 'never'}; the slot ending ${nextSlot.end} plus ${rule.silentGraceWorkingDays} working days passed on ${deadline}`,
        figures: { category: r.category, frequency: r.frequency, lastDelivery: delivered ?? null, lastDeclaration: decl ?? null, deadline },
      },
    });
  }

  // 2. last month's volume below half of the trailing average
  const month = previousPeriod(periodOf('month', today));
  let first = month;
  for (let i = 0; i < rule.volumeTrailingMonths; i++) first = previousPeriod(first);
  const volumes = await monthlyVolumes(p.db, { from: first.start, to: month.end, timeZone: p.config.timeZone });
  const byDep = new Map<number, Map<string, number>>();
  for (const v of volumes) byDep.set(v.departmentId, (byDep.get(v.departmentId) ?? new Map()).set(v.month, v.records));
  for (const [depId, months] of byDep) {
    const dep = depById.get(depId);
    if (!dep) continue;
    let trailing = 0;
    let m = month;
    for (let i = 0; i < rule.volumeTrailingMonths; i++) {
      m = previousPeriod(m);
      trailing += months.get(m.code) ?? 0;
    }
    const average = trailing / rule.volumeTrailingMonths;
    const current = months.get(month.code) ?? 0;
    if (average < rule.volumeMinimumAverage || current >= rule.volumeDropRatio * average) continue;
    await raise({
      kind: 'department.volume-drop',
      targetKind: 'department',
      target: dep.uscc,
      targetName: dep.name,
      regionCode: dep.regionCode,
      today,
      reason: {
        zh: `${dep.name} ${month.code} 报送 ${current} 条，低于前 ${rule.volumeTrailingMonths} 个月月均 ${Math.round(average * 10) / 10} 条的 ${pct(rule.volumeDropRatio)}`,
        en: `${dep.name}: ${current} records in ${month.code}, below ${pct(rule.volumeDropRatio)} of the trailing ${rule.volumeTrailingMonths}-month average ${Math.round(average * 10) / 10}`,
        figures: { month: month.code, records: current, trailingAverage: Math.round(average * 10) / 10 },
      },
    });
  }

  // 3. a region below the year's coverage or timeliness target, in last month's evaluation
  const run = await latestRun<EvaluationResult>(p.db, month.code);
  if (run) {
    const target = targetRule(month.end);
    for (const g of run.result.regions) {
      const low: string[] = [];
      if (g.coverage !== null && g.coverage < target.coverage) low.push('coverage');
      if (g.timeliness !== null && g.timeliness < target.timeliness) low.push('timeliness');
      if (low.length === 0) continue;
      await raise({
        kind: 'region.below-target',
        targetKind: 'region',
        target: g.code,
        targetName: g.name,
        regionCode: g.code,
        today,
        reason: {
          zh: `${g.name} ${month.code} 覆盖率 ${g.coverage === null ? '—' : pct(g.coverage)}、及时率 ${g.timeliness === null ? '—' : pct(g.timeliness)}，低于年度目标（覆盖率 ${pct(target.coverage)}、及时率 ${pct(target.timeliness)}）`,
          en: `${g.name} in ${month.code}: coverage ${g.coverage === null ? '—' : pct(g.coverage)}, timeliness ${g.timeliness === null ? '—' : pct(g.timeliness)}, below the year's target (${pct(target.coverage)} / ${pct(target.timeliness)})`,
          figures: { period: month.code, coverage: g.coverage, timeliness: g.timeliness, target: { coverage: target.coverage, timeliness: target.timeliness }, below: low },
        },
      });
    }
  }

  // 4. a credit subject accumulating serious records: a candidate 重大失信事件
  const blackLists = p.catalog.all().filter((c) => c.list?.kind === 'black').map((c) => c.code);
  const since = addDays(today, -rule.seriousWithinDays);
  for (const s of await subjectsWithSeriousRecords(p.db, { since, min: rule.seriousRecords, blackLists, limit: 500 })) {
    await raise({
      kind: 'subject.serious-records',
      targetKind: 'subject',
      target: s.publicId,
      targetName: maskName(s.kind, s.name),
      regionCode: s.regionCode,
      today,
      reason: {
        zh: `${rule.seriousWithinDays} 天内有 ${s.records} 条严重失信记录（严重处罚或黑名单），疑似重大失信事件，请核查`,
        en: `${s.records} serious records (serious penalties or black-list entries) within ${rule.seriousWithinDays} days: a candidate major dishonesty event to review`,
        figures: { records: s.records, since, refs: s.refs },
      },
    });
  }
  return counts;
}
