// Typed client for commitments (/api/v1/commitments) with the work portal's session handling.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { AddCommitmentRequest, BreachRequest, Commitment, CommitmentPage, FulfilRequest } from '../../../../src/modules/commitments/commitments.schemas.ts';

export type { AddCommitmentRequest, Commitment, CommitmentPage };

export function createCommitmentsApi(fetchImpl: FetchLike) {
  const id = encodeURIComponent;
  return {
    add: (body: AddCommitmentRequest) => sendJson<Commitment>(fetchImpl, 'POST', `${API}/commitments`, body),
    list: (q: { page: number; pageSize: number; status?: Commitment['status']; subject?: string }, signal?: AbortSignal) =>
      sendJson<CommitmentPage>(fetchImpl, 'GET', `${API}/commitments${buildQuery(q)}`, undefined, signal),
    fulfil: (commitmentId: string, body: FulfilRequest) => sendJson<Commitment>(fetchImpl, 'POST', `${API}/commitments/${id(commitmentId)}/fulfilment`, body),
    breach: (commitmentId: string, body: BreachRequest) => sendJson<Commitment>(fetchImpl, 'POST', `${API}/commitments/${id(commitmentId)}/breach`, body),
  };
}

export const commitmentsApi = createCommitmentsApi((input, init) => fetch(input, init));
