// The personal-data rule (personal-data.rules.ts) applied to a request: who is asking (from the
// principal), where the subject is (its ID number's region and the regions of the departments that
// hold its records), and the rule in force today. Every path that returns a person's non-public
// data calls this: full reports, credit checks (their non-public records), stored checks.
import type { Platform } from '../../platform.ts';
import { badRequest, DomainError, forbidden } from '../../kernel/errors.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import type { Principal } from './auth.ts';
import { findDepartmentById, listDepartments } from './departments.store.ts';
import { ROLE_LABELS, type Role } from './access.rules.ts';
import { regionLabel } from '../../kernel/codes/region.ts';
import { fullFileRefusal, homeRegionsOf, personalDataVerdict, readsOf, WHOLE, type PersonalDataRule, type PersonalRead, type ReadScope, type Refusal, type Requester } from './personal-data.rules.ts';

export type { ReadScope } from './personal-data.rules.ts';

// The subject as these functions need it (subjects.store's Subject fits).
// recordRegions: regions of the departments holding current records about the subject (from
// collection's records store; access cannot read the record table itself).
export type PersonRef = { id: number; kind: string; idMasked: string | null; idType: string | null; recordRegions: readonly string[] };

let rules: PersonalDataRule[] | undefined;
export function personalDataRule(today: string): PersonalDataRule {
  rules ??= loadRuleFile<PersonalDataRule>('personal-data');
  return ruleInForce(rules, today);
}

// Staff with their department (if any), or a department client; null for anyone else.
export async function requesterOf(p: Platform, who: Principal): Promise<Requester | null> {
  if (who.kind === 'client') return { kind: 'client', department: who.client.department };
  if (who.kind !== 'staff') return null;
  const dep = who.departmentId !== null ? await findDepartmentById(p.db, who.departmentId) : undefined;
  // a department role whose department is gone reads nothing
  if (who.departmentId !== null && !dep) return null;
  return { kind: 'staff', role: who.role, regionCode: who.regionCode, secondFactor: who.user.totpEnabled, department: dep ?? null };
}

// authorized: looks up whether the person has authorized the requester's department for this
// read, valid today (the caller's lookup: access cannot read authorizations); asked only of a
// requester whose kinds read on authorization, under a rule where that opens the region
export type PersonalReadInput = { what: PersonalRead; purpose: string | null | undefined; matterRef: string | null | undefined; authorized?: () => Promise<boolean> };
// scope: the whole file, or (a requester outside the person's own region whose region holds
// records of the person) only the records held in its region (personal-data.rules.ts readScope)
export type PersonalReadVerdict = { ok: true; authorization: boolean; scope: ReadScope } | { ok: false; refusal: Refusal };

// The verdict for a read of a person's non-public data; organizations' data is not personal data
// (ok, no authorization).
export async function personalReadVerdict(p: Platform, who: Principal, subject: PersonRef, input: PersonalReadInput): Promise<PersonalReadVerdict> {
  if (subject.kind !== 'person') {
    // an organization's full file: not for a provider-only department (an association)
    if (input.what === 'full-report') {
      const requester = await requesterOf(p, who);
      const refusal = requester ? fullFileRefusal(requester, personalDataRule(p.today())) : null;
      if (refusal) return { ok: false, refusal };
    }
    return { ok: true, authorization: false, scope: WHOLE };
  }
  const requester = await requesterOf(p, who);
  if (!requester)
    return { ok: false, refusal: { code: 'PERSONAL_DATA_FORBIDDEN', zh: '无权查询个人非公开信用信息', en: 'You may not read non-public personal data' } };
  const rule = personalDataRule(p.today());
  const authorized = input.authorized && rule.authorizationOpensRegion && readsOf(requester, rule).authorization ? await input.authorized() : false;
  return personalDataVerdict(
    requester,
    { what: input.what, purpose: input.purpose, matterRef: input.matterRef, subjectRegions: homeRegionsOf(subject.idMasked, subject.idType), recordRegions: subject.recordRegions, authorized },
    rule,
  );
}

const BAD_INPUT = new Set(['REASON_REQUIRED', 'PURPOSE_INVALID', 'MATTER_REF_REQUIRED', 'MATTER_REF_INVALID']);

export function refusalError(r: Refusal): DomainError {
  // a missing or malformed purpose or matter reference is bad input (400); the rest is scope (403)
  return BAD_INPUT.has(r.code) ? badRequest(r.code, r.zh, r.en) : forbidden(r.code, r.zh, r.en);
}

// As personalReadVerdict, refusing with a DomainError; answers whether the subject's
// authorization must also be checked.
export async function assertPersonalRead(p: Platform, who: Principal, subject: PersonRef, input: PersonalReadInput): Promise<{ authorization: boolean; scope: ReadScope }> {
  const v = await personalReadVerdict(p, who, subject, input);
  if (!v.ok) throw refusalError(v.refusal);
  return { authorization: v.authorization, scope: v.scope };
}

// The region of each department, for applying a read's scope to records by their holder.
export async function departmentRegions(p: Platform): Promise<Map<number, string>> {
  return new Map((await listDepartments(p.db)).map((d) => [d.id, d.regionCode]));
}

// How a reader appears in a subject's access log: the department and the role, never a sign-in
// name or key id (a citizen knows departments, not user names). Audit actor ids as written by
// actorOf (auth.ts): `staff:<user name>`, `api-client:<key id>`.
export type ReaderLabel = { by: string; organization: string | null };

export async function readerLabel(p: Platform, actorId: string): Promise<ReaderLabel> {
  if (actorId.startsWith('staff:')) {
    const row = await p.db.one<{ role: Role; department: string | null; regionCode: string }>(
      `SELECT u.role, d.name AS department, u.region_code AS "regionCode" FROM staff_user u LEFT JOIN department d ON d.id = u.department_id WHERE u.username = $1`,
      [actorId.slice('staff:'.length)],
    );
    if (!row) return { by: '平台工作人员 platform staff', organization: null };
    const role = ROLE_LABELS[row.role];
    // staff without a department act for the platform's operator in their region
    const organization = row.department ?? `${regionLabel(row.regionCode)} 信用信息平台`;
    return { by: `${organization}（${role.zh} ${role.en}）`, organization };
  }
  if (actorId.startsWith('api-client:')) {
    const keyId = actorId.slice('api-client:'.length).split('.')[0]!;
    const row = await p.db.one<{ department: string }>(`SELECT d.name AS department FROM api_client c JOIN department d ON d.id = c.department_id WHERE c.key_id = $1`, [keyId]);
    const organization = row?.department ?? null;
    return { by: `${organization ?? '部门'}（业务系统 department system）`, organization };
  }
  if (actorId.startsWith('cli:') || actorId === 'system') return { by: '平台运维 platform operations', organization: null };
  if (actorId.startsWith('report-holder:')) return { by: '持有报告编号和验证码者 holder of the report’s number and code', organization: null };
  return { by: actorId.startsWith('subject:') ? '本人 the subject' : '其他 other', organization: null };
}

// A provider-only department (every kind `fullFiles: false`: an association) reads only what it
// provided and what its checks answer (fullFileRefusal).
export function isProviderOnlyDepartment(p: Platform, department: { kinds: readonly string[]; regionCode: string }): boolean {
  return fullFileRefusal({ kind: 'client', department }, personalDataRule(p.today())) !== null;
}
