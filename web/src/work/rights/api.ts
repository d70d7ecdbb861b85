// Typed client for the staff side of subject rights (/api/v1/objections, /repairs): the
// department's queues, decisions and evidence, and the operators' counts. The shapes are the
// public client's (web/src/public/rights/rightsApi.ts); staff views carry more (applicant,
// the record's current content, affected credit checks).
import { buildQuery, type Paged } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { Objection, Repair } from '../../public/rights/rightsApi.ts';
// The wire types come from the server's route schemas (type-only import, erased by Vite).
import type { DecideObjectionRequest, DecideRepairRequest, ObjectionStats, StaffObjectionRequest, WindowRecords } from '../../../../src/modules/rights/rights.schemas.ts';

export type { AffectedCheck, Objection, ObjectionItem, Repair } from '../../public/rights/rightsApi.ts';

export type DecideObjection = DecideObjectionRequest;
export type Outcome = DecideObjection['outcome'];
export type DecideRepair = DecideRepairRequest;

export type ObjectionQuery = { status?: 'open' | 'decided'; overdue?: boolean; page: number; pageSize: number };
export type RepairQuery = { status?: 'pending' | 'approved' | 'refused'; overdue?: boolean; page: number; pageSize: number };

export type { ObjectionStats, StaffObjectionRequest, WindowRecords };
export type WindowRecord = WindowRecords['records'][number];
export type InPersonDocument = StaffObjectionRequest['inPerson']['document'];
export type DepartmentCounts = ObjectionStats['departments'][number];

export function evidenceUrl(kind: 'objections' | 'repairs', id: string, sha256: string): string {
  return `${API}/${kind}/${encodeURIComponent(id)}/evidence/${sha256}`;
}

export function createRightsWorkApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  return {
    objections: (q: ObjectionQuery, signal?: AbortSignal) =>
      get<Paged<Objection>>(`${API}/objections${buildQuery({ status: q.status, overdue: q.overdue ? 'true' : undefined, page: q.page, pageSize: q.pageSize })}`, signal),
    objection: (id: string, signal?: AbortSignal) => get<Objection>(`${API}/objections/${encodeURIComponent(id)}`, signal),
    decideObjection: (id: string, body: DecideObjection) => post<Objection>(`${API}/objections/${encodeURIComponent(id)}/decision`, body),
    // 窗口代办: find the subject and its records, then file with the document seen
    windowRecords: (subject: string, signal?: AbortSignal) => get<WindowRecords>(`${API}/objections/window-records${buildQuery({ subject })}`, signal),
    fileAtWindow: (body: StaffObjectionRequest) => post<Objection>(`${API}/objections`, body),
    objectionStats: (from: string | undefined, to: string | undefined, signal?: AbortSignal) => get<ObjectionStats>(`${API}/objections/stats${buildQuery({ from, to })}`, signal),

    repairs: (q: RepairQuery, signal?: AbortSignal) =>
      get<Paged<Repair>>(`${API}/repairs${buildQuery({ status: q.status, overdue: q.overdue ? 'true' : undefined, page: q.page, pageSize: q.pageSize })}`, signal),
    repair: (id: string, signal?: AbortSignal) => get<Repair>(`${API}/repairs/${encodeURIComponent(id)}`, signal),
    decideRepair: (id: string, body: DecideRepair) => post<Repair>(`${API}/repairs/${encodeURIComponent(id)}/decision`, body),
  };
}

export type RightsWorkApi = ReturnType<typeof createRightsWorkApi>;

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const rightsWorkApi: RightsWorkApi = createRightsWorkApi((input, init) => fetch(input, init));
