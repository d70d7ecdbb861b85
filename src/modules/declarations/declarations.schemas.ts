// Request and answer schemas of 主动申报 (self-declared information), shared with the web app.
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;

export const declareSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', maxLength: 32, description: 'qualification, honour, certification, social-responsibility or commitment' },
    title: { type: 'string', maxLength: 200, description: '名称, e.g. 建筑业企业资质证书 施工总承包二级' },
    content: { type: 'string', maxLength: 4000 },
    issuer: { type: 'string', maxLength: 200, description: '发证/授予机关 as the subject states it' },
    validUntil: { type: 'string', maxLength: 32, description: 'YYYY-MM-DD' },
  },
  required: ['kind', 'title', 'content'],
  additionalProperties: false,
} as const;

export const flagSchema = {
  type: 'object',
  properties: { reason: { type: 'string', maxLength: 2000 } },
  required: ['reason'],
  additionalProperties: false,
} as const;

const declarationProps = {
  declarationId: { type: 'string' },
  number: { type: 'string' },
  source: { type: 'string', enum: ['自主申报'], description: 'always 自主申报: the subject’s own word, not a department record' },
  kind: { type: 'string', enum: ['qualification', 'honour', 'certification', 'social-responsibility', 'commitment'] },
  kindName: { type: 'string' },
  title: { type: 'string' },
  content: { type: 'string' },
  issuer: nullableString,
  validUntil: nullableString,
  declaredOn: { type: 'string' },
  status: { type: 'string', enum: ['declared', 'withdrawn', 'false'] },
  flaggedOn: nullableString,
  flagReason: nullableString,
} as const;
const declarationRequired = ['declarationId', 'number', 'source', 'kind', 'kindName', 'title', 'content', 'issuer', 'validUntil', 'declaredOn', 'status', 'flaggedOn', 'flagReason'] as const;

export const declarationSchema = { type: 'object', properties: declarationProps, required: declarationRequired, additionalProperties: false } as const;
export const flaggedSchema = {
  type: 'object',
  properties: { ...declarationProps, recordId: { type: 'integer', description: 'the false-declaration record filed' } },
  required: [...declarationRequired, 'recordId'],
  additionalProperties: false,
} as const;
export const declarationListSchema = { type: 'object', properties: { items: { type: 'array', items: declarationSchema } }, required: ['items'], additionalProperties: false } as const;

export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
export const codeParams = { type: 'object', properties: { code: { type: 'string', maxLength: 64 } }, required: ['code'] } as const;
export const subjectQuerySchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', maxLength: 64, description: 'a subject’s code: its declarations, flagged ones too; without it the review queue' },
    status: { type: 'string', enum: ['declared', 'withdrawn', 'false'], description: 'review queue only: which declarations (default declared, the standing ones)' },
  },
  additionalProperties: false,
} as const;

// GET /declarations: a subject's declarations, or the review queue (the newest of every subject, each with its subject).
export const reviewQueueSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...declarationProps, subject: { type: 'object', description: 'the review queue only (without ?subject=)', properties: { name: { type: 'string' }, code: nullableString }, required: ['name', 'code'] } },
        required: declarationRequired,
        additionalProperties: false,
      },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const;

export type DeclareRequest = RequestType<typeof declareSchema>;
export type FlagRequest = RequestType<typeof flagSchema>;
export type Declaration = SchemaType<typeof declarationSchema>;
export type QueuedDeclaration = SchemaType<typeof reviewQueueSchema>['items'][number];
