/**
 * Errors of the disk layer. Each one means the server must not start (or must stop): the data
 * on disk cannot be trusted to hold everything that was acknowledged.
 */

import { formatZxid } from './zxid';

/**
 * The txn log holds damaged or missing data that was (or may have been) acknowledged: a bad
 * record followed by records from a later write, a defect in a segment that is not the last,
 * a gap between segments, or a file that is not a Paddock log. Never repaired automatically;
 * an operator restores the server from a healthy replica (ZooKeeper's admin guide,
 * "Server not coming up because of file corruption").
 */
export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';

  constructor(
    /** Absolute path of the segment file. */
    readonly file: string,
    /** Byte offset of the defect in `file`, or null when the problem is not at one offset. */
    readonly offset: number | null,
    /** The zxid involved, when it is known. */
    readonly zxid: bigint | null,
    /** What is wrong, in one sentence. */
    readonly reason: string,
  ) {
    super(
      `corrupt txn log ${file}` +
        (offset === null ? '' : ` at offset ${offset}`) +
        (zxid === null ? '' : ` (zxid ${formatZxid(zxid)})`) +
        `: ${reason}. Acknowledged data may be lost, so the server refuses to start; ` +
        'restore this server from a healthy replica',
    );
  }
}

/**
 * Snapshot files exist but none of them verifies. Starting from an empty tree would replay a
 * log whose beginning may have been purged, silently losing data, so this is fatal.
 */
export class CorruptSnapshotError extends Error {
  override readonly name = 'CorruptSnapshotError';

  constructor(
    /** Absolute path of the snapshot directory. */
    readonly dir: string,
    /** One line per snapshot file tried, newest first, saying why it was rejected. */
    readonly problems: readonly string[],
  ) {
    super(
      `no usable snapshot in ${dir}: every snapshot file failed verification ` +
        `(${problems.join('; ')}). Refusing to start from an empty tree`,
    );
  }
}

/**
 * A write or fsync failed. The log or snapshot is then in an unknown state (after a failed
 * fsync the kernel may have dropped the dirty pages), so the object refuses all further work
 * and the process should exit and recover from disk.
 */
export class StorageFailedError extends Error {
  override readonly name = 'StorageFailedError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
