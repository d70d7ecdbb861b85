import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../shared/charts/EChart.tsx';
import { MEASURES, MEASURE_LABEL, monthLabel, type PublicStatistics } from './statisticsApi.ts';

// Loaded lazily by StatisticsPage, so the echarts chunk is fetched only with the charts.
export function StatisticsCharts({ stats }: { stats: PublicStatistics }) {
  const byCity = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: stats.byCity.map((r) => r.name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: MEASURES.map((m) => ({ name: MEASURE_LABEL[m], type: 'bar', data: stats.byCity.map((r) => r[m]), barMaxWidth: 18 })),
    }),
    [stats],
  );
  const byMonth = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: stats.byMonth.map((r) => monthLabel(r.month)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: MEASURES.map((m) => ({ name: MEASURE_LABEL[m], type: 'bar', data: stats.byMonth.map((r) => r[m]), barMaxWidth: 18 })),
    }),
    [stats],
  );
  const sum = (m: (typeof MEASURES)[number]) => `${MEASURE_LABEL[m]} ${stats.totals[m]}`;
  return (
    <>
      <h3 style={{ margin: '8px 0' }}>按地区</h3>
      <EChart option={byCity} height={320} ariaLabel={`按地区统计：${MEASURES.map(sum).join('，')}`} />
      <h3 style={{ margin: '8px 0' }}>按月份</h3>
      <EChart option={byMonth} height={280} ariaLabel={`按月份统计（近 12 个月及更早）：${MEASURES.map(sum).join('，')}`} />
    </>
  );
}
