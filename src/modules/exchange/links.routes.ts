// The links' lag for operators (work portal 交换状态, beside GET /exchange/status).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { validateExchangeRules, type ExchangeRule } from './exchange.rules.ts';
import { exchangeLinks } from './links.service.ts';
import { exchangeLinksSchema } from './links.schemas.ts';

const OPERATORS: RoutePolicy = { allow: ['platform_admin', 'operator', 'auditor'] };

export function exchangeLinksRoutes(p: Platform, o: { rules?: readonly ExchangeRule[] } = {}): FastifyPluginAsync {
  const rules = o.rules ?? loadRuleFile<ExchangeRule>('exchange');
  validateExchangeRules(rules);
  return async (app) => {
    app.get(
      '/links',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['exchange'],
          summary: '链路时延 Each link’s last exchange, silence against the threshold, and the upward backlog’s age',
          response: { 200: exchangeLinksSchema, ...errorResponses(401, 403) },
        },
      },
      async () => exchangeLinks(p, rules),
    );
  };
}
