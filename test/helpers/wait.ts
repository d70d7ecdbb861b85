// Waiting on a condition, bounded by time: a stall fails the test with what it waited for
// instead of hanging it (or passing after a fixed number of looks on a fast machine only).
import { setTimeout as delay } from 'node:timers/promises';

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await delay(5); // between looks only: the condition, not the delay, ends the wait
  }
}

// A promise that settles as `p` does, or rejects after timeoutMs naming what it waited for.
export async function within<T>(p: Promise<T>, what: string, timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([p, stall]);
  } finally {
    clearTimeout(timer);
  }
}
