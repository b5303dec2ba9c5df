/**
 * The recipe simulation: real `@paddock/client` recipes on virtual client processes, talking to
 * the core's standalone `Server` (or an ensemble of three) over a simulated network, under
 * seeded faults. One agenda of
 * events ordered by (virtual time, sequence); after each event the promise continuations it
 * released run to completion (one macrotask turn) before the next event, so a seed replays
 * exactly. Phases: faults for `faultPhaseMs`, then everything heals and the recipe must make
 * progress: every participant holds (leads) again within `healPhaseMs`.
 */
import { defaultCoreConfig } from '@paddock/core';
import { EventQueue } from '../event-queue';
import { Prng } from '../prng';
import { Trace } from '../trace';
import { WALL_CLOCK_BASE_MS } from '../world-config';
import { ExclusionChecker, RecipeViolation } from './exclusion-checker';
import {
  LatchParticipant, MutexParticipant, realMutex, SelectorParticipant, type LockFactory, type Participant,
  type ParticipantEnv, type RecipeKind,
} from './participants';
import { ServerHost } from './server-host';
import { EnsembleHost } from './ensemble-host';
import { SimNetwork, type ClientPorts, type LatencyOptions } from './sim-transport';
import { settle } from './settle';
import { VirtualProcess, type Agenda } from './virtual-process';

/** `isolate` (a member cut off from its peers) exists only in ensembles. */
export type FaultKind = 'cut' | 'crash' | 'pause' | 'delay' | 'skew' | 'isolate';
export const FAULT_KINDS: readonly FaultKind[] = ['cut', 'crash', 'pause', 'delay', 'skew'];

export interface RecipeSimOptions {
  readonly seed: number;
  readonly recipe: RecipeKind;
  /** Default 4. */
  readonly participants?: number;
  /** Default 40 000 virtual ms. */
  readonly faultPhaseMs?: number;
  /** Default 60 000 virtual ms. */
  readonly healPhaseMs?: number;
  /** The mutex participants use (tests plant broken ones). Default the real `Mutex`. */
  readonly lock?: LockFactory;
  /**
   * Run against an ensemble of three core servers (members crash and restart, get cut off from
   * their peers; clients fail over) instead of one standalone server. Default false.
   */
  readonly ensemble?: boolean;
}

export interface RecipeRunResult {
  readonly seed: number;
  readonly recipe: RecipeKind;
  readonly ensemble: boolean;
  /** The fault kinds this seed enabled (swarm testing). */
  readonly faults: readonly FaultKind[];
  readonly traceHash: string;
  readonly events: number;
  /** Times each participant came to hold / lead, over the whole run. */
  readonly acquisitions: readonly number[];
  readonly faultsInjected: number;
  readonly maxBelievers: number;
  readonly overlapsChecked: number;
}

const TICK_MS = 200;
const SESSION_TIMEOUT_MS = 3_000;

export class RecipeWorld implements Agenda, ParticipantEnv {
  readonly trace = new Trace();
  readonly sessionTimeoutMs = SESSION_TIMEOUT_MS;
  nowMs = 0;
  stopped = false;
  private readonly queue = new EventQueue<() => void>();
  private readonly rng: Prng;
  readonly connectString: string;
  /** One of the two: the standalone server, or the ensemble. */
  private readonly server: ServerHost | undefined;
  private readonly ensemble: EnsembleHost | undefined;
  private readonly network: SimNetwork;
  private readonly latency: { baseMs: [number, number]; spikeChance: number; spikeMs: [number, number] };
  private readonly processes: VirtualProcess[] = [];
  private readonly participants: Participant[] = [];
  private readonly checker: ExclusionChecker;
  private faults: readonly FaultKind[];
  private faultsInjected = 0;
  private events = 0;
  private healing = false;

  constructor(private readonly options: RecipeSimOptions) {
    const root = Prng.fromSeed(options.seed);
    this.rng = root.fork('faults');
    const drawn = root.fork('options');
    this.faults = FAULT_KINDS.filter(() => drawn.chance(0.6));
    this.latency = {
      baseMs: [1, drawn.int(2, 20)],
      spikeChance: this.faults.includes('delay') ? drawn.int(5, 50) / 1000 : 0,
      spikeMs: [50, drawn.int(200, 2_500)],
    };
    const config = defaultCoreConfig({
      tickTimeMs: TICK_MS, randomSeed: root.fork('core').nextU32(), startWallMs: WALL_CLOCK_BASE_MS, snapCount: drawn.int(20, 200),
    });
    const fsyncMs: [number, number] = [1, drawn.int(2, 30)];
    let ports: ClientPorts;
    if (options.ensemble === true) {
      // Drawn from forks of their own, so standalone seeds keep their runs.
      const shape = root.fork('ensemble/options');
      this.ensemble = new EnsembleHost({
        members: 3, tickTimeMs: TICK_MS, fsyncMs, linkMs: [1, shape.int(2, 15)], epochWriteMs: [1, shape.int(2, 20)], snapCount: config.snapCount,
      }, this, root.fork('ensemble/core'), root.fork('ensemble/peers'), root.fork('ensemble/disk'), this.trace);
      if (shape.chance(0.6)) this.faults = [...this.faults, 'isolate'];
      ports = this.ensemble;
    } else {
      this.server = new ServerHost(config, this, root.fork('disk'), this.trace, fsyncMs);
      ports = this.server;
    }
    this.connectString = (this.ensemble ?? this.server!).connectString;
    this.network = new SimNetwork(this, ports, root.fork('network'), this.latency as LatencyOptions, this.trace);
    const count = options.participants ?? 4;
    const skewed = this.faults.includes('skew');
    for (let i = 0; i < count; i++) {
      const p = root.fork(`process/${i}`);
      const rate = skewed ? p.int(75, 125) / 100 : 1;
      const process = new VirtualProcess(i, this, p.fork('client'), rate, skewed ? p.int(0, 10_000_000) : 0);
      this.processes.push(process);
      this.participants.push(this.participant(options.recipe, i, process, p.fork('workload')));
    }
    this.checker = new ExclusionChecker(this.participants, () => (this.ensemble ?? this.server!).liveSessions(), () => this.trace.tail(40));
  }

  at(timeMs: number, run: () => void): void {
    this.queue.push(Math.max(timeMs, this.nowMs), run);
  }

  transportFor(process: VirtualProcess): ReturnType<SimNetwork['transportFor']> {
    return this.network.transportFor(process);
  }

  /** Runs both phases; throws a {@link RecipeViolation} on a broken rule. */
  async run(): Promise<RecipeRunResult> {
    const faultPhaseMs = this.options.faultPhaseMs ?? 40_000;
    const healPhaseMs = this.options.healPhaseMs ?? 60_000;
    this.trace.record(`options ${this.ensemble === undefined ? 'standalone' : 'ensemble of 3'} faults=${this.faults.join(',') || 'none'} latency=${JSON.stringify(this.latency)}`);
    for (const p of this.participants) p.process.at(0, () => void p.run());
    if (this.faults.some((f) => f !== 'delay' && f !== 'skew')) this.scheduleFault();
    await this.runUntil(faultPhaseMs);
    this.heal();
    const before = this.participants.map((p) => p.acquisitions);
    await this.runUntil(faultPhaseMs + healPhaseMs);
    this.stopped = true;
    const stuck = this.participants.filter((p, i) => p.acquisitions === before[i] && p.holding === null);
    if (stuck.length > 0) {
      throw new RecipeViolation('no-progress', `after healing at ${faultPhaseMs} ms, ${stuck.map((p) => `p${p.index}`).join(', ')} never held in ${healPhaseMs} ms`, this.trace.tail(40));
    }
    return {
      seed: this.options.seed,
      recipe: this.options.recipe,
      ensemble: this.ensemble !== undefined,
      faults: this.faults,
      traceHash: this.trace.hash,
      events: this.events,
      acquisitions: this.participants.map((p) => p.acquisitions),
      faultsInjected: this.faultsInjected,
      maxBelievers: this.checker.maxBelievers,
      overlapsChecked: this.checker.overlapsChecked,
    };
  }

  private participant(kind: RecipeKind, i: number, process: VirtualProcess, rng: Prng): Participant {
    switch (kind) {
      case 'mutex':
        return new MutexParticipant(i, process, rng, this, this.options.lock ?? realMutex);
      case 'leader-latch':
        return new LatchParticipant(i, process, rng, this);
      case 'leader-selector':
        return new SelectorParticipant(i, process, rng, this);
    }
  }

  private async runUntil(endMs: number): Promise<void> {
    for (;;) {
      const at = this.queue.peekTime();
      if (at === undefined || at > endMs) break;
      const next = this.queue.pop()!;
      this.nowMs = next.timeMs;
      this.events++;
      next.event();
      await settle();
      this.checker.check(this.nowMs);
    }
    this.nowMs = endMs;
  }

  // ---- faults ------------------------------------------------------------------------------------

  private scheduleFault(): void {
    this.at(this.nowMs + this.rng.int(200, 3_000), () => {
      if (this.healing) return;
      this.injectFault();
      this.scheduleFault();
    });
  }

  private injectFault(): void {
    const kinds = this.faults.filter((f) => f === 'cut' || f === 'crash' || f === 'pause' || f === 'isolate');
    const kind = this.rng.pick(kinds);
    this.faultsInjected++;
    switch (kind) {
      case 'cut': {
        const links = this.network.openLinks();
        if (links.length > 0) this.network.cut(this.rng.pick(links));
        return;
      }
      case 'crash': {
        const downMs = this.rng.int(100, 2 * SESSION_TIMEOUT_MS);
        if (this.ensemble !== undefined) {
          const id = this.rng.pick(this.ensemble.ids);
          if (!this.ensemble.isUp(id)) return;
          const ensemble = this.ensemble;
          ensemble.crash(id);
          this.at(this.nowMs + downMs, () => ensemble.restart(id));
          return;
        }
        const server = this.server!;
        if (!server.isUp) return;
        server.crash();
        this.at(this.nowMs + downMs, () => server.restart());
        return;
      }
      case 'isolate': {
        const ensemble = this.ensemble!;
        ensemble.isolate(this.rng.pick(ensemble.ids));
        this.at(this.nowMs + this.rng.int(100, 2 * SESSION_TIMEOUT_MS), () => ensemble.healPeers());
        return;
      }
      case 'pause': {
        const running = this.processes.filter((p) => !p.isPaused);
        if (running.length === 0) return;
        const sleeper = this.rng.pick(running);
        // Sometimes longer than the session timeout: the session expires while the process sleeps.
        const ms = this.rng.int(100, 3 * SESSION_TIMEOUT_MS);
        this.trace.record(`${this.nowMs} fault pause process ${sleeper.id} for ${ms} ms`);
        sleeper.pause();
        this.at(this.nowMs + ms, () => sleeper.resume());
        return;
      }
    }
  }

  /** Ends the fault phase: no more faults or delays, the server up, every process running. */
  private heal(): void {
    this.healing = true;
    this.latency.spikeChance = 0;
    this.trace.record(`${this.nowMs} heal`);
    this.server?.restart();
    if (this.ensemble !== undefined) {
      this.ensemble.healPeers();
      for (const id of this.ensemble.ids) this.ensemble.restart(id);
    }
    for (const p of this.processes) p.resume();
  }
}

/** Runs one seed of `recipe`; the same options give the same trace hash. */
export function runRecipeSeed(options: RecipeSimOptions): Promise<RecipeRunResult> {
  return new RecipeWorld(options).run();
}
