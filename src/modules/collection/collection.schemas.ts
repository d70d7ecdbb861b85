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

// A department's own records (本部门报送记录): the filters, shared by the page and the export.
const ownRecordFilters = {
  category: { type: 'string', maxLength: 64, description: 'a catalog category code (penalty, license, dishonest-debtor, …)' },
  from: { type: 'string', maxLength: 10, description: 'decision date from (YYYY-MM-DD, inclusive)' },
  to: { type: 'string', maxLength: 10, description: 'decision date to (YYYY-MM-DD, inclusive)' },
  late: { type: 'boolean', description: 'true: only records received late (more than 7 working days after the decision); false: only on time' },
  status: { type: 'string', maxLength: 16, description: 'active, exited, revoked, repaired' },
} as const;

export const ownRecordsQuerySchema = { type: 'object', properties: { ...ownRecordFilters, ...pageQuery }, additionalProperties: false } as const;
export const ownRecordsExportQuerySchema = { type: 'object', properties: ownRecordFilters, additionalProperties: false } as const;

const nullableString = { type: ['string', 'null'] } as const;
export const ownRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    ref: { type: 'string' },
    version: { type: 'integer' },
    decisionDate: { type: 'string', format: 'date' },
    severity: nullableString,
    status: { type: 'string' },
    statusOn: nullableString,
    late: { type: 'boolean' },
    receivedAt: { type: 'string' },
    batchId: nullableString,
    publicFrom: nullableString,
    publicUntil: nullableString,
    publicToday: { type: 'boolean' },
    subject: {
      type: 'object',
      properties: { kind: { type: 'string' }, name: { type: 'string' }, code: nullableString, maskedId: nullableString },
      required: ['kind', 'name', 'code', 'maskedId'],
    },
    removal: {
      type: ['object', 'null'],
      description: '履行完毕的名单条目：移出时限（履行完毕日期起第 workingDays 个工作日为在名单上的最后一天）',
      properties: {
        performedOn: { type: 'string', format: 'date' },
        workingDays: { type: 'integer' },
        deadline: { type: 'string', format: 'date' },
        state: { type: 'string', enum: ['running', 'due-today', 'overdue', 'done'] },
        stateName: { type: 'string' },
        remainingWorkingDays: { type: 'integer' },
      },
      required: ['performedOn', 'workingDays', 'deadline', 'state', 'stateName', 'remainingWorkingDays'],
    },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'version', 'decisionDate', 'severity', 'status', 'statusOn', 'late', 'receivedAt', 'batchId', 'publicFrom', 'publicUntil', 'publicToday', 'subject', 'removal'],
} as const;

export const ownRecordsPageSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: ownRecordSchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;

export type OwnRecord = SchemaType<typeof ownRecordSchema>;
export type OwnRecordsPage = SchemaType<typeof ownRecordsPageSchema>;
