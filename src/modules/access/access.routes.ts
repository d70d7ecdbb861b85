// Staff sign-in (/auth) and the administration of users, departments and API clients (/admin)
// for the work portal. Every route declares its access policy (auth.ts).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { notFound } from '../../kernel/errors.ts';
import { errorResponses, errorSchema, pageQuery } from '../../kernel/http-schemas.ts';
import { findRegion, regionLabel } from '../../kernel/codes/region.ts';
import { addDepartment, findDepartmentById, listDepartments, type Department } from './departments.store.ts';
import { createClient, listClients, revokeClient, type ClientListing, type Scope } from './clients.store.ts';
import { passwordChangeRequired, type Role } from './access.rules.ts';
import {
  SESSION_COOKIE,
  actorOf,
  assertDepartmentInScope,
  assertRegionInScope,
  departmentInScope,
  scopeFilter,
  staffOf,
  type Principal,
  type RoutePolicy,
} from './auth.ts';
import {
  accessRule,
  changePassword,
  createStaffUser,
  listStaffUsers,
  managerOf,
  signIn,
  signOut,
  signOutEverywhere,
  updateStaffUserAsManager,
  type Issued,
  type StaffUser,
  type StaffUserChange,
} from './staff.service.ts';
import {
  clientSchema,
  departmentSchema,
  idParams,
  issuedClientSchema,
  issuedUserSchema,
  keyIdParams,
  listedStaffUserSchema,
  newClientBody,
  newDepartmentBody,
  newUserBody,
  passwordChangeBody,
  signInBody,
  staffUserSchema,
  userChangeBody,
} from './access.schemas.ts';

const STAFF: RoutePolicy = { allow: ['staff'], duringPasswordChange: true };
const USER_ADMINS: RoutePolicy = { allow: ['platform_admin', 'department_admin'], scope: 'department' };
const errors = errorResponses(400, 401, 403, 404);

export function accessRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const departmentRef = async (id: number | null, cache = new Map<number, Department | undefined>()) => {
      if (id === null) return null;
      if (!cache.has(id)) cache.set(id, await findDepartmentById(p.db, id));
      const d = cache.get(id);
      return d ? { id: d.id, uscc: d.uscc, name: d.name } : null;
    };
    const presentUser = async (u: StaffUser, cache?: Map<number, Department | undefined>) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      regionCode: u.regionCode,
      regionName: regionLabel(u.regionCode),
      department: await departmentRef(u.departmentId, cache),
      totpEnabled: u.totpEnabled,
      passwordChangeRequired: passwordChangeRequired(u, p.now(), accessRule(p).password),
      disabled: u.disabledAt !== null,
      lastSignInAt: u.lastSignInAt ? new Date(u.lastSignInAt).toISOString() : null,
      createdAt: new Date(u.createdAt).toISOString(),
    });
    const presentIssued = async (r: Issued) => ({
      user: await presentUser(r.user),
      ...(r.password ? { password: r.password } : {}),
      ...(r.totp ? { totp: r.totp } : {}),
    });
    const presentDepartment = (d: Department) => ({ ...d, regionName: regionLabel(d.regionCode) });
    const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https' });
    const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });

    // ---- sign-in and the signed-in user ----

    app.post<{ Body: { username: string; password: string; totp?: string } }>(
      '/auth/sign-in',
      {
        config: {
          policy: { allow: ['public'], csrf: 'always' },
          rateLimit: { max: p.config.signInRateLimit.max, timeWindow: p.config.signInRateLimit.windowMs },
        },
        schema: {
          tags: ['access'],
          summary: '工作人员登录 Staff sign-in (password, and TOTP where required)',
          description:
            'Sets the session cookie `xy_session` (HttpOnly, SameSite=Strict, Secure over HTTPS). Requires the header `X-Requested-With: xinyong`. ' +
            'Every refusal reads the same (401 SIGN_IN_FAILED) whether or not the user exists; after a failure the next attempt for that user name waits 1, 2, 4, 8 s (429 SIGN_IN_TOO_SOON), ' +
            'and after 5 failures within 15 minutes sign-in is locked for 15 minutes (429 SIGN_IN_LOCKED).',
          body: signInBody,
          response: { 200: { type: 'object', properties: { user: staffUserSchema }, required: ['user'] }, 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
        },
      },
      async (req, reply) => {
        const s = await signIn(p, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
        setSessionCookie(req, reply, s.token);
        return { user: await presentUser(s.user) };
      },
    );

    app.post(
      '/auth/sign-out',
      { config: { policy: STAFF }, schema: { tags: ['access'], summary: '退出登录 Sign out (this session)', response: { 204: { type: 'null' }, ...errors } } },
      async (req, reply) => {
        await signOut(p, actorOf(req), staffOf(req).sessionId);
        clearSessionCookie(reply);
        return reply.status(204).send();
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      {
        config: { policy: STAFF },
        schema: {
          tags: ['access'],
          summary: '退出所有设备 Sign out everywhere (ends every session of the user)',
          response: { 200: { type: 'object', properties: { sessionsEnded: { type: 'integer' } }, required: ['sessionsEnded'] }, ...errors },
        },
      },
      async (req, reply) => {
        const n = await signOutEverywhere(p, actorOf(req), staffOf(req).user.id);
        clearSessionCookie(reply);
        return { sessionsEnded: n };
      },
    );

    app.get(
      '/auth/me',
      { config: { policy: STAFF }, schema: { tags: ['access'], summary: '当前用户 The signed-in user', response: { 200: { type: 'object', properties: { user: staffUserSchema }, required: ['user'] }, ...errors } } },
      async (req) => ({ user: await presentUser(staffOf(req).user) }),
    );

    // The web app's first question: answered 200 for everyone, so a sign-in page asks without a
    // failed request in the browser console (/auth/me answers 401 to nobody signed in).
    app.get(
      '/auth/session',
      {
        config: { policy: { allow: ['public'] } },
        schema: { tags: ['access'], summary: '当前会话 The signed-in user, or null', response: { 200: { type: 'object', properties: { user: { anyOf: [staffUserSchema, { type: 'null' }] } }, required: ['user'] } } },
      },
      async (req) => ({ user: req.principal.kind === 'staff' ? await presentUser(req.principal.user) : null }),
    );

    app.post<{ Body: { currentPassword: string; newPassword: string } }>(
      '/auth/password',
      {
        config: { policy: STAFF },
        schema: {
          tags: ['access'],
          summary: '修改密码 Change the password (ends the user’s other sessions)',
          description: 'At least 12 characters, at least 3 of: lower case, upper case, digits, symbols; must not contain the user name.',
          body: passwordChangeBody,
          response: { 200: { type: 'object', properties: { user: staffUserSchema }, required: ['user'] }, ...errors, 429: errorSchema },
        },
      },
      async (req) => {
        const who = staffOf(req);
        const user = await changePassword(p, actorOf(req), who.user.id, who.sessionId, req.body.currentPassword, req.body.newPassword);
        return { user: await presentUser(user) };
      },
    );

    // ---- users ----

    app.get<{ Querystring: { page: number; pageSize: number } }>(
      '/admin/users',
      {
        config: { policy: USER_ADMINS },
        schema: {
          tags: ['access'],
          summary: '用户列表 Staff accounts in the administrator’s scope',
          querystring: { type: 'object', properties: { ...pageQuery } },
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: listedStaffUserSchema }, total: { type: 'integer' } }, required: ['items', 'total'] }, ...errors },
        },
      },
      async (req) => {
        const { page, pageSize } = req.query;
        const r = await listStaffUsers(p, scopeFilter(req.principal), pageSize, (page - 1) * pageSize);
        const cache = new Map<number, Department | undefined>();
        const items = [];
        for (const u of r.items) items.push({ ...(await presentUser(u, cache)), lockedUntil: u.lockedUntil ? new Date(u.lockedUntil).toISOString() : null });
        return { items, total: r.total };
      },
    );

    app.post<{ Body: { username: string; displayName: string; role: Role; regionCode?: string; departmentId?: number; password?: string } }>(
      '/admin/users',
      {
        config: { policy: USER_ADMINS },
        schema: {
          tags: ['access'],
          summary: '新建用户 Create a staff account',
          description:
            'A platform administrator creates any role within their region; a department administrator only department roles of their own department. ' +
            'platform_admin and operator accounts get a TOTP enrolment, returned once. Without `password` one is generated and returned once; either way the user changes it at first sign-in.',
          body: newUserBody,
          response: { 201: issuedUserSchema, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) => {
        const issued = await createStaffUser(p, actorOf(req), managerOf(staffOf(req)), req.body);
        return reply.status(201).send(await presentIssued(issued));
      },
    );

    app.patch<{ Params: { id: number }; Body: StaffUserChange }>(
      '/admin/users/:id',
      {
        config: { policy: USER_ADMINS },
        schema: {
          tags: ['access'],
          summary: '修改用户 Change role or name, disable or enable, reset lockout, password or TOTP',
          params: idParams,
          body: userChangeBody,
          response: { 200: issuedUserSchema, ...errors },
        },
      },
      async (req) => presentIssued(await updateStaffUserAsManager(p, actorOf(req), managerOf(staffOf(req)), req.params.id, req.body)),
    );

    // ---- departments ----

    app.get(
      '/admin/departments',
      {
        config: { policy: { allow: ['staff'], scope: 'department' } },
        schema: {
          tags: ['access'],
          summary: '部门列表 Departments in the user’s scope (department roles: their own)',
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: departmentSchema } }, required: ['items'] }, ...errors },
        },
      },
      async (req) => ({ items: (await listDepartments(p.db)).filter((d) => departmentInScope(req.principal, d)).map(presentDepartment) }),
    );

    app.post<{ Body: { uscc: string; name: string; regionCode: string; kinds?: string[]; kindsReason?: string; industry?: { code: string; name: string } } }>(
      '/admin/departments',
      {
        config: { policy: { allow: ['platform_admin', 'operator'], scope: 'region' } },
        schema: {
          tags: ['access'],
          summary: '登记部门 Register a department of a region in the user’s scope',
          body: newDepartmentBody,
          response: { 201: departmentSchema, ...errors, 409: errorSchema },
        },
      },
      async (req, reply) => {
        assertRegionInScope(req.principal, req.body.regionCode);
        const { kindsReason, ...body } = req.body;
        // privileged kinds only from a province-level platform administrator, with a reason (department-kinds.rules.ts)
        const who = staffOf(req);
        const provinceAdmin = who.role === 'platform_admin' && findRegion(who.regionCode)?.level === 'province';
        const d = await addDepartment(p.db, actorOf(req), body, { provinceAdmin, reason: kindsReason ?? null, today: p.today() });
        return reply.status(201).send(presentDepartment(d));
      },
    );

    // ---- API clients of department systems ----

    const CLIENT_ADMINS: RoutePolicy = { allow: ['platform_admin', 'department_admin'], scope: 'department' };
    const clientsInScope = async (who: Principal): Promise<ClientListing[]> => {
      const byUscc = new Map((await listDepartments(p.db)).map((d) => [d.uscc, d]));
      const all = await listClients(p.db, p.now(), who.kind === 'staff' && who.departmentId !== null ? who.departmentId : undefined);
      return all.filter((c) => {
        const d = byUscc.get(c.department.uscc);
        return d !== undefined && departmentInScope(who, d);
      });
    };

    app.get(
      '/admin/clients',
      {
        config: { policy: CLIENT_ADMINS },
        schema: {
          tags: ['access'],
          summary: '接口凭证列表 API clients of departments in scope (never their secrets)',
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: clientSchema } }, required: ['items'] }, ...errors },
        },
      },
      async (req) => ({ items: await clientsInScope(req.principal) }),
    );

    app.post<{ Body: { departmentId: number; name: string; scopes: Scope[] } }>(
      '/admin/clients',
      {
        config: { policy: CLIENT_ADMINS },
        schema: {
          tags: ['access'],
          summary: '创建接口凭证 Create an API client for a department system (its secret is shown once)',
          body: newClientBody,
          response: { 201: issuedClientSchema, ...errors },
        },
      },
      async (req, reply) => {
        const dep = await findDepartmentById(p.db, req.body.departmentId);
        if (!dep) throw notFound('DEPARTMENT_NOT_FOUND', `部门 ${req.body.departmentId} 不存在`, `Department ${req.body.departmentId} does not exist`);
        assertDepartmentInScope(req.principal, dep);
        const r = await createClient(p, actorOf(req), dep, req.body.name.trim(), req.body.scopes);
        const listed = (await listClients(p.db, p.now(), dep.id)).find((c) => c.keyId === r.client.keyId)!;
        return reply.status(201).send({ client: listed, signingKeyId: r.signingKeyId, secret: r.secret, credential: r.credential });
      },
    );

    app.post<{ Params: { keyId: string } }>(
      '/admin/clients/:keyId/revoke',
      {
        config: { policy: CLIENT_ADMINS },
        schema: {
          tags: ['access'],
          summary: '吊销接口凭证 Revoke an API client (every secret stops working at once)',
          params: keyIdParams,
          response: { 200: clientSchema, ...errors },
        },
      },
      async (req) => {
        const target = (await clientsInScope(req.principal)).find((c) => c.keyId === req.params.keyId);
        if (!target) throw notFound('CLIENT_NOT_FOUND', `接口凭证 ${req.params.keyId} 不存在`, `API client ${req.params.keyId} does not exist`);
        await revokeClient(p, actorOf(req), target.keyId);
        return (await clientsInScope(req.principal)).find((c) => c.keyId === target.keyId)!;
      },
    );
  };
}
