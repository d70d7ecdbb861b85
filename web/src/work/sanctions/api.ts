// Typed client for the joint reward and punishment API (/api/v1/credit-checks, /sanctions,
// /measures, /lists/{category}/exits), with the work portal's session handling (sendJson).
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike, type NamedCode } from '../api.ts';

export type MeasureKind = 'reward' | 'punishment';
export type MeasureType = 'administrative' | 'market' | 'industry' | 'social';
export type FeedbackOutcome = 'applied' | 'not_applied' | 'not_applicable';
export type MatterOutcome = 'approved' | 'approved_with_conditions' | 'rejected' | 'withdrawn' | 'pending' | 'other';
export type Severity = 'light' | 'general' | 'serious';

export type TriggerHit = {
  type: 'list-entry' | 'record' | 'condition';
  condition?: 'clean-record';
  recordId?: string;
  category?: string;
  categoryName?: string;
  ref?: string;
  department?: string;
  decisionDate?: string;
  until: string | null;
  disputed: boolean;
  via?: { role: string; subjectId: string; name: string; code: string | null };
};

export type Memorandum = { name: string; docNo?: string };

export type AppliedMeasure = {
  measureId: string;
  revision: number;
  kind: MeasureKind;
  type: MeasureType;
  name: string;
  content?: string;
  basis: string;
  memorandum?: Memorandum | null;
  trigger: TriggerHit;
  triggers?: TriggerHit[];
  suspended: boolean;
  until: string | null;
};

export type BadRecord = { recordId: string; category: string; ref: string; decisionDate: string; countsUntil: string | null; disputed: boolean };

export type Eligibility = {
  greenChannel: boolean;
  toleranceAcceptance: boolean;
  reason: string;
  reasonEn: string;
  eligibleFrom: string | null;
  badRecords: BadRecord[];
};

export type CheckSubject = {
  found: boolean;
  id?: string;
  kind?: 'organization' | 'individual_business' | 'person';
  name?: string;
  code: string | null;
  maskedId?: string | null;
};

export type CheckAnswer = {
  checkId: string;
  checkedAt: string;
  result: 'checked' | 'no-record';
  department: { uscc: string; name: string };
  scenario: string;
  matterRef: string | null;
  subject: CheckSubject;
  measures: AppliedMeasure[];
  eligibility: Eligibility;
  feedbackDue: string | null;
};

export type MeasureFeedback = { measureId: string; suspended: boolean; outcome: FeedbackOutcome | null; reason: string | null; feedbackAt?: string | null };

export type CheckFeedback = {
  due: string | null;
  completedAt: string | null;
  late: boolean;
  matterOutcome: MatterOutcome | null;
  note?: string | null;
  measures: MeasureFeedback[];
};

export type StoredCheck = { checkId: string; answer: CheckAnswer; feedback: CheckFeedback };

export type FeedbackItem = { measureId: string; outcome: FeedbackOutcome; reason?: string };
export type FeedbackRequest = { measures: FeedbackItem[]; matterOutcome: MatterOutcome; note?: string };
export type FeedbackAnswer = {
  checkId: string;
  complete: boolean;
  late: boolean;
  feedbackDue: string | null;
  matterOutcome: MatterOutcome;
  measures: MeasureFeedback[];
};

export type PendingItem = {
  checkId: string;
  checkedAt: string;
  feedbackDue: string;
  late: boolean;
  scenario: string;
  matterRef?: string | null;
  subject: { code: string; name: string | null };
  department: { id: number; name: string };
  owed: number;
  given: number;
};
export type PendingPage = { items: PendingItem[]; total: number; late?: number; page: number; pageSize: number };

export type RateRow = {
  key: string;
  name: string;
  owed: number;
  given: number;
  onTime: number;
  late: number;
  overdue: number;
  applied?: number;
  notApplied?: number;
  notApplicable?: number;
  rate: number;
  onTimeRate: number;
};
export type Rates = { by: 'department' | 'measure'; from: string; to: string; rows: RateRow[] };

export type CaseItem = {
  checkId: string;
  checkedAt: string;
  scenario: string;
  matterRef?: string | null;
  matterOutcome?: MatterOutcome | null;
  note?: string | null;
  department: string;
  subject: { kind: string | null; name: string | null; code: string };
  measures: { measureId: string; name: string; kind: MeasureKind }[];
};
export type CasePage = { items: CaseItem[]; total: number; page: number; pageSize: number };

export type TriggerDef =
  | { list: string; via?: 'legal_representative' }
  | { category: string; severities: Severity[]; months: number; via?: 'legal_representative' }
  | { condition: 'clean-record' };

export type MeasureDef = {
  id: string;
  kind: MeasureKind;
  type: MeasureType;
  name: string;
  content: string;
  basis: string;
  memorandum?: Memorandum;
  implementers: string[];
  scenarios: string[];
  triggers: TriggerDef[];
};

export type Measure = MeasureDef & {
  revision: number;
  active: boolean;
  source: 'file' | 'operator';
  fileVersion?: number | null;
  createdAt: string;
  createdBy?: string;
};

export type MeasureList = { measures: Measure[]; scenarios: NamedCode[]; departmentKinds: NamedCode[] };

// A change: a new revision. null removes an optional property (the memorandum).
export type MeasurePatch = Partial<Omit<MeasureDef, 'id' | 'memorandum'>> & { memorandum?: Memorandum | null; active?: boolean; note?: string };

export type PublicList = { code: string; name: string; kind: 'red' | 'black'; owner: string };
export type ExitResult = { category: string; ref: string; recordId: string; version: number; status: 'exited'; exitDate: string; reason: string };

export function createSanctionsApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  const patch = <T,>(url: string, body: unknown) => sendJson<T>(fetchImpl, 'PATCH', url, body);
  const id = encodeURIComponent;
  return {
    check: (body: { subject: string; scenario: string; matterRef?: string }) => post<CheckAnswer>(`${API}/credit-checks`, body),
    getCheck: (checkId: string, signal?: AbortSignal) => get<StoredCheck>(`${API}/credit-checks/${id(checkId)}`, signal),
    feedback: (checkId: string, body: FeedbackRequest) => post<FeedbackAnswer>(`${API}/credit-checks/${id(checkId)}/feedback`, body),
    pending: (page: number, pageSize: number, signal?: AbortSignal) =>
      get<PendingPage>(`${API}/credit-checks/feedback/pending${buildQuery({ page, pageSize })}`, signal),
    rates: (by: 'department' | 'measure', from: string | undefined, to: string | undefined, signal?: AbortSignal) =>
      get<Rates>(`${API}/credit-checks/feedback/rates${buildQuery({ by, from, to })}`, signal),
    cases: (kind: MeasureKind | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
      get<CasePage>(`${API}/sanctions/cases${buildQuery({ kind, page, pageSize })}`, signal),

    measures: (signal?: AbortSignal) => get<MeasureList>(`${API}/measures`, signal),
    revisions: (measureId: string, signal?: AbortSignal) => get<{ revisions: Measure[] }>(`${API}/measures/${id(measureId)}/revisions`, signal),
    createMeasure: (def: MeasureDef) => post<Measure>(`${API}/measures`, def),
    changeMeasure: (measureId: string, change: MeasurePatch) => patch<Measure>(`${API}/measures/${id(measureId)}`, change),

    // the lists and their rules come from the public API: every list is named there
    lists: (signal?: AbortSignal) => get<{ lists: PublicList[] }>(`${API}/public/lists`, signal),
    exitEntry: (category: string, body: { ref: string; reason: string; exitDate?: string }) => post<ExitResult>(`${API}/lists/${id(category)}/exits`, body),
  };
}

export type SanctionsApi = ReturnType<typeof createSanctionsApi>;

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const sanctionsApi: SanctionsApi = createSanctionsApi((input, init) => fetch(input, init));
