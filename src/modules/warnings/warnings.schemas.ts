// JSON schemas of the early-warning API.
import { pageQuery, paged, type RequestType, type SchemaType } from '../../kernel/http-schemas.ts';

export const warningSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string' },
    kindName: { type: 'string' },
    targetKind: { type: 'string', enum: ['department', 'region', 'subject'] },
    target: { type: 'string' },
    targetName: { type: 'string' },
    regionCode: { type: 'string' },
    reason: {
      type: 'object',
      properties: { zh: { type: 'string' }, en: { type: 'string' }, figures: { type: 'object', additionalProperties: {} } },
      required: ['zh', 'en', 'figures'],
    },
    firstSeen: { type: 'string', format: 'date' },
    lastSeen: { type: 'string', format: 'date' },
    state: { type: 'string', enum: ['open', 'acknowledged', 'closed'] },
    note: { type: ['string', 'null'] },
    ackedBy: { type: ['string', 'null'] },
    ackedAt: { type: ['string', 'null'], format: 'date-time' },
    closedBy: { type: ['string', 'null'] },
    closedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'kind', 'kindName', 'targetKind', 'target', 'targetName', 'regionCode', 'reason', 'firstSeen', 'lastSeen', 'state', 'note'],
} as const;
export type WarningView = SchemaType<typeof warningSchema>;

export const warningListQuerySchema = {
  type: 'object',
  properties: { ...pageQuery, state: { type: 'string', enum: ['open', 'acknowledged', 'closed', 'live'], description: 'live = open or acknowledged' }, kind: { type: 'string', maxLength: 64 } },
} as const;
export type WarningListQuery = RequestType<typeof warningListQuerySchema>;

export const warningListSchema = paged(warningSchema);
export type WarningList = SchemaType<typeof warningListSchema>;

export const warningNoteBodySchema = { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 2000 } } } as const;
export type WarningNoteBody = RequestType<typeof warningNoteBodySchema>;
