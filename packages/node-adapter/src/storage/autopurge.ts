/**
 * ZooKeeper's autopurge: keep the newest `autopurge.snapRetainCount` snapshots and the log
 * segments they need, delete the rest (DOCS/zookeeperAdmin.md, "Ongoing Data Directory
 * Cleanup").
 */

import type { SnapshotStore } from './snapshot-store';
import type { TxnLog } from './txn-log';

/** Files removed by one {@link autopurge}. */
export interface PurgeResult {
  readonly deletedSnapshots: string[];
  readonly deletedSegments: string[];
}

/**
 * Deletes all but the newest `retainCount` (>= 3) snapshots, then every log segment wholly
 * older than the oldest retained snapshot. Snapshots go first so that every snapshot left on
 * disk, even after a crash midway, still has the log segments it needs.
 */
export async function autopurge(snapshots: SnapshotStore, log: TxnLog, retainCount: number): Promise<PurgeResult> {
  const purged = await snapshots.purge(retainCount);
  const deletedSegments = purged.oldestRetainedZxid === null ? [] : await log.deleteSegmentsBefore(purged.oldestRetainedZxid);
  return { deletedSnapshots: purged.deleted, deletedSegments };
}
