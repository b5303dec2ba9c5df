/**
 * SNAP streamed in chunks: the leader slices its snapshot across turns (`snapshot-slice`, as a
 * background snapshot is written) and sends each piece as it is written, holding the sync's
 * proposals and every later proposal and commit for that learner until `snap-end`. The learner
 * stages the pieces on disk and installs them at the end. A cut or a crash mid-stream starts
 * over cleanly.
 */
import { describe, expect, it } from 'vitest';
import type { CoreConfig, PeerMessage } from '../../src/index';
import { create, enc } from '../driver';
import { Ensemble, OpCode } from './ensemble';

/** The follower whose disk is wiped (the elected leader is 3: equal votes go to the largest id). */
const V = 1;

/** A wiped follower must be synced by SNAP: the leader keeps 3 committed txns only. */
const SNAP_CONFIG: Partial<CoreConfig> = { snapshotSliceNodes: 1, snapChunkBytes: 64 * 1024, committedLogCount: 3 };

/**
 * An established ensemble whose leader holds `nodes` znodes of `bytes` bytes, and server V
 * restarted with a wiped disk: it is about to be synced by SNAP.
 */
function wipedFollower(config: Partial<CoreConfig>, nodes: number, bytes: number): { e: Ensemble; leader: number; conn: number } {
  const e = new Ensemble([1, 2, 3], config);
  const leader = e.elect();
  expect(leader).not.toBe(V);
  const { conn } = e.connect(leader);
  for (let i = 0; i < nodes; i++) e.call(leader, conn, create(`/n${i}`, String(i).padStart(bytes, '.')));
  e.crash(V);
  e.node(V).disk.wipe();
  e.restart(V);
  return { e, leader, conn };
}

/** Steps until `done` holds. */
function stepUntil(e: Ensemble, done: () => boolean, what: string): void {
  for (let i = 0; i < 100_000; i++) {
    if (done()) return;
    if (!e.step()) break;
  }
  if (!done()) throw new Error(`never reached: ${what}`);
}

const toV = (e: Ensemble, type: PeerMessage['type']) => e.network.delivered.filter((m) => m.to === V && m.message.type === type);

function agree(e: Ensemble): void {
  const views = [1, 2, 3].map((id) => `${e.inspect(id).lastZxid}/${e.inspect(id).digest}`);
  expect(new Set(views).size, views.join(' ')).toBe(1);
}

describe('SNAP streamed in chunks', () => {
  it('streams a large tree in many chunks across slices while writes go on, then the writes made meanwhile, in order', () => {
    // 6 znodes of 400 kB: the snapshot is cut into 1 MiB chunks as it is sliced, then into 64 KiB messages.
    const { e, leader, conn } = wipedFollower(SNAP_CONFIG, 6, 400_000);
    stepUntil(e, () => toV(e, 'snap').length === 1, 'the SNAP begins');
    expect(e.server(leader).snapshotPending).toBe(true);
    // Writes while the snapshot is being sliced: the leader and the other follower commit them.
    e.send(leader, conn, create('/during-1', 'a'));
    e.send(leader, conn, { op: OpCode.setData, path: '/n0', data: enc('changed'), version: -1 });
    let chunksBeforeEnd = 0;
    stepUntil(e, () => {
      if (e.server(leader).snapshotPending) chunksBeforeEnd = toV(e, 'snap-chunk').length;
      return toV(e, 'snap-end').length === 1;
    }, 'the SNAP ends');
    // Chunks went out while the snapshot was still being written, not only at its end.
    expect(chunksBeforeEnd).toBeGreaterThan(0);
    const chunks = toV(e, 'snap-chunk');
    expect(chunks.length).toBeGreaterThan(30);
    for (const c of chunks) expect((c.message as { bytes: Uint8Array }).bytes.length).toBeLessThanOrEqual(64 * 1024);
    e.send(leader, conn, create('/during-2', 'b'));
    e.run();
    // Nothing else reached V between SNAP and its end: proposals were held behind the stream.
    const stream = e.network.delivered.filter((m) => m.to === V && m.from === leader).map((m) => m.message.type);
    const begin = stream.indexOf('snap');
    const end = stream.indexOf('snap-end');
    expect(stream.slice(begin + 1, end).every((t) => t === 'snap-chunk' || t === 'ping')).toBe(true);
    expect(stream.slice(end + 1)).toContain('proposal');
    expect(e.node(V).disk.piecesStaged).toBe(chunks.length);
    expect(e.node(V).disk.journal.filter((j) => j.kind === 'snap')).toHaveLength(1);
    expect(e.inspect(V).serving).toBe(true);
    expect(e.read(V, '/during-1')).toBe('a');
    expect(e.read(V, '/during-2')).toBe('b');
    expect(e.read(V, '/n0')).toBe('changed');
    expect(e.read(V, '/n5')?.length).toBe(400_000);
    agree(e);
  });

  it('a learner cut off mid-stream drops what it staged and starts over with a new SNAP', () => {
    const { e, leader, conn } = wipedFollower(SNAP_CONFIG, 6, 400_000);
    stepUntil(e, () => toV(e, 'snap-chunk').length > 0 && e.node(V).disk.snapStaged, 'a chunk is staged');
    e.send(leader, conn, create('/before-cut', 'x'));
    e.network.cut(leader, V);
    e.run();
    expect(e.node(V).disk.snapStaged).toBe(false);
    expect(e.inspect(V).serving).toBe(false);
    e.network.restore(leader, V);
    e.send(leader, conn, create('/after-cut', 'y'));
    e.tickUntil(() => e.inspect(V).serving);
    expect(toV(e, 'snap')).toHaveLength(2);
    expect(e.node(V).disk.journal.filter((j) => j.kind === 'snap')).toHaveLength(1);
    expect(e.read(V, '/before-cut')).toBe('x');
    expect(e.read(V, '/after-cut')).toBe('y');
    agree(e);
  });

  it('a learner that crashes at any step of the stream or its install recovers its own disk and is synced again', () => {
    const config: Partial<CoreConfig> = { snapshotSliceNodes: 1, snapChunkBytes: 100, committedLogCount: 3 };
    const probe = wipedFollower(config, 12, 20);
    const serving = () => probe.e.inspect(V).serving;
    let total = 0;
    stepUntil(probe.e, () => (total++, serving()), 'V serves');
    expect(toV(probe.e, 'snap-chunk').length).toBeGreaterThan(5);
    const crashed = { staging: 0, installing: 0 };
    for (let cut = 0; cut < total; cut++) {
      const { e, leader, conn } = wipedFollower(config, 12, 20);
      for (let i = 0; i < cut && e.step(); i++);
      const installed = e.node(V).disk.journal.some((j) => j.kind === 'snap');
      if (e.node(V).disk.snapStaged) crashed.staging++;
      if (!installed && toV(e, 'snap-end').length > 0) crashed.installing++;
      e.crash(V);
      // Recovery finds what was durable: nothing at all, or the whole installed snapshot.
      e.restart(V);
      expect(e.inspect(V).lastZxid === 0 || installed, `cut ${cut}`).toBe(true);
      e.call(leader, conn, create(`/after-${cut}`));
      e.tickUntil(() => e.inspect(V).serving);
      expect(e.read(V, `/after-${cut}`), `cut ${cut}`).toBe('');
      expect(e.read(V, '/n11'), `cut ${cut}`).not.toBeNull();
      agree(e);
    }
    // Some crashes fell in the middle of the stream, some after it before the install was durable.
    expect(crashed.staging).toBeGreaterThan(3);
    expect(crashed.installing).toBeGreaterThan(0);
  });
  it('a SNAP that finds an older snapshot being sliced (its txns gone from the history) waits for it, then streams a new one', () => {
    // A background snapshot every 2 txns, sliced one znode a turn, and 1 committed txn kept.
    const { e, leader, conn } = wipedFollower({ snapshotSliceNodes: 1, snapChunkBytes: 200, committedLogCount: 1, snapCount: 2 }, 10, 50);
    // The wiped member's FOLLOWERINFO waits until the leader has committed more txns while a
    // background snapshot of an earlier zxid is still being sliced.
    e.network.hold(V, leader);
    for (let i = 0; i < 6; i++) e.send(leader, conn, create(`/more-${i}`, 'm'));
    const leaderView = () => e.inspect(leader);
    stepUntil(e, () => e.server(leader).snapshotPending && leaderView().committedZxid === leaderView().lastZxid && leaderView().lastZxid % 2 ** 32 >= 17, 'the writes commit during a snapshot');
    e.network.release(V, leader);
    e.run();
    expect(e.traces.some((t) => t.includes(`leader's SNAP to ${V} waits for the snapshot being written`))).toBe(true);
    expect(e.inspect(V).serving).toBe(true);
    expect(e.read(V, '/more-5')).toBe('m');
    agree(e);
  });
});
