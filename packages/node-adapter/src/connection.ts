/**
 * One client socket: bytes in become decoded handshakes, requests or a four-letter word; frames
 * out are gathered for the turn and written with one syscall. The connection decides nothing
 * about the protocol; it only enforces transport limits (frame size, reply backlog, the time a
 * fresh connection may take to say anything).
 */
import type { Socket } from 'node:net';
import {
  decodeConnectRequest, decodeRequest, FrameDecoder,
  type ConnectRequest, type DecodedRequest, type FourLetterWord, type FrameEvent,
} from '@paddock/protocol';
import type { ConnId } from '@paddock/core';
import type { Logger } from './logger';

/** Transport limits of one connection. */
export interface ConnectionLimits {
  /** Largest frame payload accepted (`jute.maxbuffer`); a larger length is ZooKeeper's "Len error". */
  readonly maxFrameBytes: number;
  /**
   * How long a new connection may stay silent before its first frame or word (ZooKeeper's
   * `zookeeper.nio.sessionlessCnxnTimeout`, 10 s): a peer that never speaks holds no socket.
   */
  readonly handshakeTimeoutMs: number;
  /** Unsent reply bytes at which reading stops until the peer drains them. */
  readonly outboundHighWaterBytes: number;
  /** Unsent reply bytes at which the peer is judged stuck and the connection is dropped. */
  readonly outboundMaxBytes: number;
}

/** What a connection reports to the server; each call is one decoded event, in stream order. */
export interface ConnectionEvents {
  handshake(conn: ClientConnection, request: ConnectRequest): void;
  request(conn: ClientConnection, request: DecodedRequest): void;
  fourLetterWord(conn: ClientConnection, word: FourLetterWord, traceMask: bigint | undefined): void;
  /** The socket is gone (either side closed it, or it failed). Called once. */
  closed(conn: ClientConnection): void;
}

/** After asking a peer to close, how long to wait for it before dropping the socket. */
const CLOSE_LINGER_MS = 2_000;

/** A connection's first turn buffer: a few replies fit without growing, and it is pooled. */
const MIN_TURN_BUFFER_BYTES = 512;

export class ClientConnection {
  readonly remoteHost: string;
  readonly remotePort: number;
  private readonly decoder: FrameDecoder;
  /** The ConnectRequest arrived: every later frame is a request. */
  private handshakeSeen = false;
  /**
   * This turn's frames, each with its length prefix, back to back: replies are copied in as
   * they are sent, so each turn costs one buffer per connection (from Node's pool when small)
   * instead of one per reply. `flush` hands it to the socket and starts a new one.
   */
  private outgoing: Buffer | null = null;
  private outgoingBytes = 0;
  /** Close once what is queued is written; nothing more is queued after this. */
  private closeReason: string | null = null;
  private ended = false;
  private coreThrottled = false;
  private writeBlocked = false;
  private readingPaused = false;
  /** A four-letter word opened the connection: it is answered in text, never with frames. */
  private fourLetterWordSession = false;
  private readonly handshakeTimer: NodeJS.Timeout;

  constructor(
    readonly id: ConnId,
    private readonly socket: Socket,
    private readonly limits: ConnectionLimits,
    private readonly events: ConnectionEvents,
    private readonly logger: Logger,
  ) {
    this.remoteHost = normalizeHost(socket.remoteAddress ?? '0.0.0.0');
    this.remotePort = socket.remotePort ?? 0;
    this.decoder = new FrameDecoder({ maxBuffer: limits.maxFrameBytes });
    this.handshakeTimer = setTimeout(() => this.abort('nothing received within the sessionless connection timeout', 'info'), limits.handshakeTimeoutMs);
    this.handshakeTimer.unref();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    // The peer finished sending. A four-letter word is still answered (answerInText ends the
    // socket); any other connection is over, as in ZooKeeper, once its queued bytes are out.
    socket.on('end', () => {
      if (!this.fourLetterWordSession) this.end();
    });
    // Errors (resets, timeouts) always end in 'close', which is where the server hears of them.
    socket.on('error', (error) => this.logger.trace(`connection ${this.describe()}: ${error.message}`));
    socket.once('close', () => {
      clearTimeout(this.handshakeTimer);
      this.events.closed(this);
    });
  }

  /** ZooKeeper's interest ops as `cons` and `stat` print them: 1 while reading, 0 while paused. */
  get interestOps(): 0 | 1 {
    return this.readingPaused || this.fourLetterWordSession || this.closeReason !== null ? 0 : 1;
  }

  /** `/ip:port`, as ZooKeeper prints a client address. */
  describe(): string {
    return `/${this.remoteHost}:${this.remotePort}`;
  }

  /**
   * Queues one frame payload (without its length prefix) for the end of the turn. The bytes
   * are copied before this returns, so `payload` may be a view the caller reuses.
   */
  send(payload: Uint8Array): void {
    if (this.closeReason !== null || this.ended) return;
    const at = this.outgoingBytes;
    const end = at + 4 + payload.length;
    let out = this.outgoing;
    if (out === null || end > out.length) out = this.grow(end);
    out.writeInt32BE(payload.length, at);
    out.set(payload, at + 4);
    this.outgoingBytes = end;
  }

  /** Closes the connection once everything queued before this call has been written. */
  close(reason: string): void {
    if (this.closeReason !== null) return;
    this.closeReason = reason;
    this.logger.trace(`closing ${this.describe()} (connection ${this.id}): ${reason}`);
  }

  /** The core's back-pressure: stop (or resume) reading this connection's requests. */
  throttle(paused: boolean): void {
    this.coreThrottled = paused;
    this.updateReading();
  }

  /**
   * Writes the queued frames, each prefixed with its length, as one buffer; then, if a close
   * was asked for, ends the socket.
   */
  flush(): void {
    if (this.ended) return;
    if (this.outgoing !== null && this.outgoingBytes > 0) {
      this.socket.write(this.outgoing.subarray(0, this.outgoingBytes));
      this.outgoing = null;
      this.outgoingBytes = 0;
      if (this.socket.writableLength > this.limits.outboundMaxBytes) {
        this.abort(`${this.socket.writableLength} reply bytes unsent, over the ${this.limits.outboundMaxBytes}-byte limit`);
        return;
      }
      if (this.socket.writableLength > this.limits.outboundHighWaterBytes) {
        this.writeBlocked = true;
        this.updateReading();
      }
    }
    if (this.closeReason !== null) this.end();
  }

  /** Answers a four-letter word: the text, then the end of the connection. */
  answerInText(text: string): void {
    if (this.ended || this.socket.destroyed) return;
    this.socket.write(text);
    this.end();
  }

  /** Drops the connection at once, without flushing (shutdown, protocol errors, stuck peers). */
  abort(reason: string, level: 'info' | 'warn' = 'warn'): void {
    if (this.socket.destroyed) return;
    this.logger[level](`closing connection ${this.describe()}: ${reason}`);
    this.ended = true;
    this.socket.destroy();
  }

  /** A turn buffer of at least `bytes`, holding what was queued so far. */
  private grow(bytes: number): Buffer {
    const previous = this.outgoing;
    const next = Buffer.allocUnsafe(Math.max(bytes, 2 * (previous?.length ?? 0), MIN_TURN_BUFFER_BYTES));
    if (previous !== null) previous.copy(next, 0, 0, this.outgoingBytes);
    this.outgoing = next;
    return next;
  }

  private onData(chunk: Buffer): void {
    if (this.ended || this.closeReason !== null) return;
    for (const event of this.decoder.push(chunk)) this.onFrameEvent(event);
  }

  private onFrameEvent(event: FrameEvent): void {
    clearTimeout(this.handshakeTimer);
    switch (event.kind) {
      case 'four-letter-word':
        this.fourLetterWordSession = true;
        this.events.fourLetterWord(this, event.word, event.traceMask);
        return;
      case 'error':
        this.abort(event.reason);
        return;
      case 'frame':
        this.onFrame(event.payload);
        return;
    }
  }

  private onFrame(payload: Uint8Array): void {
    if (this.ended) return;
    if (!this.handshakeSeen) {
      this.handshakeSeen = true;
      let request: ConnectRequest;
      try {
        request = decodeConnectRequest(payload);
      } catch (error) {
        return this.abort(`undecodable ConnectRequest: ${(error as Error).message}`);
      }
      this.events.handshake(this, request);
      return;
    }
    let request: DecodedRequest;
    try {
      request = decodeRequest(payload);
    } catch (error) {
      // Too short for a RequestHeader: there is no xid to answer, so ZooKeeper hangs up.
      return this.abort(`undecodable request: ${(error as Error).message}`);
    }
    this.events.request(this, request);
  }

  private onDrain(): void {
    if (!this.writeBlocked) return;
    this.writeBlocked = false;
    this.updateReading();
  }

  private updateReading(): void {
    const pause = this.coreThrottled || this.writeBlocked;
    if (pause === this.readingPaused || this.ended) return;
    this.readingPaused = pause;
    if (pause) this.socket.pause();
    else this.socket.resume();
  }

  /** Half-closes after the written bytes; the peer's close (or the linger timer) ends it. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.end();
    // Keep reading so the peer's FIN is seen; whatever it still sends is discarded.
    this.socket.resume();
    setTimeout(() => this.socket.destroy(), CLOSE_LINGER_MS).unref();
  }
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is reported as `127.0.0.1`. */
function normalizeHost(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
