/**
 * The server side of the simulated client connections, shared by the standalone and ensemble
 * hosts: decodes each connection's bytes into core inputs (the handshake first, then requests)
 * and encodes the core's per-connection outputs back into frames. `O` is whatever owns a
 * connection (an ensemble member; nothing for the one standalone server).
 */
import type { ConnId, Input, Output } from '@paddock/core';
import {
  decodeConnectRequest, decodeRequest, encodeConnectResponse, encodeReply, encodeWatcherEvent, FrameDecoder,
} from '@paddock/protocol';

/** How the server reaches a connection's client end. */
export interface ServerSideLink {
  /** One frame payload (without its length prefix), in order. */
  toClient(payload: Uint8Array): void;
  /** The server closed the connection, after what it sent before. */
  closedByServer(reason: string): void;
}

interface ClientEnd<O> {
  readonly owner: O;
  readonly link: ServerSideLink;
  readonly decoder: FrameDecoder;
  handshaken: boolean;
}

export class ClientEnds<O> {
  private readonly ends = new Map<ConnId, ClientEnd<O>>();
  private nextConn = 1;

  /** Opens a connection owned by `owner`; the caller feeds `client-connected`. */
  open(owner: O, link: ServerSideLink): ConnId {
    const conn = this.nextConn++;
    this.ends.set(conn, { owner, link, decoder: new FrameDecoder({ maxBuffer: 0xfffff }), handshaken: false });
    return conn;
  }

  isOpen(conn: ConnId): boolean {
    return this.ends.has(conn);
  }

  /**
   * Bytes from the client of `conn`, in order: each whole frame becomes an input fed to its
   * owner. Stops when feeding closed the connection.
   */
  receive(conn: ConnId, bytes: Uint8Array, feed: (owner: O, input: Input) => void): void {
    const end = this.ends.get(conn);
    if (end === undefined) return;
    for (const event of end.decoder.push(bytes)) {
      if (event.kind !== 'frame') throw new Error(`conn ${conn}: unexpected ${event.kind} from the client`);
      if (!end.handshaken) {
        end.handshaken = true;
        feed(end.owner, { type: 'client-handshake', conn, request: decodeConnectRequest(event.payload) });
      } else {
        feed(end.owner, { type: 'client-request', conn, request: decodeRequest(event.payload) });
      }
      if (!this.ends.has(conn)) return;
    }
  }

  /** The client end went away; returns the owner to tell, or undefined if it was already closed. */
  hangUp(conn: ConnId): { owner: O } | undefined {
    const end = this.ends.get(conn);
    if (end === undefined) return undefined;
    this.ends.delete(conn);
    return { owner: end.owner };
  }

  /** Breaks every connection `owner` holds (its process died). */
  breakAll(owner: O, reason: string): void {
    for (const [conn, end] of [...this.ends]) {
      if (end.owner !== owner) continue;
      this.ends.delete(conn);
      end.link.closedByServer(reason);
    }
  }

  /** Sends a per-connection output to its client; false when `o` is not one. */
  deliver(o: Output): boolean {
    switch (o.type) {
      case 'handshake-reply':
        this.ends.get(o.conn)?.link.toClient(encodeConnectResponse(o.response));
        return true;
      case 'reply':
        this.ends.get(o.conn)?.link.toClient(encodeReply(o.header, o.body));
        return true;
      case 'watch-event':
        this.ends.get(o.conn)?.link.toClient(encodeWatcherEvent(o.zxid, o.event));
        return true;
      case 'close': {
        const end = this.ends.get(o.conn);
        this.ends.delete(o.conn);
        end?.link.closedByServer(o.reason);
        return true;
      }
      default:
        return false;
    }
  }
}
