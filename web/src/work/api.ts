// Typed client for the staff API (/api/v1/auth, /admin, /batches, /audit). The session is the
// httpOnly cookie the browser sends by itself; state-changing requests carry the CSRF header
// (docs/security.md, "CSRF"). Errors always surface as ApiError, like the public client's.
import { ApiError, buildQuery, isAbortError, toApiError } from '../shared/api.ts';
// The wire types come from the server's route schemas (type-only imports, erased by Vite).
import type { ApiClientInfo, ClientScope, DepartmentInfo, IssuedClient, IssuedUser, ListedStaffUser, Role, StaffUser } from '../../../src/modules/access/access.schemas.ts';
import type { AuditPage, AuditVerification } from '../../../src/modules/audit/audit.schemas.ts';
import type { Batch, BatchError } from '../../../src/modules/collection/collection.schemas.ts';

export type {
  ApiClientSecret,
  ClientScope,
  DepartmentRef,
  IssuedClient,
  IssuedUser,
  ListedStaffUser,
  Role,
  StaffUser,
  TotpEnrolment,
} from '../../../src/modules/access/access.schemas.ts';
export type { AuditEvent, AuditPage, AuditProblem, AuditVerification } from '../../../src/modules/audit/audit.schemas.ts';
export type { Batch, BatchCounts, BatchError, BatchStatus } from '../../../src/modules/collection/collection.schemas.ts';

export type Department = DepartmentInfo;
export type ApiClient = ApiClientInfo;

export type Region = {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent: string | null;
  virtual: boolean;
  members?: string[];
};

export type NamedCode = { code: string; name: string };

export type AuditQuery = { from?: string; to?: string; actor?: string; action?: string; target?: string };

export type Listing<T> = { items: T[]; total: number };

export const CSRF_HEADER = { 'X-Requested-With': 'xinyong' } as const;

// Codes that mean "nobody is signed in any more": the portal goes back to its sign-in page.
const SESSION_ENDED = new Set(['SESSION_EXPIRED', 'AUTH_REQUIRED']);

export type SessionEvent = 'ended' | 'password-change-required';

// The portal listens here, so a page never has to handle an expired session itself.
export const sessionEvents = new EventTarget();

export function sessionEventOf(error: ApiError): SessionEvent | undefined {
  if (error.status === 401 && SESSION_ENDED.has(error.code)) return 'ended';
  if (error.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') return 'password-change-required';
  return undefined;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

type Method = 'GET' | 'POST' | 'PATCH';

export async function sendJson<T>(fetchImpl: FetchLike, method: Method, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, CSRF_HEADER);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, credentials: 'same-origin' });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, { code: 'NETWORK_ERROR', zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server, please check the network and retry' });
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = toApiError(response.status, parsed);
    const event = sessionEventOf(error);
    if (event) sessionEvents.dispatchEvent(new CustomEvent<ApiError>(event, { detail: error }));
    throw error;
  }
  if (parsed === undefined) throw toApiError(response.status, undefined);
  return parsed as T;
}

export const API = '/api/v1';

export function batchErrorsUrl(id: string, format: 'csv' | 'xlsx'): string {
  return `${API}/batches/${encodeURIComponent(id)}/errors?format=${format}`;
}

export function batchFileUrl(id: string): string {
  return `${API}/batches/${encodeURIComponent(id)}/file`;
}

export function auditExportUrl(query: AuditQuery, format: 'csv' | 'xlsx'): string {
  return `${API}/audit/events/export${buildQuery({ ...query, format })}`;
}

export function createWorkApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  const patch = <T,>(url: string, body: unknown) => sendJson<T>(fetchImpl, 'PATCH', url, body);
  return {
    signIn: (body: { username: string; password: string; totp?: string }) => post<{ user: StaffUser }>(`${API}/auth/sign-in`, body),
    signOut: () => post<void>(`${API}/auth/sign-out`),
    signOutEverywhere: () => post<{ sessionsEnded: number }>(`${API}/auth/sign-out-everywhere`),
    me: (signal?: AbortSignal) => get<{ user: StaffUser }>(`${API}/auth/me`, signal),
    session: (signal?: AbortSignal) => get<{ user: StaffUser | null }>(`${API}/auth/session`, signal),
    changePassword: (currentPassword: string, newPassword: string) => post<{ user: StaffUser }>(`${API}/auth/password`, { currentPassword, newPassword }),

    listUsers: (page: number, pageSize: number, signal?: AbortSignal) =>
      get<Listing<ListedStaffUser>>(`${API}/admin/users${buildQuery({ page, pageSize })}`, signal),
    createUser: (body: { username: string; displayName: string; role: Role; regionCode?: string; departmentId?: number; password?: string }) =>
      post<IssuedUser>(`${API}/admin/users`, body),
    updateUser: (id: number, change: { displayName?: string; role?: Role; disabled?: boolean; resetLock?: boolean; resetPassword?: boolean; resetTotp?: boolean }) =>
      patch<IssuedUser>(`${API}/admin/users/${id}`, change),

    listDepartments: (signal?: AbortSignal) => get<{ items: Department[] }>(`${API}/admin/departments`, signal),
    addDepartment: (body: { uscc: string; name: string; regionCode: string; kinds?: string[]; kindsReason?: string }) => post<Department>(`${API}/admin/departments`, body),

    listClients: (signal?: AbortSignal) => get<{ items: ApiClient[] }>(`${API}/admin/clients`, signal),
    createClient: (body: { departmentId: number; name: string; scopes: ClientScope[] }) => post<IssuedClient>(`${API}/admin/clients`, body),
    revokeClient: (keyId: string) => post<ApiClient>(`${API}/admin/clients/${encodeURIComponent(keyId)}/revoke`),

    regions: (signal?: AbortSignal) => get<{ items: Region[] }>(`${API}/public/regions`, signal),
    // department kinds are the measures' vocabulary (measures/vocabulary.json)
    departmentKinds: async (signal?: AbortSignal) =>
      (await get<{ departmentKinds?: NamedCode[] }>(`${API}/measures`, signal)).departmentKinds ?? [],

    listBatches: (page: number, pageSize: number, signal?: AbortSignal) => get<Listing<Batch>>(`${API}/batches${buildQuery({ page, pageSize })}`, signal),
    getBatch: (id: string, signal?: AbortSignal) => get<Batch>(`${API}/batches/${encodeURIComponent(id)}`, signal),
    firstErrors: (id: string, limit: number, signal?: AbortSignal) =>
      get<{ items: BatchError[] }>(`${API}/batches/${encodeURIComponent(id)}/first-errors${buildQuery({ limit })}`, signal),

    auditEvents: (query: AuditQuery, page: number, pageSize: number, signal?: AbortSignal) =>
      get<AuditPage>(`${API}/audit/events${buildQuery({ ...query, page, pageSize })}`, signal),
    auditVerify: (signal?: AbortSignal) => get<AuditVerification>(`${API}/audit/verify`, signal),
  };
}

export type WorkApi = ReturnType<typeof createWorkApi>;

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const workApi: WorkApi = createWorkApi((input, init) => fetch(input, init));
