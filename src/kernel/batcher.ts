// Group commit (and group read) for concurrent callers: what arrives while a batch is out waits
// and goes together into the next one, and each caller gets its own result. The first arrival
// schedules the batch at the end of the current turn of the event loop, so that what arrived
// together goes together. Used where one statement and one commit for many requests is what
// keeps the platform off one disk flush per request (nonces, credit checks, their subject reads).
export type Batcher<T, R> = (item: T) => Promise<R>;

export type BatcherOptions<T> = {
  max: number; // items per batch at most
  // items with the same key never share a batch: a later one waits for the next (a nonce sent
  // twice must meet the first one's row, not race it in the same statement)
  key?: (item: T) => string | undefined;
  // when a batch fails, run its items again one by one, so that one bad item fails alone
  retryAlone?: boolean;
  // batches out at once (default 1): with more, an arrival need not wait for the batch being
  // written; an item whose key is in a batch still out waits for it
  concurrency?: number;
};

// run answers one result per item, in the items' order.
export function createBatcher<T, R>(run: (items: T[]) => Promise<readonly R[]>, opts: BatcherOptions<T>): Batcher<T, R> {
  type Waiter = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Waiter[] = [];
  let out = 0; // batches out
  let scheduled = false;
  const outKeys = new Map<string, number>(); // keys of items in batches out
  const concurrency = Math.max(1, opts.concurrency ?? 1);

  const take = (): Waiter[] => {
    const batch: Waiter[] = [];
    const rest: Waiter[] = [];
    const seen = new Set<string>();
    for (const w of queue) {
      const k = opts.key?.(w.item);
      if (batch.length < opts.max && (k === undefined || (!seen.has(k) && !outKeys.has(k)))) {
        if (k !== undefined) seen.add(k);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    return batch;
  };

  const settle = async (batch: Waiter[]): Promise<void> => {
    try {
      const results = await run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (!opts.retryAlone || batch.length === 1) for (const w of batch) w.reject(err);
      else for (const w of batch) await settle([w]);
    }
  };

  const keysOf = (batch: Waiter[]) => batch.map((w) => opts.key?.(w.item)).filter((k): k is string => k !== undefined);

  const pump = (): void => {
    scheduled = false;
    while (queue.length && out < concurrency) {
      const batch = take();
      if (batch.length === 0) return; // every waiting item's key is out: its batch's end pumps again
      const keys = keysOf(batch);
      for (const k of keys) outKeys.set(k, (outKeys.get(k) ?? 0) + 1);
      out += 1;
      void settle(batch).finally(() => {
        out -= 1;
        for (const k of keys) {
          const n = outKeys.get(k)! - 1;
          if (n === 0) outKeys.delete(k);
          else outKeys.set(k, n);
        }
        pump();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // at the end of this turn of the event loop, so that what arrived together goes together
      if (!scheduled && out < concurrency) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
