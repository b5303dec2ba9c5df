/** Runs one seed as an ensemble and reports what it reached and whether every rule held. */
import type { PlantedBug } from '@paddock/core';
import { brokenRule, type Violation } from '../check/violation';
import { drawOptions, DEFAULT_STEPS, type SimOptions } from '../options';
import type { EnsembleCounts } from './ensemble-counts';
import { drawEnsembleOptions, type EnsembleOptions } from './ensemble-options';
import { EnsembleWorld, type WorldPlant } from './ensemble-world';

/** What one ensemble run reached, its trace hash, and its first broken rule if any. */
export interface EnsembleRunResult {
  readonly seed: number;
  readonly options: SimOptions;
  readonly ensemble: EnsembleOptions;
  readonly traceHash: string;
  readonly counts: EnsembleCounts;
  readonly steps: number;
  readonly virtualMs: number;
  readonly violation: Violation | null;
  readonly traceTail: readonly string[];
}

/** How to run an ensemble seed: its length, a world-side plant, bugs planted in the core. */
export interface EnsembleRunOptions {
  readonly steps?: number;
  readonly tailLines?: number;
  readonly plant?: WorldPlant;
  readonly plantedBugs?: ReadonlySet<PlantedBug>;
}

/** Runs `seed` as an ensemble. Rule violations are returned; anything else propagates. */
export function runEnsembleSeed(seed: number, opts: EnsembleRunOptions = {}): EnsembleRunResult {
  const ensemble = drawEnsembleOptions(seed);
  const overrides = opts.plantedBugs ? { plantedBugs: opts.plantedBugs } : {};
  const options = withTickTime(drawOptions(seed, opts.steps ?? DEFAULT_STEPS, overrides), ensemble.tickTimeMs);
  const world = new EnsembleWorld(options, ensemble, opts.plant ?? null);
  const broken = brokenRule(() => world.run());
  return {
    seed, options, ensemble, traceHash: world.trace.hash, counts: world.counts, steps: world.steps, virtualMs: world.nowMs,
    violation: broken, traceTail: world.trace.tail(opts.tailLines ?? 30),
  };
}

/** `o` with its tick replaced and the options measured in ticks (container checks, TTLs) scaled along. */
function withTickTime(o: SimOptions, tickTimeMs: number): SimOptions {
  const scale = (ms: number): number => Math.round((ms * tickTimeMs) / o.tickTimeMs);
  return { ...o, tickTimeMs, containerCheckIntervalMs: scale(o.containerCheckIntervalMs), ttlMs: [scale(o.ttlMs[0]), scale(o.ttlMs[1])] };
}
