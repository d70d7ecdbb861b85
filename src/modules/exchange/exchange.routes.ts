// Exchange between nodes: a child node posts its outbox (signed with its node key, verified here,
// not by the department-client hook); operators read the status and the rejected entries.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { badRequest } from '../../kernel/errors.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { actorOf } from '../access/auth.ts';
import { exchangeAnswerSchema, exchangeRequestSchema, exchangeStatusSchema, rejectedListSchema, dismissBodySchema, feedQuerySchema, feedAnswerSchema, type FeedQuery, dismissParamsSchema, type ExchangeRequest, type DismissBody } from './exchange.schemas.ts';
import { authenticateNode, feedFor, dismissRejected, exchangeStatus, listRejected, nodeActor, receiveEntries } from './exchange.service.ts';

// Child nodes only: the handler admits only a registered node's signed request (staff and
// department clients are refused by the access hook).
const NODES: RoutePolicy = { allow: ['node'] };
const OPERATORS: RoutePolicy = { allow: ['platform_admin', 'operator', 'auditor'] };
const RESOLVERS: RoutePolicy = { allow: ['platform_admin', 'operator'] };

export function exchangeRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: ExchangeRequest }>(
      '/records',
      {
        bodyLimit: p.config.limits.batchBodyBytes,
        attachValidation: true, // a malformed batch from an authenticated node is answered and audited here
        config: { policy: NODES },
        schema: {
          tags: ['exchange'],
          summary: '下级节点报送 A child node delivers record versions (signed with its node key)',
          description:
            'The platform exchange standard (docs/exchange.md): entries in order per record key, each answered accepted, duplicate (same node and origin version id, already received) or rejected with errors. Idempotent. Signed like department requests (docs/api.md "Signing requests") with a node key xn_…; HMAC-SHA256 or HMAC-SM3 as registered.',
          body: exchangeRequestSchema,
          response: { 200: exchangeAnswerSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const node = await authenticateNode(p, { method: req.method, url: req.raw.url ?? req.url, headers: req.headers, bodySha256: req.bodySha256 });
        if (req.validationError) {
          const detail = req.validationError.message.slice(0, 500);
          await writeAudit(p.db, nodeActor(node, req.ip), 'exchange.refused', `node:${node.regionCode}`, { code: 'EXCHANGE_MALFORMED', detail });
          throw badRequest('EXCHANGE_MALFORMED', `交换报文格式错误，整批拒收：${detail}`, `Malformed exchange message, the whole batch is refused: ${detail}`);
        }
        return receiveEntries(p, node, req.body, req.ip);
      },
    );

    app.get<{ Querystring: FeedQuery }>(
      '/feed',
      {
        config: { policy: NODES },
        schema: {
          tags: ['exchange'],
          summary: '下行数据 A child node pulls the downward feed after its cursor (signed with its node key)',
          description:
            'The platform exchange standard (docs/exchange.md "Downward feed"): after the cursor `after` (the feed sequence), red/black list versions filed at this node (without those the asking node sent up itself) and revocations of records it sent up (`entries`), measure revisions, directory revisions, calendar days and official years (`items`), each with its `seq`. `next` is the cursor for the next request; `more` says ask again at once.',
          querystring: feedQuerySchema,
          response: { 200: feedAnswerSchema, ...errorResponses(400, 401) },
        },
      },
      async (req) => {
        const node = await authenticateNode(p, { method: req.method, url: req.raw.url ?? req.url, headers: req.headers });
        return feedFor(p, node, { after: req.query.after, limit: req.query.limit });
      },
    );

    app.get(
      '/status',
      {
        config: { policy: OPERATORS },
        schema: { tags: ['exchange'], summary: '交换状态 Exchange status: upstream backlog, children', response: { 200: exchangeStatusSchema, ...errorResponses(401, 403) } },
      },
      async () => exchangeStatus(p),
    );

    app.get(
      '/rejected',
      {
        config: { policy: OPERATORS },
        schema: { tags: ['exchange'], summary: '被拒条目 Rejected entries at both ends, until resolved', response: { 200: rejectedListSchema, ...errorResponses(401, 403) } },
      },
      async () => listRejected(p),
    );

    app.post<{ Params: { id: string }; Body: DismissBody }>(
      '/rejected/:id/dismiss',
      {
        config: { policy: RESOLVERS },
        schema: { tags: ['exchange'], summary: '处理被拒条目 Dismiss a rejected entry with a note', params: dismissParamsSchema, body: dismissBodySchema, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404) } },
      },
      async (req, reply) => {
        await dismissRejected(p, actorOf(req), { id: req.params.id, note: req.body.note, node: req.body.node });
        return reply.code(204).send();
      },
    );
  };
}
