// JSON schemas of county virtual platforms (县级虚拟平台): the operators' API and the county's
// section of the public portal.
import type { RequestType, SchemaType } from '../../kernel/http-schemas.ts';
import { statisticsSchema } from '../statistics/statistics.schemas.ts';

const code = { type: 'string', pattern: '^\\d{6}$' } as const;
const nullable = { type: ['string', 'null'] } as const;

// What names a county in every answer (operators' and public): its code, name, full label, city.
const countyName = {
  region: { type: 'string', description: 'GB/T 2260 county code' },
  name: { type: 'string' },
  label: { type: 'string', description: '河北省 石家庄市 长安区' },
  city: { ...nullable, description: 'the city-level region above it' },
} as const;
const countyNameRequired = ['region', 'name', 'label', 'city'] as const;

export const countySchema = {
  type: 'object',
  properties: {
    ...countyName,
    state: { type: 'string', enum: ['enabled', 'disabled', 'none'] },
    enabledAt: nullable,
    enabledBy: nullable,
    disabledAt: nullable,
    departments: { type: 'integer', description: 'active departments registered with the county’s region code' },
    portalPath: { type: 'string', description: 'the county’s entry on the public portal' },
    dashboardPath: { type: 'string', description: 'the county’s scope of the work portal’s dashboard' },
  },
  required: [...countyNameRequired, 'state', 'enabledAt', 'enabledBy', 'disabledAt', 'departments', 'portalPath', 'dashboardPath'],
} as const;
export type CountyView = SchemaType<typeof countySchema>;
export type CountyState = CountyView['state'];

export const countyListSchema = {
  type: 'object',
  properties: {
    node: { type: 'object', properties: { role: { type: 'string' }, region: { type: 'string' } }, required: ['role', 'region'] },
    items: { type: 'array', items: countySchema },
  },
  required: ['node', 'items'],
} as const;

export const countyListQuerySchema = { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: ['enabled', 'disabled', 'none'] } } } as const;
export type CountyListQuery = RequestType<typeof countyListQuerySchema>;

export const enableBodySchema = { type: 'object', additionalProperties: false, properties: { region: code }, required: ['region'] } as const;
export type EnableBody = RequestType<typeof enableBodySchema>;
export const codeParamsSchema = { type: 'object', properties: { code: code }, required: ['code'] } as const;

export const countyChangeSchema = { type: 'object', properties: { county: countySchema, changed: { type: 'boolean' } }, required: ['county', 'changed'] } as const;

// public: the enabled counties, and one county's section
export const publicCountyListSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', properties: countyName, required: countyNameRequired },
    },
  },
  required: ['items'],
} as const;

export const publicCountySchema = {
  type: 'object',
  properties: {
    ...countyName,
    departments: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    statistics: {
      type: 'object',
      description: 'the county’s public figures, counted as GET /public/statistics counts the province’s (records by the providing department’s region, subjects by the registration region in their code)',
      properties: { asOf: statisticsSchema.properties.asOf, totals: statisticsSchema.properties.totals, byMonth: statisticsSchema.properties.byMonth },
      required: ['asOf', 'totals', 'byMonth'],
    },
  },
  required: [...countyNameRequired, 'departments', 'statistics'],
} as const;
export type PublicCounty = SchemaType<typeof publicCountySchema>;
