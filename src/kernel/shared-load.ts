// Values loaded on demand and kept for a while, each load single-flight: the requests that find a
// key missing or expired while its load is out wait for that one load instead of starting their
// own (a cache that expires under load otherwise reloads once per request in flight: ≈ 90 loads
// of the measure list and 55 key look-ups per `npm run bench -- check`, issue 14, decision 0054).
// A load that fails is not kept: its waiters all get its error and the next call loads again.
// `now` is any clock in milliseconds; a clock that went back counts as expired. `max` bounds the
// number of keys (all are dropped when it is reached: small, rarely changing sets only).
export type SharedLoads<K, V> = {
  // the kept value of `key` (or the load in flight), else the promise of a new load shared by all callers
  get(key: K, load: () => Promise<V>): Promise<V>;
  // whether `key` has a kept value or a load in flight that is not expired
  has(key: K): boolean;
  // drops one key (or all): the next call loads; a load already out still answers its own waiters
  forget(key?: K): void;
};

export function sharedLoads<K, V>(opts: { ttlMs: number; now: () => number; max?: number }): SharedLoads<K, V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  const fresh = (e: { at: number } | undefined, t: number): boolean => e !== undefined && t >= e.at && t - e.at < opts.ttlMs;
  return {
    get(key, load) {
      const t = opts.now();
      const e = entries.get(key);
      if (e && fresh(e, t)) return e.value;
      if (!e && opts.max !== undefined && entries.size >= opts.max) entries.clear();
      const value = Promise.resolve().then(load);
      const entry = { at: t, value };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    has(key) {
      return fresh(entries.get(key), opts.now());
    },
    forget(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}
