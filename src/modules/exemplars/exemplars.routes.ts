// 诚信典型 (exemplars): departments nominate, operators review and decide, the public sees the 公示
// on 信用河北 and may object.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { notFound } from '../../kernel/errors.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment, mayReadDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import type { Principal } from '../access/auth.ts';
import { decide, fileObjection, getExemplar, listExemplars, nominate, objections, publicityList, review, viewOf } from './exemplars.service.ts';
import type { ExemplarStatus } from './exemplars.rules.ts';
import {
  decideSchema,
  exemplarListSchema,
  exemplarSchema,
  idParams,
  listQuerySchema,
  nominateSchema,
  objectionAnswerSchema,
  objectionListSchema,
  objectionSchema,
  publicityListSchema,
  reviewSchema,
  type DecideRequest,
  type NominateRequest,
  type ObjectionRequest,
  type ReviewRequest,
} from './exemplars.schemas.ts';

const NOMINATORS: RoutePolicy = { allow: ['department_clerk', 'department_admin'], scope: 'department' };
const READERS: RoutePolicy = { allow: ['department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'], scope: 'department' };
const REVIEWERS: RoutePolicy = { allow: ['operator', 'platform_admin'], scope: 'department' };
const PUBLIC: RoutePolicy = { allow: ['public'] };

export function exemplarsRoutes(p: Platform): FastifyPluginAsync {
  // an operator reviews nominations of departments in their region only
  const inScope = async (who: Principal, id: string) => {
    const e = await getExemplar(p, id);
    if (!(await mayReadDepartment(p.db, who, e.departmentId))) throw notFound('EXEMPLAR_NOT_FOUND', `诚信典型推荐 ${id} 不存在`, `Exemplar nomination ${id} not found`);
    return e;
  };
  return async (app) => {
    app.post<{ Body: NominateRequest }>(
      '/exemplars',
      {
        config: { policy: NOMINATORS },
        schema: {
          tags: ['exemplars'],
          summary: '推荐诚信典型 Nominate an exemplar',
          description: 'The department nominates a subject on the platform with title, domain and deeds for a selection year. One nomination per subject, year and domain (409 EXEMPLAR_DUPLICATE).',
          body: nominateSchema,
          response: { 200: exemplarSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => nominate(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.body),
    );

    app.get<{ Querystring: { status?: ExemplarStatus } }>(
      '/exemplars',
      { config: { policy: READERS }, schema: { tags: ['exemplars'], summary: '诚信典型推荐列表 Nominations of the departments the caller may read', querystring: listQuerySchema, response: { 200: exemplarListSchema, ...errorResponses(400, 401, 403) } } },
      async (req) => ({ items: await listExemplars(p, await readableDepartmentIds(p.db, req.principal), req.query.status) }),
    );

    app.get<{ Params: { id: string } }>(
      '/exemplars/:id',
      { config: { policy: READERS }, schema: { tags: ['exemplars'], summary: '诚信典型推荐 A nomination', params: idParams, response: { 200: exemplarSchema, ...errorResponses(401, 403, 404) } } },
      async (req) => viewOf(await inScope(req.principal, req.params.id)),
    );

    app.get<{ Params: { id: string } }>(
      '/exemplars/:id/objections',
      { config: { policy: READERS }, schema: { tags: ['exemplars'], summary: '公示异议 Objections filed during the 公示', params: idParams, response: { 200: objectionListSchema, ...errorResponses(401, 403, 404) } } },
      async (req) => ({ items: await objections(p, (await inScope(req.principal, req.params.id)).id) }),
    );

    app.post<{ Params: { id: string }; Body: ReviewRequest }>(
      '/exemplars/:id/review',
      {
        config: { policy: REVIEWERS },
        schema: {
          tags: ['exemplars'],
          summary: '审核 Review: pass (公示 starts) or reject',
          description: 'pass: the platform checks the subject has no bad record in the green-channel years (409 EXEMPLAR_BAD_RECORD listing them); the 公示 starts today for the rule’s days.',
          params: idParams,
          body: reviewSchema,
          response: { 200: exemplarSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => review(p, actorOf(req), (await inScope(req.principal, req.params.id)).id, req.body),
    );

    app.post<{ Params: { id: string }; Body: DecideRequest }>(
      '/exemplars/:id/decision',
      {
        config: { policy: REVIEWERS },
        schema: {
          tags: ['exemplars'],
          summary: '公示期满决定 Approve (files the integrity-exemplar entry) or reject after the 公示',
          params: idParams,
          body: decideSchema,
          response: { 200: exemplarSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => decide(p, actorOf(req), (await inScope(req.principal, req.params.id)).id, req.body),
    );

    app.get(
      '/public/exemplars/publicity',
      { config: { policy: PUBLIC }, schema: { tags: ['public'], summary: '诚信典型公示 Exemplars in their publicity period (信用河北)', response: { 200: publicityListSchema, ...errorResponses(429) } } },
      async () => ({ items: await publicityList(p) }),
    );

    app.post<{ Params: { id: string }; Body: ObjectionRequest }>(
      '/public/exemplars/:id/objections',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['public'],
          summary: '提出异议 Object to an exemplar during its 公示',
          description: 'Anonymous: only the content is kept. 404 EXEMPLAR_NOT_IN_PUBLICITY outside the period.',
          params: idParams,
          body: objectionSchema,
          response: { 200: objectionAnswerSchema, ...errorResponses(400, 404, 429) },
        },
      },
      async (req) => fileObjection(p, req.params.id, req.body),
    );
  };
}
