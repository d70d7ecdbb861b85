// Request and answer schemas of 诚信典型 (exemplars), shared with the web app (types below).
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;
const statuses = ['nominated', 'publicity', 'approved', 'rejected', 'withdrawn'] as const;

export const nominateSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', maxLength: 64, description: 'USCC, ID number or public id of a subject on the platform' },
    title: { type: 'string', maxLength: 200, description: '荣誉称号, e.g. 诚信经营示范企业' },
    domain: { type: 'string', maxLength: 100, description: '所属领域' },
    deeds: { type: 'string', maxLength: 4000, description: '典型事迹' },
    year: { type: 'integer', description: 'selection year (default this year)' },
  },
  required: ['subject', 'title', 'domain', 'deeds'],
  additionalProperties: false,
} as const;

export const reviewSchema = {
  type: 'object',
  properties: { decision: { type: 'string', maxLength: 16, description: 'pass or reject' }, note: { type: 'string', maxLength: 2000 } },
  required: ['decision'],
  additionalProperties: false,
} as const;

export const decideSchema = {
  type: 'object',
  properties: { decision: { type: 'string', maxLength: 16, description: 'approve or reject' }, note: { type: 'string', maxLength: 2000 } },
  required: ['decision'],
  additionalProperties: false,
} as const;

export const objectionSchema = {
  type: 'object',
  properties: { content: { type: 'string', maxLength: 4000 } },
  required: ['content'],
  additionalProperties: false,
} as const;

export const exemplarSchema = {
  type: 'object',
  properties: {
    exemplarId: { type: 'string' },
    number: { type: 'string' },
    status: { type: 'string', enum: statuses },
    subject: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, uscc: nullableString },
      required: ['id', 'name', 'kind', 'uscc'],
      additionalProperties: false,
    },
    department: { type: 'string' },
    year: { type: 'integer' },
    title: { type: 'string' },
    domain: { type: 'string' },
    deeds: { type: 'string' },
    publicityFrom: nullableString,
    publicityUntil: nullableString,
    reviewNote: nullableString,
    decisionNote: nullableString,
    recordId: { type: ['integer', 'null'] },
    withdrawnOn: nullableString,
    withdrawReason: nullableString,
    objections: { type: 'integer' },
  },
  required: ['exemplarId', 'number', 'status', 'subject', 'department', 'year', 'title', 'domain', 'deeds', 'publicityFrom', 'publicityUntil', 'reviewNote', 'decisionNote', 'recordId', 'withdrawnOn', 'withdrawReason', 'objections'],
  additionalProperties: false,
} as const;

export const exemplarListSchema = { type: 'object', properties: { items: { type: 'array', items: exemplarSchema } }, required: ['items'], additionalProperties: false } as const;
export const listQuerySchema = { type: 'object', properties: { status: { type: 'string', enum: statuses } }, additionalProperties: false } as const;

export const objectionListSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'integer' }, content: { type: 'string' }, filedAt: { type: 'string' } }, required: ['id', 'content', 'filedAt'], additionalProperties: false },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const;

export const publicityListSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          exemplarId: { type: 'string' },
          number: { type: 'string' },
          subjectName: { type: 'string' },
          subjectUscc: nullableString,
          department: { type: 'string' },
          year: { type: 'integer' },
          title: { type: 'string' },
          domain: { type: 'string' },
          deeds: { type: 'string' },
          publicityFrom: { type: 'string' },
          publicityUntil: { type: 'string' },
        },
        required: ['exemplarId', 'number', 'subjectName', 'subjectUscc', 'department', 'year', 'title', 'domain', 'deeds', 'publicityFrom', 'publicityUntil'],
        additionalProperties: false,
      },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const;

export const objectionAnswerSchema = {
  type: 'object',
  properties: { exemplar: { type: 'string' }, objectionId: { type: 'integer' } },
  required: ['exemplar', 'objectionId'],
  additionalProperties: false,
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export type NominateRequest = RequestType<typeof nominateSchema>;
export type ReviewRequest = RequestType<typeof reviewSchema>;
export type DecideRequest = RequestType<typeof decideSchema>;
export type ObjectionRequest = RequestType<typeof objectionSchema>;
export type Exemplar = SchemaType<typeof exemplarSchema>;
export type PublicityItem = SchemaType<typeof publicityListSchema>['items'][number];
