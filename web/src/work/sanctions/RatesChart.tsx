import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../shared/charts/EChart.tsx';
import type { RateRow } from './api.ts';
import { rateSeries } from './sanctions.ts';

// Loaded lazily by RatesPage, so the echarts chunk is fetched only when rates are shown.
// Horizontal stacked bars: long department and measure names stay readable.
export function RatesChart({ rows }: { rows: RateRow[] }) {
  const option = useMemo<EChartOption>(() => {
    const s = rateSeries(rows);
    const bar = { type: 'bar' as const, stack: 'owed', barMaxWidth: 22 };
    return {
      color: ['#389e0d', '#faad14', '#cf1322', '#bfbfbf'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      // first row on top
      yAxis: { type: 'category', data: s.names, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
      series: [
        { ...bar, name: '按时反馈', data: s.onTime },
        { ...bar, name: '逾期反馈', data: s.late },
        { ...bar, name: '逾期未反馈', data: s.overdue },
        { ...bar, name: '未到期未反馈', data: s.notDue },
      ],
    };
  }, [rows]);
  return <EChart option={option} height={Math.max(220, rows.length * 40 + 70)} ariaLabel="反馈情况统计图" />;
}
