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
    seed: 99,
    steps: 300,
    note:
      'delete of a malformed path ("/b/x/.") must answer NoNode, as ZooKeeper does: delete checks only for a '
      + 'slash and NULs (PrepRequestProcessor.getParentPathAndValidate), never the whole path. Found as seed 31 '
      + '(100 steps, before clients resumed sessions); fixed in core d2871f2. Scenario: regressions.test.ts.',
  },
];
