/**
 * The session machine's boundary. Everything that happens to a client session arrives as a
 * {@link SessionInput} stamped with the current time; everything the session wants done leaves
 * as a {@link SessionEffect}. The machine performs no I/O and reads no clock, so a simulator can
 * drive it with virtual time and virtual sockets, and the TCP driver with real ones.
 */
import type { Request, Response } from '@paddock/protocol';
import type { HostPort } from './connect-string';
import type { RandomInt } from './random';
import type { WatcherId, WatchKind } from './watch-registry';

/** The driver's handle for one socket; unique for the machine's lifetime. */
export type ConnectionId = number;

/** The owner's handle for one request; echoed in its `reply` effect. */
export type RequestId = number;

/**
 * What the application sees of the session.
 * - `Connecting`: no session yet (before the first handshake).
 * - `Connected`: the session was established (first handshake).
 * - `Disconnected`: the connection is gone, the session may still be alive; the client is
 *   reconnecting (Curator calls this SUSPENDED). Operations fail with ConnectionLoss.
 * - `Reconnected`: the same session resumed on a new connection; watches were re-registered.
 * - `ReadOnly`: connected to a read-only server (only with `canBeReadOnly`).
 * - `Expired`: the session is gone (Curator's LOST): ephemerals deleted, watches lost. Terminal.
 * - `AuthFailed`: the server rejected an auth packet. Terminal.
 * - `Closed`: closed by the application. Terminal.
 */
export type ConnectionState =
  | 'Connecting'
  | 'Connected'
  | 'Disconnected'
  | 'Reconnected'
  | 'ReadOnly'
  | 'Expired'
  | 'AuthFailed'
  | 'Closed';

/** The states after which the session never comes back. */
export type TerminalState = 'Expired' | 'AuthFailed' | 'Closed';

/**
 * How a read asks to leave a watch. `exists` registers a data watch when the node exists and
 * an exist watch when it does not (NoNode), as ZooKeeper does.
 */
export type WatchRequestKind = 'exists' | 'data' | 'child' | 'persistent' | 'persistentRecursive';

export interface SessionOptions {
  readonly hosts: readonly HostPort[];
  /** `''` for none. */
  readonly chroot: string;
  /** The session timeout asked for; the server clamps it to its min/max. */
  readonly sessionTimeoutMs: number;
  /** Accept read-only servers (the ConnectRequest's readOnly flag). Default false. */
  readonly canBeReadOnly?: boolean;
  /** Shuffles the hosts and draws reconnect jitter. */
  readonly random: RandomInt;
  /** Reconnects wait a random 0..this ms first, so clients do not stampede. Java: 1000. */
  readonly reconnectJitterMs?: number;
  /** Extra wait once every host has failed in a row. Java: 1000. */
  readonly spinDelayMs?: number;
  /** The largest frame accepted from the server. Default jute.maxbuffer, 0xfffff. */
  readonly maxBufferBytes?: number;
  /** Resume this session instead of creating one (with `sessionPasswd`). */
  readonly sessionId?: bigint;
  readonly sessionPasswd?: Uint8Array;
  /**
   * The most requests queued or in flight at once; more fail at once with ThrottledOp rather
   * than growing memory without bound. Default 100 000.
   */
  readonly maxOutstandingRequests?: number;
  /** The first xid to use (default 1); a simulator starts near 2^31-1 to exercise the wrap. */
  readonly firstXid?: number;
}

export type SessionInput =
  /** Begin connecting. */
  | { readonly type: 'start' }
  /** Time has passed; sent when {@link SessionMachine.wakeAtMs} is reached (early is harmless). */
  | { readonly type: 'tick' }
  | { readonly type: 'socket-open'; readonly connection: ConnectionId }
  | { readonly type: 'socket-data'; readonly connection: ConnectionId; readonly bytes: Uint8Array }
  /** The socket closed or failed to open. */
  | { readonly type: 'socket-closed'; readonly connection: ConnectionId; readonly reason: string }
  | {
      readonly type: 'submit';
      readonly request: RequestId;
      /** The request with client paths; the machine applies the chroot. */
      readonly body: Request;
      readonly watch?: { readonly kind: WatchRequestKind; readonly watcher: WatcherId };
      /** For removeWatches: also remove the client's watchers when the server cannot be reached. */
      readonly local?: boolean;
      /** Send paths as given, outside the chroot (getConfig reads `/zookeeper/config`). */
      readonly rawPaths?: boolean;
      /** Fail with RequestTimeout if no reply within this many ms (and drop the connection). */
      readonly timeoutMs?: number;
    }
  | { readonly type: 'add-auth'; readonly request: RequestId; readonly scheme: string; readonly auth: Uint8Array }
  /**
   * The application no longer wants `watcher` at `path` (client path). When no watch is left at
   * that path, the machine tells the server (removeWatches, type any).
   */
  | { readonly type: 'forget-watcher'; readonly watcher: WatcherId; readonly path: string; readonly kinds: readonly WatchKind[]; readonly rawPaths?: boolean }
  | { readonly type: 'close' }
  /**
   * A new server list (updateServerList). The machine may drop its connection to move to
   * another server, so that load evens out (ZOOKEEPER-1355).
   */
  | { readonly type: 'update-hosts'; readonly hosts: readonly HostPort[] }
  /** The answer to a `probe-rw`: whether the host said `rw` to `isro`. */
  | { readonly type: 'probe-result'; readonly probe: number; readonly readWrite: boolean };

export type SessionEffect =
  | { readonly type: 'open'; readonly connection: ConnectionId; readonly host: HostPort }
  | { readonly type: 'send'; readonly connection: ConnectionId; readonly bytes: Uint8Array }
  | { readonly type: 'close-socket'; readonly connection: ConnectionId }
  | { readonly type: 'state'; readonly state: ConnectionState; readonly sessionId: bigint }
  /**
   * The outcome of a request or add-auth. `err` 0 is success; client-made errors
   * (ConnectionLoss, RequestTimeout, SessionExpired, ...) carry a `reason`. `registered` says
   * whether the request's watch is now held.
   */
  | {
      readonly type: 'reply';
      readonly request: RequestId;
      readonly err: number;
      readonly zxid: bigint;
      readonly body: Response | null;
      readonly registered: boolean;
      readonly reason?: string;
    }
  /** A node event, to be delivered to each watcher once; `path` is a client path. */
  | { readonly type: 'watch-event'; readonly watchers: readonly WatcherId[]; readonly eventType: number; readonly path: string; readonly zxid: bigint }
  /** removeWatches took these watchers away (DataWatchRemoved/ChildWatchRemoved/PersistentWatchRemoved). */
  | { readonly type: 'watchers-removed'; readonly path: string; readonly removed: ReadonlyArray<{ readonly watcher: WatcherId; readonly kind: WatchKind }> }
  /** The session ended: these watchers will never fire. */
  | { readonly type: 'watchers-ended'; readonly watchers: readonly WatcherId[]; readonly state: TerminalState }
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string }
  /**
   * While read-only: ask `host` whether it serves writes. Open a separate connection, send the
   * four-letter word `isro`, read until the server closes, and answer with a `probe-result`
   * (`rw` means read/write; anything else, or a failure, does not).
   */
  | { readonly type: 'probe-rw'; readonly probe: number; readonly host: HostPort }
  /** Give up the probe's connection (it took too long, or the session moved on); no result is needed. */
  | { readonly type: 'cancel-probe'; readonly probe: number };
