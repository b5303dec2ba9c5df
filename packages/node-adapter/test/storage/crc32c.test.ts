import { describe, expect, it } from 'vitest';
import { Crc32c, crc32c } from '../../src/storage';

describe('crc32c', () => {
  it('matches the standard CRC-32C check values', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('gives the same value incrementally, over any split', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
    const whole = crc32c(bytes);
    for (const split of [0, 1, 7, 8, 9, 500, 999, 1000]) {
      expect(new Crc32c().update(bytes, 0, split).update(bytes, split).digest()).toBe(whole);
    }
    expect(crc32c(bytes, 10, 20)).toBe(crc32c(bytes.slice(10, 20)));
  });
});
