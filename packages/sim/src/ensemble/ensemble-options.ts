/**
 * The ensemble half of a run's options (swarm testing): how many members, how slow and broken
 * the peer network is, how often faults strike and which kinds. Drawn from the `ensemble/options`
 * fork, so they never shift the standalone options or any subsystem's draws, and printed after
 * the standalone ones.
 */
import { Prng } from '../prng';

/**
 * A fault the scheduler can inject; a run enables a drawn subset (swarm testing). `swizzle-clog`
 * is drawn apart from {@link FAULT_KINDS}, after every older draw, so older seeds keep their shape.
 */
export type FaultKind = 'crash' | 'pause' | 'isolate' | 'split' | 'one-way' | 'reset-link' | 'heal' | 'swizzle-clog';

export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'pause', 'isolate', 'split', 'one-way', 'reset-link', 'heal'];

/** What shapes the ensemble of one run. */
export interface EnsembleOptions {
  /**
   * Replaces the standalone draw: an ensemble write crosses the network four times and two
   * fsyncs, so with 20 ms ticks (sessions of 40 ms) no client could ever finish a handshake
   * within ZooKeeper's connect timeout. Time-based options scale along (see `run-ensemble.ts`).
   */
  readonly tickTimeMs: number;
  readonly voters: 3 | 5;
  readonly observers: 0 | 1;
  /** Range of one peer message's latency; each direction of a link stays FIFO. */
  readonly linkMs: readonly [number, number];
  /** Range of an epoch file write (independent of the log's fsync). */
  readonly epochWriteMs: readonly [number, number];
  /** Range of the time between two faults. */
  readonly faultEveryMs: readonly [number, number];
  /** The fault kinds this run uses; heal is always among them so partitions do not pile up forever. */
  readonly faults: readonly FaultKind[];
  /** Range of a crashed server's downtime and of a pause (in ticks, so they straddle syncLimit). */
  readonly downTicks: readonly [number, number];
  /** Per member, its tick period relative to tickTime, in permille (clock drift). */
  readonly tickPermille: readonly number[];
  /** The leader's in-memory committed log; small values force SNAP. */
  readonly committedLogCount: number;
  /** A small zxid counter forces epoch rollover. */
  readonly zxidCounterMax: number;
  /** Whether a crash during an fsync tears the log: some of its records whole, the next one in part. */
  readonly tornTails: boolean;
  /**
   * The chance that a fault strikes the current leader instead of a member drawn uniformly (a
   * Jepsen-style nemesis): a leader lost mid-write leaves diverged tails (TRUNC+DIFF) and
   * uneven logs for the next election to order.
   */
  readonly leaderFaultChance: number;
  /**
   * The liveness phase starts by restarting the leader, so it must elect from the uneven logs
   * the faults left rather than let the surviving leader carry on: an election that orders
   * votes wrongly then shows as a leader its learners are ahead of, again and again.
   */
  readonly failoverAtHeal: boolean;
  /**
   * Election ticks (the `election-tick` input, ZooKeeper's 200 ms finalizeWait) per tick, as
   * the node adapter feeds them (10 with tickTime 2000); 0 runs the election on ticks alone.
   */
  readonly electionTicksPerTick: 0 | 4 | 10;
}

/** The ensemble options of seed `seed`. */
export function drawEnsembleOptions(seed: number): EnsembleOptions {
  const rng = Prng.fromSeed(seed).fork('ensemble/options');
  const tickTimeMs = rng.pick([100, 200]);
  const voters = rng.pick([3, 3, 5] as const);
  const observers = rng.pick([0, 0, 1] as const);
  const linkMin = rng.int(0, 3);
  const faultMin = rng.int(50, 400);
  const enabled = FAULT_KINDS.filter((k) => k === 'heal' || rng.chance(0.6));
  const drift = rng.int(0, 150);
  const shape: Omit<EnsembleOptions, 'tornTails' | 'electionTicksPerTick'> = {
    tickTimeMs,
    voters,
    observers,
    linkMs: [linkMin, linkMin + rng.int(0, 20)],
    epochWriteMs: [0, rng.int(0, 15)],
    faultEveryMs: [faultMin, faultMin + rng.int(0, 1500)],
    faults: enabled,
    downTicks: [1, rng.int(3, 30)],
    tickPermille: Array.from({ length: voters + observers }, () => 1000 + rng.int(-drift, drift)),
    committedLogCount: rng.pick([1, 3, 20, 500]),
    zxidCounterMax: rng.pick([40, 0xffff_ffff, 0xffff_ffff]),
    // Drawn last, so adding it left the draws above (and so older seeds' shapes) unchanged.
    leaderFaultChance: rng.pick([0, 0.5, 0.8]),
    failoverAtHeal: rng.chance(0.8),
  };
  // Drawn after everything above, so adding them left older seeds' shapes unchanged.
  const swizzleClog = rng.chance(0.5);
  const tornTails = rng.chance(0.5);
  const electionTicksPerTick = rng.pick([0, 4, 10] as const);
  return { ...shape, faults: swizzleClog ? [...enabled, 'swizzle-clog'] : enabled, tornTails, electionTicksPerTick };
}

/** `key=value` pairs for the run header. */
export function describeEnsembleOptions(o: EnsembleOptions): string {
  return [
    `tickTimeMs=${o.tickTimeMs}`, `voters=${o.voters}`, `observers=${o.observers}`, `linkMs=${o.linkMs.join('..')}`, `epochWriteMs=${o.epochWriteMs.join('..')}`,
    `faultEveryMs=${o.faultEveryMs.join('..')}`, `faults=${o.faults.join(',')}`, `downTicks=${o.downTicks.join('..')}`,
    `tickPermille=${o.tickPermille.join(',')}`, `committedLogCount=${o.committedLogCount}`, `zxidCounterMax=${o.zxidCounterMax}`, `tornTails=${o.tornTails}`, `leaderFaultChance=${o.leaderFaultChance}`, `failoverAtHeal=${o.failoverAtHeal}`,
    `electionTicksPerTick=${o.electionTicksPerTick}`,
  ].join(' ');
}
