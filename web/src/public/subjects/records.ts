// Pure helpers over a subject's public records (no React): grouping for tabs and the yearly chart.
import type { PublicRecord, RecordCategory } from '../../shared/api.ts';

export function byCategory(records: PublicRecord[], category: RecordCategory): PublicRecord[] {
  // Newest decision first; ties keep the server's order (sort is stable).
  return records
    .filter((r) => r.category === category)
    .sort((a, b) => (a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : 0));
}

export type YearCounts = { years: string[]; license: number[]; penalty: number[] };

// Every year between the first and the last decision appears, so gaps show as zero bars.
export function countByYear(records: PublicRecord[]): YearCounts {
  if (records.length === 0) return { years: [], license: [], penalty: [] };
  const yearsOf = records.map((r) => Number(r.decisionDate.slice(0, 4)));
  const first = Math.min(...yearsOf);
  const last = Math.max(...yearsOf);
  const years: string[] = [];
  for (let y = first; y <= last; y++) years.push(String(y));
  const license = years.map(() => 0);
  const penalty = years.map(() => 0);
  records.forEach((r, i) => {
    const index = yearsOf[i] - first;
    if (r.category === 'license') license[index]++;
    else penalty[index]++;
  });
  return { years, license, penalty };
}
