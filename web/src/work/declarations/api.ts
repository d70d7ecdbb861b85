// Typed client for 主动申报 review (/api/v1/declarations) with the work portal's session handling.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { Declaration, FlagRequest, QueuedDeclaration } from '../../../../src/modules/declarations/declarations.schemas.ts';

export type { Declaration, QueuedDeclaration };

export function createDeclarationsApi(fetchImpl: FetchLike) {
  return {
    queue: (q: { status?: Declaration['status'] }, signal?: AbortSignal) => sendJson<{ items: QueuedDeclaration[] }>(fetchImpl, 'GET', `${API}/declarations${buildQuery(q)}`, undefined, signal),
    ofSubject: (subject: string, signal?: AbortSignal) => sendJson<{ items: Declaration[] }>(fetchImpl, 'GET', `${API}/declarations${buildQuery({ subject })}`, undefined, signal),
    flag: (declarationId: string, body: FlagRequest) => sendJson<Declaration & { recordId: number }>(fetchImpl, 'POST', `${API}/declarations/${encodeURIComponent(declarationId)}/false`, body),
  };
}

export const declarationsApi = createDeclarationsApi((input, init) => fetch(input, init));
