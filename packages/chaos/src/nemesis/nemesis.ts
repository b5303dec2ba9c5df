import type { Cluster } from '../cluster/cluster.js';
import type { Prng } from '../prng.js';
import { planFault, type FaultKind, type PlannedFault } from './faults.js';

/** A fault as it happened. */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly targets: readonly number[];
  readonly startMs: number;
  readonly healedMs: number;
  /** How long the ensemble took to serve again with every member after the heal; undefined if it did not. */
  readonly settleMs: number | undefined;
}

export interface NemesisOptions {
  readonly minFaultMs: number;
  readonly maxFaultMs: number;
  /** How long the ensemble may take to serve again after a heal before that is an anomaly. */
  readonly settleTimeoutMs: number;
  readonly log: (line: string) => void;
}

/**
 * Injects seeded faults one at a time until a deadline: each is started, held for its
 * duration, healed (network healed, paused members continued, dead ones restarted), and the
 * ensemble is given time to serve again with all members before a quiet gap and the next.
 */
export class Nemesis {
  readonly faults: FaultRecord[] = [];
  /** Heals after which the ensemble did not serve again in time (a liveness anomaly). */
  readonly unrecovered: string[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly prng: Prng,
    private readonly options: NemesisOptions,
  ) {}

  async run(deadlineMs: number): Promise<void> {
    const memberIds = this.cluster.members.map((m) => m.id);
    while (Date.now() < deadlineMs) {
      const plan = planFault(this.prng, { memberIds, minFaultMs: this.options.minFaultMs, maxFaultMs: this.options.maxFaultMs });
      const targets = await this.resolveTargets(plan);
      const startMs = Date.now();
      this.options.log(`nemesis: ${plan.kind} ${targets.join(',')} for ${plan.durationMs} ms`);
      await this.inject(plan.kind, targets);
      await sleep(Math.min(plan.durationMs, Math.max(0, deadlineMs - Date.now()) + 1000));
      const healedMs = Date.now();
      const settleMs = await this.healAll();
      this.faults.push({ kind: plan.kind, targets, startMs, healedMs, settleMs });
      if (settleMs === undefined) {
        this.unrecovered.push(`after ${plan.kind} of ${targets.join(',')}, the ensemble did not serve with every member within ${this.options.settleTimeoutMs} ms`);
        return;
      }
      await sleep(plan.gapMs);
    }
  }

  /** Heals everything and waits for every member to serve; the time it took, or undefined. */
  async healAll(): Promise<number | undefined> {
    const start = Date.now();
    this.cluster.healNetwork();
    for (const member of this.cluster.members) {
      if (member.status === 'paused') member.resume();
      else if (member.status === 'dead') member.start();
    }
    try {
      await this.cluster.waitForQuorum(this.options.settleTimeoutMs);
      return Date.now() - start;
    } catch (error) {
      // The first line names each member's mode; the members' whole logs are kept (see runChaos).
      this.options.log(`nemesis: ${String(error).split('\n')[0]}`);
      return undefined;
    }
  }

  private async resolveTargets(plan: PlannedFault): Promise<number[]> {
    if (!plan.leaderTarget) return [...plan.targets];
    const [leader] = await this.cluster.leaders();
    if (leader === undefined || plan.targets.includes(leader)) return [...plan.targets];
    return [leader, ...plan.targets.slice(1)];
  }

  private async inject(kind: FaultKind, targets: readonly number[]): Promise<void> {
    const others = this.cluster.members.map((m) => m.id).filter((id) => !targets.includes(id));
    switch (kind) {
      case 'kill-leader':
      case 'kill':
        await Promise.all(targets.map((id) => this.cluster.member(id).kill9()));
        return;
      case 'wipe':
        for (const id of targets) {
          await this.cluster.member(id).kill9();
          this.cluster.member(id).wipeData();
        }
        return;
      case 'pause':
        for (const id of targets) this.cluster.member(id).pause();
        return;
      case 'isolate':
      case 'split':
        this.cluster.partition(targets, others);
        return;
      case 'one-way':
        for (const id of targets) for (const other of others) this.cluster.holdOneWay(id, other);
        return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
