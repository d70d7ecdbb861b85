// Subject authorizations: granted and revoked by the subject after the public-portal identity
// check; required of agency and bank requesters before they read a person's non-public data.
import type { Platform } from '../../platform.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { DomainError, badRequest, forbidden, notFound } from '../../kernel/errors.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { Subject } from '../subjects/subjects.store.ts';
import { findDepartmentByUscc, type Department } from '../access/departments.store.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import type { VerifiedSubject } from '../rights/identity.service.ts';
import { authorizationRequired, defaultValidUntil, grantProblem, useProblem, type AuthorizationScope } from './authorizations.rules.ts';
import * as store from './authorizations.store.ts';

export type AuthorizationStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

export type AuthorizationView = {
  id: string;
  requester: { name: string; uscc: string };
  scope: AuthorizationScope;
  purpose: string;
  validFrom: DateStr;
  validUntil: DateStr;
  grantedAt: string;
  revokedAt: string | null;
  status: AuthorizationStatus;
};

function statusOf(a: store.StoredAuthorization, today: DateStr): AuthorizationStatus {
  if (a.revokedAt) return 'revoked';
  if (today < a.validFrom) return 'not-yet-valid';
  if (today > a.validUntil) return 'expired';
  return 'valid';
}

const view = (a: store.StoredAuthorization, today: DateStr): AuthorizationView => ({
  id: a.id,
  requester: { name: a.requesterName, uscc: a.requesterUscc },
  scope: a.scope,
  purpose: a.purpose,
  validFrom: a.validFrom,
  validUntil: a.validUntil,
  grantedAt: new Date(a.grantedAt).toISOString(),
  revokedAt: a.revokedAt ? new Date(a.revokedAt).toISOString() : null,
  status: statusOf(a, today),
});

function subjectOf(v: VerifiedSubject): Subject {
  if (!v.subject) throw notFound('SUBJECT_NOT_ON_PLATFORM', '平台没有归集您的信用记录', 'The platform holds no record of you');
  return v.subject;
}

export type GrantRequest = { requester: string; scope: string; purpose: string; validFrom?: DateStr; validUntil?: DateStr };

export async function grantAuthorization(p: Platform, v: VerifiedSubject, input: GrantRequest): Promise<AuthorizationView> {
  const subject = subjectOf(v);
  const today = p.today();
  const validFrom = input.validFrom ?? today;
  const validUntil = input.validUntil ?? defaultValidUntil(validFrom);
  const problem = grantProblem({ scope: input.scope, purpose: input.purpose, validFrom, validUntil }, today);
  if (problem) throw badRequest(problem.code, problem.zh, problem.en);
  const check = checkUscc(input.requester);
  const requester = await findDepartmentByUscc(p.db, check.ok ? check.value : input.requester.trim());
  if (!requester) throw notFound('REQUESTER_NOT_FOUND', `平台没有登记统一社会信用代码为 ${input.requester} 的查询机构`, `No requester with USCC ${input.requester} is registered on the platform`);
  const scope = input.scope as AuthorizationScope;
  const id = await p.db.tx(async (tx) => {
    const id = await store.insertAuthorization(tx, { subjectId: subject.id, requesterDepartmentId: requester.id, scope, purpose: input.purpose.trim(), validFrom, validUntil, grantedAt: p.now(), sessionId: v.sessionId });
    await writeAudit(tx, v.actor, 'authorization.grant', `subject-authorization:${id}`, { subject: subject.publicId, requester: requester.uscc, scope, purpose: input.purpose.trim(), validFrom, validUntil }, { ip: v.actor.ip });
    return id;
  });
  return view((await store.findAuthorization(p.db, id))!, today);
}

export async function listAuthorizations(p: Platform, v: VerifiedSubject): Promise<AuthorizationView[]> {
  if (!v.subject) return [];
  const today = p.today();
  return (await store.authorizationsOf(p.db, v.subject.id)).map((a) => view(a, today));
}

export async function revokeAuthorization(p: Platform, v: VerifiedSubject, id: string): Promise<AuthorizationView> {
  const subject = subjectOf(v);
  const a = await store.findAuthorization(p.db, id);
  // another subject's authorization answers as absent: ids reveal nothing
  if (!a || a.subjectId !== subject.id) throw notFound('AUTHORIZATION_NOT_FOUND', '没有这项授权', 'No such authorization');
  if (a.revokedAt) throw new DomainError(409, 'AUTHORIZATION_ALREADY_REVOKED', '该授权已撤销', 'The authorization is already revoked');
  await p.db.tx(async (tx) => {
    await store.revokeAuthorization(tx, a.id, p.now());
    await writeAudit(tx, v.actor, 'authorization.revoke', `subject-authorization:${a.id}`, { subject: subject.publicId, requester: a.requesterUscc, scope: a.scope }, { ip: v.actor.ip });
  });
  return view((await store.findAuthorization(p.db, a.id))!, p.today());
}

export type UsedAuthorization = { id: string; purpose: string; validUntil: DateStr };

// The authorization a requester's query of a person's non-public data rests on: null when the
// requester is not of an agency/bank kind or the subject is not a person; otherwise the named
// authorization (or the subject's valid one to this requester for this scope), or a 403.
export type AuthorizationUse = { subject: Subject; requester: Department | null; scope: AuthorizationScope; authorizationId?: string };

export async function authorizationForUse(p: Platform, use: AuthorizationUse): Promise<UsedAuthorization | null> {
  const found = await findAuthorizationForUse(p, use);
  if (found === 'not-needed') return null;
  if ('problem' in found) throw forbidden(found.problem.code, found.problem.zh, found.problem.en);
  return found;
}

// As authorizationForUse, never refusing: the authorization the read may rest on, or null (none
// needed, or none valid). From the personal-data rule's entry with `authorizationOpensRegion` a
// valid one opens the person's whole file out of region (docs/decisions/0053): the region rule is
// asked with its answer before authorizationForUse names what is missing.
export async function authorizationCovering(p: Platform, use: AuthorizationUse): Promise<UsedAuthorization | null> {
  const found = await findAuthorizationForUse(p, use);
  return found === 'not-needed' || 'problem' in found ? null : found;
}

async function findAuthorizationForUse(p: Platform, use: AuthorizationUse): Promise<UsedAuthorization | 'not-needed' | { problem: { code: string; zh: string; en: string } }> {
  if (use.subject.kind !== 'person' || !use.requester || !authorizationRequired(use.requester.kinds)) return 'not-needed';
  const today = p.today();
  const terms = { subjectId: Number(use.subject.id), requesterDepartmentId: Number(use.requester.id), scope: use.scope };
  if (use.authorizationId) {
    const a = await store.findAuthorization(p.db, use.authorizationId.trim());
    if (!a) return { problem: { code: 'AUTHORIZATION_NOT_FOUND', zh: '没有这项主体授权', en: 'No such subject authorization' } };
    const problem = useProblem(a, terms, today);
    if (problem) return { problem };
    return { id: a.id, purpose: a.purpose, validUntil: a.validUntil };
  }
  for (const a of await store.candidateAuthorizations(p.db, use.subject.id, use.requester.id, use.scope))
    if (!useProblem(a, terms, today)) return { id: a.id, purpose: a.purpose, validUntil: a.validUntil };
  return {
    problem: {
      code: 'AUTHORIZATION_REQUIRED',
      zh: '金融机构、征信机构查询个人非公开信用信息须取得信息主体的有效授权（授权须在有效期内、未撤销且范围相符）',
      en: 'Agencies and banks need a valid authorization of the subject (within its validity, not revoked, of the right scope) to read a person’s non-public data',
    },
  };
}

// The subject's authorization to this requester valid today for one of these scopes, if any
// (credit checks: the non-public records behind an answer rest on a credit-file or full-report grant).
export async function validAuthorization(p: Platform, subjectId: number, requesterDepartmentId: number, scopes: readonly AuthorizationScope[]): Promise<UsedAuthorization | null> {
  const today = p.today();
  for (const scope of scopes)
    for (const a of await store.candidateAuthorizations(p.db, subjectId, requesterDepartmentId, scope))
      if (!useProblem(a, { subjectId: Number(subjectId), requesterDepartmentId: Number(requesterDepartmentId), scope }, today)) return { id: a.id, purpose: a.purpose, validUntil: a.validUntil };
  return null;
}
