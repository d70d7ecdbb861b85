// Request and answer schemas of commitments (信用承诺), shared with the web app (types below).
import { pageQuery, paged, type RequestType, type SchemaType } from '../../kernel/http-schemas.ts';
import { evidenceUploadSchema } from '../rights/rights.schemas.ts';

const kinds = ['tolerance', 'notification', 'repair', 'voluntary'] as const;
const statuses = ['in-force', 'fulfilled', 'breached', 'void'] as const;
const date = { type: 'string', maxLength: 32, description: 'YYYY-MM-DD' } as const;

export const addCommitmentSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', maxLength: 64, description: 'USCC, 工商注册号, 居民身份证号码 or public id; may be left out with checkId' },
    subjectName: { type: 'string', maxLength: 200, description: 'needed only for a subject not yet on file' },
    subjectKind: { type: 'string', enum: ['organization', 'individual_business', 'person'] },
    kind: { type: 'string', maxLength: 32, description: 'tolerance (容缺受理), notification (告知承诺), voluntary (主动承诺); repair commitments come with repair applications' },
    content: { type: 'string', maxLength: 4000, description: '承诺内容' },
    matterRef: { type: 'string', maxLength: 200, description: 'the related matter, e.g. the licence application number' },
    madeOn: { ...date, description: 'made-on date (default today); earlier commitments keep their original date' },
    dueOn: { ...date, description: 'tolerance only: materials due by (default: the rule’s working days after madeOn)' },
    checkId: { type: 'string', maxLength: 64, description: 'the credit check whose result allowed 容缺受理 / 告知承诺' },
  },
  required: ['kind', 'content'],
  additionalProperties: false,
} as const;

export const fulfilSchema = {
  type: 'object',
  properties: { note: { type: 'string', maxLength: 4000 }, fulfilledOn: date },
  required: ['note'],
  additionalProperties: false,
} as const;

export const breachSchema = {
  type: 'object',
  properties: {
    reason: { type: 'string', maxLength: 4000 },
    breachedOn: date,
    evidence: { type: 'array', maxItems: 10, items: evidenceUploadSchema },
  },
  required: ['reason'],
  additionalProperties: false,
} as const;

const evidenceFile = {
  type: 'object',
  properties: { sha256: { type: 'string' }, filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } },
  required: ['sha256', 'filename', 'contentType', 'size'],
} as const;

export const commitmentSchema = {
  type: 'object',
  properties: {
    commitmentId: { type: 'string' },
    number: { type: 'string' },
    status: { type: 'string', enum: statuses },
    kind: { type: 'string', enum: kinds },
    kindName: { type: 'string' },
    content: { type: 'string' },
    matterRef: { type: ['string', 'null'] },
    madeOn: { type: 'string' },
    dueOn: { type: ['string', 'null'] },
    lastDay: { type: ['string', 'null'], description: 'tolerance: the last day to fulfil (a due date on a rest day moves to the next working day)' },
    origin: { type: 'string', enum: ['department', 'repair'] },
    checkId: { type: ['string', 'null'] },
    subject: {
      type: 'object',
      properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: { type: ['string', 'null'] }, maskedId: { type: ['string', 'null'] } },
      required: ['id', 'kind', 'name', 'code', 'maskedId'],
    },
    department: { type: 'object', properties: { uscc: { type: 'string' }, name: { type: 'string' } }, required: ['uscc', 'name'] },
    fulfilment: { type: ['object', 'null'], properties: { on: { type: 'string' }, note: { type: 'string' } }, required: ['on', 'note'] },
    breach: {
      type: ['object', 'null'],
      properties: {
        on: { type: 'string' },
        reason: { type: 'string' },
        automatic: { type: 'boolean' },
        recordId: { type: ['string', 'null'], description: 'the commitment-breach record it created' },
        evidence: { type: 'array', items: evidenceFile },
      },
      required: ['on', 'reason', 'automatic', 'recordId', 'evidence'],
    },
  },
  required: ['commitmentId', 'number', 'status', 'kind', 'kindName', 'content', 'matterRef', 'madeOn', 'dueOn', 'lastDay', 'origin', 'checkId', 'subject', 'department', 'fulfilment', 'breach'],
} as const;

export const commitmentPageSchema = paged(commitmentSchema);

export const listQuerySchema = {
  type: 'object',
  properties: { ...pageQuery, subject: { type: 'string', maxLength: 64 }, status: { type: 'string', enum: statuses }, kind: { type: 'string', enum: kinds } },
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
export const codeParams = { type: 'object', properties: { code: { type: 'string', maxLength: 64 } }, required: ['code'] } as const;

export const publicCommitmentsSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          kind: { type: 'string', enum: kinds },
          kindName: { type: 'string' },
          content: { type: 'string' },
          madeOn: { type: 'string' },
          status: { type: 'string', enum: statuses },
          department: { type: 'string' },
        },
        required: ['number', 'kind', 'kindName', 'content', 'madeOn', 'status', 'department'],
      },
    },
  },
  required: ['items'],
} as const;

export const sweepResultSchema = {
  type: 'object',
  properties: { breached: { type: 'array', items: { type: 'string' } }, takenOver: { type: 'integer' }, voided: { type: 'integer' } },
  required: ['breached', 'takenOver', 'voided'],
} as const;

export type AddCommitmentRequest = RequestType<typeof addCommitmentSchema>;
export type FulfilRequest = RequestType<typeof fulfilSchema>;
export type BreachRequest = RequestType<typeof breachSchema>;
export type Commitment = SchemaType<typeof commitmentSchema>;
export type CommitmentPage = SchemaType<typeof commitmentPageSchema>;
export type PublicCommitments = SchemaType<typeof publicCommitmentsSchema>;
