// Chinese labels and display helpers shared by the portals. Pure: no React, no antd.
import type { DateStr, RecordCategory, Severity, SubjectKind } from './api.ts';

export const SUBJECT_KIND_LABEL: Record<SubjectKind, string> = {
  organization: '法人及非法人组织',
  individual_business: '个体工商户',
  person: '自然人',
};

export const SUBJECT_KIND_COLOR: Record<SubjectKind, string> = {
  organization: 'blue',
  individual_business: 'cyan',
  person: 'purple',
};

export const CATEGORY_LABEL: Record<RecordCategory, string> = {
  license: '行政许可',
  penalty: '行政处罚',
};

export const CATEGORY_COLOR: Record<RecordCategory, string> = {
  license: 'green',
  penalty: 'volcano',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  serious: '严重',
  general: '一般',
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  serious: 'red',
  general: 'orange',
};

// Which code the API handed back: an 18-character USCC or a 15-digit 工商注册号.
export function codeLabel(code: string | null): string {
  if (code === null) return '证件号码';
  if (/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return '统一社会信用代码';
  if (/^\d{15}$/.test(code)) return '注册号';
  return '代码';
}

export function subjectIdentifier(subject: { code: string | null; maskedId: string | null }): string {
  return subject.code ?? subject.maskedId ?? '—';
}

export function publicationPeriod(from: DateStr, until: DateStr | null): string {
  return until === null ? `${from} 起` : `${from} 至 ${until}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

// "数据截至 2026-12-06 11:34:05" from an instant: Beijing time (UTC+8, no daylight saving), to the
// second, whatever the browser's time zone. null for a value that is not an instant.
export function formatDataAsOf(asOf: string): string | null {
  const ms = Date.parse(asOf);
  if (Number.isNaN(ms)) return null;
  return `数据截至 ${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}`;
}
