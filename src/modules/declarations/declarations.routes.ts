// 主动申报: the subject declares (signed in through the identity flow, X-Xy-Subject-Token); 信用河北
// shows standing declarations marked 自主申报; departments read them and may flag one false.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment } from '../access/scope.service.ts';
import { SUBJECT_TOKEN_HEADER, verifiedSubject } from '../rights/identity.service.ts';
import { declarationsOfSubject, recentDeclarations, declare, flagFalse, ownDeclarations, publicDeclarations } from './declarations.service.ts';
import { codeParams, declarationListSchema, declarationSchema, declareSchema, flagSchema, flaggedSchema, idParams, subjectQuerySchema, reviewQueueSchema, type DeclareRequest, type FlagRequest } from './declarations.schemas.ts';

const PUBLIC: RoutePolicy = { allow: ['public'] };
const FLAGGERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin'], scope: 'department' };
const READERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'] };
const subjectSecurity = [{ subjectToken: [] }];

export function declarationsRoutes(p: Platform): FastifyPluginAsync {
  const verified = (req: FastifyRequest) => verifiedSubject(p, req.headers[SUBJECT_TOKEN_HEADER] as string | undefined, req.ip);
  return async (app) => {
    app.post<{ Body: DeclareRequest }>(
      '/public/declarations',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['declarations'],
          summary: '主动申报 Declare a qualification, honour, certification, social-responsibility report or voluntary commitment',
          description: 'The subject signed in through the identity flow (X-Xy-Subject-Token); companies and individual businesses only. Shown marked 自主申报, apart from department records.',
          security: subjectSecurity,
          body: declareSchema,
          response: { 200: declarationSchema, ...errorResponses(400, 401, 403, 404, 429) },
        },
      },
      async (req) => declare(p, await verified(req), req.body),
    );

    app.get(
      '/public/declarations',
      { config: { policy: PUBLIC }, schema: { tags: ['declarations'], summary: '本主体的申报 The signed-in subject’s declarations, flagged ones too', security: subjectSecurity, response: { 200: declarationListSchema, ...errorResponses(401, 429) } } },
      async (req) => ({ items: await ownDeclarations(p, await verified(req)) }),
    );

    app.get<{ Params: { code: string } }>(
      '/public/subjects/:code/declarations',
      { config: { policy: PUBLIC }, schema: { tags: ['public'], summary: '自主申报信息 A company’s standing self-declared information (信用河北)', params: codeParams, response: { 200: declarationListSchema, ...errorResponses(404, 429) } } },
      async (req) => ({ items: await publicDeclarations(p, req.params.code) }),
    );

    app.get<{ Querystring: { subject?: string; status?: 'declared' | 'withdrawn' | 'false' } }>(
      '/declarations',
      {
        config: { policy: READERS },
        schema: {
          tags: ['declarations'],
          summary: '主体的自主申报 A subject’s declarations (public information), flagged ones too; without subject the review queue (newest of every subject, each with its subject)',
          querystring: subjectQuerySchema,
          response: { 200: reviewQueueSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) =>
        req.query.subject
          ? { items: await declarationsOfSubject(p, req.query.subject) }
          : { items: await recentDeclarations(p, req.query.status ? { status: req.query.status } : {}) },
    );

    app.post<{ Params: { id: string }; Body: FlagRequest }>(
      '/declarations/:id/false',
      {
        config: { policy: FLAGGERS },
        schema: {
          tags: ['declarations'],
          summary: '认定申报不实 Flag a declaration false: a false-declaration record is filed in the department’s name',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: flagSchema,
          response: { 200: flaggedSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => flagFalse(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );
  };
}
