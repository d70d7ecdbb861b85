// Typed client for the public red and black list pages (/api/v1/public/lists): only what each
// list's openness allows comes back, persons' ID numbers masked by the server.
import { buildQuery, requestFresh, requestJson, type FetchLike, type Paged } from '../../shared/api.ts';

// The wire types come from the server's route schemas (type-only import, erased by Vite).
import type { ExitNotice, ListEntryDetail, ListEntrySummary, PublicListInfo } from '../../../../src/modules/sanctions/sanctions.schemas.ts';

export type { ExitNotice, ListEntryDetail, PublicListInfo };
export type ListKind = PublicListInfo['kind'];
export type ListEntry = ListEntrySummary;
export type ListSubject = ListEntry['subject'];

export function createListsApi(fetchImpl: FetchLike, base = '/api/v1/public/lists') {
  const c = encodeURIComponent;
  return {
    lists: (signal?: AbortSignal) => requestJson<{ lists: PublicListInfo[] }>(fetchImpl, base, signal),
    entries: (category: string, q: string | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
      requestFresh<Paged<ListEntry>>(fetchImpl, `${base}/${c(category)}/entries${buildQuery({ q, page, pageSize })}`, signal),
    entry: (category: string, id: string, signal?: AbortSignal) => requestJson<ListEntryDetail>(fetchImpl, `${base}/${c(category)}/entries/${c(id)}`, signal),
    exits: (category: string, page: number, pageSize: number, signal?: AbortSignal) =>
      requestJson<Paged<ExitNotice>>(fetchImpl, `${base}/${c(category)}/exits${buildQuery({ page, pageSize })}`, signal),
  };
}

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const listsApi = createListsApi((input, init) => fetch(input, init));
