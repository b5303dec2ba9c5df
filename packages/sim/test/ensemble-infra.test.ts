import { describe, expect, it } from 'vitest';
import type { Input, LogRecord, PeerMessage } from '@paddock/core';
import { EventQueue } from '../src/event-queue';
import { PeerNetwork, type PeerDelivery } from '../src/ensemble/peer-network';
import { ReplicaDisk } from '../src/ensemble/replica-disk';
import { Prng } from '../src/prng';

/** A network over a real event queue, recording what each member is told and receives. */
function harness() {
  const queue = new EventQueue<PeerDelivery>();
  const told: string[] = [];
  const net = new PeerNetwork([1, 2, 3], Prng.fromSeed(1).fork('net'), [0, 30], {
    notify: (server: number, input: Input) => told.push(`${server} ${input.type} ${'peer' in input ? input.peer : ''}`),
    schedule: (atMs: number, d: PeerDelivery) => queue.push(atMs, d),
  });
  const drain = (): PeerDelivery[] => {
    const out: PeerDelivery[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) if (net.isCurrent(e.event)) out.push(e.event);
    return out;
  };
  return { net, told, drain };
}

const ping = (n: number): PeerMessage => ({ type: 'ping', touches: [{ sessionId: BigInt(n), timeoutMs: n }] });
const tag = (d: PeerDelivery): string => `${d.from}>${d.to}:${d.message.type === 'ping' ? d.message.touches[0]!.timeoutMs : '?'}`;

describe('peer network', () => {
  it('keeps each direction FIFO while links overtake one another', () => {
    const { net, drain } = harness();
    for (const id of [1, 2, 3]) net.serverUp(id, 0);
    for (let n = 0; n < 20; n++) {
      net.send(1, 2, ping(n), n);
      net.send(3, 2, ping(n), n);
    }
    const got = drain().map(tag);
    for (const dir of ['1>2', '3>2']) expect(got.filter((t) => t.startsWith(dir)).map((t) => Number(t.split(':')[1]))).toEqual([...Array(20).keys()]);
    expect(got.slice(0, 20).every((t) => t.startsWith('1>2'))).toBe(false);
  });

  it('loses messages only with a broken link, and tells both ends', () => {
    const { net, told, drain } = harness();
    for (const id of [1, 2, 3]) net.serverUp(id, 0);
    told.length = 0;
    net.send(1, 2, ping(1), 0);
    net.block([1], [2, 3]);
    expect(told).toEqual(['1 peer-disconnected 2', '2 peer-disconnected 1', '1 peer-disconnected 3', '3 peer-disconnected 1']);
    net.send(1, 2, ping(2), 1);
    expect(drain()).toEqual([]);
    net.heal(2);
    net.send(1, 2, ping(3), 3);
    expect(drain().map(tag)).toEqual(['1>2:3']);
  });

  it('delivers a held direction in order once healed, unless the link broke meanwhile', () => {
    const { net, drain } = harness();
    for (const id of [1, 2, 3]) net.serverUp(id, 0);
    net.hold(1, 2);
    net.send(1, 2, ping(1), 0);
    net.send(1, 2, ping(2), 0);
    net.send(2, 1, ping(9), 0);
    expect(drain().map(tag)).toEqual(['2>1:9']);
    net.heal(5);
    expect(drain().map(tag)).toEqual(['1>2:1', '1>2:2']);
    net.hold(1, 3);
    net.send(1, 3, ping(4), 6);
    net.reset(1, 3, 7);
    net.heal(8);
    expect(drain()).toEqual([]);
  });
});

const record = (zxid: number): LogRecord => ({ zxid, payload: new Uint8Array([zxid]) });

describe('replica disk', () => {
  it('makes appends durable only when their fsync ends, and a crash loses the rest', () => {
    const disk = new ReplicaDisk();
    disk.write({ type: 'append', records: [record(1), record(2)] });
    expect(disk.beginFsync()).toBe(true);
    disk.write({ type: 'append', records: [record(3)] });
    expect(disk.endFsync()).toEqual([{ type: 'persisted', zxid: 2 }]);
    expect(disk.beginFsync()).toBe(true);
    expect(disk.hasUnsynced).toBe(true);
    disk.crash();
    expect(disk.durable().txns).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
    expect(disk.issued.map((r) => r.zxid)).toEqual([1, 2]);
  });

  it('reports a truncate on its own, and keeps epoch files apart from the log', () => {
    const disk = new ReplicaDisk();
    disk.write({ type: 'append', records: [record(1), record(2)] });
    disk.write({ type: 'truncate', zxid: 1 });
    disk.write({ type: 'append', records: [record(3)] });
    disk.writeEpoch('acceptedEpoch', 4);
    disk.beginFsync();
    expect(disk.endFsync()).toEqual([{ type: 'persisted', zxid: 2 }, { type: 'persisted', zxid: 1 }, { type: 'persisted', zxid: 3 }]);
    expect(disk.durable().acceptedEpoch).toBeUndefined();
    expect(disk.completeEpochWrite()).toEqual({ type: 'epoch-persisted', name: 'acceptedEpoch', epoch: 4 });
    expect(disk.durable()).toMatchObject({ acceptedEpoch: 4, txns: [new Uint8Array([1]), new Uint8Array([3])] });
  });
});
