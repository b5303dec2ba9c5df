import { describe, expect, it } from 'vitest';
import { OpCode } from '@paddock/protocol';
import { defaultCoreConfig, joinChunks, Server } from '../src/index';
import { create, Driver, enc } from './driver';

const START = 1_700_000_000_000;

/** A small deterministic PRNG (mulberry32): the workload is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Random writes of every kind (creates under several parents, ephemerals, deletes, re-creates
 * of deleted paths, setData, setACL, multis, a session closing), with one `snapshot-slice` fed
 * after each write while a snapshot is pending, so every snapshot is written while the tree
 * changes under it.
 */
function churn(d: Driver, seed: number, writes: number): void {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const a = d.connect().conn;
  let b = d.connect().conn;
  const parents = ['/p0', '/p1', '/p2'];
  for (const p of parents) d.call(a, create(p, 'parent'));
  const live: string[] = [];
  let n = 0;
  for (let i = 0; i < writes; i++) {
    const roll = next();
    if (roll < 0.35 || live.length < 5) {
      const path = `${pick(parents)}/n${n++}`;
      const ephemeral = next() < 0.2;
      if (d.call(ephemeral ? b : a, create(path, `d${i}`, ephemeral ? 1 : 0)).err === 0) live.push(path);
    } else if (roll < 0.55) {
      const path = live.splice(Math.floor(next() * live.length), 1)[0]!;
      d.call(a, { op: OpCode.delete, path, version: -1 });
      // Half the deleted paths come back: the snapshot must still hold the old record.
      if (next() < 0.5 && d.call(a, create(path, `again${i}`)).err === 0) live.push(path);
    } else if (roll < 0.8) {
      d.call(a, { op: OpCode.setData, path: pick([...live, ...parents]), data: enc(`v${i}`), version: -1 });
    } else if (roll < 0.88) {
      const perms = 1 + Math.floor(next() * 31);
      d.call(a, { op: OpCode.setACL, path: pick(live), acl: [{ perms, id: { scheme: 'world', id: 'anyone' } }], version: -1 });
    } else if (roll < 0.97) {
      const path = `${pick(parents)}/m${n++}`;
      const victim = live.pop()!;
      d.call(a, { op: OpCode.multi, ops: [
        { op: OpCode.create, path, data: enc('multi'), acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], flags: 0 },
        { op: OpCode.delete, path: victim, version: -1 },
      ] });
      live.push(path);
    } else {
      // The ephemeral owner goes: its nodes vanish in one txn.
      d.call(b, { op: OpCode.closeSession });
      b = d.connect().conn;
      live.splice(0, live.length, ...live.filter((p) => d.server.readNode(p) !== null));
    }
    if (d.server.snapshotPending) d.feed({ type: 'snapshot-slice' });
  }
  while (d.server.snapshotPending) d.feed({ type: 'snapshot-slice' });
}

describe('snapshots written in slices while writes continue', () => {
  const config = defaultCoreConfig({ startWallMs: START, snapCount: 60, snapshotSliceNodes: 3 });

  it('each snapshot is exactly the state at its zxid', () => {
    const d = new Driver(config);
    churn(d, 7, 600);
    expect(d.snapshots.length).toBeGreaterThan(4);
    for (const snap of d.snapshots) {
      const fromSnapshot = Server.recover(config, { snapshot: joinChunks(snap.chunks), txns: [] });
      const replayed = Server.recover(config, { snapshot: null, txns: d.log.filter((r) => r.zxid <= snap.zxid).map((r) => r.payload) });
      expect(fromSnapshot.inspect().lastZxid).toBe(snap.zxid);
      expect(fromSnapshot.inspect().digest).toBe(replayed.inspect().digest);
      expect(fromSnapshot.inspect().nodeCount).toBe(replayed.inspect().nodeCount);
      expect(fromSnapshot.inspect().sessions.map((s) => s.id)).toEqual(replayed.inspect().sessions.map((s) => s.id));
      for (const p of replayed.paths()) expect(fromSnapshot.readNode(p)).toEqual(replayed.readNode(p));
    }
  });

  it('a sliced snapshot plus the log after it recovers the live tree', () => {
    const d = new Driver(config);
    churn(d, 11, 400);
    const last = d.snapshots[d.snapshots.length - 1]!;
    const restored = Server.recover(config, { snapshot: joinChunks(last.chunks), txns: d.log.map((r) => r.payload) });
    expect(restored.inspect().digest).toBe(d.server.inspect().digest);
    expect(restored.paths()).toEqual(d.server.paths());
    for (const p of d.server.paths()) expect(restored.readNode(p)).toEqual(d.server.readNode(p));
  });

  it('leaves the live tree exactly as a server that snapshots at once, child order included', () => {
    const sliced = new Driver(config);
    const whole = new Driver(defaultCoreConfig({ startWallMs: START, snapCount: 60 }));
    churn(sliced, 5, 500);
    churn(whole, 5, 500);
    expect(sliced.snapshots.length).toBeGreaterThan(4);
    expect(sliced.server.paths()).toEqual(whole.server.paths());
    for (const p of whole.server.paths()) expect(sliced.server.readNode(p)).toEqual(whole.server.readNode(p));
  });

  it('was really written across writes: a snapshot is pending after the txn that starts it', () => {
    const d = new Driver(defaultCoreConfig({ startWallMs: START, snapCount: 2, snapshotSliceNodes: 1 }));
    const a = d.connect().conn;
    d.call(a, create('/x'));
    d.call(a, create('/y'));
    expect(d.server.snapshotPending).toBe(true);
    expect(d.snapshots).toHaveLength(0);
    d.call(a, { op: OpCode.setData, path: '/x', data: enc('later'), version: -1 });
    while (d.server.snapshotPending) d.feed({ type: 'snapshot-slice' });
    expect(d.snapshots).toHaveLength(1);
    const restored = Server.recover(d.config, { snapshot: joinChunks(d.snapshots[0]!.chunks), txns: [] });
    expect(restored.readNode('/x')?.data).toEqual(enc(''));
  });
});
