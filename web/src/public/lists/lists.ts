// Pure display rules of the public red and black list pages. No React, no antd.
import type { ExitNotice, ListKind, ListSubject, PublicListInfo } from './listsApi.ts';

export const LIST_KIND_LABEL: Record<ListKind, string> = { red: '红名单', black: '黑名单' };
export const LIST_KIND_COLOR: Record<ListKind, string> = { red: 'green', black: 'red' };

export const EXIT_KIND_LABEL: Record<ExitNotice['kind'], string> = {
  exit: '移出名单',
  repair: '信用修复',
  'term-end': '期满移出',
};

// The code a page shows for a subject: an organization's USCC, a person's masked number.
export function subjectCode(s: ListSubject): string {
  return s.code ?? s.maskedId ?? '—';
}

export function termText(list: Pick<PublicListInfo, 'termMonths'>): string {
  if (list.termMonths === null || list.termMonths === undefined) return '无固定期限，至移出名单';
  if (list.termMonths % 12 === 0) return `${list.termMonths / 12} 年`;
  return `${list.termMonths} 个月`;
}

export function untilText(validUntil: string | null): string {
  return validUntil ?? '至移出名单';
}

// What the search box accepts, and why a short name finds only names starting with it.
export const LIST_SEARCH_PLACEHOLDER = '输入名称、统一社会信用代码、身份证号码或文书号（案号）';
