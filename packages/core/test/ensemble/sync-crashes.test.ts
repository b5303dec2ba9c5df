import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@paddock/protocol';
import { create, enc } from '../driver';
import { Ensemble, OpCode } from './ensemble';

function agreeOnCommitted(e: Ensemble, ids: readonly number[]): void {
  const views = ids.map((id) => `${e.inspect(id).lastZxid}/${e.inspect(id).digest}`);
  expect(new Set(views).size, views.join(' ')).toBe(1);
}

describe('ensemble: crashes during synchronization', () => {
  /**
   * ZOOKEEPER-3911/4646/4685: every server crashes at every possible point of a recovery
   * (discovery, sync, NEWLEADER, UPTODATE, first broadcast) and no acknowledged write is lost.
   */
  it('loses no acknowledged write when the whole ensemble crashes at any step of a recovery', () => {
    const probe = new Ensemble([1, 2, 3]);
    const total = recoverySteps(probe, Infinity);
    expect(total).toBeGreaterThan(20);
    for (let cut = 0; cut <= total; cut++) {
      const e = new Ensemble([1, 2, 3]);
      const acked = recoverySteps(e, cut) >= 0 ? ackedPaths(e) : [];
      for (const id of [1, 2, 3]) if (e.node(id).server) e.crash(id);
      e.heal();
      for (const id of [1, 2, 3]) e.restart(id);
      e.elect();
      for (const p of acked) for (const id of [1, 2, 3]) expect(e.server(id).readNode(p), `cut ${cut}: ${p} on ${id}`).not.toBeNull();
      agreeOnCommitted(e, [1, 2, 3]);
    }
  });

  it('ZOOKEEPER-4394: commits between NEWLEADER and UPTODATE are applied, not lost', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.call(3, conn, create('/a', '0'));
    e.crash(1);
    e.run();
    e.call(3, conn, create('/b'));
    e.restart(1);
    // 1's log device is slow: it cannot ACK NEWLEADER yet, while 2 and 3 commit more.
    e.node(1).diskHeld = 'log';
    e.tickUntil(() => e.network.delivered.some((m) => m.to === 1 && m.message.type === 'newleader' && m.message.zxid === 2 ** 32));
    const xid = e.send(3, conn, { op: OpCode.setData, path: '/a', data: enc('1'), version: -1 });
    e.run();
    expect(e.take(3, conn)).toContainEqual(expect.objectContaining({ kind: 'reply', xid, err: ErrorCode.OK }));
    expect(e.inspect(1).serving).toBe(false);
    e.node(1).diskHeld = false;
    e.run();
    expect(e.inspect(1).serving).toBe(true);
    expect(e.read(1, '/a')).toBe('1');
    agreeOnCommitted(e, [1, 2, 3]);
  });
});

const ackedByScenario = new WeakMap<Ensemble, string[]>();

function ackedPaths(e: Ensemble): string[] {
  return ackedByScenario.get(e) ?? [];
}

/**
 * Writes three znodes with server 1 down, then restarts it and crashes leader 3, so that 1 and
 * 2 recover together (1 by DIFF) and take two more writes; stops after `budget` steps of that
 * recovery. Records every acknowledged path; returns the steps taken.
 */
function recoverySteps(e: Ensemble, budget: number): number {
  e.elect();
  const { conn } = e.connect(3);
  e.crash(1);
  e.run();
  const acked: string[] = [];
  ackedByScenario.set(e, acked);
  for (let i = 0; i < 3; i++) if (e.call(3, conn, create(`/r${i}`)).err === ErrorCode.OK) acked.push(`/r${i}`);
  e.crash(3);
  e.restart(1);
  let steps = 0;
  const spend = () => {
    while (steps < budget && e.step()) steps++;
    return steps < budget;
  };
  for (let tick = 0; tick < 30 && !(e.inspect(1).serving && e.inspect(2).serving); tick++) {
    for (const id of [1, 2]) e.node(id).inbox.push({ type: 'tick' });
    if (!spend()) return steps;
  }
  const c = e.connect(2).conn;
  const sent = new Map<number, string>();
  for (let i = 0; i < 2; i++) {
    sent.set(e.send(2, c, create(`/after${i}`)), `/after${i}`);
    const more = spend();
    for (const r of e.take(2, c)) if (r.kind === 'reply' && r.err === ErrorCode.OK && sent.has(r.xid)) acked.push(sent.get(r.xid)!);
    if (!more) return steps;
  }
  return steps;
}
