// Public statistics API (信用河北 公示统计): anonymous, rate-limited, aggregated only, cached until the data changes.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { publicRead } from '../../kernel/read-replica.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { createStatisticsCache } from './statistics.service.ts';
import { statisticsSchema } from './statistics.schemas.ts';

const PUBLIC_POLICY: RoutePolicy = { allow: ['public'] };
// the figures are recomputed when the data changes, and at the latest after an hour
export const STATISTICS_TTL_MS = 60 * 60_000;

export function statisticsRoutes(p: Platform, opts: { ttlMs?: number } = {}): FastifyPluginAsync {
  return async (app) => {
    const cache = createStatisticsCache(p, opts.ttlMs ?? STATISTICS_TTL_MS);
    app.get(
      '/statistics',
      {
        config: { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC_POLICY },
        schema: {
          tags: ['public'],
          summary: '公示统计 Totals of 双公示 records, subjects, list entries and repairs, by city and by month',
          description: 'Aggregated only: nothing about an individual; persons are never counted. Totals equal those of GET /public/stats and the list and repair-result pages. Cached until the data changes (a new record version, subject or repair decision, or a new day), at most an hour (computedAt).',
          response: { 200: statisticsSchema, ...errorResponses(429) },
        },
      },
      async (_req, reply) => cache.get(publicRead(p, reply)), // the replica while it is fresh (docs/operations.md)
    );
  };
}
