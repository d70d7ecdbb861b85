// JSON schemas of the staff credit query (部门信用查询): search, and the full credit file opened
// with a purpose and a matter reference.
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';
import { appliedMeasureSchema, eligibilitySchema } from '../sanctions/sanctions.schemas.ts';
import { gradeAnswerSchema } from '../classification/classification.schemas.ts';

const date = { type: 'string', format: 'date' } as const;
const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const kind = { type: 'string', enum: ['organization', 'individual_business', 'person'] } as const;

export const searchQuerySchema = {
  type: 'object',
  properties: { q: { type: 'string', minLength: 1, maxLength: 100, description: 'a name (organizations and individual businesses, at least 2 characters) or a whole code (USCC, 组织机构代码, 注册号, 居民身份证号码)' } },
  required: ['q'],
  additionalProperties: false,
} as const;

const hitSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the subject’s public id: open its file with it' },
    kind,
    name: { ...nullableString, description: 'null for a person: the name comes with the file, after a purpose is stated' },
    code: nullableString,
    maskedId: nullableString,
  },
  required: ['id', 'kind', 'name', 'code', 'maskedId'],
} as const;

export const searchAnswerSchema = {
  type: 'object',
  properties: { by: { type: 'string', enum: ['code', 'name'] }, items: { type: 'array', items: hitSchema } },
  required: ['by', 'items'],
} as const;

export const fileRequestSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 64, description: 'the public id from the search, or a code' },
    purpose: { type: 'string', maxLength: 200, description: 'what the read is for (用途), e.g. 行政许可审查; audited and shown in the subject’s access log' },
    matterRef: { type: 'string', maxLength: 64, description: 'the business matter’s file number (事项编号), e.g. 石审批〔2026〕118号' },
  },
  required: ['subject'],
  additionalProperties: false,
} as const;

const field = { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'name', 'value'] } as const;

const fileRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    listKind: { type: ['string', 'null'], enum: ['red', 'black', null] },
    ref: { type: 'string' },
    department: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] },
    decisionDate: date,
    severity: { type: ['string', 'null'], enum: ['light', 'general', 'serious', null] },
    status: { type: 'string', description: 'active, exited, revoked, repaired' },
    statusOn: nullableDate,
    statusReason: nullableString,
    validUntil: nullableDate,
    publicFrom: nullableDate,
    publicUntil: nullableDate,
    publicToday: { type: 'boolean' },
    disputed: { type: 'boolean', description: 'under an open objection' },
    version: { type: 'integer' },
    fields: { type: 'array', items: field, description: 'as shown to staff: personal fields masked' },
    via: {
      type: ['object', 'null'],
      properties: {
        role: { type: 'string' },
        organization: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, code: nullableString }, required: ['id', 'name', 'code'] },
      },
      required: ['role', 'organization'],
    },
  },
  required: ['id', 'category', 'categoryName', 'listKind', 'ref', 'department', 'decisionDate', 'severity', 'status', 'publicToday', 'disputed', 'version', 'fields', 'via'],
} as const;

export const creditFileSchema = {
  type: 'object',
  properties: {
    subject: {
      type: 'object',
      properties: { ...hitSchema.properties, name: { type: 'string' }, regions: { type: 'array', items: { type: 'string' }, description: 'GB/T 2260 codes where the subject is (ID number or code, departments holding its records)' } },
      required: ['id', 'kind', 'name', 'code', 'maskedId', 'regions'],
    },
    asOf: date,
    purpose: { type: 'string' },
    matterRef: { type: 'string' },
    authorization: { type: ['object', 'null'], properties: { id: { type: 'string' }, validUntil: nullableDate }, required: ['id', 'validUntil'] },
    records: { type: 'array', items: fileRecordSchema, description: 'current records other than list entries, non-public ones included' },
    listEntries: { type: 'array', items: fileRecordSchema, description: 'red and black list entries, exits included' },
    linked: { type: 'array', items: fileRecordSchema, description: 'a person: serious records and blacklist entries of organizations that name them' },
    occupations: {
      type: 'array',
      description: 'a person: their occupational records (职业信用, catalog/codelists/occupations.json) grouped by occupation, in the list’s order; recordIds point into records',
      items: {
        type: 'object',
        properties: {
          occupation: {
            type: 'object',
            properties: { code: { type: 'string' }, name: { type: 'string' }, gbt6565: { ...nullableString, description: 'GB/T 6565 class code where one exists' } },
            required: ['code', 'name', 'gbt6565'],
          },
          certificates: { type: 'array', items: { type: 'string' }, description: 'practising-certificate numbers the records give' },
          recordIds: { type: 'array', items: { type: 'string' } },
        },
        required: ['occupation', 'certificates', 'recordIds'],
      },
    },
    objections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          status: { type: 'string' },
          filedOn: date,
          dueDate: date,
          reason: { type: 'string' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: { category: { type: 'string' }, ref: { type: 'string' }, department: { type: 'string' }, status: { type: 'string' }, note: nullableString },
              required: ['category', 'ref', 'department', 'status', 'note'],
            },
          },
        },
        required: ['number', 'status', 'filedOn', 'dueDate', 'reason', 'items'],
      },
    },
    repairs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          status: { type: 'string', enum: ['pending', 'approved', 'refused'] },
          category: { type: 'string' },
          ref: { type: 'string' },
          department: { type: 'string' },
          filedOn: date,
          decidedOn: nullableDate,
          decisionReason: nullableString,
        },
        required: ['number', 'status', 'category', 'ref', 'department', 'filedOn', 'decidedOn', 'decisionReason'],
      },
    },
    linkedPersons: {
      type: 'array',
      description: 'an organization: the persons its records name (法定代表人, 负责人), ID numbers masked',
      items: {
        type: 'object',
        properties: { role: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, maskedId: nullableString, ref: { type: 'string' } },
        required: ['role', 'id', 'name', 'maskedId', 'ref'],
      },
    },
    linkedOrganizations: {
      type: 'array',
      description: 'a person: the organizations whose records name them',
      items: {
        type: 'object',
        properties: { role: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, code: nullableString, ref: { type: 'string' } },
        required: ['role', 'id', 'name', 'code', 'ref'],
      },
    },
    measures: {
      type: 'array',
      description: 'every measure the file triggers today, whoever implements it and in which scenario',
      items: {
        type: 'object',
        properties: { ...appliedMeasureSchema.properties, implementers: { type: 'array', items: { type: 'string' } }, scenarios: { type: 'array', items: { type: 'string' } } },
        required: [...appliedMeasureSchema.required, 'implementers', 'scenarios'],
      },
    },
    eligibility: eligibilitySchema,
    classification: {
      ...gradeAnswerSchema,
      type: ['object', 'null'],
      description:
        'the credit grade (信用分类; a person’s 诚信积分) with its explanation — score, each indicator’s points and the records behind it, the deciding condition, 重点监管对象 — and its history; never public for persons, read here under the same rule as the file. null in a partial read (scope own-region-records) while the person has records held outside the requester’s region: the grade rests on them',
    },
    scope: {
      type: 'object',
      description:
        'what of the file was read (rules/personal-data.json): whole — the requester is in the region of the person’s ID number, or province-level, or the subject is an organization; own-region-records — the requester’s region only holds records of the person: only the records held by departments of its region and those public today are shown (objections, repairs and linked organizations likewise, by the department of the record; measure triggers and bad records outside it withheld as in credit checks); withheld counts the rest, never what it is',
      properties: {
        kind: { type: 'string', enum: ['whole', 'own-region-records'] },
        region: nullableString,
        regionName: nullableString,
        withheld: {
          type: 'object',
          properties: {
            records: { type: 'integer' },
            linked: { type: 'integer' },
            objections: { type: 'integer' },
            repairs: { type: 'integer' },
            linkedOrganizations: { type: 'integer' },
            measureTriggers: { type: 'integer' },
            classification: { type: 'boolean' },
          },
          required: ['records', 'linked', 'objections', 'repairs', 'linkedOrganizations', 'measureTriggers', 'classification'],
        },
      },
      required: ['kind', 'region', 'regionName', 'withheld'],
    },
  },
  required: ['subject', 'asOf', 'purpose', 'matterRef', 'authorization', 'records', 'listEntries', 'linked', 'occupations', 'objections', 'repairs', 'linkedPersons', 'linkedOrganizations', 'measures', 'eligibility', 'classification', 'scope'],
} as const;

export type SubjectSearch = SchemaType<typeof searchAnswerSchema>;
export type SubjectHit = SubjectSearch['items'][number];
export type CreditFileRequest = RequestType<typeof fileRequestSchema>;
export type StaffCreditFile = SchemaType<typeof creditFileSchema>;
export type StaffFileRecord = StaffCreditFile['records'][number];
