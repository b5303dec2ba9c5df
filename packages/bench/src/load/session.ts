/**
 * One ZooKeeper client session over TCP, reduced to what a load generator needs: the handshake,
 * pipelined requests answered in FIFO order (ZooKeeper's per-session ordering guarantee, which
 * is checked on every reply), watch notifications, pings and closeSession. Per request it keeps
 * an xid and a send time in preallocated rings; output is batched per turn by the flush scheduler.
 */
import { connect, type Socket } from 'node:net';
import {
  FrameDecoder, Xid, decodeConnectResponse, decodeReplyHeader, encodeConnectRequest, frame,
} from '@paddock/protocol';
import { nowNs } from './clock';
import { scheduleFlush, type Flushable } from './flush-scheduler';
import { CLOSE_SESSION_FRAME, PING_FRAME, XID_OFFSET, type RequestFrame } from './requests';

/** Where a session delivers what the server sends. */
export interface SessionListener {
  /** The reply to the oldest request in flight; `latencyNs` is from its send to this chunk's arrival. */
  onReply(session: BenchSession, err: number, payload: Uint8Array, latencyNs: number, arrivedNs: number): void;
  /** A watch notification (a frame with xid -1). */
  onWatch(session: BenchSession, payload: Uint8Array, arrivedNs: number): void;
  /** The connection ended without closeSession, or the server broke the protocol. */
  onLost(session: BenchSession, reason: string): void;
}

/** How to reach the server and what to ask of it. */
export interface SessionOptions {
  readonly host: string;
  readonly port: number;
  /** The session timeout requested in the handshake. */
  readonly sessionTimeoutMs: number;
  /** How long the TCP connect plus the handshake may take. */
  readonly connectTimeoutMs: number;
  /** The most requests this session may have in flight (the pipeline window). */
  readonly maxInFlight: number;
}

/** Until a driver attaches itself, any traffic other than ping replies is a bug in the driver. */
const UNATTENDED: SessionListener = {
  onReply: (s) => s.abort('reply arrived with no driver attached'),
  onWatch: (s) => s.abort('watch notification arrived with no driver attached'),
  onLost: () => undefined,
};

const CLOSE_GRACE_MS = 1000;
const PASSWORD_BYTES = 16;

type State = 'handshake' | 'open' | 'closing' | 'gone';

/** A connected, established session. Create with `BenchSession.open`. */
export class BenchSession implements Flushable {
  /** Receives replies, notifications and loss; drivers replace it while they run. */
  listener: SessionListener = UNATTENDED;
  private sessionIdValue = 0n;
  private timeoutMsValue = 0;
  private state: State = 'handshake';
  private lastError = '';
  private readonly decoder = new FrameDecoder({ fourLetterWords: false });
  private readonly capacity: number;
  private readonly xids: Int32Array;
  private readonly sentNs: Float64Array;
  private head = 0;
  private size = 0;
  private unstamped = 0;
  private readonly outFrames: RequestFrame[] = [];
  private readonly outXids: number[] = [];
  private nextXid = 1;
  private lastSent = 0;
  private handshakeDone: ((error: Error | undefined) => void) | undefined;
  private closedWaiters: Array<() => void> = [];

  private constructor(
    /** The caller's number for this session (its index in a driver's array). */
    readonly index: number,
    private readonly socket: Socket,
    maxInFlight: number,
  ) {
    // One extra slot for the closeSession request that may follow a full window.
    this.capacity = maxInFlight + 1;
    this.xids = new Int32Array(this.capacity);
    this.sentNs = new Float64Array(this.capacity);
  }

  /** Connects and completes the handshake; rejects if the server refuses or is too slow. */
  static open(options: SessionOptions, index: number): Promise<BenchSession> {
    const socket = connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const session = new BenchSession(index, socket, options.maxInFlight);
    return session.handshake(options);
  }

  /** The session id the server assigned. */
  get sessionId(): bigint {
    return this.sessionIdValue;
  }

  /** The session timeout the server negotiated. */
  get timeoutMs(): number {
    return this.timeoutMsValue;
  }

  /** Requests sent or queued and not yet answered. */
  get inFlight(): number {
    return this.size;
  }

  /** When the last batch of this session's requests was written (nowNs clock). */
  get lastSentNs(): number {
    return this.lastSent;
  }

  /** Whether requests may still be issued. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Queues a request; it is written at the end of the current turn. */
  issue(request: RequestFrame): void {
    if (this.state !== 'open') throw new Error(`session 0x${this.sessionId.toString(16)} is ${this.state}`);
    if (this.size === this.capacity) throw new Error(`more than ${this.capacity} requests in flight`);
    const xid = this.nextXid;
    this.nextXid = xid === 0x7fffffff ? 1 : xid + 1;
    this.xids[(this.head + this.size) % this.capacity] = xid;
    this.size += 1;
    this.unstamped += 1;
    this.enqueue(request, xid);
  }

  /** Queues a ping, which keeps an idle session alive; its reply is consumed here. */
  ping(): void {
    if (this.state === 'open') this.enqueue(PING_FRAME, Xid.ping);
  }

  /** Writes the queued requests in one buffer, stamping them with `sentNs`. */
  flush(sentNs: number): void {
    const count = this.outFrames.length;
    if (this.state === 'gone') {
      this.outFrames.length = 0;
      this.outXids.length = 0;
      return;
    }
    if (count === 0) return;
    let total = 0;
    for (let i = 0; i < count; i++) total += this.outFrames[i]!.length;
    const out = Buffer.allocUnsafe(total);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const f = this.outFrames[i]!;
      out.set(f, offset);
      out.writeInt32BE(this.outXids[i]!, offset + XID_OFFSET);
      offset += f.length;
    }
    for (let k = this.size - this.unstamped; k < this.size; k++) {
      this.sentNs[(this.head + k) % this.capacity] = sentNs;
    }
    this.unstamped = 0;
    this.outFrames.length = 0;
    this.outXids.length = 0;
    this.lastSent = sentNs;
    this.socket.write(out);
  }

  /**
   * Ends the session with closeSession and resolves with the arrival time (nowNs) of its reply,
   * once the connection is closed (the server closes it after the reply; it is destroyed here if
   * it lingers). Must be called with nothing in flight. Rejects if the connection ends first.
   */
  close(timeoutMs = 10_000): Promise<number> {
    if (this.state !== 'open') return Promise.reject(new Error(`close() on a session that is ${this.state}`));
    if (this.size !== 0) throw new Error(`close() with ${this.size} requests in flight`);
    return new Promise((resolve, reject) => {
      let repliedAt: number | undefined;
      let grace: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => this.abort(`closeSession not answered within ${timeoutMs} ms`), timeoutMs);
      this.onceClosed(() => {
        clearTimeout(timer);
        clearTimeout(grace);
        if (repliedAt === undefined) reject(new Error(`session closed without a closeSession reply: ${this.lastError}`));
        else resolve(repliedAt);
      });
      this.listener = {
        onReply: (_s, err, _p, _l, arrivedNs) => {
          if (err !== 0) {
            this.abort(`closeSession answered with error ${err}`);
            return;
          }
          repliedAt = arrivedNs;
          grace = setTimeout(() => this.abort('server kept the connection open after closeSession'), CLOSE_GRACE_MS);
        },
        onWatch: () => undefined,
        onLost: () => undefined,
      };
      this.issue(CLOSE_SESSION_FRAME);
      this.state = 'closing';
    });
  }

  /** Drops the connection at once (no closeSession); listeners hear `onLost(reason)` if open. */
  abort(reason: string): void {
    if (this.lastError === '') this.lastError = reason;
    this.socket.destroy();
  }

  private handshake(options: SessionOptions): Promise<BenchSession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.abort(`no handshake within ${options.connectTimeoutMs} ms`),
        options.connectTimeoutMs,
      );
      this.handshakeDone = (error) => {
        clearTimeout(timer);
        this.handshakeDone = undefined;
        if (error === undefined) resolve(this);
        else reject(error);
      };
      this.socket.on('connect', () => {
        const request = encodeConnectRequest({
          protocolVersion: 0,
          lastZxidSeen: 0n,
          timeOut: options.sessionTimeoutMs,
          sessionId: 0n,
          passwd: new Uint8Array(PASSWORD_BYTES),
          readOnly: false,
        });
        this.socket.write(frame(request));
      });
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('error', (error) => {
        if (this.lastError === '') this.lastError = error.message;
      });
      this.socket.on('close', () => this.onClose());
    });
  }

  private onData(chunk: Buffer): void {
    const arrivedNs = nowNs();
    for (const event of this.decoder.push(chunk)) {
      if (event.kind !== 'frame') {
        this.abort(`unreadable stream from server: ${event.kind === 'error' ? event.reason : event.word}`);
        return;
      }
      if (this.state === 'handshake') this.onConnectResponse(event.payload);
      else this.route(event.payload, arrivedNs);
      if (this.state === 'gone') return;
    }
  }

  private onConnectResponse(payload: Uint8Array): void {
    const response = decodeConnectResponse(payload);
    // ZooKeeper answers a refused or expired session with timeOut 0 and then closes.
    if (response.timeOut <= 0 || response.sessionId === 0n) {
      this.abort(`server refused the session (timeOut ${response.timeOut})`);
      return;
    }
    this.sessionIdValue = response.sessionId;
    this.timeoutMsValue = response.timeOut;
    this.state = 'open';
    this.handshakeDone?.(undefined);
  }

  private route(payload: Uint8Array, arrivedNs: number): void {
    const { xid, err } = decodeReplyHeader(payload);
    if (xid === Xid.notification) {
      this.listener.onWatch(this, payload, arrivedNs);
      return;
    }
    if (xid === Xid.ping) return;
    if (this.size === 0 || this.xids[this.head] !== xid) {
      const expected = this.size === 0 ? 'none in flight' : `expected ${this.xids[this.head]}`;
      this.abort(`reply with xid ${xid} out of order (${expected}): ZooKeeper answers each session in order`);
      return;
    }
    const latencyNs = arrivedNs - this.sentNs[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    this.listener.onReply(this, err, payload, latencyNs, arrivedNs);
  }

  private onClose(): void {
    const was = this.state;
    this.state = 'gone';
    const reason = this.lastError === '' ? 'connection closed by the server' : this.lastError;
    if (was === 'handshake') this.handshakeDone?.(new Error(`handshake failed: ${reason}`));
    if (was === 'open') this.listener.onLost(this, reason);
    const waiters = this.closedWaiters;
    this.closedWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private onceClosed(callback: () => void): void {
    if (this.state === 'gone') callback();
    else this.closedWaiters.push(callback);
  }

  private enqueue(request: RequestFrame, xid: number): void {
    if (this.outFrames.length === 0) scheduleFlush(this);
    this.outFrames.push(request);
    this.outXids.push(xid);
  }
}
