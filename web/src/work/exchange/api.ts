// Typed client for the exchange status (/api/v1/exchange/status, /links) and county virtual
// platforms (/api/v1/counties), with the work portal's session handling. Wire types from the schemas.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { ExchangeStatus } from '../../../../src/modules/exchange/exchange.schemas.ts';
import type { ExchangeLinks } from '../../../../src/modules/exchange/links.schemas.ts';
import type { CountyView, CountyState } from '../../../../src/modules/counties/counties.schemas.ts';

export type { ExchangeStatus, ExchangeLinks, CountyView, CountyState };
export type CountyList = { node: { role: string; region: string }; items: CountyView[] };
export type CountyChange = { county: CountyView; changed: boolean };

export function createExchangeApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  return {
    status: (signal?: AbortSignal) => get<ExchangeStatus>(`${API}/exchange/status`, signal),
    links: (signal?: AbortSignal) => get<ExchangeLinks>(`${API}/exchange/links`, signal),
    counties: (state?: CountyState, signal?: AbortSignal) => get<CountyList>(`${API}/counties${buildQuery({ state })}`, signal),
    enableCounty: (region: string) => post<CountyChange>(`${API}/counties`, { region }),
    disableCounty: (region: string) => post<CountyChange>(`${API}/counties/${encodeURIComponent(region)}/disable`),
  };
}

export const exchangeApi = createExchangeApi((input, init) => fetch(input, init));

// 3 小时 12 分 / 45 秒: a duration for people
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分 ${s % 60} 秒`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} 小时 ${m % 60} 分`;
  return `${Math.floor(h / 24)} 天 ${h % 24} 小时`;
}
