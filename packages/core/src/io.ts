/**
 * The core's boundary: everything that happens to a server arrives as an {@link Input}, and
 * everything the server wants done leaves as an {@link Output}. The core performs no I/O.
 */
import type {
  ConnectRequest, ConnectResponse, ReplyHeader, Response, WatcherEvent, DecodedRequest,
} from '@paddock/protocol';
import type { PeerMessage } from './zab/messages';
import type { EpochName } from './zab/zab-host';

export type { PeerMessage } from './zab/messages';
export type { EpochName } from './zab/zab-host';

/** A server of the ensemble, by its id (zoo.cfg server.N). */
export type PeerId = number;

/** The adapter's handle for one client connection; unique for the server's lifetime. */
export type ConnId = number;

/** A txn as the log stores it: its zxid and its encoded bytes (opaque to storage). */
export interface LogRecord {
  readonly zxid: number;
  readonly payload: Uint8Array;
}

export type Input =
  /** Wall-clock time in ms; stamps txns (ctime/mtime) and ages TTL nodes. Send before each batch. */
  | { readonly type: 'clock'; readonly wallMs: number }
  /** One tickTime has elapsed: the only notion of elapsed time (session expiry, cleanup). */
  | { readonly type: 'tick' }
  /**
   * The election's short timer, ZooKeeper's finalizeWait (200 ms): while looking, ends a finalize
   * wait or re-sends the proposal. Optional: without it the election runs on `tick`s alone, which
   * with a long tickTime makes failover take whole ticks.
   */
  | { readonly type: 'election-tick' }
  | { readonly type: 'client-connected'; readonly conn: ConnId; readonly remoteHost: string; readonly remotePort: number }
  | { readonly type: 'client-handshake'; readonly conn: ConnId; readonly request: ConnectRequest }
  | { readonly type: 'client-request'; readonly conn: ConnId; readonly request: DecodedRequest }
  | { readonly type: 'client-disconnected'; readonly conn: ConnId }
  /**
   * Every storage write up to the one that left the log ending at `zxid` is durable: appends
   * through `zxid`, and a `truncate` or `install-snapshot` at `zxid`. A report may cover several
   * appends, but a truncate or install-snapshot is always reported on its own.
   */
  | { readonly type: 'persisted'; readonly zxid: number }
  /** The `persist-epoch` write of `name` = `epoch` is durable. */
  | { readonly type: 'epoch-persisted'; readonly name: EpochName; readonly epoch: number }
  /** A connection to ensemble member `peer` is up: messages to it may now arrive. */
  | { readonly type: 'peer-connected'; readonly peer: PeerId }
  /** The connection to `peer` broke: anything sent to it since it was up may have been lost. */
  | { readonly type: 'peer-disconnected'; readonly peer: PeerId }
  /** A message from `from`, delivered in the order it was sent on the connection. */
  | { readonly type: 'peer-message'; readonly from: PeerId; readonly message: PeerMessage }
  /** Write the next slice of the snapshot in progress (while `Server.snapshotPending`). */
  | { readonly type: 'snapshot-slice' }
  /** Operator commands that change server state (the crst and srst four-letter words). */
  | { readonly type: 'reset-stats'; readonly scope: 'server' | 'connections' };

export type Output =
  | { readonly type: 'handshake-reply'; readonly conn: ConnId; readonly response: ConnectResponse }
  | { readonly type: 'reply'; readonly conn: ConnId; readonly header: ReplyHeader; readonly body: Response | null }
  | { readonly type: 'watch-event'; readonly conn: ConnId; readonly zxid: bigint; readonly event: WatcherEvent }
  /** Close the connection after everything queued before this output has been sent. */
  | { readonly type: 'close'; readonly conn: ConnId; readonly reason: string }
  /** Stop (paused) or resume reading a connection: its outstanding requests hit the limit. */
  | { readonly type: 'throttle'; readonly conn: ConnId; readonly paused: boolean }
  /** Append these txns to the log and report `persisted` once they (and all before) are durable. */
  | { readonly type: 'append'; readonly records: readonly LogRecord[] }
  /** A consistent snapshot of the state at `zxid`; the log may be rolled here. */
  | { readonly type: 'snapshot'; readonly zxid: number; readonly chunks: readonly Uint8Array[] }
  /** Ensemble only: discard every logged txn after `zxid` (a learner's TRUNC); report `persisted` at `zxid`. */
  | { readonly type: 'truncate'; readonly zxid: number }
  /**
   * Ensemble only: the next piece of the snapshot at `zxid` a learner is receiving by SNAP, in
   * order; `index` 0 starts a new one (dropping any unfinished). Stage it (write it, no fsync
   * needed): only `install-snapshot` makes it the state, and a crash before that loses it.
   */
  | { readonly type: 'install-snapshot-piece'; readonly zxid: number; readonly index: number; readonly bytes: Uint8Array }
  /** Ensemble only: the snapshot being staged will not be installed (its SNAP was cut); drop it. */
  | { readonly type: 'install-snapshot-abort'; readonly zxid: number }
  /**
   * Ensemble only: replace the snapshot and the whole log by the snapshot at `zxid` whose
   * pieces were just staged (a learner's SNAP); later appends follow it. Report `persisted` at
   * `zxid` once durable.
   */
  | { readonly type: 'install-snapshot'; readonly zxid: number }
  /** Ensemble only: durably record acceptedEpoch or currentEpoch; report `epoch-persisted`. */
  | { readonly type: 'persist-epoch'; readonly name: EpochName; readonly epoch: number }
  /** Send to ensemble member `to` if connected (dropped otherwise: Zab re-syncs on reconnect). */
  | { readonly type: 'peer-send'; readonly to: PeerId; readonly message: PeerMessage }
  | { readonly type: 'trace'; readonly message: string };
