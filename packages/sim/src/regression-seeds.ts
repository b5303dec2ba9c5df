/**
 * Seeds that once found a bug (DESIGN.md §6.12). The tests run every one; a seed whose core bug
 * is still open names the rule it breaks, and the test expects exactly that until the fix lands.
 */

export interface RegressionSeed {
  readonly seed: number;
  readonly steps: number;
  /** The rule the seed breaks while its bug is open; absent once fixed (then it must pass). */
  readonly openBugRule?: string;
  readonly note: string;
}

export const REGRESSION_SEEDS: readonly RegressionSeed[] = [];
