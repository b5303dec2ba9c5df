/**
 * The simulated disk: appended txns stay pending until an fsync covers them. One fsync runs at
 * a time and makes durable everything appended before it started (group commit); what is
 * appended meanwhile waits for the next one. Later it will also lose pending writes on crashes.
 */
import type { LogRecord } from '@paddock/core';

/** The last snapshot the server wrote: its zxid and bytes. */
export interface SnapshotFile {
  readonly zxid: number;
  readonly chunks: readonly Uint8Array[];
}

/** The log and snapshot of the one simulated server, with group-committed fsyncs. */
export class SimDisk {
  /** Every record appended, in order. */
  readonly log: LogRecord[] = [];
  /** The latest snapshot written. */
  snapshot: SnapshotFile | null = null;
  private syncedCount = 0;
  private syncing = false;

  append(records: readonly LogRecord[]): void {
    this.log.push(...records);
  }

  saveSnapshot(zxid: number, chunks: readonly Uint8Array[]): void {
    this.snapshot = { zxid, chunks };
  }

  /**
   * Starts an fsync of everything appended and not yet covered, unless one is running or
   * nothing waits. Returns the zxid it will make durable and how many records it covers.
   */
  beginFsync(): { zxid: number; records: number } | null {
    if (this.syncing || this.syncedCount === this.log.length) return null;
    this.syncing = true;
    const records = this.log.length - this.syncedCount;
    this.syncedCount = this.log.length;
    return { zxid: this.log[this.log.length - 1]!.zxid, records };
  }

  /** The running fsync finished. */
  endFsync(): void {
    this.syncing = false;
  }
}
