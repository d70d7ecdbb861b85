// JSON schemas of the credit-report API.
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;
const date = { type: 'string', format: 'date' } as const;
const nullableDate = { type: ['string', 'null'], format: 'date' } as const;

export const reportRequestSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 64, description: 'USCC, 组织机构代码, 工商注册号 or public id; omitted for the full edition of the verified subject' },
    edition: { type: 'string', enum: ['public', 'full'], default: 'public' },
    purpose: { type: 'string', maxLength: 500, description: 'what the report is for (required for the full edition, audited)' },
    matterRef: { type: 'string', maxLength: 64, description: '事项编号: the business matter the full edition of a person’s report is for (required then; rules/personal-data.json gives its form)' },
    authorization: { type: 'string', maxLength: 64, description: 'id of the subject’s authorization the full edition rests on (banks and credit agencies; if omitted, the subject’s valid authorization to the requester is used)' },
  },
  additionalProperties: false,
} as const;

export const issuedSchema = {
  type: 'object',
  properties: {
    number: { type: 'string', description: '报告编号' },
    code: { type: 'string', description: '验证码, printed on the report' },
    sha256: { type: 'string', description: 'SHA-256 of the PDF' },
    size: { type: 'integer' },
    edition: { type: 'string', enum: ['public', 'full'] },
    issuedAt: { type: 'string' },
    hashAlg: { type: 'string', enum: ['sha256', 'sm3'] },
    contentHash: { type: 'string', description: 'hash of the report content (canonical JSON)' },
    signature: { type: 'object', properties: { alg: { type: 'string' }, keyId: { type: 'string' }, value: { type: 'string' } }, required: ['alg', 'keyId', 'value'] },
    pdf: { type: 'string', description: 'where to download the PDF' },
    json: { type: 'string', description: 'where to download the JSON edition' },
    verify: { type: 'string', description: 'where to verify it' },
  },
  required: ['number', 'code', 'sha256', 'size', 'edition', 'issuedAt', 'hashAlg', 'contentHash', 'signature', 'pdf', 'json', 'verify'],
} as const;

const change = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['added', 'removed', 'changed'] }, category: { type: 'string' }, ref: { type: 'string' } },
  required: ['kind', 'category', 'ref'],
} as const;

export const verificationSchema = {
  type: 'object',
  properties: {
    genuine: { type: 'boolean', description: 'issued by the platform, unaltered, with a valid platform signature' },
    zh: { type: 'string' },
    en: { type: 'string' },
    checkedAt: { type: 'string' },
    number: nullableString,
    edition: { type: ['string', 'null'], enum: ['public', 'full', null] },
    issuedAt: nullableString,
    subject: { type: ['object', 'null'], properties: { name: { type: 'string' }, code: nullableString } },
    hashAlg: nullableString,
    contentHash: nullableString,
    pdfSha256: nullableString,
    signature: { type: ['object', 'null'], properties: { alg: { type: 'string' }, keyId: { type: 'string' }, valid: { type: 'boolean' } } },
    changedSinceIssue: { type: ['boolean', 'null'], description: 'whether the subject’s information (as this edition shows it) differs today from the report' },
    changes: { type: ['array', 'null'], items: change, description: 'public edition: which records were added, removed or changed since issue' },
  },
  required: ['genuine', 'zh', 'en', 'checkedAt', 'number', 'edition', 'issuedAt', 'subject', 'hashAlg', 'contentHash', 'pdfSha256', 'signature', 'changedSinceIssue', 'changes'],
} as const;

const reportRecord = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    listKind: { type: ['string', 'null'] },
    ref: { type: 'string' },
    department: { type: 'string' },
    decisionDate: date,
    severity: nullableString,
    status: { type: 'string' },
    statusOn: nullableDate,
    validUntil: nullableDate,
    publicFrom: nullableDate,
    publicUntil: nullableDate,
    disputed: { type: 'boolean' },
    via: { type: ['object', 'null'], properties: { role: { type: 'string' }, organization: { type: 'object', properties: { name: { type: 'string' }, code: nullableString } } } },
    fields: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } }, required: ['name', 'value'] } },
  },
  required: ['id', 'version', 'category', 'categoryName', 'listKind', 'ref', 'department', 'decisionDate', 'severity', 'status', 'statusOn', 'validUntil', 'publicFrom', 'publicUntil', 'disputed', 'via', 'fields'],
} as const;

export const reportContentSchema = {
  type: 'object',
  properties: {
    format: { type: 'string' },
    number: { type: 'string' },
    edition: { type: 'string', enum: ['public', 'full'] },
    issuedAt: { type: 'string' },
    asOf: date,
    issuer: { type: 'object', properties: { name: { type: 'string' }, site: { type: 'string' } }, required: ['name', 'site'] },
    purpose: nullableString,
    data: {
      type: 'object',
      properties: {
        subject: {
          type: 'object',
          properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: nullableString, maskedId: nullableString },
          required: ['id', 'kind', 'name', 'code', 'maskedId'],
        },
        records: { type: 'array', items: reportRecord },
        linked: { type: 'array', items: reportRecord },
      },
      required: ['subject', 'records', 'linked'],
    },
    summary: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        byCategory: {
          type: 'array',
          items: { type: 'object', properties: { category: { type: 'string' }, categoryName: { type: 'string' }, count: { type: 'integer' } }, required: ['category', 'categoryName', 'count'] },
        },
        disputed: { type: 'integer' },
        redListEntries: { type: 'integer' },
        blackListEntries: { type: 'integer' },
        linked: { type: 'integer' },
      },
      required: ['total', 'byCategory', 'disputed', 'redListEntries', 'blackListEntries', 'linked'],
    },
    notes: { type: 'array', items: { type: 'string' } },
    scope: {
      type: 'object',
      description:
        'Only on a full edition issued to a requester outside the region of the person’s ID number whose region holds records of the person (rules/personal-data.json outOfRegion own-records): the report holds the records of departments of that region and those public on the day of issue; withheld counts the rest, never what they are',
      properties: {
        kind: { type: 'string', enum: ['own-region-records'] },
        region: { type: 'string' },
        regionName: { type: 'string' },
        withheld: { type: 'object', properties: { records: { type: 'integer' }, linked: { type: 'integer' } }, required: ['records', 'linked'] },
      },
      required: ['kind', 'region', 'regionName', 'withheld'],
    },
  },
  required: ['format', 'number', 'edition', 'issuedAt', 'asOf', 'issuer', 'purpose', 'data', 'summary', 'notes'],
} as const;

export const reportJsonSchema = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    edition: { type: 'string', enum: ['public', 'full'] },
    issuedAt: { type: 'string' },
    content: reportContentSchema,
    hashAlg: { type: 'string', enum: ['sha256', 'sm3'] },
    contentHash: { type: 'string', description: 'hashAlg over the canonical JSON of content (keys sorted, no spaces)' },
    pdfSha256: { type: 'string' },
    signature: {
      type: 'object',
      properties: { alg: { type: 'string' }, keyId: { type: 'string' }, value: { type: 'string' }, statement: { type: 'string', description: 'the signed text' }, publicKeyPem: nullableString },
      required: ['alg', 'keyId', 'value', 'statement', 'publicKeyPem'],
    },
  },
  required: ['number', 'edition', 'issuedAt', 'content', 'hashAlg', 'contentHash', 'pdfSha256', 'signature'],
} as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
export type ReportRequest = RequestType<typeof reportRequestSchema>;
export type IssuedReport = SchemaType<typeof issuedSchema>;
export type Verification = SchemaType<typeof verificationSchema>;
export type ReportChange = NonNullable<Verification['changes']>[number];
