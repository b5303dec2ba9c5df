import { describe, expect, it } from 'vitest';
import type { Input, LogRecord, PeerMessage } from '@paddock/core';
import { drawEnsembleOptions } from '../src/ensemble/ensemble-options';
import { PeerNetwork, type PeerDelivery } from '../src/ensemble/peer-network';
import { ReplicaDisk } from '../src/ensemble/replica-disk';
import { runEnsembleSeed } from '../src/ensemble/run-ensemble';
import { Prng } from '../src/prng';

const record = (zxid: number): LogRecord => ({ zxid, payload: new Uint8Array([zxid, zxid, zxid]) });

describe('torn last record', () => {
  it('keeps a drawn prefix of the running fsync whole, and recovery cuts the torn record after it', () => {
    const kept = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const disk = new ReplicaDisk();
      disk.write({ type: 'append', records: [record(1)] });
      disk.beginFsync();
      disk.endFsync();
      disk.write({ type: 'append', records: [record(2), record(3)] });
      disk.write({ type: 'append', records: [record(4)] });
      disk.beginFsync();
      disk.crash(Prng.fromSeed(seed));
      const { state, cutBytes } = disk.recover();
      expect(cutBytes).toBeGreaterThan(0);
      const txns = state.txns.map((t) => t[0]);
      // A prefix of what the fsync carried, never the whole of it (one record was torn).
      expect([[1], [1, 2], [1, 2, 3]]).toContainEqual(txns);
      kept.add(txns.length);
      expect(disk.issued.map((r) => r.zxid)).toEqual(txns);
      expect(disk.recover().cutBytes).toBe(0);
    }
    expect(kept.size).toBe(3);
  });

  it('tears nothing without a running fsync, or when no tear is drawn', () => {
    const disk = new ReplicaDisk();
    disk.write({ type: 'append', records: [record(1)] });
    disk.crash(Prng.fromSeed(1));
    expect(disk.recover()).toEqual({ state: { snapshot: null, txns: [] }, cutBytes: 0 });
    disk.write({ type: 'append', records: [record(1)] });
    disk.beginFsync();
    disk.crash();
    expect(disk.recover().cutBytes).toBe(0);
  });
});

describe('swizzle-clog', () => {
  it('releases a held direction on its own, in order, ahead of what is sent after', () => {
    const delivered: string[] = [];
    const pending: Array<{ at: number; d: PeerDelivery }> = [];
    const net = new PeerNetwork([1, 2, 3], Prng.fromSeed(3), [0, 0], {
      notify: (_server: number, _input: Input) => {},
      schedule: (at, d) => pending.push({ at, d }),
    });
    const ping = (): PeerMessage => ({ type: 'ping', touches: [] }) as unknown as PeerMessage;
    const drain = () => {
      pending.sort((a, b) => a.at - b.at);
      for (const { d } of pending.splice(0)) if (net.isCurrent(d)) delivered.push(`${d.from}>${d.to}`);
    };
    for (const id of [1, 2, 3]) net.serverUp(id, 0);
    net.hold(1, 2);
    net.hold(1, 3);
    net.send(1, 2, ping(), 1);
    net.send(1, 3, ping(), 1);
    drain();
    expect(delivered).toEqual([]);
    net.release(1, 3, 2);
    net.send(1, 3, ping(), 2);
    drain();
    expect(delivered).toEqual(['1>3', '1>3']);
    net.release(1, 2, 3);
    drain();
    expect(delivered).toEqual(['1>3', '1>3', '1>2']);
  });

  it('is drawn for some seeds and not others, and printed with the faults', () => {
    const drawn = Array.from({ length: 40 }, (_, i) => drawEnsembleOptions(i + 1));
    expect(drawn.some((o) => o.faults.includes('swizzle-clog'))).toBe(true);
    expect(drawn.some((o) => !o.faults.includes('swizzle-clog'))).toBe(true);
    expect(drawn.some((o) => o.tornTails)).toBe(true);
  });

  it('runs seeds with swizzle-clog and torn tails clean, reaching both paths', () => {
    let swizzles = 0;
    let torn = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = runEnsembleSeed(seed, { steps: 1500 });
      expect(r.violation, `seed ${seed}: ${r.violation?.message}`).toBeNull();
      swizzles += r.counts.swizzleClogs;
      torn += r.counts.tornTails;
    }
    expect(swizzles).toBeGreaterThan(0);
    expect(torn).toBeGreaterThan(0);
  });
});
