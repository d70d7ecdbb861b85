// Pure rules of the work portal's navigation: which pages a role sees, which page a path is,
// where to go after sign-in, role labels and time formatting. No React, no antd.
import type { BatchStatus, Region, Role } from './api.ts';

export const ROLE_LABEL: Record<Role, string> = {
  platform_admin: '平台管理员',
  operator: '运营人员',
  department_admin: '部门管理员',
  // the server's label (access.rules.ts ROLE_LABELS): one name per role in every message
  department_clerk: '部门业务员',
  auditor: '审计员',
  tip_handler: '举报办理员',
};

export const ROLE_COLOR: Record<Role, string> = {
  platform_admin: 'red',
  operator: 'volcano',
  department_admin: 'blue',
  department_clerk: 'geekblue',
  auditor: 'purple',
  tip_handler: 'cyan',
};

export const ALL_ROLES: readonly Role[] = ['platform_admin', 'operator', 'department_admin', 'department_clerk', 'auditor', 'tip_handler'];
// the department's business roles (collection, checks, objections, repairs)
export const DEPARTMENT_ROLES: readonly Role[] = ['department_admin', 'department_clerk'];
export const isDepartmentRole = (role: Role) => DEPARTMENT_ROLES.includes(role);
// roles bound to a department: the business roles and tip handlers (举报办理员), who see only tips
export const DEPARTMENT_BOUND_ROLES: readonly Role[] = [...DEPARTMENT_ROLES, 'tip_handler'];
export const isDepartmentBound = (role: Role) => DEPARTMENT_BOUND_ROLES.includes(role);

// Roles an administrator may hand out (canManageUser in access.rules.ts).
export function grantableRoles(role: Role): Role[] {
  if (role === 'platform_admin') return [...ALL_ROLES];
  if (role === 'department_admin') return [...DEPARTMENT_BOUND_ROLES];
  return [];
}

// One page of the portal. `path` is relative to /work and may hold `:params`; `roles` empty =
// every signed-in role; `menu` places it in the side menu (group label), absent = reached by
// links only (detail pages), `parent` = the menu entry to highlight for such a page.
export type PageEntry = {
  key: string;
  path: string;
  label: string;
  roles: readonly Role[];
  menu?: string;
  parent?: string;
};

export function allowedFor<T extends PageEntry>(role: Role, entries: readonly T[]): T[] {
  return entries.filter((e) => e.roles.length === 0 || e.roles.includes(role));
}

export function isAllowed(role: Role, entry: PageEntry): boolean {
  return entry.roles.length === 0 || entry.roles.includes(role);
}

// Menu groups in first-seen order, each with its entries (pages without `menu` left out).
export function menuGroups<T extends PageEntry>(role: Role, entries: readonly T[]): { group: string; items: T[] }[] {
  const groups: { group: string; items: T[] }[] = [];
  for (const e of allowedFor(role, entries)) {
    if (e.menu === undefined) continue;
    let g = groups.find((x) => x.group === e.menu);
    if (!g) groups.push((g = { group: e.menu, items: [] }));
    g.items.push(e);
  }
  return groups;
}

function matches(pattern: string, path: string): boolean {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return false;
  return a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}

// The page a path under /work is (path given without the /work prefix, e.g. "/batches/abc").
export function findEntry<T extends PageEntry>(path: string, entries: readonly T[]): T | undefined {
  const clean = path.split(/[?#]/)[0] ?? '';
  return entries.find((e) => matches(e.path, clean));
}

// The menu key to highlight for a path: the page's own, or its parent's.
export function selectedMenuKey(path: string, entries: readonly PageEntry[]): string | undefined {
  const e = findEntry(path, entries);
  return e ? (e.parent ?? e.key) : undefined;
}

export const WORK_HOME = '/work';
export const SIGN_IN_PATH = '/work/sign-in';

// Only a path inside the portal: never another site (//evil.example), never the sign-in page.
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/work') || next.startsWith('//') || next.includes('\\')) return WORK_HOME;
  if (!/^\/work(?:[/?#]|$)/.test(next)) return WORK_HOME;
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(`${SIGN_IN_PATH}/`)) return WORK_HOME;
  return next;
}

export function signInUrl(next: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  const target = safeNext(next);
  if (target !== WORK_HOME) params.set('next', target);
  if (reason) params.set('reason', reason);
  const q = params.toString();
  return q ? `${SIGN_IN_PATH}?${q}` : SIGN_IN_PATH;
}

const DATE_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

// Platform time is Asia/Shanghai whatever the browser's zone: "2026-11-20 12:00:00".
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return DATE_TIME.format(d);
}

export function formatTime(iso: string): string {
  return formatDateTime(iso).slice(11, 16);
}

export const BATCH_STATUS: Record<BatchStatus, { label: string; color: string }> = {
  running: { label: '处理中', color: 'processing' },
  completed: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
};

// Names of the catalog's categories (catalog/*.json); an unknown code shows as itself.
export const CATEGORY_NAME: Record<string, string> = {
  penalty: '行政处罚',
  license: '行政许可',
  'serious-dishonesty': '严重失信主体名单',
  'dishonest-debtor': '失信被执行人',
  'a-taxpayer': 'A级纳税人',
  'integrity-exemplar': '诚信典型',
  'commitment-breach': '违背信用承诺',
};

export const categoryName = (code: string) => CATEGORY_NAME[code] ?? code;

export const SCOPE_LABEL: Record<string, string> = {
  collect: '数据归集',
  check: '信用核查',
  feedback: '核查反馈',
  'query-personal': '个人数据查询',
};

// --- regions ---

// Does `scope` contain `code`? Itself, its descendants, and for a virtual region (雄安) its
// member counties; the same rule as the server's regionContains.
export function regionContains(regions: readonly Region[], scope: string, code: string): boolean {
  if (scope === code) return true;
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const virtualOf = new Map<string, string[]>();
  for (const r of regions) for (const m of r.members ?? []) virtualOf.set(m, [...(virtualOf.get(m) ?? []), r.code]);
  const seen = new Set<string>();
  const queue = [code];
  while (queue.length) {
    const c = queue.shift()!;
    const r = byCode.get(c);
    const ups = [...(r?.parent ? [r.parent] : []), ...(virtualOf.get(c) ?? [])];
    for (const u of ups) {
      if (u === scope) return true;
      if (!seen.has(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
  }
  return false;
}

export type RegionNode = { value: string; title: string; children?: RegionNode[] };

// A tree of the regions inside `scope`: a region hangs under its parent when the parent is in
// scope too, else it is a root (e.g. 雄安's member counties for a 雄安 user).
export function regionTree(regions: readonly Region[], scope: string): RegionNode[] {
  const inScope = regions.filter((r) => regionContains(regions, scope, r.code));
  const codes = new Set(inScope.map((r) => r.code));
  const nodes = new Map<string, RegionNode>(inScope.map((r) => [r.code, { value: r.code, title: `${r.name}（${r.code}）` }]));
  const roots: RegionNode[] = [];
  for (const r of inScope) {
    const node = nodes.get(r.code)!;
    const parent = r.parent && codes.has(r.parent) ? nodes.get(r.parent) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

// --- sign-in errors ---

// The server's Chinese message; a lockout also says when it ends, in platform time.
export function signInErrorText(error: { code: string; zh: string; details?: unknown }, now: Date = new Date()): string {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
  if ((error.code === 'SIGN_IN_LOCKED' || error.code === 'SIGN_IN_TOO_SOON') && seconds !== undefined && seconds >= 60) {
    const until = new Date(now.getTime() + seconds * 1000).toISOString();
    return `${error.zh}（约 ${formatTime(until)} 解除锁定）`;
  }
  return error.zh;
}

// --- audit ---

// Chinese names of the audit actions the platform writes; an unknown action shows as its code.
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'auth.sign-in': '登录',
  'auth.sign-in.failed': '登录失败',
  'auth.sign-in.refused': '登录被拒（锁定或过频）',
  'auth.sign-out': '退出登录',
  'auth.sign-out-everywhere': '退出所有设备',
  'auth.password-change': '修改密码',
  'auth.password-change.failed': '修改密码失败',
  'staff.create': '创建用户',
  'staff.update': '修改用户',
  'department.add': '登记部门',
  'api-client.create': '创建接口凭证',
  'api-client.rotate': '轮换接口密钥',
  'api-client.retire-secret': '停用接口密钥',
  'api-client.revoke': '吊销接口凭证',
  'batch.submit': '提交批次',
  'batch.complete': '批次完成',
  'batch.fail': '批次失败',
  'audit.export': '导出审计日志',
  'records.export': '导出本部门报送记录',
  'personal-data.read': '查询个人数据',
  'credit-check.run': '信用核查',
  'credit-check.feedback': '核查反馈',
  'list.exit': '名单移出',
  'list.credit-warning': '信用警示',
  'list.credit-warning-lift': '解除信用警示',
  'objection.decide': '异议处理',
  'repair.decide': '信用修复决定',
  'report.issue': '出具信用报告',
  'keys.reencrypt': '密钥重新加密',
  'calendar.load-year': '载入节假日',
  'measure.load': '载入奖惩措施',
  'measure.create': '新增奖惩措施',
  'measure.change': '修改奖惩措施',
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABEL[action] ?? action;
