/**
 * The simulated world around one core `Server`: a virtual clock, one event queue ordered by
 * (virtual time, sequence), a disk with group commit, a FIFO network per connection, periodic
 * ticks and a set of clients. Every input fed to the server and every output it returns passes
 * through the trace (and its hash) and the checker, in order.
 */
import { Server, type ConnId, type CoreConfig, type Input, type Output } from '@paddock/core';
import type { ConnectRequest, DecodedRequest } from '@paddock/protocol';
import { Checker, type CheckedServer } from './check/checker';
import { checkQuiesced, checkReplay, checkSnapshot } from './check/final-checks';
import { violation } from './check/violation';
import type { ServerMessage } from './client/messages';
import { SimClient, type ClientEnv, type ClientOptions } from './client/sim-client';
import { freshCounts, type CounterName } from './counters';
import { describeInput, describeOutput } from './describe';
import { SimDisk } from './disk';
import { EventQueue } from './event-queue';
import { SimNetwork } from './network';
import type { SimOptions } from './options';
import { Prng } from './prng';
import { Trace } from './trace';
import { coreConfigFor, WALL_CLOCK_BASE_MS } from './world-config';

/** What the world needs of a server: the core's `Server`, or a wrapper around it. */
export interface ServerLike extends CheckedServer {
  step(input: Input): Output[];
  inspect(): ReturnType<Server['inspect']>;
  /** A snapshot is being written in slices and wants `snapshot-slice` inputs. */
  readonly snapshotPending: boolean;
}

/** Builds the server a world runs (tests wrap the real one to plant faults). */
export type ServerFactory = (config: CoreConfig) => ServerLike;

type SimEvent =
  | { readonly kind: 'tick' }
  | { readonly kind: 'snapshot-slice' }
  | { readonly kind: 'fsync-done'; readonly zxid: number }
  | { readonly kind: 'to-server'; readonly input: Input }
  | { readonly kind: 'to-client'; readonly client: SimClient; readonly conn: ConnId; readonly message: ServerMessage }
  | { readonly kind: 'wake'; readonly client: SimClient; readonly token: number }
  | { readonly kind: 'resume-reading'; readonly conn: ConnId };

/** One simulated run; {@link World.run} drives it to the end or throws the first violation. */
export class World implements ClientEnv {
  readonly counts = freshCounts();
  readonly trace = new Trace();
  readonly config: CoreConfig;
  readonly checker: Checker;
  readonly disk = new SimDisk();
  private readonly server: ServerLike;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly network: SimNetwork;
  private readonly diskRng: Prng;
  private readonly clients: SimClient[] = [];
  private readonly connOwner = new Map<ConnId, SimClient>();
  private readonly wakeTokens = new Map<SimClient, number>();
  /** Requests not yet read from a throttled connection (or one still catching up), in arrival order. */
  private readonly held = new Map<ConnId, Input[]>();
  private readonly paused = new Set<ConnId>();
  private nextConn = 1;
  private clockFedMs = -1;
  /** A `snapshot-slice` event is in the queue. */
  private sliceScheduled = false;
  /** Virtual time in ms since the start of the run. */
  nowMs = 0;
  /** Events handled (stale timers excluded). */
  steps = 0;

  constructor(readonly options: SimOptions, serverFactory: ServerFactory = (c) => Server.bootstrap(c)) {
    const root = Prng.fromSeed(options.seed);
    this.config = coreConfigFor(options, root.fork('core').nextU32());
    this.server = serverFactory(this.config);
    this.checker = new Checker(this.config, this.counts);
    this.network = new SimNetwork(root.fork('network'), options.networkMs);
    this.diskRng = root.fork('disk');
    const clientOptions: ClientOptions = {
      ...options, minSessionTimeoutMs: this.config.minSessionTimeoutMs, maxSessionTimeoutMs: this.config.maxSessionTimeoutMs, readTimeout: false,
    };
    for (let i = 0; i < options.clients; i++) this.clients.push(new SimClient(i, root.fork(`client/${i}`), clientOptions, this));
  }

  /** Runs the busy phase for `options.steps` events, then a quiet phase, then the final checks. */
  run(): void {
    this.queue.push(this.config.tickTimeMs, { kind: 'tick' });
    for (const c of this.clients) c.start();
    while (this.steps < this.options.steps && this.runNext()) {
      // Each iteration handled one event.
    }
    for (const c of this.clients) c.stop();
    const quietUntil = this.nowMs + this.quietPhaseMs();
    while ((this.queue.peekTime() ?? Infinity) <= quietUntil) this.runNext();
    checkQuiesced(this.checker.model, this.wallMs(), this.config.tickTimeMs);
    checkReplay(this.config, this.disk, this.server);
  }

  /**
   * Long enough for every silent session to expire (max timeout + ticks), for TTLs to run out,
   * and for containers emptied by that to be collected, level by level.
   */
  private quietPhaseMs(): number {
    const o = this.options;
    return this.config.maxSessionTimeoutMs + 4 * o.tickTimeMs + o.ttlMs[1] + 5 * o.containerCheckIntervalMs;
  }

  /** Handles the next event; false when the queue is empty. */
  private runNext(): boolean {
    const next = this.queue.pop();
    if (!next) return false;
    this.nowMs = next.timeMs;
    if (this.handle(next.event)) this.steps++;
    return true;
  }

  private handle(e: SimEvent): boolean {
    switch (e.kind) {
      case 'tick':
        this.feed({ type: 'tick' });
        this.queue.push(this.nowMs + this.config.tickTimeMs, { kind: 'tick' });
        return true;
      case 'snapshot-slice':
        this.sliceScheduled = false;
        this.counts.snapshotSlices++;
        this.feed({ type: 'snapshot-slice' });
        return true;
      case 'fsync-done':
        this.disk.endFsync();
        this.feed({ type: 'persisted', zxid: e.zxid });
        this.startFsync();
        return true;
      case 'to-server': {
        const held = e.input.type === 'client-request' ? this.held.get(e.input.conn) : undefined;
        // The adapter stops reading a throttled connection; its requests wait in the socket,
        // and are lost with it if the client hangs up first.
        if (held) held.push(e.input);
        else this.feed(e.input);
        if (e.input.type === 'client-disconnected') this.forgetConnection(e.input.conn);
        return true;
      }
      case 'resume-reading':
        this.resumeReading(e.conn);
        return true;
      case 'to-client':
        e.client.receive(e.conn, e.message);
        return true;
      case 'wake':
        if (this.wakeTokens.get(e.client) !== e.token) return false;
        e.client.wake();
        return true;
    }
  }

  private wallMs(): number {
    return WALL_CLOCK_BASE_MS + this.nowMs;
  }

  /** Feeds one input, preceded by the wall clock whenever virtual time moved. */
  private feed(input: Input): void {
    if (this.clockFedMs !== this.nowMs) {
      this.clockFedMs = this.nowMs;
      this.step({ type: 'clock', wallMs: this.wallMs() });
    }
    this.step(input);
  }

  private step(input: Input): void {
    this.trace.record(`${this.nowMs} ${describeInput(input)}`);
    this.checker.input(input);
    let outputs: Output[];
    try {
      outputs = this.server.step(input);
    } catch (e) {
      violation('core-threw', `${describeInput(input)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const o of outputs) this.trace.record(`${this.nowMs} ${describeOutput(o)}`);
    this.checker.outputs(outputs);
    this.checker.afterStep(input, this.server);
    this.dispatch(outputs);
    this.scheduleSlice();
  }

  /** A snapshot being written in slices gets its next slice 1 ms later, as the adapter's next turn. */
  private scheduleSlice(): void {
    if (this.sliceScheduled || !this.server.snapshotPending) return;
    this.sliceScheduled = true;
    this.queue.push(this.nowMs + 1, { kind: 'snapshot-slice' });
  }

  private dispatch(outputs: readonly Output[]): void {
    for (const o of outputs) {
      switch (o.type) {
        case 'handshake-reply':
          this.toClient(o.conn, { kind: 'handshake', response: o.response });
          break;
        case 'reply':
          this.toClient(o.conn, { kind: 'reply', xid: o.header.xid, zxid: o.header.zxid, err: o.header.err, body: o.body });
          break;
        case 'watch-event':
          this.toClient(o.conn, { kind: 'event', zxid: o.zxid, event: o.event });
          break;
        case 'close':
          this.toClient(o.conn, { kind: 'closed', reason: o.reason });
          this.forgetConnection(o.conn);
          break;
        case 'append':
          this.disk.append(o.records);
          this.startFsync();
          break;
        case 'snapshot':
          this.disk.saveSnapshot(o.zxid, o.chunks);
          this.counts.snapshots++;
          checkSnapshot(this.config, this.disk.snapshot!, this.disk.log, this.server);
          break;
        case 'throttle':
          this.throttle(o.conn, o.paused);
          break;
        default:
          break;
      }
    }
  }

  /**
   * Pauses or resumes reading `conn`. What arrives meanwhile waits; on resume one event reads
   * the backlog in order (later arrivals keep queuing behind it), until the server pauses again.
   */
  private throttle(conn: ConnId, paused: boolean): void {
    if (paused) {
      this.counts.throttles++;
      this.paused.add(conn);
      if (!this.held.has(conn)) this.held.set(conn, []);
    } else {
      this.paused.delete(conn);
      this.queue.push(this.nowMs, { kind: 'resume-reading', conn });
    }
  }

  private resumeReading(conn: ConnId): void {
    const backlog = this.held.get(conn);
    while (backlog && backlog.length > 0 && !this.paused.has(conn)) this.feed(backlog.shift()!);
    if (!this.paused.has(conn)) this.held.delete(conn);
  }

  private forgetConnection(conn: ConnId): void {
    this.connOwner.delete(conn);
    this.held.delete(conn);
    this.paused.delete(conn);
  }

  private startFsync(): void {
    const fsync = this.disk.beginFsync();
    if (!fsync) return;
    this.counts.fsyncs++;
    if (fsync.records > 1) this.counts.groupCommits++;
    const [lo, hi] = this.options.fsyncMs;
    this.queue.push(this.nowMs + this.diskRng.int(lo, hi), { kind: 'fsync-done', zxid: fsync.zxid });
  }

  private toClient(conn: ConnId, message: ServerMessage): void {
    const client = this.connOwner.get(conn);
    if (!client) return;
    this.queue.push(this.network.arrival(`s${conn}`, this.nowMs), { kind: 'to-client', client, conn, message });
  }

  private toServer(conn: ConnId, input: Input): void {
    this.queue.push(this.network.arrival(`c${conn}`, this.nowMs), { kind: 'to-server', input });
  }

  // ---- ClientEnv -------------------------------------------------------------------------------

  connect(client: SimClient, request: ConnectRequest): ConnId {
    const conn = this.nextConn++;
    this.connOwner.set(conn, client);
    this.toServer(conn, { type: 'client-connected', conn, remoteHost: `10.0.0.${client.id + 1}`, remotePort: 30000 + conn });
    this.toServer(conn, { type: 'client-handshake', conn, request });
    return conn;
  }

  send(conn: ConnId, request: DecodedRequest): void {
    this.toServer(conn, { type: 'client-request', conn, request });
  }

  disconnect(conn: ConnId): void {
    this.connOwner.delete(conn);
    this.toServer(conn, { type: 'client-disconnected', conn });
  }

  wakeAt(client: SimClient, atMs: number): void {
    const token = (this.wakeTokens.get(client) ?? 0) + 1;
    this.wakeTokens.set(client, token);
    this.queue.push(atMs, { kind: 'wake', client, token });
  }

  count(name: CounterName): void {
    this.counts[name]++;
  }
}
