/**
 * A log-linear latency histogram in the manner of HdrHistogram: values below 2^(SUB_BITS+1) ns
 * are counted exactly, larger ones in buckets whose width is 1/2^SUB_BITS of their magnitude, so
 * a percentile read back from a bucket's midpoint is within 0.2 % of the recorded value. Recording
 * is an index computation and one array increment: nothing is allocated per sample.
 */

/** Mantissa bits: 256 sub-buckets per power of two. */
const SUB_BITS = 8;
const SUB_COUNT = 1 << SUB_BITS;
/** The largest power-of-two shift kept: values up to about 2^49 ns (6.5 days); above, clamped. */
const MAX_SHIFT = 40;
const BUCKET_COUNT = (MAX_SHIFT + 2) * SUB_COUNT;
const TWO_POW_32 = 2 ** 32;

/** A histogram as plain data, for IPC between generator processes and for the results file. */
export interface SerializedHistogram {
  /** `[bucketIndex, count]` pairs for non-empty buckets, in index order. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly count: number;
  readonly sumNs: number;
  readonly minNs: number;
  readonly maxNs: number;
}

/** The summary figures the report uses, in nanoseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
}

function bitLength(v: number): number {
  if (v < TWO_POW_32) return 32 - Math.clz32(v);
  return 64 - Math.clz32(Math.floor(v / TWO_POW_32));
}

/** The bucket holding `valueNs` (a non-negative number; fractions are truncated). */
export function bucketIndex(valueNs: number): number {
  const v = Math.floor(valueNs);
  if (v < 2 * SUB_COUNT) return v < 0 ? 0 : v;
  const shift = bitLength(v) - 1 - SUB_BITS;
  if (shift > MAX_SHIFT) return BUCKET_COUNT - 1;
  return shift * SUB_COUNT + Math.floor(v / 2 ** shift);
}

/** The range `[lowest, lowest + width)` of values that land in bucket `index`. */
export function bucketRange(index: number): { readonly lowest: number; readonly width: number } {
  if (index < 2 * SUB_COUNT) return { lowest: index, width: 1 };
  const shift = Math.floor(index / SUB_COUNT) - 1;
  const sub = index - shift * SUB_COUNT;
  return { lowest: sub * 2 ** shift, width: 2 ** shift };
}

/** Latency samples in nanoseconds; see the module comment for the precision. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;

  /** Number of samples recorded. */
  get count(): number {
    return this.total;
  }

  /** Records one sample. */
  record(valueNs: number): void {
    this.counts[bucketIndex(valueNs)]! += 1;
    this.total += 1;
    this.sum += valueNs;
    if (valueNs < this.min) this.min = valueNs;
    if (valueNs > this.max) this.max = valueNs;
  }

  /** Adds every sample of `other` to this histogram. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKET_COUNT; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /**
   * The value at percentile `p` (0..100): the smallest recorded value such that at least p % of
   * the samples are at or below it, read as its bucket's midpoint and clamped to the exact
   * min/max. NaN when empty.
   */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const { lowest, width } = bucketRange(i);
        const mid = lowest + (width - 1) / 2;
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  /** count, mean and the percentiles the report prints. */
  summary(): LatencySummary {
    return {
      count: this.total,
      meanNs: this.total === 0 ? Number.NaN : this.sum / this.total,
      p50Ns: this.percentile(50),
      p90Ns: this.percentile(90),
      p99Ns: this.percentile(99),
      p999Ns: this.percentile(99.9),
      maxNs: this.total === 0 ? Number.NaN : this.max,
    };
  }

  /** The histogram as plain data (only non-empty buckets). */
  serialize(): SerializedHistogram {
    const buckets: Array<readonly [number, number]> = [];
    for (let i = 0; i < BUCKET_COUNT; i++) {
      const c = this.counts[i]!;
      if (c !== 0) buckets.push([i, c]);
    }
    return { buckets, count: this.total, sumNs: this.sum, minNs: this.min, maxNs: this.max };
  }

  /** Rebuilds a histogram from `serialize()` output, e.g. one sent by a generator process. */
  static deserialize(data: SerializedHistogram): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [index, count] of data.buckets) {
      if (!Number.isInteger(index) || index < 0 || index >= BUCKET_COUNT) {
        throw new RangeError(`histogram bucket index out of range: ${index}`);
      }
      h.counts[index]! += count;
    }
    h.total = data.count;
    h.sum = data.sumNs;
    // JSON turns Infinity into null: an empty histogram's min comes back as null.
    h.min = data.count === 0 ? Number.POSITIVE_INFINITY : data.minNs;
    h.max = data.maxNs;
    return h;
  }
}
