// Typed client for the subject's rights on the public portal (/api/v1/public/identity, /me,
// /objections, /repairs, /reports): the subject's own data goes with the token of an identity
// check (header X-Xy-Subject-Token). Errors surface as ApiError, like the other public calls.
import { ApiError, buildQuery, isAbortError, toApiError, type DateStr, type Paged, type SubjectKind } from '../../shared/api.ts';

export type SubjectSummary = { id: string; kind: SubjectKind; name: string; code: string | null; maskedId: string | null };

export type ChallengePurpose = 'credit-file' | 'objection' | 'repair' | 'report' | 'authorization';
export type Challenge = { challengeId: string; expiresAt: string; digits: number; sentTo: 'contact-on-file'; note: { zh: string; en: string } };
export type OidcBegin = { authorizationUrl: string; binding: string; expiresAt: string; demonstration: boolean };
export type CertificateChallenge = { challengeId: string; text: string; expiresAt: string; userId: string };
export type IdentityMethods = { oidc: boolean; certificate: boolean; otp: boolean };
export type Verified = { token: string; expiresAt: string; method: 'otp' | 'oidc' | 'certificate'; subject: SubjectSummary | null; contacts: string[] };

export type Department = { id: number; name: string };
export type Evidence = { sha256: string; filename: string; contentType: string; size: number; purpose: string };
export type EvidenceUpload = { filename: string; contentType: string; contentBase64: string; purpose?: 'evidence' | 'obligations' };

export type OwnRecord = {
  id: string;
  category: string;
  categoryName: string;
  listKind?: 'red' | 'black' | null;
  ref: string;
  source: { department: string };
  decisionDate: DateStr;
  severity?: string | null;
  status: string;
  statusOn?: DateStr | null;
  statusReason?: string | null;
  validUntil?: DateStr | null;
  publication: { from: DateStr | null; until: DateStr | null; publicToday: boolean };
  disputed: boolean;
  version: number;
  via?: { role: string; organization: { id: string; name: string; code: string | null } } | null;
  fields: { code: string; name: string; value: string }[];
  objection: { number: string; status: string; note: string | null; decidedOn: DateStr | null } | null;
  repair: { number: string; status: string; decidedOn: DateStr | null } | null;
  repairNotice: { repairable: boolean; earliestDate: DateStr | null; how: string };
};

export type OwnFile = { subject: SubjectSummary | null; asOf: DateStr; records: OwnRecord[]; linked: OwnRecord[] };

export type AccessEntry = {
  at: string;
  kind: 'credit-check' | 'data-read';
  by: string;
  byKind: string;
  purpose: string | null;
  what: string[];
  ref: string | null;
  self: boolean;
  organization?: string | null;
};
export type AccessLog = { subject: SubjectSummary | null; entries: AccessEntry[] };

export type ItemStatus = 'open' | 'corrected' | 'revoked' | 'upheld';

export type ObjectionItem = {
  seq: number;
  recordId: string;
  category: string;
  categoryName: string;
  ref: string;
  department: Department;
  status: ItemStatus;
  note: string | null;
  decidedAt: string | null;
  decidedOn: DateStr | null;
  overdue: boolean;
  resultRecordId: string | null;
  current?: { recordId: string; version: number; status: string; fields: { code: string; name: string; value: string }[] } | null;
};

export type AffectedCheck = {
  checkId: string;
  checkedAt: string;
  department: Department;
  scenario: string;
  matterRef: string | null;
  measureId: string;
  feedback: string | null;
  record: { category: string; ref: string };
};

export type Objection = {
  objectionId: string;
  number: string;
  status: 'open' | 'decided';
  filedVia: 'portal' | 'staff';
  filedAt: string;
  filedOn: DateStr;
  reason: string;
  subject: SubjectSummary;
  applicant: { name: string | null; contact: string | null } | null;
  dueDate: DateStr;
  provisional: boolean;
  workingDays: number;
  rule: string;
  overdue: boolean;
  escalated: boolean;
  decidedAt: string | null;
  items: ObjectionItem[];
  evidence: Evidence[];
  affectedChecks: AffectedCheck[];
};

export type MissingCode = 'NOT_REPAIRABLE' | 'RECORD_NOT_CURRENT' | 'MINIMUM_PERIOD' | 'OBLIGATIONS_EVIDENCE' | 'COMMITMENT' | 'REPAIR_PENDING';
export type Missing = { code: MissingCode; zh: string; en: string; date?: DateStr };

export type RepairRecord = { id: string; category: string; categoryName: string; ref: string; department: Department; decisionDate?: DateStr; status?: string };

export type Eligibility = {
  eligible: boolean;
  earliestDate: DateStr | null;
  repairable: boolean;
  basis: string | null;
  missing: Missing[];
  record: RepairRecord;
};

export type Repair = {
  repairId: string;
  number: string;
  status: 'pending' | 'approved' | 'refused';
  filedVia: 'portal' | 'staff';
  filedAt: string;
  filedOn: DateStr;
  subject: SubjectSummary;
  applicant: { name: string | null; contact: string | null } | null;
  record: RepairRecord;
  obligations: string;
  commitment: string;
  earliestDate: DateStr | null;
  dueDate: DateStr;
  provisional: boolean;
  workingDays: number;
  rule: string;
  overdue: boolean;
  escalated: boolean;
  decision: { outcome: 'approved' | 'refused'; reason: string; decidedAt: string; decidedOn: DateStr; resultRecordId: string | null } | null;
  evidence: Evidence[];
};

export type IssuedReport = {
  number: string;
  code: string;
  sha256: string;
  size: number;
  edition: 'public' | 'full';
  issuedAt: string;
  hashAlg: 'sha256' | 'sm3';
  contentHash: string;
  signature: { alg: string; keyId: string; value: string };
  pdf: string;
  json: string;
  verify: string;
};

export type ReportChange = { kind: 'added' | 'removed' | 'changed'; category: string; ref: string };

export type Verification = {
  genuine: boolean;
  zh: string;
  en: string;
  checkedAt: string;
  number: string | null;
  edition: 'public' | 'full' | null;
  issuedAt: string | null;
  subject: { name: string; code: string | null } | null;
  hashAlg: string | null;
  contentHash: string | null;
  pdfSha256: string | null;
  signature: { alg: string; keyId: string; valid: boolean } | null;
  changedSinceIssue: boolean | null;
  changes: ReportChange[] | null;
};

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
    challenge: (body: { code: string; name: string; purpose: ChallengePurpose }) => post<Challenge>('/identity/challenges', body),
    verify: (body: { challengeId: string; code: string }) => post<Verified>('/identity/verify', body),
    oidcBegin: (body: { purpose: ChallengePurpose; returnTo: string }) => post<OidcBegin>('/identity/oidc/begin', body),
    oidcComplete: (body: { callback: string; binding: string }) => post<Verified>('/identity/oidc/complete', body),
    certificateChallenge: (body: { purpose: ChallengePurpose }) => post<CertificateChallenge>('/identity/certificate/challenges', body),
    certificateVerify: (body: { challengeId: string; certificate: string; signature: string }) => post<Verified>('/identity/certificate/verify', body),

    creditFile: (token: string, signal?: AbortSignal) => get<OwnFile>('/me/credit-file', token, signal),
    accessLog: (token: string, signal?: AbortSignal) => get<AccessLog>('/me/access-log', token, signal),

    fileObjection: (token: string, body: { records: { ref: string; category?: string }[]; reason: string; evidence?: EvidenceUpload[]; applicant?: { name?: string; contact?: string } }) =>
      post<Objection>('/objections', body, token),
    objections: (token: string, page: number, pageSize: number, signal?: AbortSignal) => get<Paged<Objection>>(`/objections${buildQuery({ page, pageSize })}`, token, signal),
    objection: (token: string, id: string, signal?: AbortSignal) => get<Objection>(`/objections/${encodeURIComponent(id)}`, token, signal),

    eligibility: (token: string, ref: string, category: string | undefined, signal?: AbortSignal) =>
      get<Eligibility>(`/repairs/eligibility${buildQuery({ ref, category })}`, token, signal),
    applyRepair: (token: string, body: { ref: string; category?: string; obligations: string; commitment: string; evidence?: EvidenceUpload[]; applicant?: { name?: string; contact?: string } }) =>
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
