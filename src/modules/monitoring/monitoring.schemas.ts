// JSON schemas of the monitoring API: the resource directory, 零报送, evaluations and their
// drill-down (also the published 接口规范 via OpenAPI, and the web app's types).
import { FREQUENCIES } from './monitoring.rules.ts';
import { type RequestType, type SchemaType } from '../../kernel/http-schemas.ts';

const rate = { type: ['number', 'null'], description: 'fraction 0–1; null where nothing was due or received' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

export const directoryEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    key: { type: 'string' },
    revision: { type: 'integer' },
    departmentUscc: nullableString,
    departmentName: nullableString,
    departmentRegion: nullableString,
    departmentKind: nullableString,
    category: { type: 'string' },
    frequency: { type: 'string', enum: [...FREQUENCIES] },
    from: { type: 'string', format: 'date' },
    zeroCounts: { type: 'boolean', description: 'whether a 零报送 covers a slot of this entry' },
    active: { type: 'boolean' },
    source: { type: 'string', enum: ['file', 'operator'] },
    note: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
  },
  required: ['id', 'key', 'revision', 'departmentUscc', 'departmentName', 'departmentKind', 'category', 'frequency', 'from', 'zeroCounts', 'active', 'source', 'createdAt', 'createdBy'],
} as const;
export type DirectoryEntryView = SchemaType<typeof directoryEntrySchema>;

export const directoryListSchema = { type: 'object', properties: { entries: { type: 'array', items: directoryEntrySchema } }, required: ['entries'] } as const;
export type DirectoryList = SchemaType<typeof directoryListSchema>;

export const directorySetBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    department: { type: 'string', maxLength: 18, description: 'USCC of one department' },
    departmentKind: { type: 'string', maxLength: 64, description: 'or every department of this kind' },
    category: { type: 'string', maxLength: 64 },
    frequency: { type: 'string', maxLength: 32, description: FREQUENCIES.join(', ') },
    from: { type: 'string', maxLength: 10, description: 'first day (YYYY-MM-DD); default today' },
    zeroCounts: { type: 'boolean', default: true },
    active: { type: 'boolean', default: true, description: 'false withdraws the entry' },
    note: { type: 'string', maxLength: 500 },
  },
  required: ['category', 'frequency'],
} as const;
export type DirectorySetBody = RequestType<typeof directorySetBodySchema>;

export const directoryHistoryQuerySchema = { type: 'object', properties: { key: { type: 'string', maxLength: 200 } }, required: ['key'] } as const;

export const declarationBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    category: { type: 'string', maxLength: 64 },
    period: { type: 'string', maxLength: 16, description: '2026-11 (month), 2026-Q4 (quarter), 2026 (year) or 2026-11-05 (day)' },
  },
  required: ['category', 'period'],
} as const;
export type DeclarationBody = RequestType<typeof declarationBodySchema>;

export const declarationAnswerSchema = {
  type: 'object',
  properties: {
    created: { type: 'boolean', description: 'false: the same declaration was made before (answered again, nothing changed)' },
    counts: { type: 'boolean', description: 'whether the directory lets a 零报送 cover this category' },
    declaration: {
      type: 'object',
      properties: { id: { type: 'integer' }, category: { type: 'string' }, period: { type: 'string' }, start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' }, declaredAt: { type: 'string', format: 'date-time' }, declaredBy: { type: 'string' } },
      required: ['id', 'category', 'period', 'start', 'end', 'declaredAt', 'declaredBy'],
    },
  },
  required: ['created', 'counts', 'declaration'],
} as const;
export type DeclarationAnswer = SchemaType<typeof declarationAnswerSchema>;

const topErrors = { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, count: { type: 'integer' } }, required: ['code', 'count'] } } as const;

export const departmentRowSchema = {
  type: 'object',
  properties: {
    uscc: { type: 'string' },
    name: { type: 'string' },
    region: { type: 'string' },
    evaluationRegion: { ...nullableString, description: 'the region row it counts in (city, 辛集, 定州 or 雄安); null at province level' },
    due: { type: 'integer' },
    covered: { type: 'integer' },
    coverage: rate,
    records: { type: 'integer' },
    onTime: { type: 'integer' },
    timeliness: rate,
    rows: { type: 'integer' },
    rejected: { type: 'integer' },
    rejectRate: rate,
    topErrors,
    feedbackOwed: { type: 'integer' },
    feedbackGiven: { type: 'integer' },
    feedbackRate: rate,
    rightsDue: { type: 'integer' },
    rightsOnTime: { type: 'integer' },
    rightsRate: rate,
    score: { type: ['number', 'null'] },
    rank: nullableInt,
    tail: { type: 'boolean', description: 'in the tail (last ranks or below the score) this period' },
    tailFlag: { type: 'boolean', description: '约谈: in the tail for the configured number of consecutive periods' },
  },
  required: ['uscc', 'name', 'region', 'due', 'covered', 'coverage', 'records', 'onTime', 'timeliness', 'rows', 'rejected', 'rejectRate', 'score', 'rank', 'tail', 'tailFlag'],
} as const;
export type DepartmentEvaluation = SchemaType<typeof departmentRowSchema>;

export const regionRowSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    departments: { type: 'integer' },
    due: { type: 'integer' },
    covered: { type: 'integer' },
    coverage: rate,
    records: { type: 'integer' },
    onTime: { type: 'integer' },
    timeliness: rate,
    rows: { type: 'integer' },
    rejected: { type: 'integer' },
    rejectRate: rate,
    feedbackRate: rate,
    rightsRate: rate,
    score: { type: ['number', 'null'] },
    rank: nullableInt,
    tail: { type: 'boolean' },
    tailFlag: { type: 'boolean' },
  },
  required: ['code', 'name', 'due', 'covered', 'coverage', 'records', 'onTime', 'timeliness', 'score', 'rank', 'tail', 'tailFlag'],
} as const;
export type RegionEvaluation = SchemaType<typeof regionRowSchema>;

const runHead = {
  type: 'object',
  properties: { runNo: { type: 'integer' }, ranAt: { type: 'string', format: 'date-time' }, asOf: { type: 'string', format: 'date' }, trigger: { type: 'string', enum: ['job', 'demand'] }, ranBy: { type: 'string' } },
  required: ['runNo', 'ranAt', 'asOf', 'trigger', 'ranBy'],
} as const;

export const evaluationSchema = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    asOf: { type: 'string', format: 'date', description: 'figures count slots ended by this day' },
    runNo: { ...nullableInt, description: 'the stored run shown; null = no run stored yet: the provisional result (computedAt)' },
    ranAt: { type: ['string', 'null'], format: 'date-time' },
    computedAt: { type: ['string', 'null'], format: 'date-time', description: 'runNo null: when the provisional result was computed (read again for provisionalMinutes of rules/evaluation.json, superseded by a stored run)' },
    runs: { type: 'array', items: runHead },
    weights: { type: 'object', properties: { coverage: { type: 'number' }, timeliness: { type: 'number' }, quality: { type: 'number' }, feedback: { type: 'number' }, rights: { type: 'number' } } },
    departments: { type: 'array', items: departmentRowSchema },
    regions: { type: 'array', items: regionRowSchema },
  },
  required: ['period', 'from', 'to', 'asOf', 'runNo', 'ranAt', 'computedAt', 'runs', 'departments', 'regions'],
} as const;
export type Evaluation = SchemaType<typeof evaluationSchema>;

export const evaluationRunAnswerSchema = {
  type: 'object',
  properties: { period: { type: 'string' }, runNo: { type: 'integer' }, stored: { type: 'boolean', description: 'false: same figures as the last stored run, nothing new stored' }, previousRunNo: nullableInt },
  required: ['period', 'runNo', 'stored', 'previousRunNo'],
} as const;
export type EvaluationRunAnswer = SchemaType<typeof evaluationRunAnswerSchema>;

export const periodListSchema = {
  type: 'object',
  properties: {
    periods: {
      type: 'array',
      items: { type: 'object', properties: { period: { type: 'string' }, runs: { type: 'integer' }, latestRunNo: { type: 'integer' }, latestRanAt: { type: 'string', format: 'date-time' }, asOf: { type: 'string', format: 'date' } }, required: ['period', 'runs', 'latestRunNo', 'latestRanAt', 'asOf'] },
    },
  },
  required: ['periods'],
} as const;
export type PeriodList = SchemaType<typeof periodListSchema>;

export const evaluationQuerySchema = { type: 'object', properties: { run: { type: 'integer', minimum: 1 } } } as const;
// the evaluation of a period, optionally narrowed to a county virtual platform's scope
export const evaluationScopeQuerySchema = {
  type: 'object',
  properties: { run: { type: 'integer', minimum: 1 }, county: { type: 'string', pattern: '^\\d{6}$', description: 'an enabled county virtual platform (县级虚拟平台): its departments and one summed row for the county' } },
} as const;

export const regionDrillSchema = {
  type: 'object',
  properties: { period: { type: 'string' }, runNo: nullableInt, region: regionRowSchema, departments: { type: 'array', items: departmentRowSchema } },
  required: ['period', 'runNo', 'region', 'departments'],
} as const;
export type RegionDrill = SchemaType<typeof regionDrillSchema>;

export const departmentDrillSchema = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    runNo: nullableInt,
    department: { anyOf: [departmentRowSchema, { type: 'null' }] },
    late: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'integer' }, category: { type: 'string' }, sourceRef: { type: 'string' }, decisionDate: { type: 'string' }, receivedOn: { type: 'string' }, subjectName: { type: 'string' } }, required: ['id', 'category', 'sourceRef', 'decisionDate', 'receivedOn', 'subjectName'] },
    },
    rejected: {
      type: 'array',
      items: { type: 'object', properties: { batchId: { type: 'string' }, category: { type: 'string' }, rowNumber: { type: 'integer' }, field: nullableString, code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } }, required: ['batchId', 'category', 'rowNumber', 'field', 'code', 'zh', 'en'] },
    },
  },
  required: ['period', 'runNo', 'department', 'late', 'rejected'],
} as const;
export type DepartmentDrill = SchemaType<typeof departmentDrillSchema>;

export const bulletinQuerySchema = {
  type: 'object',
  properties: { format: { type: 'string', enum: ['xlsx', 'pdf'], default: 'xlsx' }, run: { type: 'integer', minimum: 1 } },
} as const;

export const trendQuerySchema = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['month', 'quarter', 'year'], default: 'month' }, count: { type: 'integer', minimum: 1, maximum: 36, default: 12 } },
} as const;

const nullableRate = { type: ['number', 'null'] } as const;

export const trendSchema = {
  type: 'object',
  properties: {
    points: {
      type: 'array',
      description: 'the latest stored run of each period, oldest first',
      items: {
        type: 'object',
        properties: {
          period: { type: 'string' },
          runNo: { type: 'integer' },
          coverage: { ...nullableRate, description: 'covered / due slots over the regions shown' },
          timeliness: { ...nullableRate, description: 'on-time / received records over the regions shown' },
          regions: {
            type: 'array',
            items: {
              type: 'object',
              properties: { code: { type: 'string' }, name: { type: 'string' }, coverage: nullableRate, timeliness: nullableRate, score: nullableRate, rank: { type: ['integer', 'null'] }, tailFlag: { type: 'boolean' } },
              required: ['code', 'name', 'coverage', 'timeliness', 'score', 'rank', 'tailFlag'],
            },
          },
        },
        required: ['period', 'runNo', 'coverage', 'timeliness', 'regions'],
      },
    },
  },
  required: ['points'],
} as const;
export type Trend = SchemaType<typeof trendSchema>;
