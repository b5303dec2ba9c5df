import { describe, expect, it } from 'vitest';
import { answerLookingPeer, FastLeaderElection, type ElectionEffect, type Notification } from '../../src/zab/election';
import { QuorumVerifier } from '../../src/zab/quorum';
import { isBetterVote, type Vote } from '../../src/zab/vote';
import { makeZxid } from '../../src/zab/zxid';

type Msg = { from: number; to: number; n: Notification };

/** N elections exchanging notifications through a FIFO queue; `down` servers hear nothing. */
class Pump {
  readonly elections = new Map<number, FastLeaderElection>();
  readonly decided = new Map<number, { vote: Vote; electionEpoch: number }>();
  readonly queue: Msg[] = [];
  readonly down = new Set<number>();
  /** Servers settled before the test: they answer looking peers. */
  readonly settled = new Map<number, { vote: Vote; electionEpoch: number; state: 'following' | 'leading' }>();

  constructor(readonly quorum: QuorumVerifier) {
    for (const id of [...quorum.voters, ...quorum.observers]) this.elections.set(id, new FastLeaderElection(id, quorum));
  }

  start(id: number, lastZxid: number, currentEpoch: number): void {
    this.route(id, this.elections.get(id)!.start({ lastZxid, currentEpoch }));
  }

  route(from: number, effects: ElectionEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'send') this.queue.push({ from, to: e.to, n: e.notification });
      else this.decided.set(from, { vote: e.vote, electionEpoch: e.electionEpoch });
    }
  }

  run(limit = 10_000): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) {
      const { from, to, n } = this.queue.shift()!;
      if (this.down.has(to) || this.down.has(from)) continue;
      const settled = this.settled.get(to);
      if (settled) {
        const answer = answerLookingPeer(n, settled);
        if (answer) this.queue.push({ from: to, to: from, n: answer });
        continue;
      }
      const e = this.elections.get(to)!;
      if (!e.isLooking) continue;
      this.route(to, e.receive(from, n));
    }
  }

  tickAll(): void {
    for (const [id, e] of this.elections) if (!this.down.has(id) && e.isLooking) this.route(id, e.tick());
  }
}

const voters = (...ids: number[]) => new QuorumVerifier(ids.map((id) => ({ id, observer: false })));

describe('vote order', () => {
  const all = () => true;
  it('compares epoch, then zxid, then server id', () => {
    expect(isBetterVote({ leader: 1, zxid: 5, peerEpoch: 2 }, { leader: 3, zxid: 99, peerEpoch: 1 }, all)).toBe(true);
    expect(isBetterVote({ leader: 1, zxid: 6, peerEpoch: 1 }, { leader: 3, zxid: 5, peerEpoch: 1 }, all)).toBe(true);
    expect(isBetterVote({ leader: 3, zxid: 5, peerEpoch: 1 }, { leader: 2, zxid: 5, peerEpoch: 1 }, all)).toBe(true);
    expect(isBetterVote({ leader: 2, zxid: 5, peerEpoch: 1 }, { leader: 3, zxid: 5, peerEpoch: 1 }, all)).toBe(false);
  });
  it('never prefers a non-voter', () => {
    expect(isBetterVote({ leader: 9, zxid: 99, peerEpoch: 9 }, { leader: 1, zxid: 0, peerEpoch: 0 }, (id) => id !== 9)).toBe(false);
  });
});

describe('fast leader election', () => {
  it('elects the server with the highest zxid when everyone competes', () => {
    const p = new Pump(voters(1, 2, 3));
    p.start(1, makeZxid(1, 7), 1);
    p.start(2, makeZxid(1, 9), 1);
    p.start(3, makeZxid(1, 8), 1);
    p.run();
    p.tickAll();
    p.run();
    expect([...p.decided.values()].map((d) => d.vote.leader)).toEqual([2, 2, 2]);
  });

  it('prefers a higher currentEpoch over a longer log', () => {
    const p = new Pump(voters(1, 2, 3));
    p.start(1, makeZxid(1, 50), 1);
    p.start(2, makeZxid(2, 0), 2);
    p.start(3, makeZxid(1, 40), 1);
    p.run();
    p.tickAll();
    p.run();
    for (const d of p.decided.values()) expect(d.vote.leader).toBe(2);
  });

  it('breaks a tie on (epoch, zxid) by the highest server id', () => {
    const p = new Pump(voters(1, 2, 3, 4, 5));
    for (const id of [1, 2, 3, 4, 5]) p.start(id, makeZxid(3, 4), 3);
    p.run();
    p.tickAll();
    p.run();
    expect(p.decided.size).toBe(5);
    for (const d of p.decided.values()) expect(d.vote).toEqual({ leader: 5, zxid: makeZxid(3, 4), peerEpoch: 3 });
  });

  it('decides with a quorum after the finalize wait when a voter is down', () => {
    const p = new Pump(voters(1, 2, 3));
    p.down.add(3);
    p.start(1, makeZxid(1, 1), 1);
    p.start(2, makeZxid(1, 1), 1);
    p.run();
    expect(p.decided.size).toBe(0);
    p.tickAll();
    p.run();
    expect(p.decided.get(1)?.vote.leader).toBe(2);
    expect(p.decided.get(2)?.vote.leader).toBe(2);
  });

  it('abandons a finalize wait when a better vote arrives in it', () => {
    const p = new Pump(voters(1, 2, 3));
    p.down.add(3);
    p.start(1, makeZxid(1, 1), 1);
    p.start(2, makeZxid(1, 1), 1);
    p.run();
    p.down.delete(3);
    p.start(3, makeZxid(1, 5), 1);
    p.run();
    p.tickAll();
    p.run();
    for (const d of p.decided.values()) expect(d.vote.leader).toBe(3);
  });

  it('moves a straggler from an older round into the newest one', () => {
    const p = new Pump(voters(1, 2, 3));
    const e1 = p.elections.get(1)!;
    // Server 1 has been through two earlier rounds.
    e1.start({ lastZxid: 0, currentEpoch: 0 });
    e1.start({ lastZxid: 0, currentEpoch: 0 });
    p.queue.length = 0;
    p.start(1, makeZxid(1, 1), 1);
    p.start(2, makeZxid(1, 2), 1);
    p.start(3, makeZxid(1, 1), 1);
    p.run();
    p.tickAll();
    p.run();
    expect(new Set([...p.decided.values()].map((d) => d.electionEpoch))).toEqual(new Set([3]));
    for (const d of p.decided.values()) expect(d.vote.leader).toBe(2);
  });

  it('lets a restarted server join an established leader even with a better log', () => {
    const p = new Pump(voters(1, 2, 3));
    const established = { leader: 2, zxid: makeZxid(4, 0), peerEpoch: 4 };
    p.settled.set(1, { vote: established, electionEpoch: 7, state: 'following' });
    p.settled.set(2, { vote: established, electionEpoch: 7, state: 'leading' });
    // Server 3 restarted with an (uncommitted) longer log of the same epoch.
    p.start(3, makeZxid(4, 9), 4);
    p.run();
    expect(p.decided.get(3)).toEqual({ vote: established, electionEpoch: 7 });
  });

  it('does not follow a claimed leader that never said it leads', () => {
    const p = new Pump(voters(1, 2, 3));
    const stale = { leader: 2, zxid: makeZxid(4, 0), peerEpoch: 4 };
    p.settled.set(1, { vote: stale, electionEpoch: 7, state: 'following' });
    p.down.add(2);
    p.start(3, makeZxid(4, 1), 4);
    p.run();
    p.tickAll();
    p.run();
    expect(p.decided.has(3)).toBe(false);
  });

  it('never elects an observer, and the observer learns the leader', () => {
    const q = new QuorumVerifier([{ id: 1, observer: false }, { id: 2, observer: false }, { id: 3, observer: false }, { id: 9, observer: true }]);
    const p = new Pump(q);
    p.start(9, makeZxid(9, 9), 9);
    for (const id of [1, 2, 3]) p.start(id, makeZxid(1, id), 1);
    p.run();
    p.tickAll();
    p.run();
    for (const id of [1, 2, 3]) expect(p.decided.get(id)?.vote.leader).toBe(3);
    expect(p.decided.has(9)).toBe(false);
    // Once they settle, the observer's next notifications are answered with the leader.
    for (const id of [1, 2, 3]) {
      p.settled.set(id, { vote: p.decided.get(id)!.vote, electionEpoch: p.decided.get(id)!.electionEpoch, state: id === 3 ? 'leading' : 'following' });
    }
    p.tickAll();
    p.run();
    expect(p.decided.get(9)?.vote.leader).toBe(3);
  });
});
