// Typed client for the public red and black list pages (/api/v1/public/lists): only what each
// list's openness allows comes back, persons' ID numbers masked by the server.
import { buildQuery, requestJson, type FetchLike, type Paged, type SubjectKind } from '../../shared/api.ts';

export type ListKind = 'red' | 'black';

export type PublicListInfo = {
  code: string;
  name: string;
  kind: ListKind;
  owner: string;
  criteria: string;
  basis: string;
  procedure?: string;
  termMonths?: number | null;
  exitRule: string;
  personsPublished: boolean;
  entriesInForce: number;
};

export type ListSubject = { id: string; kind: SubjectKind; name: string; code: string | null; maskedId: string | null };

export type ListEntry = {
  id: string;
  ref: string;
  subject: ListSubject;
  decisionDate: string;
  validUntil: string | null;
  reason?: string | null;
  department: { name: string };
  disputed: boolean;
};

export type ListEntryDetail = ListEntry & {
  list: { code: string; name: string; kind: ListKind };
  fields: { code: string; name: string; value: string }[];
};

export type ExitNotice = {
  id: string;
  ref: string;
  subject: ListSubject;
  decisionDate: string;
  exitDate: string;
  kind: 'exit' | 'repair' | 'term-end';
  reason: string | null;
  department: { name: string };
};

export function createListsApi(fetchImpl: FetchLike, base = '/api/v1/public/lists') {
  const c = encodeURIComponent;
  return {
    lists: (signal?: AbortSignal) => requestJson<{ lists: PublicListInfo[] }>(fetchImpl, base, signal),
    entries: (category: string, q: string | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
      requestJson<Paged<ListEntry>>(fetchImpl, `${base}/${c(category)}/entries${buildQuery({ q, page, pageSize })}`, signal),
    entry: (category: string, id: string, signal?: AbortSignal) => requestJson<ListEntryDetail>(fetchImpl, `${base}/${c(category)}/entries/${c(id)}`, signal),
    exits: (category: string, page: number, pageSize: number, signal?: AbortSignal) =>
      requestJson<Paged<ExitNotice>>(fetchImpl, `${base}/${c(category)}/exits${buildQuery({ page, pageSize })}`, signal),
  };
}

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const listsApi = createListsApi((input, init) => fetch(input, init));
