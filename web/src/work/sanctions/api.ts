// Typed client for the joint reward and punishment API (/api/v1/credit-checks, /sanctions,
// /measures, /lists/{category}/exits), with the work portal's session handling (sendJson).
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';

// The wire types come from the server's route schemas (type-only import, erased by Vite).
import type { MeasureKind, MeasureType, FeedbackOutcome, MatterOutcome, Trigger } from '../../../../src/modules/sanctions/sanctions.rules.ts';
import type { Severity } from '../../../../src/modules/publication/publication.rules.ts';
import type {
  AppliedMeasure,
  BadRecord,
  CaseItem,
  CasePage,
  CheckAnswer,
  CheckFeedback,
  CheckRequest,
  CheckSubject,
  CreditWarning,
  CreditWarningLiftRequest,
  CreditWarningRequest,
  Eligibility,
  ExitRequest,
  ExitResult,
  FeedbackAnswer,
  FeedbackItem,
  FeedbackRates,
  FeedbackRequest,
  Measure,
  MeasureDef,
  MeasureFeedback,
  MeasureList,
  MeasurePatch,
  PendingFeedbackPage,
  PendingItem,
  PublicListInfo,
  RateRow,
  StoredCheck,
  TriggerHit,
} from '../../../../src/modules/sanctions/sanctions.schemas.ts';

export type {
  CreditWarning,
  CreditWarningRequest,
  AppliedMeasure,
  BadRecord,
  CaseItem,
  CasePage,
  CheckAnswer,
  CheckFeedback,
  CheckSubject,
  Eligibility,
  ExitResult,
  FeedbackAnswer,
  FeedbackItem,
  FeedbackOutcome,
  FeedbackRequest,
  MatterOutcome,
  Measure,
  MeasureDef,
  MeasureFeedback,
  MeasureKind,
  MeasureList,
  MeasurePatch,
  MeasureType,
  PendingItem,
  RateRow,
  Severity,
  StoredCheck,
  TriggerHit,
};
export type TriggerDef = Trigger;
export type PublicList = PublicListInfo;
export type Memorandum = NonNullable<MeasureDef['memorandum']>;
export type PendingPage = PendingFeedbackPage;
export type Rates = FeedbackRates;

export function createSanctionsApi(fetchImpl: FetchLike) {
  const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>(fetchImpl, 'GET', url, undefined, signal);
  const post = <T,>(url: string, body?: unknown) => sendJson<T>(fetchImpl, 'POST', url, body);
  const patch = <T,>(url: string, body: unknown) => sendJson<T>(fetchImpl, 'PATCH', url, body);
  const id = encodeURIComponent;
  return {
    check: (body: CheckRequest) => post<CheckAnswer>(`${API}/credit-checks`, body),
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
    exitEntry: (category: string, body: ExitRequest) => post<ExitResult>(`${API}/lists/${id(category)}/exits`, body),

    // 信用警示 (staff only, never published)
    creditWarnings: (subject: string | undefined, signal?: AbortSignal) => get<{ items: CreditWarning[] }>(`${API}/lists/credit-warnings${buildQuery({ subject })}`, signal),
    recordCreditWarning: (category: string, body: CreditWarningRequest) => post<CreditWarning>(`${API}/lists/${id(category)}/credit-warnings`, body),
    liftCreditWarning: (warningId: string, body: CreditWarningLiftRequest) => post<CreditWarning>(`${API}/lists/credit-warnings/${id(warningId)}/lift`, body),
  };
}

export type SanctionsApi = ReturnType<typeof createSanctionsApi>;

// Wrapped so `fetch` is never called detached from window ("Illegal invocation").
export const sanctionsApi: SanctionsApi = createSanctionsApi((input, init) => fetch(input, init));
