/**
 * A run's options, all drawn from the seed (through the `options` fork, so adding an option
 * never changes what the clients, disk or network draw). Printed after `SEED=` so a failure
 * report says what world it happened in.
 */
import type { PlantedBug } from '@paddock/core';
import { Prng } from './prng';

/** Everything that shapes a run besides the code: drawn from the seed, printed in the header. */
export interface SimOptions {
  readonly seed: number;
  /** Events handled before the quiet phase. */
  readonly steps: number;
  readonly clients: number;
  readonly tickTimeMs: number;
  readonly extendedTypesEnabled: boolean;
  readonly containerCheckIntervalMs: number;
  readonly snapCount: number;
  /** Range of one fsync's duration. */
  readonly fsyncMs: readonly [number, number];
  /** Range of one message's network latency. */
  readonly networkMs: readonly [number, number];
  /** Range of a client's pause between two actions. */
  readonly thinkMs: readonly [number, number];
  readonly maxPipeline: number;
  /** Top-level znode names of the key space; each has `childNames` children, two levels deep. */
  readonly topNames: readonly string[];
  readonly childNames: readonly string[];
  /** Per client action: the chance it pauses (stops even pinging), closes its session, or drops its connection. */
  readonly pauseChance: number;
  readonly closeChance: number;
  readonly abandonChance: number;
  readonly ttlMs: readonly [number, number];
  /**
   * Whether creates and deletes may carry paths that are malformed after their last slash
   * (`/a/`, `/a//b`); ZooKeeper checks those only after the parent lookup (create) or never
   * (delete), so they answer NoNode there. Off, only malformations every check order rejects
   * alike are sent (no leading slash).
   */
  readonly malformedPaths: boolean;
  /** zoo.cfg's cap on a connection's outstanding requests; small in some runs so throttling happens. */
  readonly maxOutstandingPerConnection: number;
  /**
   * Znodes per `snapshot-slice` (CoreConfig.snapshotSliceNodes): 0 writes a snapshot in one step;
   * otherwise it is written across later events while txns keep applying, as the node adapter runs.
   */
  readonly snapshotSliceNodes: number;
  /** Bugs planted in the core (and the simulated clients) for this run: `--planted`, never drawn. */
  readonly plantedBugs: ReadonlySet<PlantedBug>;
}

/** Events handled in the busy phase when `--steps` is not given. */
export const DEFAULT_STEPS = 4000;

/** The options of seed `seed`, with `overrides` replacing drawn values. */
export function drawOptions(seed: number, steps = DEFAULT_STEPS, overrides: Partial<SimOptions> = {}): SimOptions {
  const rng = Prng.fromSeed(seed).fork('options');
  const tickTimeMs = rng.pick([20, 50, 100]);
  const containerCheckIntervalMs = tickTimeMs * rng.int(2, 8);
  const fsyncMin = rng.int(0, 3);
  const netMin = rng.int(0, 2);
  const thinkMax = rng.int(2, 30);
  return {
    seed,
    steps,
    clients: rng.int(2, 6),
    tickTimeMs,
    extendedTypesEnabled: rng.chance(0.6),
    containerCheckIntervalMs,
    snapCount: rng.int(8, 120),
    fsyncMs: [fsyncMin, fsyncMin + rng.int(0, 15)],
    networkMs: [netMin, netMin + rng.int(0, 8)],
    thinkMs: [0, thinkMax],
    maxPipeline: rng.int(1, 6),
    topNames: ['a', 'b', 'c', 'd'].slice(0, rng.int(2, 4)),
    childNames: ['x', 'y', 'z'].slice(0, rng.int(1, 3)),
    pauseChance: rng.int(2, 10) / 1000,
    closeChance: rng.int(2, 8) / 1000,
    abandonChance: rng.int(1, 5) / 1000,
    ttlMs: [Math.floor(containerCheckIntervalMs / 2), containerCheckIntervalMs * 3],
    // A fork of its own, so adding this option did not change the draws above.
    malformedPaths: Prng.fromSeed(seed).fork('options/malformed-paths').chance(0.2),
    maxOutstandingPerConnection: Prng.fromSeed(seed).fork('options/max-outstanding').pick([2, 3, 4, 1000, 1000, 1000]),
    snapshotSliceNodes: Prng.fromSeed(seed).fork('options/snapshot-slices').pick([0, 0, 1, 2, 3, 8]),
    plantedBugs: new Set(),
    ...overrides,
  };
}

/** `key=value` pairs of the options, for the run header (`planted=` only when a bug is planted). */
export function describeOptions(o: SimOptions): string {
  const planted = o.plantedBugs.size > 0 ? [`planted=${[...o.plantedBugs].join(',')}`] : [];
  return [
    `steps=${o.steps}`, `clients=${o.clients}`, `tickTimeMs=${o.tickTimeMs}`, `extendedTypes=${o.extendedTypesEnabled}`,
    `containerCheckIntervalMs=${o.containerCheckIntervalMs}`, `snapCount=${o.snapCount}`, `fsyncMs=${o.fsyncMs.join('..')}`,
    `networkMs=${o.networkMs.join('..')}`, `thinkMs=${o.thinkMs.join('..')}`, `maxPipeline=${o.maxPipeline}`,
    `keys=${o.topNames.join('')}/${o.childNames.join('')}`, `pause=${o.pauseChance}`, `close=${o.closeChance}`,
    `abandon=${o.abandonChance}`, `ttlMs=${o.ttlMs.join('..')}`, `malformedPaths=${o.malformedPaths}`, `maxOutstanding=${o.maxOutstandingPerConnection}`,
    `snapshotSlices=${o.snapshotSliceNodes}`, ...planted,
  ].join(' ');
}
