// Subject key → subject id for the bench data-set loader, in two typed arrays instead of a Map of
// strings: 8 bytes a slot, capacity ÷ 0.75 slots (28 M subjects: ~300 MB, where a Map of 28 M
// string keys needs several GB and exceeds Node's default heap). Open addressing with linear
// probing; a key is represented by two independent 32-bit hashes (one picks the slot, the other
// is stored as a fingerprint), so two different keys are taken for one only when both hashes
// agree within a probe run: ≈ N × probe length ÷ 2^32, about 0.01 expected merges at 28 M keys.
// Such a merge would attach one generated subject's records to another generated subject; it
// cannot make a load fail, and the bench data set is synthetic.

function hash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // murmur3 finalizer
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class KeyIndex {
  private readonly fp: Uint32Array;
  private readonly val: Int32Array;
  private readonly slots: number;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = Math.max(16, Math.ceil(capacity / 0.75));
    this.fp = new Uint32Array(this.slots);
    this.val = new Int32Array(this.slots);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.fp.byteLength + this.val.byteLength;
  }

  // the id stored for key, or sets it to `id` and returns undefined
  getOrSet(key: string, id: number): number | undefined {
    const f = hash(key, 0x9747b28c) || 1; // 0 marks an empty slot
    let i = hash(key, 0x811c9dc5) % this.slots;
    for (;;) {
      const at = this.fp[i]!;
      if (at === 0) {
        if (this.count >= this.capacity) throw new Error(`KeyIndex: more than ${this.capacity} keys`);
        this.fp[i] = f;
        this.val[i] = id;
        this.count += 1;
        return undefined;
      }
      if (at === f) return this.val[i]!;
      i = i + 1 === this.slots ? 0 : i + 1;
    }
  }
}
