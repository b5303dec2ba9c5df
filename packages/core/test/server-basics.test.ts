import { describe, expect, it } from 'vitest';
import { ErrorCode, EventType, OpCode } from '@paddock/protocol';
import { create, dec, Driver, enc, OPEN } from './driver';

describe('fresh tree', () => {
  it('has the system nodes with ZooKeeper-reported cversions', () => {
    const d = new Driver();
    const { conn } = d.connect();
    const root = d.call(conn, { op: OpCode.exists, path: '/', watch: false });
    expect(root.err).toBe(0);
    expect(root.body).toMatchObject({ stat: { numChildren: 1, cversion: -1, version: 0, czxid: 0n } });
    const zk = d.call(conn, { op: OpCode.getChildren2, path: '/zookeeper', watch: false });
    expect(zk.body).toMatchObject({ children: ['quota', 'config'], stat: { cversion: -2, numChildren: 2 } });
    expect(d.call(conn, { op: OpCode.getData, path: '/zookeeper/config', watch: false }).body).toMatchObject({ data: new Uint8Array(0) });
    const cfg = d.call(conn, { op: OpCode.getACL, path: '/zookeeper/config' });
    expect(cfg.body).toMatchObject({ acl: [{ perms: 1, id: { scheme: 'world', id: 'anyone' } }], stat: { aversion: -1 } });
  });
});

describe('creates, sequential names and Stat', () => {
  it('numbers sequential children from the parent create count, not its child count', () => {
    const d = new Driver();
    const { conn } = d.connect();
    expect(d.call(conn, create('/p')).err).toBe(0);
    expect(d.call(conn, create('/p/n', '', 2)).body).toMatchObject({ path: '/p/n0000000000' });
    expect(d.call(conn, create('/p/n', '', 2)).body).toMatchObject({ path: '/p/n0000000001' });
    expect(d.call(conn, create('/p/x')).err).toBe(0);
    expect(d.call(conn, { op: OpCode.delete, path: '/p/x', version: -1 }).err).toBe(0);
    const st = d.call(conn, { op: OpCode.exists, path: '/p', watch: false });
    expect(st.body).toMatchObject({ stat: { cversion: 4, numChildren: 2 } });
    expect(d.call(conn, create('/p/n', '', 2)).body).toMatchObject({ path: '/p/n0000000003' });
  });

  it('reports czxid/mzxid/pzxid/version/dataLength like ZooKeeper', () => {
    const d = new Driver();
    const { conn } = d.connect();
    const c = d.call(conn, create('/a', 'hello'));
    const created = (c.body as { stat: { czxid: bigint } }).stat;
    expect(c.zxid).toBe(created.czxid);
    expect(created).toMatchObject({ mzxid: c.zxid, pzxid: c.zxid, version: 0, dataLength: 5, numChildren: 0, ephemeralOwner: 0n });
    const s = d.call(conn, { op: OpCode.setData, path: '/a', data: enc('hi'), version: 0 });
    expect(s.body).toMatchObject({ stat: { czxid: c.zxid, mzxid: s.zxid, version: 1, dataLength: 2, pzxid: c.zxid } });
    expect(d.call(conn, { op: OpCode.setData, path: '/a', data: enc('x'), version: 0 }).err).toBe(ErrorCode.BadVersion);
    const child = d.call(conn, create('/a/b'));
    const parent = d.call(conn, { op: OpCode.getData, path: '/a', watch: false });
    expect(dec((parent.body as { data: Uint8Array }).data)).toBe('hi');
    expect(parent.body).toMatchObject({ stat: { pzxid: child.zxid, mzxid: s.zxid, numChildren: 1, cversion: 1 } });
  });

  it('returns ZooKeeper error codes for bad writes', () => {
    const d = new Driver();
    const { conn } = d.connect();
    expect(d.call(conn, create('/a/b')).err).toBe(ErrorCode.NoNode);
    expect(d.call(conn, create('bad')).err).toBe(ErrorCode.BadArguments);
    expect(d.call(conn, create('/a/')).err).toBe(ErrorCode.NoNode);
    expect(d.call(conn, create('/nope//x')).err).toBe(ErrorCode.NoNode);
    expect(d.call(conn, create('/')).err).toBe(ErrorCode.NodeExists);
    expect(d.call(conn, create('/a')).err).toBe(0);
    expect(d.call(conn, create('/a/')).err).toBe(ErrorCode.BadArguments);
    expect(d.call(conn, create('/a/./b')).err).toBe(ErrorCode.NoNode);
    expect(d.call(conn, create('/a')).err).toBe(ErrorCode.NodeExists);
    expect(d.call(conn, create('/a/b')).err).toBe(0);
    expect(d.call(conn, { op: OpCode.delete, path: '/a', version: -1 }).err).toBe(ErrorCode.NotEmpty);
    expect(d.call(conn, { op: OpCode.delete, path: '/a/b', version: 3 }).err).toBe(ErrorCode.BadVersion);
    expect(d.call(conn, { op: OpCode.delete, path: '/zookeeper', version: -1 }).err).toBe(ErrorCode.BadArguments);
    expect(d.call(conn, create('/e', '', 1)).err).toBe(0);
    expect(d.call(conn, create('/e/c')).err).toBe(ErrorCode.NoChildrenForEphemerals);
    expect(d.call(conn, { op: OpCode.create, path: '/f', data: null, acl: [], flags: 0 }).err).toBe(ErrorCode.InvalidACL);
    expect(d.call(conn, create('/g', '', 9)).err).toBe(ErrorCode.BadArguments);
    expect(d.call(conn, { op: OpCode.createTTL, path: '/t', data: null, acl: OPEN, flags: 5, ttl: 100n }).err).toBe(ErrorCode.Unimplemented);
  });

  it('validates pipelined writes against each other before either is durable', () => {
    const d = new Driver();
    d.autoPersist = false;
    const { conn } = d.connect();
    d.persistAll();
    d.take(conn);
    const x1 = d.send(conn, create('/a'));
    const x2 = d.send(conn, create('/a'));
    const x3 = d.send(conn, create('/a/b', '', 2));
    expect(d.take(conn)).toEqual([]);
    d.persistAll();
    const got = d.take(conn);
    expect(got.map((r) => (r.kind === 'reply' ? [r.xid, r.err] : r.kind))).toEqual([[x1, 0], [x2, ErrorCode.NodeExists], [x3, 0]]);
    expect(got[2]).toMatchObject({ body: { path: '/a/b0000000000' } });
  });
});

describe('durability', () => {
  it('answers no write before the txn is persisted, and reads wait behind the session\'s writes', () => {
    const d = new Driver();
    d.autoPersist = false;
    const { conn } = d.connect();
    expect(d.take(conn)).toEqual([]);
    d.persistAll();
    const other = d.connect();
    d.persistAll();
    d.take(conn);
    d.send(conn, create('/a', 'v'));
    const rx = d.send(conn, { op: OpCode.getData, path: '/a', watch: false });
    expect(d.take(conn)).toEqual([]);
    // Another session does not see the undurable node.
    expect(d.call(other.conn, { op: OpCode.exists, path: '/a', watch: false }).err).toBe(ErrorCode.NoNode);
    d.persistAll();
    const got = d.take(conn);
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ kind: 'reply', xid: rx, err: 0 });
  });
});

describe('watches', () => {
  it('follows the trigger matrix and delivers the event before the reply that follows it', () => {
    const d = new Driver();
    const a = d.connect().conn;
    const b = d.connect().conn;
    d.call(a, create('/w'));
    d.call(b, { op: OpCode.exists, path: '/w/c', watch: true });
    d.call(b, { op: OpCode.getChildren, path: '/w', watch: true });
    d.call(b, { op: OpCode.getData, path: '/w', watch: true });
    d.take(b);
    d.call(a, create('/w/c'));
    const r = d.call(b, { op: OpCode.exists, path: '/w/c', watch: false });
    expect(r.err).toBe(0);
    expect(d.take(b)).toEqual([
      expect.objectContaining({ kind: 'event', event: { type: EventType.NodeCreated, state: 3, path: '/w/c' } }),
      expect.objectContaining({ kind: 'event', event: { type: EventType.NodeChildrenChanged, state: 3, path: '/w' } }),
    ]);
    // One-shot: a second change fires nothing; the data watch on /w is still armed.
    d.call(a, create('/w/d'));
    expect(d.take(b)).toEqual([]);
    d.call(a, { op: OpCode.setData, path: '/w', data: enc('x'), version: -1 });
    expect(d.take(b)).toEqual([expect.objectContaining({ event: expect.objectContaining({ type: EventType.NodeDataChanged, path: '/w' }) })]);
  });

  it('fires persistent and recursive watches without consuming them', () => {
    const d = new Driver();
    const a = d.connect().conn;
    const b = d.connect().conn;
    d.call(a, create('/r'));
    expect(d.call(b, { op: OpCode.addWatch, path: '/r', mode: 1 }).err).toBe(0);
    d.call(a, create('/r/x'));
    d.call(a, create('/r/x/y'));
    d.call(a, { op: OpCode.setData, path: '/r/x/y', data: enc('1'), version: -1 });
    d.call(a, { op: OpCode.delete, path: '/r/x/y', version: -1 });
    const events = d.take(b).map((r) => (r.kind === 'event' ? `${r.event.type}:${r.event.path}` : r.kind));
    expect(events).toEqual(['1:/r/x', '1:/r/x/y', '3:/r/x/y', '2:/r/x/y']);
    expect(d.call(b, { op: OpCode.removeWatches, path: '/r', type: 3 }).err).toBe(0);
    expect(d.call(b, { op: OpCode.removeWatches, path: '/r', type: 3 }).err).toBe(ErrorCode.NoWatcher);
  });

  it('replays setWatches against the client\'s last zxid', () => {
    const d = new Driver();
    const a = d.connect().conn;
    const b = d.connect().conn;
    d.call(a, create('/s1'));
    d.call(a, create('/s2'));
    const seen = d.call(a, create('/s3')).zxid;
    d.call(a, { op: OpCode.setData, path: '/s1', data: enc('x'), version: -1 });
    d.call(a, { op: OpCode.delete, path: '/s2', version: -1 });
    d.call(a, create('/new'));
    d.call(b, { op: OpCode.setWatches, relativeZxid: seen, dataWatches: ['/s1', '/s2', '/s3'], existWatches: ['/new', '/nope'], childWatches: ['/'] });
    const events = d.take(b).filter((r) => r.kind === 'event').map((r) => (r.kind === 'event' ? `${r.event.type}:${r.event.path}` : ''));
    expect(events).toEqual(['3:/s1', '2:/s2', '1:/new', '4:/']);
    d.call(a, { op: OpCode.setData, path: '/s3', data: enc('y'), version: -1 });
    expect(d.take(b)).toEqual([expect.objectContaining({ event: expect.objectContaining({ type: 3, path: '/s3' }) })]);
  });
});

describe('multi', () => {
  it('applies all ops in one zxid, or none with ZooKeeper\'s error layout', () => {
    const d = new Driver();
    const { conn } = d.connect();
    const ok = d.call(conn, { op: OpCode.multi, ops: [
      { op: OpCode.create, path: '/m', data: null, acl: OPEN, flags: 0 },
      { op: OpCode.create2, path: '/m/s', data: null, acl: OPEN, flags: 2 },
      { op: OpCode.setData, path: '/m', data: enc('d'), version: 0 },
      { op: OpCode.check, path: '/m', version: 1 },
    ] });
    expect(ok.err).toBe(0);
    expect(ok.body).toMatchObject({ results: [{ op: 1, path: '/m' }, { op: 1, path: '/m/s0000000000' }, { op: 5, stat: { version: 1 } }, { op: 13 }] });
    const bad = d.call(conn, { op: OpCode.multi, ops: [
      { op: OpCode.create, path: '/m2', data: null, acl: OPEN, flags: 0 },
      { op: OpCode.check, path: '/m', version: 7 },
      { op: OpCode.delete, path: '/m', version: -1 },
    ] });
    expect(bad.err).toBe(0);
    expect(bad.body).toEqual({ op: OpCode.multi, results: [{ op: -1, err: 0 }, { op: -1, err: ErrorCode.BadVersion }, { op: -1, err: ErrorCode.RuntimeInconsistency }] });
    expect(d.call(conn, { op: OpCode.exists, path: '/m2', watch: false }).err).toBe(ErrorCode.NoNode);
  });
});

describe('requests the codec could not take', () => {
  it('answers an unknown opcode with Unimplemented and zxid -1, and keeps serving', () => {
    const d = new Driver();
    const { conn } = d.connect();
    d.feed({ type: 'client-request', conn, request: { ok: false, xid: 7, type: 999, err: ErrorCode.Unimplemented, reason: 'unknown opcode 999' } });
    expect(d.take(conn)).toEqual([{ kind: 'reply', xid: 7, zxid: -1n, err: ErrorCode.Unimplemented, body: null }]);
    expect(d.call(conn, { op: OpCode.exists, path: '/', watch: false }).err).toBe(0);
  });

  it('answers a malformed body with MarshallingError and closes', () => {
    const d = new Driver();
    const { conn } = d.connect();
    d.feed({ type: 'client-request', conn, request: { ok: false, xid: 8, type: 1, err: ErrorCode.MarshallingError, reason: 'truncated' } });
    expect(d.take(conn)).toEqual([
      expect.objectContaining({ kind: 'reply', xid: 8, err: ErrorCode.MarshallingError }),
      expect.objectContaining({ kind: 'closed' }),
    ]);
  });
});

describe('delete checks in ZooKeeper\'s order', () => {
  it('is NoNode for a malformed path, and NoAuth before NoNode when the parent denies DELETE', () => {
    const d = new Driver();
    const { conn } = d.connect();
    d.call(conn, create('/a'));
    expect(d.call(conn, { op: OpCode.delete, path: '/a/z/', version: -1 }).err).toBe(ErrorCode.NoNode);
    expect(d.call(conn, { op: OpCode.delete, path: 'a', version: -1 }).err).toBe(ErrorCode.BadArguments);
    d.call(conn, { op: OpCode.create, path: '/locked', data: null, acl: [{ perms: 31 & ~8, id: { scheme: 'world', id: 'anyone' } }], flags: 0 });
    expect(d.call(conn, { op: OpCode.delete, path: '/locked/missing', version: -1 }).err).toBe(ErrorCode.NoAuth);
  });
});

describe('deliberate differences from ZooKeeper 3.8 (README "Differences")', () => {
  it('a watch event carries the zxid of the change that fired it (3.9 behaviour; 3.8 sends -1)', () => {
    const d = new Driver();
    const a = d.connect().conn;
    const b = d.connect().conn;
    d.call(a, create('/z'));
    d.call(b, { op: OpCode.getData, path: '/z', watch: true });
    const write = d.call(a, { op: OpCode.setData, path: '/z', data: enc('x'), version: -1 });
    expect(d.take(b)).toEqual([expect.objectContaining({ kind: 'event', zxid: write.zxid })]);
  });

  it('a standalone check that succeeds is answered (3.8 sends nothing)', () => {
    const d = new Driver();
    const { conn } = d.connect();
    d.call(conn, create('/c'));
    expect(d.call(conn, { op: OpCode.check, path: '/c', version: 0 })).toMatchObject({ err: 0, body: { op: OpCode.check } });
    expect(d.call(conn, { op: OpCode.check, path: '/c', version: 3 }).err).toBe(ErrorCode.BadVersion);
  });
});
