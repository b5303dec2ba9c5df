import { describe, expect, it } from 'vitest';
import { Prng } from '../src/prng';

const draw = (p: Prng, n: number) => Array.from({ length: n }, () => p.nextU32());

describe('Prng', () => {
  it('repeats a stream for the same seed and label', () => {
    expect(draw(Prng.fromSeed(7).fork('disk'), 20)).toEqual(draw(Prng.fromSeed(7).fork('disk'), 20));
  });

  it('gives different streams to different seeds and labels', () => {
    const a = draw(Prng.fromSeed(7).fork('disk'), 8);
    expect(draw(Prng.fromSeed(8).fork('disk'), 8)).not.toEqual(a);
    expect(draw(Prng.fromSeed(7).fork('network'), 8)).not.toEqual(a);
  });

  it('forks independently of how much the parent has drawn', () => {
    const fresh = Prng.fromSeed(3);
    const used = Prng.fromSeed(3);
    draw(used, 100);
    expect(draw(used.fork('client/1'), 10)).toEqual(draw(fresh.fork('client/1'), 10));
  });

  it('keeps int() inside its bounds and reaches both ends', () => {
    const p = Prng.fromSeed(11);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = p.int(-2, 3);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThanOrEqual(3);
      seen.add(x);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('picks by weight and never picks a zero weight', () => {
    const p = Prng.fromSeed(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) counts[p.weighted<'a' | 'b' | 'c'>([['a', 1], ['b', 3], ['c', 0]])]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.4);
    expect(counts.b / counts.a).toBeLessThan(3.6);
  });
});
