// Response schema of the government credit evaluation (政府信用评估).
import type { SchemaType } from '../../kernel/http-schemas.ts';

export const evaluationQuery = {
  type: 'object',
  properties: { region: { type: 'string', pattern: '^13[0-9]{2}00$', description: 'a city (GB/T 2260, 130100): only its bodies' } },
  additionalProperties: false,
} as const;

export const evaluationSchema = {
  type: 'object',
  properties: {
    asOf: { type: 'string' },
    rule: { type: 'object', properties: { effectiveFrom: { type: 'string' }, source: { type: 'string' }, baseScore: { type: 'number' } }, required: ['effectiveFrom', 'source', 'baseScore'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          rank: { type: 'integer', description: 'rank within the region: higher score first, equal scores share a rank' },
          region: { type: ['string', 'null'], description: 'city the body’s code names' },
          body: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, uscc: { type: 'string' } }, required: ['id', 'name', 'uscc'] },
          score: { type: 'number' },
          indicators: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                points: { type: 'number' },
                records: {
                  type: 'array',
                  items: { type: 'object', properties: { id: { type: 'string' }, category: { type: 'string' }, ref: { type: 'string' }, decisionDate: { type: 'string' } }, required: ['id', 'category', 'ref', 'decisionDate'] },
                },
              },
              required: ['id', 'name', 'points', 'records'],
            },
          },
        },
        required: ['rank', 'region', 'body', 'score', 'indicators'],
      },
    },
  },
  required: ['asOf', 'rule', 'items'],
} as const;
export type GovernmentEvaluationBody = SchemaType<typeof evaluationSchema>;

const runHead = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    runNo: { type: 'integer' },
    ranAt: { type: 'string', format: 'date-time' },
    asOf: { type: 'string' },
    trigger: { type: 'string', enum: ['job', 'demand'] },
    ranBy: { type: 'string' },
    ruleFrom: { type: 'string', description: 'effectiveFrom of the rules/government-evaluation.json entry the run used' },
  },
  required: ['period', 'runNo', 'ranAt', 'asOf', 'trigger', 'ranBy', 'ruleFrom'],
} as const;

export const periodParams = { type: 'object', properties: { period: { type: 'string', maxLength: 16, description: '2026-11 (month), 2026-Q4 (quarter), 2026 (year)' } }, required: ['period'] } as const;

export const storedQuery = {
  type: 'object',
  properties: {
    runNo: { type: 'integer', minimum: 1, description: 'a stored run (default: the latest)' },
    region: evaluationQuery.properties.region,
  },
  additionalProperties: false,
} as const;

export const runsSchema = { type: 'object', properties: { items: { type: 'array', items: runHead } }, required: ['items'] } as const;

const inputsSchema = {
  type: 'object',
  description: 'what the run read: the bodies and every record version (government-dishonesty by 失信类型 and 履行情况, and the categories the indicators count)',
  properties: {
    bodies: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, uscc: { type: 'string' }, region: { type: ['string', 'null'] } }, required: ['id', 'name', 'uscc', 'region'] } },
    records: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          body: { type: 'string' },
          category: { type: 'string' },
          ref: { type: 'string' },
          decisionDate: { type: 'string' },
          severity: { type: ['string', 'null'] },
          status: { type: 'string' },
          kind: { type: ['string', 'null'] },
          performed: { type: ['string', 'null'] },
        },
        required: ['id', 'body', 'category', 'ref', 'decisionDate', 'severity', 'status', 'kind', 'performed'],
      },
    },
  },
  required: ['bodies', 'records'],
} as const;

export const storedSchema = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    runNo: { type: ['integer', 'null'], description: 'null: nothing stored for the period yet; computed now as of the period’s end' },
    ranAt: { type: ['string', 'null'], format: 'date-time' },
    trigger: { type: ['string', 'null'], enum: ['job', 'demand', null] },
    evaluation: evaluationSchema,
    inputs: inputsSchema,
    runs: { type: 'array', items: runHead },
  },
  required: ['period', 'runNo', 'ranAt', 'trigger', 'evaluation', 'inputs', 'runs'],
} as const;

export const runAnswerSchema = {
  type: 'object',
  properties: { period: { type: 'string' }, runNo: { type: 'integer' }, stored: { type: 'boolean', description: 'false: the result equals the latest stored run; nothing new stored' }, asOf: { type: 'string' } },
  required: ['period', 'runNo', 'stored', 'asOf'],
} as const;

export const dashboardQuery = { type: 'object', properties: { period: { type: 'string', maxLength: 16 } }, required: ['period'], additionalProperties: false } as const;

export const dashboardSchema = {
  type: 'object',
  properties: {
    period: { type: 'string' },
    runNo: { type: ['integer', 'null'] },
    asOf: { type: 'string' },
    cities: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          region: { type: ['string', 'null'] },
          regionName: { type: 'string' },
          bodies: { type: 'integer' },
          meanScore: { type: 'number' },
          minScore: { type: 'number' },
          lowest: { type: 'object', properties: { name: { type: 'string' }, score: { type: 'number' } }, required: ['name', 'score'] },
        },
        required: ['region', 'regionName', 'bodies', 'meanScore', 'minScore', 'lowest'],
      },
    },
  },
  required: ['period', 'runNo', 'asOf', 'cities'],
} as const;
export type GovernmentDashboardBody = SchemaType<typeof dashboardSchema>;

export type GovernmentRunsBody = SchemaType<typeof runsSchema>;
export type GovernmentStoredBody = SchemaType<typeof storedSchema>;
