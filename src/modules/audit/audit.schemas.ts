// JSON schemas of the auditor API (shared with the work portal).
import type { SchemaType } from '../../kernel/http-schemas.ts';

export const auditQuerySchema = {
  type: 'object',
  properties: {
    from: { type: 'string', description: '起 From: a day YYYY-MM-DD (Asia/Shanghai, inclusive) or an ISO 8601 time' },
    to: { type: 'string', description: '止 To: a day YYYY-MM-DD (inclusive) or an ISO 8601 time (inclusive)' },
    actor: { type: 'string', maxLength: 200, description: '操作者 Exact actor, e.g. staff:zhangwei, api-client:xk_…, cli:root' },
    action: { type: 'string', maxLength: 200, description: '操作 Exact action, or a prefix ending in * (personal-data.*)' },
    target: { type: 'string', maxLength: 500, description: '对象 Exact target, or a prefix ending in * (department:*)' },
  },
} as const;

export const auditSearchQuerySchema = {
  type: 'object',
  properties: {
    ...auditQuerySchema.properties,
    page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export const auditExportQuerySchema = {
  type: 'object',
  properties: { ...auditQuerySchema.properties, format: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } },
} as const;

export const auditEventSchema = {
  type: 'object',
  properties: {
    seq: { type: ['integer', 'null'], description: 'Position in the hash chain; null for an event committed but not yet chained (normally under a second)' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    actorKind: { type: 'string', enum: ['cli', 'api-client', 'staff', 'public', 'system'] },
    action: { type: 'string' },
    actionLabel: { type: 'string', description: '操作名称 Chinese name of the action' },
    target: { type: ['string', 'null'] },
    detail: { type: 'object', additionalProperties: true },
    ip: { type: ['string', 'null'] },
    why: { type: ['string', 'null'], description: '事由 Reason given (reads of personal data)' },
    hashAlg: { type: ['string', 'null'], enum: ['sha256', 'sm3', null] },
    prevHash: { type: ['string', 'null'] },
    hash: { type: ['string', 'null'] },
  },
  required: ['seq', 'at', 'actor', 'actorKind', 'action', 'target', 'detail', 'ip', 'why', 'hashAlg', 'prevHash', 'hash'],
} as const;

export const auditSearchResponse = {
  type: 'object',
  properties: {
    items: { type: 'array', items: auditEventSchema },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    hasMore: { type: 'boolean' },
  },
  required: ['items', 'page', 'pageSize', 'hasMore'],
} as const;

export const auditProblemSchema = {
  type: 'object',
  properties: {
    kind: {
      type: 'string',
      enum: ['removed', 'altered', 'reordered', 'unsealed', 'rewritten', 'checkpoint-forged', 'checkpoint-unknown-key', 'checkpoint-removed', 'head-mismatch'],
    },
    seq: { type: 'integer', description: 'The first event concerned' },
    toSeq: { type: 'integer', description: 'The last event concerned, for a range' },
    checkpointId: { type: 'integer' },
    zh: { type: 'string' },
    en: { type: 'string' },
  },
  required: ['kind', 'seq', 'zh', 'en'],
} as const;

export const auditVerificationSchema = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    events: { type: 'integer' },
    lastSeq: { type: 'integer' },
    lastHash: { type: ['string', 'null'] },
    head: { type: ['object', 'null'], properties: { seq: { type: 'integer' }, hash: { type: ['string', 'null'] } } },
    algorithms: { type: 'object', additionalProperties: { type: 'integer' } },
    checkpoints: { type: 'integer' },
    checkpointsVerified: { type: 'integer' },
    lastCheckpoint: {
      type: 'object',
      properties: { id: { type: 'integer' }, seq: { type: 'integer' }, at: { type: 'string' }, keyId: { type: 'string' } },
    },
    unsignedEvents: { type: 'integer' },
    unchained: { type: 'integer', description: 'Events committed but not yet linked into the chain by the sequencer' },
    trustedKeys: { type: 'array', items: { type: 'string' } },
    firstProblem: auditProblemSchema,
    problems: { type: 'array', items: auditProblemSchema, description: 'In seq order, at most 100' },
    problemCount: { type: 'integer' },
  },
  required: ['ok', 'events', 'lastSeq', 'checkpoints', 'checkpointsVerified', 'unsignedEvents', 'problems', 'problemCount'],
} as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
export type AuditEvent = SchemaType<typeof auditEventSchema>;
export type AuditPage = SchemaType<typeof auditSearchResponse>;
export type AuditProblem = SchemaType<typeof auditProblemSchema>;
export type AuditVerification = SchemaType<typeof auditVerificationSchema>;
