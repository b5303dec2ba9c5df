/**
 * A minimal ZooKeeper client over a real socket, built only on the protocol package: handshake,
 * pipelined requests matched to replies by xid, watch events collected in arrival order. It
 * checks nothing itself; tests assert on what it records.
 */
import { connect, type Socket } from 'node:net';
import {
  decodeConnectResponse, decodeReply, decodeReplyHeader, decodeWatcherEvent, encodeConnectRequest,
  encodeRequest, frame, FrameDecoder, OpCode, Xid,
  type ConnectResponse, type ReplyHeader, type Request, type Response, type WatcherEvent,
} from '@paddock/protocol';

export interface Reply {
  readonly header: ReplyHeader;
  readonly body: Response | null;
}

/** Everything the connection received, in order (to check events come before replies). */
export type Received = { kind: 'reply'; xid: number; err: number } | { kind: 'event'; event: WatcherEvent };

export const OPEN_ACL = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

export class RawClient {
  readonly received: Received[] = [];
  readonly events: WatcherEvent[] = [];
  private readonly decoder = new FrameDecoder({ fourLetterWords: false });
  private readonly waiting = new Map<number, { op: number; resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private handshakeWaiter: ((r: ConnectResponse) => void) | null = null;
  private eventWaiters: Array<() => void> = [];
  private nextXid = 1;
  private closedError: Error | null = null;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.closedError = new Error('connection closed');
        for (const w of this.waiting.values()) w.reject(this.closedError);
        this.waiting.clear();
        resolve();
      });
    });
    socket.on('error', () => {});
  }

  /** Opens a TCP connection (no handshake yet). */
  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Opens a connection and completes a handshake; resolves with the client and the response. */
  static async connect(
    port: number,
    options: { sessionId?: bigint; passwd?: Uint8Array; timeOut?: number; lastZxidSeen?: bigint } = {},
  ): Promise<{ client: RawClient; session: ConnectResponse }> {
    const client = await RawClient.open(port);
    const session = await client.handshake(options);
    return { client, session };
  }

  handshake(options: { sessionId?: bigint; passwd?: Uint8Array; timeOut?: number; lastZxidSeen?: bigint } = {}): Promise<ConnectResponse> {
    const payload = encodeConnectRequest({
      protocolVersion: 0,
      lastZxidSeen: options.lastZxidSeen ?? 0n,
      timeOut: options.timeOut ?? 30_000,
      sessionId: options.sessionId ?? 0n,
      passwd: options.passwd ?? new Uint8Array(16),
      readOnly: false,
    });
    return new Promise((resolve, reject) => {
      this.handshakeWaiter = resolve;
      void this.closed.then(() => reject(new Error('closed during the handshake')));
      this.socket.write(frame(payload));
    });
  }

  /** Sends a request and resolves with its reply. */
  call(request: Request): Promise<Reply> {
    if (this.closedError) return Promise.reject(this.closedError);
    const xid = this.nextXid++;
    const promise = new Promise<Reply>((resolve, reject) => this.waiting.set(xid, { op: request.op, resolve, reject }));
    this.socket.write(frame(encodeRequest(xid, request)));
    return promise;
  }

  create(path: string, data = '', flags = 0): Promise<Reply> {
    return this.call({ op: OpCode.create, path, data: new TextEncoder().encode(data), acl: OPEN_ACL, flags });
  }

  /** Writes raw bytes (for malformed-input tests). */
  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Resolves once `count` watch events have arrived. */
  async waitForEvents(count: number): Promise<WatcherEvent[]> {
    while (this.events.length < count) {
      if (this.closedError) throw this.closedError;
      await new Promise<void>((resolve) => this.eventWaiters.push(resolve));
    }
    return this.events.slice(0, count);
  }

  /** Sends closeSession and waits for the server to hang up. */
  async closeSession(): Promise<void> {
    await this.call({ op: OpCode.closeSession }).catch(() => undefined);
    await this.closed;
  }

  /** Drops the TCP connection without ending the session. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    for (const event of this.decoder.push(chunk)) {
      if (event.kind !== 'frame') {
        this.socket.destroy();
        return;
      }
      this.onFrame(event.payload);
    }
  }

  private onFrame(payload: Uint8Array): void {
    if (this.handshakeWaiter) {
      const waiter = this.handshakeWaiter;
      this.handshakeWaiter = null;
      waiter(decodeConnectResponse(payload));
      return;
    }
    const header = decodeReplyHeader(payload);
    if (header.xid === Xid.notification) {
      const { event } = decodeWatcherEvent(payload);
      this.events.push(event);
      this.received.push({ kind: 'event', event });
      for (const w of this.eventWaiters.splice(0)) w();
      return;
    }
    const waiter = this.waiting.get(header.xid);
    if (!waiter) throw new Error(`reply to unknown xid ${header.xid}`);
    this.waiting.delete(header.xid);
    this.received.push({ kind: 'reply', xid: header.xid, err: header.err });
    waiter.resolve(decodeReply(payload, waiter.op));
  }
}

export const text = (data: Uint8Array | null | undefined): string | null => (data ? new TextDecoder().decode(data) : null);
