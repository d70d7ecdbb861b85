// Typed client for the staff credit query (/api/v1/inquiry) and the department's own records
// (/api/v1/own-records), with the work portal's session handling (sendJson).
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
// The wire types come from the server's route schemas (type-only imports, erased by Vite).
import type { CreditFileRequest, StaffCreditFile, StaffFileRecord, SubjectHit, SubjectSearch } from '../../../../src/modules/inquiry/inquiry.schemas.ts';
import type { OwnRecord, OwnRecordsPage } from '../../../../src/modules/collection/collection.schemas.ts';

export type { CreditFileRequest, StaffCreditFile, StaffFileRecord, SubjectHit, SubjectSearch, OwnRecord, OwnRecordsPage };

// The page's own query: every filter optional, as the URL holds it.
export type OwnRecordsQuery = { category?: string; from?: string; to?: string; late?: 'true' | 'false'; status?: string };

export function ownRecordsExportUrl(q: OwnRecordsQuery): string {
  return `${API}/own-records/export${buildQuery(q)}`;
}

export function createInquiryApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  return {
    search: (q: string, signal?: AbortSignal) => get<SubjectSearch>(`${API}/inquiry/subjects${buildQuery({ q })}`, signal),
    creditFile: (body: CreditFileRequest) => post<StaffCreditFile>(`${API}/inquiry/credit-file`, body),
    ownRecords: (q: OwnRecordsQuery, page: number, pageSize: number, signal?: AbortSignal) =>
      get<OwnRecordsPage>(`${API}/own-records${buildQuery({ ...q, page, pageSize })}`, signal),
  };
}

export const inquiryApi = createInquiryApi((input, init) => fetch(input, init));
