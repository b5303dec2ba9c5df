/**
 * Bugs the simulator can switch on in the core, to prove its checkers catch them (a checker
 * that never fails proves nothing). Each is a faithful copy of a real mistake, guarded by
 * `CoreConfig.plantedBugs`, which is empty everywhere but in the simulator.
 */

/** The description of every planted bug, by name. */
export const PLANTED_BUG_DESCRIPTIONS = {
  'ack-before-fsync': 'a follower ACKs a proposal as soon as it logs it, before storage reports it durable',
  'commit-before-quorum': 'the leader commits a proposal once its own fsync is done, without waiting for a quorum of ACKs',
  'apply-uncommitted': 'a follower applies a proposal to its tree when it logs it, before the COMMIT',
  'election-ignores-zxid': 'the vote order compares epoch and server id but drops the last zxid',
  'diff-without-trunc': 'the leader sends a plain DIFF where the learner\'s diverged tail needs TRUNC+DIFF (ZOOKEEPER-1154)',
  'current-epoch-before-synced': 'a learner writes currentEpoch on NEWLEADER before its synced txns are durable (ZOOKEEPER-4643)',
  'ephemerals-kept-on-expiry': 'a session\'s expiry (or close) leaves its ephemeral nodes in the tree',
  'watch-not-reregistered': 'the simulated client does not re-register its watches when it reconnects',
} as const satisfies Record<string, string>;

/** A bug the simulator can plant. */
export type PlantedBug = keyof typeof PLANTED_BUG_DESCRIPTIONS;

/** Every planted bug, in a stable order. */
export const PLANTED_BUGS: readonly PlantedBug[] = Object.keys(PLANTED_BUG_DESCRIPTIONS) as PlantedBug[];

/** No bug planted: what every server outside the simulator runs with. */
export const NO_PLANTED_BUGS: ReadonlySet<PlantedBug> = new Set();

/** True when `name` is a planted bug's name. */
export function isPlantedBug(name: string): name is PlantedBug {
  return Object.hasOwn(PLANTED_BUG_DESCRIPTIONS, name);
}
