// Public statistics on 信用河北 (公示统计): totals of 双公示 records, subjects, list entries and
// repairs, by city and by month, aggregated only. Each figure is counted by the same condition as
// the portal's other totals (publication.store publicCounts / countSubjects, rights' published
// repair results), so they agree; persons are never counted in (decisions/0014).
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { sharedLoads } from '../../kernel/shared-load.ts';
import { latestRecordId, publicCountsByRegionMonth } from '../publication/publication.store.ts';
import { latestSubjectId, organizationCounts } from '../subjects/subjects.store.ts';
import { approvedRepairCounts, latestRepairDecision } from '../rights/repair.store.ts';
import { regionContains } from '../access/access.rules.ts';
import { aggregate, type CountRow, type Statistics } from './statistics.rules.ts';

// db: where to read (the public route passes its read Db: the replica while it is fresh)
export async function computeStatistics(p: Platform, db: Db = p.db): Promise<Statistics> {
  return aggregate(await countRows(p, db), p.today());
}

// The same figures for one region and the regions inside it (a county virtual platform's section
// of the portal): totals and months, counted by the same conditions as the province's figures.
export async function computeRegionStatistics(p: Platform, regionCode: string, db: Db = p.db): Promise<Pick<Statistics, 'asOf' | 'totals' | 'byMonth'>> {
  const rows = (await countRows(p, db)).filter((r) => r.regionCode !== null && regionContains(regionCode, r.regionCode));
  const { asOf, totals, byMonth } = aggregate(rows, p.today());
  return { asOf, totals, byMonth };
}

async function countRows(p: Platform, db: Db): Promise<CountRow[]> {
  const today = p.today();
  const defs = p.catalog.all();
  // 双公示: licences and penalties; lists: public lists (red and black); as GET /public/stats
  const dual = new Set(defs.filter((d) => d.publication.rule === 'license' || d.publication.rule === 'penalty').map((d) => d.code));
  const lists = new Set(defs.filter((d) => d.list && d.openness === 'public').map((d) => d.code));
  const personCategories = defs.filter((d) => d.publication.persons).map((d) => d.code);
  const [records, subjects, repairs] = await Promise.all([
    publicCountsByRegionMonth(db, today, [...dual, ...lists]),
    organizationCounts(db, p.config.timeZone),
    approvedRepairCounts(db, personCategories),
  ]);
  const rows: CountRow[] = [
    ...records.map((r) => ({ measure: dual.has(r.category) ? ('publications' as const) : ('listEntries' as const), regionCode: r.regionCode, month: r.month, n: r.n })),
    ...subjects.map((r) => ({ measure: 'subjects' as const, regionCode: r.regionCode, month: r.month, n: r.n })),
    ...repairs.map((r) => ({ measure: 'repairs' as const, regionCode: r.regionCode, month: r.month, n: r.n })),
  ];
  return rows;
}

// The data version the figures depend on: the newest record version, subject and repair decision
// (records and subjects are append-only), and the day (publication windows end by the day).
export async function statisticsVersion(p: Platform, db: Db = p.db): Promise<string> {
  const [record, subject, repair] = await Promise.all([latestRecordId(db), latestSubjectId(db), latestRepairDecision(db)]);
  return `${p.today()}|${record}|${subject}|${repair ?? ''}`;
}

// The cache: the figures are computed again only when the data version changes (three index-only
// look-ups per request), so they always agree with the portal's uncached totals; and at the latest
// after `ttlMs` (a safety bound for changes the version does not see, e.g. a catalog change on
// restart). Concurrent requests share one computation; a failed one is not kept. One per app
// instance (made by the routes), never keyed by platform.
export type StatisticsCache = { get(db?: Db): Promise<Statistics & { computedAt: string }> };

export function createStatisticsCache(p: Platform, ttlMs: number): StatisticsCache {
  // one version kept (a new one drops the old)
  const entries = sharedLoads<string, Statistics & { computedAt: string }>({ ttlMs, now: () => p.now().getTime(), max: 1 });
  return {
    async get(db: Db = p.db) {
      // the version is read where the figures are: a lagging replica's version is older, so its
      // figures are not served as the primary's nor the other way round
      const version = await statisticsVersion(p, db);
      return entries.get(version, () => {
        const now = p.now().getTime();
        return computeStatistics(p, db).then((s) => ({ ...s, computedAt: new Date(now).toISOString() }));
      });
    },
  };
}
