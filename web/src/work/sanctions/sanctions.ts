// Pure rules of the joint reward and punishment pages: Chinese labels, how a trigger reads,
// the feedback form's checks, the rate chart's series. No React, no antd.
import type { NamedCode } from '../api.ts';
import type {
  AppliedMeasure,
  CheckAnswer,
  CheckFeedback,
  FeedbackAnswer,
  FeedbackItem,
  FeedbackOutcome,
  FeedbackRequest,
  MatterOutcome,
  Measure,
  MeasureDef,
  MeasureFeedback,
  MeasureKind,
  MeasurePatch,
  MeasureType,
  RateRow,
  Severity,
  TriggerDef,
  TriggerHit,
} from './api.ts';

export const MEASURE_KIND_LABEL: Record<MeasureKind, string> = { punishment: '惩戒', reward: '激励' };
export const MEASURE_KIND_COLOR: Record<MeasureKind, string> = { punishment: 'red', reward: 'green' };

export const MEASURE_TYPE_LABEL: Record<MeasureType, string> = {
  administrative: '行政性',
  market: '市场性',
  industry: '行业性',
  social: '社会性',
};

export const FEEDBACK_OUTCOME_LABEL: Record<FeedbackOutcome, string> = {
  applied: '已实施',
  not_applied: '未实施',
  not_applicable: '不适用',
};
export const FEEDBACK_OUTCOME_COLOR: Record<FeedbackOutcome, string> = { applied: 'success', not_applied: 'warning', not_applicable: 'default' };
export const FEEDBACK_OUTCOMES: readonly FeedbackOutcome[] = ['applied', 'not_applied', 'not_applicable'];

export const MATTER_OUTCOME_LABEL: Record<MatterOutcome, string> = {
  approved: '准予办理',
  approved_with_conditions: '附条件办理',
  rejected: '不予办理',
  withdrawn: '申请人撤回',
  pending: '仍在办理',
  other: '其他',
};
export const MATTER_OUTCOMES: readonly MatterOutcome[] = ['approved', 'approved_with_conditions', 'rejected', 'withdrawn', 'pending', 'other'];

// Operators and platform administrators change measures (the API's policy).
export const canEditMeasures = (role: string) => role === 'operator' || role === 'platform_admin';

export const SEVERITY_LABEL: Record<Severity, string> = { light: '轻微', general: '一般', serious: '严重' };

export const VIA_LABEL: Record<string, string> = { legal_representative: '法定代表人' };

// A code from a vocabulary (scenario, department kind) by its Chinese name; unknown: the code.
export function termName(terms: readonly NamedCode[] | undefined, code: string): string {
  return terms?.find((t) => t.code === code)?.name ?? code;
}

// "2027-03-01" or, without an end, until the entry leaves its list.
export function untilText(until: string | null): string {
  return until === null ? '长期（直至移出名单或记录失效）' : `至 ${until}`;
}

// What triggered a measure, in one line.
export function triggerText(hit: TriggerHit, greenChannelYears = 3): string {
  if (hit.type === 'condition') return `连续${greenChannelYears}年无不良信用记录`;
  const what = hit.categoryName ?? hit.category ?? '';
  const parts = [hit.type === 'list-entry' ? `列入${what}` : `${what}记录`, hit.ref].filter(Boolean).join('：');
  const by = [hit.department, hit.decisionDate ? `${hit.decisionDate} ${hit.type === 'list-entry' ? '认定' : '决定'}` : undefined].filter(Boolean).join('，');
  const via = hit.via ? `（经${VIA_LABEL[hit.via.role] ?? hit.via.role}任职的 ${hit.via.name}）` : '';
  return `${parts}${by ? `（${by}）` : ''}${via}`;
}

// A trigger of a measure definition, for the measure list.
export function triggerDefText(t: TriggerDef, categoryName: (code: string) => string): string {
  if ('condition' in t) return '连续3年无不良信用记录（绿色通道条件）';
  const via = t.via ? `（${VIA_LABEL[t.via] ?? t.via}所在组织）` : '';
  if ('list' in t) return `列入${categoryName(t.list)}${via}`;
  const sev = t.severities.map((s) => SEVERITY_LABEL[s] ?? s).join('、');
  return `${categoryName(t.category)}（${sev}）${t.months} 个月内${via}`;
}

// The feedback state of a check just made: nothing given yet.
export function freshFeedback(answer: CheckAnswer): CheckFeedback {
  return {
    due: answer.feedbackDue,
    completedAt: null,
    late: false,
    matterOutcome: null,
    measures: answer.measures.map((m) => ({ measureId: m.measureId, suspended: m.suspended, outcome: null, reason: null, feedbackAt: null })),
  };
}

// The feedback state after the server's answer to a feedback call (when the stored check cannot be
// read back): what was given, without the server's times.
export function afterFeedback(before: CheckFeedback, answer: FeedbackAnswer & { note?: string | null }): CheckFeedback {
  return {
    ...before,
    late: answer.late,
    matterOutcome: answer.matterOutcome,
    note: answer.note ?? before.note ?? null,
    completedAt: answer.complete ? before.completedAt : null,
    measures: answer.measures.map((m) => ({ ...m, feedbackAt: before.measures.find((b) => b.measureId === m.measureId)?.feedbackAt ?? null })),
  };
}

// Measures that still owe feedback: not suspended, no outcome yet.
export function openMeasures(feedback: CheckFeedback): MeasureFeedback[] {
  return feedback.measures.filter((m) => !m.suspended && m.outcome === null);
}

export function isFeedbackComplete(feedback: CheckFeedback): boolean {
  return feedback.due === null || feedback.measures.every((m) => m.suspended || m.outcome !== null);
}

export type FeedbackDraft = {
  measures: Record<string, { outcome?: FeedbackOutcome; reason?: string }>;
  matterOutcome?: MatterOutcome;
  note?: string;
};

export type DraftCheck = { ok: true; request: FeedbackRequest } | { ok: false; errors: Record<string, string> };

// The request a feedback form makes, or what is missing (keyed by measure id, or 'matterOutcome'
// and 'measures'). Measures left blank stay open for later; at least one must be answered while
// any is open. Suspended measures are never offered, so they never reach here.
export function feedbackRequestOf(feedback: CheckFeedback, draft: FeedbackDraft): DraftCheck {
  const errors: Record<string, string> = {};
  const items: FeedbackItem[] = [];
  const open = openMeasures(feedback);
  for (const m of open) {
    const d = draft.measures[m.measureId];
    if (!d?.outcome) continue;
    const reason = d.reason?.trim();
    if (d.outcome === 'not_applied' && !reason) errors[m.measureId] = '未实施的措施须说明理由';
    items.push({ measureId: m.measureId, outcome: d.outcome, ...(reason ? { reason } : {}) });
  }
  if (open.length > 0 && items.length === 0) errors.measures = '请至少为一项措施选择实施情况';
  if (!draft.matterOutcome) errors.matterOutcome = '请选择事项办理结果';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const note = draft.note?.trim();
  return { ok: true, request: { measures: items, matterOutcome: draft.matterOutcome!, ...(note ? { note } : {}) } };
}

// How many measures of each kind a check returned.
export function countByKind(measures: readonly AppliedMeasure[]): Record<MeasureKind, number> {
  const out: Record<MeasureKind, number> = { punishment: 0, reward: 0 };
  for (const m of measures) out[m.kind] += 1;
  return out;
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

// Series of the feedback-rate bar chart: for each row, measures answered on time, answered late,
// missing past due, and not yet due (owed − given − overdue).
export function rateSeries(rows: readonly RateRow[]): { names: string[]; onTime: number[]; late: number[]; overdue: number[]; notDue: number[] } {
  return {
    names: rows.map((r) => r.name),
    onTime: rows.map((r) => r.onTime),
    late: rows.map((r) => r.late),
    overdue: rows.map((r) => r.overdue),
    notDue: rows.map((r) => Math.max(0, r.owed - r.given - r.overdue)),
  };
}

// --- the measure form (operators) ---

export type TriggerForm = {
  type: 'list' | 'record' | 'condition';
  list?: string;
  category?: string;
  severities?: Severity[];
  months?: number;
  viaRepresentative?: boolean;
};

export type MeasureForm = {
  id: string;
  kind: MeasureKind;
  type: MeasureType;
  name: string;
  content: string;
  basis: string;
  memorandumName?: string;
  memorandumDocNo?: string;
  implementers: string[];
  scenarios: string[];
  triggers: TriggerForm[];
  active: boolean;
  note?: string;
};

export function triggerToForm(t: TriggerDef): TriggerForm {
  if ('condition' in t) return { type: 'condition' };
  if ('list' in t) return { type: 'list', list: t.list, viaRepresentative: t.via === 'legal_representative' };
  return { type: 'record', category: t.category, severities: [...t.severities], months: t.months, viaRepresentative: t.via === 'legal_representative' };
}

// The definition a trigger row makes; incomplete rows are caught by the form's own rules first.
export function triggerFromForm(f: TriggerForm): TriggerDef {
  const via = f.viaRepresentative ? { via: 'legal_representative' as const } : {};
  if (f.type === 'condition') return { condition: 'clean-record' };
  if (f.type === 'list') return { list: f.list ?? '', ...via };
  return { category: f.category ?? '', severities: f.severities ?? [], months: f.months ?? 0, ...via };
}

export function measureToForm(m: MeasureDef & { active?: boolean }): MeasureForm {
  return {
    id: m.id,
    kind: m.kind,
    type: m.type,
    name: m.name,
    content: m.content,
    basis: m.basis,
    memorandumName: m.memorandum?.name,
    memorandumDocNo: m.memorandum?.docNo,
    implementers: [...m.implementers],
    scenarios: [...m.scenarios],
    triggers: m.triggers.map(triggerToForm),
    active: m.active ?? true,
  };
}

export function measureFromForm(f: MeasureForm): MeasureDef {
  const name = f.memorandumName?.trim();
  const docNo = f.memorandumDocNo?.trim();
  return {
    id: f.id.trim(),
    kind: f.kind,
    type: f.type,
    name: f.name.trim(),
    content: f.content.trim(),
    basis: f.basis.trim(),
    ...(name ? { memorandum: { name, ...(docNo ? { docNo } : {}) } } : {}),
    implementers: f.implementers,
    scenarios: f.scenarios,
    triggers: f.triggers.map(triggerFromForm),
  };
}

// The PATCH of an edit: every property of the definition (the server keeps revisions whole),
// null for a memorandum taken away, the active flag and the note.
export function measurePatchOf(f: MeasureForm): MeasurePatch {
  const { id: _id, memorandum, ...def } = measureFromForm(f);
  const note = f.note?.trim();
  return { ...def, memorandum: memorandum ?? null, active: f.active, ...(note ? { note } : {}) };
}

export const MEASURE_FIELD_LABEL: Record<string, string> = {
  kind: '奖惩类别',
  type: '措施类型',
  name: '措施名称',
  content: '措施内容',
  basis: '法律依据',
  memorandum: '合作备忘录',
  implementers: '实施部门',
  scenarios: '业务场景',
  triggers: '触发条件',
  active: '启用状态',
};

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  ) ?? '';

// What a revision changed against the one before it, by Chinese field name.
export function changedFields(newer: Measure, older: Measure | undefined): string[] {
  if (!older) return ['新增'];
  const keys = Object.keys(MEASURE_FIELD_LABEL) as (keyof Measure)[];
  return keys.filter((k) => canonical(newer[k]) !== canonical(older[k])).map((k) => MEASURE_FIELD_LABEL[k]!);
}
