/**
 * A scripted harness for core tests: feeds inputs to one Server, makes every append durable at
 * once (or on demand), and collects each connection's replies and events in order.
 */
import { OpCode, type ConnectResponse, type DecodedRequest, type Request, type Response, type WatcherEvent } from '@paddock/protocol';
import { defaultCoreConfig, Server, type CoreConfig, type Output, type LogRecord } from '../src/index';

export type Received =
  | { kind: 'reply'; xid: number; zxid: bigint; err: number; body: Response | null }
  | { kind: 'event'; zxid: bigint; event: WatcherEvent }
  | { kind: 'handshake'; response: ConnectResponse }
  | { kind: 'closed'; reason: string };

export class Driver {
  server: Server;
  readonly log: LogRecord[] = [];
  readonly snapshots: Array<{ zxid: number; chunks: readonly Uint8Array[] }> = [];
  readonly inbox = new Map<number, Received[]>();
  autoPersist = true;
  private unpersisted = 0;
  private nextConn = 1;
  private readonly xids = new Map<number, number>();
  wallMs = 1_700_000_000_000;

  constructor(readonly config: CoreConfig = defaultCoreConfig({ startWallMs: 1_700_000_000_000 })) {
    this.server = Server.bootstrap(config);
    this.feed({ type: 'clock', wallMs: this.wallMs });
  }

  feed(input: Parameters<Server['step']>[0]): void {
    this.handle(this.server.step(input));
  }

  private handle(outputs: Output[]): void {
    const toPersist: number[] = [];
    for (const o of outputs) {
      const box = 'conn' in o ? this.box(o.conn) : null;
      switch (o.type) {
        case 'reply':
          box!.push({ kind: 'reply', xid: o.header.xid, zxid: o.header.zxid, err: o.header.err, body: o.body });
          break;
        case 'watch-event':
          box!.push({ kind: 'event', zxid: o.zxid, event: o.event });
          break;
        case 'handshake-reply':
          box!.push({ kind: 'handshake', response: o.response });
          break;
        case 'close':
          box!.push({ kind: 'closed', reason: o.reason });
          break;
        case 'append':
          this.log.push(...o.records);
          this.unpersisted += o.records.length;
          toPersist.push(o.records[o.records.length - 1]!.zxid);
          break;
        case 'snapshot':
          this.snapshots.push({ zxid: o.zxid, chunks: o.chunks });
          break;
        case 'throttle':
        case 'trace':
          break;
      }
    }
    if (this.autoPersist && toPersist.length > 0) this.persistAll();
  }

  /** Declares every appended txn durable. */
  persistAll(): void {
    if (this.unpersisted === 0) return;
    this.unpersisted = 0;
    this.feed({ type: 'persisted', zxid: this.log[this.log.length - 1]!.zxid });
  }

  box(conn: number): Received[] {
    let b = this.inbox.get(conn);
    if (!b) this.inbox.set(conn, (b = []));
    return b;
  }

  /** Everything a connection received since the last call. */
  take(conn: number): Received[] {
    const b = this.box(conn);
    return b.splice(0, b.length);
  }

  /** Opens a connection and a new session; returns the connection id and the handshake reply. */
  connect(opts: { timeOut?: number; sessionId?: bigint; passwd?: Uint8Array; lastZxidSeen?: bigint; host?: string } = {}): { conn: number; response: ConnectResponse | null } {
    const conn = this.nextConn++;
    this.feed({ type: 'client-connected', conn, remoteHost: opts.host ?? '127.0.0.1', remotePort: 40000 + conn });
    this.feed({
      type: 'client-handshake', conn,
      request: { protocolVersion: 0, lastZxidSeen: opts.lastZxidSeen ?? 0n, timeOut: opts.timeOut ?? 30000, sessionId: opts.sessionId ?? 0n, passwd: opts.passwd ?? new Uint8Array(16), readOnly: false },
    });
    const got = this.take(conn);
    const hs = got.find((r) => r.kind === 'handshake');
    this.box(conn).push(...got.filter((r) => r.kind !== 'handshake'));
    return { conn, response: hs && hs.kind === 'handshake' ? hs.response : null };
  }

  /** Sends a request with the next xid; returns the xid. */
  send(conn: number, request: Request, xid?: number): number {
    const x = xid ?? (this.xids.get(conn) ?? 0) + 1;
    if (xid === undefined) this.xids.set(conn, x);
    const decoded: DecodedRequest = { ok: true, xid: x, type: request.op, request };
    this.feed({ type: 'client-request', conn, request: decoded });
    return x;
  }

  /** Sends a request and returns its reply (asserting it arrived), leaving events in the inbox. */
  call(conn: number, request: Request): Extract<Received, { kind: 'reply' }> {
    const xid = this.send(conn, request);
    const box = this.box(conn);
    const i = box.findIndex((r) => r.kind === 'reply' && r.xid === xid);
    if (i < 0) throw new Error(`no reply to xid ${xid} (op ${request.op})`);
    const [reply] = box.splice(i, 1);
    return reply as Extract<Received, { kind: 'reply' }>;
  }

  tick(n = 1): void {
    for (let i = 0; i < n; i++) this.feed({ type: 'tick' });
  }

  advanceClock(ms: number): void {
    this.wallMs += ms;
    this.feed({ type: 'clock', wallMs: this.wallMs });
  }
}

export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
export const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

export const create = (path: string, data = '', flags = 0, op: 1 | 15 | 19 = 15): Request => ({ op, path, data: enc(data), acl: OPEN, flags });
export { OpCode };
