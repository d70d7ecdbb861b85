// Request and answer schemas of tips (举报), shared with the web app (types below).
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';
import { TIP_OUTCOMES, TIP_STATUSES } from './tips.rules.ts';

const s = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) }) as const;

// exactly the JSON; the content rules (empty tips, phone format, lengths) are checked by
// tips.rules.ts checkTip, whose errors never echo a value
export const fileTipSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subjectName: s(400, '被举报主体名称'),
    subjectCode: s(40, '被举报主体统一社会信用代码或身份证号码（选填）'),
    matter: s(20000, '举报事项：何时、何地、何种失信行为'),
    reporter: {
      type: 'object',
      additionalProperties: false,
      description: '实名举报：举报人姓名与联系电话（匿名举报不填）。以专用密钥加密保存，仅承办部门的举报办理员经说明事由后可查阅。',
      properties: { name: s(200), phone: s(40) },
    },
  },
} as const;
export type FileTipRequest = RequestType<typeof fileTipSchema>;

export const filedTipSchema = {
  type: 'object',
  properties: {
    receiptNumber: { type: 'string', description: '受理编号' },
    queryCode: { type: 'string', description: '查询码（仅此一次给出，请妥善保存）' },
  },
  required: ['receiptNumber', 'queryCode'],
} as const;
export type FiledTip = SchemaType<typeof filedTipSchema>;

export const receiptParams = { type: 'object', properties: { receipt: { type: 'string', maxLength: 40 } }, required: ['receipt'] } as const;

export const evidenceUploadSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    queryCode: s(40),
    contentType: { type: 'string', enum: ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] },
    contentBase64: { type: 'string', description: 'the file, base64 (at most 10 MB decoded; rules/tips.json limits.evidenceBytes)' },
  },
  required: ['queryCode', 'contentType', 'contentBase64'],
} as const;
export type EvidenceUploadRequest = RequestType<typeof evidenceUploadSchema>;

export const evidenceAddedSchema = {
  type: 'object',
  properties: { seq: { type: 'integer' }, sha256: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } },
  required: ['seq', 'sha256', 'contentType', 'size'],
} as const;

export const statusRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { receiptNumber: s(40), queryCode: s(40) },
  required: ['receiptNumber', 'queryCode'],
} as const;
export type TipStatusRequest = RequestType<typeof statusRequestSchema>;

const label = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const publicStatusSchema = {
  type: 'object',
  properties: {
    receiptNumber: { type: 'string' },
    status: { type: 'string', enum: [...TIP_STATUSES] },
    statusLabel: label,
    receivedOn: { type: 'string', format: 'date' },
    dueDate: { type: 'string', format: 'date', description: '办理期限（工作日计算）' },
    department: nullableString,
    outcomeOn: nullableString,
    reply: { ...nullableString, description: '对举报人的答复（不含内部办理意见）' },
    forwardedTo: nullableString,
    evidenceFiles: { type: 'integer' },
  },
  required: ['receiptNumber', 'status', 'statusLabel', 'receivedOn', 'dueDate', 'department', 'outcomeOn', 'reply', 'forwardedTo', 'evidenceFiles'],
} as const;
export type PublicTipStatus = SchemaType<typeof publicStatusSchema>;

// ---- staff

const staffTipProperties = {
  id: { type: 'integer' },
  receiptNumber: { type: 'string' },
  subjectName: { type: 'string' },
  subjectCode: nullableString,
  subjectRegion: { type: 'string' },
  matter: { type: 'string' },
  matterKind: { type: 'string' },
  hasReporter: { type: 'boolean', description: '实名举报（举报人信息须经 /reporter-reads 查阅）' },
  departmentId: { type: ['integer', 'null'] },
  departmentName: nullableString,
  status: { type: 'string', enum: [...TIP_STATUSES] },
  receivedOn: { type: 'string' },
  dueDate: { type: 'string' },
  escalationLevel: { type: 'integer' },
  escalatedOn: nullableString,
  outcomeOn: nullableString,
  outcomeNote: nullableString,
  publicReply: nullableString,
  forwardedTo: nullableString,
  overdue: { type: 'boolean' },
} as const;
const staffTipRequired = Object.keys(staffTipProperties) as (keyof typeof staffTipProperties)[];

export const staffTipSchema = { type: 'object', properties: staffTipProperties, required: staffTipRequired } as const;
export type StaffTip = SchemaType<typeof staffTipSchema>;

export const tipDetailSchema = {
  type: 'object',
  properties: {
    ...staffTipProperties,
    notes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { seq: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, kind: { type: 'string' }, text: { type: 'string' } },
        required: ['seq', 'at', 'actor', 'kind', 'text'],
      },
    },
    evidence: {
      type: 'array',
      items: {
        type: 'object',
        properties: { seq: { type: 'integer' }, sha256: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' }, uploadedAt: { type: 'string', format: 'date-time' } },
        required: ['seq', 'sha256', 'contentType', 'size', 'uploadedAt'],
      },
    },
    linkedRecordIds: { type: 'array', items: { type: 'integer' } },
  },
  required: [...staffTipRequired, 'notes', 'evidence', 'linkedRecordIds'],
} as const;
export type TipDetail = SchemaType<typeof tipDetailSchema>;

export const listQuerySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...TIP_STATUSES] },
    state: { type: 'string', enum: ['open', 'closed'], description: 'open: received or in progress; closed: answered' },
    overdue: { type: 'boolean' },
    unrouted: { type: 'boolean' },
    page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
} as const;
export type TipListQuery = RequestType<typeof listQuerySchema>;

export const tipListSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: staffTipSchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;
export type TipList = SchemaType<typeof tipListSchema>;

export const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;
export const evidenceParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 }, seq: { type: 'integer', minimum: 1 } }, required: ['id', 'seq'] } as const;

export const routeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { departmentId: { type: 'integer', minimum: 1 }, reason: s(2000) },
  required: ['departmentId', 'reason'],
} as const;
export type RouteTipRequest = RequestType<typeof routeRequestSchema>;

export const noteRequestSchema = { type: 'object', additionalProperties: false, properties: { text: s(8000) }, required: ['text'] } as const;
export type TipNoteRequest = RequestType<typeof noteRequestSchema>;

export const outcomeRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    outcome: { type: 'string', enum: [...TIP_OUTCOMES] },
    note: s(8000, '内部办理意见（举报人看不到）'),
    reply: s(2000, '答复举报人'),
    forwardedTo: s(800, '不属本部门职责时：转交的部门'),
  },
  required: ['outcome', 'note', 'reply'],
} as const;
export type TipOutcomeRequest = RequestType<typeof outcomeRequestSchema>;

export const recordLinkRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { category: s(64), sourceRef: s(400) },
  required: ['category', 'sourceRef'],
} as const;
export type TipRecordLinkRequest = RequestType<typeof recordLinkRequestSchema>;

export const reporterReadRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { purpose: s(2000, '查阅事由（记入审计日志）') },
  required: ['purpose'],
} as const;
export type ReporterReadRequest = RequestType<typeof reporterReadRequestSchema>;

export const reporterSchema = {
  type: 'object',
  properties: {
    anonymous: { type: 'boolean' },
    reporter: { type: ['object', 'null'], properties: { name: { type: 'string' }, phone: { type: 'string' } }, required: ['name', 'phone'] },
  },
  required: ['anonymous', 'reporter'],
} as const;
export type ReporterAnswer = SchemaType<typeof reporterSchema>;
