// Publication periods as a province-wide setting: any staff member reads them; province-level
// operators and administrators add an effective-dated entry (city and county staff propose one:
// /proposals, kind publication.periods).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { assertProvinceLevel } from '../access/province-settings.ts';
import { listPublicationRules, setPublicationPeriods } from './publication-rules.service.ts';
import { publicationRuleSchema, publicationRulesSchema, setPublicationRuleResult } from './publication.schemas.ts';

const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
const errors = errorResponses(400, 401, 403, 429);

export function publicationRulesRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/publication/rules',
      {
        config: { policy: { allow: ['staff'] } },
        schema: { tags: ['public'], summary: '公示期限 Publication periods in force by decision date (file entries and those set by province staff)', response: { 200: publicationRulesSchema, ...errors } },
      },
      async () => listPublicationRules(p),
    );

    app.post<{ Body: unknown }>(
      '/publication/rules',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['public'],
          summary: '设定公示期限 Add publication periods from a day on (province-level operator)',
          description: 'Applies by decision date to records received from then on; records on file keep their window. effectiveFrom may not be before today; an entry of the same day replaces the earlier one.',
          body: publicationRuleSchema,
          response: { 200: setPublicationRuleResult, ...errors },
        },
      },
      async (req) => {
        assertProvinceLevel(req.principal, { zh: '公示期限', en: 'The publication periods' });
        return setPublicationPeriods(p, actorOf(req), req.body);
      },
    );
  };
}
