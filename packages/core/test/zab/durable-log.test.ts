import { describe, expect, it } from 'vitest';
import { DurableLog } from '../../src/zab/durable-log';

describe('durable log', () => {
  it('advances with reports that cover several appends (group commit)', () => {
    const d = new DurableLog(0);
    for (const z of [1, 2, 3, 4]) d.appended(z);
    expect(d.persisted(3)).toBe(true);
    expect(d.durableZxid).toBe(3);
    expect(d.idle).toBe(false);
    expect(d.persisted(4)).toBe(true);
    expect(d.idle).toBe(true);
  });

  it('ignores repeated or stale reports', () => {
    const d = new DurableLog(0);
    d.appended(1);
    d.appended(2);
    expect(d.persisted(2)).toBe(true);
    expect(d.persisted(2)).toBe(false);
    expect(d.persisted(1)).toBe(false);
    expect(d.durableZxid).toBe(2);
  });

  it('does not count appends made before a pending cut as the durable end', () => {
    const d = new DurableLog(5);
    d.appended(6);
    d.appended(7);
    d.cut(4);
    d.appended(5);
    expect(d.durableZxid).toBe(4);
    // The old appends land first: the log they extended is being cut, so nothing advances.
    expect(d.persisted(7)).toBe(true);
    expect(d.durableZxid).toBe(4);
    expect(d.persisted(4)).toBe(true);
    expect(d.durableZxid).toBe(4);
    expect(d.persisted(5)).toBe(true);
    expect(d.durableZxid).toBe(5);
    expect(d.idle).toBe(true);
  });

  it('never lets a coarse report swallow a cut, which is always reported on its own', () => {
    const d = new DurableLog(3);
    d.appended(4);
    d.cut(2);
    expect(d.persisted(9)).toBe(true);
    expect(d.idle).toBe(false);
    expect(d.durableZxid).toBe(2);
  });
});
