/**
 * One TCP connection between two servers, in the handshake or after it: framing, checksums and
 * the bounded send queue. It knows nothing of server ids or incarnations; the transport does.
 */
import type { Socket } from 'node:net';
import { encodePeerFrame, PEER_FRAME_HEADER_BYTES, PeerFrameReader } from './peer-frame';

export interface PeerConnectionLimits {
  /** The largest payload sent or accepted. */
  readonly maxFrameBytes: number;
  /** Bytes written but not yet taken by the kernel, at most (the send queue's bound). */
  readonly maxQueuedBytes: number;
}

/** Why `write` did not queue a frame. */
export type WriteRefusal = 'closed' | 'too-large' | 'queue-full';

export class PeerConnection {
  private readonly reader: PeerFrameReader;
  private frameHandler: (payload: Uint8Array) => void = () => {};
  private lostHandler: (reason: string) => void = () => {};
  private closed = false;
  /** The socket is corked until the end of this turn, so the turn's frames go out in one write. */
  private corked = false;

  constructor(
    readonly socket: Socket,
    private readonly limits: PeerConnectionLimits,
  ) {
    this.reader = new PeerFrameReader(limits.maxFrameBytes);
    socket.setNoDelay(true);
    // Seen as a plain Uint8Array, so the bytes a decoder copies out are not Buffers either.
    socket.on('data', (chunk: Buffer) => this.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    // 'close' always follows 'error'; the error only explains it.
    let error: string | null = null;
    socket.on('error', (e) => {
      error = e.message;
    });
    socket.on('close', () => this.abort(error ?? 'connection closed by the peer'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Where the checked payloads go from now on (the handshake hands over to the link). */
  onFrame(handler: (payload: Uint8Array) => void): void {
    this.frameHandler = handler;
  }

  /**
   * Who hears, once, that the connection ended by itself (the peer closed it, a socket error,
   * a bad frame, or `abort`); never after `close`.
   */
  onLost(handler: (reason: string) => void): void {
    this.lostHandler = handler;
  }

  /** Queues one frame; refuses without queueing when closed, too large, or over the bound. */
  write(payload: Uint8Array): WriteRefusal | null {
    if (this.closed) return 'closed';
    if (payload.length > this.limits.maxFrameBytes) return 'too-large';
    return this.writeFramed(encodePeerFrame(payload));
  }

  /**
   * Queues a frame already made by {@link encodePeerFrame} (one proposal framed once for every
   * follower), with the same refusals as `write`.
   */
  writeFramed(frame: Uint8Array): WriteRefusal | null {
    if (this.closed) return 'closed';
    if (frame.length - PEER_FRAME_HEADER_BYTES > this.limits.maxFrameBytes) return 'too-large';
    if (this.socket.writableLength + frame.length > this.limits.maxQueuedBytes) return 'queue-full';
    this.corkForTurn();
    this.socket.write(frame);
    return null;
  }

  /** Writes a last frame and half-closes, for a refusal the other end should read. */
  endWith(payload: Uint8Array): void {
    if (this.closed) return;
    this.socket.end(encodePeerFrame(payload));
  }

  /** Ends the connection without telling `onLost` (the caller already knows). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  /** Ends the connection and reports it to `onLost`, as if it had broken. */
  abort(reason: string): void {
    if (this.closed) return;
    this.close();
    this.lostHandler(reason);
  }

  /**
   * A write per frame cost the leader most of its CPU (a syscall per proposal, per commit, per
   * follower); corked, the frames of one turn leave in one writev when the turn's code is done.
   * Order is kept: cork only gathers, and `writableLength` still counts what it holds.
   */
  private corkForTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.socket.uncork();
    });
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.reader.push(chunk)) {
      // A handler may have closed the connection (a rejected handshake, a bad message).
      if (this.closed) return;
      if (event.kind === 'error') {
        this.abort(event.reason);
        return;
      }
      this.frameHandler(event.payload);
    }
  }
}
