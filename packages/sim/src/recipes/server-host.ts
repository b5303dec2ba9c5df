/**
 * The standalone core `Server` as a simulated process: its disk (log appends made durable by a
 * drawn fsync, group committed; the last snapshot), its tick, the byte-level side of its client
 * connections (frames decoded into inputs, outputs encoded into frames), and crash/restart: a
 * crash loses what was not fsynced and every connection; a restart is `Server.recover` from the
 * durable snapshot and log, with a later start time, as a restarted process has.
 */
import { joinChunks, Server, type ConnId, type CoreConfig, type Input, type LogRecord, type Output } from '@paddock/core';
import { describeInput, describeOutput } from '../describe';
import type { Prng } from '../prng';
import type { Trace } from '../trace';
import type { Agenda } from './virtual-process';
import { WALL_CLOCK_BASE_MS } from '../world-config';
import { ClientEnds, type ServerSideLink } from './client-ends';

export class ServerHost {
  private server: Server | null;
  private config: CoreConfig;
  private readonly log: LogRecord[] = [];
  private durableCount = 0;
  private fsyncing = false;
  private snapshot: { zxid: number; chunks: readonly Uint8Array[] } | null = null;
  /** Owned by `undefined`: there is only the one server. */
  private readonly clients = new ClientEnds<undefined>();
  /** Bumped at every crash: timers and fsyncs of an earlier life are void. */
  private generation = 0;
  private clockFedMs = -1;

  constructor(
    config: CoreConfig,
    private readonly agenda: Agenda,
    private readonly rng: Prng,
    private readonly trace: Trace,
    private readonly fsyncMs: readonly [number, number],
  ) {
    this.config = config;
    this.server = Server.bootstrap(config);
    this.scheduleTick();
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  /** Any host name reaches the one server. */
  get connectString(): string {
    return 'sim-server:2181';
  }

  /**
   * The sessions the server considers live. While it is down: the ones its durable state holds,
   * which a restart brings back (each with a fresh timeout, as in ZooKeeper).
   */
  liveSessions(): Set<bigint> {
    const server = this.server ?? Server.recover(this.config, this.durable());
    return new Set(server.inspect().sessions.map((s) => s.id));
  }

  /** A new connection from a client (any host name reaches this one server); undefined when down. */
  accept(_host: unknown, link: ServerSideLink, remotePort: number): ConnId | undefined {
    if (this.server === null) return undefined;
    const conn = this.clients.open(undefined, link);
    this.feed({ type: 'client-connected', conn, remoteHost: '10.0.0.1', remotePort });
    return conn;
  }

  /** Bytes from the client of `conn`, in order. */
  receive(conn: ConnId, bytes: Uint8Array): void {
    this.clients.receive(conn, bytes, (_owner, input) => this.feed(input));
  }

  /** The client end went away (it closed, or the connection broke). */
  hangUp(conn: ConnId): void {
    if (this.clients.hangUp(conn) === undefined) return;
    this.feed({ type: 'client-disconnected', conn });
  }

  /** Whether `conn` is still open on the server's side. */
  isOpen(conn: ConnId): boolean {
    return this.clients.isOpen(conn);
  }

  /** Kills the process: unsynced log records are lost, every connection breaks. */
  crash(): void {
    if (this.server === null) return;
    this.trace.record(`${this.agenda.nowMs} server crash (${this.log.length - this.durableCount} unsynced records lost)`);
    this.server = null;
    this.generation++;
    this.log.length = this.durableCount;
    this.fsyncing = false;
    this.clients.breakAll(undefined, 'server crashed');
  }

  /** Starts the process again from its durable snapshot and log. */
  restart(): void {
    if (this.server !== null) return;
    this.config = { ...this.config, startWallMs: this.wallMs() };
    this.clockFedMs = -1;
    this.trace.record(`${this.agenda.nowMs} server restart from ${this.durableCount} records`);
    this.server = Server.recover(this.config, this.durable());
    this.scheduleTick();
  }

  private durable(): { snapshot: Uint8Array | null; txns: Uint8Array[] } {
    return {
      snapshot: this.snapshot === null ? null : joinChunks(this.snapshot.chunks),
      txns: this.log.slice(0, this.durableCount).map((r) => r.payload),
    };
  }

  private wallMs(): number {
    return WALL_CLOCK_BASE_MS + this.agenda.nowMs;
  }

  private scheduleTick(): void {
    const generation = this.generation;
    this.agenda.at(this.agenda.nowMs + this.config.tickTimeMs, () => {
      if (generation !== this.generation) return;
      this.feed({ type: 'tick' });
      this.scheduleTick();
    });
  }

  private feed(input: Input): void {
    const server = this.server;
    if (server === null) return;
    if (this.clockFedMs !== this.agenda.nowMs) {
      this.clockFedMs = this.agenda.nowMs;
      this.dispatch(server.step({ type: 'clock', wallMs: this.wallMs() }));
    }
    this.trace.record(`${this.agenda.nowMs} ${describeInput(input)}`);
    this.dispatch(server.step(input));
  }

  private dispatch(outputs: readonly Output[]): void {
    for (const o of outputs) {
      this.trace.record(`${this.agenda.nowMs} ${describeOutput(o)}`);
      if (this.clients.deliver(o)) continue;
      switch (o.type) {
        case 'append':
          this.log.push(...o.records);
          this.startFsync();
          break;
        case 'snapshot':
          this.snapshot = { zxid: o.zxid, chunks: o.chunks };
          break;
        default:
          // throttle: the client here keeps few requests in flight; trace: recorded above.
          break;
      }
    }
  }

  /** One fsync at a time covers everything appended before it started (group commit). */
  private startFsync(): void {
    if (this.fsyncing || this.durableCount === this.log.length) return;
    this.fsyncing = true;
    const upTo = this.log.length;
    const generation = this.generation;
    this.agenda.at(this.agenda.nowMs + this.rng.int(this.fsyncMs[0], this.fsyncMs[1]), () => {
      if (generation !== this.generation) return;
      this.fsyncing = false;
      this.durableCount = upTo;
      this.feed({ type: 'persisted', zxid: this.log[upTo - 1]!.zxid });
      this.startFsync();
    });
  }
}
