/**
 * The core's storage outputs bound to the disk: appends go to the txn log, a flush is one log
 * flush (one fdatasync), and a snapshot rolls the log, is written in the background and then
 * purges what `autopurge.snapRetainCount` no longer needs. Also times fsyncs and snapshots for
 * mntr.
 */
import { performance } from 'node:perf_hooks';
import type { EpochName, LogRecord } from '@paddock/core';
import { autopurge, type SnapshotStore, type TxnLog } from './storage/index';
import type { DurableSink } from './core-driver';
import type { EpochFiles } from './ensemble/epoch-files';
import type { Logger } from './logger';
import { StagedSnapshot } from './staged-snapshot';

/** min/avg/max/count/sum of a duration in ms, as mntr prints its summaries. */
export interface DurationSummary {
  readonly count: number;
  readonly sumMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface DurableStorageOptions {
  /**
   * Snapshots kept by the purge after each snapshot (zoo.cfg autopurge.snapRetainCount, >= 3),
   * or null when autopurge is off (autopurge.purgeInterval=0, ZooKeeper's default).
   */
  readonly snapRetainCount: number | null;
  readonly logger: Logger;
  /** An ensemble member's acceptedEpoch/currentEpoch files; null when standalone (never asked). */
  readonly epochFiles: EpochFiles | null;
  /** A snapshot or purge failed: the disk is not trustworthy, so the server must stop. */
  readonly onFatal: (error: Error) => void;
}

export class DurableStorage implements DurableSink {
  private snapshotInProgress: Promise<void> | null = null;
  /** The SNAP being received, written as its pieces come; null between SNAPs. */
  private staged: StagedSnapshot | null = null;
  /** Settles once the last staging's temp file is written or gone (the next one may reuse its name). */
  private lastStaging: Promise<unknown> = Promise.resolve();
  private fsyncTimes = emptySummary();
  private snapshotTimes = emptySummary();

  constructor(
    private readonly log: TxnLog,
    private readonly snapshots: SnapshotStore,
    private readonly options: DurableStorageOptions,
  ) {}

  append(records: readonly LogRecord[]): void {
    for (const r of records) this.log.append({ zxid: BigInt(r.zxid), payload: r.payload });
  }

  async flush(): Promise<void> {
    const started = performance.now();
    await this.log.flush();
    this.fsyncTimes = addSample(this.fsyncTimes, performance.now() - started);
  }

  /**
   * Starts writing a snapshot unless one is still being written, in which case this one is
   * skipped (as ZooKeeper's "Too busy to snap"): the next will come after snapCount more txns,
   * and until then the log holds everything.
   */
  snapshot(zxid: number, chunks: readonly Uint8Array[]): void {
    if (this.snapshotInProgress !== null) {
      this.options.logger.warn(`skipping the snapshot at zxid 0x${zxid.toString(16)}: the previous one is still being written`);
      return;
    }
    // Txns after this point go to a new segment, so purging can later drop whole old segments.
    this.log.roll();
    const started = performance.now();
    this.snapshotInProgress = this.writeAndPurge(zxid, chunks)
      .then(() => {
        this.snapshotTimes = addSample(this.snapshotTimes, performance.now() - started);
      })
      .catch((error: unknown) => this.options.onFatal(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.snapshotInProgress = null;
      });
  }

  /**
   * Zab's TRUNC: removes every logged txn after `zxid`, those appended but not yet flushed
   * included. Ordered with flushes (the log runs its disk operations in order); resolves once
   * the cut is durable.
   */
  truncate(zxid: number): Promise<void> {
    return this.log.truncateAfter(BigInt(zxid));
  }

  /**
   * The next piece of the SNAP at `zxid`, written at once to a temp file (index 0 starts a new
   * one, dropping one left unfinished). Nothing is fsynced until {@link installSnapshot}.
   */
  stageSnapshotPiece(zxid: number, index: number, bytes: Uint8Array): void {
    if (index === 0) {
      this.abortStagedSnapshot();
      this.staged = new StagedSnapshot(zxid, this.snapshots, this.lastStaging);
      this.lastStaging = this.staged.written.catch(() => undefined);
    }
    if (this.staged?.zxid !== zxid) throw new Error(`SNAP piece ${index} of zxid 0x${zxid.toString(16)} without its first piece`);
    this.staged.push(bytes);
  }

  /** The SNAP being staged was cut: its temp file is removed. */
  abortStagedSnapshot(): void {
    if (this.staged === null) return;
    const { zxid } = this.staged;
    void this.staged.abort().then(() => this.options.logger.info(`dropped the unfinished SNAP at zxid 0x${zxid.toString(16)}`));
    this.staged = null;
  }

  /**
   * Zab's SNAP: the staged snapshot at `zxid` replaces every snapshot and the whole log. It is
   * made durable first (fsynced and renamed into place, its pieces already written as they
   * came), then the log is emptied and the older snapshots deleted, so that no recovery can
   * ever combine this snapshot with txns or snapshots of the history it replaced. Log appends
   * must wait for it to resolve.
   */
  async installSnapshot(zxid: number): Promise<void> {
    const staged = this.staged;
    if (staged?.zxid !== zxid) throw new Error(`install of the SNAP at zxid 0x${zxid.toString(16)}, which was not staged`);
    this.staged = null;
    await this.snapshotInProgress;
    const started = performance.now();
    const file = await staged.end();
    await this.log.truncateAfter(0n);
    await this.snapshots.removeAllBut(BigInt(zxid));
    this.snapshotTimes = addSample(this.snapshotTimes, performance.now() - started);
    this.options.logger.info(`installed the leader's snapshot: ${file} (zxid 0x${zxid.toString(16)}); the log before it is discarded`);
  }

  persistEpoch(name: EpochName, epoch: number): Promise<void> {
    if (this.options.epochFiles === null) return Promise.reject(new Error(`a standalone server was asked to persist ${name} ${epoch}`));
    return this.options.epochFiles.write(name, epoch);
  }

  /** fsync durations of log flushes. */
  get fsyncSummary(): DurationSummary {
    return this.fsyncTimes;
  }

  /** Durations of snapshot writes. */
  get snapshotSummary(): DurationSummary {
    return this.snapshotTimes;
  }

  /** Where the log and the snapshots live (for dirs and conf). */
  get directories(): { readonly log: string; readonly snapshots: string } {
    return { log: this.log.dir, snapshots: this.snapshots.dir };
  }

  /** Drops an unfinished SNAP, waits for a snapshot in progress, then flushes, fsyncs and closes the log. */
  async close(): Promise<void> {
    this.abortStagedSnapshot();
    await this.lastStaging;
    await this.snapshotInProgress;
    await this.options.epochFiles?.settled();
    await this.log.close();
  }

  private async writeAndPurge(zxid: number, chunks: readonly Uint8Array[]): Promise<void> {
    const file = await this.snapshots.write(BigInt(zxid), chunks);
    this.options.logger.info(`snapshot written: ${file} (zxid 0x${zxid.toString(16)})`);
    if (this.options.snapRetainCount === null) return;
    const purged = await autopurge(this.snapshots, this.log, this.options.snapRetainCount);
    const deleted = purged.deletedSnapshots.length + purged.deletedSegments.length;
    if (deleted > 0) {
      this.options.logger.info(`purged ${purged.deletedSnapshots.length} snapshot(s) and ${purged.deletedSegments.length} log segment(s)`);
    }
  }
}

function emptySummary(): DurationSummary {
  return { count: 0, sumMs: 0, minMs: 0, maxMs: 0 };
}

function addSample(s: DurationSummary, ms: number): DurationSummary {
  const rounded = Math.round(ms);
  return {
    count: s.count + 1,
    sumMs: s.sumMs + rounded,
    minMs: s.count === 0 ? rounded : Math.min(s.minMs, rounded),
    maxMs: Math.max(s.maxMs, rounded),
  };
}
