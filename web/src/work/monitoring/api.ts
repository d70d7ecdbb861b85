// Typed client for the monitoring API (/api/v1/monitoring/…) and early warnings (/api/v1/warnings),
// with the work portal's session handling (sendJson). Wire types come from the schemas files.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type {
  DeclarationAnswer,
  DeclarationBody,
  DepartmentDrill,
  DepartmentEvaluation,
  DirectoryEntryView,
  DirectoryList,
  DirectorySetBody,
  Evaluation,
  EvaluationRunAnswer,
  PeriodList,
  RegionDrill,
  Trend,
  RegionEvaluation,
} from '../../../../src/modules/monitoring/monitoring.schemas.ts';
import type { WarningList, WarningView } from '../../../../src/modules/warnings/warnings.schemas.ts';

export type { Trend };
export type { DeclarationAnswer, DepartmentDrill, DepartmentEvaluation, DirectoryEntryView, Evaluation, RegionDrill, RegionEvaluation, WarningView, PeriodList };

export type WarningFilter = 'live' | 'open' | 'acknowledged' | 'closed' | undefined;

export function createMonitoringApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  const id = encodeURIComponent;
  return {
    directory: (signal?: AbortSignal) => get<DirectoryList>(`${API}/monitoring/directory`, signal),
    directoryHistory: (key: string, signal?: AbortSignal) => get<DirectoryList>(`${API}/monitoring/directory/history${buildQuery({ key })}`, signal),
    setEntry: (body: DirectorySetBody) => post<DirectoryEntryView>(`${API}/monitoring/directory`, body),
    declareNone: (body: DeclarationBody) => post<DeclarationAnswer>(`${API}/monitoring/zero-declarations`, body),
    periods: (signal?: AbortSignal) => get<PeriodList>(`${API}/monitoring/evaluations`, signal),
    evaluation: (period: string, signal?: AbortSignal, county?: string) => get<Evaluation>(`${API}/monitoring/evaluations/${id(period)}${buildQuery({ county })}`, signal),
    region: (period: string, code: string, signal?: AbortSignal) => get<RegionDrill>(`${API}/monitoring/evaluations/${id(period)}/regions/${id(code)}`, signal),
    department: (period: string, uscc: string, signal?: AbortSignal) => get<DepartmentDrill>(`${API}/monitoring/evaluations/${id(period)}/departments/${id(uscc)}`, signal),
    trend: (kind: 'month' | 'quarter' | 'year', count: number, signal?: AbortSignal) => get<Trend>(`${API}/monitoring/trend${buildQuery({ kind, count })}`, signal),
    run: (period: string) => post<EvaluationRunAnswer>(`${API}/monitoring/evaluations/${id(period)}/run`),
    warnings: (state: WarningFilter, page: number, pageSize: number, signal?: AbortSignal) => get<WarningList>(`${API}/warnings${buildQuery({ state, page, pageSize })}`, signal),
    ack: (warningId: number, note: string) => post<WarningView>(`${API}/warnings/${warningId}/ack`, { note }),
    close: (warningId: number, note?: string) => post<WarningView>(`${API}/warnings/${warningId}/close`, note ? { note } : {}),
  };
}

export const monitoringApi = createMonitoringApi((input, init) => fetch(input, init));

// The 通报 file of a period (a plain link: the session cookie authenticates a GET).
export function bulletinUrl(period: string, format: 'xlsx' | 'pdf'): string {
  return `${API}/monitoring/evaluations/${encodeURIComponent(period)}/bulletin${buildQuery({ format })}`;
}

export const FREQUENCY_LABEL: Record<string, string> = { daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度' };

// 0.8567 -> '85.7%'; null -> '—'
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
}

// The month before `today` ('2026-12-05' -> '2026-11'): what the dashboard opens on.
export function lastMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
