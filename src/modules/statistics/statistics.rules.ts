// Public statistics on 信用河北 (公示统计): how counts are grouped, pure. A row per city, with
// 辛集 and 定州 (directly administered) and 雄安新区 as their own rows, provincial departments as
// 省级, and anything outside Hebei as 其他; a column per month for the last 12 months and one for
// everything earlier, so every breakdown sums to its total.
import { REGIONS, findRegion, regionAncestors } from '../../kernel/codes/region.ts';
import type { DateStr } from '../../kernel/dates.ts';

export const PROVINCE_ROW = '130000';
export const OTHER_ROW = 'other';
export const EARLIER = 'earlier';
export const MONTHS_SHOWN = 12;

// The statistics row of a GB/T 2260 code (or null / a code outside Hebei).
export function statisticsRowOf(code: string | null): string {
  if (!code) return OTHER_ROW;
  const region = findRegion(code);
  if (!region) return OTHER_ROW;
  if (region.level === 'province') return PROVINCE_ROW;
  if (region.directlyAdministered) return region.code;
  if (region.level === 'city') return region.code;
  const up = regionAncestors(region.code);
  // 雄安's member counties count for 雄安, not for 保定
  const virtual = up.find((c) => findRegion(c)?.virtual);
  if (virtual) return virtual;
  return up.find((c) => findRegion(c)?.level === 'city') ?? OTHER_ROW;
}

// The rows in display order: the province's departments, each city (辛集 and 定州 after their
// prefecture), 雄安, then other.
export function statisticsRows(): { code: string; name: string }[] {
  const rows: { code: string; name: string }[] = [{ code: PROVINCE_ROW, name: '省级部门' }];
  const cities = REGIONS.filter((r) => r.level === 'city' && !r.virtual);
  for (const city of cities) {
    rows.push({ code: city.code, name: city.name });
    for (const c of REGIONS) if (c.parent === city.code && c.directlyAdministered) rows.push({ code: c.code, name: c.name });
  }
  for (const v of REGIONS.filter((r) => r.virtual)) rows.push({ code: v.code, name: v.name });
  rows.push({ code: OTHER_ROW, name: '其他（省外或未注明）' });
  return rows;
}

// The month columns: the 12 months ending with today's, oldest first, after `earlier`.
export function monthColumns(today: DateStr): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = MONTHS_SHOWN - 1; i >= 0; i--) {
    const k = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return [EARLIER, ...out];
}

// A month (YYYY-MM) into its column: before the window → earlier; inside → itself; after today's
// month (a decision or a filing date ahead of the platform's clock) → the last column, so nothing
// falls out of the totals.
export function monthColumnOf(month: string, columns: readonly string[]): string {
  const first = columns[1]!;
  const last = columns[columns.length - 1]!;
  if (month < first) return EARLIER;
  if (month > last) return last;
  return month;
}

export type Measure = 'publications' | 'subjects' | 'listEntries' | 'repairs';
export const MEASURES: readonly Measure[] = ['publications', 'subjects', 'listEntries', 'repairs'];
export type Counts = Record<Measure, number>;
export type CountRow = { measure: Measure; regionCode: string | null; month: string; n: number };

export type Statistics = {
  asOf: DateStr;
  totals: Counts;
  byCity: ({ code: string; name: string } & Counts)[];
  byMonth: ({ month: string } & Counts)[];
};

const zero = (): Counts => ({ publications: 0, subjects: 0, listEntries: 0, repairs: 0 });

export function aggregate(rows: readonly CountRow[], today: DateStr): Statistics {
  const columns = monthColumns(today);
  const byCity = new Map(statisticsRows().map((r) => [r.code, { ...r, ...zero() }]));
  const byMonth = new Map(columns.map((m) => [m, { month: m, ...zero() }]));
  const totals = zero();
  for (const r of rows) {
    totals[r.measure] += r.n;
    byCity.get(statisticsRowOf(r.regionCode))![r.measure] += r.n;
    byMonth.get(monthColumnOf(r.month, columns))![r.measure] += r.n;
  }
  return { asOf: today, totals, byCity: [...byCity.values()], byMonth: [...byMonth.values()] };
}
