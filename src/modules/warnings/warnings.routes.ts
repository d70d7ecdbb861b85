// HTTP API of early warnings: operators see all, city staff their region; acknowledging needs a note.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, regionInScope, scopeFilter, type RoutePolicy } from '../access/auth.ts';
import { acknowledgeWarning, closeWarning, listWarnings, WARNING_KINDS, type Warning, type WarningState } from './warnings.service.ts';
import * as s from './warnings.schemas.ts';

const READERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor'], scope: 'region' };
const HANDLERS: RoutePolicy = { allow: ['operator', 'platform_admin'], scope: 'region' };
const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;

const present = (w: Warning) => ({ ...w, kindName: WARNING_KINDS[w.kind]?.zh ?? w.kind, ackedAt: w.ackedAt?.toISOString() ?? null, closedAt: w.closedAt?.toISOString() ?? null });

export function warningsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const mayRead = (req: FastifyRequest) => (code: string) => regionInScope(req.principal, code);

    app.get<{ Querystring: s.WarningListQuery & { page: number; pageSize: number } }>(
      '/warnings',
      { config: { policy: READERS }, schema: { tags: ['warnings'], summary: '预警 Early warnings, open first, newest first', querystring: s.warningListQuerySchema, response: { 200: s.warningListSchema, ...errorResponses(400, 401, 403) } } },
      async (req) => {
        const f = scopeFilter(req.principal);
        const regionCodes = f.kind === 'all' ? null : f.kind === 'regions' ? f.regionCodes : [];
        const states: WarningState[] | undefined = req.query.state === 'live' ? ['open', 'acknowledged'] : req.query.state ? [req.query.state] : undefined;
        const { page, pageSize } = req.query;
        const r = await listWarnings(p.db, { states, kind: req.query.kind, regionCodes, limit: pageSize, offset: (page - 1) * pageSize });
        return { items: r.items.map(present), total: r.total, page, pageSize };
      },
    );

    app.post<{ Params: { id: number }; Body: s.WarningNoteBody }>(
      '/warnings/:id/ack',
      { config: { policy: HANDLERS }, schema: { tags: ['warnings'], summary: '确认预警 Acknowledge a warning with a note', params: idParams, body: s.warningNoteBodySchema, response: { 200: s.warningSchema, ...errorResponses(400, 401, 403, 404, 409) } } },
      async (req) => present(await acknowledgeWarning(p.db, actorOf(req), req.params.id, req.body?.note, p.now(), mayRead(req))),
    );

    app.post<{ Params: { id: number }; Body: s.WarningNoteBody }>(
      '/warnings/:id/close',
      { config: { policy: HANDLERS }, schema: { tags: ['warnings'], summary: '关闭预警 Close a warning', params: idParams, body: s.warningNoteBodySchema, response: { 200: s.warningSchema, ...errorResponses(400, 401, 403, 404) } } },
      async (req) => present(await closeWarning(p.db, actorOf(req), req.params.id, req.body?.note, p.now(), mayRead(req))),
    );
  };
}
