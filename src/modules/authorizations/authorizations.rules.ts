// Subject authorizations (授权): which requesters need one, whether a grant is well formed, and
// whether an authorization covers a query on a given day. Pure; `today` is a parameter.
import { addYears, compareDates, isValidDate, type DateStr } from '../../kernel/dates.ts';

export type AuthorizationScope = 'full-report' | 'credit-file';
export const AUTHORIZATION_SCOPES: readonly AuthorizationScope[] = ['full-report', 'credit-file'];

// Department kinds (department.kinds) of agencies and banks: their queries of a person's
// non-public data need the subject's recorded authorization.
export const AUTHORIZATION_REQUIRED_KINDS: readonly string[] = ['financial-institution', 'bank', 'credit-agency'];

// The longest validity a subject may grant at once.
export const MAX_VALIDITY_YEARS = 1;

export function authorizationRequired(departmentKinds: readonly string[]): boolean {
  return departmentKinds.some((k) => AUTHORIZATION_REQUIRED_KINDS.includes(k));
}

export type Problem = { code: string; zh: string; en: string };

export type GrantInput = { scope: string; purpose: string; validFrom: DateStr; validUntil: DateStr };

export function grantProblem(g: GrantInput, today: DateStr): Problem | null {
  if (!(AUTHORIZATION_SCOPES as readonly string[]).includes(g.scope))
    return { code: 'AUTHORIZATION_SCOPE_UNKNOWN', zh: `未知授权范围 ${g.scope}`, en: `Unknown authorization scope ${g.scope}` };
  if (!g.purpose.trim()) return { code: 'AUTHORIZATION_PURPOSE_REQUIRED', zh: '请填写授权用途', en: 'State the purpose of the authorization' };
  if (!isValidDate(g.validFrom) || !isValidDate(g.validUntil))
    return { code: 'AUTHORIZATION_DATES_INVALID', zh: '授权起止日期格式错误', en: 'The validity dates are malformed' };
  if (compareDates(g.validFrom, today) < 0) return { code: 'AUTHORIZATION_DATES_INVALID', zh: '授权起始日期不能早于今天', en: 'The authorization cannot start before today' };
  if (compareDates(g.validUntil, g.validFrom) < 0)
    return { code: 'AUTHORIZATION_DATES_INVALID', zh: '授权截止日期不能早于起始日期', en: 'The authorization cannot end before it starts' };
  if (compareDates(g.validUntil, addYears(g.validFrom, MAX_VALIDITY_YEARS)) > 0)
    return { code: 'AUTHORIZATION_TOO_LONG', zh: `单次授权有效期不超过 ${MAX_VALIDITY_YEARS} 年`, en: `An authorization is valid for at most ${MAX_VALIDITY_YEARS} year(s)` };
  return null;
}

export type AuthorizationTerms = {
  subjectId: number;
  requesterDepartmentId: number;
  scope: AuthorizationScope;
  validFrom: DateStr;
  validUntil: DateStr;
  revokedAt: Date | null;
};

export type Use = { subjectId: number; requesterDepartmentId: number; scope: AuthorizationScope };

// Why an authorization does not cover this use today; null when it does. Valid on validFrom and
// on validUntil (inclusive), not the day after.
export function useProblem(a: AuthorizationTerms, use: Use, today: DateStr): Problem | null {
  if (a.subjectId !== use.subjectId || a.requesterDepartmentId !== use.requesterDepartmentId)
    return { code: 'AUTHORIZATION_NOT_YOURS', zh: '该授权不是该主体授予贵单位的', en: 'This authorization was not granted to your department by this subject' };
  if (a.scope !== use.scope) return { code: 'AUTHORIZATION_SCOPE', zh: `该授权的范围是 ${a.scope}，不含 ${use.scope}`, en: `The authorization covers ${a.scope}, not ${use.scope}` };
  if (a.revokedAt) return { code: 'AUTHORIZATION_REVOKED', zh: '主体已撤销该授权', en: 'The subject has revoked this authorization' };
  if (compareDates(today, a.validFrom) < 0) return { code: 'AUTHORIZATION_NOT_YET_VALID', zh: `该授权自 ${a.validFrom} 起有效`, en: `The authorization is valid from ${a.validFrom}` };
  if (compareDates(today, a.validUntil) > 0) return { code: 'AUTHORIZATION_EXPIRED', zh: `该授权已于 ${a.validUntil} 到期`, en: `The authorization expired after ${a.validUntil}` };
  return null;
}

export function defaultValidUntil(validFrom: DateStr): DateStr {
  // a grant without an end date runs for the maximum
  return addYears(validFrom, MAX_VALIDITY_YEARS);
}
