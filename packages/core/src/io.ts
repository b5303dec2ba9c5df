/**
 * The core's boundary: everything that happens to a server arrives as an {@link Input}, and
 * everything the server wants done leaves as an {@link Output}. The core performs no I/O.
 */
import type {
  ConnectRequest, ConnectResponse, ReplyHeader, Response, WatcherEvent, DecodedRequest,
} from '@paddock/protocol';

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
  | { readonly type: 'client-connected'; readonly conn: ConnId; readonly remoteHost: string; readonly remotePort: number }
  | { readonly type: 'client-handshake'; readonly conn: ConnId; readonly request: ConnectRequest }
  | { readonly type: 'client-request'; readonly conn: ConnId; readonly request: DecodedRequest }
  | { readonly type: 'client-disconnected'; readonly conn: ConnId }
  /** Every txn up to and including `zxid` that the core asked to append is now durable. */
  | { readonly type: 'persisted'; readonly zxid: number }
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
  | { readonly type: 'trace'; readonly message: string };
