/** What a simulated client can receive from the server over its connection. */
import type { ConnectResponse, Response, WatcherEvent } from '@paddock/protocol';

/** A handshake reply, reply, watch event, or the server hanging up. */
export type ServerMessage =
  | { readonly kind: 'handshake'; readonly response: ConnectResponse }
  | { readonly kind: 'reply'; readonly xid: number; readonly zxid: bigint; readonly err: number; readonly body: Response | null }
  | { readonly kind: 'event'; readonly zxid: bigint; readonly event: WatcherEvent }
  | { readonly kind: 'closed'; readonly reason: string };
