// Pure rules of 主动申报 (self-declared information): what may be declared, by whom, what a flag of
// falsehood needs. No I/O, no clock.
import { compareDates, isValidDate, type DateStr } from '../../kernel/dates.ts';

export type DeclarationKind = 'qualification' | 'honour' | 'certification' | 'social-responsibility' | 'commitment';
export const DECLARATION_KINDS: readonly DeclarationKind[] = ['qualification', 'honour', 'certification', 'social-responsibility', 'commitment'];
// the false-declaration record's 申报类型 (catalog/false-declaration.json)
export const KIND_NAMES: Record<DeclarationKind, string> = { qualification: '资质', honour: '荣誉', certification: '认证', 'social-responsibility': '社会责任报告', commitment: '主动承诺' };
export const SOURCE_LABEL = '自主申报';
// a false declaration is a 一般 record: the subject misled the public about itself
export const FALSE_SEVERITY = '一般';

export type Problem = { field: string; code: string; zh: string; en: string };

export function declarationProblems(i: { kind?: string; title?: string; content?: string; validUntil?: string }, today: DateStr): Problem[] {
  const out: Problem[] = [];
  if (!DECLARATION_KINDS.includes(i.kind as DeclarationKind))
    out.push({ field: 'kind', code: 'DECLARATION_KIND_UNKNOWN', zh: `申报类型 ${i.kind ?? '（空）'} 无效，应为 ${DECLARATION_KINDS.join('、')}`, en: `Unknown declaration kind ${i.kind ?? '(empty)'}; expected ${DECLARATION_KINDS.join(', ')}` });
  if (!i.title?.trim()) out.push({ field: 'title', code: 'DECLARATION_TITLE_MISSING', zh: '请填写申报名称', en: 'Give the title of what is declared' });
  if (!i.content?.trim()) out.push({ field: 'content', code: 'DECLARATION_CONTENT_MISSING', zh: '请填写申报内容', en: 'Give the content of the declaration' });
  if (i.validUntil !== undefined) {
    if (!isValidDate(i.validUntil)) out.push({ field: 'validUntil', code: 'DATE_INVALID', zh: `有效期至应为 YYYY-MM-DD：${i.validUntil}`, en: `validUntil must be YYYY-MM-DD: ${i.validUntil}` });
    else if (compareDates(i.validUntil, today) < 0)
      out.push({ field: 'validUntil', code: 'DECLARATION_EXPIRED', zh: `有效期至 ${i.validUntil} 已过，不能申报已失效的信息`, en: `validUntil ${i.validUntil} has passed; an expired item cannot be declared` });
  }
  return out;
}

// Only market entities declare (issue 13: "a company"); a person's page is not public.
export const mayDeclare = (subjectKind: string) => subjectKind === 'organization' || subjectKind === 'individual_business';
