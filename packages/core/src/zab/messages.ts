/**
 * Messages between servers of an ensemble, as plain data. An adapter encodes them for its
 * transport; the core only needs them delivered in FIFO order per connection, with a
 * `peer-disconnected` input whenever one may have been lost (TCP's guarantee, which Zab
 * assumes: Zab paper §III, "reliable FIFO channels").
 *
 * `notification` is Fast Leader Election's message (ZooKeeper carries it on the election port);
 * every other kind is a QuorumPacket of the same name (`Leader.java` constants), lower-cased.
 */
import type { DecodedRequest, Id } from '@paddock/protocol';
import type { ServerState, Vote } from './vote';

/** A forwarded client write or session change, prepared into a txn by the leader. */
export interface ForwardedRequest {
  readonly sessionId: bigint;
  readonly cxid: number;
  /** The client's request, as decoded by the server holding its connection. */
  readonly request: DecodedRequest;
  /** The connection's identities, for the leader's ACL checks. */
  readonly authInfo: readonly Id[];
}

/** A session created on a learner: the leader turns it into a createSession txn. */
export interface ForwardedCreateSession {
  readonly sessionId: bigint;
  readonly timeoutMs: number;
}

export type PeerMessage =
  /** FLE: the sender's current proposal, its election round (logicalclock) and its state. */
  | { readonly type: 'notification'; readonly vote: Vote; readonly electionEpoch: number; readonly state: ServerState }
  /**
   * Discovery: a learner's acceptedEpoch (FOLLOWERINFO, or OBSERVERINFO for an observer).
   * `attempt` numbers the learner's follow attempts: LEADERINFO and ACKEPOCH echo it, because
   * one long-lived connection carries every attempt (ZooKeeper opens a socket per attempt), so
   * an answer to an earlier attempt can arrive during a later one.
   */
  | { readonly type: 'followerinfo'; readonly acceptedEpoch: number; readonly observer: boolean; readonly attempt: number }
  /** Discovery: the epoch the leader proposes, answering the learner's FOLLOWERINFO `attempt`. */
  | { readonly type: 'leaderinfo'; readonly newEpoch: number; readonly attempt: number }
  /** Discovery: the learner promised `newEpoch` (acceptedEpoch is durable) in `attempt`; its log's state. */
  | { readonly type: 'ackepoch'; readonly currentEpoch: number; readonly lastZxid: number; readonly attempt: number }
  /** Sync: txns follow as proposal+commit pairs; everything through `zxid` is committed. */
  | { readonly type: 'diff'; readonly zxid: number }
  /** Sync: discard every logged txn after `zxid`, then a diff follows. */
  | { readonly type: 'trunc'; readonly zxid: number }
  /**
   * Sync: the whole state is replaced by the leader's committed tree at `zxid`, whose bytes
   * follow as `snap-chunk`s and end with `snap-end` (the snapshot is sliced across the leader's
   * turns). `attempt` is the learner's follow attempt the stream belongs to, as in LEADERINFO.
   */
  | { readonly type: 'snap'; readonly zxid: number; readonly attempt: number }
  /** Sync: the next piece of the SNAP's snapshot bytes (at most `CoreConfig.snapChunkBytes`). */
  | { readonly type: 'snap-chunk'; readonly attempt: number; readonly bytes: Uint8Array }
  /** Sync: the SNAP's bytes are complete; the sync's proposals and NEWLEADER follow. */
  | { readonly type: 'snap-end'; readonly attempt: number }
  /** Sync is sent; ACK it once everything synced and currentEpoch = epochOf(zxid) are durable. */
  | { readonly type: 'newleader'; readonly zxid: number }
  /** The leader is established: the learner may apply what it synced and serve clients. */
  | { readonly type: 'uptodate' }
  /** Broadcast: a txn to log (the encoded TxnEntry). */
  | { readonly type: 'proposal'; readonly zxid: number; readonly txn: Uint8Array }
  /** Broadcast: the txn `zxid` (and so every earlier one) is committed. */
  | { readonly type: 'commit'; readonly zxid: number }
  /** Broadcast to observers: a committed txn in one message (they never ACK). */
  | { readonly type: 'inform'; readonly zxid: number; readonly txn: Uint8Array }
  /** The sender has `zxid` durably logged (or, with the NEWLEADER zxid, the whole sync). */
  | { readonly type: 'ack'; readonly zxid: number }
  /**
   * Leader → learner: a heartbeat. Learner → leader: the reply, carrying the sessions its
   * clients touched since the last one, so the leader (which owns expiry) keeps them alive.
   */
  | { readonly type: 'ping'; readonly touches: ReadonlyArray<{ readonly sessionId: bigint; readonly timeoutMs: number }> }
  /** Learner → leader: a client write to prepare, or a session to create. */
  | { readonly type: 'request'; readonly forwarded: ForwardedRequest }
  | { readonly type: 'create-session'; readonly forwarded: ForwardedCreateSession }
  /**
   * REVALIDATE: a client resumed `sessionId` on the sending learner; the leader answers
   * whether it lives, and from then on takes writes for it only from that learner (a stale
   * connection elsewhere gets SessionMoved).
   */
  | { readonly type: 'revalidate'; readonly sessionId: bigint; readonly timeoutMs: number }
  | { readonly type: 'revalidate-reply'; readonly sessionId: bigint; readonly valid: boolean }
  /**
   * `sync`: learner → leader asks; leader → learner answers once everything proposed before
   * the ask is committed, so the learner's later reads see it (the FIFO channel puts the
   * answer after those commits).
   */
  | { readonly type: 'sync'; readonly id: number };
