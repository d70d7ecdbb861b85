// JSON schemas of the collection API (also the published 接口规范 via OpenAPI). The category
// enum comes from the catalog at start, so the schemas that name it are functions of the codes.
import { pageQuery, type SchemaType } from '../../kernel/http-schemas.ts';

export const countsSchema = {
  type: 'object',
  properties: { rows: { type: 'integer' }, created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' }, rejected: { type: 'integer' } },
  required: ['rows', 'created', 'updated', 'unchanged', 'rejected'],
} as const;

export const fieldErrorSchema = {
  type: 'object',
  properties: { field: { type: 'string' }, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, value: { type: 'string' } },
  required: ['field', 'code', 'zh', 'en'],
} as const;

export const batchSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    category: { type: 'string' },
    source: { type: 'string', enum: ['api', 'file'] },
    filename: { type: ['string', 'null'] },
    fileSha256: { type: ['string', 'null'] },
    fileSize: { type: ['integer', 'null'] },
    status: { type: 'string', enum: ['running', 'completed', 'failed'] },
    counts: countsSchema,
    failure: { type: ['object', 'null'], properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
  required: ['id', 'category', 'source', 'status', 'counts', 'startedAt'],
} as const;

export const jsonBatchRequestSchema = (categories: string[]) =>
  ({
    type: 'object',
    properties: { category: { type: 'string', enum: categories }, records: { type: 'array', minItems: 1, items: { type: 'object' } } },
    required: ['category', 'records'],
  }) as const;

export const jsonBatchAnswerSchema = {
  type: 'object',
  properties: {
    batchId: { type: 'string' },
    category: { type: 'string' },
    counts: countsSchema,
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', description: 'position in records, from 0' },
          status: { type: 'string', enum: ['created', 'updated', 'unchanged', 'rejected'] },
          ref: { type: 'string' },
          recordId: { type: 'string' },
          version: { type: 'integer' },
          errors: { type: 'array', items: fieldErrorSchema },
        },
        required: ['index', 'status'],
      },
    },
  },
  required: ['batchId', 'category', 'counts', 'results'],
} as const;

export const fileUploadQuerySchema = (categories: string[]) =>
  ({
    type: 'object',
    properties: { category: { type: 'string', enum: categories }, filename: { type: 'string', maxLength: 255 } },
    required: ['category'],
  }) as const;

export const batchListQuerySchema = { type: 'object', properties: { ...pageQuery } } as const;

export const batchListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: batchSchema }, total: { type: 'integer' } },
  required: ['items', 'total'],
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const errorReportQuerySchema = { type: 'object', properties: { format: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } } } as const;

export const firstErrorsQuerySchema = { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } } as const;

export const batchErrorSchema = {
  type: 'object',
  properties: { row: { type: 'integer' }, field: { type: ['string', 'null'] }, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, value: { type: ['string', 'null'] } },
  required: ['row', 'field', 'code', 'zh', 'en', 'value'],
} as const;

export const firstErrorsSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: batchErrorSchema } },
  required: ['items'],
} as const;

export type BatchCounts = SchemaType<typeof countsSchema>;
export type Batch = SchemaType<typeof batchSchema>;
export type BatchStatus = Batch['status'];
export type BatchList = SchemaType<typeof batchListSchema>;
export type JsonBatchAnswer = SchemaType<typeof jsonBatchAnswerSchema>;
export type BatchError = SchemaType<typeof batchErrorSchema>;
export type FirstErrors = SchemaType<typeof firstErrorsSchema>;
