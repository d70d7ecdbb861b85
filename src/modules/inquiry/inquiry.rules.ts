// The staff credit query (部门信用查询): who may open a subject's full credit file, and where a
// subject is. Pure; the one personal-data rule (access/personal-data.rules.ts, rules/personal-data.json)
// decides — this file only applies it to organizations too, whose files are not personal data
// but are still read only in the requester's region, by a role that may read full files, and
// for a stated purpose and matter reference (decisions/0014).
import { findRegion } from '../../kernel/codes/region.ts';
import {
  fullFileRefusal,
  WHOLE,
  type ReadScope,
  matterRefProblem,
  personalDataVerdict,
  purposeProblem,
  requesterRegion,
  subjectInRegion,
  subjectRegionsOf,
  type PersonalDataRule,
  type Refusal,
  type Requester,
} from '../access/personal-data.rules.ts';

// The read the staff query is: the whole credit file, the same content as a full-edition report.
export const FILE_READ = 'full-report' as const;

export type QuerySubject = { kind: 'organization' | 'individual_business' | 'person'; uscc: string | null; regNo: string | null; idMasked: string | null; idType: string | null };

// Where a subject is: for a person, its ID number's address code; for an organization, the
// registration authority's region in its USCC (characters 3–8) or 注册号 (first six digits);
// and for both, the regions of the departments holding its current records. Codes outside
// Hebei are dropped.
export function subjectRegions(s: QuerySubject, recordRegions: readonly string[]): string[] {
  const out = new Set<string>(s.kind === 'person' ? subjectRegionsOf(s.idMasked, s.idType, recordRegions) : recordRegions);
  if (s.kind !== 'person') {
    if (s.uscc && /^[0-9A-Z]{2}\d{6}/.test(s.uscc)) out.add(s.uscc.slice(2, 8));
    else if (s.regNo && /^\d{6}/.test(s.regNo)) out.add(s.regNo.slice(0, 6));
  }
  return [...out].filter((r) => findRegion(r) !== undefined);
}

// subjectRegions: where the subject is (subjectRegions above); recordRegions: the regions of the
// departments holding its records (a person's own region is its ID number's address code alone)
// homeRegions: a person's own region (homeRegionsOf: its ID number's address code; absent: subjectRegions)
export type QueryRequest = {
  purpose: string | null | undefined;
  matterRef: string | null | undefined;
  subjectRegions: readonly string[];
  homeRegions?: readonly string[];
  recordRegions?: readonly string[];
  // the person has authorized the requester's department (scope credit-file, valid today): from
  // the rule's `authorizationOpensRegion` it opens the whole file to a bank or agency out of region
  authorized?: boolean;
};
// scope: the whole file, or a person's records held in the requester's region only
export type QueryVerdict = { ok: true; scope: ReadScope } | { ok: false; refusal: Refusal };

const ROLE_REFUSAL: Refusal = {
  code: 'CREDIT_FILE_FORBIDDEN',
  zh: '您的角色不能查询主体的完整信用档案',
  en: 'Your role may not open a subject’s full credit file',
};

// A person: the personal-data rule as it stands (role, department kinds, second factor, region,
// purpose, matter reference). An organization: the same rule's role list, region, purpose and
// matter reference, in the same order; department kinds and the second factor guard personal
// data only. Department systems are not staff: the query is a work-portal read.
export function queryVerdict(requester: Requester, subjectKind: QuerySubject['kind'], req: QueryRequest, rule: PersonalDataRule): QueryVerdict {
  if (requester.kind !== 'staff') return { ok: false, refusal: ROLE_REFUSAL };
  const providerOnly = fullFileRefusal(requester, rule);
  if (providerOnly) return { ok: false, refusal: providerOnly };
  if (subjectKind === 'person') {
    const v = personalDataVerdict(
      requester,
      { what: FILE_READ, purpose: req.purpose, matterRef: req.matterRef, subjectRegions: req.homeRegions ?? req.subjectRegions, recordRegions: req.recordRegions ?? [], authorized: req.authorized ?? false },
      rule,
    );
    return v.ok ? { ok: true, scope: v.scope } : v;
  }
  if (!(rule.roles[requester.role] ?? []).includes(FILE_READ)) return { ok: false, refusal: ROLE_REFUSAL };
  if (!subjectInRegion(requesterRegion(requester), req.subjectRegions))
    return {
      ok: false,
      refusal: { code: 'CREDIT_FILE_OUT_OF_REGION', zh: '该信用主体不在您的行政区域内，无权查询其完整信用档案', en: 'The subject is outside your region: its full credit file is outside your scope' },
    };
  const purpose = purposeProblem(req.purpose, rule.purpose);
  if (purpose) return { ok: false, refusal: purpose };
  const matter = matterRefProblem(req.matterRef, rule.matterRef);
  if (matter) return { ok: false, refusal: matter };
  return { ok: true, scope: WHOLE };
}

// What the audit trail (and so the subject's access log) says the read was for.
// A read resting on the subject's authorization names it and its purpose, as a report's does.
export function readReason(purpose: string, matterRef: string, authorization?: { id: string; purpose: string } | null): string {
  return `部门信用查询：${purpose.trim()}（事项编号 ${matterRef.trim()}）${authorization ? `（依据主体授权 ${authorization.id}，授权用途：${authorization.purpose}）` : ''}`;
}
