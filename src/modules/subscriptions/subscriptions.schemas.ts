// Request and answer schemas of subscriptions (响应), shared with the web app (types below).
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;

export const addSubscriptionSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', maxLength: 32, description: 'list-changes (entries and exits of the given list categories) or checked-subjects (any change to subjects the department checked in the last checkedDays days)' },
    categories: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 64 }, description: 'list-changes: list category codes' },
    checkedDays: { type: 'integer', description: 'checked-subjects: 1–3650' },
    url: { type: 'string', maxLength: 2000, description: 'https webhook URL; left out: feed only' },
  },
  required: ['kind'],
  additionalProperties: false,
} as const;

const subscriptionProps = {
  id: { type: 'string' },
  keyId: { type: 'string', description: 'signing key id of the webhooks (X-Xy-Key-Id)' },
  department: { type: 'integer' },
  kind: { type: 'string', enum: ['list-changes', 'checked-subjects'] },
  categories: { type: 'array', items: { type: 'string' } },
  checkedDays: { type: ['integer', 'null'] },
  url: nullableString,
  active: { type: 'boolean' },
  createdAt: { type: 'string' },
  endedAt: nullableString,
} as const;
const subscriptionRequired = ['id', 'keyId', 'department', 'kind', 'categories', 'checkedDays', 'url', 'active', 'createdAt', 'endedAt'] as const;

export const subscriptionSchema = { type: 'object', properties: subscriptionProps, required: subscriptionRequired, additionalProperties: false } as const;
export const newSubscriptionSchema = {
  type: 'object',
  properties: { ...subscriptionProps, secret: { type: 'string', description: 'the webhook signing secret, shown only now' } },
  required: [...subscriptionRequired, 'secret'],
  additionalProperties: false,
} as const;
export const subscriptionListSchema = { type: 'object', properties: { items: { type: 'array', items: subscriptionSchema } }, required: ['items'], additionalProperties: false } as const;

export const eventSchema = {
  type: 'object',
  properties: {
    eventId: { type: 'string' },
    seq: { type: 'integer' },
    subscriptionId: { type: 'string' },
    createdAt: { type: 'string' },
    kind: { type: 'string', enum: ['entry', 'exit', 'change'] },
    withheld: { type: 'boolean', description: 'a person’s record that is not public: only that the subject has a change; category, record and department are null (read them, where the personal-data rule allows, through a check or the staff credit query)' },
    category: nullableString,
    department: nullableString,
    record: {
      anyOf: [
        {
          type: 'object',
          properties: { id: { type: 'integer' }, sourceRef: { type: 'string' }, version: { type: 'integer' }, status: { type: 'string' }, statusOn: nullableString, decisionDate: { type: 'string' } },
          required: ['id', 'sourceRef', 'version', 'status', 'statusOn', 'decisionDate'],
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    },
    subject: {
      type: 'object',
      properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, uscc: nullableString },
      required: ['id', 'kind'],
      additionalProperties: false,
    },
    delivered: { type: 'boolean' },
    attempts: { type: 'integer' },
  },
  required: ['eventId', 'seq', 'subscriptionId', 'createdAt', 'kind', 'category', 'department', 'record', 'subject', 'delivered', 'attempts'],
  additionalProperties: false,
} as const;

export const feedQuerySchema = {
  type: 'object',
  properties: { after: { type: 'integer', minimum: 0, default: 0, description: 'the last seq already seen' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  additionalProperties: false,
} as const;
export const feedSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: eventSchema }, next: { type: 'integer', description: 'pass as after to continue' } },
  required: ['items', 'next'],
  additionalProperties: false,
} as const;

export const deliveryLogSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { eventId: { type: 'string' }, attempt: { type: 'integer' }, at: { type: 'string' }, ok: { type: 'boolean' }, statusCode: { type: ['integer', 'null'] }, error: nullableString },
        required: ['eventId', 'attempt', 'at', 'ok', 'statusCode', 'error'],
        additionalProperties: false,
      },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const;

export const feedbackSchema = {
  type: 'object',
  properties: { action: { type: 'string', maxLength: 32, description: 'applied, not-applied, not-applicable or noted' }, note: { type: 'string', maxLength: 4000 } },
  required: ['action', 'note'],
  additionalProperties: false,
} as const;
export const feedbackAnswerSchema = {
  type: 'object',
  properties: {
    eventId: { type: 'string' },
    feedback: {
      type: 'array',
      items: { type: 'object', properties: { action: { type: 'string' }, note: { type: 'string' }, createdAt: { type: 'string' } }, required: ['action', 'note', 'createdAt'], additionalProperties: false },
    },
  },
  required: ['eventId', 'feedback'],
  additionalProperties: false,
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export type AddSubscriptionRequest = RequestType<typeof addSubscriptionSchema>;
export type FeedbackRequest = RequestType<typeof feedbackSchema>;
export type Subscription = SchemaType<typeof subscriptionSchema>;
export type NewSubscription = SchemaType<typeof newSubscriptionSchema>;
export type SubscriptionEvent = SchemaType<typeof eventSchema>;
export type DeliveryLog = SchemaType<typeof deliveryLogSchema>;
