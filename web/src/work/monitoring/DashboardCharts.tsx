import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, MapChart, ScatterChart } from 'echarts/charts';
import type { LineSeriesOption, MapSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import type { GeoComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import hebei from './map/hebei-cities.json';
import type { RegionEvaluation, Trend } from './api.ts';

// The dashboard's charts, loaded lazily with the echarts chunk: the map of Hebei's cities coloured
// by coverage or score (geometry: ./map/README.md) with 辛集, 定州 and 雄安 as markers at their
// seats, and the trend lines of the stored periods.
echarts.use([MapChart, ScatterChart, LineChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);
echarts.registerMap('hebei', hebei as unknown as Parameters<typeof echarts.registerMap>[1]);

type Option = echarts.ComposeOption<
  MapSeriesOption | ScatterSeriesOption | LineSeriesOption | GeoComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export type Metric = 'coverage' | 'score';

// Seats of the regions evaluated as their own rows but drawn inside 石家庄 / 保定.
export const MARKERS: { code: string; name: string; at: [number, number] }[] = [
  { code: '130181', name: '辛集市', at: [115.22, 37.94] },
  { code: '130682', name: '定州市', at: [114.99, 38.52] },
  { code: '133100', name: '雄安新区', at: [115.98, 38.99] },
];
const CITY_NAME_BY_CODE = new Map((hebei as { features: { properties: { name: string; code: string } }[] }).features.map((f) => [f.properties.code, f.properties.name]));

function Chart({ option, height, ariaLabel, onClick, testId }: { option: Option; height: number; ariaLabel: string; onClick?: (code: string) => void; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      const code = (e.data as { code?: string } | undefined)?.code;
      if (code) click.current?.(code);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />;
}

const valueOf = (r: RegionEvaluation | undefined, metric: Metric): number | null => {
  if (!r) return null;
  if (metric === 'score') return r.score;
  return r.coverage === null ? null : Math.round(r.coverage * 1000) / 10;
};
const shown = (v: number | null, metric: Metric) => (v === null ? '无数据' : metric === 'score' ? `${v.toFixed(1)} 分` : `${v.toFixed(1)}%`);

export function HebeiMap({ regions, metric, onSelect }: { regions: RegionEvaluation[]; metric: Metric; onSelect: (code: string) => void }) {
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);
  const option = useMemo<Option>(() => {
    const label = metric === 'score' ? '得分' : '覆盖率';
    const cities = [...CITY_NAME_BY_CODE].map(([code, name]) => {
      const r = byCode.get(code);
      return { name, code, value: valueOf(r, metric) ?? undefined, rank: r?.rank ?? null, tailFlag: r?.tailFlag ?? false, present: r !== undefined };
    });
    const markers = MARKERS.map((m) => {
      const r = byCode.get(m.code);
      return { name: m.name, code: m.code, value: [...m.at, valueOf(r, metric) ?? NaN], rank: r?.rank ?? null, tailFlag: r?.tailFlag ?? false, present: r !== undefined };
    });
    type Datum = { name: string; code: string; value: number | number[] | undefined; rank: number | null; tailFlag: boolean; present: boolean };
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const d = (p as { data?: Datum }).data;
          if (!d) return '';
          if (!d.present) return `${d.name}：不在查看范围内`;
          const v = Array.isArray(d.value) ? d.value[2]! : (d.value ?? null);
          return `${d.name}<br/>${label}：${shown(Number.isNaN(v) ? null : v, metric)}<br/>排名：${d.rank ?? '—'}${d.tailFlag ? '<br/><b style="color:#c41d1d">约谈</b>' : ''}`;
        },
      },
      visualMap: { min: 0, max: 100, text: [`${label} 高`, '低'], calculable: false, left: 8, bottom: 8, inRange: { color: ['#f5222d', '#faad14', '#fadb14', '#52c41a'] }, seriesIndex: [0, 1] },
      geo: { map: 'hebei', roam: false, itemStyle: { areaColor: '#f0f0f0', borderColor: '#8c8c8c' }, label: { show: true, fontSize: 10, color: '#262626' }, emphasis: { label: { show: true } } },
      series: [
        { type: 'map', geoIndex: 0, name: label, data: cities },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          name: label,
          symbolSize: 16,
          label: { show: true, formatter: '{b}', position: 'right', fontSize: 10, color: '#262626' },
          itemStyle: { borderColor: '#262626', borderWidth: 1 },
          data: markers,
        },
      ],
    };
  }, [byCode, metric]);
  const aria = regions.map((r) => `${r.name} ${shown(valueOf(r, metric), metric)}`).join('，');
  return <Chart option={option} height={460} ariaLabel={`河北省地图（${metric === 'score' ? '得分' : '覆盖率'}）：${aria}`} onClick={onSelect} testId="hebei-map" />;
}

export function TrendChart({ trend, metric }: { trend: Trend; metric: Metric }) {
  const option = useMemo<Option>(() => {
    const periods = trend.points.map((p) => p.period);
    const names = [...new Map(trend.points.flatMap((p) => p.regions.map((r) => [r.code, r.name] as const))).entries()];
    const pick = (v: number | null) => (v === null ? null : metric === 'score' ? v : Math.round(v * 1000) / 10);
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', min: 0, max: 100, name: metric === 'score' ? '分' : '%' },
      series: [
        ...(metric === 'coverage' ? [{ type: 'line' as const, name: '合计', data: trend.points.map((p) => pick(p.coverage)), lineStyle: { width: 3 } }] : []),
        ...names.map(([code, name]) => ({
          type: 'line' as const,
          name,
          connectNulls: false,
          data: trend.points.map((p) => {
            const r = p.regions.find((g) => g.code === code);
            return r ? pick(metric === 'score' ? r.score : r.coverage) : null;
          }),
        })),
      ],
    };
  }, [trend, metric]);
  return <Chart option={option} height={300} ariaLabel={`趋势：${trend.points.map((p) => `${p.period} 覆盖率 ${p.coverage === null ? '—' : `${(p.coverage * 100).toFixed(1)}%`}`).join('，')}`} testId="trend-chart" />;
}
