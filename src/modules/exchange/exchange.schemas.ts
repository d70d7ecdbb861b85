// JSON schemas of the exchange between nodes (docs/exchange.md, the platform's exchange standard).
import type { SchemaType, RequestType } from '../../kernel/http-schemas.ts';

const dateText = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const idText = { type: 'string', pattern: '^[1-9]\\d{0,17}$' } as const;

export const exchangeDepartmentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uscc: { type: 'string', minLength: 18, maxLength: 18 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    regionCode: { type: 'string', pattern: '^\\d{6}$' },
    kinds: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 50 },
  },
  required: ['uscc', 'name', 'regionCode', 'kinds'],
} as const;

export const exchangeEntrySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idText, // the sender's record version id: with the node, the idempotence key
    kind: { type: 'string', enum: ['content', 'status'] },
    category: { type: 'string', maxLength: 64 },
    department: { type: 'string', minLength: 18, maxLength: 18 },
    ref: { type: 'string', minLength: 1, maxLength: 500 },
    version: { type: 'integer', minimum: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    receivedOn: dateText,
    origin: {
      type: 'object',
      additionalProperties: false,
      properties: { region: { type: 'string', pattern: '^\\d{6}$' }, createdAt: { type: 'string', format: 'date-time' } },
      required: ['region', 'createdAt'],
    },
    record: { type: 'object' }, // content: the record's fields by code, personal fields in clear
    status: {
      type: 'object',
      additionalProperties: false,
      properties: { status: { type: 'string', enum: ['exited', 'revoked', 'repaired'] }, on: dateText, reason: { type: 'string', maxLength: 2000 } },
      required: ['status', 'on', 'reason'],
    },
  },
  required: ['id', 'kind', 'category', 'department', 'ref', 'version', 'createdAt', 'receivedOn', 'origin'],
} as const;

export const exchangeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    node: { type: 'string', pattern: '^\\d{6}$' },
    departments: { type: 'array', items: exchangeDepartmentSchema, maxItems: 5000 },
    entries: { type: 'array', items: exchangeEntrySchema, minItems: 1, maxItems: 5000 },
  },
  required: ['node', 'departments', 'entries'],
} as const;

export const exchangeResultSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    outcome: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'zh', 'en'] },
    },
  },
  required: ['id', 'outcome'],
} as const;

export const exchangeAnswerSchema = { type: 'object', properties: { results: { type: 'array', items: exchangeResultSchema } }, required: ['results'] } as const;

export const exchangeStatusSchema = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: ['province', 'city', 'national'] },
    region: { type: 'string' },
    upstream: {
      type: ['object', 'null'],
      properties: {
        url: { type: 'string' },
        pending: { type: 'integer' },
        oldestPendingAt: { type: ['string', 'null'] },
        delivered: { type: 'integer' },
        rejected: { type: 'integer' },
        lastSuccessAt: { type: ['string', 'null'] },
        lastError: { type: ['string', 'null'] },
      },
      required: ['url', 'pending', 'oldestPendingAt', 'delivered', 'rejected', 'lastSuccessAt', 'lastError'],
    },
    children: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          region: { type: 'string' },
          name: { type: 'string' },
          received: { type: 'integer' },
          rejected: { type: 'integer' },
          lastReceivedAt: { type: ['string', 'null'] },
          feedCursor: { type: ['string', 'null'] },
        },
        required: ['region', 'name', 'received', 'rejected', 'lastReceivedAt', 'feedCursor'],
      },
    },
  },
  required: ['role', 'region', 'upstream', 'children'],
} as const;

export type ExchangeRequest = RequestType<typeof exchangeRequestSchema>;
export type ExchangeEntry = RequestType<typeof exchangeEntrySchema>;
export type ExchangeResult = SchemaType<typeof exchangeResultSchema>;
export type ExchangeAnswer = SchemaType<typeof exchangeAnswerSchema>;
export type ExchangeStatus = SchemaType<typeof exchangeStatusSchema>;

const rejectedItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    ref: { type: 'string' },
    department: { type: 'string' },
    node: { type: ['string', 'null'] },
    errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
    at: { type: ['string', 'null'] },
  },
  required: ['id', 'category', 'ref', 'department', 'node', 'errors', 'at'],
} as const;

export const rejectedListSchema = {
  type: 'object',
  properties: { outbox: { type: 'array', items: rejectedItem }, received: { type: 'array', items: rejectedItem } },
  required: ['outbox', 'received'],
} as const;

export const dismissParamsSchema = { type: 'object', properties: { id: { type: 'string', pattern: '^\\d{1,18}$' } }, required: ['id'] } as const;
export const dismissBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { note: { type: 'string', minLength: 1, maxLength: 2000 }, node: { type: 'string', pattern: '^\\d{6}$' } },
  required: ['note'],
} as const;
export type DismissBody = RequestType<typeof dismissBodySchema>;
export type RejectedList = SchemaType<typeof rejectedListSchema>;

// ---- the downward feed (GET /api/v1/exchange/feed?after=CURSOR)

export const feedQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { after: { type: 'string', pattern: '^\\d{1,18}$' }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
} as const;
export type FeedQuery = RequestType<typeof feedQuerySchema>;

// Items other than record versions (migrations/0030, decisions/0030): measure revisions,
// directory revisions, calendar days and official years, each with its feed position `seq`.
export const feedItemSchema = {
  type: 'object',
  properties: {
    seq: { type: 'string' },
    kind: { type: 'string', enum: ['measure', 'directory', 'calendar-day', 'calendar-year'] },
    key: { type: 'string' }, // the child's idempotence key
    measure: {
      type: 'object',
      properties: { id: { type: 'string' }, revision: { type: 'integer' }, active: { type: 'boolean' }, definition: { type: 'object', additionalProperties: true } },
      required: ['id', 'revision', 'active', 'definition'],
    },
    directory: {
      type: 'object',
      properties: {
        key: { type: 'string' },
        revision: { type: 'integer' },
        departmentUscc: { type: ['string', 'null'] },
        departmentRegion: { type: ['string', 'null'] },
        departmentKind: { type: ['string', 'null'] },
        category: { type: 'string' },
        frequency: { type: 'string' },
        from: { type: 'string' },
        zeroCounts: { type: 'boolean' },
        active: { type: 'boolean' },
        note: { type: ['string', 'null'] },
      },
      required: ['key', 'revision', 'departmentUscc', 'departmentRegion', 'departmentKind', 'category', 'frequency', 'from', 'zeroCounts', 'active', 'note'],
    },
    day: {
      type: 'object',
      properties: {
        date: { type: 'string' },
        // null: the parent has no override of the day (removed)
        state: { type: ['object', 'null'], properties: { workingDay: { type: 'boolean' }, note: { type: ['string', 'null'] } }, required: ['workingDay', 'note'] },
      },
      required: ['date', 'state'],
    },
    year: { type: 'object', properties: { year: { type: 'integer' }, source: { type: 'string' } }, required: ['year', 'source'] },
  },
  required: ['seq', 'kind', 'key'],
} as const;
export type FeedItem = SchemaType<typeof feedItemSchema>;

export const feedAnswerSchema = {
  type: 'object',
  properties: {
    node: { type: 'string' }, // the parent's region
    departments: { type: 'array', items: exchangeDepartmentSchema },
    entries: {
      type: 'array',
      items: {
        ...exchangeEntrySchema,
        properties: { ...exchangeEntrySchema.properties, record: { type: 'object', additionalProperties: { type: 'string' } }, seq: { type: 'string' } },
      },
    },
    items: { type: 'array', items: feedItemSchema },
    next: { type: 'string' }, // the cursor to ask after next time
    more: { type: 'boolean' }, // a full page: ask again at once
  },
  required: ['node', 'departments', 'entries', 'items', 'next', 'more'],
} as const;
// entries: record versions; items: the other kinds; both carry `seq`, the order the child applies them in
export type FeedEntry = ExchangeEntry & { seq?: string };
export type FeedAnswer = { node: string; departments: ExchangeRequest['departments']; entries: FeedEntry[]; items?: FeedItem[]; next: string; more: boolean };
