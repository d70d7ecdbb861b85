// Where the rate-limit counters live (docs/operations.md, "Several servers"): with
// XINYONG_REDIS_URL set, in Redis, so that a limit is one limit for the whole cluster however the
// load balancer spreads a client's requests; without it, in each process's memory (one server, or
// a limit per server: N servers allow N times the limit). Nonces, sessions and CSRF need no Redis:
// they are in the database already.
import type { Redis } from 'ioredis';

export type SharedLimits = { redis: Redis; nameSpace: string; close(): Promise<void> };

export async function openSharedLimits(url: string | undefined, prefix: string, onError: (err: Error) => void): Promise<SharedLimits | undefined> {
  if (!url) return undefined;
  const { Redis: RedisClient } = await import('ioredis'); // loaded only with a Redis URL (docs/decisions/0045)
  const redis = new RedisClient(url, {
    // a request never waits for Redis to come back: the limit is skipped (logged), the portal stays up
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: false,
  });
  let last = 0;
  redis.on('error', (err: Error) => {
    // once a minute at most: a Redis that is down must not flood the log
    if (Date.now() - last > 60_000) {
      last = Date.now();
      onError(err);
    }
  });
  // start serving once connected (or after 3 s: a Redis down at start is logged, and limits
  // apply again as soon as it is reachable)
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    redis,
    nameSpace: `${prefix}rate:`,
    async close() {
      // not connected: stop reconnecting at once (quit would wait for a connection)
      if (redis.status !== 'ready') redis.disconnect(false);
      else await redis.quit().catch(() => redis.disconnect(false));
    },
  };
}
