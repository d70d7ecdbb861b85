// What a credit check's answer shows of a person's non-public records when the requester may not
// read them (rules/personal-data.json, `check-details`): the measures still apply — a check is a
// public-interest decision — but the records behind them are withheld (no record id, category,
// number, department or date), and bad records that are not public are counted, not listed.
// Pure: `shown` is the set of record ids the requester may see.
import type { AppliedMeasure, Eligibility, TriggerHit } from './sanctions.rules.ts';

export type Withheld<T> = { value: T; withheld: number };

const hitShown = (h: TriggerHit, shown: ReadonlySet<number>) => h.recordId === undefined || shown.has(Number(h.recordId));

function withholdHit(h: TriggerHit, shown: ReadonlySet<number>): TriggerHit {
  if (hitShown(h, shown)) return h;
  return { type: h.type, until: h.until, disputed: h.disputed, withheld: true };
}

export function withholdMeasures<M extends AppliedMeasure>(measures: readonly M[], shown: ReadonlySet<number>): Withheld<M[]> {
  let withheld = 0;
  const value = measures.map((m) => {
    const hidden = [m.trigger, ...m.triggers].filter((h) => !hitShown(h, shown)).length;
    withheld += hidden;
    return hidden ? { ...m, trigger: withholdHit(m.trigger, shown), triggers: m.triggers.map((h) => withholdHit(h, shown)) } : m;
  });
  return { value, withheld };
}

// why: the requester may not read them at all (default), or reads only its own region's records
// of a person from elsewhere (rules/personal-data.json outOfRegion own-records)
export function withholdEligibility(e: Eligibility, shown: ReadonlySet<number>, why: 'unauthorized' | 'out-of-region' = 'unauthorized'): Withheld<Eligibility> {
  const listed = e.badRecords.filter((b) => shown.has(Number(b.recordId)));
  const withheld = e.badRecords.length - listed.length;
  if (withheld === 0) return { value: e, withheld };
  const years = e.reason.match(/近(\d+)年/)?.[1];
  return {
    value: {
      ...e,
      // the reason named the latest record: say only how many, and when eligible again
      reason:
        `${years ? `近${years}年内` : ''}有不良信用记录 ${e.badRecords.length} 条（其中 ${withheld} 条为${why === 'unauthorized' ? '非公开信息，未授权查询' : '本地区以外部门报送的非公开信息，不在查询范围内'}）` +
        (e.eligibleFrom ? `，${e.eligibleFrom} 起可再次适用` : ''),
      reasonEn:
        `${e.badRecords.length} bad record(s) (${withheld} ${why === 'unauthorized' ? 'not public and not shown without the right to read them' : 'not public, held by departments outside your region, and outside your scope'})` +
        (e.eligibleFrom ? `; eligible again from ${e.eligibleFrom}` : ''),
      badRecords: listed,
      withheldRecords: withheld,
    },
    withheld,
  };
}

// Record ids a check's answer names (triggers and bad records).
export function recordIdsOf(measures: readonly AppliedMeasure[], e: Eligibility): number[] {
  const ids = new Set<number>();
  for (const m of measures) for (const h of [m.trigger, ...m.triggers]) if (h.recordId !== undefined && !h.withheld) ids.add(Number(h.recordId));
  for (const b of e.badRecords) ids.add(Number(b.recordId));
  return [...ids];
}
