// Typed client for the public JSON API (/api/v1/public). Errors always surface as ApiError.
// The wire types of records, subjects and 双公示 come from the server's route schemas
// (type-only import, erased by Vite).
import type { PublicCommitments } from '../../../src/modules/commitments/commitments.schemas.ts';
import type { PublicationItem, PublicRecord, SubjectCategory, SubjectHit, SubjectSearchResult } from '../../../src/modules/publication/publication.schemas.ts';

export type { PublicationItem, PublicRecord, SubjectCategory, SubjectHit, SubjectSearchResult };

export type DateStr = string;
export type SubjectKind = 'organization' | 'individual_business' | 'person';
export type RecordCategory = 'penalty' | 'license';
export type Severity = 'general' | 'serious';
export type Bilingual = { zh: string; en: string };

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export type PublicStats = {
  subjects: number;
  publicPenalties: number;
  publicLicenses: number;
  // 双公示: licences and penalties public today (the total of the 双公示 page)
  publications: number;
  // entries in force on the public red and black lists
  listEntries: number;
  asOf: DateStr;
};

export type SubjectProfile = {
  id: string;
  code: string | null;
  kind: SubjectKind;
  name: string;
  maskedId: string | null;
  orgCode: string | null;
};

export type RecordField = { code: string; name: string; value: string | null };

export type ListKind = 'red' | 'black';

export type { PublicCommitments };
export type SubjectDetail = { subject: SubjectProfile; categories: SubjectCategory[]; records: PublicRecord[] };

// A subject's exit notice on a list (taken off, repaired, or its term ended).
export type SubjectListExit = {
  id: string;
  ref: string;
  decisionDate: DateStr;
  exitDate: DateStr;
  kind: 'exit' | 'repair' | 'term-end';
  reason: string | null;
  department: { name: string };
  list: { code: string; name: string; kind: ListKind };
};

export type PublicationQuery = {
  category?: RecordCategory;
  from?: DateStr;
  to?: DateStr;
  region?: string; // a county's section of the portal: its departments' publications
  page?: number;
  pageSize?: number;
};

export type SubjectQuery = { q: string; page?: number; pageSize?: number };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly details?: unknown;

  constructor(status: number, body: { code: string; zh: string; en: string; details?: unknown }) {
    super(body.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.zh = body.zh;
    this.en = body.en;
    if (body.details !== undefined) this.details = body.details;
  }
}

type QueryValue = string | number | undefined | null;

// Drops empty values so optional filters never reach the server as `from=`.
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Reads the server's `{ error: { code, zh, en, details? } }`; anything else (a proxy's HTML page,
// an empty body) becomes a generic message that still names the HTTP status.
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.zh === 'string') {
    return new ApiError(status, {
      code: error.code,
      zh: error.zh,
      en: typeof error.en === 'string' ? error.en : error.zh,
      details: error.details,
    });
  }
  if (status === 429) {
    return new ApiError(status, {
      code: 'RATE_LIMITED',
      zh: '查询过于频繁，请稍后再试',
      en: 'Too many requests, please try again later',
    });
  }
  return new ApiError(status, {
    code: `HTTP_${status}`,
    zh: `服务暂时不可用（HTTP ${status}），请稍后再试`,
    en: `Service unavailable (HTTP ${status}), please try again later`,
  });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

// How fresh a public answer is: the server sends X-Data-As-Of (and X-Data-Source) when public
// reads may come from a read replica (docs/operations.md, "A read replica"); null without them.
export type Freshness = { asOf: string; source: 'replica' | 'primary' };
export type Fresh<T> = T & { freshness: Freshness | null };

export function freshnessOf(headers: { get(name: string): string | null }): Freshness | null {
  const asOf = headers.get('x-data-as-of');
  if (!asOf || Number.isNaN(Date.parse(asOf))) return null;
  return { asOf, source: headers.get('x-data-source') === 'replica' ? 'replica' : 'primary' };
}

export async function requestJson<T>(fetchImpl: FetchLike, url: string, signal?: AbortSignal): Promise<T> {
  return (await requestJsonFresh<T>(fetchImpl, url, signal)).body;
}

// requestJson with the answer's freshness (for the public pages that may be served by a replica)
export async function requestFresh<T>(fetchImpl: FetchLike, url: string, signal?: AbortSignal): Promise<Fresh<T>> {
  const r = await requestJsonFresh<T>(fetchImpl, url, signal);
  return { ...r.body, freshness: r.freshness };
}

async function requestJsonFresh<T>(fetchImpl: FetchLike, url: string, signal?: AbortSignal): Promise<{ body: T; freshness: Freshness | null }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      zh: '无法连接服务器，请检查网络后重试',
      en: 'Cannot reach the server, please check the network and retry',
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  if (body === undefined) throw toApiError(response.status, undefined);
  return { body: body as T, freshness: freshnessOf(response.headers) };
}

export type PublicApi = {
  getStats: (signal?: AbortSignal) => Promise<PublicStats>;
  searchSubjects: (query: SubjectQuery, signal?: AbortSignal) => Promise<Fresh<SubjectSearchResult>>;
  getSubject: (idOrCode: string, signal?: AbortSignal) => Promise<Fresh<SubjectDetail>>;
  getSubjectListExits: (idOrCode: string, signal?: AbortSignal) => Promise<{ items: SubjectListExit[] }>;
  getSubjectCommitments: (idOrCode: string, signal?: AbortSignal) => Promise<PublicCommitments>;
  listPublications: (query: PublicationQuery, signal?: AbortSignal) => Promise<Fresh<Paged<PublicationItem>>>;
};

export function createPublicApi(fetchImpl: FetchLike, base = '/api/v1/public'): PublicApi {
  return {
    getStats: (signal) => requestJson(fetchImpl, `${base}/stats`, signal),
    searchSubjects: (query, signal) =>
      requestFresh(
        fetchImpl,
        `${base}/subjects${buildQuery({ q: query.q, page: query.page, pageSize: query.pageSize })}`,
        signal,
      ),
    getSubject: (idOrCode, signal) =>
      requestFresh(fetchImpl, `${base}/subjects/${encodeURIComponent(idOrCode)}`, signal),
    getSubjectListExits: (idOrCode, signal) =>
      requestJson(fetchImpl, `${base}/subjects/${encodeURIComponent(idOrCode)}/list-exits`, signal),
    getSubjectCommitments: (idOrCode, signal) =>
      requestJson(fetchImpl, `${base}/subjects/${encodeURIComponent(idOrCode)}/commitments`, signal),
    listPublications: (query, signal) =>
      requestFresh(
        fetchImpl,
        `${base}/publications${buildQuery({
          category: query.category,
          from: query.from,
          to: query.to,
          region: query.region,
          page: query.page,
          pageSize: query.pageSize,
        })}`,
        signal,
      ),
  };
}

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const publicApi = createPublicApi((input, init) => fetch(input, init));
