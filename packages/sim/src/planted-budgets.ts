/**
 * How hard each planted bug (core `planted-bugs.ts`) may be for the simulator to find: the mode
 * that runs it, and the seeds (1..seeds) and steps within which some seed must catch it.
 * `test/planted.test.ts` holds every bug to its row, and fails for a bug without one. A budget
 * is a claim about the simulator's power: when a bug needs more seeds, make the workload or
 * the fault draw find it faster rather than raising the number.
 */
import type { PlantedBug } from '@paddock/core';

/** Where and how long the simulator may look for one planted bug. */
export interface PlantedBudget {
  readonly mode: 'standalone' | 'ensemble';
  /** Seeds 1..seeds are run; at least one must break a rule. */
  readonly seeds: number;
  /** The busy phase of each run (`--steps`). */
  readonly steps: number;
}

/** One row per planted bug; a missing row fails the planted test. */
export const PLANTED_BUDGETS: Readonly<Partial<Record<PlantedBug, PlantedBudget>>> = {
  'ack-before-fsync': { mode: 'ensemble', seeds: 3, steps: 1000 },
  'commit-before-quorum': { mode: 'ensemble', seeds: 3, steps: 1000 },
  'apply-uncommitted': { mode: 'ensemble', seeds: 3, steps: 1000 },
  'election-ignores-zxid': { mode: 'ensemble', seeds: 60, steps: 4000 },
  'diff-without-trunc': { mode: 'ensemble', seeds: 40, steps: 4000 },
  'current-epoch-before-synced': { mode: 'ensemble', seeds: 10, steps: 4000 },
  'ephemerals-kept-on-expiry': { mode: 'standalone', seeds: 3, steps: 1000 },
  'watch-not-reregistered': { mode: 'ensemble', seeds: 3, steps: 1000 },
};
