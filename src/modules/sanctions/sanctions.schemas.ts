// JSON schemas of the joint reward and punishment API (also the published 接口规范 via OpenAPI).
import { FEEDBACK_OUTCOMES, MATTER_OUTCOMES, type Trigger } from './sanctions.rules.ts';
import { pageQuery, type SchemaType } from '../../kernel/http-schemas.ts';
import { checkClassificationSchema } from '../classification/classification.schemas.ts';

const date = { type: 'string', format: 'date' } as const;
const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const matterOutcome = { type: 'string', enum: [...MATTER_OUTCOMES] } as const;
const nullableMatterOutcome = { type: ['string', 'null'], enum: [...MATTER_OUTCOMES, null] } as const;
const nullableFeedbackOutcome = { type: ['string', 'null'], enum: [...FEEDBACK_OUTCOMES, null] } as const;

const via = {
  type: 'object',
  description: 'The trigger is an organization’s entry or record that names the checked person as legal representative',
  properties: { role: { type: 'string' }, subjectId: { type: 'string' }, name: { type: 'string' }, code: nullableString },
  required: ['role', 'subjectId', 'name', 'code'],
} as const;

export const triggerSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['list-entry', 'record', 'condition'] },
    condition: { type: 'string', enum: ['clean-record'] },
    recordId: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    ref: { type: 'string', description: '认定文书号 / 决定书文号 / 案号' },
    department: { type: 'string' },
    decisionDate: date,
    until: { ...nullableDate, description: 'last day the trigger keeps the measure in force; null = no end' },
    disputed: { type: 'boolean', description: 'under objection: the measure is suspended while every trigger is' },
    via,
    withheld: { type: 'boolean', description: 'true: a person’s non-public record the requester may not read (rules/personal-data.json); only its end date and dispute state are shown' },
  },
  required: ['type', 'until', 'disputed'],
} as const;

const memorandum = { type: ['object', 'null'], properties: { name: { type: 'string' }, docNo: { type: 'string' } } } as const;

export const appliedMeasureSchema = {
  type: 'object',
  properties: {
    measureId: { type: 'string' },
    revision: { type: 'integer' },
    kind: { type: 'string', enum: ['reward', 'punishment'] },
    type: { type: 'string', enum: ['administrative', 'market', 'industry', 'social'] },
    name: { type: 'string' },
    content: { type: 'string' },
    basis: { type: 'string' },
    memorandum,
    trigger: triggerSchema,
    triggers: { type: 'array', items: triggerSchema },
    suspended: { type: 'boolean', description: 'true: the trigger is under objection; do not apply (信息核实期间暂不执行联合惩戒)' },
    until: nullableDate,
  },
  required: ['measureId', 'revision', 'kind', 'type', 'name', 'basis', 'trigger', 'suspended', 'until'],
} as const;

export const eligibilitySchema = {
  type: 'object',
  properties: {
    greenChannel: { type: 'boolean', description: '绿色通道: no bad record in the last 3 years (configurable)' },
    toleranceAcceptance: { type: 'boolean', description: '容缺受理: same condition' },
    reason: { type: 'string' },
    reasonEn: { type: 'string' },
    eligibleFrom: nullableDate,
    withheldRecords: { type: 'integer', description: 'bad records not listed: a person’s non-public records the requester may not read (rules/personal-data.json)' },
    badRecords: {
      type: 'array',
      items: {
        type: 'object',
        properties: { recordId: { type: 'string' }, category: { type: 'string' }, ref: { type: 'string' }, decisionDate: date, countsUntil: nullableDate, disputed: { type: 'boolean' } },
        required: ['recordId', 'category', 'ref', 'decisionDate', 'countsUntil', 'disputed'],
      },
    },
  },
  required: ['greenChannel', 'toleranceAcceptance', 'reason', 'reasonEn', 'eligibleFrom', 'badRecords'],
} as const;

export const checkAnswerSchema = {
  type: 'object',
  properties: {
    checkId: { type: 'string', format: 'uuid' },
    checkedAt: { type: 'string' },
    result: { type: 'string', enum: ['checked', 'no-record'], description: 'no-record: the code is valid but names no subject on the platform' },
    department: { type: 'object', properties: { uscc: { type: 'string' }, name: { type: 'string' } }, required: ['uscc', 'name'] },
    scenario: { type: 'string' },
    matterRef: nullableString,
    subject: {
      type: 'object',
      properties: {
        found: { type: 'boolean' },
        id: { type: 'string' },
        kind: { type: 'string', enum: ['organization', 'individual_business', 'person'] },
        name: { type: 'string' },
        code: nullableString,
        maskedId: nullableString,
      },
      required: ['found', 'code'],
    },
    measures: { type: 'array', items: appliedMeasureSchema },
    eligibility: eligibilitySchema,
    feedbackDue: { ...nullableDate, description: 'last day for feedback; null when no measure applied' },
    classification: { ...checkClassificationSchema, description: '信用分类 beside the measures: grade, inspection ratio, 重点监管对象 with its records; null for no subject, or a person whose non-public records the requester may not read' },
  },
  required: ['checkId', 'checkedAt', 'result', 'department', 'scenario', 'matterRef', 'subject', 'measures', 'eligibility', 'feedbackDue'],
} as const;

export const checkRequestSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 64, description: 'USCC, 组织机构代码, 工商注册号, 居民身份证号码 or the subject’s public id' },
    scenario: { type: 'string', minLength: 1, maxLength: 64, description: 'business scenario (GET /api/v1/measures lists them): procurement, bidding, license_approval, …' },
    matterRef: { type: 'string', maxLength: 200, description: 'the business matter (事项) the check is for' },
  },
  required: ['subject', 'scenario'],
  additionalProperties: false,
} as const;

const feedbackMeasureSchema = {
  type: 'object',
  properties: {
    measureId: { type: 'string' },
    outcome: { type: 'string', enum: [...FEEDBACK_OUTCOMES] },
    reason: { type: 'string', maxLength: 2000, description: 'required when not_applied' },
  },
  required: ['measureId', 'outcome'],
  additionalProperties: false,
} as const;

export const feedbackRequestSchema = {
  type: 'object',
  properties: {
    measures: { type: 'array', items: feedbackMeasureSchema, maxItems: 200 },
    matterOutcome: { type: 'string', enum: [...MATTER_OUTCOMES], description: 'what became of the matter' },
    note: { type: 'string', maxLength: 2000 },
  },
  required: ['measures', 'matterOutcome'],
  additionalProperties: false,
} as const;

export const feedbackAnswerSchema = {
  type: 'object',
  properties: {
    checkId: { type: 'string' },
    complete: { type: 'boolean', description: 'every measure that was not suspended has feedback' },
    late: { type: 'boolean' },
    feedbackDue: nullableDate,
    matterOutcome,
    measures: {
      type: 'array',
      items: {
        type: 'object',
        properties: { measureId: { type: 'string' }, suspended: { type: 'boolean' }, outcome: nullableFeedbackOutcome, reason: nullableString },
        required: ['measureId', 'suspended', 'outcome', 'reason'],
      },
    },
  },
  required: ['checkId', 'complete', 'late', 'feedbackDue', 'matterOutcome', 'measures'],
} as const;

export const storedCheckSchema = {
  type: 'object',
  properties: {
    checkId: { type: 'string' },
    answer: checkAnswerSchema,
    feedback: {
      type: 'object',
      properties: {
        due: nullableDate,
        completedAt: nullableString,
        late: { type: 'boolean' },
        matterOutcome: nullableMatterOutcome,
        note: nullableString,
        measures: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              measureId: { type: 'string' },
              suspended: { type: 'boolean' },
              outcome: nullableFeedbackOutcome,
              reason: nullableString,
              feedbackAt: nullableString,
            },
            required: ['measureId', 'suspended', 'outcome', 'reason', 'feedbackAt'],
          },
        },
      },
      required: ['due', 'completedAt', 'late', 'matterOutcome', 'measures'],
    },
    authorization: {
      anyOf: [
        {
          type: 'object',
          properties: { id: { type: 'string' }, purpose: { type: 'string' } },
          required: ['id', 'purpose'],
        },
        { type: 'null' },
      ],
      description:
        '依据的主体授权 The subject’s authorization (授权) the check’s shown non-public records rested on (banks, credit agencies), with the purpose the subject granted it for; null when none, or when the reader may not see the records it opened',
    },
  },
  required: ['checkId', 'answer', 'feedback', 'authorization'],
} as const;

const triggerDefSchema = {
  type: 'object',
  description: '{ list, via?, provider? } | { category, severities, months, via?, provider? } | { condition: "clean-record" }',
  properties: {
    list: { type: 'string' },
    category: { type: 'string' },
    severities: { type: 'array', items: { type: 'string', enum: ['light', 'general', 'serious'] } },
    months: { type: 'integer' },
    via: { type: 'string', enum: ['legal_representative'] },
    provider: { type: 'string', enum: ['checker'], description: 'checker: only entries and records the checking department provided itself count (required on measures of associations)' },
    condition: { type: 'string', enum: ['clean-record'] },
  },
} as const;

const measureProps = {
  id: { type: 'string' },
  kind: { type: 'string', enum: ['reward', 'punishment'] },
  type: { type: 'string', enum: ['administrative', 'market', 'industry', 'social'] },
  name: { type: 'string' },
  content: { type: 'string' },
  basis: { type: 'string' },
  memorandum: { type: 'object', properties: { name: { type: 'string' }, docNo: { type: 'string' } }, required: ['name'] },
  implementers: { type: 'array', items: { type: 'string' }, description: 'department kinds' },
  scenarios: { type: 'array', items: { type: 'string' } },
  triggers: { type: 'array', items: triggerDefSchema },
} as const;

// what a change may touch: everything but the id (spelt out so its type keeps every property)
const { id: _id, ...measurePropsButId } = measureProps;

export const measureSchema = {
  type: 'object',
  properties: {
    ...measureProps,
    revision: { type: 'integer' },
    active: { type: 'boolean' },
    source: { type: 'string', enum: ['file', 'operator'] },
    fileVersion: { type: ['integer', 'null'] },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
  },
  required: ['id', 'kind', 'type', 'name', 'content', 'basis', 'implementers', 'scenarios', 'triggers', 'revision', 'active', 'source', 'createdAt'],
} as const;

export const measureCreateSchema = {
  type: 'object',
  properties: measureProps,
  required: ['id', 'kind', 'type', 'name', 'content', 'basis', 'implementers', 'scenarios', 'triggers'],
  additionalProperties: false,
} as const;

export const measurePatchSchema = {
  type: 'object',
  properties: {
    ...measurePropsButId,
    memorandum: { type: ['object', 'null'], properties: { name: { type: 'string' }, docNo: { type: 'string' } } },
    active: { type: 'boolean', description: 'false withdraws the measure' },
    note: { type: 'string', maxLength: 500, description: 'why it changed (audited)' },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;

const term = { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, required: ['code', 'name'] } as const;

export const measureListSchema = {
  type: 'object',
  properties: {
    measures: { type: 'array', items: measureSchema },
    scenarios: { type: 'array', items: term },
    departmentKinds: { type: 'array', items: term },
  },
  required: ['measures', 'scenarios', 'departmentKinds'],
} as const;

export const exitRequestSchema = {
  type: 'object',
  properties: {
    ref: { type: 'string', minLength: 1, maxLength: 128, description: '认定文书号 (案号 for 失信被执行人)' },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    exitDate: { type: 'string', format: 'date', description: 'defaults to today' },
  },
  required: ['ref', 'reason'],
  additionalProperties: false,
} as const;

export const exitResultSchema = {
  type: 'object',
  properties: {
    category: { type: 'string' },
    ref: { type: 'string' },
    recordId: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['exited'] },
    exitDate: date,
    reason: { type: 'string' },
  },
  required: ['category', 'ref', 'recordId', 'version', 'status', 'exitDate', 'reason'],
} as const;

const publicSubject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['organization', 'individual_business', 'person'] },
    name: { type: 'string' },
    code: { ...nullableString, description: 'USCC (or 工商注册号); null for persons' },
    maskedId: { ...nullableString, description: 'persons: masked document number' },
  },
  required: ['id', 'kind', 'name', 'code', 'maskedId'],
} as const;

export const listSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['red', 'black'] },
    owner: { type: 'string' },
    criteria: { type: 'string' },
    basis: { type: 'string' },
    procedure: { type: 'string' },
    termMonths: { type: ['integer', 'null'] },
    exitRule: { type: 'string' },
    personsPublished: { type: 'boolean' },
    entriesInForce: { type: 'integer', description: 'entries public today' },
  },
  required: ['code', 'name', 'kind', 'owner', 'criteria', 'basis', 'exitRule', 'personsPublished', 'entriesInForce'],
} as const;

export const entrySummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ref: { type: 'string' },
    subject: publicSubject,
    decisionDate: date,
    validUntil: nullableDate,
    reason: nullableString,
    department: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    disputed: { type: 'boolean', description: 'under objection (异议处理中)' },
  },
  required: ['id', 'ref', 'subject', 'decisionDate', 'validUntil', 'department', 'disputed'],
} as const;

// The removal clock of an entry marked 履行完毕 (rules/list-lifecycle.json); null otherwise.
export const removalSchema = {
  type: ['object', 'null'],
  description: '履行完毕后的移出时限：履行完毕日期起第 workingDays 个工作日（官方工作日历）为在名单上的最后一天',
  properties: {
    performedOn: date,
    workingDays: { type: 'integer' },
    deadline: { ...date, description: 'the last day the entry may be on the list' },
    state: { type: 'string', enum: ['running', 'due-today', 'overdue', 'done'] },
    stateName: { type: 'string' },
    remainingWorkingDays: { type: 'integer' },
  },
  required: ['performedOn', 'workingDays', 'deadline', 'state', 'stateName', 'remainingWorkingDays'],
} as const;

export const entryDetailSchema = {
  type: 'object',
  properties: {
    ...entrySummarySchema.properties,
    list: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['red', 'black'] } }, required: ['code', 'name', 'kind'] },
    fields: {
      type: 'array',
      items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'name', 'value'] },
    },
    removal: removalSchema,
  },
  required: [...entrySummarySchema.required, 'list', 'fields', 'removal'],
} as const;

export const exitNoticeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ref: { type: 'string' },
    subject: publicSubject,
    decisionDate: date,
    exitDate: date,
    kind: { type: 'string', enum: ['exit', 'repair', 'term-end'], description: 'exit: taken off by the owner; repair: credit repair approved (early exit); term-end: the term ended' },
    reason: nullableString,
    department: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  },
  required: ['id', 'ref', 'subject', 'decisionDate', 'exitDate', 'kind', 'reason', 'department'],
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const categoryParams = { type: 'object', properties: { category: { type: 'string' } }, required: ['category'] } as const;

export const pageQuerySchema = { type: 'object', properties: { ...pageQuery } } as const;

export const pendingFeedbackSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          checkId: { type: 'string' },
          checkedAt: { type: 'string' },
          feedbackDue: { type: 'string', format: 'date' },
          late: { type: 'boolean' },
          scenario: { type: 'string' },
          matterRef: { type: ['string', 'null'] },
          subject: { type: 'object', properties: { code: { type: 'string' }, name: { type: ['string', 'null'] } }, required: ['code', 'name'] },
          department: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] },
          owed: { type: 'integer' },
          given: { type: 'integer' },
        },
        required: ['checkId', 'checkedAt', 'feedbackDue', 'late', 'scenario', 'subject', 'department', 'owed', 'given'],
      },
    },
    total: { type: 'integer' },
    late: { type: 'integer', description: 'of these, past their due date (this page)' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;

export const feedbackRatesQuerySchema = {
  type: 'object',
  properties: { by: { type: 'string', enum: ['department', 'measure'], default: 'department' }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
} as const;

export const feedbackRatesSchema = {
  type: 'object',
  properties: {
    by: { type: 'string', enum: ['department', 'measure'] },
    from: { type: 'string' },
    to: { type: 'string' },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          owed: { type: 'integer' },
          given: { type: 'integer' },
          onTime: { type: 'integer' },
          late: { type: 'integer' },
          overdue: { type: 'integer' },
          applied: { type: 'integer' },
          notApplied: { type: 'integer' },
          notApplicable: { type: 'integer' },
          rate: { type: 'number', description: 'given / owed' },
          onTimeRate: { type: 'number', description: 'on time / owed' },
        },
        required: ['key', 'name', 'owed', 'given', 'onTime', 'late', 'overdue', 'rate', 'onTimeRate'],
      },
    },
  },
  required: ['by', 'from', 'to', 'rows'],
} as const;

export const casesQuerySchema = { type: 'object', properties: { kind: { type: 'string', enum: ['reward', 'punishment'] }, ...pageQuery } } as const;

export const casePageSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          checkId: { type: 'string' },
          checkedAt: { type: 'string' },
          scenario: { type: 'string' },
          matterRef: { type: ['string', 'null'] },
          matterOutcome: nullableMatterOutcome,
          note: { type: ['string', 'null'] },
          department: { type: 'string' },
          subject: { type: 'object', properties: { kind: { type: ['string', 'null'] }, name: { type: ['string', 'null'] }, code: { type: 'string' } }, required: ['kind', 'name', 'code'] },
          measures: {
            type: 'array',
            items: { type: 'object', properties: { measureId: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['reward', 'punishment'] } }, required: ['measureId', 'name', 'kind'] },
          },
        },
        required: ['checkId', 'checkedAt', 'scenario', 'department', 'subject', 'measures'],
      },
    },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;

export const measureRevisionsSchema = { type: 'object', properties: { revisions: { type: 'array', items: measureSchema } }, required: ['revisions'] } as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
// The trigger definitions are one loose object in the schema (validated by the measure rules);
// their type is the rules' union.
type WithTriggers<T, Optional extends boolean = false> = Omit<T, 'triggers'> & (Optional extends true ? { triggers?: Trigger[] } : { triggers: Trigger[] });

export type TriggerHit = SchemaType<typeof triggerSchema>;
export type AppliedMeasure = SchemaType<typeof appliedMeasureSchema>;
export type Eligibility = SchemaType<typeof eligibilitySchema>;
export type BadRecord = Eligibility['badRecords'][number];
export type CheckAnswer = SchemaType<typeof checkAnswerSchema>;
export type CheckSubject = CheckAnswer['subject'];
export type CheckRequest = SchemaType<typeof checkRequestSchema>;
export type FeedbackRequest = SchemaType<typeof feedbackRequestSchema>;
export type FeedbackItem = FeedbackRequest['measures'][number];
export type FeedbackAnswer = SchemaType<typeof feedbackAnswerSchema>;
export type StoredCheck = SchemaType<typeof storedCheckSchema>;
export type CheckFeedback = StoredCheck['feedback'];
export type MeasureFeedback = CheckFeedback['measures'][number];
export type PendingFeedbackPage = SchemaType<typeof pendingFeedbackSchema>;
export type PendingItem = PendingFeedbackPage['items'][number];
export type FeedbackRates = SchemaType<typeof feedbackRatesSchema>;
export type RateRow = FeedbackRates['rows'][number];
export type CasePage = SchemaType<typeof casePageSchema>;
export type CaseItem = CasePage['items'][number];
export type MeasureDef = WithTriggers<SchemaType<typeof measureCreateSchema>>;
export type Measure = WithTriggers<SchemaType<typeof measureSchema>>;
export type MeasurePatch = WithTriggers<SchemaType<typeof measurePatchSchema>, true>;
export type MeasureList = Omit<SchemaType<typeof measureListSchema>, 'measures'> & { measures: Measure[] };
export type ExitRequest = SchemaType<typeof exitRequestSchema>;
export type ExitResult = SchemaType<typeof exitResultSchema>;
export type PublicListInfo = SchemaType<typeof listSchema>;
export type ListEntrySummary = SchemaType<typeof entrySummarySchema>;
export type ListEntryDetail = SchemaType<typeof entryDetailSchema>;
export type ExitNotice = SchemaType<typeof exitNoticeSchema>;

// --- 信用警示 (credit warnings, the stage before a list entry): staff only, never published ---
export const creditWarningStates = ['open', 'lifted', 'entered', 'ended'] as const;

export const creditWarningSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    ref: { type: 'string' },
    reason: { type: 'string' },
    firstDay: date,
    lastDay: date,
    state: { type: 'string', enum: creditWarningStates },
    stateName: { type: 'string' },
    lifted: { type: ['object', 'null'], properties: { on: date, reason: { type: 'string' } }, required: ['on', 'reason'], additionalProperties: false },
    entered: { type: ['object', 'null'], properties: { ref: { type: 'string' }, on: date }, required: ['ref', 'on'], additionalProperties: false },
    department: { type: 'object', properties: { uscc: { type: 'string' }, name: { type: 'string' } }, required: ['uscc', 'name'], additionalProperties: false },
    subject: {
      type: 'object',
      description: 'a person shows only the masked ID number',
      properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: nullableString, maskedId: nullableString },
      required: ['id', 'kind', 'name', 'code', 'maskedId'],
      additionalProperties: false,
    },
    createdAt: { type: 'string' },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'reason', 'firstDay', 'lastDay', 'state', 'stateName', 'lifted', 'entered', 'department', 'subject', 'createdAt'],
  additionalProperties: false,
} as const;

export const creditWarningListSchema = { type: 'object', properties: { items: { type: 'array', items: creditWarningSchema } }, required: ['items'], additionalProperties: false } as const;

export const creditWarningQuerySchema = {
  type: 'object',
  properties: { category: { type: 'string', maxLength: 64 }, subject: { type: 'string', maxLength: 64, description: 'USCC, ID number or public id' } },
  additionalProperties: false,
} as const;

export const creditWarningRequestSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', maxLength: 64, description: 'USCC, ID number or public id of a subject on file' },
    ref: { type: 'string', maxLength: 200, description: '案号（文书号）' },
    reason: { type: 'string', maxLength: 4000, description: '警示事由' },
    firstDay: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD, default today; not after today' },
    lastDay: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD, default and at most the rule’s maximum (rules/list-lifecycle.json)' },
  },
  required: ['subject', 'ref', 'reason'],
  additionalProperties: false,
} as const;

export const creditWarningLiftSchema = {
  type: 'object',
  properties: { reason: { type: 'string', maxLength: 4000, description: '解除理由' } },
  required: ['reason'],
  additionalProperties: false,
} as const;

export type CreditWarning = SchemaType<typeof creditWarningSchema>;
export type CreditWarningRequest = SchemaType<typeof creditWarningRequestSchema>;
export type CreditWarningLiftRequest = SchemaType<typeof creditWarningLiftSchema>;
export type CreditWarningQuery = SchemaType<typeof creditWarningQuerySchema>;
