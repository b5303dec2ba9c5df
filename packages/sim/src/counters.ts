/**
 * Counts of the interesting paths a run reached. A campaign that never expires a session or
 * fails a multi proves nothing about them, so the CLI prints these for every run.
 */

export const COUNTER_NAMES = [
  'sessionsCreated', 'sessionsResumed', 'resumesRefused', 'sessionsClosedByClient', 'sessionsExpired', 'ephemeralsDeletedByExpiry', 'ephemeralsDeletedByClose',
  'watchEvents', 'watchReplays', 'replayedEvents', 'multiOk', 'multiFailed', 'sequentialCreates', 'ephemeralCreates', 'containerCreates', 'ttlCreates',
  'containersDeleted', 'ttlNodesDeleted', 'badVersion', 'nodeExists', 'noNode', 'notEmpty', 'noChildrenForEphemerals',
  'noWatcher', 'badArguments', 'unimplemented', 'sessionExpiredReplies', 'writes', 'reads', 'pings', 'fsyncs',
  'groupCommits', 'snapshots', 'snapshotSlices', 'throttles', 'connectionsAbandoned', 'clientPauses', 'readTimeouts',
] as const;

/** The name of one counted path. */
export type CounterName = (typeof COUNTER_NAMES)[number];
/** A count per interesting path. */
export type Counts = Record<CounterName, number>;

/** All counters at zero. */
export function freshCounts(): Counts {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Counts;
}

/** Adds `b` into `a`. */
export function addCounts(a: Counts, b: Counts): void {
  for (const n of COUNTER_NAMES) a[n] += b[n];
}
