// Seeded PRNG for demo data. Math.random would make demo sets and benchmarks unrepeatable;
// mulberry32 is tiny, fast (one imul chain per draw) and good enough for synthetic data.

export type Rng = {
  next(): number; // [0, 1)
  int(min: number, maxInclusive: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  uint32(): number;
};

// murmur3 finalizer: spreads nearby seeds (0, 1, 2 …) over the whole state space
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Seed for item i of a stream, so item i can be rebuilt without generating items 0 … i-1.
export function deriveSeed(seed: number, i: number): number {
  return mix32(mix32(normalizeSeed(seed)) ^ mix32(normalizeSeed(i) + 0x9e3779b9));
}

function normalizeSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const t = Math.trunc(seed);
  const lo = t >>> 0;
  const hi = Math.floor(t / 4294967296) >>> 0;
  return (lo ^ mix32(hi + 0x7f4a7c15)) >>> 0;
}

class Mulberry32 implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(normalizeSeed(seed) + 0x6d2b79f5) | 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}

// Weighted choice by binary search over cumulative weights; built once, drawn millions of times.
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new RangeError('WeightedTable needs at least one positive weight');
    this.items = kept.map(([item]) => item);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// A bijection of [0, n) that looks random: serial numbers become codes that never repeat.
// multiplier * (n - 1) must stay below 2^53, so multipliers are primes near 2^21.
const MULTIPLIERS = [2654447, 2654467, 2654489, 3999971, 4000037];

export function scramble(serial: number, n: number, salt: number): number {
  let a = MULTIPLIERS[0];
  for (const m of MULTIPLIERS) {
    if (n % m !== 0) {
      a = m;
      break;
    }
  }
  const s = ((serial % n) + n) % n;
  return (s * a + (salt % n)) % n;
}
