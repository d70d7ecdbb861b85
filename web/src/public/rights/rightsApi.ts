// Typed client for the subject's rights on the public portal (/api/v1/public/identity, /me,
// /objections, /repairs, /reports): the subject's own data goes with the token of an identity
// check (header X-Xy-Subject-Token). Errors surface as ApiError, like the other public calls.
import { ApiError, buildQuery, isAbortError, toApiError, type Paged } from '../../shared/api.ts';

// The wire types come from the server's route schemas (type-only imports, erased by Vite).
import type {
  AccessEntry,
  AccessLog,
  AffectedCheck,
  ApplyRepairRequest,
  CertificateChallenge,
  CertificateChallengeRequest,
  CertificateVerifyRequest,
  Challenge,
  ChallengePurpose,
  ChallengeRequest,
  Evidence,
  EvidenceUpload,
  FileObjectionRequest,
  IdentityMethods,
  Missing,
  Objection,
  ObjectionItem,
  OidcBegin,
  OidcBeginRequest,
  OidcCompleteRequest,
  OwnFile,
  OwnRecord,
  Repair,
  RepairEligibility,
  RepairRecord,
  SubjectSummary,
  Verified,
  VerifyRequest,
} from '../../../../src/modules/rights/rights.schemas.ts';
import type { IssuedReport, ReportChange, Verification } from '../../../../src/modules/reports/reports.schemas.ts';

export type {
  AccessEntry,
  AccessLog,
  AffectedCheck,
  CertificateChallenge,
  Challenge,
  ChallengePurpose,
  Evidence,
  EvidenceUpload,
  IdentityMethods,
  IssuedReport,
  Missing,
  Objection,
  ObjectionItem,
  OidcBegin,
  OwnFile,
  OwnRecord,
  Repair,
  RepairRecord,
  ReportChange,
  SubjectSummary,
  Verification,
  Verified,
};
export type Eligibility = RepairEligibility;
export type Department = ObjectionItem['department'];
export type ItemStatus = ObjectionItem['status'];
export type MissingCode = Missing['code'];

export const SUBJECT_TOKEN_HEADER = 'X-Xy-Subject-Token';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

type Options = { method?: 'GET' | 'POST'; body?: unknown; token?: string; signal?: AbortSignal };

export async function send<T>(fetchImpl: FetchLike, url: string, o: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (o.token) headers[SUBJECT_TOKEN_HEADER] = o.token;
  // harmless without a staff session, required with one (the server's CSRF defence)
  if (o.method === 'POST') headers['X-Requested-With'] = 'xinyong';
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(url, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), signal: o.signal });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, { code: 'NETWORK_ERROR', zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server, please check the network and retry' });
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, parsed);
  if (parsed === undefined) throw toApiError(response.status, undefined);
  return parsed as T;
}

export function createRightsApi(fetchImpl: FetchLike, base = '/api/v1/public') {
  const get = <T,>(url: string, token: string | undefined, signal?: AbortSignal) => send<T>(fetchImpl, `${base}${url}`, { token, signal });
  const post = <T,>(url: string, body: unknown, token?: string) => send<T>(fetchImpl, `${base}${url}`, { method: 'POST', body, token });
  return {
    identityMethods: () => get<IdentityMethods>('/identity/methods', undefined),
    challenge: (body: ChallengeRequest & { purpose: ChallengePurpose }) => post<Challenge>('/identity/challenges', body),
    verify: (body: VerifyRequest) => post<Verified>('/identity/verify', body),
    oidcBegin: (body: OidcBeginRequest & { purpose: ChallengePurpose; returnTo: string }) => post<OidcBegin>('/identity/oidc/begin', body),
    oidcComplete: (body: OidcCompleteRequest) => post<Verified>('/identity/oidc/complete', body),
    certificateChallenge: (body: CertificateChallengeRequest & { purpose: ChallengePurpose }) => post<CertificateChallenge>('/identity/certificate/challenges', body),
    certificateVerify: (body: CertificateVerifyRequest) => post<Verified>('/identity/certificate/verify', body),

    creditFile: (token: string, signal?: AbortSignal) => get<OwnFile>('/me/credit-file', token, signal),
    accessLog: (token: string, signal?: AbortSignal) => get<AccessLog>('/me/access-log', token, signal),

    fileObjection: (token: string, body: FileObjectionRequest) =>
      post<Objection>('/objections', body, token),
    objections: (token: string, page: number, pageSize: number, signal?: AbortSignal) => get<Paged<Objection>>(`/objections${buildQuery({ page, pageSize })}`, token, signal),
    objection: (token: string, id: string, signal?: AbortSignal) => get<Objection>(`/objections/${encodeURIComponent(id)}`, token, signal),

    eligibility: (token: string, ref: string, category: string | undefined, signal?: AbortSignal) =>
      get<Eligibility>(`/repairs/eligibility${buildQuery({ ref, category })}`, token, signal),
    applyRepair: (token: string, body: ApplyRepairRequest) =>
      post<Repair>('/repairs', body, token),
    repairs: (token: string, page: number, pageSize: number, signal?: AbortSignal) => get<Paged<Repair>>(`/repairs${buildQuery({ page, pageSize })}`, token, signal),
    repair: (token: string, id: string, signal?: AbortSignal) => get<Repair>(`/repairs/${encodeURIComponent(id)}`, token, signal),

    issueReport: (subject: string, purpose?: string) => post<IssuedReport>('/reports', { subject, edition: 'public', ...(purpose ? { purpose } : {}) }),
    verifyReport: (number: string, code: string, signal?: AbortSignal) => get<Verification>(`/reports/verify${buildQuery({ number, code })}`, undefined, signal),
  };
}

export type RightsApi = ReturnType<typeof createRightsApi>;

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const rightsApi: RightsApi = createRightsApi((input, init) => fetch(input, init));
