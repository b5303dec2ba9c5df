/**
 * Startup: the newest verified snapshot, the txns after it, and the log opened for appends.
 * This is the `durableState` the adapter hands to the core's `recover` (DESIGN.md §2).
 */

import { join } from 'node:path';
import type { TxnRecord } from './segment-format';
import { SnapshotStore, type Snapshot } from './snapshot-store';
import { TxnLog, type TxnLogOptions } from './txn-log';

/**
 * Subdirectory of dataDir and dataLogDir holding the files, mirroring ZooKeeper's layout. The
 * file names match ZooKeeper's too, but the contents are Paddock's own format: pointed at a
 * ZooKeeper data directory, recovery stops with an error naming ZooKeeper's magic.
 */
export const DATA_SUBDIR = 'version-2';

/** Log options for {@link recover}; `afterZxid` comes from the snapshot. */
export type RecoverOptions = Omit<TxnLogOptions, 'afterZxid'>;

/** What {@link recover} found on disk. */
export interface RecoveredState {
  /** The newest verified snapshot, or null when no snapshot was ever written. */
  readonly snapshot: Snapshot | null;
  /** Every logged txn after the snapshot's zxid, in zxid order, with no gap before the first. */
  readonly txns: TxnRecord[];
  /** Repairs and fallbacks made, one sentence each, for the server log. */
  readonly warnings: string[];
  /** The log, open and ready to append. */
  readonly log: TxnLog;
  readonly snapshots: SnapshotStore;
}

/**
 * Loads the newest good snapshot from `<dataDir>/version-2`, then opens the log in
 * `<dataLogDir>/version-2` and returns the txns after the snapshot. Directories are created
 * when missing (an empty server).
 * @throws CorruptSnapshotError when snapshots exist but none verifies.
 * @throws CorruptLogError when logged data after the snapshot is damaged or missing.
 */
export async function recover(dataDir: string, dataLogDir: string, options: RecoverOptions = {}): Promise<RecoveredState> {
  const snapshots = await SnapshotStore.open(join(dataDir, DATA_SUBDIR));
  const loaded = await snapshots.loadLatest();
  const afterZxid = loaded.snapshot?.zxid ?? 0n;
  const opened = await TxnLog.open(join(dataLogDir, DATA_SUBDIR), { ...options, afterZxid });
  return {
    snapshot: loaded.snapshot,
    txns: opened.records,
    warnings: [...loaded.warnings, ...opened.warnings],
    log: opened.log,
    snapshots,
  };
}
