import { describe, expect, it } from 'vitest';
import { MAX_XID, XidSequence } from '../../src/session/index';

describe('XidSequence', () => {
  it('counts from 1', () => {
    const xids = new XidSequence();
    expect([xids.next(), xids.next(), xids.next()]).toEqual([1, 2, 3]);
  });

  it('wraps from 2^31-2 back to 1, never using 2^31-1 (ClientCnxn.getXid)', () => {
    const xids = new XidSequence(MAX_XID - 2);
    expect([xids.next(), xids.next(), xids.next(), xids.next()]).toEqual([MAX_XID - 2, MAX_XID - 1, 1, 2]);
  });
});
