/**
 * A simulated ZooKeeper client with its own connection and session. It behaves as ZooKeeper's
 * ClientCnxn does where the server can tell: xids start at 1 and increase, requests are
 * pipelined up to a limit, pings keep an idle session alive, and replies must come back in
 * send order (the Java client fails with "Xid out of order" otherwise). Now and then it closes
 * its session, drops its connection, or pauses long enough to lose its session. After losing a
 * connection it first tries to resume its session (same id and password, xids carrying on); if
 * the server answers that the session expired, or the client closed it, it starts a new one.
 */
import { ErrorCode, OpCode, type ConnectRequest, type DecodedRequest, type Request } from '@paddock/protocol';
import type { ConnId, PlantedBug } from '@paddock/core';
import { violation } from '../check/violation';
import type { CounterName } from '../counters';
import type { Prng } from '../prng';
import { ClientMemory } from './client-memory';
import { ClientWatches } from './client-watches';
import type { ServerMessage } from './messages';
import { Workload, type WorkloadShape } from './workload';

/** What a client can do to the world around it. */
export interface ClientEnv {
  readonly nowMs: number;
  /** Opens a connection and sends the ConnectRequest on it. */
  connect(client: SimClient, request: ConnectRequest): ConnId;
  send(conn: ConnId, request: DecodedRequest): void;
  /** Closes the connection from the client's side. */
  disconnect(conn: ConnId): void;
  /** Calls {@link SimClient.wake} at `atMs`, replacing any earlier wake-up of this client. */
  wakeAt(client: SimClient, atMs: number): void;
  count(name: CounterName): void;
}

/** A client's settings: the workload shape, the server's timeout bounds, and its habits. */
export interface ClientOptions extends WorkloadShape {
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly maxPipeline: number;
  readonly thinkMs: readonly [number, number];
  readonly pauseChance: number;
  readonly closeChance: number;
  readonly abandonChance: number;
  /**
   * Whether the client gives a connection up after hearing nothing for ZooKeeper's read timeout
   * (2/3 of the session timeout; the connect timeout before a handshake answer). A standalone
   * server always answers, but an ensemble member may be paused, crashed or cut off, and only
   * this timeout sends the client on to another member.
   */
  readonly readTimeout: boolean;
  /**
   * Bugs planted in the run. The client plays `watch-not-reregistered` itself: on resuming its
   * session it keeps believing in its watches but never replays them with setWatches.
   */
  readonly plantedBugs: ReadonlySet<PlantedBug>;
}

const PING_XID = -2;
/** ZooKeeper's client sends its watch replay with this reserved xid. */
const SET_WATCHES_XID = -8;

/** One simulated client; the world calls {@link SimClient.wake} and {@link SimClient.receive}. */
export class SimClient {
  private state: 'offline' | 'connecting' | 'connected' | 'closing' = 'offline';
  private conn: ConnId | null = null;
  /** The session to resume on the next connection; 0n for a new one. */
  private sessionId = 0n;
  private passwd: Uint8Array = new Uint8Array(16);
  private lastZxidSeen = 0n;
  private nextXid = 1;
  private readonly outstanding: Array<{ readonly xid: number; readonly request: Request }> = [];
  private lastSendMs = 0;
  /** When the last reply arrived; the ensemble's liveness phase requires a fresh one. */
  lastReplyMs = -1;
  /** When the current connection last delivered anything (or was opened). */
  private lastHeardMs = 0;
  private pausedUntilMs = 0;
  private negotiatedTimeoutMs = 0;
  private stopped = false;
  private readonly memory = new ClientMemory();
  private readonly watches = new ClientWatches();
  private readonly workload: Workload;
  private readonly timing: Prng;
  private readonly requestedTimeoutMs: number;
  private readonly maxPipeline: number;

  constructor(readonly id: number, rng: Prng, private readonly opts: ClientOptions, private readonly env: ClientEnv) {
    const params = rng.fork('params');
    // Sometimes outside [min, max], so the server's clamping is exercised.
    this.requestedTimeoutMs = params.int(Math.floor(opts.minSessionTimeoutMs / 2), Math.floor(opts.maxSessionTimeoutMs * 1.2));
    this.maxPipeline = params.int(1, opts.maxPipeline);
    this.workload = new Workload(rng.fork('workload'), opts, this.memory);
    this.timing = rng.fork('timing');
  }

  /** Schedules the first connection attempt. */
  start(): void {
    this.env.wakeAt(this, this.env.nowMs + this.timing.int(0, 20));
  }

  /** Falls silent for good (no close, no pings), so its session will expire. */
  stop(): void {
    this.stopped = true;
  }

  /** A timer set through {@link ClientEnv.wakeAt} fired. */
  wake(): void {
    const now = this.env.nowMs;
    if (this.stopped) return;
    if (now < this.pausedUntilMs) return this.env.wakeAt(this, this.pausedUntilMs);
    if (this.opts.readTimeout && this.state !== 'offline' && now - this.lastHeardMs >= this.readTimeoutMs()) return this.giveUpConnection(now);
    switch (this.state) {
      case 'offline':
        return this.connect();
      case 'connected':
        return this.act(now);
      case 'connecting':
      case 'closing':
        return this.armReadTimeout();
    }
  }

  /** A message arrived on connection `conn`. */
  receive(conn: ConnId, message: ServerMessage): void {
    if (conn !== this.conn) return;
    this.lastHeardMs = this.env.nowMs;
    switch (message.kind) {
      case 'handshake': {
        const { sessionId, passwd, timeOut } = message.response;
        if (sessionId === 0n) {
          // The session expired: the server hangs up next, and the client starts afresh.
          this.forgetSession();
          this.state = 'closing';
          return this.armReadTimeout();
        }
        const resumed = sessionId === this.sessionId;
        this.sessionId = sessionId;
        this.passwd = passwd;
        this.state = 'connected';
        this.negotiatedTimeoutMs = timeOut;
        if (resumed) {
          // As one ZooKeeper handle across reconnects: xids carry on, and the watches are replayed first.
          const replay = this.opts.plantedBugs.has('watch-not-reregistered') ? null : this.watches.replay(this.lastZxidSeen);
          if (replay) {
            this.env.count('watchReplays');
            this.send(replay, SET_WATCHES_XID);
          }
        } else {
          this.nextXid = 1;
          this.watches.clear();
          this.memory.forgetWatches();
        }
        return this.scheduleNext();
      }
      case 'reply': {
        const head = this.outstanding.shift();
        if (!head || head.xid !== message.xid) {
          violation('client-xid-order', `client ${this.id} on c${conn} expected xid ${head?.xid ?? 'none'}, got ${message.xid}`);
        }
        this.lastReplyMs = this.env.nowMs;
        this.memory.learn(head.request, message.err, message.body);
        this.watches.noteReply(head.request, message.err);
        if (message.zxid > this.lastZxidSeen) this.lastZxidSeen = message.zxid;
        if (head.request.op === OpCode.closeSession && message.err === ErrorCode.OK) {
          this.state = 'closing';
          this.forgetSession();
        }
        if (this.state === 'connected' && this.outstanding.length === this.maxPipeline - 1) this.scheduleNext();
        return;
      }
      case 'event':
        return this.watches.noteEvent(message.event.type, message.event.path);
      case 'closed':
        this.goOffline();
        if (!this.stopped) this.env.wakeAt(this, Math.max(this.pausedUntilMs, this.env.nowMs + this.timing.int(1, 50)));
        return;
    }
  }

  private connect(): void {
    this.state = 'connecting';
    this.lastHeardMs = this.env.nowMs;
    this.armReadTimeout();
    this.conn = this.env.connect(this, {
      protocolVersion: 0, lastZxidSeen: this.lastZxidSeen, timeOut: this.requestedTimeoutMs, sessionId: this.sessionId,
      passwd: this.passwd, readOnly: false,
    });
  }

  private forgetSession(): void {
    this.sessionId = 0n;
    this.passwd = new Uint8Array(16);
  }

  private act(now: number): void {
    const o = this.opts;
    const action = this.timing.weighted<string>([
      ['work', 1 - o.pauseChance - o.closeChance - o.abandonChance], ['pause', o.pauseChance], ['close', o.closeChance], ['abandon', o.abandonChance],
    ]);
    switch (action) {
      case 'pause':
        this.env.count('clientPauses');
        this.pausedUntilMs = now + this.pauseLength();
        return this.env.wakeAt(this, this.pausedUntilMs);
      case 'close':
        this.state = 'closing';
        this.forgetSession();
        this.send({ op: OpCode.closeSession }, this.nextXid++);
        return this.armReadTimeout();
      case 'abandon':
        this.env.count('connectionsAbandoned');
        this.env.disconnect(this.conn!);
        this.goOffline();
        return this.env.wakeAt(this, now + this.timing.int(1, 50));
      default:
        break;
    }
    if (this.outstanding.length < this.maxPipeline) this.send(this.workload.next(), this.nextXid++);
    else if (now - this.lastSendMs >= this.pingIntervalMs()) this.send({ op: OpCode.ping }, PING_XID);
    this.scheduleNext();
  }

  /** Next action after a think time; with a full pipeline, only the ping deadline matters. */
  private scheduleNext(): void {
    const now = this.env.nowMs;
    const pingAt = this.lastSendMs + this.pingIntervalMs();
    const at = this.outstanding.length < this.maxPipeline ? now + this.timing.int(this.opts.thinkMs[0], this.opts.thinkMs[1]) : pingAt;
    this.env.wakeAt(this, Math.max(now, Math.min(at, pingAt)));
  }

  /**
   * ZooKeeper's ClientCnxn: readTimeout is 2/3 of the negotiated session timeout. Before the
   * handshake is answered the same share of the requested timeout: ZooKeeper's connect timeout
   * (timeout / host count) is for real networks, far faster than a tick; the simulator's compressed
   * time would make a quorum-committed createSession miss it every time.
   */
  private readTimeoutMs(): number {
    const timeoutMs = this.state === 'connecting' ? this.requestedTimeoutMs : this.negotiatedTimeoutMs;
    return Math.max(1, Math.floor((timeoutMs * 2) / 3));
  }

  /** While waiting on the server (handshake, hang-up), only the read timeout can wake the client. */
  private armReadTimeout(): void {
    if (this.opts.readTimeout) this.env.wakeAt(this, this.lastHeardMs + this.readTimeoutMs());
  }

  /** The server went quiet: drop the connection and try the next server, resuming the session. */
  private giveUpConnection(now: number): void {
    this.env.count('readTimeouts');
    this.env.disconnect(this.conn!);
    this.goOffline();
    this.env.wakeAt(this, now + this.timing.int(1, 50));
  }

  /** ZooKeeper pings after readTimeout/2 of quiet, readTimeout being 2/3 of the session timeout. */
  private pingIntervalMs(): number {
    return Math.max(1, Math.floor(this.negotiatedTimeoutMs / 3));
  }

  /** Short pauses the session survives, long ones it may not. */
  private pauseLength(): number {
    const t = this.negotiatedTimeoutMs;
    return this.timing.chance(0.5) ? this.timing.int(1, Math.floor(t / 2)) : this.timing.int(t, Math.floor(t * 2.5));
  }

  private send(request: Request, xid: number): void {
    this.outstanding.push({ xid, request });
    this.lastSendMs = this.env.nowMs;
    this.env.send(this.conn!, { ok: true, xid, type: request.op, request });
  }

  private goOffline(): void {
    this.state = 'offline';
    this.conn = null;
    this.outstanding.length = 0;
  }
}
