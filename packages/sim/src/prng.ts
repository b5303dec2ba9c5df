/**
 * The simulator's only source of randomness: xoshiro128** seeded through a murmur3-style mix.
 * Every subsystem draws from its own {@link Prng.fork | fork}, keyed by the root seed and a
 * label, so adding draws to one subsystem never shifts the numbers another one sees.
 */

type Key = readonly [number, number, number, number];

/** murmur3's 32-bit finalizer: a cheap bijective avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** A child key from a parent key and a label; depends on nothing drawn from the parent. */
function deriveKey(parent: Key, label: string): Key {
  const h = hashLabel(label);
  const out: number[] = [];
  let state = fmix32(parent[0] ^ h);
  for (let i = 0; i < 4; i++) {
    state = fmix32((state + parent[(i + 1) % 4]! + Math.imul(0x9e3779b9, i + 1)) >>> 0);
    out.push(fmix32(state ^ h ^ parent[i]!));
  }
  // xoshiro's all-zero state is a fixed point.
  if (!out.some((w) => w !== 0)) out[0] = 1;
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A seeded, forkable stream of pseudo-random numbers. */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(private readonly key: Key) {
    [this.s0, this.s1, this.s2, this.s3] = key;
  }

  /** The root stream of a simulation; `seed` is any non-negative safe integer. */
  static fromSeed(seed: number): Prng {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    return new Prng(deriveKey([lo, hi, 0x243f6a88, 0x85a308d3], 'root'));
  }

  /** An independent stream for `label`; the same label always gives the same stream. */
  fork(label: string): Prng {
    return new Prng(deriveKey(this.key, label));
  }

  /** A uniform unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi)) || hi < lo) throw new RangeError(`bad range [${lo}, ${hi}]`);
    const span = hi - lo + 1;
    if (span <= 0x100000000) return lo + Math.floor((this.nextU32() / 0x100000000) * span);
    const wide = this.nextU32() * 0x100000000 + this.nextU32();
    return lo + (wide % span);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextU32() < p * 0x100000000;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** One value, chosen with probability proportional to its (non-negative) weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let x = (this.nextU32() / 0x100000000) * total;
    for (const [value, w] of entries) {
      if (x < w) return value;
      x -= w;
    }
    return entries[entries.length - 1]![0];
  }
}
