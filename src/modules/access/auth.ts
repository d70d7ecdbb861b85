// Who is asking, and may they? One hook resolves a principal for every request (session cookie
// of staff, or department-client credentials), and enforces the access policy that every route
// declares in its options: `config: { policy: { allow: [...], scope } }`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { Platform } from '../../platform.ts';
import { DomainError, forbidden, unauthorized } from '../../kernel/errors.ts';
import type { Actor } from '../../kernel/audit.ts';
import { regionLabel } from '../../kernel/codes/region.ts';
import type { ApiClient, Scope } from './clients.store.ts';
import { authenticateSignedRequest, deferredNonce, spendDeferredNonce } from './signing.ts';
import { SIGNING_HEADERS } from './signing.client.ts';
import type { Department } from './departments.store.ts';
import { ROLE_LABELS, regionContains, regionScopeFilter, type Role, type ScopeFilter } from './access.rules.ts';
import type { StaffUser } from './staff.store.ts';
import { resolveSession } from './staff.service.ts';

export type Principal =
  | { kind: 'public' }
  | { kind: 'staff'; user: StaffUser; role: Role; regionCode: string; departmentId: number | null; sessionId: number; passwordChangeRequired: boolean }
  | { kind: 'client'; client: ApiClient };

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

// 'public': anyone, signed in or not. 'staff': any signed-in staff role. A role: staff with that
// role. 'client:<scope>': a department system whose credentials carry that scope. 'node': a child
// node of the federation (exchange module): neither staff nor a department client reaches the
// handler, which admits only a request signed with a registered node key (docs/exchange.md).
export type Grant = 'public' | 'staff' | Role | `client:${Scope}` | 'node';

export type RoutePolicy = {
  allow: readonly Grant[];
  // What the handler narrows to (with the helpers below): 'department' = the principal's own
  // department (staff without a department: departments of their region); 'region' = the
  // principal's region and the regions inside it. Declared so reviewers and the route × role
  // test know which routes must refuse out-of-scope data.
  scope?: 'department' | 'region';
  // Requires the CSRF header even without a session cookie (sign-in: no login CSRF).
  csrf?: 'always';
  // Reachable while the user must first change their password (sign-out, me, change password).
  duringPasswordChange?: true;
  // 'handler': a signed request's nonce is recorded by the handler, in the transaction that stores
  // what the request does (withDeferredNonce, signing.ts), not in a commit of its own first.
  nonce?: 'handler';
};

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export const PUBLIC: Principal = Object.freeze({ kind: 'public' });
export const SESSION_COOKIE = 'xy_session';
// CSRF defence: cookie-authenticated state-changing requests must carry this header. Browsers
// cannot add it cross-site without a CORS preflight, which this API never grants.
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'xinyong';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The one place department-client credentials are checked (signed requests, signing.ts).
export async function resolveClient(p: Platform, req: FastifyRequest, policy?: RoutePolicy): Promise<ApiClient> {
  return authenticateSignedRequest(p, req, undefined, { deferNonce: policy?.nonce === 'handler' });
}

// A request that presents client credentials (or an obsolete Bearer token, which signing.ts
// refuses with a pointer to signed requests) is treated as a department system's.
const presentsClientCredentials = (req: FastifyRequest) =>
  req.headers.authorization !== undefined || req.headers[SIGNING_HEADERS.keyId] !== undefined || req.headers[SIGNING_HEADERS.signature] !== undefined;

export type RouteEntry = { method: string; url: string; policy: RoutePolicy | undefined };
const ROUTE_TABLES = new WeakMap<FastifyInstance, RouteEntry[]>();

// Every route of the app with its declared policy (HEAD twins of GET routes left out).
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return ROUTE_TABLES.get(app) ?? [];
}

// Call in buildApp before any route is registered.
export async function registerAccess(app: FastifyInstance, p: Platform): Promise<void> {
  await app.register(cookie);
  const table: RouteEntry[] = [];
  ROUTE_TABLES.set(app, table);
  app.addHook('onRoute', (r) => {
    // the web app's static files (outside /api/) are public by nature
    if (!r.url.startsWith('/api/') && !(r.config as { policy?: RoutePolicy } | undefined)?.policy)
      r.config = { ...(r.config ?? {}), policy: { allow: ['public'] } };
    for (const method of [r.method].flat()) {
      if (method === 'HEAD' && [r.method].flat().length === 1 && table.some((e) => e.method === 'GET' && e.url === r.url)) continue;
      table.push({ method, url: r.url, policy: (r.config as { policy?: RoutePolicy } | undefined)?.policy });
    }
  });
  app.decorateRequest('principal', null as never); // set by the onRequest hook below
  app.addHook('onRequest', async (req) => {
    req.principal = PUBLIC;
  });
  // preValidation: after the body is parsed (signed requests need it), before schema validation,
  // so a caller who may not use a route learns nothing of it and no handler code runs.
  app.addHook('preValidation', async (req, reply) => authorize(p, req, reply));
  app.addHook('onSend', async (req, reply, payload) => {
    // a nonce left to a handler that never ran (invalid body, an error before it): spent before
    // the answer goes out, and a replay is refused as if it had been recorded first
    if (deferredNonce(req)) {
      try {
        await spendDeferredNonce(p, req);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        reply.code(err.status).type('application/json; charset=utf-8');
        payload = JSON.stringify({ error: err.toBody() });
      }
    }
    if (req.principal && req.principal.kind !== 'public') reply.header('Cache-Control', 'no-store');
    return payload;
  });
}

async function authorize(p: Platform, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.routeOptions.url === undefined) return; // the not-found handler
  const policy = req.routeOptions.config.policy;
  if (!policy)
    throw new DomainError(500, 'POLICY_MISSING', '该接口未声明访问策略，已拒绝访问', 'This route declares no access policy and is refused');

  const token = req.cookies[SESSION_COOKIE];
  // checked first: a forged request is refused before anything is looked up or touched
  const client = presentsClientCredentials(req);
  if (!SAFE_METHODS.has(req.method) && !client && (token || policy.csrf === 'always') && req.headers[CSRF_HEADER] !== CSRF_VALUE)
    throw forbidden('CSRF_HEADER_MISSING', `请求缺少 X-Requested-With: ${CSRF_VALUE} 请求头（跨站请求防护）`, `The request lacks the header X-Requested-With: ${CSRF_VALUE} (cross-site request forgery defence)`);

  let sessionExpired = false;
  const admitsClients = policy.allow.some((g) => g.startsWith('client:'));
  if (client) {
    // verified only where a client may go (verifying spends the nonce); elsewhere refused
    // unverified, or, on a public route, simply not needed
    if (admitsClients) req.principal = { kind: 'client', client: await resolveClient(p, req, policy) };
    // (a node's request carries the same headers with a node key: its route verifies them)
    else if (!policy.allow.includes('public') && !policy.allow.includes('node'))
      throw forbidden('CLIENT_FORBIDDEN', '部门接口凭证不能访问该接口', 'Department API clients may not use this route');
  } else if (token) {
    const s = await resolveSession(p, token);
    if (s) {
      req.principal = {
        kind: 'staff',
        user: s.user,
        role: s.user.role,
        regionCode: s.user.regionCode,
        departmentId: s.user.departmentId,
        sessionId: s.sessionId,
        passwordChangeRequired: s.passwordChangeRequired,
      };
    } else {
      sessionExpired = true;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  }

  const who = req.principal;
  if (who.kind === 'staff' && who.passwordChangeRequired && !policy.duringPasswordChange && !policy.allow.includes('public'))
    throw forbidden('PASSWORD_CHANGE_REQUIRED', '请先修改密码', 'Change your password first');
  // a department system that sent no signature learns which headers are missing
  if (who.kind === 'public' && !sessionExpired && !policy.allow.includes('public') && admitsClients)
    await resolveClient(p, req);
  try {
    denial(policy, who, sessionExpired);
  } catch (err) {
    await spendDeferredNonce(p, req); // a replay is refused as such, before the denial
    throw err;
  }
}

// Throws the 401/403 for a principal a policy does not admit.
function denial(policy: RoutePolicy, who: Principal, sessionExpired: boolean): void {
  const allow = policy.allow;
  if (allow.includes('public')) return;
  if (who.kind === 'public' && allow.includes('node')) return; // the handler verifies the node's signature
  if (who.kind === 'public') {
    if (sessionExpired) throw unauthorized('SESSION_EXPIRED', '登录已过期，请重新登录', 'Your session has ended; sign in again');
    throw unauthorized('AUTH_REQUIRED', '需要登录或部门接口凭证', 'Sign-in or department API credentials required');
  }
  if (who.kind === 'staff') {
    if (allow.includes('staff') || allow.includes(who.role)) return;
    const label = ROLE_LABELS[who.role];
    throw forbidden('ROLE_FORBIDDEN', `您的角色（${label.zh}）无权执行此操作`, `Your role (${label.en}) may not do this`);
  }
  const clientGrants = allow.filter((g): g is `client:${Scope}` => g.startsWith('client:'));
  if (clientGrants.some((g) => who.client.scopes.includes(g.slice('client:'.length) as Scope))) return;
  if (clientGrants.length === 0) throw forbidden('CLIENT_FORBIDDEN', '部门接口凭证不能访问该接口', 'Department API clients may not use this route');
  const needed = clientGrants.map((g) => g.slice('client:'.length)).join('/');
  throw forbidden('SCOPE_MISSING', `该接口凭证没有“${needed}”权限`, `This API client lacks the "${needed}" scope`);
}

// --- helpers for handlers and services ---

export function actorOf(req: FastifyRequest): Actor {
  const who = req.principal;
  if (who.kind === 'staff') return { id: `staff:${who.user.username}`, kind: 'staff', ip: req.ip };
  if (who.kind === 'client') return { id: `api-client:${who.client.keyId}`, kind: 'api-client', ip: req.ip };
  return { id: 'public', kind: 'public', ip: req.ip };
}

export function staffOf(req: FastifyRequest): StaffPrincipal {
  const who = req.principal;
  if (who.kind !== 'staff') throw unauthorized('AUTH_REQUIRED', '需要登录', 'Sign-in required');
  return who;
}

// The region a principal acts for: staff their own, a client its department's.
function scopeRegion(who: Principal): string | undefined {
  if (who.kind === 'staff') return who.regionCode;
  if (who.kind === 'client') return who.client.department.regionCode;
  return undefined;
}

export function regionInScope(who: Principal, regionCode: string): boolean {
  const own = scopeRegion(who);
  return own !== undefined && regionContains(own, regionCode);
}

export function assertRegionInScope(who: Principal, regionCode: string): void {
  if (!regionInScope(who, regionCode))
    throw forbidden('REGION_OUT_OF_SCOPE', `无权访问${regionLabel(regionCode)}的数据`, `Data of region ${regionCode} is outside your scope`);
}

// Department roles and clients: only their own department. Other staff: departments located in
// their region.
export function departmentInScope(who: Principal, department: Pick<Department, 'id' | 'regionCode'>): boolean {
  if (who.kind === 'client') return who.client.department.id === department.id;
  if (who.kind === 'staff') return who.departmentId !== null ? who.departmentId === department.id : regionContains(who.regionCode, department.regionCode);
  return false;
}

export function assertDepartmentInScope(who: Principal, department: Pick<Department, 'id' | 'regionCode'>): void {
  if (!departmentInScope(who, department))
    throw forbidden('DEPARTMENT_OUT_OF_SCOPE', '无权访问其他部门的数据', 'Data of another department is outside your scope');
}

// For list queries: pass to scopeCondition (scope.store.ts) with the table's columns.
export function scopeFilter(who: Principal): ScopeFilter {
  if (who.kind === 'client') return { kind: 'department', departmentId: who.client.department.id };
  if (who.kind === 'staff') return who.departmentId !== null ? { kind: 'department', departmentId: who.departmentId } : regionScopeFilter(who.regionCode);
  return { kind: 'none' };
}
