// Pure rules of the work portal's rights pages: outcome wording, the correction form (how the
// API takes a corrected record: values by field code, for exactly one record), feedback labels
// of affected checks, the operators' counts. No React, no antd.
import type { DepartmentCounts, InPersonDocument, Outcome, WindowRecord } from './api.ts';

export const OUTCOME_LABEL: Record<Outcome, string> = { correct: '更正', revoke: '撤销', uphold: '维持' };

export const OUTCOME_HELP: Record<Outcome, string> = {
  correct: '信息有误：以更正后的内容生成新版本（经归集校验，公示期重新计算），原版本留档。',
  revoke: '信息不应存在：记录标记为已撤销，自今日起停止公示，不再触发联合惩戒措施。',
  uphold: '信息无误：维持原记录，异议标注解除，相关措施恢复执行。',
};

export const FEEDBACK_LABEL: Record<string, string> = { applied: '已实施', not_applied: '未实施', not_applicable: '不适用' };

export const FILED_VIA_LABEL: Record<'portal' | 'staff', string> = { portal: '网上申请', staff: '窗口代办' };

// 窗口代办: the identity documents a staff member may record as seen (the API's list), in Chinese
export const IN_PERSON_DOCUMENT_LABEL: Record<InPersonDocument, string> = {
  id_card: '居民身份证',
  passport: '护照',
  residence_permit: '居住证',
  business_license: '营业执照（法定代表人当面办理）',
  authorization_letter: '授权委托书及受托人身份证件',
};

export const PICK_RECORDS = '请勾选申请人有异议的信用记录';

// The window form's body, or the Chinese reason it cannot be sent yet.
export function windowObjectionBody(
  subject: string,
  selected: readonly WindowRecord[],
  v: { document?: InPersonDocument; checked?: boolean; reason?: string; applicantName?: string; contact?: string },
): { body?: { subject: string; records: { category: string; ref: string }[]; reason: string; inPerson: { document: InPersonDocument; checked: true }; applicant?: { name?: string; contact?: string } }; problem?: string } {
  if (selected.length === 0) return { problem: PICK_RECORDS };
  if (selected.length > 20) return { problem: '一次最多对 20 条记录提出异议' };
  const blocked = selected.find((r) => !r.contestable);
  if (blocked) return { problem: `记录“${blocked.ref}”${blocked.openObjection ? '已有正在处理的异议' : '已撤销或已修复'}，不能再提出异议` };
  if (!v.document) return { problem: '请选择申请人当面出示的身份证件' };
  if (v.checked !== true) return { problem: '请确认已当面核验申请人的身份证件' };
  const reason = (v.reason ?? '').trim();
  if (!reason) return { problem: '请填写异议理由' };
  const name = (v.applicantName ?? '').trim();
  const contact = (v.contact ?? '').trim();
  return {
    body: {
      subject: subject.trim(),
      records: selected.map((r) => ({ category: r.category, ref: r.ref })),
      reason,
      inPerson: { document: v.document, checked: true },
      ...(name || contact ? { applicant: { ...(name ? { name } : {}), ...(contact ? { contact } : {}) } } : {}),
    },
  };
}

export type CorrectionRow = { field?: string; value?: string };

export type CorrectionMode = 'fields' | 'resubmitted';

// The body's `fields` for a correction, or the Chinese reason it cannot be sent yet. With mode
// 'resubmitted' no values are sent: the version the department submitted since the filing is
// the correction.
export function correctionFields(mode: CorrectionMode, rows: readonly CorrectionRow[], openItems: number): { fields?: Record<string, string>; problem?: string } {
  if (mode === 'resubmitted') return {};
  const filled = rows.filter((r) => (r.field ?? '').trim() !== '' || (r.value ?? '').trim() !== '');
  if (filled.length === 0) return { problem: '请填写至少一项更正后的内容' };
  const fields: Record<string, string> = {};
  for (const r of filled) {
    const field = (r.field ?? '').trim();
    const value = (r.value ?? '').trim();
    if (!field) return { problem: `请为“${value}”选择要更正的信息项` };
    if (!value) return { problem: `请填写“${field}”更正后的内容` };
    if (field in fields) return { problem: `信息项“${field}”填写了两次` };
    fields[field] = value;
  }
  if (openItems !== 1) return { problem: '填写更正内容时一次只能处理一条记录，请只勾选一条' };
  return { fields };
}

export function countsTotal(rows: readonly DepartmentCounts[]): Omit<DepartmentCounts, 'department'> {
  const sum = (k: keyof Omit<DepartmentCounts, 'department'>) => rows.reduce((n, r) => n + r[k], 0);
  return {
    items: sum('items'),
    open: sum('open'),
    decided: sum('decided'),
    onTime: sum('onTime'),
    late: sum('late'),
    openOverdue: sum('openOverdue'),
    corrected: sum('corrected'),
    revoked: sum('revoked'),
    upheld: sum('upheld'),
  };
}

// Answered in time, of those due by now (answered, or open past the due date).
export function onTimeRate(c: Pick<DepartmentCounts, 'onTime' | 'late' | 'openOverdue'>): string {
  const due = c.onTime + c.late + c.openOverdue;
  return due === 0 ? '—' : `${Math.round((c.onTime / due) * 1000) / 10}%`;
}
