// Every refused request leaves an audit event (`access.refused`): 401 (no or bad credentials, bad
// signatures, replayed nonces, revoked clients, expired sessions), 403 (role and scope refusals,
// out-of-scope data, CSRF) and 429 (rate limits, sign-in throttling). A flood must not fill the
// log: the first refusal of a kind (code, who, from where, which route) in a window is written at
// once; the rest of that window are counted and written as one event with the count when the next
// one of that kind arrives after the window, or when the app closes. If more than `distinctMax`
// kinds start in one window (rotating addresses), further ones are grouped without who and where.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { actorOf } from './auth.ts';

export const REFUSAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

type Tally = { from: Date; last: Date; suppressed: number; actor: Actor; detail: Record<string, unknown>; target: string };

export type RefusalAuditOptions = { windowMs?: number; distinctMax?: number };

const codeOf = (payload: unknown): string => {
  if (typeof payload !== 'string' || payload.length > 10_000) return 'UNKNOWN';
  try {
    const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code.slice(0, 64) : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
};

export function registerRefusalAudit(app: FastifyInstance, p: Platform, opts: RefusalAuditOptions = {}): void {
  const windowMs = opts.windowMs ?? 60_000;
  const distinctMax = opts.distinctMax ?? 500;
  // per app (one per process); an entry lives until its kind recurs after the window or the app closes
  const tallies = new Map<string, Tally>();
  let windowFrom = 0;
  let startedInWindow = 0;

  const summary = (t: Tally) =>
    writeAudit(p.db, t.actor, 'access.refused', t.target, { ...t.detail, aggregated: true, count: t.suppressed, from: t.from.toISOString(), to: t.last.toISOString() });

  async function record(req: FastifyRequest, status: number, code: string): Promise<void> {
    const now = p.now();
    if (now.getTime() - windowFrom >= windowMs) {
      windowFrom = now.getTime();
      startedInWindow = 0;
    }
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]!.slice(0, 200)}`;
    let actor = actorOf(req);
    let key = `${status}|${code}|${actor.id}|${actor.ip ?? ''}|${route}`;
    if (!tallies.has(key) && startedInWindow >= distinctMax) {
      // a flood from many addresses: one tally per code and route
      actor = { id: 'many', kind: actor.kind };
      key = `${status}|${code}|many|${route}`;
    }
    const t = tallies.get(key);
    if (t && now.getTime() - t.from.getTime() < windowMs) {
      t.suppressed++;
      t.last = now;
      return;
    }
    if (t && t.suppressed > 0) await summary(t);
    startedInWindow++;
    // the key id a refused department system named (unverified: a claim, not an identity)
    const claimed = req.headers['x-xy-key-id'];
    const keyId = typeof claimed === 'string' && /^xk_[0-9a-f]{16}(\.s\d{1,2})?$/.test(claimed) ? claimed : undefined;
    const detail = { status, code, route, ...(keyId ? { keyId } : {}) };
    tallies.set(key, { from: now, last: now, suppressed: 0, actor, detail, target: `route:${route}` });
    await writeAudit(p.db, actor, 'access.refused', `route:${route}`, detail);
  }

  app.addHook('onSend', async (req, reply, payload) => {
    if (!REFUSAL_STATUSES.has(reply.statusCode) || !req.url.startsWith('/api/')) return payload;
    try {
      await record(req, reply.statusCode, codeOf(payload));
    } catch (err) {
      // the refusal stands either way; a failed audit write is logged, not turned into a 500
      req.log.error({ err }, 'refusal audit failed');
    }
    return payload;
  });

  app.addHook('onClose', async () => {
    for (const t of tallies.values()) if (t.suppressed > 0) await summary(t).catch(() => undefined);
    tallies.clear();
  });
}
