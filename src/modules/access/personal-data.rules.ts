// Who may read a person's non-public credit data, and in what form the request says why
// (rules/personal-data.json). Pure: the caller gathers the requester, where the subject is, and
// the stated purpose and matter reference; no I/O, no clock (the rule in force is passed in).
import type { Effective } from '../../kernel/rules.ts';
import type { Role } from './access.rules.ts';
import { regionContains } from './access.rules.ts';
import { findRegion } from '../../kernel/codes/region.ts';

// full-report: the full edition of a credit report. check-details: the non-public records behind a
// credit check's answer (bad records, records that trigger a measure).
export type PersonalRead = 'full-report' | 'check-details';
export const PERSONAL_READS: readonly PersonalRead[] = ['full-report', 'check-details'];

export type PersonalDataRule = Effective & {
  source: string;
  purpose: { minMeaningfulChars: number; maxChars: number };
  matterRef: { minChars: number; maxChars: number; minDigits: number };
  staffSecondFactor: boolean;
  roles: Record<Role, PersonalRead[]>;
  // kinds not listed read nothing; `authorization`: reads rest on the subject's authorization (授权)
  // `fullFiles: false`: a department of only such kinds (associations) opens no subject's full file,
  // an organization's included: it reads its own records and what its checks answer
  departmentKinds: Record<string, { reads: PersonalRead[]; authorization?: boolean; fullFiles?: boolean }>;
  // A requester outside the region of the person's ID number (not province-level) whose region
  // holds records of the person: `own-records` (the default) reads only the non-public records
  // held by departments of its own region, the rest withheld and counted; `whole-file` (the rule
  // before 2026-12-06) read the whole file — a department could bring anyone into its region by
  // filing one record about them (the re-test of issue 17).
  outOfRegion?: OutOfRegion;
  // `true` (from 2026-12-07): for a requester whose kinds read on authorization (`authorization`),
  // the person's valid authorization to its department covering the read opens the whole file
  // wherever the requester is (征信业管理条例 第十八条: the subject's written consent to a named
  // requester, for a stated scope and period); without one, the region rule above stands.
  // Absent or false (before 2026-12-07): the region rule first, the authorization on top.
  authorizationOpensRegion?: boolean;
};

export type OutOfRegion = 'own-records' | 'whole-file';
export const DEFAULT_OUT_OF_REGION: OutOfRegion = 'own-records';

// What a granted read covers: the whole file, or only the records held by departments of the
// requester's region (region containment: a city contains its counties), with what is public
// today. Recorded in the personal-data.read audit event.
export type ReadScope = { kind: 'whole' } | { kind: 'own-region-records'; region: string };
export const WHOLE: ReadScope = { kind: 'whole' };

export type Requester =
  | { kind: 'staff'; role: Role; regionCode: string; secondFactor: boolean; department: { kinds: readonly string[]; regionCode: string } | null }
  | { kind: 'client'; department: { kinds: readonly string[]; regionCode: string } };

export type ReadRequest = {
  what: PersonalRead;
  purpose: string | null | undefined;
  matterRef: string | null | undefined;
  // where the subject is: the region of its ID number's address code (Hebei codes; others are
  // ignored). A requester in one of them (or province-level) reads the whole file.
  subjectRegions: readonly string[];
  // the regions of the departments that hold its current records: a requester whose region holds
  // one reads what the rule's `outOfRegion` says
  recordRegions?: readonly string[];
  // the person has authorized the requester's department for this read, valid today (looked up
  // by the caller: in force, not revoked, of a scope covering the read); counts only for kinds
  // marked `authorization` and a rule with `authorizationOpensRegion`
  authorized?: boolean;
};

export type Refusal = { code: string; zh: string; en: string };
export type Verdict = { ok: true; authorization: boolean; scope: ReadScope } | { ok: false; refusal: Refusal };

const READ_LABEL: Record<PersonalRead, { zh: string; en: string }> = {
  'full-report': { zh: '完整版信用报告', en: 'the full edition of a credit report' },
  'check-details': { zh: '信用核查中的非公开记录', en: 'the non-public records behind a credit check' },
};

// Letters (any script, so 汉字 count), digits: what a purpose must carry beyond punctuation.
const MEANINGFUL = /[\p{L}\p{N}]/gu;

export function purposeProblem(purpose: string | null | undefined, rule: PersonalDataRule['purpose']): Refusal | null {
  const p = (purpose ?? '').trim();
  if (!p) return { code: 'REASON_REQUIRED', zh: '查询个人非公开信用信息须说明用途', en: 'A read of non-public personal data needs its purpose' };
  if ([...p].length > rule.maxChars)
    return { code: 'PURPOSE_INVALID', zh: `用途不能超过 ${rule.maxChars} 个字符`, en: `The purpose may have at most ${rule.maxChars} characters` };
  const meaningful = p.match(MEANINGFUL)?.length ?? 0;
  if (meaningful < rule.minMeaningfulChars || new Set(p.match(MEANINGFUL) ?? []).size < 2)
    return {
      code: 'PURPOSE_INVALID',
      zh: `用途须具体说明办理的业务（至少 ${rule.minMeaningfulChars} 个汉字、字母或数字），如“个人住房贷款审批”“行政许可审查”`,
      en: `The purpose must say which business it serves (at least ${rule.minMeaningfulChars} letters, characters or digits), e.g. "mortgage approval", "licence review"`,
    };
  return null;
}

export function matterRefProblem(ref: string | null | undefined, rule: PersonalDataRule['matterRef']): Refusal | null {
  const r = (ref ?? '').trim();
  if (!r) return { code: 'MATTER_REF_REQUIRED', zh: '查询个人非公开信用信息须填写事项编号（matterRef）', en: 'A read of non-public personal data needs the matter reference (matterRef)' };
  const n = [...r].length;
  const digits = r.match(/\p{N}/gu)?.length ?? 0;
  const chars = r.match(MEANINGFUL)?.length ?? 0;
  if (n < rule.minChars || n > rule.maxChars || digits < rule.minDigits || chars < rule.minChars || /[\u0000-\u001f\u007f]/.test(r))
    return {
      code: 'MATTER_REF_INVALID',
      zh: `事项编号应为 ${rule.minChars}–${rule.maxChars} 个字符的业务编号（含数字），如“石审批〔2026〕118号”“贷2026-001”`,
      en: `The matter reference is the business's file number, ${rule.minChars}–${rule.maxChars} characters with a digit, e.g. "贷2026-001"`,
    };
  return null;
}

// What the requester's role and department kinds let it read; `authorization` when any of the
// kinds reads only on the subject's authorization.
export function readsOf(requester: Requester, rule: PersonalDataRule): { reads: Set<PersonalRead>; authorization: boolean } {
  const dep = requester.department;
  const byRole = requester.kind === 'staff' ? new Set(rule.roles[requester.role] ?? []) : new Set(PERSONAL_READS);
  if (!dep) return { reads: requester.kind === 'staff' ? byRole : new Set(), authorization: false };
  const byKinds = new Set<PersonalRead>();
  let authorization = false;
  for (const k of dep.kinds) {
    const grant = rule.departmentKinds[k];
    if (!grant) continue;
    for (const r of grant.reads) byKinds.add(r);
    if (grant.authorization) authorization = true;
  }
  return { reads: new Set([...byRole].filter((r) => byKinds.has(r))), authorization };
}

export function requesterRegion(requester: Requester): string {
  return requester.kind === 'staff' ? requester.regionCode : requester.department.regionCode;
}

// In the requester's region: the province reads everywhere; a city or county where the subject is.
export function subjectInRegion(requesterRegionCode: string, subjectRegions: readonly string[]): boolean {
  if (findRegion(requesterRegionCode)?.level === 'province') return true;
  return subjectRegions.some((r) => findRegion(r) !== undefined && regionContains(requesterRegionCode, r));
}

// The one rule for every path that returns a person's non-public data. Checked in this order so a
// refusal names the first thing to fix: may this requester read this at all, second factor,
// region, purpose, matter reference. The subject's authorization (when `authorization`) is checked
// by the caller against the stored grants; from the entry with `authorizationOpensRegion` a valid
// one (`req.authorized`) makes the scope the whole file instead of the region's.
export function personalDataVerdict(requester: Requester, req: ReadRequest, rule: PersonalDataRule): Verdict {
  const label = READ_LABEL[req.what];
  const { reads, authorization } = readsOf(requester, rule);
  if (!reads.has(req.what))
    return {
      ok: false,
      refusal: {
        code: 'PERSONAL_DATA_FORBIDDEN',
        zh: `按职责范围，贵单位（或您的角色）不能查询${label.zh}`,
        en: `Within its responsibilities your department (or role) may not read ${label.en}`,
      },
    };
  if (requester.kind === 'staff' && rule.staffSecondFactor && !requester.secondFactor)
    return {
      ok: false,
      refusal: {
        code: 'SECOND_FACTOR_REQUIRED',
        zh: '查询个人非公开信用信息须以双因素（动态口令）登录，请先启用动态口令并重新登录',
        en: 'Reading non-public personal data needs a sign-in with a second factor (one-time code): enrol TOTP and sign in again',
      },
    };
  // the subject's own authorization of this requester is the stronger basis than the region
  const scope = authorization && req.authorized && rule.authorizationOpensRegion ? WHOLE : readScope(requesterRegion(requester), req.subjectRegions, req.recordRegions ?? [], rule);
  if (!scope)
    return {
      ok: false,
      refusal: { code: 'PERSONAL_DATA_OUT_OF_REGION', zh: '该信息主体不在贵单位的行政区域内，无权查询其非公开信用信息', en: 'The subject is outside your region: its non-public data is outside your scope' },
    };
  const purpose = purposeProblem(req.purpose, rule.purpose);
  if (purpose) return { ok: false, refusal: purpose };
  const matter = matterRefProblem(req.matterRef, rule.matterRef);
  if (matter) return { ok: false, refusal: matter };
  return { ok: true, authorization, scope };
}

// The scope of a read by region: the whole file for a province-level requester or one in the
// region of the person's ID number; for one whose region only holds records of the person, what
// the rule's `outOfRegion` says; null (refused) for anyone else.
export function readScope(requesterRegionCode: string, homeRegions: readonly string[], recordRegions: readonly string[], rule: Pick<PersonalDataRule, 'outOfRegion'>): ReadScope | null {
  if (subjectInRegion(requesterRegionCode, homeRegions)) return WHOLE;
  if (!subjectInRegion(requesterRegionCode, recordRegions)) return null;
  return (rule.outOfRegion ?? DEFAULT_OUT_OF_REGION) === 'whole-file' ? WHOLE : { kind: 'own-region-records', region: requesterRegionCode };
}

// Whether a record is in a read's scope: the whole file, or a record held by a department of the
// requester's region, or one public today (anyone may see it on the public site).
export function inReadScope(scope: ReadScope, record: { holderRegion: string | null | undefined; publicToday?: boolean }): boolean {
  if (scope.kind === 'whole' || record.publicToday) return true;
  return record.holderRegion != null && regionContains(scope.region, record.holderRegion);
}

// Splits records by a read's scope: those shown and how many are withheld.
export function applyReadScope<T>(scope: ReadScope, records: readonly T[], where: (r: T) => { holderRegion: string | null | undefined; publicToday?: boolean }): { shown: T[]; withheld: number } {
  const shown = records.filter((r) => inReadScope(scope, where(r)));
  return { shown, withheld: records.length - shown.length };
}

// Whether a partial scope still covers every record (all held in the requester's region): then
// what rests on the whole file (a person's grade, 诚信积分) rests only on what the reader may see.
export function scopeCoversAll(scope: ReadScope, recordRegions: readonly string[]): boolean {
  return scope.kind === 'whole' || recordRegions.every((r) => regionContains(scope.region, r));
}

// What a personal-data.read event records of a read's scope: whole or own-region-records, the
// region, how many records were shown and how many withheld.
export function scopeDetail(scope: ReadScope, shown: number, withheld: number): Record<string, unknown> {
  return { scope: scope.kind, ...(scope.kind === 'own-region-records' ? { scopeRegion: scope.region } : {}), shownRecords: shown, withheldRecords: withheld };
}


// Where a person is: the address code of the ID number (first six digits of 居民身份证 numbers,
// kept in the masked number) and the regions of departments that hold its records.
export function subjectRegionsOf(maskedId: string | null, idType: string | null, recordRegions: readonly string[]): string[] {
  return [...new Set([...recordRegions, ...homeRegionsOf(maskedId, idType)])];
}

// The person's own region: the address code of the ID number only (a 居民身份证 number).
export function homeRegionsOf(maskedId: string | null, idType: string | null): string[] {
  return maskedId && (idType === null || idType === 'id_card') && /^\d{6}/.test(maskedId) ? [maskedId.slice(0, 6)] : [];
}

// A department whose every kind says `fullFiles: false` (an association: a provider of its own
// members' records) opens no full credit file — of a person or of an organization, which would
// show other providers' non-public records; its checks answer what it needs.
export function fullFileRefusal(requester: Requester, rule: PersonalDataRule): Refusal | null {
  const kinds = requester.department?.kinds ?? [];
  if (kinds.length === 0 || !kinds.every((k) => rule.departmentKinds[k]?.fullFiles === false)) return null;
  return {
    code: 'CREDIT_FILE_PROVIDER_ONLY',
    zh: '行业协会商会等部门只能查看本部门报送的信息和信用核查的答复，不能查询主体的完整信用档案',
    en: 'An association (and departments like it) sees only the records it provided and what its credit checks answer, not a subject’s full credit file',
  };
}
