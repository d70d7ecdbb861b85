// HTTP API of county virtual platforms: operators list, enable and disable the counties of this
// node (their own region's); the public portal lists the enabled counties and shows one county's
// section (its departments and figures; its publications: GET /public/publications?region=CODE).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, assertRegionInScope, regionInScope, type RoutePolicy } from '../access/auth.ts';
import { countyPortal, disableCounty, enableCounty, getHostableCounty, listCounties } from './counties.service.ts';
import * as s from './counties.schemas.ts';

const READERS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor'], scope: 'region' };
const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'], scope: 'region' };
const PUBLIC_POLICY: RoutePolicy = { allow: ['public'] };

export function countiesRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const mayRead = (req: FastifyRequest) => (code: string) => regionInScope(req.principal, code);
    // a code this node may host (400 naming it) before the caller's scope (403)
    const hostableInScope = (req: FastifyRequest, code: string) => {
      getHostableCounty(p, code);
      assertRegionInScope(req.principal, code);
      return code;
    };
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC_POLICY };

    app.get<{ Querystring: s.CountyListQuery }>(
      '/counties',
      {
        config: { policy: READERS },
        schema: {
          tags: ['counties'],
          summary: '县级虚拟平台 The counties this node may host, with their state (the caller’s region only)',
          querystring: s.countyListQuerySchema,
          response: { 200: s.countyListSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({ node: { role: p.config.node.role, region: p.config.node.region }, items: await listCounties(p, { state: req.query.state, mayRead: mayRead(req) }) }),
    );

    app.post<{ Body: s.EnableBody }>(
      '/counties',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['counties'],
          summary: '开设县级虚拟平台 Enable a county virtual platform on this node',
          description: 'The county must be a county-level GB/T 2260 region inside this node’s region (COUNTY_OUTSIDE_NODE) and the caller’s (REGION_OUT_OF_SCOPE). Enabling an enabled county changes nothing (changed: false). Audited county.enable.',
          body: s.enableBodySchema,
          response: { 200: s.countyChangeSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => enableCounty(p, actorOf(req), hostableInScope(req, req.body.region)),
    );

    app.post<{ Params: { code: string } }>(
      '/counties/:code/disable',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['counties'],
          summary: '停用县级虚拟平台 Disable a county virtual platform (its departments, staff and records stay)',
          params: s.codeParamsSchema,
          response: { 200: s.countyChangeSchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => disableCounty(p, actorOf(req), hostableInScope(req, req.params.code)),
    );

    app.get(
      '/public/counties',
      { config: limited, schema: { tags: ['public'], summary: '县级平台 The counties with a virtual platform on this node', response: { 200: s.publicCountyListSchema, ...errorResponses(429) } } },
      async () => ({ items: (await listCounties(p, { state: 'enabled' })).map((c) => ({ region: c.region, name: c.name, label: c.label, city: c.city })) }),
    );

    app.get<{ Params: { code: string } }>(
      '/public/counties/:code',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '县级平台首页 A county’s section of the portal: its departments and public figures',
          description: 'Only for an enabled county (else 404 COUNTY_NOT_ENABLED). Its publications: GET /public/publications?region=CODE.',
          params: s.codeParamsSchema,
          response: { 200: s.publicCountySchema, ...errorResponses(400, 404, 429) },
        },
      },
      async (req) => countyPortal(p, req.params.code),
    );
  };
}
