/** Runs one seed to completion and reports what it reached and whether every rule held. */
import { brokenRule, type Violation } from './check/violation';
import type { Counts } from './counters';
import { drawOptions, DEFAULT_STEPS, type SimOptions } from './options';
import { World, type ServerFactory } from './world';

/** What one run reached, its trace hash, and its first broken rule if any. */
export interface RunResult {
  readonly seed: number;
  readonly options: SimOptions;
  /** The hash of every input fed and output received, in order. */
  readonly traceHash: string;
  readonly counts: Counts;
  readonly steps: number;
  readonly virtualMs: number;
  /** The first broken rule; null when the run passed. */
  readonly violation: Violation | null;
  /** The last trace lines (inputs and outputs), oldest first. */
  readonly traceTail: readonly string[];
}

/** How to run a seed: its length and what to force or replace. */
export interface RunOptions {
  readonly steps?: number;
  /** Options to force instead of drawing them. */
  readonly overrides?: Partial<SimOptions>;
  /** Wraps or replaces the core server (tests plant faults this way). */
  readonly serverFactory?: ServerFactory;
  /** How many trace lines to keep for the report. */
  readonly tailLines?: number;
}

/** Runs `seed`. Rule violations are returned; anything else thrown is a simulator bug and propagates. */
export function runSeed(seed: number, opts: RunOptions = {}): RunResult {
  const options = drawOptions(seed, opts.steps ?? DEFAULT_STEPS, opts.overrides);
  const world = new World(options, opts.serverFactory);
  const broken = brokenRule(() => world.run());
  return {
    seed, options, traceHash: world.trace.hash, counts: world.counts, steps: world.steps, virtualMs: world.nowMs,
    violation: broken, traceTail: world.trace.tail(opts.tailLines ?? 30),
  };
}
