// The public API's per-address budget (rules/public-budget.json): what a request costs and the
// token bucket it is paid from. Pure: the time is a parameter (milliseconds).
import type { Effective } from '../../kernel/rules.ts';

export type RouteCost = { route: string; cost: number; shortQuery?: { param: string; maxChars: number; cost: number } };

export type PublicBudgetRule = Effective & {
  source: string;
  capacity: number; // points a new address starts with, and the most it can hold
  refillPerSecond: number;
  defaultCost: number; // a public route not listed
  exempt: string[]; // "METHOD /url" costing nothing
  routes: RouteCost[];
};

export type Bucket = { tokens: number; at: number }; // points left at time `at` (ms)

export type Take = { ok: boolean; bucket: Bucket; retryAfterMs: number };

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) \/api\/v1\/\S+$/;

// Checked when the app starts: a bad file stops it with the entry and field named.
export function validateBudgetRules(entries: readonly PublicBudgetRule[]): void {
  for (const e of entries) {
    const where = `rules/public-budget.json (effectiveFrom ${e.effectiveFrom})`;
    const positive = (n: unknown, what: string) => {
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw new Error(`${where}: ${what} must be a positive number`);
    };
    positive(e.capacity, 'capacity');
    positive(e.refillPerSecond, 'refillPerSecond');
    positive(e.defaultCost, 'defaultCost');
    for (const x of e.exempt ?? []) if (!ROUTE.test(x)) throw new Error(`${where}: exempt "${x}" is not "METHOD /api/v1/…"`);
    const seen = new Set<string>();
    for (const r of e.routes ?? []) {
      if (!ROUTE.test(r.route)) throw new Error(`${where}: route "${r.route}" is not "METHOD /api/v1/…"`);
      if (seen.has(r.route)) throw new Error(`${where}: route "${r.route}" is listed twice`);
      seen.add(r.route);
      positive(r.cost, `the cost of ${r.route}`);
      if (r.cost > e.capacity) throw new Error(`${where}: ${r.route} costs more than the capacity, so it could never be paid`);
      if (r.shortQuery) {
        positive(r.shortQuery.cost, `the short-query cost of ${r.route}`);
        positive(r.shortQuery.maxChars, `shortQuery.maxChars of ${r.route}`);
        if (r.shortQuery.cost > e.capacity) throw new Error(`${where}: ${r.route}'s short query costs more than the capacity`);
      }
    }
  }
}

// The points one request costs (0: not paid from the budget).
export function requestCost(rule: PublicBudgetRule, route: string, query: unknown): number {
  if (rule.exempt.includes(route)) return 0;
  const r = rule.routes.find((x) => x.route === route);
  if (!r) return rule.defaultCost;
  if (r.shortQuery && query && typeof query === 'object') {
    const v = (query as Record<string, unknown>)[r.shortQuery.param];
    if (typeof v === 'string') {
      const n = [...v.trim()].length; // characters, not UTF-16 units: 华 is one
      if (n >= 1 && n <= r.shortQuery.maxChars) return r.shortQuery.cost;
    }
  }
  return r.cost;
}

// Refill since the bucket's time, then pay `cost` if it is there. retryAfterMs: when the points
// missing will have been refilled (nothing is paid meanwhile).
export function takeFromBucket(bucket: Bucket | undefined, cost: number, now: number, capacity: number, refillPerSecond: number): Take {
  let tokens = bucket ? bucket.tokens : capacity;
  let at = bucket ? bucket.at : now;
  if (now > at) {
    tokens = Math.min(capacity, tokens + ((now - at) * refillPerSecond) / 1000);
    at = now;
  }
  if (tokens >= cost) return { ok: true, bucket: { tokens: tokens - cost, at }, retryAfterMs: 0 };
  return { ok: false, bucket: { tokens, at }, retryAfterMs: Math.ceil(((cost - tokens) * 1000) / refillPerSecond) };
}

// Whole seconds for Retry-After, never less than the wait (a client that waits that long is served).
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
