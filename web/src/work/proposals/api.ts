// Typed client for proposals to change province-wide settings (/api/v1/proposals).
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { NewProposal, Proposal, ProposalList, ProposalStatus, SettingKindInfo } from '../../../../src/modules/proposals/proposals.schemas.ts';

export type { Proposal, ProposalList, ProposalStatus, SettingKindInfo };

export function createProposalsApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  return {
    kinds: (signal?: AbortSignal) => get<{ items: SettingKindInfo[] }>(`${API}/proposals/kinds`, signal),
    list: (status: ProposalStatus | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
      get<ProposalList>(`${API}/proposals${buildQuery({ status, page, pageSize })}`, signal),
    propose: (body: NewProposal) => post<Proposal>(`${API}/proposals`, body),
    approve: (id: number, note: string) => post<Proposal>(`${API}/proposals/${id}/approve`, { note }),
    reject: (id: number, note: string) => post<Proposal>(`${API}/proposals/${id}/reject`, { note }),
  };
}

export const proposalsApi = createProposalsApi((input, init) => fetch(input, init));

export const STATUS_LABEL: Record<ProposalStatus, string> = { pending: '待审批', applying: '执行中', approved: '已批准', rejected: '已驳回' };
export const STATUS_COLOR: Record<ProposalStatus, string> = { pending: 'gold', applying: 'blue', approved: 'green', rejected: 'default' };

// The change as the form holds it (JSON text): parsed, or the reason it is not JSON.
export function parseChange(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `修改内容不是有效的 JSON：${(e as Error).message}` };
  }
}
