// Pure helpers over a subject's public records (no React): grouping for tabs and the yearly chart.
import type { PublicRecord, SubjectCategory } from '../../shared/api.ts';

export function byCategory(records: PublicRecord[], category: string): PublicRecord[] {
  // Newest decision first; ties keep the server's order (sort is stable).
  return records
    .filter((r) => r.category === category)
    .sort((a, b) => (a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : 0));
}

export type YearSeries = { code: string; name: string; counts: number[] };
export type YearCounts = { years: string[]; series: YearSeries[] };

// One series per category that has records (named, for the legend); every year between the
// first and the last decision appears, so gaps show as zero bars.
export function countByYear(records: PublicRecord[], categories: SubjectCategory[]): YearCounts {
  if (records.length === 0) return { years: [], series: [] };
  const yearsOf = records.map((r) => Number(r.decisionDate.slice(0, 4)));
  const first = Math.min(...yearsOf);
  const last = Math.max(...yearsOf);
  const years: string[] = [];
  for (let y = first; y <= last; y++) years.push(String(y));
  const present = categories.filter((c) => records.some((r) => r.category === c.code));
  // a category the page was not told about still gets its own named series
  for (const r of records)
    if (!present.some((c) => c.code === r.category)) present.push({ code: r.category, name: r.categoryName, kind: 'penalty', count: 0 });
  const series = present.map((c) => ({ code: c.code, name: c.name, counts: years.map(() => 0) }));
  records.forEach((r, i) => {
    series.find((s) => s.code === r.category)!.counts[yearsOf[i]! - first]! += 1;
  });
  return { years, series };
}

// Black-list entries in force: the subject page's notice names each one.
export function blackListEntries(records: PublicRecord[]): PublicRecord[] {
  return records.filter((r) => r.list?.kind === 'black').sort((a, b) => (a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : 0));
}
