import { describe, expect, it } from 'vitest';
import { LatencyHistogram, bucketIndex, bucketRange } from '../src/load/histogram';

/** Percentile precision promised by the histogram: half a bucket, 1/512 of the value. */
const RELATIVE_ERROR = 1 / 512;

function expectNear(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * RELATIVE_ERROR + 0.5);
}

describe('LatencyHistogram', () => {
  it('gives exact percentiles for small values', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100; v++) h.record(v);
    expect(h.percentile(50)).toBe(50);
    expect(h.percentile(90)).toBe(90);
    expect(h.percentile(99)).toBe(99);
    expect(h.percentile(100)).toBe(100);
    expect(h.percentile(0)).toBe(1);
  });

  it('gives percentiles of a uniform millisecond range within its precision', () => {
    const h = new LatencyHistogram();
    // 1 µs .. 10 ms in steps of 1 µs, recorded in nanoseconds, shuffled order does not matter.
    for (let us = 10_000; us >= 1; us--) h.record(us * 1000);
    expect(h.count).toBe(10_000);
    const s = h.summary();
    expectNear(s.p50Ns, 5_000_000);
    expectNear(s.p90Ns, 9_000_000);
    expectNear(s.p99Ns, 9_900_000);
    expectNear(s.p999Ns, 9_990_000);
    expect(s.maxNs).toBe(10_000_000);
    expectNear(s.meanNs, 5_000_500);
  });

  it('finds the tail of a skewed distribution', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 990; i++) h.record(1_000_000);
    for (let i = 0; i < 10; i++) h.record(50_000_000);
    expectNear(h.percentile(50), 1_000_000);
    expectNear(h.percentile(99), 1_000_000);
    expectNear(h.percentile(99.1), 50_000_000);
    expect(h.percentile(100)).toBe(50_000_000);
  });

  it('merges as if all samples were recorded in one', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 1; i <= 5000; i++) {
      const v = (i * 7919) % 3_000_000;
      (i % 2 === 0 ? a : b).record(v);
      all.record(v);
    }
    a.merge(b);
    expect(a.summary()).toEqual(all.summary());
  });

  it('survives serialization through JSON, empty or not', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i * 12_345);
    const back = LatencyHistogram.deserialize(JSON.parse(JSON.stringify(h.serialize())));
    expect(back.summary()).toEqual(h.summary());
    const empty = LatencyHistogram.deserialize(JSON.parse(JSON.stringify(new LatencyHistogram().serialize())));
    expect(empty.count).toBe(0);
    expect(empty.percentile(50)).toBeNaN();
    empty.record(7);
    expect(empty.percentile(50)).toBe(7);
  });

  it('maps every value into a bucket whose range holds it, in order', () => {
    let previous = -1;
    for (let v = 0; v < 2 ** 44; v = v < 4096 ? v + 1 : Math.floor(v * 1.0137)) {
      const index = bucketIndex(v);
      const { lowest, width } = bucketRange(index);
      expect(v).toBeGreaterThanOrEqual(lowest);
      expect(v).toBeLessThan(lowest + width);
      if (width > 1) expect(width / lowest).toBeLessThanOrEqual(1 / 256);
      expect(index).toBeGreaterThanOrEqual(previous);
      previous = index;
    }
  });
});
