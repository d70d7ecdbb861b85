// One budget per client address across the anonymous public API (rules/public-budget.json): each
// public route costs points, paid from a token bucket refilled over time. An address whose
// bucket lacks the points is answered 429 PUBLIC_BUDGET_EXHAUSTED with an honest Retry-After (the
// refusal is audited by refusal-audit.ts, aggregated like the others). Signed-in staff and
// department systems are not charged. The buckets live in this process, or in Redis when
// XINYONG_REDIS_URL is set, so several servers share one budget per address.
import type { FastifyInstance } from 'fastify';
import type * as IoRedis from 'ioredis';
import { lazyRequire } from '../../kernel/lazy.ts';
import type { Platform } from '../../platform.ts';
import { DomainError } from '../../kernel/errors.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { requestCost, retryAfterSeconds, takeFromBucket, validateBudgetRules, type Bucket, type PublicBudgetRule, type Take } from './public-budget.rules.ts';
import { addressKey } from '../../kernel/address-key.ts';

const ioredis = lazyRequire<typeof IoRedis>('ioredis'); // only with XINYONG_REDIS_URL (docs/decisions/0045)

export type BucketStore = {
  take(address: string, cost: number, now: number, capacity: number, refillPerSecond: number): Promise<Take>;
  close(): Promise<void>;
};

// In this process, least recently used first out: a flood of rotating addresses cannot grow the
// map beyond maxEntries, and each request costs O(1). An address pushed out starts full again
// (only when more than maxEntries other addresses came since its last request).
export function memoryBucketStore(maxEntries = 100_000): BucketStore {
  const buckets = new Map<string, Bucket>();
  return {
    async take(address, cost, now, capacity, refillPerSecond) {
      const t = takeFromBucket(buckets.get(address), cost, now, capacity, refillPerSecond);
      buckets.delete(address); // re-inserted last: the Map's order is the recency order
      buckets.set(address, t.bucket);
      if (buckets.size > maxEntries) buckets.delete(buckets.keys().next().value!);
      return t;
    },
    async close() {
      buckets.clear();
    },
  };
}

// The same arithmetic as takeFromBucket, atomically in Redis (one hash per address, expiring
// once it would be full again).
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3]); local cost = tonumber(ARGV[4])
local v = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(v[1]); local at = tonumber(v[2])
if tokens == nil or at == nil then tokens = cap; at = now end
if now > at then tokens = math.min(cap, tokens + ((now - at) * rate) / 1000); at = now end
local ok = 0; local retry = 0
if tokens >= cost then tokens = tokens - cost; ok = 1 else retry = math.ceil(((cost - tokens) * 1000) / rate) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(((cap - tokens) * 1000) / rate) + 1000)
return {ok, tostring(tokens), tostring(at), retry}`;

// The platform's one use of Redis for the budget: a script call per request. While Redis cannot
// be reached the process falls back to its own buckets (a public request never fails for it),
// and says so in the log once per outage.
export function redisBucketStore(url: string, opts: { prefix?: string; onError?: (err: Error) => void } = {}): BucketStore {
  const prefix = opts.prefix ?? 'xinyong:budget:';
  const redis = new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 }); // commands wait for the connection, then fail over
  redis.on('error', () => undefined); // reported through onError when a request needs it
  const fallback = memoryBucketStore();
  let down = false;
  return {
    async take(address, cost, now, capacity, refillPerSecond) {
      try {
        const [ok, tokens, at, retry] = (await redis.eval(TAKE_SCRIPT, 1, prefix + address, capacity, refillPerSecond, now, cost)) as [number, string, string, number];
        down = false;
        return { ok: ok === 1, bucket: { tokens: Number(tokens), at: Number(at) }, retryAfterMs: Number(retry) };
      } catch (err) {
        if (!down) opts.onError?.(err as Error);
        down = true;
        return fallback.take(address, cost, now, capacity, refillPerSecond);
      }
    },
    async close() {
      // a client that never reached Redis would wait in quit() for a connection: just drop it
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

export type PublicBudgetOptions = { rules?: PublicBudgetRule[]; store?: BucketStore };

export function loadBudgetRules(): PublicBudgetRule[] {
  const entries = loadRuleFile<PublicBudgetRule>('public-budget');
  validateBudgetRules(entries);
  return entries;
}

// Registered after registerAccess: the principal is known when the hook runs.
export function registerPublicBudget(app: FastifyInstance, p: Platform, opts: PublicBudgetOptions = {}): void {
  const rules = opts.rules ?? loadBudgetRules();
  const scale = p.config.publicBudget.scale;
  if (scale === 0) return; // XINYONG_PUBLIC_BUDGET_SCALE=0: no budget (documented; not in production)
  const store =
    opts.store ??
    (p.config.redisUrl ? redisBucketStore(p.config.redisUrl, { prefix: `${p.config.redisPrefix}budget:`, onError: (err) => app.log.error({ err }, 'public budget: Redis unreachable, per-process buckets until it is back') }) : memoryBucketStore());

  app.addHook('preValidation', async (req, reply) => {
    const url = req.routeOptions.url;
    if (url === undefined || !req.principal || req.principal.kind !== 'public') return;
    if (!req.routeOptions.config.policy?.allow.includes('public')) return;
    const rule = ruleInForce(rules, p.today());
    const cost = requestCost(rule, `${req.method} ${url}`, req.query);
    if (cost === 0) return;
    const t = await store.take(addressKey(req.ip), cost, p.now().getTime(), rule.capacity * scale, rule.refillPerSecond * scale);
    if (t.ok) return;
    const s = retryAfterSeconds(t.retryAfterMs);
    reply.header('Retry-After', String(s));
    throw new DomainError(
      429,
      'PUBLIC_BUDGET_EXHAUSTED',
      `本地址的公开查询额度已用完（此查询需 ${cost} 点，剩余 ${Math.floor(t.bucket.tokens)} 点），请 ${s} 秒后再试；一两个字的名称查询比代码查询消耗更多`,
      `This address has used up its public query budget (this query costs ${cost} points, ${Math.floor(t.bucket.tokens)} left); retry in ${s} s. One- and two-character name searches cost more than code look-ups`,
      { cost, remaining: Math.floor(t.bucket.tokens), retryAfterSeconds: s },
    );
  });
  app.addHook('onClose', async () => store.close());
}
