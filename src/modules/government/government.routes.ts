// 政务诚信: the government credit evaluation, for operators (and auditors, platform administrators).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { assertProvinceLevel } from '../access/province-settings.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { governmentDashboard, governmentEvaluation, governmentEvaluationRuns, runGovernmentEvaluation, storedGovernmentEvaluation } from './government.service.ts';
import { dashboardQuery, dashboardSchema, evaluationQuery, evaluationSchema, periodParams, runAnswerSchema, runsSchema, storedQuery, storedSchema } from './government.schemas.ts';

const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor'] };
const RUNNERS: RoutePolicy = { allow: ['operator', 'platform_admin'] };

export function governmentRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { region?: string } }>(
      '/government/evaluation',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['government'],
          summary: '政府信用评估 Government bodies scored and ranked per city',
          description: 'Every government body on the platform (统一社会信用代码 beginning 11) scored under rules/government-evaluation.json from its current records (government-dishonesty by 失信类型, broken commitments, court judgments not performed), each indicator with its points and records, ranked within its city.',
          querystring: evaluationQuery,
          response: { 200: evaluationSchema, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (req) => governmentEvaluation(p, req.query.region),
    );

    app.get(
      '/government/evaluation/runs',
      {
        config: { policy: OPERATORS },
        schema: { tags: ['government'], summary: '政府信用评估记录 Stored runs, newest first', response: { 200: runsSchema, ...errorResponses(401, 403, 429) } },
      },
      async () => ({ items: await governmentEvaluationRuns(p) }),
    );

    app.get<{ Params: { period: string }; Querystring: { runNo?: number; region?: string } }>(
      '/government/evaluation/periods/:period',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['government'],
          summary: '某期政府信用评估 The stored evaluation of a period, with its inputs',
          description: 'The latest stored run of the period (or run runNo) with the bodies and records it read and the rule it ran under; with none stored, computed now as of the period’s end (runNo null, not stored). Periods: 2026-11, 2026-Q4, 2026.',
          params: periodParams,
          querystring: storedQuery,
          response: { 200: storedSchema, ...errorResponses(400, 401, 403, 404, 429) },
        },
      },
      async (req) => storedGovernmentEvaluation(p, req.params.period, { runNo: req.query.runNo, region: req.query.region }),
    );

    app.post<{ Params: { period: string } }>(
      '/government/evaluation/periods/:period/run',
      {
        config: { policy: RUNNERS },
        schema: {
          tags: ['government'],
          summary: '运行政府信用评估 Evaluate a period now and store it (province-level staff)',
          description: 'As of the period’s last day (today while it runs). A result equal to the latest stored run stores nothing (stored: false); after late data a new run, earlier runs kept. Audited (government-evaluation.run).',
          params: periodParams,
          response: { 200: runAnswerSchema, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (req) => {
        assertProvinceLevel(req.principal, { zh: '政府信用评估', en: 'The government evaluation' });
        const r = await runGovernmentEvaluation(p, actorOf(req), req.params.period, 'demand');
        return { period: r.run.period, runNo: r.run.runNo, stored: r.stored, asOf: r.run.asOf };
      },
    );

    app.get<{ Querystring: { period: string } }>(
      '/government/evaluation/dashboard',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['government'],
          summary: '监测看板：政府信用评估 The monitoring dashboard’s section: per city, bodies, mean and lowest score',
          querystring: dashboardQuery,
          response: { 200: dashboardSchema, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (req) => {
        const d = await governmentDashboard(p, req.query.period);
        return { ...d, cities: d.cities.map((c) => ({ ...c, regionName: (c.region && findRegion(c.region)?.name) || '未识别地区' })) };
      },
    );
  };
}
