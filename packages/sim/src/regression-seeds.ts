/**
 * Seeds that once found a bug (DESIGN.md §6.12). The tests run every one; a seed whose core bug
 * is still open names the rule it breaks, and the test expects exactly that until the fix lands.
 * Seeds are stable for one commit of the simulator: when the workload changes, re-find them.
 */

export interface RegressionSeed {
  readonly seed: number;
  readonly steps: number;
  /** The rule the seed breaks while its bug is open; absent once fixed (then it must pass). */
  readonly openBugRule?: string;
  readonly note: string;
}

/** Every regression seed, oldest first. */
export const REGRESSION_SEEDS: readonly RegressionSeed[] = [
  {
    seed: 31,
    steps: 100,
    note:
      'delete "/a/z/" answered BadArguments where ZooKeeper answers NoNode (delete only checks for a '
      + 'slash and NULs before its lookups). Fixed in core prep/prep-write.ts prepDelete.',
  },
];
