// HTTP API of subject rights. Public portal (anonymous, rate-limited; the subject's own data
// behind an identity check: header X-Xy-Subject-Token): identity check, own credit file and
// access log, objections, repair eligibility and applications, published repair results, repair
// notices of public records. Work portal and department systems: file on a subject's behalf,
// the department's queues, decisions, evidence, counts, repair notices.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { auditRead } from '../../kernel/audit.ts';
import { decodeOpaque } from '../../kernel/opaque-id.ts';
import { addMonths } from '../../kernel/dates.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { badRequest, forbidden, notFound } from '../../kernel/errors.ts';
import { actorOf, departmentInScope, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment, mayReadDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import { errorResponses, errorSchema, pageQuery } from '../../kernel/http-schemas.ts';
import { findSubjectByCode, type Subject } from '../subjects/subjects.store.ts';
import { SUBJECT_TOKEN_HEADER, hasRecordFrom, registerContact, startChallenge, summarize, verifiedSubject, verifyChallenge, type VerifiedSubject } from './identity.service.ts';
import { beginOidc, completeOidc, oidcAvailable } from './identity-oidc.service.ts';
import { beginCertificate, certificateAvailable, completeCertificate, type CertificateProof } from './identity-certificate.service.ts';
import { rightsChannels } from './rights.channels.ts';
import { decideObjection, fileObjection, getObjection, listObjections, windowRecords, type DecideInput, type FileInput, type Filer } from './objections.service.ts';
import { applyRepair, checkEligibility, decideRepair, getRepair, listRepairs, publishedResults, repairNoticeFor, type ApplyInput, type RepairDecision } from './repair.service.ts';
import { accessLog, ownCreditFile } from './own-file.service.ts';
import { EVIDENCE_CSP, evidenceDownloadName } from './evidence-type.rules.ts';
import { openEvidence } from './rights.service.ts';
import { countsByDepartment } from './objections.store.ts';
import { evidenceOf } from './rights.store.ts';
import * as s from './rights.schemas.ts';

const PUBLIC: RoutePolicy = { allow: ['public'] };
// filing for a subject at a service counter (窗口代办): staff, or the department's own system
const FILERS: RoutePolicy = { allow: ['client:collect', 'operator', 'platform_admin', 'department_clerk', 'department_admin'], scope: 'department' };
// an objection on someone's behalf suspends measures: only staff who saw the applicant's ID in person
const COUNTER: RoutePolicy = { allow: ['operator', 'platform_admin', 'department_clerk', 'department_admin'], scope: 'department' };
// a department puts on file a contact from its own records, for subjects it holds records of
const CONTACT_KEEPERS: RoutePolicy = { allow: ['client:collect', 'department_clerk', 'department_admin'], scope: 'department' };
// the queues: the providing department (its system and staff) and the region's operators and auditors
const READERS: RoutePolicy = { allow: ['client:collect', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'], scope: 'department' };
// only the department whose record it is answers
const DECIDERS: RoutePolicy = { allow: ['client:collect', 'department_clerk', 'department_admin'], scope: 'department' };
const COUNTERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor', 'department_admin'], scope: 'department' };

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const subjectSecurity = [{ subjectToken: [] }];
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const evidenceParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } }, required: ['id', 'sha256'] } as const;
const EVIDENCE_BODY = 16 << 20;

function subjectOf(v: VerifiedSubject): Subject {
  if (!v.subject) throw notFound('SUBJECT_NOT_ON_PLATFORM', '平台没有归集您的信用记录', 'The platform holds no record of you');
  return v.subject;
}

async function subjectByCode(p: Platform, code: string): Promise<Subject> {
  const subject = await findSubjectByCode(p.db, code, p.crypto);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', `平台没有主体 ${code} 的信用记录`, `The platform holds no record of subject ${code}`);
  return subject;
}

// Staff reading about a person: their non-public data, audited with what the job is.
async function auditPersons(p: Platform, req: FastifyRequest, subjects: readonly { kind: string; id: string }[], what: string, why: string): Promise<void> {
  const persons = [...new Set(subjects.filter((x) => x.kind === 'person').map((x) => x.id))];
  if (persons.length === 0) return;
  await p.db.tx(async (tx) => {
    for (const id of persons) await auditRead(tx, actorOf(req), what, `subject:${id}`, why);
  });
}

export function rightsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC };
    const strict = { rateLimit: { max: p.config.signInRateLimit.max, timeWindow: p.config.signInRateLimit.windowMs }, policy: PUBLIC };
    const verified = (req: FastifyRequest) => verifiedSubject(p, req.headers[SUBJECT_TOKEN_HEADER] as string | undefined, req.ip);
    const staffFiler = (req: FastifyRequest, inPerson?: { document: string }): Filer => ({
      actor: actorOf(req),
      via: 'staff',
      sessionId: null,
      mayFile: (r) => departmentInScope(req.principal, { id: r.departmentId, regionCode: r.departmentRegion }),
      ...(inPerson ? { inPerson: { document: inPerson.document, checkedBy: actorOf(req).id } } : {}),
    });

    // ---- identity check -------------------------------------------------------------------------

    app.get(
      '/public/identity/methods',
      { config: limited, schema: { tags: ['rights'], summary: '身份核验方式 Which ways to prove identity this platform offers', response: { 200: s.identityMethodsSchema } } },
      async () => ({ oidc: oidcAvailable(p), certificate: certificateAvailable(p), otp: rightsChannels(p).otp !== undefined }),
    );

    app.post<{ Body: { code: string; name: string; purpose?: string; channel?: 'mobile' | 'email' } }>(
      '/public/identity/challenges',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '身份核验：向预留联系方式发送验证码 Send a one-time code to the subject’s contact on file',
          description:
            'Code (USCC or ID number) and name of the subject. The code goes only to a contact already on file for that subject (registered by a department, or verified earlier by the identity provider) — never to one typed in — and the answer is the same whether or not code and name match a subject with a contact on file. 6 digits, valid 10 minutes, 5 attempts. Limits: per address (429 to that address only), and per contact and per subject (codes held back silently). Rules: rules/rights.json identity.',
          body: s.challengeRequestSchema,
          response: { 200: s.challengeAnswerSchema, ...errors, 503: errorSchema },
        },
      },
      async (req) => startChallenge(p, req.body, req.ip),
    );

    app.post<{ Body: { challengeId: string; code: string } }>(
      '/public/identity/verify',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '身份核验：提交验证码 Enter the one-time code; answers a subject token',
          body: s.verifyRequestSchema,
          response: { 200: s.verifyAnswerSchema, ...errors },
        },
      },
      async (req) => verifyChallenge(p, req.body, req.ip),
    );

    app.post<{ Body: { purpose?: string; returnTo?: string } }>(
      '/public/identity/oidc/begin',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '统一身份认证：发起登录 Begin a sign-in at the identity provider (OpenID Connect)',
          description: 'Answers the provider’s authorization URL and a binding secret the browser keeps and sends with /complete. The provider sends the browser back to the portal page `returnTo`.',
          body: s.oidcBeginSchema,
          response: { 200: s.oidcBeginAnswerSchema, ...errors, 503: errorSchema },
        },
      },
      async (req) => beginOidc(p, req.body ?? {}, req.ip),
    );

    app.post<{ Body: { callback: string; binding: string } }>(
      '/public/identity/oidc/complete',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '统一身份认证：完成登录 Complete the sign-in; answers a subject token',
          description: 'The real-name verified ID number (persons) or USCC (legal persons) the provider asserts identifies the subject. Verified phone and e-mail claims are put on file for later one-time codes.',
          body: s.oidcCompleteSchema,
          response: { 200: s.verifyAnswerSchema, ...errors, 503: errorSchema },
        },
      },
      async (req) => completeOidc(p, req.body, req.ip),
    );

    app.post<{ Body: { purpose?: string } }>(
      '/public/identity/certificate/challenges',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '企业数字证书：获取待签名原文 A single-use text to sign with the enterprise certificate (SM2)',
          body: s.certificateChallengeSchema,
          response: { 200: s.certificateChallengeAnswerSchema, ...errors, 503: errorSchema },
        },
      },
      async (req) => beginCertificate(p, req.body ?? {}, req.ip),
    );

    app.post<{ Body: CertificateProof }>(
      '/public/identity/certificate/verify',
      {
        config: strict,
        schema: {
          tags: ['rights'],
          summary: '企业数字证书：提交证书和签名 The certificate and its SM2 signature of the text; answers a subject token',
          description: 'The certificate must chain to a CA the platform trusts (XINYONG_CERT_CA_FILE), be valid today, allow signatures, and name a USCC; the signature is SM2 with SM3 (signer id 1234567812345678).',
          body: s.certificateVerifySchema,
          response: { 200: s.verifyAnswerSchema, ...errors, 503: errorSchema },
        },
      },
      async (req) => completeCertificate(p, req.body, req.ip),
    );

    app.post<{ Body: { subject: string; contact: string } }>(
      '/subject-contacts',
      {
        config: { policy: CONTACT_KEEPERS },
        schema: {
          tags: ['rights'],
          summary: '登记主体预留联系方式 Put on file a subject’s contact from the department’s records',
          description: 'One-time codes of the public portal go only to contacts on file. A department registers them for subjects it holds records of; audited; stored encrypted, shown masked.',
          security: [{ departmentClient: [] }],
          body: s.subjectContactRequestSchema,
          response: { 200: s.subjectContactAnswerSchema, ...errors },
        },
      },
      async (req) => {
        const dep = await getActingDepartment(p.db, req.principal, { zh: '只有部门可以登记其记录中的联系方式', en: 'Only a department registers contacts from its own records' });
        const subject = await findSubjectByCode(p.db, req.body.subject, p.crypto);
        // the same answer for a subject the department has no record of as for an unknown one
        if (!subject || !(await hasRecordFrom(p, subject.id, dep.id)))
          throw notFound('SUBJECT_NOT_FOUND', `本部门没有主体 ${req.body.subject} 的记录`, `Your department holds no record of subject ${req.body.subject}`);
        const r = await p.db.tx((tx) => registerContact(p, tx, actorOf(req), subject, req.body.contact, { source: 'department', departmentId: dep.id }));
        return { contact: r.masked, added: r.added };
      },
    );

    // ---- own credit file and access log ---------------------------------------------------------

    app.get(
      '/public/me/credit-file',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '本人信用档案 The subject’s whole credit file (non-public records included)',
          description: 'Every current record with its source, status, publication window, dispute mark, objection and repair results and repair notice; for a person also the organizations’ records that name them. The read is audited.',
          security: subjectSecurity,
          response: { 200: s.ownFileSchema, ...errors },
        },
      },
      async (req) => {
        const v = await verified(req);
        return ownCreditFile(p, v.subject, v.actor);
      },
    );

    app.get(
      '/public/me/access-log',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '查询记录 Who looked: every credit check and every read of the subject’s non-public data',
          security: subjectSecurity,
          response: { 200: s.accessLogSchema, ...errors },
        },
      },
      async (req) => {
        const v = await verified(req);
        return accessLog(p, v.subject, v.actor);
      },
    );

    // ---- objections: the subject ----------------------------------------------------------------

    app.post<{ Body: FileInput }>(
      '/public/objections',
      {
        bodyLimit: EVIDENCE_BODY,
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '提出异议 File an objection against one or more of the subject’s records',
          description:
            'The providing departments are notified at once and answer within 20 working days (persons) or 15 (market entities); meanwhile the records are marked disputed and the measures they trigger are suspended in credit checks. `dueDate` with `provisional` when it depends on a year whose holiday notice is not loaded.',
          security: subjectSecurity,
          body: s.fileObjectionSchema,
          response: { 200: s.objectionSchema, ...errors },
        },
      },
      async (req) => {
        const v = await verified(req);
        return fileObjection(p, subjectOf(v), { actor: v.actor, via: 'portal', sessionId: v.sessionId }, req.body);
      },
    );

    app.get<{ Querystring: { page: number; pageSize: number } }>(
      '/public/objections',
      {
        config: limited,
        schema: { tags: ['rights'], summary: '本人的异议 The subject’s objections and their results', security: subjectSecurity, querystring: { type: 'object', properties: { ...pageQuery } }, response: { 200: s.objectionListSchema, ...errors } },
      },
      async (req) => {
        const v = await verified(req);
        const { page, pageSize } = req.query;
        if (!v.subject) return { items: [], total: 0, page, pageSize };
        return { ...(await listObjections(p, { subjectId: v.subject.id, limit: pageSize, offset: (page - 1) * pageSize }, false)), page, pageSize };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/public/objections/:id',
      { config: limited, schema: { tags: ['rights'], summary: '异议详情 One of the subject’s objections', security: subjectSecurity, params: idParams, response: { 200: s.objectionSchema, ...errors } } },
      async (req) => {
        const v = await verified(req);
        const o = await getObjection(p, req.params.id, { departmentIds: null, staff: false });
        if (!v.subject || o.subject.id !== v.subject.publicId) throw notFound('OBJECTION_NOT_FOUND', `异议 ${req.params.id} 不存在`, `Objection ${req.params.id} not found`);
        return o;
      },
    );

    // ---- repair: the subject --------------------------------------------------------------------

    app.get<{ Querystring: { ref: string; category?: string } }>(
      '/public/repairs/eligibility',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '修复条件 Whether a record may be repaired, from when, and exactly what is missing',
          security: subjectSecurity,
          querystring: { type: 'object', properties: { ref: { type: 'string', minLength: 1, maxLength: 200 }, category: { type: 'string', maxLength: 64 } }, required: ['ref'] },
          response: { 200: s.eligibilitySchema, ...errors },
        },
      },
      async (req) => checkEligibility(p, subjectOf(await verified(req)), req.query),
    );

    app.post<{ Body: ApplyInput }>(
      '/public/repairs',
      {
        bodyLimit: EVIDENCE_BODY,
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '申请信用修复 Apply for credit repair of one record',
          description:
            'Needs the minimum publication period (or list term) passed, evidence that the obligations were fulfilled (evidence files with purpose obligations), and a public commitment. Refused with 409 REPAIR_NOT_ELIGIBLE and details.missing otherwise. The department reviews within 10 working days (dueDate, provisional).',
          security: subjectSecurity,
          body: s.applyRepairSchema,
          response: { 200: s.repairSchema, ...errors },
        },
      },
      async (req) => {
        const v = await verified(req);
        return applyRepair(p, subjectOf(v), { actor: v.actor, via: 'portal', sessionId: v.sessionId }, req.body);
      },
    );

    app.get<{ Querystring: { page: number; pageSize: number } }>(
      '/public/repairs',
      {
        config: limited,
        schema: { tags: ['rights'], summary: '本人的修复申请 The subject’s repair applications', security: subjectSecurity, querystring: { type: 'object', properties: { ...pageQuery } }, response: { 200: s.repairListSchema, ...errors } },
      },
      async (req) => {
        const v = await verified(req);
        const { page, pageSize } = req.query;
        if (!v.subject) return { items: [], total: 0, page, pageSize };
        return { ...(await listRepairs(p, { subjectId: v.subject.id, limit: pageSize, offset: (page - 1) * pageSize }, false)), page, pageSize };
      },
    );

    app.get<{ Querystring: { from?: string; page: number; pageSize: number } }>(
      '/public/repairs/results',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '信用修复结果公示 Published repair results with the subjects’ commitments',
          description: 'Approvals from `from` (default: 6 months ago), newest first. Persons appear only for categories that publish persons.',
          querystring: { type: 'object', properties: { from: { type: 'string', format: 'date' }, ...pageQuery } },
          response: { 200: s.repairResultsSchema, ...errors },
        },
      },
      async (req) => {
        const { page, pageSize } = req.query;
        const from = req.query.from ?? addMonths(p.today(), -6);
        if (!isValidDate(from)) throw badRequest('DATE_INVALID', `日期应为 YYYY-MM-DD：${from}`, `The date must be YYYY-MM-DD: ${from}`);
        return { ...(await publishedResults(p, { from, limit: pageSize, offset: (page - 1) * pageSize })), page, pageSize };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/public/repairs/:id',
      { config: limited, schema: { tags: ['rights'], summary: '修复申请详情 One of the subject’s repair applications', security: subjectSecurity, params: idParams, response: { 200: s.repairSchema, ...errors } } },
      async (req) => {
        const v = await verified(req);
        const a = await getRepair(p, req.params.id, { departmentIds: null, staff: false });
        if (!v.subject || a.subject.id !== v.subject.publicId) throw notFound('REPAIR_NOT_FOUND', `信用修复申请 ${req.params.id} 不存在`, `Repair application ${req.params.id} not found`);
        return a;
      },
    );

    app.get<{ Params: { id: string } }>(
      '/public/records/:id/repair-notice',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '信用修复告知书 The repair notice of a published record: when and how the subject may apply',
          params: idParams,
          response: { 200: s.repairNoticeSchema, ...errors },
        },
      },
      async (req) => {
        // the record's opaque public id (as the public profile shows it), never its number
        const id = decodeOpaque(p.crypto, 'record', req.params.id);
        if (id === undefined) throw notFound('RECORD_NOT_FOUND', `公示记录 ${req.params.id} 不存在`, `No published record ${req.params.id}`);
        return repairNoticeFor(p, id, (r) => r.publicToday);
      },
    );

    // ---- work portal and department systems ----------------------------------------------------

    // 窗口代办, step one: the clerk finds the subject and sees the records they may file on
    app.get<{ Querystring: { subject: string } }>(
      '/objections/window-records',
      {
        config: { policy: COUNTER },
        schema: {
          tags: ['rights'],
          summary: '窗口代办：主体的可异议记录 The subject and its records a staff member may file an objection on (service window)',
          description:
            'Staff only (as POST /objections). The subject by its code (USCC, 工商注册号, ID number), with the name on file, and the current records of departments in the staff member’s scope, each saying whether it can be contested (active or exited, no objection open). Looking up a person is audited as a read of personal data.',
          querystring: { type: 'object', properties: { subject: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['subject'] },
          response: { 200: s.windowRecordsSchema, ...errors },
        },
      },
      async (req) => {
        const subject = await subjectByCode(p, req.query.subject);
        const records = await windowRecords(p, subject, (r) => departmentInScope(req.principal, { id: r.departmentId, regionCode: r.departmentRegion }));
        await auditPersons(p, req, [{ kind: subject.kind, id: subject.publicId }], 'objection-window-records', '窗口代办异议：查找主体的信用记录');
        return { subject: summarize(subject), records };
      },
    );

    app.post<{ Body: FileInput & { subject: string; inPerson: { document: string; checked: true } } }>(
      '/objections',
      {
        bodyLimit: EVIDENCE_BODY,
        config: { policy: COUNTER },
        schema: {
          tags: ['rights'],
          summary: '窗口代办异议 File an objection for an applicant who showed an identity document in person (service window)',
          description:
            'Staff only (department staff for their department’s records, operators for departments of their region), with `inPerson`: the document they checked. The objection records the document and the staff member, and the filing is audited under the staff member. Same rules as the portal.',
          body: s.staffObjectionSchema,
          response: { 200: s.objectionSchema, ...errors },
        },
      },
      async (req) => {
        const { subject, inPerson, ...input } = req.body;
        return fileObjection(p, await subjectByCode(p, subject), staffFiler(req, inPerson), input);
      },
    );

    app.get<{ Querystring: { status?: 'open' | 'decided'; overdue?: boolean; page: number; pageSize: number } }>(
      '/objections',
      {
        config: { policy: READERS },
        schema: {
          tags: ['rights'],
          summary: '异议待办 The department’s objection queue (open ones by due date first)',
          description: 'Each objection with the items of the departments in scope; `overdue=true` for open ones past their due date.',
          security: [{ departmentClient: [] }],
          querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'decided'] }, overdue: { type: 'boolean' }, ...pageQuery } },
          response: { 200: s.objectionListSchema, ...errors },
        },
      },
      async (req) => {
        const { status, overdue, page, pageSize } = req.query;
        const r = await listObjections(p, { departmentIds: await readableDepartmentIds(p.db, req.principal), status, overdue, limit: pageSize, offset: (page - 1) * pageSize }, true);
        await auditPersons(p, req, r.items.map((o) => o.subject), 'objection', '异议处理 objection handling');
        return { ...r, page, pageSize };
      },
    );

    app.get<{ Querystring: { from?: string; to?: string } }>(
      '/objections/stats',
      {
        config: { policy: COUNTERS },
        schema: {
          tags: ['rights'],
          summary: '异议办理情况 Per department: answered in time, late, still open past the due date',
          description: 'Over objections filed in [from, to] (default: the last 12 months).',
          querystring: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
          response: { 200: s.objectionStatsSchema, ...errors },
        },
      },
      async (req) => {
        const today = p.today();
        const to = req.query.to ?? today;
        const from = req.query.from ?? addMonths(to, -12);
        for (const d of [from, to]) if (!isValidDate(d)) throw badRequest('DATE_INVALID', `日期应为 YYYY-MM-DD：${d}`, `The date must be YYYY-MM-DD: ${d}`);
        const rows = await countsByDepartment(p.db, { from, to, today, departmentIds: await readableDepartmentIds(p.db, req.principal) });
        return { from, to, departments: rows.map(({ departmentId, departmentName, ...c }) => ({ department: { id: departmentId, name: departmentName }, ...c })) };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/objections/:id',
      {
        config: { policy: READERS },
        schema: { tags: ['rights'], summary: '异议详情 An objection with the items of the departments in scope', security: [{ departmentClient: [] }], params: idParams, response: { 200: s.objectionSchema, ...errors } },
      },
      async (req) => {
        const o = await getObjection(p, req.params.id, { departmentIds: await readableDepartmentIds(p.db, req.principal), staff: true });
        await auditPersons(p, req, [o.subject], 'objection', '异议处理 objection handling');
        return o;
      },
    );

    app.post<{ Params: { id: string }; Body: { outcome: DecideInput['outcome']; note: string; fields?: Record<string, string>; items?: number[] } }>(
      '/objections/:id/decision',
      {
        config: { policy: DECIDERS },
        schema: {
          tags: ['rights'],
          summary: '异议处理结果 The department’s answer: correct, revoke or uphold, with its explanation',
          description:
            'Answers the department’s open items of the objection (or those named in items). correct: a new version of the record through collection — the corrected values in `fields` (one record), or a version submitted since the filing; revoke: a new version with status revoked (out of publication and of credit checks); uphold: unchanged. The dispute ends; `affectedChecks` lists the credit checks whose punishments a revoked or corrected record triggered, and their departments are notified.',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: s.decideObjectionSchema,
          response: { 200: s.objectionSchema, ...errors },
        },
      },
      async (req) => {
        const deps = await readableDepartmentIds(p.db, req.principal);
        if (deps === null || deps.length !== 1) throw forbidden('DEPARTMENT_REQUIRED', '只有信息提供部门可以处理异议', 'Only the providing department answers an objection');
        return decideObjection(p, actorOf(req), req.params.id, deps, { outcome: req.body.outcome, note: req.body.note, fields: req.body.fields, seqs: req.body.items });
      },
    );

    app.get<{ Params: { id: string; sha256: string } }>(
      '/objections/:id/evidence/:sha256',
      {
        config: { policy: READERS },
        schema: { tags: ['rights'], summary: '异议证明材料 An evidence file of an objection', security: [{ departmentClient: [] }], params: evidenceParams, response: { 200: { description: 'The file as submitted', type: 'string', format: 'binary' }, ...errors } },
      },
      async (req, reply) => {
        const o = await getObjection(p, req.params.id, { departmentIds: await readableDepartmentIds(p.db, req.principal), staff: true });
        const files = (await evidenceOf(p.db, 'objection', [o.objectionId])).get(o.objectionId) ?? [];
        const { file, stream } = await openEvidence(p, files, req.params.sha256);
        await auditPersons(p, req, [o.subject], `evidence:${file.sha256}`, '异议核实 objection verification');
        return reply.type(file.contentType).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(evidenceDownloadName(file.filename, file.contentType))}`).header('Content-Security-Policy', EVIDENCE_CSP).send(stream);
      },
    );

    app.post<{ Body: ApplyInput & { subject: string; inPerson?: { document: string; checked: true } } }>(
      '/repairs',
      {
        bodyLimit: EVIDENCE_BODY,
        config: { policy: FILERS },
        schema: { tags: ['rights'], summary: '代为申请信用修复 Apply for repair on a subject’s behalf', body: s.staffRepairSchema, response: { 200: s.repairSchema, ...errors } },
      },
      async (req) => {
        const { subject, inPerson, ...input } = req.body;
        return applyRepair(p, await subjectByCode(p, subject), staffFiler(req, inPerson), input);
      },
    );

    app.get<{ Querystring: { status?: 'pending' | 'approved' | 'refused'; overdue?: boolean; page: number; pageSize: number } }>(
      '/repairs',
      {
        config: { policy: READERS },
        schema: {
          tags: ['rights'],
          summary: '信用修复待办 The department’s repair applications (pending ones by due date first)',
          security: [{ departmentClient: [] }],
          querystring: { type: 'object', properties: { status: { type: 'string', enum: ['pending', 'approved', 'refused'] }, overdue: { type: 'boolean' }, ...pageQuery } },
          response: { 200: s.repairListSchema, ...errors },
        },
      },
      async (req) => {
        const { status, overdue, page, pageSize } = req.query;
        const r = await listRepairs(p, { departmentIds: await readableDepartmentIds(p.db, req.principal), status, overdue, limit: pageSize, offset: (page - 1) * pageSize }, true);
        await auditPersons(p, req, r.items.map((a) => a.subject), 'repair', '信用修复审核 repair review');
        return { ...r, page, pageSize };
      },
    );

    app.get<{ Querystring: { subject: string; ref: string; category?: string } }>(
      '/repairs/eligibility',
      {
        config: { policy: FILERS },
        schema: {
          tags: ['rights'],
          summary: '修复条件 Repair eligibility of a subject’s record (service counter)',
          querystring: {
            type: 'object',
            properties: { subject: { type: 'string', minLength: 1, maxLength: 64 }, ref: { type: 'string', minLength: 1, maxLength: 200 }, category: { type: 'string', maxLength: 64 } },
            required: ['subject', 'ref'],
          },
          response: { 200: s.eligibilitySchema, ...errors },
        },
      },
      async (req) => {
        const subject = await subjectByCode(p, req.query.subject);
        const e = await checkEligibility(p, subject, req.query);
        if (!(await mayReadDepartment(p.db, req.principal, e.record.department.id))) throw notFound('RECORD_NOT_FOUND', `该主体没有文书号为“${req.query.ref}”的信用记录`, `The subject has no record with reference "${req.query.ref}"`);
        return e;
      },
    );

    app.get<{ Params: { id: string } }>(
      '/repairs/:id',
      {
        config: { policy: READERS },
        schema: { tags: ['rights'], summary: '修复申请详情 A repair application', security: [{ departmentClient: [] }], params: idParams, response: { 200: s.repairSchema, ...errors } },
      },
      async (req) => {
        const a = await getRepair(p, req.params.id, { departmentIds: await readableDepartmentIds(p.db, req.principal), staff: true });
        await auditPersons(p, req, [a.subject], 'repair', '信用修复审核 repair review');
        return a;
      },
    );

    app.post<{ Params: { id: string }; Body: RepairDecision }>(
      '/repairs/:id/decision',
      {
        config: { policy: DECIDERS },
        schema: {
          tags: ['rights'],
          summary: '信用修复审核 Approve or refuse, with reasons',
          description: 'Approval makes a new version with status repaired: the record leaves publication, triggers no measure any more (a blacklist entry leaves its list), and the result is published with the commitment.',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: s.decideRepairSchema,
          response: { 200: s.repairSchema, ...errors },
        },
      },
      async (req) => {
        const deps = await readableDepartmentIds(p.db, req.principal);
        if (deps === null || deps.length !== 1) throw forbidden('DEPARTMENT_REQUIRED', '只有信息提供部门可以审核信用修复', 'Only the providing department reviews a repair');
        return decideRepair(p, actorOf(req), req.params.id, deps, req.body);
      },
    );

    app.get<{ Params: { id: string; sha256: string } }>(
      '/repairs/:id/evidence/:sha256',
      {
        config: { policy: READERS },
        schema: { tags: ['rights'], summary: '修复证明材料 An evidence file of a repair application', security: [{ departmentClient: [] }], params: evidenceParams, response: { 200: { description: 'The file as submitted', type: 'string', format: 'binary' }, ...errors } },
      },
      async (req, reply) => {
        const a = await getRepair(p, req.params.id, { departmentIds: await readableDepartmentIds(p.db, req.principal), staff: true });
        const files = (await evidenceOf(p.db, 'repair', [a.repairId])).get(a.repairId) ?? [];
        const { file, stream } = await openEvidence(p, files, req.params.sha256);
        await auditPersons(p, req, [a.subject], `evidence:${file.sha256}`, '信用修复审核 repair review');
        return reply.type(file.contentType).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(evidenceDownloadName(file.filename, file.contentType))}`).header('Content-Security-Policy', EVIDENCE_CSP).send(stream);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/records/:id/repair-notice',
      {
        config: { policy: READERS },
        schema: {
          tags: ['rights'],
          summary: '信用修复告知书 The repair notice that goes with a penalty or list decision (两书同达)',
          security: [{ departmentClient: [] }],
          params: idParams,
          response: { 200: s.repairNoticeSchema, ...errors },
        },
      },
      async (req) => repairNoticeFor(p, /^[0-9]{1,15}$/.test(req.params.id) ? Number(req.params.id) : (decodeOpaque(p.crypto, 'record', req.params.id) ?? 0), (r) => departmentInScope(req.principal, { id: r.departmentId, regionCode: r.departmentRegion })),
    );
  };
}
