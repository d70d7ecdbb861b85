// HTTP API of credit reports: issue (public edition for anyone; full edition for the verified
// subject or an authorized requester), download as PDF or JSON, verify by number and code or by
// the file.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { badRequest, forbidden, notFound } from '../../kernel/errors.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { findSubjectByCode, type Subject } from '../subjects/subjects.store.ts';
import { SUBJECT_TOKEN_HEADER, verifiedSubject } from '../rights/identity.service.ts';
import { findActingDepartment } from '../access/scope.service.ts';
import { authorizationCovering, authorizationForUse } from '../authorizations/authorizations.service.ts';
import { assertPersonalRead, type ReadScope } from '../access/personal-data.service.ts';
import { recordRegionsOf } from '../collection/records.store.ts';
import { issueReport, reportJson, reportPdf, verifyByCode, verifyFile, verifyPath, type IssuedReport } from './reports.service.ts';
import type { ReportEdition } from './reports.rules.ts';
import { issuedSchema, reportJsonSchema, reportRequestSchema, verificationSchema } from './reports.schemas.ts';

const PUBLIC: RoutePolicy = { allow: ['public'] };
// staff and department systems; the full edition needs the query-personal scope (clients)
const REQUESTERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'department_clerk', 'department_admin', 'client:query-personal', 'client:check'] };

const errors = errorResponses(400, 401, 403, 404, 429, 503);
const codeQuery = { type: 'object', properties: { code: { type: 'string', minLength: 1, maxLength: 32 } }, required: ['code'] } as const;
const numberParams = { type: 'object', properties: { number: { type: 'string', maxLength: 32 } }, required: ['number'] } as const;

type Body = { subject?: string; edition?: ReportEdition; purpose?: string; matterRef?: string; authorization?: string };

const answer = (r: IssuedReport) => ({
  number: r.number,
  code: r.code,
  sha256: r.sha256,
  size: r.size,
  edition: r.edition,
  issuedAt: r.issuedAt,
  hashAlg: r.hashAlg,
  contentHash: r.contentHash,
  signature: r.signature,
  pdf: `/api/v1/public/reports/${r.number}/pdf?code=${r.code}`,
  json: `/api/v1/public/reports/${r.number}?code=${r.code}`,
  verify: verifyPath(r.number, r.code),
});

export const noPublicInformation = () => notFound('SUBJECT_NOT_FOUND', '未找到该主体的公示信息', 'No public information for this subject');

export function reportsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC };
    app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 32 << 20 }, (_req, body, done) => done(null, body));

    const byCode = async (code: string | undefined): Promise<Subject> => {
      if (!code?.trim()) throw badRequest('SUBJECT_REQUIRED', '请填写主体代码', 'Give the subject’s code');
      const s = await findSubjectByCode(p.db, code, p.crypto);
      if (!s) throw notFound('SUBJECT_NOT_FOUND', `平台没有主体 ${code} 的信用记录`, `The platform holds no record of subject ${code}`);
      return s;
    };

    app.post<{ Body: Body }>(
      '/public/reports',
      {
        config: limited,
        schema: {
          tags: ['reports'],
          summary: '出具信用报告 Issue a credit report (PDF and JSON)',
          description:
            'Public edition: anyone, for a subject with public information. Full edition: the subject themselves, identity checked (header X-Xy-Subject-Token; `subject` may be omitted). Answers the number, the verification code, the PDF’s SHA-256 and where to fetch and verify it.',
          security: [{}, { subjectToken: [] }],
          body: reportRequestSchema,
          response: { 200: issuedSchema, ...errors },
        },
      },
      async (req) => {
        const edition = req.body.edition ?? 'public';
        if (edition === 'public') {
          // one answer for an unknown code and a subject with nothing public: no ID-number oracle
          if (!req.body.subject?.trim()) throw badRequest('SUBJECT_REQUIRED', '请填写主体代码', 'Give the subject’s code');
          const subject = await findSubjectByCode(p.db, req.body.subject, p.crypto);
          if (!subject) throw noPublicInformation();
          return answer(await issueReport(p, actorOf(req), { subject, edition, purpose: req.body.purpose ?? null }));
        }
        const v = await verifiedSubject(p, req.headers[SUBJECT_TOKEN_HEADER] as string | undefined, req.ip);
        if (!v.subject) throw notFound('SUBJECT_NOT_ON_PLATFORM', '平台没有归集您的信用记录', 'The platform holds no record of you');
        if (req.body.subject) {
          const named = await findSubjectByCode(p.db, req.body.subject, p.crypto);
          if (named?.id !== v.subject.id) throw forbidden('REPORT_OWN_ONLY', '完整版报告只能由本人申请', 'Only the subject may have the full edition here');
        }
        return answer(await issueReport(p, v.actor, { subject: v.subject, edition, purpose: req.body.purpose?.trim() || '本人申请 requested by the subject' }));
      },
    );

    app.post<{ Body: Body }>(
      '/reports',
      {
        config: { policy: REQUESTERS },
        schema: {
          tags: ['reports'],
          summary: '出具信用报告（部门） Issue a credit report for a department’s business',
          description: 'The full edition is a read of non-public data: it needs a purpose (audited) and, for a person, a matter reference (matterRef) and a requester in the subject’s region whose department kinds may read full reports (rules/personal-data.json; staff signed in with a second factor). A requester outside the region of the person’s ID number whose region holds records of the person gets a full edition of only the records held by departments of its region and those public today; content.scope says so and counts the records withheld (outOfRegion own-records) — else 400 PURPOSE_INVALID / MATTER_REF_REQUIRED / MATTER_REF_INVALID or 403 PERSONAL_DATA_FORBIDDEN / PERSONAL_DATA_OUT_OF_REGION / SECOND_FACTOR_REQUIRED; for department systems, the query-personal scope; for a person, banks and credit agencies (departments of kind financial-institution, bank or credit-agency) also need the subject’s authorization of scope full-report, valid today and not revoked (`authorization`, or found by subject and requester); from 2026-12-07 such an authorization opens the person’s whole file to the bank or agency wherever it is (rules/personal-data.json authorizationOpensRegion; without one, the region rule stands). Refused with 403 AUTHORIZATION_REQUIRED / AUTHORIZATION_EXPIRED / AUTHORIZATION_REVOKED / AUTHORIZATION_SCOPE / AUTHORIZATION_NOT_YOURS.',
          security: [{ departmentClient: [] }],
          body: reportRequestSchema,
          response: { 200: issuedSchema, ...errors },
        },
      },
      async (req: FastifyRequest<{ Body: Body }>) => {
        const edition = req.body.edition ?? 'public';
        const who = req.principal;
        if (edition === 'full' && who.kind === 'client' && !who.client.scopes.includes('query-personal'))
          throw forbidden('SCOPE_MISSING', '出具完整版报告需要“query-personal”权限', 'The full edition needs the query-personal scope');
        const subject = await byCode(req.body.subject);
        let authorization = null;
        let scope: ReadScope | undefined;
        if (edition === 'full') {
          // a bank's or credit agency's read of a person's non-public data rests on the subject's authorization
          const requester = (await findActingDepartment(p.db, who)) ?? null;
          if (!req.body.purpose?.trim()) throw badRequest('REASON_REQUIRED', '出具完整版报告须说明用途', 'A full-edition report needs its purpose');
          // a person's full file: only in the requester's region and responsibilities, with a matter reference and a purpose of the documented form
          // (outside the person's own region, only the records held in the requester's region: `scope`)
          // (a bank's or agency's valid authorization opens the whole file out of region: decision 0053)
          const use = { subject, requester, scope: 'full-report' as const, authorizationId: req.body.authorization };
          const covering = await authorizationCovering(p, use);
          scope = (
            await assertPersonalRead(p, who, { ...subject, recordRegions: await recordRegionsOf(p.db, subject.id) }, { what: 'full-report', purpose: req.body.purpose, matterRef: req.body.matterRef, authorized: async () => covering !== null })
          ).scope;
          authorization = covering ?? (await authorizationForUse(p, use));
        }
        const matterRef = edition === 'full' ? req.body.matterRef?.trim() : undefined;
        return answer(await issueReport(p, actorOf(req), { subject, edition, purpose: req.body.purpose ?? null, authorization, matterRef, ...(scope ? { scope } : {}) }));
      },
    );

    app.get<{ Querystring: { number: string; code: string } }>(
      '/public/reports/verify',
      {
        config: limited,
        schema: {
          tags: ['reports'],
          summary: '报告核验 Verify a report by its number and verification code',
          description: 'genuine: issued by the platform, content intact, platform signature valid. changedSinceIssue: whether the subject’s information differs today from what the report shows.',
          querystring: { type: 'object', properties: { number: { type: 'string', minLength: 1, maxLength: 32 }, code: { type: 'string', minLength: 1, maxLength: 32 } }, required: ['number', 'code'] },
          response: { 200: verificationSchema, ...errors },
        },
      },
      async (req) => verifyByCode(p, req.query.number, req.query.code),
    );

    app.post(
      '/public/reports/verify',
      {
        config: limited,
        bodyLimit: 32 << 20,
        schema: {
          tags: ['reports'],
          summary: '报告文件核验 Verify a report file: the PDF (application/pdf) or the JSON edition (application/json)',
          description: 'A PDF is genuine only if it is byte for byte the file the platform issued; a JSON report if its content hashes to what was issued.',
          consumes: ['application/pdf', 'application/json'],
          response: { 200: verificationSchema, ...errors },
        },
      },
      async (req) => {
        const ct = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (ct === 'application/pdf') return verifyFile(p, { pdf: req.body as Buffer });
        if (ct === 'application/json') return verifyFile(p, { json: req.body });
        throw badRequest('CONTENT_TYPE', '请以 application/pdf 或 application/json 提交报告文件', 'Send the report as application/pdf or application/json');
      },
    );

    app.get<{ Params: { number: string }; Querystring: { code: string } }>(
      '/public/reports/:number',
      {
        config: limited,
        schema: { tags: ['reports'], summary: '报告（JSON 版） The report as data, with its hash and signature', params: numberParams, querystring: codeQuery, response: { 200: reportJsonSchema, ...errors } },
      },
      async (req) => reportJson(p, req.params.number, req.query.code, req.ip),
    );

    app.get<{ Params: { number: string }; Querystring: { code: string } }>(
      '/public/reports/:number/pdf',
      {
        config: limited,
        schema: { tags: ['reports'], summary: '报告（PDF） The report as issued', params: numberParams, querystring: codeQuery, produces: ['application/pdf'], response: { 200: { description: 'The PDF as issued', type: 'string', format: 'binary' }, ...errors } },
      },
      async (req, reply) => {
        const r = await reportPdf(p, req.params.number, req.query.code, req.ip);
        return reply.type('application/pdf').header('Content-Length', r.size).header('Content-Disposition', `inline; filename="${r.number}.pdf"`).send(r.stream);
      },
    );
  };
}
