// JSON schema of the public statistics (公示统计) on 信用河北.
import type { SchemaType } from '../../kernel/http-schemas.ts';

const counts = {
  publications: { type: 'integer', description: '双公示: licences and penalties public today (as GET /public/stats publications)' },
  subjects: { type: 'integer', description: 'organizations and individual businesses on file (as GET /public/stats subjects); persons never counted' },
  listEntries: { type: 'integer', description: 'entries in force on the public red and black lists (as GET /public/stats listEntries)' },
  repairs: { type: 'integer', description: 'approved credit repairs as the public repair results show them (persons only where their category publishes persons)' },
} as const;
const countKeys = ['publications', 'subjects', 'listEntries', 'repairs'] as const;

export const statisticsSchema = {
  type: 'object',
  properties: {
    asOf: { type: 'string', format: 'date' },
    computedAt: { type: 'string', description: 'when the figures were computed (cached until the data changes, at most an hour)' },
    totals: { type: 'object', properties: counts, required: [...countKeys] },
    byCity: {
      type: 'array',
      description: 'records and repairs by the region of the providing department; subjects by the registration region in their code. 辛集, 定州 and 雄安新区 are their own rows; 130000 = provincial departments; other = outside Hebei or unknown',
      items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, ...counts }, required: ['code', 'name', ...countKeys] },
    },
    byMonth: {
      type: 'array',
      description: 'the last 12 months (decision month; subjects: month filed; repairs: month decided), after `earlier` for everything before',
      items: { type: 'object', properties: { month: { type: 'string' }, ...counts }, required: ['month', ...countKeys] },
    },
  },
  required: ['asOf', 'computedAt', 'totals', 'byCity', 'byMonth'],
} as const;

export type PublicStatistics = SchemaType<typeof statisticsSchema>;
