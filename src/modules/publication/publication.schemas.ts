// JSON schemas of the public API (also the published 接口规范 through OpenAPI).
import type { SchemaType } from '../../kernel/http-schemas.ts';

const kind = { type: 'string', enum: ['organization', 'individual_business', 'person'] } as const;
const nullableString = { type: ['string', 'null'] } as const;
const date = { type: 'string', format: 'date' } as const;

export const subjectSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the subject’s public id (uuid)' },
    code: { ...nullableString, description: 'USCC, or 工商注册号 for 个体工商户 without one; null for persons' },
    kind,
    name: { type: 'string' },
    maskedId: { ...nullableString, description: 'persons: masked document number' },
    orgCode: nullableString,
  },
  required: ['id', 'code', 'kind', 'name', 'maskedId'],
} as const;

export const publicRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    list: {
      type: ['object', 'null'],
      properties: { kind: { type: 'string', enum: ['red', 'black'] } },
      required: ['kind'],
      description: 'list entries (红黑名单): the kind of list; null for licences and penalties',
    },
    ref: { type: 'string', description: '决定书文号 / 许可文书号 / 认定文书号 (the court list: 案号)' },
    decisionDate: date,
    validUntil: { type: ['string', 'null'], format: 'date', description: 'licences: 有效期至; list entries: the term (有效期至), null = until exited' },
    severity: { type: ['string', 'null'], enum: ['general', 'serious', null] },
    publicFrom: date,
    publicUntil: { type: ['string', 'null'], format: 'date' },
    department: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    disputed: { type: 'boolean', description: 'under objection (异议处理中): the providing department is verifying it' },
    fields: {
      type: 'array',
      items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'name', 'value'] },
    },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'decisionDate', 'publicFrom', 'publicUntil', 'department', 'disputed', 'fields'],
} as const;

// A tab of the subject page: licences and penalties always, then each list the subject is on.
export const subjectCategorySchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['license', 'penalty', 'red', 'black'] },
    count: { type: 'integer', description: 'records of this category public today (the records array holds them all)' },
  },
  required: ['code', 'name', 'kind', 'count'],
} as const;

export const subjectSearchResponse = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { ...subjectSummarySchema, properties: { ...subjectSummarySchema.properties, publicRecordCount: { type: 'integer' } } },
    },
    total: { type: 'integer', description: 'matches, counted up to 10,000' },
    totalCapped: { type: 'boolean', description: 'more than 10,000 matches: show the total as "10,000+"; pages reach the first 10,000' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    note: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
  },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;

export const publicationItemSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    ref: { type: 'string' },
    decisionDate: date,
    subject: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, code: nullableString, kind },
      required: ['id', 'name', 'code', 'kind'],
    },
    summary: { type: 'string' },
    department: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    disputed: { type: 'boolean', description: 'under objection (异议处理中)' },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'decisionDate', 'subject', 'summary', 'department', 'disputed'],
} as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
export type PublicRecord = SchemaType<typeof publicRecordSchema>;
export type SubjectCategory = SchemaType<typeof subjectCategorySchema>;
export type SubjectSearchResult = SchemaType<typeof subjectSearchResponse>;
export type SubjectHit = SubjectSearchResult['items'][number];
export type PublicationItem = SchemaType<typeof publicationItemSchema>;

// Publication periods (rules/publication.json entries and those set by province staff).
const period = { type: 'object', properties: { publish: { type: 'boolean' }, minMonths: { type: 'integer' }, maxMonths: { type: 'integer' } }, required: ['publish'] } as const;
export const publicationRuleSchema = {
  type: 'object',
  properties: {
    effectiveFrom: { type: 'string', format: 'date' },
    source: { type: 'string' },
    penalty: { type: 'object', properties: { light: period, general: period, serious: period }, required: ['light', 'general', 'serious'] },
    license: { type: 'object', properties: { publishWhileValid: { type: 'boolean' } }, required: ['publishWhileValid'] },
  },
  required: ['effectiveFrom', 'source', 'penalty', 'license'],
} as const;
export const publicationRulesSchema = {
  type: 'object',
  properties: {
    entries: {
      type: 'array',
      items: {
        ...publicationRuleSchema,
        properties: { ...publicationRuleSchema.properties, origin: { type: 'string', enum: ['file', 'set'] }, setBy: { type: 'string' }, setAt: { type: 'string', format: 'date-time' } },
        required: [...publicationRuleSchema.required, 'origin'],
      },
    },
  },
  required: ['entries'],
} as const;
export const setPublicationRuleResult = {
  type: 'object',
  properties: { rule: publicationRuleSchema, replaced: { type: 'boolean' } },
  required: ['rule', 'replaced'],
} as const;
export type PublicationRuleEntry = SchemaType<typeof publicationRulesSchema>['entries'][number];
