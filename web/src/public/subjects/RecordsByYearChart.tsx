import { useMemo } from 'react';
import type { PublicRecord } from '../../shared/api.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import type { EChartOption } from '../../shared/charts/EChart.tsx';
import { CATEGORY_LABEL } from '../../shared/labels.ts';
import { countByYear } from './records.ts';

// Loaded lazily by SubjectPage so the echarts chunk is fetched only when a chart is shown.
export function RecordsByYearChart({ records }: { records: PublicRecord[] }) {
  const option = useMemo<EChartOption>(() => {
    const counts = countByYear(records);
    return {
      color: ['#389e0d', '#d4380d'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: counts.years },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: CATEGORY_LABEL.license, type: 'bar', stack: 'records', data: counts.license, barMaxWidth: 36 },
        { name: CATEGORY_LABEL.penalty, type: 'bar', stack: 'records', data: counts.penalty, barMaxWidth: 36 },
      ],
    };
  }, [records]);
  return <EChart option={option} height={220} ariaLabel="按决定年份统计的公示记录数量" />;
}
