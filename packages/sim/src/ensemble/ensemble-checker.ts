/**
 * Safety rules of an ensemble run, each failure naming its rule. It watches every member after
 * each of its steps and every reply a client receives:
 *
 * - `replica-disagreement`: a zxid two members consider committed is the same txn on both
 *   (compared in the log as issued, so even before it is durable);
 * - `committed-txn-truncated`: a TRUNC never removes a txn known committed;
 * - `applied-zxid-regressed`: a member's applied zxid only grows (until it restarts);
 * - `digest-mismatch`: members (or one member at different times) at equal applied zxids have
 *   equal tree digests;
 * - `two-leaders-in-epoch`: at most one serving leader per epoch;
 * - `ephemeral-outlived-session`: every ephemeral's owner is a session its replica holds live;
 * - `session-zxid-regressed`: the zxids one session's replies carry never go back, across
 *   connections and servers (ZooKeeper refuses a reconnect to a server behind the client);
 * - `committed-without-quorum`: when a txn is first seen committed, a majority of voters hold
 *   it durably (a leader counts an ACK only after the follower's fsync, its own after its own);
 * - `acked-write-lost`: every write answered OK is, at the end, committed at the zxid its reply
 *   named, carrying that session and xid.
 * - `watch-event-order`: one connection's watch events come in zxid order, and never after a
 *   reply that already reflects a later state than the event's txn (ZooKeeper delivers a txn's
 *   events before any reply served after it).
 * - `read-your-writes`: a read is never served at a zxid below a write the session was answered OK.
 * - `reply-*`, `write-without-txn`, `txn-without-request`, `committed-history-gap`: every write's
 *   reply against the standalone model replayed in commit order ({@link CommitOrderModel});
 * - at the end, over what the clients saw ({@link ClientObservations}): `read-state` (every read
 *   is the committed state at its reply's zxid, `read-rules.ts`), `watch-event-missing`,
 *   `watch-event-unexpected`, `watch-event-spurious` (`watch-rules.ts`) and
 *   `write-not-linearizable` (`write-linearizability.ts`).
 * Per-session FIFO (replies in xid order per connection) is the client's own `client-xid-order`.
 */
import { decodeTxnEntry, type LogRecord, type ServerInspection } from '@paddock/core';
import { ErrorCode, OpCode, type Request, type Response, type WatcherEvent } from '@paddock/protocol';
import { bytesHash } from '../describe';
import { violation } from '../check/violation';
import { ClientObservations } from './client-observations';
import { CommitOrderModel } from './commit-order-model';
import { CommittedTimeline } from './committed-timeline';
import type { EnsembleCounts } from './ensemble-counts';
import { JUDGED_READS, ReadRules } from './read-rules';
import type { ReplicaDisk } from './replica-disk';
import { checkWatches } from './watch-rules';
import { WriteLinearizability } from './write-linearizability';

/** A txn some member considered committed, as first seen. */
interface CommittedTxn {
  readonly hash: string;
  readonly payload: Uint8Array;
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly server: number;
}

/** An OK reply to a write: its txn must survive. */
interface AckedWrite {
  readonly sessionId: bigint;
  readonly xid: number;
  readonly zxid: number;
  readonly server: number;
}

const WRITE_OPS: ReadonlySet<number> = new Set([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.setData,
  OpCode.setACL, OpCode.check, OpCode.multi, OpCode.closeSession,
]);

const hex = (n: bigint | number): string => `0x${n.toString(16)}`;
const requestKey = (sessionId: bigint, xid: number): string => `${sessionId}:${xid}`;

/** The ensemble's safety checker. */
export class EnsembleChecker {
  private readonly committed = new Map<number, CommittedTxn>();
  private readonly checkedUpTo = new Map<number, number>();
  private readonly applied = new Map<number, number>();
  private readonly digestAt = new Map<number, { digest: number; server: number }>();
  private readonly leaderOfEpoch = new Map<number, number>();
  private readonly sessionZxid = new Map<bigint, bigint>();
  /** Per session, the zxid of the last write it was answered OK. */
  private readonly sessionWrote = new Map<bigint, bigint>();
  private readonly observations = new ClientObservations();
  private readonly clientCloses = new Set<string>();
  /** Per connection: the last event's zxid and the last reply's. */
  private readonly connZxids = new Map<number, { event: bigint; reply: bigint }>();
  readonly acked: AckedWrite[] = [];

  /** `voterDisks`: the disk of every voter, for the quorum durability rule. */
  private readonly model: CommitOrderModel;

  constructor(private readonly counts: EnsembleCounts, private readonly voterDisks: readonly ReplicaDisk[], extendedTypesEnabled: boolean) {
    this.model = new CommitOrderModel(extendedTypesEnabled);
  }

  /** A member restarted: its applied zxid starts over and its log is compared afresh. */
  restarted(server: number): void {
    this.applied.delete(server);
    this.checkedUpTo.delete(server);
  }

  /** Whole-member checks after one of its steps; `log` is its log as issued. */
  afterStep(server: number, info: ServerInspection, log: readonly LogRecord[]): void {
    const last = this.applied.get(server) ?? -1;
    if (info.lastZxid < last) violation('applied-zxid-regressed', `server ${server} applied ${hex(info.lastZxid)} after ${hex(last)}`);
    this.applied.set(server, info.lastZxid);
    const seen = this.digestAt.get(info.lastZxid);
    if (!seen) this.digestAt.set(info.lastZxid, { digest: info.digest, server });
    else if (seen.digest !== info.digest) {
      violation('digest-mismatch', `at zxid ${hex(info.lastZxid)} server ${server} has digest ${info.digest}, server ${seen.server} had ${seen.digest}`);
    }
    if (info.role === 'leader' && info.serving) {
      const other = this.leaderOfEpoch.get(info.currentEpoch);
      if (other === undefined) this.leaderOfEpoch.set(info.currentEpoch, server);
      else if (other !== server) violation('two-leaders-in-epoch', `servers ${other} and ${server} both led epoch ${info.currentEpoch}`);
    }
    const live = new Set(info.sessions.map((s) => s.id));
    for (const [owner, paths] of info.ephemerals) {
      if (!live.has(owner)) violation('ephemeral-outlived-session', `server ${server} holds ${paths.join(',')} of session ${hex(owner)}, which it does not hold live`);
    }
    this.compareCommitted(server, info.committedZxid, log);
  }

  /** A member was told to truncate its log after `zxid`. */
  truncating(server: number, zxid: number, log: readonly LogRecord[]): void {
    for (const r of log) {
      if (r.zxid <= zxid) continue;
      const c = this.committed.get(r.zxid);
      if (c && c.hash === bytesHash(r.payload)) {
        violation('committed-txn-truncated', `server ${server} truncates to ${hex(zxid)}, dropping committed txn ${hex(r.zxid)} (committed as seen on server ${c.server})`);
      }
    }
    const checked = this.checkedUpTo.get(server);
    if (checked !== undefined && checked > zxid) this.checkedUpTo.set(server, zxid);
  }

  /** A client sent a request on `conn`: writes are judged at the end; its own closeSessions tell them from expiries. */
  requestSent(sessionId: bigint, xid: number, request: Request, conn: number, nowMs: number): void {
    this.observations.sent(sessionId, xid, request, conn, nowMs);
    if (request.op === OpCode.closeSession) this.clientCloses.add(requestKey(sessionId, xid));
    if (WRITE_OPS.has(request.op)) this.model.writeSent(sessionId, xid, request);
  }

  /** A reply reached the client of session `sessionId` on `conn`. */
  reply(server: number, sessionId: bigint, op: number, xid: number, zxid: bigint, err: number, body: Response | null, conn: number, nowMs: number): void {
    this.observations.answered(conn, zxid, err, body, nowMs);
    if (sessionId === 0n) return;
    if (WRITE_OPS.has(op)) this.model.writeAnswered(sessionId, xid, err, body, server);
    const wrote = this.sessionWrote.get(sessionId) ?? 0n;
    if (JUDGED_READS.has(op) && zxid < wrote) {
      violation('read-your-writes', `session ${hex(sessionId)} xid ${xid} read at ${hex(zxid)} from server ${server} after its write at ${hex(wrote)} was answered OK`);
    }
    const before = this.sessionZxid.get(sessionId) ?? 0n;
    if (zxid < before) violation('session-zxid-regressed', `session ${hex(sessionId)} got zxid ${hex(zxid)} from server ${server} after seeing ${hex(before)}`);
    this.sessionZxid.set(sessionId, zxid);
    if (WRITE_OPS.has(op) && err === ErrorCode.OK) {
      if (zxid > wrote) this.sessionWrote.set(sessionId, zxid);
      this.acked.push({ sessionId, xid, zxid: Number(zxid), server });
      this.counts.ackedWrites++;
    }
  }

  /** A watch event reached the client of session `sessionId` on `conn`. */
  event(server: number, conn: number, sessionId: bigint, zxid: bigint, e: WatcherEvent, nowMs: number): void {
    this.observations.event(sessionId, conn, zxid, e, nowMs);
    const path = e.path;
    const seen = this.connZxids.get(conn) ?? { event: -1n, reply: -1n };
    if (zxid < seen.event) violation('watch-event-order', `c${conn} (server ${server}) got an event for ${path} at ${hex(zxid)} after one at ${hex(seen.event)}`);
    if (zxid < seen.reply) violation('watch-event-order', `c${conn} (server ${server}) got an event for ${path} at ${hex(zxid)} after a reply at ${hex(seen.reply)}`);
    this.connZxids.set(conn, { ...seen, event: zxid });
    this.counts.watchEvents++;
  }

  /** Notes a reply's zxid on `conn`, for the event order rule. */
  replyOnConnection(conn: number, zxid: bigint): void {
    const seen = this.connZxids.get(conn) ?? { event: -1n, reply: -1n };
    if (zxid > seen.reply) this.connZxids.set(conn, { ...seen, reply: zxid });
  }

  /**
   * The end: every write's reply is what the model says in commit order (see
   * {@link CommitOrderModel}), every read the state at its zxid, the watch guarantees hold, and
   * every register key's writes are linearizable.
   */
  checkReplies(): void {
    const timeline = new CommittedTimeline();
    const reads = new ReadRules(this.observations.requests);
    const writes = new WriteLinearizability(this.observations);
    this.model.check(new Map([...this.committed].map(([zxid, c]) => [zxid, c.payload])), [timeline, reads, writes]);
    this.counts.readsJudged += reads.checked;
    checkWatches(this.observations.bySession, timeline);
    const lin = writes.check();
    this.counts.linearizableKeys += lin.keys;
    this.counts.linearizabilityInconclusive += lin.inconclusive;
  }

  /** The end: every acknowledged write is committed, as answered, at or below `committedZxid`. */
  checkAcked(committedZxid: number): void {
    for (const a of this.acked) {
      const c = this.committed.get(a.zxid);
      const what = `session ${hex(a.sessionId)} xid ${a.xid} answered OK by server ${a.server} at ${hex(a.zxid)}`;
      if (!c || a.zxid > committedZxid) violation('acked-write-lost', `${what}, but ${hex(a.zxid)} is not in the final committed history`);
      if (c.sessionId !== a.sessionId || c.cxid !== a.xid) {
        violation('acked-write-lost', `${what}, but the committed txn there is session ${hex(c.sessionId)} xid ${c.cxid}`);
      }
    }
  }

  private compareCommitted(server: number, committedZxid: number, log: readonly LogRecord[]): void {
    const from = this.checkedUpTo.get(server) ?? -1;
    if (committedZxid <= from) return;
    for (let i = firstAfter(log, from); i < log.length && log[i]!.zxid <= committedZxid; i++) this.compareOne(server, log[i]!);
    this.checkedUpTo.set(server, committedZxid);
  }

  private compareOne(server: number, r: LogRecord): void {
    const hash = bytesHash(r.payload);
    const c = this.committed.get(r.zxid);
    if (c) {
      if (c.hash !== hash) violation('replica-disagreement', `committed txn ${hex(r.zxid)} differs: server ${c.server} has ${c.hash}, server ${server} has ${hash}`);
      return;
    }
    const holders = this.voterDisks.filter((d) => d.durablyHolds(r.zxid, (p) => bytesHash(p) === hash)).length;
    if (2 * holders <= this.voterDisks.length) {
      violation('committed-without-quorum', `server ${server} holds txn ${hex(r.zxid)} committed, but only ${holders} of ${this.voterDisks.length} voters have it durably`);
    }
    const { header, txn } = decodeTxnEntry(r.payload);
    this.committed.set(r.zxid, { hash, payload: r.payload, sessionId: header.sessionId, cxid: header.cxid, server });
    if (txn.type === 'closeSession') {
      if (this.clientCloses.has(requestKey(header.sessionId, header.cxid))) this.counts.clientCloses++;
      else this.counts.expiries++;
    } else if (txn.type === 'createSession') {
      this.counts.sessionsCreated++;
    }
  }
}

/** The index of the first record with a zxid above `zxid` (records ascend). */
function firstAfter(log: readonly LogRecord[], zxid: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid]!.zxid <= zxid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
