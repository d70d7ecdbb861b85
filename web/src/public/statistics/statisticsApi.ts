// The public statistics (GET /api/v1/public/statistics), typed from the server's schema.
import { requestJson } from '../../shared/api.ts';
import type { PublicStatistics } from '../../../../src/modules/statistics/statistics.schemas.ts';

export type { PublicStatistics };

export const getStatistics = (signal?: AbortSignal) => requestJson<PublicStatistics>((input, init) => fetch(input, init), '/api/v1/public/statistics', signal);

export const MEASURE_LABEL = { publications: '双公示记录', listEntries: '红黑名单', subjects: '信用主体', repairs: '信用修复' } as const;
export type StatMeasure = keyof typeof MEASURE_LABEL;
export const MEASURES = Object.keys(MEASURE_LABEL) as StatMeasure[];

// A month column's label: "2026-11" → "2026年11月"; the bucket before the window → "更早".
export const monthLabel = (m: string) => (m === 'earlier' ? '更早' : `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`);
