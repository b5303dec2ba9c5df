import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@paddock/protocol';
import { create, Driver } from './driver';

describe('reply zxids on one connection', () => {
  it('never go back when a session expires behind a write still waiting for its fsync', () => {
    const d = new Driver();
    const { conn } = d.connect({ timeOut: 4000 });
    d.autoPersist = false;
    const first = d.send(conn, create('/slow'));
    // The disk stalls long enough for the session to expire behind the pending write.
    d.tick(4);
    const second = d.send(conn, create('/late'));
    expect(d.take(conn).filter((r) => r.kind === 'reply')).toEqual([]);
    d.autoPersist = true;
    d.persistAll();
    const replies = d.take(conn).filter((r) => r.kind === 'reply');
    expect(replies.map((r) => r.kind === 'reply' && [r.xid, r.err])).toEqual([[first, ErrorCode.OK], [second, ErrorCode.SessionExpired]]);
    const [a, b] = replies.map((r) => (r.kind === 'reply' ? r.zxid : 0n));
    expect(b).toBeGreaterThanOrEqual(a!);
  });
});
