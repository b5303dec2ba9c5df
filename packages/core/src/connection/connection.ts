/** What the server knows about one client connection. */
import type { DecodedRequest, Id, ReplyHeader, Response } from '@paddock/protocol';
import type { ConnId } from '../io';

/** A request of this connection not yet answered, in arrival order. */
export interface PendingRequest {
  readonly xid: number;
  readonly opcode: number;
  readonly request: DecodedRequest;
  /** Writes become txns; everything else runs against the applied tree in order. */
  readonly kind: 'write' | 'read';
  state: 'waiting' | 'proposed' | 'done';
  reply?: { readonly header: ReplyHeader; readonly body: Response | null };
  /** Close the connection once this reply is out (closeSession, AuthFailed, bad frame). */
  closeAfter?: string;
  readonly receivedWallMs: number;
}

export interface ConnectionStats {
  received: number;
  sent: number;
  lastOpcode: number;
  lastCxid: number;
  lastZxid: number;
  lastResponseWallMs: number;
  lastLatencyMs: number;
  minLatencyMs: number;
  maxLatencyMs: number;
  totalLatencyMs: number;
  replies: number;
}

export interface Connection {
  readonly id: ConnId;
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly connectedWallMs: number;
  /** handshake: awaiting ConnectRequest; establishing: createSession in flight; open: serving. */
  phase: 'handshake' | 'establishing' | 'open';
  sessionId: bigint;
  timeoutMs: number;
  /** Identities for ACL checks: the peer's ip, then whatever addauth added. */
  readonly authInfo: Id[];
  readonly queue: PendingRequest[];
  paused: boolean;
  stats: ConnectionStats;
}

export function freshConnectionStats(): ConnectionStats {
  return {
    received: 0, sent: 0, lastOpcode: -1, lastCxid: -1, lastZxid: -1, lastResponseWallMs: 0,
    lastLatencyMs: 0, minLatencyMs: 0, maxLatencyMs: 0, totalLatencyMs: 0, replies: 0,
  };
}
