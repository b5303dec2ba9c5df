/**
 * The ensemble's end-of-run rules on hand-made observations: each one passes a history that
 * keeps ZooKeeper's guarantee and names its rule on one that breaks it.
 */
import { describe, expect, it } from 'vitest';
import { EventType, OpCode, type Request, type Response } from '@paddock/protocol';
import { Violation } from '../src/check/violation';
import { ClientObservations } from '../src/ensemble/client-observations';
import { CommittedTimeline } from '../src/ensemble/committed-timeline';
import { ReadRules } from '../src/ensemble/read-rules';
import { checkWatches } from '../src/ensemble/watch-rules';
import { WriteLinearizability } from '../src/ensemble/write-linearizability';
import { runEnsembleSeed } from '../src/ensemble/run-ensemble';
import { ZkModel } from '../src/model/zk-model';

const S = 7n;

/** A timeline with `/a` created at 1, changed at 5, deleted at 9; `/b` created at 3 and deleted at 4. */
function timeline(): CommittedTimeline {
  const t = new CommittedTimeline();
  const at = (zxid: number, ...triggers: Array<[string, number]>) => t.after(zxid, null, triggers.map(([path, type]) => ({ path, type })));
  at(1, ['/a', EventType.NodeCreated], ['/', EventType.NodeChildrenChanged]);
  at(3, ['/b', EventType.NodeCreated], ['/', EventType.NodeChildrenChanged]);
  at(4, ['/b', EventType.NodeDeleted], ['/', EventType.NodeChildrenChanged]);
  at(5, ['/a', EventType.NodeDataChanged]);
  at(9, ['/a', EventType.NodeDeleted], ['/', EventType.NodeChildrenChanged]);
  return t;
}

/** Builds one session's observations: requests answered in order, events in between. */
class Script {
  readonly obs = new ClientObservations();
  private xid = 1;
  private now = 0;

  call(request: Request, zxid: number, err = 0, conn = 1, body: Response | null = null): this {
    return this.send(request, conn).answer(zxid, err, conn, body);
  }

  send(request: Request, conn = 1): this {
    this.obs.sent(S, request.op === OpCode.setWatches ? -8 : this.xid++, request, conn, this.now++);
    return this;
  }

  answer(zxid: number, err = 0, conn = 1, body: Response | null = null): this {
    this.obs.answered(conn, BigInt(zxid), err, body, this.now++);
    return this;
  }

  event(type: number, path: string, zxid: number, conn = 1): this {
    this.obs.event(S, conn, BigInt(zxid), { type, state: 3, path }, this.now++);
    return this;
  }

  rule(): string | null {
    try {
      checkWatches(this.obs.bySession, timeline());
      return null;
    } catch (e) {
      if (e instanceof Violation) return e.rule;
      throw e;
    }
  }
}

const getData = (path: string, watch = true): Request => ({ op: OpCode.getData, path, watch });
const exists = (path: string): Request => ({ op: OpCode.exists, path, watch: true });
const ping: Request = { op: OpCode.ping };
const replay = (relativeZxid: number, lists: { data?: string[]; exist?: string[] }): Request => ({
  op: OpCode.setWatches, relativeZxid: BigInt(relativeZxid), dataWatches: lists.data ?? [], existWatches: lists.exist ?? [], childWatches: [],
});

describe('ensemble watch rules', () => {
  it('passes a data watch whose event comes before the reply that shows the change', () => {
    expect(new Script().call(getData('/a'), 2).event(EventType.NodeDataChanged, '/a', 5).call(ping, 6).rule()).toBeNull();
  });

  it('names watch-event-missing when a reply past the change comes first', () => {
    expect(new Script().call(getData('/a'), 2).call(ping, 6).rule()).toBe('watch-event-missing');
  });

  it('follows the session to another connection: the replay must fire what changed since', () => {
    const replayed = new Script().call(getData('/a'), 2).call(ping, 3, 0, 1)
      .call(replay(3, { data: ['/a'] }), 6, 0, 2);
    expect(replayed.rule()).toBe('watch-event-missing');
    const fired = new Script().call(getData('/a'), 2).call(ping, 3, 0, 1)
      .event(EventType.NodeDataChanged, '/a', 6, 2).call(replay(3, { data: ['/a'] }), 6, 0, 2);
    expect(fired.rule()).toBeNull();
  });

  it('excuses an exist watch whose node came and went before the replay saw it', () => {
    const s = new Script().call(exists('/b'), 2, -101).call(ping, 2).call(replay(2, { exist: ['/b'] }), 6, 0, 2).call(ping, 7, 0, 2);
    expect(s.rule()).toBeNull();
  });

  it('accepts the second NodeDeleted a replay gives a deleted node named in two of its lists', () => {
    const twice = (conn: number) => new Script().call(getData('/a'), 2).call({ op: OpCode.getChildren, path: '/a', watch: true }, 2).call(ping, 3)
      .send({ ...replay(3, { data: ['/a'] }), childWatches: ['/a'] } as Request, 2)
      .event(EventType.NodeDeleted, '/a', 9, 2).event(EventType.NodeDeleted, '/a', 9, conn).answer(9, 0, 2);
    expect(twice(2).rule()).toBeNull();
    expect(twice(1).rule()).toBe('watch-event-unexpected');
  });

  it('names watch-event-unexpected for a one-shot watch that fires twice', () => {
    const s = new Script().call(getData('/a'), 2).event(EventType.NodeDataChanged, '/a', 5).event(EventType.NodeDeleted, '/a', 9);
    expect(s.rule()).toBe('watch-event-unexpected');
  });

  it('names watch-event-spurious for an event no committed txn caused', () => {
    expect(new Script().call(getData('/a'), 5).event(EventType.NodeDataChanged, '/a', 6).rule()).toBe('watch-event-spurious');
  });

  it('owes nothing for a watch removed before the change', () => {
    const s = new Script().call(getData('/a'), 2).call({ op: OpCode.removeWatches, path: '/a', type: 2 }, 3).call(ping, 9);
    expect(s.rule()).toBeNull();
  });
});

const ruleOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof Violation) return e.rule;
    throw e;
  }
};

describe('ensemble read rule', () => {
  it('names read-state for a read that shows what the committed history never held at its zxid', () => {
    const obs = new ClientObservations();
    obs.sent(S, 1, { op: OpCode.exists, path: '/a', watch: false }, 1, 0);
    obs.answered(1, 0n, -101, null, 1);
    obs.sent(S, 2, getData('/zookeeper', false), 1, 2);
    obs.answered(1, 0n, -101, null, 3);
    const reads = new ReadRules(obs.requests);
    expect(ruleOf(() => reads.before(Infinity, new ZkModel(false)))).toBe('read-state');
    expect(reads.checked).toBe(1);
  });
});

describe('ensemble write linearizability', () => {
  const create = (path: string): Request => ({ op: OpCode.create, path, data: null, acl: [], flags: 0 });

  it('names write-not-linearizable for two creates of one key both answered OK, one after the other', () => {
    const obs = new ClientObservations();
    obs.sent(S, 1, create('/k'), 1, 0);
    obs.answered(1, 1n, 0, { op: OpCode.create, path: '/k' }, 1);
    obs.sent(S, 2, create('/k'), 1, 2);
    obs.answered(1, 2n, 0, { op: OpCode.create, path: '/k' }, 3);
    expect(ruleOf(() => new WriteLinearizability(obs).check())).toBe('write-not-linearizable');
  });

  it('counts a key whose creates race and one wins', () => {
    const obs = new ClientObservations();
    obs.sent(S, 1, create('/k'), 1, 0);
    obs.sent(8n, 1, create('/k'), 2, 0);
    obs.answered(2, 2n, -110, null, 2);
    obs.answered(1, 1n, 0, { op: OpCode.create, path: '/k' }, 3);
    expect(new WriteLinearizability(obs).check()).toEqual({ keys: 1, inconclusive: 0 });
  });
});

describe('ensemble rules in runs', () => {
  it('judges reads, finds register keys linearizable, and matches events to watches on clean seeds', () => {
    const r = runEnsembleSeed(11, { steps: 1500 });
    expect(r.violation).toBeNull();
    expect(r.counts.readsJudged).toBeGreaterThan(0);
    expect(r.counts.linearizableKeys).toBeGreaterThan(0);
    expect(r.counts.watchEvents).toBeGreaterThan(0);
  });
});
