import { describe, expect, it } from 'vitest';
import { OpCode } from '@paddock/protocol';
import { defaultCoreConfig, joinChunks, Server } from '../src/index';
import { create, Driver, enc, OPEN } from './driver';

function workload(d: Driver): void {
  const a = d.connect().conn;
  const b = d.connect().conn;
  d.call(a, create('/app'));
  for (let i = 0; i < 30; i++) {
    d.call(i % 2 ? a : b, create('/app/job-', `payload ${i}`, i % 3 === 0 ? 3 : 2));
    if (i % 4 === 0) d.call(a, { op: OpCode.setData, path: '/app', data: enc(`v${i}`), version: -1 });
  }
  d.call(a, { op: OpCode.multi, ops: [
    { op: OpCode.create, path: '/app/m', data: null, acl: OPEN, flags: 0 },
    { op: OpCode.delete, path: '/app/job-0000000001', version: -1 },
  ] });
  d.call(b, { op: OpCode.setACL, path: '/app/m', acl: [{ perms: 3, id: { scheme: 'world', id: 'anyone' } }], version: -1 });
  d.call(a, { op: OpCode.closeSession });
}

describe('recovery', () => {
  it('replaying the log gives the identical tree and sessions', () => {
    const d = new Driver();
    workload(d);
    const live = d.server.inspect();
    const replayed = Server.recover(d.config, { snapshot: null, txns: d.log.map((r) => r.payload) });
    const r = replayed.inspect();
    expect(r.lastZxid).toBe(live.lastZxid);
    expect(r.digest).toBe(live.digest);
    expect(r.nodeCount).toBe(live.nodeCount);
    expect(r.sessions.map((s) => s.id)).toEqual(live.sessions.map((s) => s.id));
    expect(replayed.paths()).toEqual(d.server.paths());
    for (const p of d.server.paths()) expect(replayed.readNode(p)).toEqual(d.server.readNode(p));
  });

  it('a snapshot plus the log after it gives the identical tree', () => {
    const d = new Driver(defaultCoreConfig({ startWallMs: 1_700_000_000_000, snapCount: 10 }));
    workload(d);
    expect(d.snapshots.length).toBeGreaterThan(1);
    const snap = d.snapshots[1]!;
    const restored = Server.recover(d.config, { snapshot: joinChunks(snap.chunks), txns: d.log.map((r) => r.payload) });
    expect(restored.inspect().digest).toBe(d.server.inspect().digest);
    for (const p of d.server.paths()) expect(restored.readNode(p)).toEqual(d.server.readNode(p));
  });
});
