// Typed client of the public 诚信典型 routes: the exemplars in their 公示 and objections to them
// (/api/v1/public/exemplars). The approved exemplars in their term are the entries of the
// integrity-exemplar red list (/api/v1/public/lists, persons shown only as the catalog allows).
import { send, type FetchLike } from '../rights/rightsApi.ts';
import type { ObjectionRequest, PublicityItem } from '../../../../src/modules/exemplars/exemplars.schemas.ts';

export type { PublicityItem };
export const EXEMPLAR_LIST = 'integrity-exemplar';

export function createExemplarsApi(fetchImpl: FetchLike, base = '/api/v1/public/exemplars') {
  return {
    publicity: (signal?: AbortSignal) => send<{ items: PublicityItem[] }>(fetchImpl, `${base}/publicity`, { signal }),
    object: (id: string, body: ObjectionRequest) => send<{ exemplar: string; objectionId: number }>(fetchImpl, `${base}/${encodeURIComponent(id)}/objections`, { method: 'POST', body }),
  };
}

export const exemplarsApi = createExemplarsApi((input, init) => fetch(input, init));
