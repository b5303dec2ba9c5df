import { describe, expect, it } from 'vitest';
import { ErrorCode, OpCode } from '@paddock/protocol';
import { defaultCoreConfig } from '../src/index';
import { create, Driver } from './driver';

describe('sessions', () => {
  it('clamps the timeout to [min, max] (2 and 20 ticks by default)', () => {
    const d = new Driver();
    expect(d.connect({ timeOut: 1 }).response?.timeOut).toBe(4000);
    expect(d.connect({ timeOut: 1e9 }).response?.timeOut).toBe(40000);
    expect(d.connect({ timeOut: 10000 }).response?.timeOut).toBe(10000);
  });

  it('derives session ids from server id and start time, and passwords from the id', () => {
    const d = new Driver();
    const a = d.connect().response!;
    const b = d.connect().response!;
    expect(a.sessionId >> 56n).toBe(1n);
    expect(b.sessionId).toBe(a.sessionId + 1n);
    expect(a.passwd).toHaveLength(16);
    expect(a.passwd).not.toEqual(b.passwd);
  });

  it('resumes a session with its password, and kicks the old connection', () => {
    const d = new Driver();
    const first = d.connect();
    const { sessionId, passwd } = first.response!;
    d.call(first.conn, create('/eph', '', 1));
    const again = d.connect({ sessionId, passwd });
    expect(again.response).toMatchObject({ sessionId, timeOut: 30000 });
    expect(d.take(first.conn)).toEqual([expect.objectContaining({ kind: 'closed' })]);
    expect(d.call(again.conn, { op: OpCode.exists, path: '/eph', watch: false }).body).toMatchObject({ stat: { ephemeralOwner: sessionId } });
  });

  it('answers a wrong password or unknown session with the expired handshake, then closes', () => {
    const d = new Driver();
    const { response } = d.connect();
    const bad = d.connect({ sessionId: response!.sessionId, passwd: new Uint8Array(16) });
    expect(bad.response).toMatchObject({ timeOut: 0, sessionId: 0n });
    expect(d.take(bad.conn)).toEqual([expect.objectContaining({ kind: 'closed' })]);
  });

  it('refuses a client that has seen a newer zxid than the server, without any reply', () => {
    const d = new Driver();
    const { conn, response } = d.connect({ lastZxidSeen: 1000n });
    expect(response).toBeNull();
    expect(d.take(conn)).toEqual([expect.objectContaining({ kind: 'closed' })]);
  });

  it('expires an idle session after its timeout and deletes its ephemerals', () => {
    const d = new Driver(defaultCoreConfig({ startWallMs: 1_700_000_000_000, tickTimeMs: 2000 }));
    const owner = d.connect({ timeOut: 4000 });
    const watcher = d.connect({ timeOut: 40000 });
    d.call(owner.conn, create('/e', '', 1));
    d.call(watcher.conn, { op: OpCode.exists, path: '/e', watch: true });
    d.tick(2);
    d.call(watcher.conn, { op: OpCode.ping });
    expect(d.call(watcher.conn, { op: OpCode.exists, path: '/e', watch: false }).err).toBe(0);
    d.tick(1);
    expect(d.take(owner.conn)).toEqual([expect.objectContaining({ kind: 'closed' })]);
    expect(d.take(watcher.conn)).toEqual([expect.objectContaining({ kind: 'event', event: expect.objectContaining({ type: 2, path: '/e' }) })]);
    expect(d.call(watcher.conn, { op: OpCode.exists, path: '/e', watch: false }).err).toBe(ErrorCode.NoNode);
    const resumed = d.connect({ sessionId: owner.response!.sessionId, passwd: owner.response!.passwd });
    expect(resumed.response).toMatchObject({ sessionId: 0n, timeOut: 0 });
  });

  it('keeps a session alive while its client pings', () => {
    const d = new Driver();
    const s = d.connect({ timeOut: 4000 });
    for (let i = 0; i < 10; i++) {
      d.tick(1);
      d.call(s.conn, { op: OpCode.ping });
    }
    expect(d.take(s.conn)).toEqual([]);
  });

  it('closeSession deletes ephemerals, replies, then closes', () => {
    const d = new Driver();
    const s = d.connect();
    const other = d.connect();
    d.call(s.conn, create('/a', '', 1));
    d.call(s.conn, create('/b', '', 3));
    expect(d.call(s.conn, { op: OpCode.getEphemerals, prefixPath: '/' }).body).toMatchObject({ ephemerals: ['/a', '/b0000000001'] });
    const r = d.call(s.conn, { op: OpCode.closeSession });
    expect(r.err).toBe(0);
    expect(d.take(s.conn)).toEqual([expect.objectContaining({ kind: 'closed' })]);
    expect(d.call(other.conn, { op: OpCode.getChildren, path: '/', watch: false }).body).toMatchObject({ children: ['zookeeper'] });
  });
});
