import { describe, expect, it } from 'vitest';
import { DataSlab } from '../src/snapshot/data-slab';

describe('DataSlab', () => {
  it('copies: later changes to the input or to other copies never show through', () => {
    const slab = new DataSlab();
    const input = new Uint8Array([1, 2, 3]);
    const copies = Array.from({ length: 300_000 }, (_, i) => {
      input[0] = i & 0xff;
      return slab.copy(input)!;
    });
    input.fill(9);
    copies.forEach((c, i) => expect(Array.from(c)).toEqual([i & 0xff, 2, 3]));
    copies[0]!.fill(7);
    expect(Array.from(copies[1]!)).toEqual([1, 2, 3]);
  });

  it('keeps null and empty data apart, and copies large data on its own', () => {
    const slab = new DataSlab();
    expect(slab.copy(null)).toBeNull();
    expect(slab.copy(new Uint8Array(0))).toEqual(new Uint8Array(0));
    const big = new Uint8Array(100_000).fill(5);
    const copy = slab.copy(big)!;
    big.fill(0);
    expect(copy.every((b) => b === 5)).toBe(true);
    expect(copy.byteLength).toBe(copy.buffer.byteLength);
  });
});
