// JSON schema of the links' lag (work portal's exchange status page, monitoring dashboard).
import type { SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

export const exchangeLinksSchema = {
  type: 'object',
  properties: {
    now: { type: 'string' },
    silentLinkMinutes: { type: 'integer', description: 'rules/exchange.json in force today: a link silent longer raises exchange.link-silent' },
    upstream: {
      type: ['object', 'null'],
      properties: {
        url: { type: 'string' },
        lastContactAt: { type: 'string', description: 'the last successful delivery or feed pull (the upstream’s setting when none yet)' },
        silentMs: { type: 'integer', description: 'now − lastContactAt' },
        silent: { type: 'boolean' },
        backlogMs: { ...nullableInt, description: 'age of the oldest pending outbox entry: how far delivery is behind (null: nothing pending)' },
        pending: { type: 'integer' },
        feedLastSuccessAt: nullableString,
        feedLastError: nullableString,
      },
      required: ['url', 'lastContactAt', 'silentMs', 'silent', 'backlogMs', 'pending', 'feedLastSuccessAt', 'feedLastError'],
    },
    children: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          region: { type: 'string' },
          name: { type: 'string' },
          lastContactAt: { type: 'string', description: 'the last delivery received or feed pull (the registration when none yet)' },
          silentMs: { type: 'integer' },
          silent: { type: 'boolean' },
          lastReceivedAt: nullableString,
          feedLastAt: nullableString,
        },
        required: ['region', 'name', 'lastContactAt', 'silentMs', 'silent', 'lastReceivedAt', 'feedLastAt'],
      },
    },
  },
  required: ['now', 'silentLinkMinutes', 'upstream', 'children'],
} as const;
export type ExchangeLinks = SchemaType<typeof exchangeLinksSchema>;
