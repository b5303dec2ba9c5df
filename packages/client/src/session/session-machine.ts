/**
 * A ZooKeeper client session as a pure state machine, after the Java client's `ClientCnxn`:
 * handshake, pings, request pipelining with FIFO reply matching, watch routing, reconnects that
 * resume the session and re-send auth and watches, expiry and close. `step(input, nowMs)`
 * returns effects; nothing here touches a socket, a timer or a clock.
 */
import {
  decodeConnectResponse, decodeReply, decodeReplyHeader, decodeWatcherEvent, DEFAULT_MAX_BUFFER,
  encodeConnectRequest, encodeRequest, ErrorCode, errorCodeName, frame, FrameDecoder, JuteDecodeError,
  OpCode, Xid, type Request, type Response,
} from '@paddock/protocol';
import { AuthBook, type AuthEntry } from './auth-book';
import { requestWithChroot, prependChroot, responseWithoutChroot, stripChroot } from './chroot';
import type { HostPort } from './connect-string';
import { HostList } from './host-list';
import type {
  ConnectionId, ConnectionState, RequestId, SessionEffect, SessionInput, SessionOptions, TerminalState,
  WatchRequestKind,
} from './session-io';
import { setWatchesBatches } from './set-watches';
import { kindsForWatcherType, WatchRegistry, type WatcherId, type WatchKind } from './watch-registry';
import { XidSequence } from './xid-sequence';

const PASSWD_BYTES = 16;
/** The Java client pings at least this often, whatever the timeout. */
const MAX_SEND_PING_INTERVAL_MS = 10_000;
const DEFAULT_RECONNECT_JITTER_MS = 1000;
const DEFAULT_SPIN_DELAY_MS = 1000;
const DEFAULT_MAX_OUTSTANDING_REQUESTS = 100_000;
/** While read-only, the first probe for a read/write server comes this soon; later ones back off. */
const MIN_RW_PROBE_INTERVAL_MS = 100;
const MAX_RW_PROBE_INTERVAL_MS = 60_000;

/** A request accepted but not yet written, waiting for a connection. */
interface Outgoing {
  readonly request: RequestId;
  readonly body: Request;
  readonly watch: { readonly kind: WatchRequestKind; readonly watcher: WatcherId } | undefined;
  readonly local: boolean;
  readonly deadlineMs: number | undefined;
}

/** A request written and awaiting its reply, in send order. */
interface Pending {
  readonly xid: number;
  readonly op: number;
  /** `user` replies go to the owner; the others are the machine's own requests. */
  readonly role: 'user' | 'set-watches' | 'internal' | 'close';
  readonly outgoing: Outgoing | undefined;
}

interface Socket {
  readonly connection: ConnectionId;
  readonly host: HostPort;
  readonly decoder: FrameDecoder;
  readonly startedMs: number;
  lastSendMs: number;
}

type Phase =
  | { readonly name: 'idle' }
  | { readonly name: 'backoff'; readonly untilMs: number }
  | { readonly name: 'connecting'; readonly socket: Socket }
  | { readonly name: 'handshaking'; readonly socket: Socket }
  | { readonly name: 'connected'; readonly socket: Socket; closeDeadlineMs: number | undefined }
  | { readonly name: 'ended'; readonly state: TerminalState };

/** The error a request gets when the session ends in `state` before it is answered. */
export function errorForEnd(state: TerminalState): number {
  switch (state) {
    case 'Expired':
      return ErrorCode.SessionExpired;
    case 'AuthFailed':
      return ErrorCode.AuthFailed;
    case 'Closed':
      return ErrorCode.ConnectionLoss;
  }
}

function reasonForEnd(state: TerminalState): string {
  switch (state) {
    case 'Expired':
      return 'session expired';
    case 'AuthFailed':
      return 'authentication failed';
    case 'Closed':
      return 'client is closed';
  }
}

/** The server path a request reads or watches, if it has one. */
function requestPath(body: Request): string | undefined {
  return 'path' in body ? body.path : undefined;
}

/** Which watch a successful (or NoNode) reply leaves, per the Java client's WatchRegistrations. */
function registeredKind(kind: WatchRequestKind, err: number): WatchKind | undefined {
  if (kind === 'exists') {
    if (err === ErrorCode.OK) return 'data';
    return err === ErrorCode.NoNode ? 'exist' : undefined;
  }
  return err === ErrorCode.OK ? kind : undefined;
}

export class SessionMachine {
  private readonly hosts: HostList;
  private readonly chroot: string;
  private readonly requestedTimeoutMs: number;
  private readonly canBeReadOnly: boolean;
  private readonly random: SessionOptions['random'];
  private readonly reconnectJitterMs: number;
  private readonly spinDelayMs: number;
  private readonly maxBufferBytes: number;
  private readonly maxOutstandingRequests: number;

  private phase: Phase = { name: 'idle' };
  private publicState: ConnectionState = 'Connecting';
  private effects: SessionEffect[] = [];
  private nextConnection: ConnectionId = 1;
  private firstAttempt = true;
  private everConnected = false;
  /**
   * Whether a read/write server ever accepted this session. Until then a reconnect asks for a
   * new session (id 0), as the Java client does: a read-only server's session is not one a
   * read/write server knows.
   */
  private seenRwServer: boolean;
  /** While read-only: the probe in flight, when to send the next, and the backoff. */
  private rwProbe: { readonly id: number; readonly host: HostPort; readonly deadlineMs: number } | undefined;
  private rwProbeAtMs = 0;
  private rwProbeIntervalMs = MIN_RW_PROBE_INTERVAL_MS;
  private nextProbe = 1;
  /** A read/write server a probe found: the next connection goes there. */
  private rwServer: HostPort | undefined;

  private sessionIdValue: bigint;
  private passwd: Uint8Array;
  private lastZxidValue = 0n;
  private negotiatedTimeoutMs = 0;
  private readTimeoutMs: number;
  private connectTimeoutMs: number;
  private expirationTimeoutMs: number;
  /** When bytes last arrived from a server; the local expiry clock (ZOOKEEPER-4508). */
  private lastHeardMs: number | undefined;

  private readonly xids: XidSequence;
  private readonly watches = new WatchRegistry();
  private queue: Outgoing[] = [];
  private pending: Pending[] = [];
  private readonly auths = new AuthBook();

  constructor(options: SessionOptions) {
    if (!(options.sessionTimeoutMs > 0)) throw new RangeError(`sessionTimeoutMs must be positive, got ${options.sessionTimeoutMs}`);
    this.hosts = new HostList(options.hosts, options.random);
    this.chroot = options.chroot;
    this.requestedTimeoutMs = options.sessionTimeoutMs;
    this.canBeReadOnly = options.canBeReadOnly ?? false;
    this.random = options.random;
    this.reconnectJitterMs = options.reconnectJitterMs ?? DEFAULT_RECONNECT_JITTER_MS;
    this.spinDelayMs = options.spinDelayMs ?? DEFAULT_SPIN_DELAY_MS;
    this.maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
    this.maxOutstandingRequests = options.maxOutstandingRequests ?? DEFAULT_MAX_OUTSTANDING_REQUESTS;
    this.sessionIdValue = options.sessionId ?? 0n;
    this.seenRwServer = options.sessionId !== undefined;
    this.passwd = options.sessionPasswd ?? new Uint8Array(PASSWD_BYTES);
    this.xids = new XidSequence(options.firstXid ?? 1);
    this.readTimeoutMs = Math.floor((this.requestedTimeoutMs * 2) / 3);
    this.connectTimeoutMs = Math.floor(this.requestedTimeoutMs / this.hosts.size);
    this.expirationTimeoutMs = Math.floor((this.requestedTimeoutMs * 4) / 3);
  }

  // ---- queries --------------------------------------------------------------------------------

  get state(): ConnectionState {
    return this.publicState;
  }

  get sessionId(): bigint {
    return this.sessionIdValue;
  }

  get sessionPasswd(): Uint8Array {
    return this.passwd;
  }

  /** The timeout the server granted (0 before the first handshake). */
  get negotiatedSessionTimeoutMs(): number {
    return this.negotiatedTimeoutMs;
  }

  /** The highest zxid seen in a reply: sent on reconnect so the client never goes back in time. */
  get lastZxid(): bigint {
    return this.lastZxidValue;
  }

  /** The order in which hosts are tried. */
  get hostOrder(): SessionOptions['hosts'] {
    return this.hosts.order;
  }

  /** Requests written and awaiting replies. */
  get inFlight(): number {
    return this.pending.length;
  }

  /** The time by which the machine wants a `tick`, or undefined when only I/O can move it. */
  wakeAtMs(): number | undefined {
    let at: number | undefined;
    const consider = (t: number | undefined): void => {
      if (t !== undefined && (at === undefined || t < at)) at = t;
    };
    const phase = this.phase;
    switch (phase.name) {
      case 'idle':
      case 'ended':
        return undefined;
      case 'backoff':
        consider(phase.untilMs);
        break;
      case 'connecting':
      case 'handshaking':
        consider(phase.socket.startedMs + this.connectTimeoutMs);
        break;
      case 'connected':
        consider(this.lastHeardMs! + this.readTimeoutMs);
        consider(this.nextPingMs(phase.socket));
        consider(phase.closeDeadlineMs);
        if (this.publicState === 'ReadOnly') consider(this.rwProbe?.deadlineMs ?? this.rwProbeAtMs);
        break;
    }
    if (phase.name !== 'connected' && this.everConnected) consider(this.lastHeardMs! + this.expirationTimeoutMs);
    for (const o of this.queue) consider(o.deadlineMs);
    for (const p of this.pending) consider(p.outgoing?.deadlineMs);
    return at;
  }

  // ---- the step function ----------------------------------------------------------------------

  /** Applies one input at time `nowMs` (monotonic ms) and returns the effects, in order. */
  step(input: SessionInput, nowMs: number): SessionEffect[] {
    this.effects = [];
    this.apply(input, nowMs);
    this.poll(nowMs);
    const out = this.effects;
    this.effects = [];
    return out;
  }

  private apply(input: SessionInput, now: number): void {
    switch (input.type) {
      case 'start':
        if (this.phase.name === 'idle') this.attempt(now);
        return;
      case 'tick':
        return;
      case 'socket-open':
        this.onSocketOpen(input.connection, now);
        return;
      case 'socket-data':
        this.onSocketData(input.connection, input.bytes, now);
        return;
      case 'socket-closed':
        if (this.currentSocket()?.connection === input.connection) this.connectionLost(input.reason, now);
        return;
      case 'submit':
        this.submit(input, now);
        return;
      case 'add-auth':
        this.addAuth(input.request, input.scheme, input.auth, now);
        return;
      case 'forget-watcher':
        this.forgetWatcher(input.watcher, input.rawPaths === true ? input.path : prependChroot(this.chroot, input.path), input.kinds, now);
        return;
      case 'close':
        this.close(now);
        return;
      case 'update-hosts':
        this.updateHosts(input.hosts, now);
        return;
      case 'probe-result':
        this.onProbeResult(input.probe, input.readWrite, now);
        return;
    }
  }

  // ---- connecting -----------------------------------------------------------------------------

  private currentSocket(): Socket | undefined {
    const phase = this.phase;
    return phase.name === 'connecting' || phase.name === 'handshaking' || phase.name === 'connected' ? phase.socket : undefined;
  }

  private attempt(now: number): void {
    const host = this.rwServer ?? this.hosts.next();
    this.rwServer = undefined;
    const connection = this.nextConnection++;
    const socket: Socket = {
      connection,
      host,
      decoder: new FrameDecoder({ fourLetterWords: false, maxBuffer: this.maxBufferBytes }),
      startedMs: now,
      lastSendMs: now,
    };
    this.phase = { name: 'connecting', socket };
    this.firstAttempt = false;
    this.log('info', `connection ${connection}: connecting to ${host.host}:${host.port}`);
    this.emit({ type: 'open', connection, host });
  }

  private onSocketOpen(connection: ConnectionId, now: number): void {
    const phase = this.phase;
    if (phase.name !== 'connecting' || phase.socket.connection !== connection) return;
    this.phase = { name: 'handshaking', socket: phase.socket };
    // Nothing else is written until the response arrives: if the session has expired the
    // server answers and closes at once, and a client still writing could see a reset instead
    // of the answer (ClientCnxnSocketNIO does the same).
    this.write(phase.socket, encodeConnectRequest({
      protocolVersion: 0,
      lastZxidSeen: this.lastZxidValue,
      timeOut: this.requestedTimeoutMs,
      sessionId: this.seenRwServer ? this.sessionIdValue : 0n,
      passwd: this.passwd,
      readOnly: this.canBeReadOnly,
    }), now);
  }

  private onSocketData(connection: ConnectionId, bytes: Uint8Array, now: number): void {
    const socket = this.currentSocket();
    if (socket === undefined || socket.connection !== connection) return;
    if (bytes.length > 0) this.lastHeardMs = now;
    for (const event of socket.decoder.push(bytes)) {
      // A frame may end this connection (expiry, a protocol error); later frames are moot.
      if (this.currentSocket() !== socket) return;
      if (event.kind !== 'frame') {
        this.connectionLost(event.kind === 'error' ? event.reason : 'unexpected four-letter word', now);
        return;
      }
      try {
        if (this.phase.name === 'handshaking') this.onConnectResponse(socket, event.payload, now);
        else this.onReply(event.payload, now);
      } catch (error) {
        if (!(error instanceof JuteDecodeError || error instanceof RangeError)) throw error;
        this.log('warn', `undecodable frame from the server: ${error.message}`);
        this.connectionLost('protocol error', now);
        return;
      }
    }
  }

  private onConnectResponse(socket: Socket, payload: Uint8Array, now: number): void {
    const response = decodeConnectResponse(payload);
    if (response.timeOut <= 0) {
      // The server no longer knows this session (ZooKeeperServer.processConnectRequest).
      this.end('Expired');
      return;
    }
    const readOnly = response.readOnly === true;
    if (readOnly && !this.canBeReadOnly) this.log('warn', 'a read/write client was accepted by a read-only server');
    this.negotiatedTimeoutMs = response.timeOut;
    this.readTimeoutMs = Math.floor((response.timeOut * 2) / 3);
    this.connectTimeoutMs = Math.floor(response.timeOut / this.hosts.size);
    this.expirationTimeoutMs = Math.floor((response.timeOut * 4) / 3);
    const sameSession = response.sessionId === this.sessionIdValue;
    this.sessionIdValue = response.sessionId;
    this.passwd = response.passwd;
    this.hosts.connected();
    this.phase = { name: 'connected', socket, closeDeadlineMs: undefined };
    if (readOnly) {
      this.rwProbeIntervalMs = MIN_RW_PROBE_INTERVAL_MS;
      this.rwProbeAtMs = now + this.rwProbeIntervalMs;
    } else {
      this.seenRwServer = true;
    }
    // A session a read-only server gave is replaced on the first read/write server: Connected.
    const state: ConnectionState = readOnly ? 'ReadOnly' : this.everConnected && sameSession ? 'Reconnected' : 'Connected';
    this.everConnected = true;
    this.log('info', `connection ${socket.connection}: session 0x${response.sessionId.toString(16)} ${state}, timeout ${response.timeOut} ms`);
    this.prime(socket, now);
    this.setState(state);
  }

  /**
   * What follows a successful handshake, in the Java client's order: every auth packet, then
   * the watches to re-register, then the requests queued while disconnected.
   */
  private prime(socket: Socket, now: number): void {
    this.auths.connectionLost();
    for (const entry of this.auths.all) this.sendAuth(socket, entry, now);
    for (const body of setWatchesBatches(this.watches, this.lastZxidValue)) {
      this.write(socket, encodeRequest(Xid.setWatches, body), now);
      this.pending.push({ xid: Xid.setWatches, op: body.op, role: 'set-watches', outgoing: undefined });
    }
    const queued = this.queue;
    this.queue = [];
    for (const outgoing of queued) this.send(socket, outgoing, now);
  }

  // ---- replies and events ---------------------------------------------------------------------

  private onReply(payload: Uint8Array, now: number): void {
    const header = decodeReplyHeader(payload);
    switch (header.xid) {
      case Xid.notification:
        this.onWatchEvent(payload);
        return;
      case Xid.ping:
        return;
      case Xid.auth:
        this.onAuthReply(header.err, header.zxid);
        return;
    }
    const head = this.pending[0];
    if (head === undefined || head.xid !== header.xid) {
      // Replies come back in send order or the connection is broken (ClientCnxn: "Xid out of order").
      this.log('warn', `xid out of order: got ${header.xid}, expected ${head === undefined ? 'nothing' : head.xid}`);
      this.connectionLost('xid out of order', now);
      return;
    }
    this.pending.shift();
    if (header.zxid > 0n) this.lastZxidValue = header.zxid;
    const { body } = decodeReply(payload, head.op);
    switch (head.role) {
      case 'user':
        this.completeUser(head.outgoing!, header.err, header.zxid, body);
        return;
      case 'set-watches':
        if (header.err !== ErrorCode.OK) this.log('warn', `setWatches failed: ${errorCodeName(header.err)}`);
        return;
      case 'internal':
        return;
      case 'close':
        this.end('Closed');
        return;
    }
  }

  private completeUser(outgoing: Outgoing, err: number, zxid: bigint, body: Response | null): void {
    let registered = false;
    const path = requestPath(outgoing.body);
    if (outgoing.watch !== undefined && path !== undefined) {
      const kind = registeredKind(outgoing.watch.kind, err);
      if (kind !== undefined) {
        this.watches.add(kind, path, outgoing.watch.watcher);
        registered = true;
      }
    }
    if (outgoing.body.op === OpCode.removeWatches && (err === ErrorCode.OK || outgoing.local)) {
      this.removeLocally(outgoing.body.path, outgoing.body.type);
    }
    const reply = body === null ? null : responseWithoutChroot(this.chroot, body);
    const effectiveErr = outgoing.local && outgoing.body.op === OpCode.removeWatches ? ErrorCode.OK : err;
    this.emit({ type: 'reply', request: outgoing.request, err: effectiveErr, zxid, body: reply, registered });
  }

  private onWatchEvent(payload: Uint8Array): void {
    const { header, event } = decodeWatcherEvent(payload);
    const watchers = this.watches.materialize(event.type, event.path);
    if (watchers.length === 0) return;
    this.emit({
      type: 'watch-event',
      watchers,
      eventType: event.type,
      path: stripChroot(this.chroot, event.path),
      zxid: header.zxid,
    });
  }

  private onAuthReply(err: number, zxid: bigint): void {
    if (err === ErrorCode.AuthFailed) {
      this.end('AuthFailed');
      return;
    }
    // Other codes are not outcomes ZooKeeper produces; such an entry is not replayed.
    const answered = this.auths.answered(err === ErrorCode.OK);
    if (answered === undefined) {
      this.log('warn', `unexpected auth reply (err ${err})`);
      return;
    }
    for (const request of answered.waiters) this.emit({ type: 'reply', request, err, zxid, body: null, registered: false });
  }

  // ---- requests -------------------------------------------------------------------------------

  private submit(input: Extract<SessionInput, { type: 'submit' }>, now: number): void {
    const phase = this.phase;
    if (phase.name === 'ended') {
      this.failRequest(input.request, errorForEnd(phase.state), reasonForEnd(phase.state));
      return;
    }
    if (phase.name === 'connected' && phase.closeDeadlineMs !== undefined) {
      this.failRequest(input.request, ErrorCode.ConnectionLoss, 'client is closing');
      return;
    }
    if (this.queue.length + this.pending.length >= this.maxOutstandingRequests) {
      this.failRequest(input.request, ErrorCode.ThrottledOp, `more than ${this.maxOutstandingRequests} requests outstanding`);
      return;
    }
    const body = input.rawPaths === true ? input.body : requestWithChroot(this.chroot, input.body);
    if (body.op === OpCode.removeWatches && !this.watches.has(body.path, kindsForWatcherType(body.type))) {
      // As the Java client: a watch this client does not hold is refused without a round trip.
      this.failRequest(input.request, ErrorCode.NoWatcher, 'no such watcher');
      return;
    }
    if (body.op === OpCode.removeWatches && input.local === true) {
      // Local removal does not depend on the server; the request still tells it when possible.
      this.removeLocally(body.path, body.type);
    }
    const outgoing: Outgoing = {
      request: input.request,
      body,
      watch: input.watch,
      local: input.local === true,
      deadlineMs: input.timeoutMs === undefined ? undefined : now + input.timeoutMs,
    };
    if (phase.name === 'connected') this.send(phase.socket, outgoing, now);
    else this.queue.push(outgoing);
  }

  private send(socket: Socket, outgoing: Outgoing, now: number): void {
    const xid = this.xids.next();
    this.write(socket, encodeRequest(xid, outgoing.body), now);
    this.pending.push({ xid, op: outgoing.body.op, role: 'user', outgoing });
  }

  private sendInternal(socket: Socket, body: Request, role: 'internal' | 'close', now: number): void {
    const xid = this.xids.next();
    this.write(socket, encodeRequest(xid, body), now);
    this.pending.push({ xid, op: body.op, role, outgoing: undefined });
  }

  private failRequest(request: RequestId, err: number, reason: string): void {
    this.emit({ type: 'reply', request, err, zxid: -1n, body: null, registered: false, reason });
  }

  private addAuth(request: RequestId, scheme: string, auth: Uint8Array, now: number): void {
    const phase = this.phase;
    if (phase.name === 'ended') {
      this.failRequest(request, errorForEnd(phase.state), reasonForEnd(phase.state));
      return;
    }
    const toSend = this.auths.add(scheme, auth, request);
    // Unless connected, the entry goes out with the next handshake.
    if (phase.name === 'connected' && toSend !== undefined) this.sendAuth(phase.socket, toSend, now);
  }

  private sendAuth(socket: Socket, entry: AuthEntry, now: number): void {
    this.write(socket, encodeRequest(Xid.auth, { op: OpCode.auth, type: 0, scheme: entry.scheme, auth: entry.auth }), now);
    this.auths.sent(entry);
  }

  private removeLocally(serverPath: string, watcherType: number): void {
    const removed = this.watches.remove(serverPath, kindsForWatcherType(watcherType));
    if (removed.length > 0) this.emit({ type: 'watchers-removed', path: stripChroot(this.chroot, serverPath), removed });
  }

  private forgetWatcher(watcher: WatcherId, serverPath: string, kinds: readonly WatchKind[], now: number): void {
    if (this.watches.remove(serverPath, kinds, watcher).length === 0) return;
    const phase = this.phase;
    if (phase.name !== 'connected' || phase.closeDeadlineMs !== undefined) return;
    // A watch still held here, or one a request in flight may leave, must stay on the server:
    // removeWatches(any) would take it too. Otherwise the server stops sending events now
    // rather than at the next reconnect.
    if (this.watches.has(serverPath)) return;
    if (this.pending.some((p) => p.outgoing?.watch !== undefined && requestPath(p.outgoing.body) === serverPath)) return;
    this.sendInternal(phase.socket, { op: OpCode.removeWatches, path: serverPath, type: 3 }, 'internal', now);
  }

  private write(socket: Socket, payload: Uint8Array, now: number): void {
    socket.lastSendMs = now;
    this.emit({ type: 'send', connection: socket.connection, bytes: frame(payload) });
  }

  // ---- time -----------------------------------------------------------------------------------

  /**
   * When to ping: once send-idle for readTimeout/2, or 1 s sooner when that idle time exceeds
   * 1 s, and at least every 10 s (ClientCnxn: `readTimeout/2 - idleSend - (idleSend > 1000 ?
   * 1000 : 0) <= 0 || idleSend > 10000`).
   */
  private nextPingMs(socket: Socket): number {
    const half = Math.floor(this.readTimeoutMs / 2);
    const idleForPing = half <= 1000 ? half : Math.max(half - 1000, 1001);
    return socket.lastSendMs + Math.min(idleForPing, MAX_SEND_PING_INTERVAL_MS + 1);
  }

  private poll(now: number): void {
    this.expireRequests(now);
    const phase = this.phase;
    switch (phase.name) {
      case 'idle':
      case 'ended':
        return;
      case 'backoff':
        if (this.localExpiry(now)) return;
        if (now >= phase.untilMs) this.attempt(now);
        return;
      case 'connecting':
      case 'handshaking':
        if (this.localExpiry(now)) return;
        if (now - phase.socket.startedMs >= this.connectTimeoutMs) {
          this.connectionLost(phase.name === 'connecting' ? 'connect timeout' : 'no handshake response', now);
        }
        return;
      case 'connected':
        if (phase.closeDeadlineMs !== undefined && now >= phase.closeDeadlineMs) {
          this.end('Closed');
          return;
        }
        if (now - this.lastHeardMs! >= this.readTimeoutMs) {
          this.connectionLost(`no reply from the server for ${now - this.lastHeardMs!} ms`, now);
          return;
        }
        if (now >= this.nextPingMs(phase.socket)) this.write(phase.socket, encodeRequest(Xid.ping, { op: OpCode.ping }), now);
        if (this.publicState === 'ReadOnly' && phase.closeDeadlineMs === undefined) this.pollReadWriteProbe(now);
        return;
    }
  }

  // ---- finding a read/write server (ClientCnxn.pingRwServer) ---------------------------------

  /** While read-only, asks the next host whether it serves writes; the interval doubles up to a minute. */
  private pollReadWriteProbe(now: number): void {
    if (this.rwProbe !== undefined) {
      if (now < this.rwProbe.deadlineMs) return;
      this.cancelProbe();
    }
    if (now < this.rwProbeAtMs) return;
    const host = this.hosts.next();
    const id = this.nextProbe++;
    this.rwProbe = { id, host, deadlineMs: now + this.connectTimeoutMs };
    this.rwProbeIntervalMs = Math.min(2 * this.rwProbeIntervalMs, MAX_RW_PROBE_INTERVAL_MS);
    this.rwProbeAtMs = now + this.rwProbeIntervalMs;
    this.log('info', `read-only: asking ${host.host}:${host.port} whether it is read/write`);
    this.emit({ type: 'probe-rw', probe: id, host });
  }

  private onProbeResult(probe: number, readWrite: boolean, now: number): void {
    const asked = this.rwProbe;
    if (asked === undefined || asked.id !== probe) return;
    this.rwProbe = undefined;
    if (!readWrite || this.publicState !== 'ReadOnly') return;
    this.rwServer = asked.host;
    this.connectionLost(`${asked.host.host}:${asked.host.port} is a read/write server`, now);
  }

  private cancelProbe(): void {
    if (this.rwProbe === undefined) return;
    this.emit({ type: 'cancel-probe', probe: this.rwProbe.id });
    this.rwProbe = undefined;
  }

  // ---- a new server list (ZooKeeper.updateServerList) ------------------------------------------

  private updateHosts(hosts: readonly HostPort[], now: number): void {
    if (this.phase.name === 'ended') return;
    const phase = this.phase;
    const current = phase.name === 'connected' ? phase.socket.host : undefined;
    const move = this.hosts.update(hosts, current);
    this.connectTimeoutMs = Math.floor((this.negotiatedTimeoutMs || this.requestedTimeoutMs) / this.hosts.size);
    this.log('info', `server list updated to ${this.hosts.size} hosts${move ? ': moving to rebalance' : ''}`);
    const closing = phase.name === 'connected' && phase.closeDeadlineMs !== undefined;
    if (move && !closing && this.currentSocket() !== undefined) this.connectionLost('moving to another server after a server list update', now);
  }

  /**
   * Declares the session expired after hearing nothing for 4/3 of its timeout while
   * disconnected: the server has expired it by then (ZOOKEEPER-4508, ZooKeeper 3.9).
   */
  private localExpiry(now: number): boolean {
    if (!this.everConnected || now - this.lastHeardMs! < this.expirationTimeoutMs) return false;
    this.log('warn', `no server heard for ${now - this.lastHeardMs!} ms: session expired`);
    this.end('Expired');
    return true;
  }

  private expireRequests(now: number): void {
    const late = (deadline: number | undefined): boolean => deadline !== undefined && now >= deadline;
    if (this.queue.some((o) => late(o.deadlineMs))) {
      for (const o of this.queue.filter((q) => late(q.deadlineMs))) this.failRequest(o.request, ErrorCode.RequestTimeout, 'request timed out');
      this.queue = this.queue.filter((o) => !late(o.deadlineMs));
    }
    const stuck = this.pending.findIndex((p) => late(p.outgoing?.deadlineMs));
    if (stuck === -1) return;
    // Replies are FIFO, so a request without a reply holds up all later ones: give up on the
    // connection, as the Java client does since ZOOKEEPER-2251.
    const [timedOut] = this.pending.splice(stuck, 1);
    this.failRequest(timedOut!.outgoing!.request, ErrorCode.RequestTimeout, 'request timed out');
    this.connectionLost('request timed out', now);
  }

  // ---- losing and ending ----------------------------------------------------------------------

  private connectionLost(reason: string, now: number): void {
    const socket = this.currentSocket();
    const phase = this.phase;
    if (socket === undefined || phase.name === 'ended') return;
    const closing = phase.name === 'connected' && phase.closeDeadlineMs !== undefined;
    this.emit({ type: 'close-socket', connection: socket.connection });
    this.cancelProbe();
    this.failAll(ErrorCode.ConnectionLoss, `connection lost: ${reason}`);
    this.auths.connectionLost();
    if (closing) {
      this.end('Closed');
      return;
    }
    this.log('info', `connection ${socket.connection} lost: ${reason}`);
    if (phase.name === 'connected') this.setState('Disconnected');
    const jitter = this.firstAttempt || this.reconnectJitterMs <= 0 ? 0 : this.random(this.reconnectJitterMs);
    const spin = this.hosts.exhausted ? this.spinDelayMs : 0;
    this.phase = { name: 'backoff', untilMs: now + jitter + spin };
  }

  private failAll(err: number, reason: string): void {
    const pending = this.pending;
    const queue = this.queue;
    this.pending = [];
    this.queue = [];
    for (const p of pending) if (p.role === 'user') this.failRequest(p.outgoing!.request, err, reason);
    for (const o of queue) this.failRequest(o.request, err, reason);
  }

  private end(state: TerminalState): void {
    const socket = this.currentSocket();
    if (socket !== undefined) this.emit({ type: 'close-socket', connection: socket.connection });
    this.cancelProbe();
    this.phase = { name: 'ended', state };
    this.failAll(errorForEnd(state), reasonForEnd(state));
    for (const request of this.auths.drainWaiters()) this.failRequest(request, errorForEnd(state), reasonForEnd(state));
    const watchers = this.watches.drain();
    if (watchers.length > 0) this.emit({ type: 'watchers-ended', watchers, state });
    this.setState(state);
  }

  private close(now: number): void {
    const phase = this.phase;
    switch (phase.name) {
      case 'ended':
        return;
      case 'connected':
        if (phase.closeDeadlineMs !== undefined) return;
        phase.closeDeadlineMs = now + this.readTimeoutMs;
        this.sendInternal(phase.socket, { op: OpCode.closeSession }, 'close', now);
        return;
      default:
        // Without a connection there is nobody to tell; the server expires the session.
        this.end('Closed');
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private setState(state: ConnectionState): void {
    if (state === this.publicState) return;
    this.publicState = state;
    this.emit({ type: 'state', state, sessionId: this.sessionIdValue });
  }

  private emit(effect: SessionEffect): void {
    this.effects.push(effect);
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.emit({ type: 'log', level, message });
  }
}
