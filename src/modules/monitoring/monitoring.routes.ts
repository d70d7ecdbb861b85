// HTTP API of monitoring: the resource directory (staff read, province-level staff edit), 零报送
// (department systems, signed like batches, and department staff), evaluations with their
// drill-down (operators: all; city staff: their region).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses, type SchemaType } from '../../kernel/http-schemas.ts';
import { notFound } from '../../kernel/errors.ts';
import { actorOf, assertRegionInScope, regionInScope, type RoutePolicy } from '../access/auth.ts';
import { assertCountyEnabled, getHostableCounty } from '../counties/counties.service.ts';
import { assertProvinceLevel } from '../access/province-settings.ts';
import { getActingDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import { getDepartmentByUscc } from '../access/departments.store.ts';
import { lateRecords, rejectedRows } from '../collection/figures.store.ts';
import { declareNone, directoryHistory, listDirectory, setEntry } from './directory.service.ts';
import { evaluationTrend, issueBulletin } from './bulletin.service.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { checkPeriod, countyResult, getEvaluation, listEvaluationPeriods, runEvaluation, scopeResult } from './evaluation.service.ts';
import * as s from './monitoring.schemas.ts';

const STAFF_READERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor', 'department_admin', 'department_clerk'], scope: 'region' };
const EVALUATION_READERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor'], scope: 'region' };
const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
const DECLARERS: RoutePolicy = { allow: ['client:collect', 'department_admin', 'department_clerk'], scope: 'department' };
const DRILL_LIMIT = 200;

export function monitoringRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const mayRead = (req: FastifyRequest) => (code: string) => regionInScope(req.principal, code);

    app.get(
      '/monitoring/directory',
      { config: { policy: STAFF_READERS }, schema: { tags: ['monitoring'], summary: '资源目录 The resource directory (current entries)', description: 'City and department staff see the kind-wide entries and those of departments they may read.', response: { 200: s.directoryListSchema, ...errorResponses(401, 403) } } },
      async (req) => ({ entries: await listDirectory(p, await readableDepartmentIds(p.db, req.principal)) }),
    );

    app.get<{ Querystring: { key: string } }>(
      '/monitoring/directory/history',
      { config: { policy: STAFF_READERS }, schema: { tags: ['monitoring'], summary: '资源目录项历史 Every revision of one entry, newest first', querystring: s.directoryHistoryQuerySchema, response: { 200: s.directoryListSchema, ...errorResponses(400, 401, 403) } } },
      async (req) => {
        const readable = await readableDepartmentIds(p.db, req.principal);
        const entries = await directoryHistory(p, req.query.key);
        return { entries: readable === null ? entries : entries.filter((e) => e.departmentId === null || readable.includes(e.departmentId)) };
      },
    );

    app.post<{ Body: s.DirectorySetBody }>(
      '/monitoring/directory',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['monitoring'],
          summary: '修改资源目录 A new revision of a directory entry (province-level staff)',
          description: 'Names one department (USCC) or a department kind; the entry applies from `from` (default today). Every change is kept; a department’s own entry wins over its kind’s.',
          body: s.directorySetBodySchema,
          response: { 200: s.directoryEntrySchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        assertProvinceLevel(req.principal, { zh: '资源目录', en: 'The resource directory' });
        return setEntry(p, actorOf(req), req.body);
      },
    );

    app.post<{ Body: s.DeclarationBody }>(
      '/monitoring/zero-declarations',
      {
        config: { policy: DECLARERS },
        schema: {
          tags: ['monitoring'],
          summary: '零报送 Declare that the department had nothing of a category to report in a period',
          description: 'Refused for a malformed or future period, a category the directory does not ask of the department, or a period in which its records of the category arrived. Declaring again answers the first declaration (created: false).',
          security: [{ departmentClient: [] }],
          body: s.declarationBodySchema,
          response: { 200: s.declarationAnswerSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const dep = await getActingDepartment(p.db, req.principal, { zh: '只有部门系统和部门人员可以申报零报送', en: 'Only department systems and department staff declare nil returns' });
        return declareNone(p, actorOf(req), dep, req.body);
      },
    );

    app.get(
      '/monitoring/evaluations',
      { config: { policy: EVALUATION_READERS }, schema: { tags: ['monitoring'], summary: '考核期间 Periods with stored evaluations, newest first', response: { 200: s.periodListSchema, ...errorResponses(401, 403) } } },
      async () => ({ periods: await listEvaluationPeriods(p) }),
    );

    const evaluationOf = async (req: FastifyRequest<{ Params: { period: string }; Querystring: { run?: number } }>) => {
      const e = await getEvaluation(p, req.params.period, req.query.run);
      return { ...e, result: scopeResult(e.result, mayRead(req)) };
    };

    app.get<{ Params: { period: string }; Querystring: { run?: number; county?: string } }>(
      '/monitoring/evaluations/:period',
      {
        config: { policy: EVALUATION_READERS },
        schema: {
          tags: ['monitoring'],
          summary: '考核结果 The evaluation of a period: departments and regions with rates, score, rank and tail flags',
          description: 'The latest stored run (or ?run=N); with none stored yet, the provisional result (runNo null, computedAt): computed once and stored, read again while its as-of day is unchanged and it is younger than provisionalMinutes (rules/evaluation.json), superseded by a stored run. City staff get the rows of their region; ranks are province-wide. ?county=CODE: the scope of an enabled county virtual platform (in the caller’s region): its departments and one unranked row summed from them.',
          params: { type: 'object', properties: { period: { type: 'string', maxLength: 16 } }, required: ['period'] },
          querystring: s.evaluationScopeQuerySchema,
          response: { 200: s.evaluationSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req): Promise<SchemaType<typeof s.evaluationSchema>> => {
        const county = req.query.county;
        if (county !== undefined) {
          getHostableCounty(p, county, 'county'); // an unknown code or a city: 400 naming it, before the scope check
          assertRegionInScope(req.principal, county);
          await assertCountyEnabled(p.db, county);
        }
        const e = await evaluationOf(req);
        if (county !== undefined) e.result = countyResult(e.result, { code: county, name: findRegion(county)!.name });
        return { ...e.result, runNo: e.runNo, ranAt: e.ranAt?.toISOString() ?? null, computedAt: e.computedAt?.toISOString() ?? null, runs: e.runs.map((r) => ({ ...r, ranAt: r.ranAt.toISOString() })) };
      },
    );

    app.get<{ Params: { period: string; code: string }; Querystring: { run?: number } }>(
      '/monitoring/evaluations/:period/regions/:code',
      {
        config: { policy: EVALUATION_READERS },
        schema: {
          tags: ['monitoring'],
          summary: '地区下钻 A region’s row and its departments',
          params: { type: 'object', properties: { period: { type: 'string', maxLength: 16 }, code: { type: 'string', maxLength: 6 } }, required: ['period', 'code'] },
          querystring: s.evaluationQuerySchema,
          response: { 200: s.regionDrillSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const e = await evaluationOf(req);
        const region = e.result.regions.find((g) => g.code === req.params.code);
        if (!region) throw notFound('REGION_NOT_EVALUATED', `地区 ${req.params.code} 不在考核范围内或无权查看`, `Region ${req.params.code} is not an evaluated region in your scope`);
        return { period: e.result.period, runNo: e.runNo, region, departments: e.result.departments.filter((d) => d.evaluationRegion === region.code) };
      },
    );

    app.get<{ Params: { period: string; uscc: string }; Querystring: { run?: number } }>(
      '/monitoring/evaluations/:period/departments/:uscc',
      {
        config: { policy: EVALUATION_READERS },
        schema: {
          tags: ['monitoring'],
          summary: '部门下钻 A department’s row, its late records and rejected rows in the period',
          description: `At most ${DRILL_LIMIT} late records and ${DRILL_LIMIT} rejected rows, newest first (read live).`,
          params: { type: 'object', properties: { period: { type: 'string', maxLength: 16 }, uscc: { type: 'string', maxLength: 18 } }, required: ['period', 'uscc'] },
          querystring: s.evaluationQuerySchema,
          response: { 200: s.departmentDrillSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const period = checkPeriod(req.params.period, p.today());
        const dep = await getDepartmentByUscc(p.db, req.params.uscc);
        if (!regionInScope(req.principal, dep.regionCode)) throw notFound('DEPARTMENT_NOT_FOUND', `部门 ${req.params.uscc} 不存在`, `Department ${req.params.uscc} does not exist`);
        const e = await evaluationOf(req);
        const span = { from: period.start, to: period.end, timeZone: p.config.timeZone };
        const [late, rejected] = await Promise.all([lateRecords(p.db, dep.id, span, DRILL_LIMIT), rejectedRows(p.db, dep.id, span, DRILL_LIMIT)]);
        return { period: period.code, runNo: e.runNo, department: e.result.departments.find((d) => d.uscc === dep.uscc) ?? null, late, rejected };
      },
    );

    app.get<{ Params: { period: string }; Querystring: { format?: string; run?: number } }>(
      '/monitoring/evaluations/:period/bulletin',
      {
        config: { policy: EVALUATION_READERS },
        schema: {
          tags: ['monitoring'],
          summary: '考核通报 The bulletin of a period as XLSX (one sheet per table) or a Chinese PDF',
          description: 'The period, the rankings of regions and departments, the tail flags (约谈) and the date of issue. The latest stored run (or ?run=N); city staff get their region’s rows (ranks stay province-wide). Audited (evaluation.bulletin).',
          params: { type: 'object', properties: { period: { type: 'string', maxLength: 16 } }, required: ['period'] },
          querystring: s.bulletinQuerySchema,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
          response: { 200: { description: 'XLSX or PDF file', type: 'string', format: 'binary' }, ...errorResponses(400, 401, 403, 404, 503) },
        },
      },
      async (req, reply) => {
        const region = req.principal.kind === 'staff' ? req.principal.regionCode : undefined;
        const scope = !region || region === '130000' ? '全省' : (findRegion(region)?.name ?? region);
        const b = await issueBulletin(p, actorOf(req), req.params.period, req.query.format ?? 'xlsx', mayRead(req), scope, req.query.run);
        reply.header('Content-Disposition', `attachment; filename="${b.fileName}"`);
        return reply.type(b.contentType).send(b.body);
      },
    );

    app.get<{ Querystring: { kind?: string; count?: number } }>(
      '/monitoring/trend',
      {
        config: { policy: EVALUATION_READERS },
        schema: {
          tags: ['monitoring'],
          summary: '考核趋势 Coverage, timeliness and scores of the regions over the last stored periods',
          description: 'The latest stored run of each of the last `count` periods of a kind, oldest first. City staff get their region.',
          querystring: s.trendQuerySchema,
          response: { 200: s.trendSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({ points: await evaluationTrend(p, req.query.kind ?? 'month', req.query.count ?? 12, mayRead(req)) }),
    );

    app.post<{ Params: { period: string } }>(
      '/monitoring/evaluations/:period/run',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['monitoring'],
          summary: '运行考核 Evaluate a period now and store the result (province-level staff)',
          description: 'Same figures as the last stored run: nothing new is stored (stored: false). After late data: a new run; earlier runs stay.',
          params: { type: 'object', properties: { period: { type: 'string', maxLength: 16 } }, required: ['period'] },
          response: { 200: s.evaluationRunAnswerSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        assertProvinceLevel(req.principal, { zh: '考核', en: 'The evaluation' });
        const r = await runEvaluation(p, actorOf(req), req.params.period, 'demand');
        return { period: r.run.period, runNo: r.run.runNo, stored: r.stored, previousRunNo: r.previous?.runNo ?? null };
      },
    );
  };
}
