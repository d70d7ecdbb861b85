// Subscriptions (响应): a department subscribes to list entries/exits or to changes to subjects it
// checked; reads its feed and delivery log; replies with 反馈. Exchange API and work portal.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import { deliveryLog, eventFeed, getSubscription, listSubscriptions, replyToEvent, subscribe, unsubscribe } from './subscriptions.service.ts';
import {
  addSubscriptionSchema,
  deliveryLogSchema,
  feedQuerySchema,
  feedSchema,
  feedbackAnswerSchema,
  feedbackSchema,
  idParams,
  newSubscriptionSchema,
  subscriptionListSchema,
  subscriptionSchema,
  type AddSubscriptionRequest,
  type FeedbackRequest,
} from './subscriptions.schemas.ts';

// the responding department: its systems (feedback scope, as for 反馈 on checks) and its staff
const SUBSCRIBERS: RoutePolicy = { allow: ['client:feedback', 'department_clerk', 'department_admin'], scope: 'department' };
const READERS: RoutePolicy = { allow: ['client:feedback', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'], scope: 'department' };

export function subscriptionsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: AddSubscriptionRequest }>(
      '/subscriptions',
      {
        config: { policy: SUBSCRIBERS },
        schema: {
          tags: ['subscriptions'],
          summary: '订阅变动 Subscribe to list entries/exits or to changes to checked subjects',
          description:
            'kind list-changes with categories (list categories), or checked-subjects with checkedDays. With url, each event is POSTed there, signed like exchange requests (X-Xy-Key-Id is the subscription’s keyId, the secret is answered once) with X-Xy-Event-Id; retried with back-off until a 2xx. The feed serves the same events. Bad input: 400 naming the field.',
          security: [{ departmentClient: [] }],
          body: addSubscriptionSchema,
          response: { 200: newSubscriptionSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => subscribe(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.body),
    );

    app.get(
      '/subscriptions',
      {
        config: { policy: READERS },
        schema: { tags: ['subscriptions'], summary: '订阅列表 Subscriptions of the departments the caller may read', security: [{ departmentClient: [] }], response: { 200: subscriptionListSchema, ...errorResponses(401, 403) } },
      },
      async (req) => ({ items: await listSubscriptions(p, await readableDepartmentIds(p.db, req.principal)) }),
    );

    app.get<{ Params: { id: string } }>(
      '/subscriptions/:id',
      {
        config: { policy: READERS },
        schema: { tags: ['subscriptions'], summary: '订阅 A subscription', security: [{ departmentClient: [] }], params: idParams, response: { 200: subscriptionSchema, ...errorResponses(401, 403, 404) } },
      },
      async (req) => getSubscription(p, req.params.id, await readableDepartmentIds(p.db, req.principal)),
    );

    app.post<{ Params: { id: string } }>(
      '/subscriptions/:id/end',
      {
        config: { policy: SUBSCRIBERS },
        schema: { tags: ['subscriptions'], summary: '取消订阅 End a subscription', security: [{ departmentClient: [] }], params: idParams, response: { 200: subscriptionSchema, ...errorResponses(401, 403, 404) } },
      },
      async (req) => unsubscribe(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id),
    );

    app.get<{ Params: { id: string }; Querystring: { after: number; limit: number } }>(
      '/subscriptions/:id/feed',
      {
        config: { policy: READERS },
        schema: {
          tags: ['subscriptions'],
          summary: '事件补取 The subscription’s events after a seq (to catch up)',
          security: [{ departmentClient: [] }],
          params: idParams,
          querystring: feedQuerySchema,
          response: { 200: feedSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => eventFeed(p, req.params.id, await readableDepartmentIds(p.db, req.principal), req.query.after, req.query.limit),
    );

    app.get<{ Params: { id: string } }>(
      '/subscriptions/:id/deliveries',
      {
        config: { policy: READERS },
        schema: { tags: ['subscriptions'], summary: '推送记录 The delivery log, newest first', security: [{ departmentClient: [] }], params: idParams, response: { 200: deliveryLogSchema, ...errorResponses(401, 403, 404) } },
      },
      async (req) => ({ items: await deliveryLog(p, req.params.id, await readableDepartmentIds(p.db, req.principal), 200) }),
    );

    app.post<{ Params: { id: string }; Body: FeedbackRequest }>(
      '/subscription-events/:id/feedback',
      {
        config: { policy: SUBSCRIBERS },
        schema: {
          tags: ['subscriptions'],
          summary: '反馈 Reply to an event (applied, not-applied, not-applicable, noted)',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: feedbackSchema,
          response: { 200: feedbackAnswerSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => replyToEvent(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );
  };
}
