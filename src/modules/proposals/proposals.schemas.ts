// Request and answer schemas of proposals to change province-wide settings (shared with the web app).
import { pageQuery, paged, type SchemaType, type RequestType } from '../../kernel/http-schemas.ts';

export const proposalStatusSchema = { type: 'string', enum: ['pending', 'applying', 'approved', 'rejected'] } as const;

export const proposalSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string' },
    kindLabel: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] },
    target: { type: 'string', description: 'what the change is to (a measure id, a year, a department code …)' },
    change: { description: 'the proposed change as data: the body the owning route takes' },
    reason: { type: 'string' },
    proposerName: { type: 'string' },
    regionCode: { type: 'string' },
    regionName: { type: 'string' },
    status: proposalStatusSchema,
    createdAt: { type: 'string', format: 'date-time' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    decisionNote: { type: ['string', 'null'] },
    result: { type: ['object', 'null'], additionalProperties: true, description: 'what the owning module answered when the change was applied' },
    mayDecide: { type: 'boolean', description: 'the caller may approve or reject it' },
  },
  required: ['id', 'kind', 'kindLabel', 'target', 'change', 'reason', 'proposerName', 'regionCode', 'regionName', 'status', 'createdAt', 'decidedAt', 'decisionNote', 'result', 'mayDecide'],
} as const;

export const proposalListSchema = {
  ...paged(proposalSchema),
  properties: { ...paged(proposalSchema).properties, scope: { type: 'string', enum: ['all', 'own'], description: 'all: province-level deciders; own: the caller’s proposals' } },
  required: [...paged(proposalSchema).required, 'scope'],
} as const;

export const proposalListQuery = {
  type: 'object',
  properties: { status: proposalStatusSchema, mine: { type: 'boolean', default: false }, ...pageQuery },
} as const;

export const newProposalBody = {
  type: 'object',
  properties: {
    kind: { type: 'string', minLength: 1, maxLength: 60 },
    change: { description: 'the change as data (see GET /proposals/kinds for each kind’s shape)' },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
  },
  required: ['kind', 'change', 'reason'],
  additionalProperties: false,
} as const;

export const decisionBody = {
  type: 'object',
  properties: { note: { type: 'string', minLength: 1, maxLength: 2000 } },
  required: ['note'],
  additionalProperties: false,
} as const;

export const settingKindsSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          label: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] },
          roles: { type: 'array', items: { type: 'string' } },
          mayPropose: { type: 'boolean' },
          example: { description: 'the shape of a change' },
        },
        required: ['kind', 'label', 'roles', 'mayPropose'],
      },
    },
  },
  required: ['items'],
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } }, required: ['id'] } as const;

export type Proposal = SchemaType<typeof proposalSchema>;
export type ProposalList = SchemaType<typeof proposalListSchema>;
export type ProposalStatus = SchemaType<typeof proposalStatusSchema>;
export type NewProposal = RequestType<typeof newProposalBody>;
export type SettingKindInfo = SchemaType<typeof settingKindsSchema>['items'][number];
