/**
 * Three core `Server`s as an ensemble, behind the recipe simulation's network: each member has
 * its own disk (the ensemble simulator's {@link ReplicaDisk}: group-committed log writes, epoch
 * files), its tick, and the byte-level side of its client connections; the members talk over
 * the ensemble simulator's {@link PeerNetwork}. Members crash (losing what was not fsynced) and
 * restart from their durable state; a member can be cut off from its peers until healed.
 * Clients reach member `i` as host `s<i>`.
 */
import { defaultCoreConfig, Server, type ConnId, type CoreConfig, type Input, type Output } from '@paddock/core';
import type { HostPort } from '@paddock/client';
import { describeInput, describeOutput } from '../describe';
import { PeerNetwork } from '../ensemble/peer-network';
import { ReplicaDisk } from '../ensemble/replica-disk';
import type { Prng } from '../prng';
import type { Trace } from '../trace';
import { WALL_CLOCK_BASE_MS } from '../world-config';
import { ClientEnds, type ServerSideLink } from './client-ends';
import type { ClientPorts } from './sim-transport';
import type { Agenda } from './virtual-process';

interface Member {
  readonly id: number;
  server: Server | null;
  config: CoreConfig;
  readonly disk: ReplicaDisk;
  /** Bumped at every crash: timers, fsyncs and epoch writes of an earlier life are void. */
  generation: number;
  clockFedMs: number;
  epochDoneAtMs: number;
}

export interface EnsembleHostOptions {
  readonly members: number;
  readonly tickTimeMs: number;
  readonly fsyncMs: readonly [number, number];
  readonly linkMs: readonly [number, number];
  readonly epochWriteMs: readonly [number, number];
  readonly snapCount: number;
}

export class EnsembleHost implements ClientPorts {
  readonly ids: readonly number[];
  private readonly members: Member[] = [];
  private readonly peers: PeerNetwork;
  private readonly clients = new ClientEnds<Member>();

  constructor(
    private readonly options: EnsembleHostOptions,
    private readonly agenda: Agenda,
    coreRng: Prng,
    peerRng: Prng,
    private readonly diskRng: Prng,
    private readonly trace: Trace,
  ) {
    this.ids = Array.from({ length: options.members }, (_, i) => i + 1);
    const layout = this.ids.map((id) => ({ id, observer: false }));
    for (const id of this.ids) {
      const config = defaultCoreConfig({
        serverId: id, ensemble: layout, tickTimeMs: options.tickTimeMs, randomSeed: coreRng.nextU32(),
        startWallMs: WALL_CLOCK_BASE_MS, snapCount: options.snapCount,
      });
      this.members.push({ id, server: null, config, disk: new ReplicaDisk(), generation: 0, clockFedMs: -1, epochDoneAtMs: 0 });
    }
    this.peers = new PeerNetwork(this.ids, peerRng, options.linkMs, {
      notify: (server, input) => this.feed(this.member(server), input),
      schedule: (atMs, delivery) => this.agenda.at(atMs, () => {
        if (this.peers.isCurrent(delivery)) this.feed(this.member(delivery.to), { type: 'peer-message', from: delivery.from, message: delivery.message });
      }),
    });
    for (const m of this.members) this.start(m, Server.bootstrap(m.config));
  }

  /** The connect string that reaches every member. */
  get connectString(): string {
    return this.ids.map((id) => `s${id}:2181`).join(',');
  }

  isUp(id: number): boolean {
    return this.member(id).server !== null;
  }

  /**
   * The sessions the ensemble still considers live: the serving leader's table (the leader
   * applies a session's end first, so no successor can have seen its nodes go while it is
   * listed); during an election, the sessions every running member still lists.
   */
  liveSessions(): Set<bigint> {
    const running = this.members.filter((m) => m.server !== null).map((m) => m.server!.inspect());
    const leader = running.find((i) => i.role === 'leader' && i.serving);
    if (leader !== undefined) return new Set(leader.sessions.map((s) => s.id));
    const [first, ...rest] = running.map((i) => new Set(i.sessions.map((s) => s.id)));
    return new Set([...(first ?? [])].filter((id) => rest.every((r) => r.has(id))));
  }

  accept(host: HostPort, link: ServerSideLink, remotePort: number): ConnId | undefined {
    const id = Number(/^s(\d+)$/.exec(host.host)?.[1]);
    const m = this.members[id - 1];
    if (m === undefined || m.server === null) return undefined;
    const conn = this.clients.open(m, link);
    this.feed(m, { type: 'client-connected', conn, remoteHost: '10.0.0.1', remotePort });
    return conn;
  }

  receive(conn: ConnId, bytes: Uint8Array): void {
    this.clients.receive(conn, bytes, (m, input) => this.feed(m, input));
  }

  hangUp(conn: ConnId): void {
    const closed = this.clients.hangUp(conn);
    if (closed !== undefined) this.feed(closed.owner, { type: 'client-disconnected', conn });
  }

  /** Kills member `id`: unsynced writes are lost, its peer links and client connections break. */
  crash(id: number): void {
    const m = this.member(id);
    if (m.server === null) return;
    this.trace.record(`${this.agenda.nowMs} s${id} crash`);
    m.disk.crash();
    m.server = null;
    m.generation++;
    m.epochDoneAtMs = 0;
    this.peers.serverDown(id);
    this.clients.breakAll(m, 'server crashed');
  }

  /** Starts member `id` again from its durable state. */
  restart(id: number): void {
    const m = this.member(id);
    if (m.server !== null) return;
    this.trace.record(`${this.agenda.nowMs} s${id} restart`);
    m.config = { ...m.config, startWallMs: WALL_CLOCK_BASE_MS + this.agenda.nowMs };
    this.start(m, Server.recover(m.config, m.disk.recover().state));
  }

  /** Cuts member `id` off from its peers (client connections stay) until {@link healPeers}. */
  isolate(id: number): void {
    this.trace.record(`${this.agenda.nowMs} isolate s${id}`);
    this.peers.block([id], this.ids);
  }

  healPeers(): void {
    this.peers.heal(this.agenda.nowMs);
  }

  private member(id: number): Member {
    return this.members[id - 1]!;
  }

  private start(m: Member, server: Server): void {
    m.server = server;
    m.clockFedMs = -1;
    this.feed(m, { type: 'clock', wallMs: this.wallMs() });
    this.peers.serverUp(m.id, this.agenda.nowMs);
    this.scheduleTick(m);
  }

  private scheduleTick(m: Member): void {
    const generation = m.generation;
    this.agenda.at(this.agenda.nowMs + this.options.tickTimeMs, () => {
      if (m.generation !== generation || m.server === null) return;
      this.feed(m, { type: 'tick' });
      this.scheduleTick(m);
    });
  }

  private wallMs(): number {
    return WALL_CLOCK_BASE_MS + this.agenda.nowMs;
  }

  private feed(m: Member, input: Input): void {
    const server = m.server;
    if (server === null) return;
    if (m.clockFedMs !== this.agenda.nowMs && input.type !== 'clock') {
      m.clockFedMs = this.agenda.nowMs;
      this.step(m, server, { type: 'clock', wallMs: this.wallMs() });
    }
    this.step(m, server, input);
  }

  private step(m: Member, server: Server, input: Input): void {
    this.trace.record(`${this.agenda.nowMs} s${m.id} ${describeInput(input)}`);
    const outputs = server.step(input);
    for (const o of outputs) this.trace.record(`${this.agenda.nowMs} s${m.id} ${describeOutput(o)}`);
    this.dispatch(m, outputs);
  }

  private dispatch(m: Member, outputs: readonly Output[]): void {
    for (const o of outputs) {
      if (this.clients.deliver(o)) continue;
      switch (o.type) {
        case 'peer-send':
          this.peers.send(m.id, o.to, o.message, this.agenda.nowMs);
          break;
        case 'append':
        case 'truncate':
        case 'install-snapshot-piece':
        case 'install-snapshot-abort':
        case 'install-snapshot':
        case 'snapshot':
          m.disk.write(o);
          this.startFsync(m);
          break;
        case 'persist-epoch': {
          m.disk.writeEpoch(o.name, o.epoch);
          const [lo, hi] = this.options.epochWriteMs;
          // Epoch writes complete in issue order, so the later value of a file wins.
          m.epochDoneAtMs = Math.max(this.agenda.nowMs + this.diskRng.int(lo, hi), m.epochDoneAtMs);
          const generation = m.generation;
          this.agenda.at(m.epochDoneAtMs, () => {
            if (m.generation === generation) this.feed(m, m.disk.completeEpochWrite());
          });
          break;
        }
        default:
          // throttle: the clients keep few requests in flight; trace: recorded above.
          break;
      }
    }
  }

  private startFsync(m: Member): void {
    if (!m.disk.beginFsync()) return;
    const generation = m.generation;
    const [lo, hi] = this.options.fsyncMs;
    this.agenda.at(this.agenda.nowMs + this.diskRng.int(lo, hi), () => {
      if (m.generation !== generation) return;
      for (const input of m.disk.endFsync()) this.feed(m, input);
      this.startFsync(m);
    });
  }
}
