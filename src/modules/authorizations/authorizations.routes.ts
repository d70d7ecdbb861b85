// HTTP API of subject authorizations (授权), for the subject behind an identity check (header
// X-Xy-Subject-Token): grant one to a requester, list them, revoke one.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { SUBJECT_TOKEN_HEADER, verifiedSubject } from '../rights/identity.service.ts';
import { grantAuthorization, listAuthorizations, revokeAuthorization, type GrantRequest } from './authorizations.service.ts';
import { authorizationListSchema, authorizationSchema, grantSchema } from './authorizations.schemas.ts';

const PUBLIC: RoutePolicy = { allow: ['public'] };
const errors = errorResponses(400, 401, 403, 404, 409, 429);
const security = [{ subjectToken: [] }];
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export function authorizationsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC };
    const verified = (req: FastifyRequest) => verifiedSubject(p, req.headers[SUBJECT_TOKEN_HEADER] as string | undefined, req.ip);

    app.post<{ Body: GrantRequest }>(
      '/public/me/authorizations',
      {
        config: limited,
        schema: {
          tags: ['rights'],
          summary: '授权查询 Authorize a requester (bank, credit agency) to read the subject’s non-public data',
          description: 'Scope, purpose and validity (inclusive days, at most one year). Banks and credit agencies (departments of kind financial-institution, bank or credit-agency) need such an authorization, valid on the day and not revoked, for a full-edition report on a person. Audited.',
          security,
          body: grantSchema,
          response: { 200: authorizationSchema, ...errors },
        },
      },
      async (req) => grantAuthorization(p, await verified(req), req.body),
    );

    app.get(
      '/public/me/authorizations',
      {
        config: limited,
        schema: { tags: ['rights'], summary: '我的授权 The subject’s authorizations, newest first, with their status', security, response: { 200: authorizationListSchema, ...errors } },
      },
      async (req) => ({ items: await listAuthorizations(p, await verified(req)) }),
    );

    app.post<{ Params: { id: string } }>(
      '/public/me/authorizations/:id/revoke',
      {
        config: limited,
        schema: { tags: ['rights'], summary: '撤销授权 Revoke an authorization; it authorizes nothing from now on', security, params: idParams, response: { 200: authorizationSchema, ...errors } },
      },
      async (req) => revokeAuthorization(p, await verified(req), req.params.id),
    );
  };
}
