/**
 * A hand-driven server under the simulator's checker, for scenario tests and model-based tests:
 * the test decides every interleaving (send without persisting, persist, tick, advance the
 * clock), and every output is judged by the same rules as in a simulated run.
 */
import { Server, type ConnId, type CoreConfig, type Input, type LogRecord, type Output } from '@paddock/core';
import type { Request } from '@paddock/protocol';
import { Checker } from './check/checker';
import type { ServerMessage } from './client/messages';
import { freshCounts } from './counters';
import type { ServerFactory, ServerLike } from './world';
import { WALL_CLOCK_BASE_MS } from './world-config';

/** One server driven step by step, each output judged by a {@link Checker}. */
export class ScriptedHarness {
  readonly counts = freshCounts();
  readonly checker: Checker;
  readonly server: ServerLike;
  /** Every record the server asked to append. */
  readonly log: LogRecord[] = [];
  private readonly inbox = new Map<ConnId, ServerMessage[]>();
  private readonly xids = new Map<ConnId, number>();
  private persistedZxid = 0;
  private nextConn = 1;
  /** Wall-clock time the server was last told. */
  wallMs = WALL_CLOCK_BASE_MS;

  constructor(readonly config: CoreConfig, factory: ServerFactory = (c) => Server.bootstrap(c)) {
    this.server = factory(config);
    this.checker = new Checker(config, this.counts);
    this.feed({ type: 'clock', wallMs: this.wallMs });
  }

  /** Feeds one input through the checker; returns the server's outputs. */
  feed(input: Input): Output[] {
    this.checker.input(input);
    const outputs = this.server.step(input);
    this.checker.outputs(outputs);
    this.checker.afterStep(input, this.server);
    for (const o of outputs) this.collect(o);
    return outputs;
  }

  /** Opens a connection with a new session and makes its createSession durable. */
  connect(timeoutMs = 30_000): ConnId {
    const conn = this.nextConn++;
    this.feed({ type: 'client-connected', conn, remoteHost: '10.0.0.1', remotePort: 30000 + conn });
    this.feed({
      type: 'client-handshake', conn,
      request: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: timeoutMs, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false },
    });
    this.persist();
    return conn;
  }

  /** Sends `request` on `conn` with the next xid (without persisting anything); returns the xid. */
  send(conn: ConnId, request: Request): number {
    const xid = (this.xids.get(conn) ?? 0) + 1;
    this.xids.set(conn, xid);
    this.feed({ type: 'client-request', conn, request: { ok: true, xid, type: request.op, request } });
    return xid;
  }

  /** Sends `request` and persists, so a write is answered at once. */
  call(conn: ConnId, request: Request): void {
    this.send(conn, request);
    this.persist();
  }

  /** Makes every appended record durable (one group commit). */
  persist(): void {
    const last = this.log[this.log.length - 1];
    if (!last || last.zxid === this.persistedZxid) return;
    this.persistedZxid = last.zxid;
    this.feed({ type: 'persisted', zxid: last.zxid });
  }

  /** Moves the wall clock forward and feeds the ticks that elapsed, persisting as it goes. */
  elapse(ms: number): void {
    const ticks = Math.floor(ms / this.config.tickTimeMs);
    for (let i = 0; i < ticks; i++) {
      this.wallMs += this.config.tickTimeMs;
      this.feed({ type: 'clock', wallMs: this.wallMs });
      this.feed({ type: 'tick' });
      this.persist();
    }
  }

  disconnect(conn: ConnId): void {
    this.feed({ type: 'client-disconnected', conn });
  }

  /** Everything `conn` received since the last call. */
  take(conn: ConnId): ServerMessage[] {
    const box = this.inbox.get(conn) ?? [];
    this.inbox.delete(conn);
    return box;
  }

  private collect(o: Output): void {
    switch (o.type) {
      case 'append':
        this.log.push(...o.records);
        return;
      case 'handshake-reply':
        return this.deliver(o.conn, { kind: 'handshake', response: o.response });
      case 'reply':
        return this.deliver(o.conn, { kind: 'reply', xid: o.header.xid, zxid: o.header.zxid, err: o.header.err, body: o.body });
      case 'watch-event':
        return this.deliver(o.conn, { kind: 'event', zxid: o.zxid, event: o.event });
      case 'close':
        return this.deliver(o.conn, { kind: 'closed', reason: o.reason });
      default:
        return;
    }
  }

  private deliver(conn: ConnId, message: ServerMessage): void {
    let box = this.inbox.get(conn);
    if (!box) this.inbox.set(conn, (box = []));
    box.push(message);
  }
}
