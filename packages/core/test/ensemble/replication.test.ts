import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@paddock/protocol';
import { create, enc } from '../driver';
import { Ensemble, OpCode } from './ensemble';

const setData = (path: string, data: string) => ({ op: OpCode.setData, path, data: enc(data), version: -1 }) as const;

function digestsAgree(e: Ensemble, ids: readonly number[]): void {
  const views = ids.map((id) => ({ id, zxid: e.inspect(id).lastZxid, digest: e.inspect(id).digest }));
  expect(new Set(views.map((v) => `${v.zxid}/${v.digest}`)).size, JSON.stringify(views)).toBe(1);
}

describe('ensemble: election and broadcast', () => {
  it('elects a leader and replicates writes to every server', () => {
    const e = new Ensemble([1, 2, 3]);
    expect(e.elect()).toBe(3);
    for (const id of [1, 2]) expect(e.inspect(id).role).toBe('follower');
    const { conn } = e.connect(1);
    expect(e.call(1, conn, create('/a', 'one')).err).toBe(ErrorCode.OK);
    expect(e.call(1, conn, setData('/a', 'two')).err).toBe(ErrorCode.OK);
    for (const id of [1, 2, 3]) expect(e.read(id, '/a')).toBe('two');
    digestsAgree(e, [1, 2, 3]);
  });

  it('runs a five-server ensemble with writes from every server', () => {
    const e = new Ensemble([1, 2, 3, 4, 5]);
    expect(e.elect()).toBe(5);
    for (const id of [1, 2, 3, 4, 5]) {
      const { conn } = e.connect(id);
      expect(e.call(id, conn, create(`/from-${id}`, `${id}`)).err).toBe(ErrorCode.OK);
    }
    for (const id of [1, 2, 3, 4, 5]) expect(e.server(id).paths().filter((p) => p.startsWith('/from-'))).toHaveLength(5);
    digestsAgree(e, [1, 2, 3, 4, 5]);
  });

  it('elects the server with the highest zxid after the leader dies', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.call(3, conn, create('/x', '0'));
    // Server 2 misses later writes; 1 and 3 commit them.
    e.partition([2], [1, 3]);
    e.run();
    e.call(3, conn, setData('/x', '1'));
    e.crash(3);
    e.heal();
    e.run();
    e.tickUntil(() => e.leaderId() !== null && e.inspect(2).serving);
    expect(e.leaderId()).toBe(1);
    expect(e.read(2, '/x')).toBe('1');
  });

  it('commits strictly after a quorum is durable: the leader counts its own ACK only after its fsync', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    e.partition([2], [1, 3]);
    e.run();
    const { conn } = e.connect(3);
    e.node(3).diskHeld = true;
    const xid = e.send(3, conn, create('/held'));
    e.run();
    // Follower 1 ACKed; the leader has not fsynced: one durable copy is no quorum of three.
    expect(e.take(3, conn).some((r) => r.kind === 'reply' && r.xid === xid)).toBe(false);
    expect(e.server(1).readNode('/held')).toBeNull();
    e.node(3).diskHeld = false;
    e.run();
    expect(e.take(3, conn)).toContainEqual(expect.objectContaining({ kind: 'reply', xid, err: ErrorCode.OK }));
    expect(e.server(1).readNode('/held')).not.toBeNull();
  });

  it('a follower ACKs a proposal only once it is durable', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    e.partition([2], [1, 3]);
    e.run();
    e.node(1).diskHeld = true;
    const { conn } = e.connect(3);
    const xid = e.send(3, conn, create('/p'));
    e.run();
    expect(e.network.delivered.some((m) => m.from === 1 && m.message.type === 'ack' && (m.message.zxid & 0xffffffff) > 1)).toBe(false);
    expect(e.take(3, conn).some((r) => r.kind === 'reply' && r.xid === xid)).toBe(false);
    e.node(1).diskHeld = false;
    e.run();
    expect(e.take(3, conn)).toContainEqual(expect.objectContaining({ kind: 'reply', xid, err: ErrorCode.OK }));
  });

  it('serves a session FIFO on a follower: a read after its own write sees it', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(2);
    const w = e.send(2, conn, create('/fifo', 'v'));
    const r = e.send(2, conn, { op: OpCode.getData, path: '/fifo', watch: false });
    e.run();
    const got = e.take(2, conn).filter((x) => x.kind === 'reply');
    expect(got.map((x) => x.kind === 'reply' && x.xid)).toEqual([w, r]);
    expect(got[1]).toMatchObject({ err: ErrorCode.OK });
  });

  it('answers sync on a follower through the leader', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const a = e.connect(1).conn;
    const b = e.connect(2).conn;
    e.send(1, a, create('/s', 'x'));
    const xid = e.send(2, b, { op: OpCode.sync, path: '/s' });
    e.run();
    const reply = e.take(2, b).find((x) => x.kind === 'reply' && x.xid === xid);
    expect(reply).toMatchObject({ err: ErrorCode.OK, body: { path: '/s' } });
    expect(e.network.delivered.filter((m) => m.message.type === 'sync').map((m) => [m.from, m.to])).toEqual([[2, 3], [3, 2]]);
    expect(e.read(2, '/s')).toBe('x');
  });

  it('sync makes a lagging follower catch up before the session reads on', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const a = e.connect(1).conn;
    const b = e.connect(2).conn;
    // The leader's link to follower 1 is slow: 2 and 3 commit without it.
    e.network.hold(3, 1);
    expect(e.call(2, b, create('/news', 'fresh')).err).toBe(ErrorCode.OK);
    expect(e.call(1, a, { op: OpCode.exists, path: '/news', watch: false }).err).toBe(ErrorCode.NoNode);
    const sync = e.send(1, a, { op: OpCode.sync, path: '/news' });
    const read = e.send(1, a, { op: OpCode.getData, path: '/news', watch: false });
    e.run();
    expect(e.take(1, a).filter((r) => r.kind === 'reply')).toEqual([]);
    e.network.release(3, 1);
    e.run();
    const replies = e.take(1, a).filter((r) => r.kind === 'reply');
    expect(replies.map((r) => r.kind === 'reply' && [r.xid, r.err])).toEqual([[sync, ErrorCode.OK], [read, ErrorCode.OK]]);
    expect(replies[1]).toMatchObject({ body: { data: enc('fresh') } });
  });

  it('rejects client connections while no leader is established', () => {
    const e = new Ensemble([1, 2, 3]);
    e.partition([1], [2, 3]);
    e.partition([2], [3]);
    e.tick(3);
    const { response } = e.connect(1);
    expect(response).toBeNull();
    expect(e.take(1, 1)).toContainEqual(expect.objectContaining({ kind: 'closed' }));
  });
});

describe('ensemble: recovery and sync', () => {
  it('a crashed follower restarts and catches up by DIFF', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.call(3, conn, create('/d', '0'));
    e.crash(1);
    e.run();
    for (let i = 1; i <= 5; i++) e.call(3, conn, setData('/d', `${i}`));
    e.restart(1);
    e.tickUntil(() => e.inspect(1).serving);
    expect(e.traces.some((t) => /server 3: leader syncs 1 by diff from 0x1000000/.test(t))).toBe(true);
    expect(e.read(1, '/d')).toBe('5');
    digestsAgree(e, [1, 2, 3]);
  });

  it('ZOOKEEPER-1154: a txn only the old leader logged is truncated when it rejoins (TRUNC+DIFF)', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.call(3, conn, create('/k', 'committed'));
    // Only the leader logs the next proposal: its followers never see it.
    e.partition([3], [1, 2]);
    e.send(3, conn, setData('/k', 'phantom'));
    e.run();
    expect(e.node(3).disk.loggedZxids).toHaveLength(3);
    for (const id of [1, 2, 3]) e.crash(id);
    e.heal();
    // The others elect without 3 and move on in a new epoch.
    e.restart(1);
    e.restart(2);
    e.tickUntil(() => e.leaderId() === 2 && e.inspect(1).serving);
    const c2 = e.connect(2).conn;
    e.call(2, c2, setData('/k', 'new-epoch'));
    e.restart(3);
    e.tickUntil(() => e.inspect(3).serving);
    expect(e.traces.some((t) => /server 2: leader syncs 3 by trunc\+diff/.test(t))).toBe(true);
    expect(e.node(3).disk.journal).toContainEqual(expect.objectContaining({ kind: 'truncate' }));
    for (const id of [1, 2, 3]) expect(e.read(id, '/k')).toBe('new-epoch');
    digestsAgree(e, [1, 2, 3]);
    // The phantom txn is gone from 3's durable log too.
    const phantom = e.node(3).disk.loggedZxids.filter((z) => Math.floor(z / 2 ** 32) === 1);
    expect(phantom).toHaveLength(2);
  });

  it('a learner ahead of the leader is cut back by a plain TRUNC', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.call(3, conn, create('/t'));
    e.partition([3], [1, 2]);
    e.send(3, conn, create('/t/phantom'));
    e.run();
    for (const id of [1, 2, 3]) e.crash(id);
    e.heal();
    e.restart(1);
    e.restart(2);
    e.tickUntil(() => e.leaderId() === 2 && e.inspect(1).serving);
    e.restart(3);
    e.tickUntil(() => e.inspect(3).serving);
    expect(e.traces.some((t) => /server 2: leader syncs 3 by trunc from/.test(t))).toBe(true);
    expect(e.server(3).readNode('/t/phantom')).toBeNull();
    digestsAgree(e, [1, 2, 3]);
  });

  it('a wiped follower gets SNAP when the leader no longer holds the txns it lacks', () => {
    const e = new Ensemble([1, 2, 3], { committedLogCount: 2 });
    e.elect();
    const { conn } = e.connect(3);
    for (let i = 0; i < 6; i++) e.call(3, conn, create(`/n${i}`, `${i}`));
    e.crash(1);
    e.node(1).disk.wipe();
    e.restart(1);
    e.tickUntil(() => e.inspect(1).serving);
    expect(e.traces.some((t) => /server 3: leader syncs 1 by snap/.test(t))).toBe(true);
    expect(e.node(1).disk.journal).toContainEqual(expect.objectContaining({ kind: 'snap' }));
    digestsAgree(e, [1, 2, 3]);
    // And it recovers from that snapshot alone.
    e.crash(1);
    e.restart(1);
    e.tickUntil(() => e.inspect(1).serving);
    expect(e.read(1, '/n5')).toBe('5');
  });

  it('ZOOKEEPER-4643: a syncing follower makes its txns durable, then currentEpoch, then ACKs NEWLEADER', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(3);
    e.crash(1);
    e.run();
    for (let i = 0; i < 3; i++) e.call(3, conn, create(`/e${i}`));
    // Leader 3 dies too; 2 leads epoch 2 and syncs 1 by DIFF with the three txns.
    e.crash(3);
    e.restart(1);
    e.node(1).diskHeld = 'log';
    e.tickUntil(() => e.network.delivered.some((m) => m.to === 1 && m.message.type === 'newleader' && m.message.zxid === 2 * 2 ** 32));
    expect(e.node(1).disk.hasPending).toBe(true);
    const newLeaderAcks = () => e.network.delivered.filter((m) => m.from === 1 && m.message.type === 'ack' && m.message.zxid === 2 * 2 ** 32);
    expect(newLeaderAcks()).toHaveLength(0);
    e.node(1).diskHeld = false;
    e.run();
    expect(newLeaderAcks()).toHaveLength(1);
    const journal = e.node(1).disk.journal;
    const lastTxn = journal.map((j) => j.kind).lastIndexOf('txn');
    const epochAt = journal.findIndex((j) => j.kind === 'currentEpoch' && j.epoch === 2);
    expect(lastTxn).toBeGreaterThan(0);
    expect(epochAt).toBeGreaterThan(lastTxn);
  });
});

describe('ensemble: failures', () => {
  it('fails over after the leader crashes and loses no acknowledged write', () => {
    const e = new Ensemble([1, 2, 3, 4, 5]);
    e.elect();
    const acked: string[] = [];
    const { conn } = e.connect(1);
    for (let i = 0; i < 10; i++) {
      const reply = e.call(1, conn, create(`/w${i}`));
      if (reply.err === ErrorCode.OK) acked.push(`/w${i}`);
    }
    e.crash(5);
    e.tickUntil(() => e.leaderId() !== null && [1, 2, 3, 4].every((id) => e.inspect(id).serving));
    expect(e.leaderId()).toBe(4);
    const c = e.connect(2).conn;
    e.call(2, c, create('/after'));
    for (const id of [1, 2, 3, 4]) for (const p of [...acked, '/after']) expect(e.server(id).readNode(p), `${p} on ${id}`).not.toBeNull();
    e.restart(5);
    e.tickUntil(() => e.inspect(5).serving);
    digestsAgree(e, [1, 2, 3, 4, 5]);
  });

  it('a new leader commits its whole history: a proposal only it had logged survives', () => {
    const e = new Ensemble([1, 2, 3, 4, 5]);
    e.elect();
    const { conn } = e.connect(5);
    e.call(5, conn, create('/h'));
    // Only the leader and follower 4 make the next proposal durable: no quorum of five.
    for (const id of [1, 2, 3]) e.node(id).diskHeld = true;
    const xid = e.send(5, conn, create('/h/only-on-4'));
    e.run();
    expect(e.take(5, conn).some((r) => r.kind === 'reply' && r.xid === xid)).toBe(false);
    for (const id of [1, 2, 3, 5]) e.crash(id);
    for (const id of [1, 2, 3]) {
      e.node(id).diskHeld = false;
      e.restart(id);
    }
    e.tickUntil(() => e.leaderId() !== null && [1, 2, 3, 4].every((id) => e.inspect(id).serving));
    // 4 has the highest zxid, so it leads, and its history becomes everyone's.
    expect(e.leaderId()).toBe(4);
    for (const id of [1, 2, 3, 4]) expect(e.server(id).readNode('/h/only-on-4'), `on ${id}`).not.toBeNull();
    digestsAgree(e, [1, 2, 3, 4]);
  });

  it('a leader partitioned from the majority steps down; the majority elects; no split brain', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const old = e.connect(3).conn;
    e.call(3, old, create('/base'));
    e.partition([3], [1, 2]);
    e.run();
    // The minority leader cannot commit: its client's write is never acknowledged.
    const lost = e.send(3, old, create('/minority'));
    e.run();
    let roles: string[] = [];
    for (let t = 0; t < 20; t++) {
      e.tick();
      roles = [1, 2, 3].map((id) => e.inspect(id).role);
      // At no moment do two servers both serve as leaders.
      expect([1, 2, 3].filter((id) => e.inspect(id).role === 'leader' && e.inspect(id).serving).length).toBeLessThanOrEqual(1);
    }
    expect(e.inspect(3).role).toBe('looking');
    expect(roles.slice(0, 2).sort()).toEqual(['follower', 'leader']);
    expect(e.take(3, old).filter((r) => r.kind === 'reply' && r.xid === lost)).toEqual([]);
    const c = e.connect(2).conn;
    e.call(2, c, create('/majority'));
    e.heal();
    e.tickUntil(() => e.inspect(3).serving);
    for (const id of [1, 2, 3]) {
      expect(e.server(id).readNode('/minority')).toBeNull();
      expect(e.server(id).readNode('/majority')).not.toBeNull();
    }
    digestsAgree(e, [1, 2, 3]);
  });

  it('a server that promised a higher epoch to a failed leader rejoins (found by the fault property)', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    e.crash(3);
    // 2 is elected by 1 and 2 but cannot make its epoch durable, so only 1 promises it.
    e.node(2).diskHeld = true;
    e.tick(14);
    e.crash(2);
    e.node(2).diskHeld = false;
    e.restart(2);
    e.restart(3);
    expect(e.inspect(1).acceptedEpoch).toBeGreaterThan(e.inspect(3).acceptedEpoch);
    e.tickUntil(() => e.leaderId() !== null && [1, 2, 3].every((id) => e.inspect(id).serving));
    expect(e.traces.some((t) => /promised epoch \d+, above our/.test(t))).toBe(true);
    const epochs = new Set([1, 2, 3].map((id) => e.inspect(id).currentEpoch));
    expect(epochs.size).toBe(1);
  });

  it('a learner ACKs an epoch only once its acceptedEpoch is durable, even when re-offered the same epoch (found by the fault property)', () => {
    const e = new Ensemble([1, 2, 3], { zxidCounterMax: 3 });
    e.elect();
    // Exhausting the zxid counter makes everyone re-elect 3, which proposes epoch 2; 1's disk
    // cannot take the promise, so 2 and 3 establish the epoch without it.
    e.node(1).diskHeld = true;
    const { conn } = e.connect(3);
    e.call(3, conn, create('/x'));
    e.send(3, conn, create('/y'));
    e.run();
    e.tickUntil(() => e.leaderId() === 3 && e.inspect(2).serving);
    expect(e.inspect(3).currentEpoch).toBe(2);
    expect(e.node(1).disk.hasPendingEpoch).toBe(true);
    // 1 loses its link and comes back: the leader offers it epoch 2 again.
    e.partition([1], [2, 3]);
    e.heal();
    const before = e.network.delivered.length;
    e.tick(3);
    const fromOne = e.network.delivered.slice(before).filter((m) => m.from === 1).map((m) => m.message.type);
    expect(fromOne).toContain('followerinfo');
    expect(fromOne).not.toContain('ackepoch');
    e.node(1).diskHeld = false;
    e.tickUntil(() => [1, 2, 3].every((id) => e.inspect(id).serving));
    expect(new Set([1, 2, 3].map((id) => e.inspect(id).currentEpoch))).toEqual(new Set([2]));
  });

  it('forces a new epoch when the zxid counter is exhausted, and carries on', () => {
    const e = new Ensemble([1, 2, 3], { zxidCounterMax: 4 });
    e.elect();
    const epoch = e.inspect(3).currentEpoch;
    let conn = e.connect(1).conn;
    let created = 0;
    for (let i = 0; i < 8; i++) {
      const xid = e.send(1, conn, create(`/c${i}`));
      e.run();
      const got = e.take(1, conn);
      if (got.some((r) => r.kind === 'reply' && r.xid === xid && r.err === ErrorCode.OK)) created++;
      if (!got.some((r) => r.kind === 'reply')) {
        e.tickUntil(() => e.leaderId() !== null && [1, 2, 3].every((id) => e.inspect(id).serving));
        conn = e.connect(1).conn;
      }
    }
    expect(created).toBeGreaterThanOrEqual(5);
    expect(e.inspect(e.leaderId()!).currentEpoch).toBeGreaterThan(epoch);
    for (const id of [1, 2, 3]) for (const z of e.node(id).disk.loggedZxids) expect(z % 2 ** 32).toBeLessThan(4);
    digestsAgree(e, [1, 2, 3]);
  });
});

describe('ensemble: global sessions', () => {
  it('the leader expires a silent session and its ephemerals vanish on every replica', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn, response } = e.connect(1, { timeOut: 4000 });
    e.call(1, conn, create('/eph', '', 1));
    for (const id of [1, 2, 3]) expect(e.server(id).readNode('/eph')?.stat.ephemeralOwner).toBe(response!.sessionId);
    e.tick(6);
    for (const id of [1, 2, 3]) {
      expect(e.server(id).readNode('/eph')).toBeNull();
      expect(e.inspect(id).sessions.map((s) => s.id)).not.toContain(response!.sessionId);
    }
    expect(e.take(1, conn)).toContainEqual(expect.objectContaining({ kind: 'closed' }));
  });

  it('a follower keeps its clients\' sessions alive through PING replies', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn, response } = e.connect(1, { timeOut: 4000 });
    e.call(1, conn, create('/alive', '', 1));
    for (let i = 0; i < 10; i++) {
      e.send(1, conn, { op: OpCode.exists, path: '/alive', watch: false });
      e.tick();
    }
    expect(e.inspect(3).sessions.map((s) => s.id)).toContain(response!.sessionId);
    for (const id of [1, 2, 3]) expect(e.server(id).readNode('/alive')).not.toBeNull();
  });

  it('closeSession is a txn: the ephemerals go everywhere', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const { conn } = e.connect(2);
    e.call(2, conn, create('/gone', '', 1));
    expect(e.call(2, conn, { op: OpCode.closeSession }).err).toBe(ErrorCode.OK);
    for (const id of [1, 2, 3]) expect(e.server(id).readNode('/gone')).toBeNull();
  });

  it('a session created on one server resumes on another after the leader revalidates it', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const first = e.connect(1);
    e.call(1, first.conn, create('/mine', '', 1));
    const { sessionId, passwd } = first.response!;
    const again = e.connect(2, { sessionId, passwd, lastZxidSeen: BigInt(e.inspect(1).lastZxid) });
    expect(again.response).toMatchObject({ sessionId });
    expect(e.network.delivered.filter((m) => m.message.type.startsWith('revalidate')).map((m) => [m.from, m.to, m.message.type])).toEqual([
      [2, 3, 'revalidate'], [3, 2, 'revalidate-reply'],
    ]);
    expect(e.call(2, again.conn, setData('/mine', 'moved')).err).toBe(ErrorCode.OK);
    // The stale connection on 1 may still read, but its writes are refused.
    expect(e.call(1, first.conn, setData('/mine', 'stale')).err).toBe(ErrorCode.SessionMoved);
    expect(e.read(3, '/mine')).toBe('moved');
  });

  it('a session resumed on the leader itself moves there too', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const first = e.connect(2);
    const { sessionId, passwd } = first.response!;
    expect(e.connect(3, { sessionId, passwd }).response).toMatchObject({ sessionId });
    expect(e.call(2, first.conn, create('/late')).err).toBe(ErrorCode.SessionMoved);
  });

  it('a learner refuses to resume a session the ensemble closed', () => {
    const e = new Ensemble([1, 2, 3]);
    e.elect();
    const first = e.connect(1);
    const { sessionId, passwd } = first.response!;
    e.call(1, first.conn, { op: OpCode.closeSession });
    const again = e.connect(2, { sessionId, passwd });
    expect(again.response).toMatchObject({ sessionId: 0n, timeOut: 0 });
  });
});

describe('ensemble: server-side cleanup', () => {
  it('only the leader collects an emptied container, as a txn every replica applies', () => {
    const e = new Ensemble([1, 2, 3], { containerCheckIntervalMs: 2000 });
    e.elect();
    const { conn } = e.connect(1, { timeOut: 40000 });
    e.call(1, conn, create('/box', '', 4, 19));
    e.call(1, conn, create('/box/item'));
    e.call(1, conn, { op: OpCode.delete, path: '/box/item', version: -1 });
    const before = e.inspect(3).lastZxid;
    e.tick(1);
    for (const id of [1, 2, 3]) expect(e.server(id).readNode('/box'), `on ${id}`).toBeNull();
    // One delete txn, proposed by the leader (session 0), applied everywhere.
    expect(e.inspect(3).lastZxid).toBe(before + 1);
    digestsAgree(e, [1, 2, 3]);
  });
});

describe('ensemble: observers', () => {
  it('an observer receives commits, serves clients, and never counts toward a quorum', () => {
    const e = new Ensemble([1, 2, 3], {}, [9]);
    e.elect();
    expect(e.inspect(9).role).toBe('observer');
    const { conn } = e.connect(9);
    expect(e.call(9, conn, create('/obs', 'seen')).err).toBe(ErrorCode.OK);
    for (const id of [1, 2, 3, 9]) expect(e.read(id, '/obs')).toBe('seen');
    expect(e.network.delivered.some((m) => m.from === 9 && m.message.type === 'ack' && m.message.zxid % 2 ** 32 !== 0)).toBe(false);
    expect(e.network.delivered.some((m) => m.to === 9 && m.message.type === 'inform')).toBe(true);
  });
});
