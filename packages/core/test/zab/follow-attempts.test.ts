/**
 * FOLLOWERINFO, LEADERINFO and ACKEPOCH belong to one follow attempt. One long-lived connection
 * carries every attempt of a learner (ZooKeeper opens a socket per attempt), so an answer meant
 * for an attempt the learner gave up can arrive during the next one. Found by ensemble sim seed
 * 3148: a LEADERINFO held on a slow link reached the learner's next attempt, which promised the
 * stale epoch, and the leader took that ACKEPOCH for its new epoch.
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, Server, type Input, type Output, type PeerMessage } from '../../src/index';
import { encodeSnapshot } from '../../src/snapshot/snapshot-codec';
import { DataTree } from '../../src/tree/data-tree';

const ENSEMBLE = [1, 2, 3].map((id) => ({ id, observer: false }));

/** One server of a three-voter ensemble, its peers played by the test. */
class Peer {
  readonly server: Server;
  outputs: Output[] = [];

  constructor(id: number) {
    this.server = Server.bootstrap(defaultCoreConfig({ serverId: id, ensemble: ENSEMBLE, startWallMs: 1_700_000_000_000 }));
    this.feed({ type: 'clock', wallMs: 1_700_000_000_000 });
    for (const other of [1, 2, 3]) if (other !== id) this.feed({ type: 'peer-connected', peer: other });
  }

  feed(input: Input): Output[] {
    const out = this.server.step(input);
    this.outputs.push(...out);
    return out;
  }

  from(peer: number, message: PeerMessage): Output[] {
    return this.feed({ type: 'peer-message', from: peer, message });
  }

  /** Messages sent to `to` since the last call, and the epoch writes asked for. */
  take(to: number): { sent: PeerMessage[]; epochs: string[] } {
    const sent = this.outputs.flatMap((o) => (o.type === 'peer-send' && o.to === to ? [o.message] : []));
    const epochs = this.outputs.flatMap((o) => (o.type === 'persist-epoch' ? [`${o.name}=${o.epoch}`] : []));
    this.outputs = [];
    return { sent, epochs };
  }
}

/** Tells server `p` that 2 follows 3 and 3 leads (round 1): it joins leader 3. */
function joinLeader3(p: Peer): void {
  const vote = { leader: 3, zxid: 0, peerEpoch: 0 };
  p.from(2, { type: 'notification', vote, electionEpoch: 1, state: 'following' });
  p.from(3, { type: 'notification', vote, electionEpoch: 1, state: 'leading' });
}

describe('follow attempts', () => {
  it('a learner ignores a LEADERINFO answering an earlier attempt, and whatever else precedes its own', () => {
    const p = new Peer(1);
    joinLeader3(p);
    const first = p.take(3).sent.find((m) => m.type === 'followerinfo');
    expect(first).toMatchObject({ type: 'followerinfo', attempt: 1 });
    // The leader's answer is slow: the learner gives up after initLimit ticks and joins again.
    for (let i = 0; i <= 11; i++) p.feed({ type: 'tick' });
    expect(p.server.inspect().role).toBe('looking');
    joinLeader3(p);
    expect(p.take(3).sent.filter((m) => m.type === 'followerinfo')).toEqual([
      { type: 'followerinfo', acceptedEpoch: 0, observer: false, attempt: 2 },
    ]);
    // The first attempt's LEADERINFO (and a sync that followed it) arrive now, before ours.
    p.from(3, { type: 'leaderinfo', newEpoch: 1, attempt: 1 });
    p.from(3, { type: 'diff', zxid: 0 });
    expect(p.take(3)).toEqual({ sent: [], epochs: [] });
    expect(p.server.inspect().role).toBe('follower');
    p.from(3, { type: 'leaderinfo', newEpoch: 2, attempt: 2 });
    expect(p.take(3)).toEqual({ sent: [], epochs: ['acceptedEpoch=2'] });
    p.feed({ type: 'epoch-persisted', name: 'acceptedEpoch', epoch: 2 });
    expect(p.take(3).sent).toEqual([{ type: 'ackepoch', currentEpoch: 0, lastZxid: 0, attempt: 2 }]);
    // The sync for epoch 2 goes through: NEWLEADER(2) is what it promised.
    p.from(3, { type: 'diff', zxid: 0 });
    p.from(3, { type: 'newleader', zxid: 2 * 2 ** 32 });
    expect(p.take(3).epochs).toEqual(['currentEpoch=2']);
    p.feed({ type: 'epoch-persisted', name: 'currentEpoch', epoch: 2 });
    expect(p.take(3).sent).toEqual([{ type: 'ack', zxid: 2 * 2 ** 32 }]);
  });

  it('a leader echoes the attempt in LEADERINFO and ignores an ACKEPOCH of another attempt', () => {
    const p = new Peer(3);
    const vote = { leader: 3, zxid: 0, peerEpoch: 0 };
    p.from(1, { type: 'notification', vote, electionEpoch: 1, state: 'looking' });
    p.from(2, { type: 'notification', vote, electionEpoch: 1, state: 'looking' });
    expect(p.server.inspect().role).toBe('leader');
    p.take(1);
    p.from(1, { type: 'followerinfo', acceptedEpoch: 0, observer: false, attempt: 7 });
    expect(p.take(1)).toEqual({ sent: [{ type: 'leaderinfo', newEpoch: 1, attempt: 7 }], epochs: ['acceptedEpoch=1'] });
    p.feed({ type: 'epoch-persisted', name: 'acceptedEpoch', epoch: 1 });
    p.from(1, { type: 'ackepoch', currentEpoch: 0, lastZxid: 0, attempt: 6 });
    expect(p.take(1)).toEqual({ sent: [], epochs: [] });
    p.from(1, { type: 'ackepoch', currentEpoch: 0, lastZxid: 0, attempt: 7 });
    const { sent, epochs } = p.take(1);
    expect(epochs).toEqual(['currentEpoch=1']);
    expect(sent.map((m) => m.type)).toEqual(['diff', 'newleader']);
  });
  it('a learner stages the chunks of its own attempt\'s SNAP, ignores those of another attempt, and installs at the end', () => {
    const p = new Peer(1);
    joinLeader3(p);
    p.take(3);
    p.from(3, { type: 'leaderinfo', newEpoch: 1, attempt: 1 });
    p.feed({ type: 'epoch-persisted', name: 'acceptedEpoch', epoch: 1 });
    expect(p.take(3).sent).toEqual([{ type: 'ackepoch', currentEpoch: 0, lastZxid: 0, attempt: 1 }]);
    const tree = new DataTree();
    tree.lastZxid = 7;
    const bytes = encodeSnapshot(tree, [{ id: 5n, timeoutMs: 4000 }]).reduce((a, b) => new Uint8Array([...a, ...b]));
    const half = Math.floor(bytes.length / 2);
    const stage = (out: Output[]) => out.flatMap((o) => (o.type.startsWith('install-snapshot') ? [o] : []));
    expect(stage(p.from(3, { type: 'snap', zxid: 7, attempt: 1 }))).toEqual([]);
    expect(stage(p.from(3, { type: 'snap-chunk', attempt: 1, bytes: bytes.subarray(0, half) }))).toEqual([
      { type: 'install-snapshot-piece', zxid: 7, index: 0, bytes: bytes.subarray(0, half) },
    ]);
    // A chunk and an end of another attempt's stream change nothing.
    const untraced = (out: Output[]) => out.filter((o) => o.type !== 'trace');
    expect(untraced(p.from(3, { type: 'snap-chunk', attempt: 9, bytes: new Uint8Array([1, 2, 3]) }))).toEqual([]);
    expect(untraced(p.from(3, { type: 'snap-end', attempt: 9 }))).toEqual([]);
    expect(stage(p.from(3, { type: 'snap-chunk', attempt: 1, bytes: bytes.subarray(half) }))).toHaveLength(1);
    expect(stage(p.from(3, { type: 'snap-end', attempt: 1 }))).toEqual([{ type: 'install-snapshot', zxid: 7 }]);
    expect(p.server.inspect().lastZxid).toBe(7);
    // A proposal in the middle of a SNAP is a broken stream: the learner gives up and drops what it staged.
    const q = new Peer(1);
    joinLeader3(q);
    q.from(3, { type: 'leaderinfo', newEpoch: 1, attempt: 1 });
    q.feed({ type: 'epoch-persisted', name: 'acceptedEpoch', epoch: 1 });
    q.from(3, { type: 'snap', zxid: 7, attempt: 1 });
    q.from(3, { type: 'snap-chunk', attempt: 1, bytes: bytes.subarray(0, half) });
    expect(stage(q.from(3, { type: 'proposal', zxid: 8, txn: new Uint8Array(0) }))).toEqual([{ type: 'install-snapshot-abort', zxid: 7 }]);
    expect(q.server.inspect().role).toBe('looking');
  });
});
