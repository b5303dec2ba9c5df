/**
 * The simulated world around an ensemble of core `Server`s: 3 or 5 voters (and maybe an
 * observer), each with its own disk, tick rate (clock drift) and process state (up, paused,
 * crashed); the {@link PeerNetwork} between them; clients that connect to any member and move
 * on when it fails them. Faults strike at drawn intervals during the safety phase; then the
 * liveness phase heals everything and demands a leader and an answer for every client within a
 * bound; a quiet phase lets every session expire before the final checks.
 */
import { Server, type ConnId, type CoreConfig, type Input, type Output } from '@paddock/core';
import type { ConnectRequest, DecodedRequest } from '@paddock/protocol';
import { violation } from '../check/violation';
import type { ServerMessage } from '../client/messages';
import { SimClient, type ClientEnv } from '../client/sim-client';
import type { CounterName } from '../counters';
import { describeInput, describeOutput } from '../describe';
import { EventQueue } from '../event-queue';
import { SimNetwork } from '../network';
import type { SimOptions } from '../options';
import { Prng } from '../prng';
import { Trace } from '../trace';
import { coreConfigFor, WALL_CLOCK_BASE_MS } from '../world-config';
import { EnsembleChecker } from './ensemble-checker';
import { freshEnsembleCounts, TraceCounter, type EnsembleCounterName } from './ensemble-counts';
import type { EnsembleOptions } from './ensemble-options';
import { PeerNetwork, type PeerDelivery } from './peer-network';
import { ReplicaDisk } from './replica-disk';

/** A bug planted in the simulated world itself (never in the core). */
export type WorldPlant = 'early-fsync-report';

/** One member: its server (null while crashed), disk and process state. */
interface Member {
  readonly id: number;
  server: Server | null;
  readonly disk: ReplicaDisk;
  config: CoreConfig;
  /** Bumped at every crash: events of an earlier incarnation are stale. */
  generation: number;
  readonly tickPeriodMs: number;
  /** Period of its `election-tick`s; null when the run feeds none. */
  readonly electionTickMs: number | null;
  /** Inputs that arrived while paused, delivered in order on resume. */
  paused: Input[] | null;
  clockFedMs: number;
  epochDoneAtMs: number;
  /** This incarnation has a `snapshot-slice` event in the queue. */
  sliceScheduled: boolean;
}

/** A client connection: which member (incarnation) it reaches and what it waits for. */
interface ClientConn {
  readonly member: number;
  readonly generation: number;
  readonly client: SimClient;
  sessionId: bigint;
  readonly pending: Array<{ readonly xid: number; readonly op: number }>;
}

type SimEvent =
  | { readonly kind: 'tick'; readonly member: number; readonly generation: number }
  | { readonly kind: 'fsync-done'; readonly member: number; readonly generation: number }
  | { readonly kind: 'epoch-done'; readonly member: number; readonly generation: number }
  | { readonly kind: 'snapshot-slice'; readonly member: number; readonly generation: number }
  | { readonly kind: 'election-tick'; readonly member: number; readonly generation: number }
  | { readonly kind: 'peer'; readonly delivery: PeerDelivery }
  | { readonly kind: 'to-server'; readonly member: number; readonly generation: number; readonly input: Input }
  | { readonly kind: 'to-client'; readonly client: SimClient; readonly conn: ConnId; readonly message: ServerMessage }
  | { readonly kind: 'wake'; readonly client: SimClient; readonly token: number }
  | { readonly kind: 'fault' }
  | { readonly kind: 'restart'; readonly member: number; readonly generation: number }
  | { readonly kind: 'resume'; readonly member: number; readonly generation: number }
  | { readonly kind: 'clog'; readonly a: number; readonly b: number; readonly clogged: boolean };

/** One simulated ensemble run; {@link EnsembleWorld.run} throws the first violation. */
export class EnsembleWorld implements ClientEnv {
  readonly counts = freshEnsembleCounts();
  readonly trace = new Trace();
  readonly checker: EnsembleChecker;
  private readonly traceCounter = new TraceCounter(this.counts);
  private readonly queue = new EventQueue<SimEvent>();
  private readonly members: Member[] = [];
  private readonly peers: PeerNetwork;
  private readonly clientNet: SimNetwork;
  private readonly diskRng: Prng;
  private readonly faultRng: Prng;
  /** Where a crash tears the log (its own fork, so torn tails shift no other draw). */
  private readonly tearRng: Prng;
  /** Whether a fault strikes the leader: a fork of its own, so the fault draws stay as they were. */
  private readonly leaderFaultRng: Prng;
  private readonly clients: SimClient[] = [];
  private readonly conns = new Map<ConnId, ClientConn>();
  /** Connections the member hung up on whose client has not heard yet: what is in flight still arrives. */
  private readonly hungUp = new Map<ConnId, ClientConn>();
  private readonly wakeTokens = new Map<SimClient, number>();
  /** Each client's next member to try, as ZooKeeper's client walks its shuffled host list. */
  private readonly nextMember = new Map<SimClient, number>();
  private nextConn = 1;
  private faulting = true;
  nowMs = 0;
  steps = 0;

  /**
   * `plant`: a simulator-side bug, to prove the checkers have teeth without touching the core.
   * `early-fsync-report` makes the disk report writes durable when their fsync starts, so members
   * ACK what a crash can still lose (ZooKeeper's "ACK before fsync", played by the adapter).
   */
  constructor(readonly options: SimOptions, readonly ensemble: EnsembleOptions, private readonly plant: WorldPlant | null = null) {
    const root = Prng.fromSeed(options.seed);
    const coreRng = root.fork('ensemble/core');
    const ids = Array.from({ length: ensemble.voters + ensemble.observers }, (_, i) => i + 1);
    const layout = ids.map((id) => ({ id, observer: id > ensemble.voters }));
    for (const id of ids) {
      const config: CoreConfig = {
        ...coreConfigFor(options, coreRng.nextU32()),
        serverId: id,
        ensemble: layout,
        committedLogCount: ensemble.committedLogCount,
        // Small enough that most SNAPs stream in several chunks (counted as snapMultiChunk).
        snapChunkBytes: SNAP_CHUNK_BYTES,
        zxidCounterMax: ensemble.zxidCounterMax,
        // Clients pipeline a handful of requests at most; the world does not model throttling.
        maxOutstandingPerConnection: 1000,
      };
      const tickPeriodMs = Math.max(1, Math.round((options.tickTimeMs * ensemble.tickPermille[id - 1]!) / 1000));
      const electionTickMs = ensemble.electionTicksPerTick === 0 ? null : Math.max(1, Math.round(tickPeriodMs / ensemble.electionTicksPerTick));
      this.members.push({ id, server: null, disk: new ReplicaDisk(), config, generation: 0, tickPeriodMs, electionTickMs, paused: null, clockFedMs: -1, epochDoneAtMs: 0, sliceScheduled: false });
    }
    this.checker = new EnsembleChecker(this.counts, this.members.slice(0, ensemble.voters).map((m) => m.disk), options.extendedTypesEnabled);
    this.peers = new PeerNetwork(ids, root.fork('ensemble/peers'), ensemble.linkMs, {
      notify: (server, input) => this.deliver(this.member(server), input),
      schedule: (atMs, delivery) => this.queue.push(atMs, { kind: 'peer', delivery }),
    });
    this.clientNet = new SimNetwork(root.fork('network'), options.networkMs);
    this.diskRng = root.fork('disk');
    this.faultRng = root.fork('ensemble/faults');
    this.tearRng = root.fork('ensemble/tear');
    this.leaderFaultRng = root.fork('ensemble/faults/leader');
    const clientOptions = { ...options, minSessionTimeoutMs: this.config.minSessionTimeoutMs, maxSessionTimeoutMs: this.config.maxSessionTimeoutMs, readTimeout: true };
    for (let i = 0; i < options.clients; i++) {
      const rng = root.fork(`client/${i}`);
      this.nextMember.set(this.addClient(i, rng, clientOptions), rng.fork('hosts').int(0, ids.length - 1));
    }
  }

  /** Member 1's configuration; every member shares the timeouts clients negotiate against. */
  get config(): CoreConfig {
    return this.members[0]!.config;
  }

  private addClient(i: number, rng: Prng, o: ConstructorParameters<typeof SimClient>[2]): SimClient {
    const c = new SimClient(i, rng, o, this);
    this.clients.push(c);
    return c;
  }

  /** Safety phase with faults, liveness phase, quiet phase, final checks. */
  run(): void {
    for (const m of this.members) {
      m.config = { ...m.config, startWallMs: WALL_CLOCK_BASE_MS };
      this.start(m, Server.bootstrap(m.config));
    }
    for (const c of this.clients) c.start();
    this.scheduleFault();
    while (this.steps < this.options.steps && this.runNext());
    this.livenessPhase();
    for (const c of this.clients) c.stop();
    // Every client is silent now, so every session expires: within one timeout of the last
    // leader change (a new leader restarts every session's countdown, as ZooKeeper's does).
    // A zxid counter rollover may elect again meanwhile, hence a few timeouts of bound; the
    // last closeSession commits must reach every replica too.
    const c = this.config;
    this.runUntil(() => {
      const infos = this.members.map((m) => m.server!.inspect());
      return infos.every((i) => i.sessions.length === 0 && i.lastZxid === infos[0]!.lastZxid);
    }, 3 * c.maxSessionTimeoutMs + 40 * c.tickTimeMs);
    this.finalChecks();
  }

  /**
   * Heals everything (and, in some runs, restarts the leader: see `failoverAtHeal`), then
   * requires, within a bound, an established leader followed by every member and a fresh reply
   * for every client (a session of its own, resumed or new).
   */
  private livenessPhase(): void {
    this.faulting = false;
    const healAtMs = this.nowMs;
    this.peers.heal(this.nowMs);
    const failing = this.ensemble.failoverAtHeal ? this.leaderMember() : null;
    if (failing) this.crash(failing);
    for (const m of this.members) {
      if (!m.server) this.restart(m);
      else if (m.paused) this.resume(m);
    }
    const c = this.config;
    // Election, discovery and sync (initLimit each), then clients' self-pauses (up to 2.5
    // session timeouts), a read timeout and a reconnect.
    const boundMs = (3 * c.initLimit + 2 * c.syncLimit + 10) * this.options.tickTimeMs * 1.2 + 4 * c.maxSessionTimeoutMs;
    let leader: number | null = null;
    const live = this.runUntil(() => {
      leader ??= this.establishedLeader();
      return leader !== null && this.clients.every((client) => client.lastReplyMs > healAtMs);
    }, boundMs);
    if (live) return;
    if (leader === null) violation('liveness-no-leader', `no established leader ${boundMs} ms after healing: ${this.roles()}`);
    const waiting = this.clients.filter((client) => client.lastReplyMs <= healAtMs).map((client) => client.id);
    violation('liveness-client-unanswered', `clients ${waiting.join(',')} got no reply in the ${boundMs} ms after healing: ${this.roles()}`);
  }

  /** The one serving leader that every member follows, or null. */
  private establishedLeader(): number | null {
    const infos = this.members.map((m) => m.server!.inspect());
    const leaders = infos.filter((i) => i.role === 'leader' && i.serving);
    if (leaders.length !== 1) return null;
    const id = this.members[infos.indexOf(leaders[0]!)]!.id;
    return infos.every((i) => i.serving && (i.role === 'leader' || i.leaderId === id)) ? id : null;
  }

  /** A running member that leads (the newest epoch's, if two think they do), or null. */
  private leaderMember(): Member | null {
    let best: { m: Member; epoch: number } | null = null;
    for (const m of this.members) {
      const i = m.server?.inspect();
      if (i?.role === 'leader' && (best === null || i.currentEpoch > best.epoch)) best = { m, epoch: i.currentEpoch };
    }
    return best?.m ?? null;
  }

  private roles(): string {
    return this.members.map((m) => {
      const i = m.server?.inspect();
      return i ? `${m.id}:${i.role}${i.serving ? '' : '(not serving)'}@${i.currentEpoch}` : `${m.id}:down`;
    }).join(' ');
  }

  private finalChecks(): void {
    const infos = this.members.map((m) => ({ id: m.id, info: m.server!.inspect() }));
    const [head] = infos;
    for (const { id, info } of infos) {
      if (info.lastZxid !== head!.info.lastZxid || info.digest !== head!.info.digest) {
        violation('replicas-diverged', `after quiet: server ${id} at ${info.lastZxid} digest ${info.digest}, server ${head!.id} at ${head!.info.lastZxid} digest ${head!.info.digest}`);
      }
      if (info.sessions.length > 0) violation('session-not-expired', `after quiet: server ${id} still holds ${info.sessions.map((s) => `0x${s.id.toString(16)}`).join(',')}`);
      if (info.ephemeralCount > 0) violation('ephemeral-outlived-session', `after quiet: server ${id} holds ${info.ephemeralCount} ephemerals`);
    }
    this.checker.checkAcked(Math.max(...infos.map((x) => x.info.committedZxid)));
    this.checker.checkReplies();
  }

  /** Runs tick by tick until `done` holds (true) or `boundMs` passed (false). */
  private runUntil(done: () => boolean, boundMs: number): boolean {
    const deadline = this.nowMs + boundMs;
    while (this.nowMs < deadline) {
      this.runFor(this.options.tickTimeMs);
      if (done()) return true;
    }
    return false;
  }

  private runFor(ms: number): void {
    const until = this.nowMs + ms;
    while ((this.queue.peekTime() ?? Infinity) <= until) this.runNext();
    this.nowMs = until;
  }

  private runNext(): boolean {
    const next = this.queue.pop();
    if (!next) return false;
    this.nowMs = next.timeMs;
    if (this.handle(next.event)) this.steps++;
    return true;
  }

  private member(id: number): Member {
    return this.members[id - 1]!;
  }

  private current(id: number, generation: number): Member | null {
    const m = this.member(id);
    return m.server && m.generation === generation ? m : null;
  }

  private handle(e: SimEvent): boolean {
    switch (e.kind) {
      case 'tick': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        // A paused process misses its timer ticks; it does not get them all at once later.
        if (!m.paused) this.feed(m, { type: 'tick' });
        this.queue.push(this.nowMs + m.tickPeriodMs, e);
        return true;
      }
      case 'fsync-done': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        const reports = m.disk.endFsync();
        if (this.plant !== 'early-fsync-report') for (const input of reports) this.deliver(m, input);
        this.startFsync(m);
        return true;
      }
      case 'epoch-done': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        this.deliver(m, m.disk.completeEpochWrite());
        return true;
      }
      case 'election-tick': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        // Like ticks, a paused process misses them.
        if (!m.paused) this.feed(m, { type: 'election-tick' });
        this.queue.push(this.nowMs + m.electionTickMs!, e);
        return true;
      }
      case 'snapshot-slice': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        m.sliceScheduled = false;
        this.counts.snapshotSlices++;
        this.deliver(m, { type: 'snapshot-slice' });
        return true;
      }
      case 'peer': {
        const d = e.delivery;
        if (!this.peers.isCurrent(d)) return false;
        this.deliver(this.member(d.to), { type: 'peer-message', from: d.from, message: d.message });
        return true;
      }
      case 'to-server': {
        const m = this.current(e.member, e.generation);
        if (!m) return false;
        this.deliver(m, e.input);
        return true;
      }
      case 'to-client':
        this.toClientArrived(e.client, e.conn, e.message);
        return true;
      case 'wake':
        if (this.wakeTokens.get(e.client) !== e.token) return false;
        e.client.wake();
        return true;
      case 'fault':
        if (!this.faulting) return false;
        this.injectFault();
        this.scheduleFault();
        return true;
      case 'restart': {
        const m = this.member(e.member);
        if (m.server || m.generation !== e.generation) return false;
        this.restart(m);
        return true;
      }
      case 'resume': {
        const m = this.current(e.member, e.generation);
        if (!m || !m.paused) return false;
        this.resume(m);
        return true;
      }
      case 'clog':
        if (!this.faulting) return false;
        this.trace.record(`${this.nowMs} ${e.clogged ? 'clog' : 'unclog'} s${e.a}-s${e.b}`);
        if (e.clogged) {
          this.peers.hold(e.a, e.b);
          this.peers.hold(e.b, e.a);
        } else {
          this.peers.release(e.a, e.b, this.nowMs);
          this.peers.release(e.b, e.a, this.nowMs);
        }
        return true;
    }
  }

  // ---- members ---------------------------------------------------------------------------------

  private start(m: Member, server: Server): void {
    m.server = server;
    m.clockFedMs = -1;
    m.sliceScheduled = false;
    this.checker.restarted(m.id);
    this.feed(m, { type: 'clock', wallMs: this.wallMs() });
    this.peers.serverUp(m.id, this.nowMs);
    this.queue.push(this.nowMs + m.tickPeriodMs, { kind: 'tick', member: m.id, generation: m.generation });
    if (m.electionTickMs !== null) this.queue.push(this.nowMs + m.electionTickMs, { kind: 'election-tick', member: m.id, generation: m.generation });
  }

  private restart(m: Member): void {
    this.counts.restarts++;
    // A later start time, as a restarted process has: session ids derive from it.
    m.config = { ...m.config, startWallMs: this.wallMs() };
    const { state, cutBytes } = m.disk.recover();
    if (cutBytes > 0) this.counts.tornTails++;
    this.start(m, Server.recover(m.config, state));
  }

  private crash(m: Member): void {
    this.counts.crashes++;
    if (m.disk.hasUnsynced) this.counts.crashesWithUnsyncedWrites++;
    this.trace.record(`${this.nowMs} s${m.id} crash`);
    m.disk.crash(this.ensemble.tornTails ? this.tearRng : null);
    m.server = null;
    m.paused = null;
    m.generation++;
    m.epochDoneAtMs = 0;
    this.peers.serverDown(m.id);
    for (const [conn, c] of [...this.conns]) if (c.member === m.id) this.hangUp(conn, c, 'server crashed');
    const [lo, hi] = this.ensemble.downTicks;
    this.queue.push(this.nowMs + this.faultRng.int(lo, hi) * this.options.tickTimeMs, { kind: 'restart', member: m.id, generation: m.generation });
  }

  private pause(m: Member): void {
    this.counts.pauses++;
    this.trace.record(`${this.nowMs} s${m.id} pause`);
    m.paused = [];
    const [lo, hi] = this.ensemble.downTicks;
    this.queue.push(this.nowMs + this.faultRng.int(lo, hi) * this.options.tickTimeMs, { kind: 'resume', member: m.id, generation: m.generation });
  }

  private resume(m: Member): void {
    this.trace.record(`${this.nowMs} s${m.id} resume`);
    const backlog = m.paused!;
    m.paused = null;
    for (const input of backlog) if (m.server && !m.paused) this.feed(m, input);
  }

  /** An input for a live member: fed now, or kept until a pause ends. */
  private deliver(m: Member, input: Input): void {
    if (!m.server) return;
    if (m.paused) m.paused.push(input);
    else this.feed(m, input);
  }

  private wallMs(): number {
    return WALL_CLOCK_BASE_MS + this.nowMs;
  }

  private feed(m: Member, input: Input): void {
    if (m.clockFedMs !== this.nowMs && input.type !== 'clock') {
      m.clockFedMs = this.nowMs;
      this.step(m, { type: 'clock', wallMs: this.wallMs() });
    }
    this.step(m, input);
  }

  private step(m: Member, input: Input): void {
    const server = m.server!;
    this.trace.record(`${this.nowMs} s${m.id} ${describeInput(input)}`);
    let outputs: Output[];
    try {
      outputs = server.step(input);
    } catch (e) {
      violation('core-threw', `server ${m.id} on ${describeInput(input)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const o of outputs) this.trace.record(`${this.nowMs} s${m.id} ${describeOutput(o)}`);
    this.dispatch(m, outputs);
    this.checker.afterStep(m.id, server.inspect(), m.disk.issued);
    this.scheduleSlice(m, server);
  }

  /** A snapshot (or SNAP) being written in slices gets its next slice 1 ms later, as the adapter's next turn. */
  private scheduleSlice(m: Member, server: Server): void {
    if (m.sliceScheduled || !server.snapshotPending) return;
    m.sliceScheduled = true;
    this.queue.push(this.nowMs + 1, { kind: 'snapshot-slice', member: m.id, generation: m.generation });
  }

  private dispatch(m: Member, outputs: readonly Output[]): void {
    for (const o of outputs) {
      switch (o.type) {
        case 'peer-send':
          this.peers.send(m.id, o.to, o.message, this.nowMs);
          break;
        case 'truncate':
          this.checker.truncating(m.id, o.zxid, m.disk.issued);
          this.writeLog(m, o);
          break;
        case 'append':
        case 'install-snapshot':
        case 'snapshot':
          this.writeLog(m, o);
          break;
        case 'install-snapshot-piece':
        case 'install-snapshot-abort':
          m.disk.write(o);
          break;
        case 'persist-epoch': {
          m.disk.writeEpoch(o.name, o.epoch);
          const [lo, hi] = this.ensemble.epochWriteMs;
          // Epoch writes complete in issue order, so the later value of a file wins.
          m.epochDoneAtMs = Math.max(this.nowMs + this.diskRng.int(lo, hi), m.epochDoneAtMs);
          this.queue.push(m.epochDoneAtMs, { kind: 'epoch-done', member: m.id, generation: m.generation });
          break;
        }
        case 'handshake-reply': {
          const c = this.conns.get(o.conn);
          if (c) c.sessionId = o.response.sessionId;
          this.toClient(o.conn, { kind: 'handshake', response: o.response });
          break;
        }
        case 'reply':
          this.toClient(o.conn, { kind: 'reply', xid: o.header.xid, zxid: o.header.zxid, err: o.header.err, body: o.body });
          break;
        case 'watch-event':
          this.toClient(o.conn, { kind: 'event', zxid: o.zxid, event: o.event });
          break;
        case 'close': {
          const c = this.conns.get(o.conn);
          if (c) this.hangUp(o.conn, c, o.reason);
          break;
        }
        case 'trace':
          this.traceCounter.line(o.message);
          break;
        case 'throttle':
          break;
      }
    }
  }

  private writeLog(m: Member, w: Parameters<ReplicaDisk['write']>[0]): void {
    m.disk.write(w);
    this.startFsync(m);
  }

  private startFsync(m: Member): void {
    if (!m.disk.beginFsync()) return;
    const [lo, hi] = this.options.fsyncMs;
    this.queue.push(this.nowMs + this.diskRng.int(lo, hi), { kind: 'fsync-done', member: m.id, generation: m.generation });
    if (this.plant === 'early-fsync-report') for (const input of m.disk.reportsOfSync()) this.deliver(m, input);
  }

  // ---- faults ----------------------------------------------------------------------------------

  private scheduleFault(): void {
    const [lo, hi] = this.ensemble.faultEveryMs;
    this.queue.push(this.nowMs + this.faultRng.int(lo, hi), { kind: 'fault' });
  }

  private injectFault(): void {
    const rng = this.faultRng;
    const ids = this.members.map((m) => m.id);
    const drawn = this.member(rng.pick(ids));
    const target = this.leaderFaultRng.chance(this.ensemble.leaderFaultChance) ? (this.leaderMember() ?? drawn) : drawn;
    switch (rng.pick(this.ensemble.faults)) {
      case 'crash':
        if (target.server) this.crash(target);
        return;
      case 'pause':
        if (target.server && !target.paused) this.pause(target);
        return;
      case 'isolate':
        this.counts.isolations++;
        this.trace.record(`${this.nowMs} isolate s${target.id}`);
        return this.peers.block([target.id], ids);
      case 'split': {
        this.counts.splits++;
        const side = ids.filter(() => rng.chance(0.5));
        this.trace.record(`${this.nowMs} split ${side.join(',')} | rest`);
        return this.peers.block(side, ids.filter((id) => !side.includes(id)));
      }
      case 'one-way': {
        const others = ids.filter((id) => id !== target.id);
        const to = rng.pick(others);
        // Sometimes all the target's sends stall at once (a full socket buffer, a stalled
        // sender): a leader so muted still hears its learners and logs writes no one else has.
        for (const id of this.leaderFaultRng.chance(0.5) ? others : [to]) {
          this.counts.oneWayHolds++;
          this.trace.record(`${this.nowMs} hold s${target.id}>s${id}`);
          this.peers.hold(target.id, id);
        }
        return;
      }
      case 'reset-link': {
        const other = rng.pick(ids.filter((id) => id !== target.id));
        this.counts.linkResets++;
        this.trace.record(`${this.nowMs} reset s${target.id}-s${other}`);
        return this.peers.reset(target.id, other, this.nowMs);
      }
      case 'swizzle-clog':
        return this.swizzleClog();
      case 'heal':
        this.counts.heals++;
        this.trace.record(`${this.nowMs} heal`);
        return this.peers.heal(this.nowMs);
    }
  }

  /**
   * FoundationDB's swizzle-clog: clogs a random subset of links (both directions held, bytes
   * kept) one by one, then unclogs them one by one in a different order.
   */
  private swizzleClog(): void {
    const rng = this.faultRng;
    const ids = this.members.map((m) => m.id);
    const links = ids.flatMap((a) => ids.filter((b) => a < b).map((b) => [a, b] as const)).filter(() => rng.chance(0.5));
    if (links.length < 2) return;
    this.counts.swizzleClogs++;
    const gapMs = rng.int(20, 300);
    const unclog = shuffled(links, rng);
    if (unclog.every((l, i) => l === links[i])) unclog.reverse();
    links.forEach(([a, b], i) => this.queue.push(this.nowMs + i * gapMs, { kind: 'clog', a, b, clogged: true }));
    unclog.forEach(([a, b], i) => this.queue.push(this.nowMs + (links.length + i) * gapMs, { kind: 'clog', a, b, clogged: false }));
  }

  // ---- clients ---------------------------------------------------------------------------------

  private toClient(conn: ConnId, message: ServerMessage): void {
    const c = this.conns.get(conn);
    if (c) this.queue.push(this.clientNet.arrival(`s${conn}`, this.nowMs), { kind: 'to-client', client: c.client, conn, message });
  }

  /** The member hung up (or died): the client hears of it after the usual latency. */
  private hangUp(conn: ConnId, c: ClientConn, reason: string): void {
    this.queue.push(this.clientNet.arrival(`s${conn}`, this.nowMs), { kind: 'to-client', client: c.client, conn, message: { kind: 'closed', reason } });
    this.conns.delete(conn);
    this.hungUp.set(conn, c);
  }

  /** What the client is about to receive passes the session checks first. */
  private toClientArrived(client: SimClient, conn: ConnId, message: ServerMessage): void {
    const c = this.conns.get(conn) ?? this.hungUp.get(conn);
    if (message.kind === 'closed') this.hungUp.delete(conn);
    if (c && message.kind === 'reply') {
      const head = c.pending.shift();
      if (head && head.xid === message.xid) this.checker.reply(c.member, c.sessionId, head.op, message.xid, message.zxid, message.err, message.body, conn, this.nowMs);
      this.checker.replyOnConnection(conn, message.zxid);
    }
    if (c && message.kind === 'event') this.checker.event(c.member, conn, c.sessionId, message.zxid, message.event, this.nowMs);
    client.receive(conn, message);
  }

  connect(client: SimClient, request: ConnectRequest): ConnId {
    const conn = this.nextConn++;
    const n = this.members.length;
    const index = this.nextMember.get(client)!;
    this.nextMember.set(client, (index + 1) % n);
    const m = this.members[index]!;
    const c: ClientConn = { member: m.id, generation: m.generation, client, sessionId: request.sessionId, pending: [] };
    this.conns.set(conn, c);
    if (!m.server) {
      this.counts.connectionsRefused++;
      this.hangUp(conn, c, 'connection refused');
      return conn;
    }
    this.toServer(conn, c, { type: 'client-connected', conn, remoteHost: `10.0.1.${client.id + 1}`, remotePort: 30000 + conn });
    this.toServer(conn, c, { type: 'client-handshake', conn, request });
    return conn;
  }

  send(conn: ConnId, request: DecodedRequest): void {
    const c = this.conns.get(conn);
    if (!c) return;
    if (request.ok) {
      c.pending.push({ xid: request.xid, op: request.request.op });
      this.checker.requestSent(c.sessionId, request.xid, request.request, conn, this.nowMs);
    }
    this.toServer(conn, c, { type: 'client-request', conn, request });
  }

  disconnect(conn: ConnId): void {
    this.hungUp.delete(conn);
    const c = this.conns.get(conn);
    if (!c) return;
    this.conns.delete(conn);
    this.toServer(conn, c, { type: 'client-disconnected', conn });
  }

  wakeAt(client: SimClient, atMs: number): void {
    const token = (this.wakeTokens.get(client) ?? 0) + 1;
    this.wakeTokens.set(client, token);
    this.queue.push(atMs, { kind: 'wake', client, token });
  }

  count(name: CounterName): void {
    if (isEnsembleCounter(name)) this.counts[name]++;
  }

  private toServer(conn: ConnId, c: ClientConn, input: Input): void {
    this.queue.push(this.clientNet.arrival(`c${conn}`, this.nowMs), { kind: 'to-server', member: c.member, generation: c.generation, input });
  }
}

/** A copy of `items` in an order drawn from `rng` (Fisher-Yates). */
function shuffled<T>(items: readonly T[], rng: Prng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The leaders' `snapChunkBytes`: a few hundred bytes, so a SNAP of a few znodes takes several chunks. */
const SNAP_CHUNK_BYTES = 256;

const CLIENT_COUNTERS: ReadonlySet<string> = new Set<EnsembleCounterName>(['readTimeouts', 'watchReplays', 'connectionsAbandoned', 'clientPauses']);

function isEnsembleCounter(name: CounterName): name is CounterName & EnsembleCounterName {
  return CLIENT_COUNTERS.has(name);
}
