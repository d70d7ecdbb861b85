// Typed client for 诚信典型 (/api/v1/exemplars) with the work portal's session handling.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { DecideRequest, Exemplar, NominateRequest, ReviewRequest } from '../../../../src/modules/exemplars/exemplars.schemas.ts';

export type { Exemplar, NominateRequest };

export function createExemplarsApi(fetchImpl: FetchLike) {
  const id = encodeURIComponent;
  return {
    list: (q: { status?: Exemplar['status'] }, signal?: AbortSignal) => sendJson<{ items: Exemplar[] }>(fetchImpl, 'GET', `${API}/exemplars${buildQuery(q)}`, undefined, signal),
    nominate: (body: NominateRequest) => sendJson<Exemplar>(fetchImpl, 'POST', `${API}/exemplars`, body),
    review: (exemplarId: string, body: ReviewRequest) => sendJson<Exemplar>(fetchImpl, 'POST', `${API}/exemplars/${id(exemplarId)}/review`, body),
    decide: (exemplarId: string, body: DecideRequest) => sendJson<Exemplar>(fetchImpl, 'POST', `${API}/exemplars/${id(exemplarId)}/decision`, body),
    objections: (exemplarId: string, signal?: AbortSignal) =>
      sendJson<{ items: { id: number; content: string; filedAt: string }[] }>(fetchImpl, 'GET', `${API}/exemplars/${id(exemplarId)}/objections`, undefined, signal),
  };
}

export const exemplarsApi = createExemplarsApi((input, init) => fetch(input, init));
