// Commitments (信用承诺): a department records, fulfils and breaches its subjects' commitments
// (exchange API and work portal); the public sees organizations' commitments on 信用河北.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { notFound } from '../../kernel/errors.ts';
import { auditRead } from '../../kernel/audit.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment, mayReadDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { addCommitment, breachCommitment, fulfilCommitment, getCommitment, listCommitments, publicCommitments, viewOf, type CommitmentView } from './commitments.service.ts';
import type { CommitmentKind, CommitmentStatus } from './commitments.rules.ts';
import {
  addCommitmentSchema,
  breachSchema,
  codeParams,
  commitmentPageSchema,
  commitmentSchema,
  fulfilSchema,
  idParams,
  listQuerySchema,
  publicCommitmentsSchema,
  type AddCommitmentRequest,
  type BreachRequest,
  type FulfilRequest,
} from './commitments.schemas.ts';

// The department that takes the commitment: its systems (check scope, as for the credit check
// the commitment follows) and its staff.
const TAKERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin'], scope: 'department' };
const READERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'], scope: 'department' };
const PUBLIC: RoutePolicy = { allow: ['public'] };

export function commitmentsRoutes(p: Platform): FastifyPluginAsync {
  // a person's commitment is non-public personal data: every read of one is audited with its purpose
  const auditPersons = async (req: FastifyRequest, items: readonly CommitmentView[]) => {
    const persons = [...new Set(items.filter((c) => c.subject.kind === 'person').map((c) => c.subject.id))];
    if (persons.length)
      await p.db.tx(async (tx) => {
        for (const id of persons) await auditRead(tx, actorOf(req), ['commitment'], `subject:${id}`, '信用承诺管理 commitments taken by the department');
      });
  };
  return async (app) => {
    app.post<{ Body: AddCommitmentRequest }>(
      '/commitments',
      {
        config: { policy: TAKERS },
        schema: {
          tags: ['commitments'],
          summary: '登记信用承诺 Record a commitment (容缺受理, 告知承诺, 主动承诺)',
          description:
            'The calling department records a subject’s commitment: kind, content, related matter, made-on date (earlier commitments keep their original date) and, for tolerance, the due date (default: the rule’s working days). With checkId (from a credit check’s result page) the check must be the department’s and, for tolerance and notification, must have allowed 容缺受理. Bad input: 400 with a zh/en error naming the field (COMMITMENT_DUE_BEFORE_MADE, DATE_IN_FUTURE, …), nothing stored.',
          security: [{ departmentClient: [] }],
          body: addCommitmentSchema,
          response: { 200: commitmentSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => addCommitment(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.body),
    );

    app.get<{ Querystring: { page: number; pageSize: number; subject?: string; status?: CommitmentStatus; kind?: CommitmentKind } }>(
      '/commitments',
      {
        config: { policy: READERS },
        schema: {
          tags: ['commitments'],
          summary: '信用承诺列表 Commitments taken by the departments the caller may read',
          security: [{ departmentClient: [] }],
          querystring: listQuerySchema,
          response: { 200: commitmentPageSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const { page, pageSize, subject, status, kind } = req.query;
        const departmentIds = await readableDepartmentIds(p.db, req.principal);
        const r = await listCommitments(p, { departmentIds, ...(subject ? { subject } : {}), ...(status ? { status } : {}), ...(kind ? { kind } : {}), limit: pageSize, offset: (page - 1) * pageSize });
        await auditPersons(req, r.items);
        return { ...r, page, pageSize };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/commitments/:id',
      {
        config: { policy: READERS },
        schema: {
          tags: ['commitments'],
          summary: '承诺详情 One commitment (id or number)',
          security: [{ departmentClient: [] }],
          params: idParams,
          response: { 200: commitmentSchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        const c = await getCommitment(p, req.params.id);
        if (!(await mayReadDepartment(p.db, req.principal, c.departmentId))) throw notFound('COMMITMENT_NOT_FOUND', `承诺 ${req.params.id} 不存在`, `Commitment ${req.params.id} not found`);
        const view = viewOf(p, c);
        await auditPersons(req, [view]);
        return view;
      },
    );

    app.post<{ Params: { id: string }; Body: FulfilRequest }>(
      '/commitments/:id/fulfilment',
      {
        config: { policy: TAKERS },
        schema: {
          tags: ['commitments'],
          summary: '登记履行 Record the fulfilment, with a note',
          description: 'Only the department that took the commitment (403 COMMITMENT_NOT_YOURS otherwise); a breached one is refused (409 COMMITMENT_BREACHED).',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: fulfilSchema,
          response: { 200: commitmentSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => fulfilCommitment(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );

    app.post<{ Params: { id: string }; Body: BreachRequest }>(
      '/commitments/:id/breach',
      {
        config: { policy: TAKERS },
        schema: {
          tags: ['commitments'],
          summary: '认定违诺 Declare the commitment breached, with reason and evidence',
          description:
            'Only the department that took it. Files a commitment-breach record in the department’s name (severity by kind, rules/commitments.json), which triggers the measures defined for it and makes the subject ineligible for 绿色通道 / 容缺受理; the subject is notified through the department and may object to the record.',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: breachSchema,
          response: { 200: commitmentSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => breachCommitment(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );

    app.get<{ Params: { code: string } }>(
      '/public/subjects/:code/commitments',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['commitments'],
          summary: '信用承诺公示 A subject’s commitments on 信用河北 (organizations; persons’ are not public)',
          params: codeParams,
          response: { 200: publicCommitmentsSchema, ...errorResponses(400, 404) },
        },
      },
      async (req) => {
        const s = await findSubjectByCode(p.db, req.params.code, p.crypto);
        // a person's commitments are never public, and nothing says whether the person exists
        return { items: s ? await publicCommitments(p, s) : [] };
      },
    );
  };
}
