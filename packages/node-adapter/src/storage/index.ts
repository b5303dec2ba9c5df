/** The disk layer: txn log, snapshots, startup recovery and purging. Payloads are opaque. */

export { autopurge, type PurgeResult } from './autopurge';
export { crc32c, Crc32c } from './crc32c';
export { CorruptLogError, CorruptSnapshotError, StorageFailedError } from './errors';
export { DATA_SUBDIR, recover, type RecoveredState, type RecoverOptions } from './recover';
export type { TxnRecord } from './segment-format';
export {
  MIN_SNAP_RETAIN_COUNT,
  SnapshotStore,
  type LoadedSnapshot,
  type PurgedSnapshots,
  type Snapshot,
  type SnapshotFile,
} from './snapshot-store';
export {
  maxTxnPayloadBytes,
  TxnLog,
  type OpenedTxnLog,
  type SegmentInfo,
  type TxnLogOptions,
} from './txn-log';
export { formatZxid } from './zxid';
