import { useMemo } from 'react';
import type { PublicRecord, SubjectCategory } from '../../shared/api.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import type { EChartOption } from '../../shared/charts/EChart.tsx';
import { categoryColor } from './categoryStyle.ts';
import { countByYear } from './records.ts';

// Loaded lazily by SubjectPage so the echarts chunk is fetched only when a chart is shown.
// One named series per category the subject has (the legend names lists too).
export function RecordsByYearChart({ records, categories }: { records: PublicRecord[]; categories: SubjectCategory[] }) {
  const option = useMemo<EChartOption>(() => {
    const counts = countByYear(records, categories);
    return {
      color: counts.series.map((s) => categoryColor(categories.find((c) => c.code === s.code)?.kind, s.code)),
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: counts.years },
      yAxis: { type: 'value', minInterval: 1 },
      series: counts.series.map((s) => ({ name: s.name, type: 'bar', stack: 'records', data: s.counts, barMaxWidth: 36 })),
    };
  }, [records, categories]);
  const label = `按决定年份统计的公示记录数量：${countByYear(records, categories).series.map((s) => `${s.name} ${s.counts.reduce((a, b) => a + b, 0)} 条`).join('，')}`;
  return <EChart option={option} height={220} ariaLabel={label} />;
}
