// Typed client for subscriptions (/api/v1/subscriptions) with the work portal's session handling.
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson, type FetchLike } from '../api.ts';
import type { AddSubscriptionRequest, DeliveryLog, FeedbackRequest, NewSubscription, Subscription, SubscriptionEvent } from '../../../../src/modules/subscriptions/subscriptions.schemas.ts';

export type { AddSubscriptionRequest, DeliveryLog, NewSubscription, Subscription, SubscriptionEvent };

export function createSubscriptionsApi(fetchImpl: FetchLike) {
  const id = encodeURIComponent;
  return {
    add: (body: AddSubscriptionRequest) => sendJson<NewSubscription>(fetchImpl, 'POST', `${API}/subscriptions`, body),
    list: (signal?: AbortSignal) => sendJson<{ items: Subscription[] }>(fetchImpl, 'GET', `${API}/subscriptions`, undefined, signal),
    end: (subscriptionId: string) => sendJson<Subscription>(fetchImpl, 'POST', `${API}/subscriptions/${id(subscriptionId)}/end`, {}),
    feed: (subscriptionId: string, after: number, signal?: AbortSignal) =>
      sendJson<{ items: SubscriptionEvent[]; next: number }>(fetchImpl, 'GET', `${API}/subscriptions/${id(subscriptionId)}/feed${buildQuery({ after, limit: 100 })}`, undefined, signal),
    deliveries: (subscriptionId: string, signal?: AbortSignal) => sendJson<DeliveryLog>(fetchImpl, 'GET', `${API}/subscriptions/${id(subscriptionId)}/deliveries`, undefined, signal),
    feedback: (eventId: string, body: FeedbackRequest) => sendJson<{ eventId: string }>(fetchImpl, 'POST', `${API}/subscription-events/${id(eventId)}/feedback`, body),
  };
}

export const subscriptionsApi = createSubscriptionsApi((input, init) => fetch(input, init));
