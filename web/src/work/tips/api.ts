// Typed client of the staff tip routes (/api/v1/tips): the handlers' and operators' queues, the
// detail with its internal history, routing, notes, outcomes, record links and the audited read
// of a reporter.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { ReporterAnswer, StaffTip, TipDetail, TipList, TipOutcomeRequest } from '../../../../src/modules/tips/tips.schemas.ts';

export type { ReporterAnswer, StaffTip, TipDetail, TipList, TipOutcomeRequest };
export type TipStatus = StaffTip['status'];
export type TipQuery = { status?: TipStatus; state?: 'open' | 'closed'; overdue?: boolean; unrouted?: boolean; page: number; pageSize: number };

export const TIP_STATUS_LABEL: Record<TipStatus, string> = {
  received: '已受理',
  'in-progress': '办理中',
  substantiated: '查证属实',
  unsubstantiated: '查无实据',
  'not-competent': '已转交',
};
export const TIP_STATUS_COLOR: Record<TipStatus, string> = { received: 'blue', 'in-progress': 'processing', substantiated: 'green', unsubstantiated: 'default', 'not-competent': 'orange' };

export function tipEvidenceUrl(id: number, seq: number): string {
  return `${API}/tips/${id}/evidence/${seq}`;
}

export function createTipsWorkApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  return {
    list: (q: TipQuery, signal?: AbortSignal) =>
      get<TipList>(`${API}/tips${buildQuery({ status: q.status, state: q.state, overdue: q.overdue ? 'true' : undefined, unrouted: q.unrouted ? 'true' : undefined, page: q.page, pageSize: q.pageSize })}`, signal),
    detail: (id: number, signal?: AbortSignal) => get<TipDetail>(`${API}/tips/${id}`, signal),
    route: (id: number, departmentId: number, reason: string) => post<TipDetail>(`${API}/tips/${id}/route`, { departmentId, reason }),
    note: (id: number, text: string) => post<TipDetail>(`${API}/tips/${id}/notes`, { text }),
    outcome: (id: number, body: TipOutcomeRequest) => post<TipDetail>(`${API}/tips/${id}/outcome`, body),
    linkRecord: (id: number, category: string, sourceRef: string) => post<TipDetail>(`${API}/tips/${id}/record-links`, { category, sourceRef }),
    reporter: (id: number, purpose: string) => post<ReporterAnswer>(`${API}/tips/${id}/reporter-reads`, { purpose }),
  };
}

export const tipsWorkApi = createTipsWorkApi((input, init) => fetch(input, init));
