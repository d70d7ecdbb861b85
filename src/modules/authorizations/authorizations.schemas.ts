// JSON schemas of subject authorizations (they feed the OpenAPI document).
import { AUTHORIZATION_SCOPES } from './authorizations.rules.ts';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const grantSchema = {
  type: 'object',
  properties: {
    requester: { type: 'string', minLength: 1, maxLength: 32, description: 'the requester’s 统一社会信用代码, as registered on the platform (bank, credit agency…)' },
    scope: { type: 'string', enum: [...AUTHORIZATION_SCOPES], description: 'full-report: full-edition credit report; credit-file: the credit file' },
    purpose: { type: 'string', minLength: 1, maxLength: 500, description: 'what the requester may use it for (e.g. 个人住房贷款审批)' },
    validFrom: { ...date, description: 'first day of validity (default today)' },
    validUntil: { ...date, description: 'last day of validity, inclusive (default one year on; at most one year)' },
  },
  required: ['requester', 'scope', 'purpose'],
  additionalProperties: false,
} as const;

export const authorizationSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    requester: { type: 'object', properties: { name: { type: 'string' }, uscc: { type: 'string' } }, required: ['name', 'uscc'] },
    scope: { type: 'string', enum: [...AUTHORIZATION_SCOPES] },
    purpose: { type: 'string' },
    validFrom: date,
    validUntil: date,
    grantedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    status: { type: 'string', enum: ['valid', 'not-yet-valid', 'expired', 'revoked'] },
  },
  required: ['id', 'requester', 'scope', 'purpose', 'validFrom', 'validUntil', 'grantedAt', 'revokedAt', 'status'],
} as const;

export const authorizationListSchema = { type: 'object', properties: { items: { type: 'array', items: authorizationSchema } }, required: ['items'] } as const;
