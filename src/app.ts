// buildApp wires the HTTP API, the OpenAPI document and the web app; it never listens itself.
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Platform } from './platform.ts';
import { parseTrustProxy, type TrustProxy } from './config.ts';
import { DomainError } from './kernel/errors.ts';
import { openSharedLimits } from './kernel/shared-limits.ts';
import { registerInputGuard } from './kernel/input-guard.ts';
import { compileOnFirstUse } from './kernel/schema-compilers.ts';
import { validationError, frameworkError, clientErrorResponse } from './http-errors.ts';
import { publicationRoutes } from './modules/publication/publication.routes.ts';
import { collectionRoutes } from './modules/collection/collection.routes.ts';
import { ownRecordsRoutes } from './modules/collection/own-records.routes.ts';
import { sanctionsRoutes } from './modules/sanctions/sanctions.routes.ts';
import { classificationRoutes } from './modules/classification/classification.routes.ts';
import { governmentRoutes } from './modules/government/government.routes.ts';
import { kickRegrade } from './modules/classification/classification.service.ts';
import { listsRoutes } from './modules/sanctions/lists.routes.ts';
import { registerAccess, type RoutePolicy } from './modules/access/auth.ts';
import { accessRoutes } from './modules/access/access.routes.ts';
import { registerRefusalAudit } from './modules/access/refusal-audit.ts';
import { registerPublicBudget } from './modules/access/public-budget.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { rightsRoutes } from './modules/rights/rights.routes.ts';
import { SUBJECT_TOKEN_SECURITY } from './modules/rights/rights.schemas.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { authorizationsRoutes } from './modules/authorizations/authorizations.routes.ts';
import { validAuthorization } from './modules/authorizations/authorizations.service.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { inquiryRoutes } from './modules/inquiry/inquiry.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { commitmentsRoutes } from './modules/commitments/commitments.routes.ts';
import { subscriptionsRoutes } from './modules/subscriptions/subscriptions.routes.ts';
import { exemplarsRoutes } from './modules/exemplars/exemplars.routes.ts';
import { declarationsRoutes } from './modules/declarations/declarations.routes.ts';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes.ts';
import { warningsRoutes } from './modules/warnings/warnings.routes.ts';
import { proposalsRoutes } from './modules/proposals/proposals.routes.ts';
import { publicationRulesRoutes } from './modules/publication/publication-rules.routes.ts';
import { provinceSettingKinds } from './setting-kinds.ts';
import { exchangeRoutes } from './modules/exchange/exchange.routes.ts';
import { exchangeLinksRoutes } from './modules/exchange/links.routes.ts';
import { countiesRoutes } from './modules/counties/counties.routes.ts';
import { tipsRoutes } from './modules/tips/tips.routes.ts';
import { registerSignedBodyParser, SIGNING_SECURITY_SCHEME } from './modules/access/signing.ts';
import { attachTrace, finishTrace, mark, phaseTracing, startTrace, traceOf } from './kernel/phase-trace.ts';

const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

// pluginTimeoutMs: how long one plugin may take to register before the app refuses to start
// (Fastify's default, 10 s, unless XINYONG_PLUGIN_TIMEOUT_MS says otherwise; 0: no bound). The test
// helpers give it minutes: on the loaded 2-core CI machine '@fastify/cookie' missed 10 s.
// schemas: when route schemas are compiled: 'at-start' (the default: a schema that cannot compile
// stops the start) or 'on-first-use' (tests: src/kernel/schema-compilers.ts, decision 0047).
export type AppOptions = { logger?: boolean | object; webDist?: string; pluginTimeoutMs?: number; schemas?: 'at-start' | 'on-first-use' };

// Never logged: credentials of staff, department systems and subjects. Fastify's request
// serializer logs method, URL and addresses only, never headers or bodies; the redaction guards
// against a serializer that adds the headers under req.
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-xy-signature"]',
  'req.headers["x-xy-subject-token"]',
  'res.headers["set-cookie"]',
];

// For the built web app: scripts only from the app's origin (the built index.html has no inline
// script); antd injects its styles at runtime, hence 'unsafe-inline' for styles only.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const loggerOptions = (logger: AppOptions['logger']) => {
  if (!logger) return false;
  const base = logger === true ? {} : (logger as { redact?: string[] });
  return { ...base, redact: [...new Set([...(base.redact ?? []), ...LOG_REDACT])] };
};

// N hops: the socket's peer and the N-1 addresses it appended before it are proxies; the client is
// the next one to the left (proxy-addr's rule for a number, which Fastify's types do not declare)
const trustProxyOption = (t: TrustProxy): boolean | string[] | ((addr: string, hop: number) => boolean) =>
  typeof t === 'number' ? (_addr, hop) => hop < t : t;

// the routes that change credit files (records, list exits, objection and repair decisions)
const FILE_CHANGING = /^\/api\/v1\/(batches|lists\/[^/]+\/exits|objections\/[^/]+\/decision|repairs\/[^/]+\/decision)/;

export async function buildApp(platform: Platform, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    pluginTimeout: opts.pluginTimeoutMs ?? Number(process.env.XINYONG_PLUGIN_TIMEOUT_MS ?? 10_000),
    bodyLimit: platform.config.limits.jsonBodyBytes,
    // a number of hops or the proxies' addresses, never every hop (config.ts parseTrustProxy)
    trustProxy: trustProxyOption(parseTrustProxy(process.env.XINYONG_TRUST_PROXY)),
    // verbose: errors carry their schema, so a message can name the parameter in Chinese
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, verbose: true } },
    ...(opts.schemas === 'on-first-use' ? { schemaController: { compilersFactory: compileOnFirstUse() } } : {}),
    // a path that does not decode (%FF) or a bad content type: the platform's error, not Fastify's
    frameworkErrors: (err, _req, reply) =>
      (reply as unknown as { status(n: number): { send(b: unknown): void } }).status(err.statusCode ?? 400).send({ error: { code: err.code === 'FST_ERR_BAD_URL' ? 'URL_INVALID' : 'REQUEST_REJECTED', zh: `请求无法解析：${err.message}`, en: `The request cannot be parsed: ${err.message}` } }),
    // a URL or headers over Node's limit: the platform's JSON error, not a bare 431
    clientErrorHandler: (err, socket) => {
      if (socket.writable) socket.end(clientErrorResponse(err as NodeJS.ErrnoException));
      else socket.destroy(err);
    },
  });
  registerSignedBodyParser(app); // JSON bodies keep their SHA-256 for signed requests

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Xinyong 河北省公共信用信息共享平台 API (接口规范)',
        version: '1.0.0',
        description:
          'Exchange API for department systems (signed requests: HMAC-SHA256 with the headers X-Xy-Key-Id, X-Xy-Timestamp, X-Xy-Nonce, X-Xy-Content-SHA256, X-Xy-Signature; see the departmentClient security scheme) and the anonymous public API. Errors: `{ "error": { "code", "zh", "en", "details"? } }`.',
      },
      components: { securitySchemes: { departmentClient: SIGNING_SECURITY_SCHEME, subjectToken: SUBJECT_TOKEN_SECURITY } },
      tags: [
        { name: 'public', description: '公开查询 Public queries (anonymous, rate-limited)' },
        { name: 'collection', description: '归集 Collection by department systems' },
        { name: 'sanctions', description: '联合奖惩 Joint reward and punishment: credit checks, feedback, measures, list exits' },
        { name: 'audit', description: '审计 Audit trail: search, export and verification (auditor role)' },
        { name: 'access', description: '登录与管理 Staff sign-in (session cookie xy_session; state-changing requests need X-Requested-With: xinyong) and administration of users, departments and API clients' },
        { name: 'rights', description: '主体权益 Subject rights: identity check, own credit file and access log, objections (异议), credit repair (信用修复)' },
        { name: 'reports', description: '信用报告 Credit reports: issue (PDF, JSON), download, verify' },
        { name: 'calendar', description: '工作日 Working-day calendar: holiday notices, deadlines' },
        { name: 'inquiry', description: '部门信用查询 Staff credit query: a subject’s full credit file for a stated purpose; a department’s own records and their export' },
        { name: 'classification', description: '信用分类 Credit grades, 诚信积分 and 重点监管对象' },
        { name: 'exchange', description: '节点交换 Exchange between nodes: child nodes deliver record versions to their parent (docs/exchange.md)' },
        { name: 'counties', description: '县级虚拟平台 County virtual platforms on a city node: enable, disable, list (docs/exchange.md "Counties")' },
        { name: 'tips', description: '举报 Tips: public filing and status, handling by the routed department, the sealed reporter' },
        { name: 'subscriptions', description: '订阅与响应 Subscriptions of responding departments: signed webhooks, feed, delivery log, 反馈' },
        { name: 'exemplars', description: '诚信典型 Exemplars: nomination, review, 公示 with objections, approval into the red list' },
        { name: 'declarations', description: '主动申报 Self-declared information of companies, marked 自主申报; flagged false by departments' },
      ],
    },
  });
  // counters in Redis when XINYONG_REDIS_URL is set (one limit for the cluster), else per process
  const shared = await openSharedLimits(platform.config.redisUrl, platform.config.redisPrefix, (err) => app.log.warn({ err }, 'rate limits: Redis unreachable; requests pass unlimited until it is back'));
  if (shared) app.addHook('onClose', () => shared.close());
  await app.register(rateLimit, {
    global: false,
    ...(shared ? { redis: shared.redis, nameSpace: shared.nameSpace, skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', zh: `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`, en: `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s` },
    }),
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    // not on PDFs: the browsers' built-in PDF viewers break under a document CSP
    // a route's own, stricter policy stays (evidence downloads: sandbox)
    if (!reply.hasHeader('content-security-policy') && !String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    // req.protocol is https only over TLS, or behind a trusted proxy that says so (X-Forwarded-Proto)
    if (req.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // API answers may carry personal data: no copy in browser or proxy caches
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  // a request that changed credit files (records, list exits, objection and repair decisions):
  // the grades of its subjects (marked dirty by triggers in its transaction) are recomputed now by
  // the job runner rather than at the next periodic drain
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 300 && FILE_CHANGING.test(req.url)) kickRegrade(platform);
  });

  app.setErrorHandler((err: FastifyError | DomainError, req, reply) => {
    if (err instanceof DomainError) return reply.status(err.status).send({ error: err.toBody() });
    const e = err as FastifyError & { error?: unknown };
    if (e.statusCode === 429 && e.error) return reply.status(429).send({ error: e.error });
    if (e.validation) return reply.status(400).send({ error: validationError(e.validation, e.validationContext) });
    if (e.statusCode && e.statusCode < 500) return reply.status(e.statusCode).send({ error: frameworkError(e.code, e.message) });
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', zh: `服务器内部错误（请求编号 ${req.id}）`, en: `Internal server error (request ${req.id})` } });
  });

  // `bench check --phases` (XINYONG_PHASE_TRACE, src/kernel/phase-trace.ts): the steps of each
  // credit check, from the request's first byte read to the answer's last byte written
  if (phaseTracing()) {
    const traced = (req: { method: string; url: string }) => req.method === 'POST' && req.url === '/api/v1/credit-checks';
    app.addHook('onRequest', async (req) => {
      if (traced(req)) attachTrace(req, startTrace());
    });
    app.addHook('preValidation', async (req) => mark(traceOf(req), 'parsed'));
    app.addHook('onSend', async (req, _reply, payload) => {
      mark(traceOf(req), 'send');
      return payload;
    });
    app.addHook('onResponse', async (req) => finishTrace(traceOf(req)));
  }
  // control characters and body shape, before the access check looks any id up
  registerInputGuard(app, platform.config.limits.body);
  // every route declares who may use it (src/modules/access/auth.ts); registered before any route
  await registerAccess(app, platform);
  registerRefusalAudit(app, platform); // every 401/403/429 audited, floods counted
  registerPublicBudget(app, platform); // one cost-weighted budget per address across the public API
  const PUBLIC_ROUTE: { policy: RoutePolicy } = { policy: { allow: ['public'] } };

  await app.register(async (api) => {
    api.get('/health', { config: PUBLIC_ROUTE, schema: { hide: true } }, async () => {
      const reads = platform.reads.status(); // with a read replica: where public reads go and its lag
      return { status: 'ok', database: platform.db.kind, ...(reads.configured ? { readReplica: { source: reads.source, lagMs: reads.lagMs, asOf: reads.asOf, maxLagMs: reads.maxLagMs, paused: reads.paused } } : {}) };
    });
    await api.register(publicationRoutes(platform), { prefix: '/public' });
    await api.register(statisticsRoutes(platform), { prefix: '/public' });
    await api.register(collectionRoutes(platform));
    await api.register(ownRecordsRoutes(platform));
    // the subject's authorizations reach the credit checks from here: sanctions cannot import that module (cycle)
    await api.register(sanctionsRoutes(platform, { authorizationFor: (subjectId, departmentId) => validAuthorization(platform, subjectId, departmentId, ['credit-file', 'full-report']) }));
    await api.register(listsRoutes(platform), { prefix: '/public' });
    await api.register(accessRoutes(platform));
    await api.register(auditRoutes(platform), { prefix: '/audit' });
    await api.register(rightsRoutes(platform));
    await api.register(reportsRoutes(platform));
    await api.register(exchangeRoutes(platform), { prefix: '/exchange' });
    await api.register(exchangeLinksRoutes(platform), { prefix: '/exchange' });
    await api.register(countiesRoutes(platform));
    await api.register(authorizationsRoutes(platform));
    await api.register(calendarRoutes(platform));
    await api.register(inquiryRoutes(platform));
    await api.register(commitmentsRoutes(platform));
    await api.register(subscriptionsRoutes(platform));
    await api.register(exemplarsRoutes(platform));
    await api.register(declarationsRoutes(platform));
    await api.register(monitoringRoutes(platform));
    await api.register(warningsRoutes(platform));
    await api.register(publicationRulesRoutes(platform));
    await api.register(proposalsRoutes(platform, provinceSettingKinds(platform)));
    await api.register(classificationRoutes(platform));
    await api.register(tipsRoutes(platform));
    await api.register(governmentRoutes(platform));
    api.get('/openapi.json', { config: PUBLIC_ROUTE, schema: { hide: true } }, async () => app.swagger());
  }, { prefix: '/api/v1' });

  const webDist = opts.webDist ?? WEB_DIST;
  if (existsSync(webDist)) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !existsSync(`${webDist}/index.html`) || req.method !== 'GET')
      return reply.status(404).send({ error: { code: 'NOT_FOUND', zh: `没有这个接口：${req.method} ${req.url.split('?')[0]}`, en: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` } });
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
