/**
 * Drives a SessionMachine by hand: a virtual clock, and a scripted server that decodes what the
 * client writes and answers with frames built by @paddock/protocol.
 */
import {
  decodeConnectRequest, decodeRequest, encodeConnectResponse, encodeReply, encodeWatcherEvent, frame,
  type ConnectRequest, type DecodedRequest, type Response,
} from '@paddock/protocol';
import {
  SessionMachine, seededRandom, type ConnectionId, type SessionEffect, type SessionInput, type SessionOptions,
} from '../../src/session/index';

export type ClientFrame =
  | { readonly kind: 'connect'; readonly connection: ConnectionId; readonly request: ConnectRequest }
  | { readonly kind: 'request'; readonly connection: ConnectionId; readonly request: DecodedRequest & { ok: true } };

export const PASSWD = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
export const SESSION_ID = 0x1000006500900a0n;

export class ScriptedSession {
  readonly machine: SessionMachine;
  now = 1_000;
  /** Every effect so far, in order. */
  readonly log: SessionEffect[] = [];
  private readonly handshaken = new Set<ConnectionId>();
  private opensTaken = 0;

  constructor(options: Partial<SessionOptions> = {}) {
    this.machine = new SessionMachine({
      hosts: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }, { host: 'c', port: 3 }],
      chroot: '',
      sessionTimeoutMs: 30_000,
      random: seededRandom(7),
      ...options,
    });
  }

  step(input: SessionInput): SessionEffect[] {
    const effects = this.machine.step(input, this.now);
    this.log.push(...effects);
    return effects;
  }

  /** Moves the clock to `at` and ticks. */
  advanceTo(at: number): SessionEffect[] {
    this.now = at;
    return this.step({ type: 'tick' });
  }

  advance(ms: number): SessionEffect[] {
    return this.advanceTo(this.now + ms);
  }

  /**
   * The connection of the next `open` effect not yet handed out, starting the machine or
   * ticking to its wake time until one appears.
   */
  openNext(): ConnectionId {
    for (let i = 0; i < 100; i++) {
      const opens = ofType(this.log, 'open');
      const next = opens[this.opensTaken];
      if (next !== undefined) {
        this.opensTaken += 1;
        return next.connection;
      }
      if (this.log.length === 0) this.step({ type: 'start' });
      else this.tickToWake();
    }
    throw new Error('no open effect');
  }

  /** Lets time pass with every connection attempt refused, until `untilMs` or a terminal state. */
  refuseConnectionsUntil(untilMs: number): void {
    while (this.now < untilMs && !['Expired', 'Closed', 'AuthFailed'].includes(this.machine.state)) {
      const opens = ofType(this.log, 'open');
      const next = opens[this.opensTaken];
      if (next !== undefined) {
        this.opensTaken += 1;
        this.step({ type: 'socket-closed', connection: next.connection, reason: 'refused' });
        continue;
      }
      const at = this.machine.wakeAtMs();
      if (at === undefined) return;
      this.advanceTo(Math.min(Math.max(at, this.now), untilMs));
    }
  }

  private tickToWake(): SessionEffect[] {
    const at = this.machine.wakeAtMs();
    if (at === undefined) throw new Error('machine does not want to wake');
    return this.advanceTo(Math.max(at, this.now));
  }

  /** The frames the client wrote in `effects`, decoded. */
  frames(effects: readonly SessionEffect[]): ClientFrame[] {
    const out: ClientFrame[] = [];
    for (const e of effects) {
      if (e.type !== 'send') continue;
      const payload = e.bytes.subarray(4);
      if (!this.handshaken.has(e.connection)) {
        this.handshaken.add(e.connection);
        out.push({ kind: 'connect', connection: e.connection, request: decodeConnectRequest(payload) });
        continue;
      }
      const request = decodeRequest(payload);
      if (!request.ok) throw new Error(`client sent an undecodable request: ${request.reason}`);
      out.push({ kind: 'request', connection: e.connection, request });
    }
    return out;
  }

  /** Opens `connection` and returns the ConnectRequest the client wrote. */
  open(connection: ConnectionId): ConnectRequest {
    const frames = this.frames(this.step({ type: 'socket-open', connection }));
    const first = frames[0];
    if (frames.length !== 1 || first?.kind !== 'connect') throw new Error(`expected one ConnectRequest, got ${JSON.stringify(frames)}`);
    return first.request;
  }

  accept(connection: ConnectionId, opts: { timeOut?: number; sessionId?: bigint; readOnly?: boolean } = {}): SessionEffect[] {
    const payload = encodeConnectResponse({
      protocolVersion: 0,
      timeOut: opts.timeOut ?? 30_000,
      sessionId: opts.sessionId ?? SESSION_ID,
      passwd: opts.timeOut === 0 ? new Uint8Array(16) : PASSWD,
      readOnly: opts.readOnly ?? false,
    });
    return this.deliver(connection, frame(payload));
  }

  /** start + open + accept: a connected session; returns the connection. */
  connect(opts: { timeOut?: number } = {}): ConnectionId {
    const connection = this.openNext();
    this.open(connection);
    this.accept(connection, opts);
    return connection;
  }

  reply(connection: ConnectionId, xid: number, body: Response | null, opts: { zxid?: bigint; err?: number } = {}): SessionEffect[] {
    const payload = encodeReply({ xid, zxid: opts.zxid ?? 0n, err: opts.err ?? 0 }, body);
    return this.deliver(connection, frame(payload));
  }

  notify(connection: ConnectionId, type: number, path: string, zxid = -1n): SessionEffect[] {
    return this.deliver(connection, frame(encodeWatcherEvent(zxid, { type, state: 3, path })));
  }

  deliver(connection: ConnectionId, bytes: Uint8Array): SessionEffect[] {
    return this.step({ type: 'socket-data', connection, bytes });
  }

  /** The latest `send`s of requests (not the handshake) as {xid, request}. */
  requests(effects: readonly SessionEffect[]): Array<DecodedRequest & { ok: true }> {
    return this.frames(effects).flatMap((f) => (f.kind === 'request' ? [f.request] : []));
  }
}

export function ofType<T extends SessionEffect['type']>(effects: readonly SessionEffect[], type: T): Array<Extract<SessionEffect, { type: T }>> {
  return effects.filter((e): e is Extract<SessionEffect, { type: T }> => e.type === type);
}
