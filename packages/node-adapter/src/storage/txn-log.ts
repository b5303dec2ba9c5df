/**
 * The append-only txn log: checksummed records in segment files `log.<hex zxid>` (byte format
 * in `segment-format.ts`, startup rules in `segment-recovery.ts`).
 *
 * Group commit: `append` only buffers; `flush` writes everything buffered with one write and
 * one fdatasync. The adapter calls `flush` once per event-loop turn for everything the core
 * emitted, and feeds `persisted` back to the core only when it resolves (DESIGN.md §2).
 *
 * Every disk operation runs on one serial queue, so flushes, truncations and purges never
 * overlap or reorder; `flush` calls made while one is still queued share it. After a failed
 * write or fsync the log refuses all further work (`StorageFailedError`): the kernel may have
 * dropped the dirty pages, so only a restart and recovery from disk is trustworthy.
 */

import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_BUFFER } from '@paddock/protocol';
import { CorruptLogError, StorageFailedError } from './errors';
import { ensureDirectory, fsyncDirectory, writeFullySync } from './fs-durable';
import {
  encodeWrite,
  MAX_SEGMENT_BYTES,
  RECORD_HEADER_BYTES,
  scanSegment,
  SEGMENT_HEADER_BYTES,
  type TxnRecord,
} from './segment-format';
import { recoverSegments, SEGMENT_PREFIX, type LogSegment } from './segment-recovery';
import { assertZxid, formatZxid, zxidFileSuffix } from './zxid';

/**
 * The largest txn payload for a given `jute.maxbuffer`. ZooKeeper lets a txn exceed the client
 * limit by `jute.maxbuffer.extrasize` (default: jute.maxbuffer again) for the path, ACLs and
 * multi-op framing it adds, so the log accepts twice the client limit.
 */
export function maxTxnPayloadBytes(juteMaxBuffer: number): number {
  return 2 * juteMaxBuffer;
}

/** Options of {@link TxnLog.open}; every limit is explicit. */
export interface TxnLogOptions {
  /** Return only records with a greater zxid (the snapshot's); default 0 (all). */
  readonly afterZxid?: bigint;
  /** Largest payload accepted by `append` and when reading; default `maxTxnPayloadBytes(0xfffff)`. */
  readonly maxPayloadBytes?: number;
  /** A flush starts a new segment once the current one reaches this size; default 64 MiB. */
  readonly segmentBytes?: number;
  /** Most bytes `append` may buffer before a flush; default 256 MiB. */
  readonly maxPendingBytes?: number;
  /** fdatasync each flush (zoo.cfg `forceSync`); default true. */
  readonly fsync?: boolean;
  /**
   * Extend the active segment file this far ahead of its records (sparse, as ZooKeeper's
   * preAllocSize does), so a flush's fdatasync rarely has a file-size change to commit to the
   * filesystem journal; 0 (the default) lets each write grow the file. Segments are cut back
   * to their records when the log rolls or closes, and recovery cuts the zeros a crash leaves.
   */
  readonly preallocateBytes?: number;
}

/** The result of {@link TxnLog.open}. */
export interface OpenedTxnLog {
  readonly log: TxnLog;
  /** The verified records after `afterZxid`, in zxid order. */
  readonly records: TxnRecord[];
  /** Repairs made (torn tails cut) and files ignored, one sentence each. */
  readonly warnings: string[];
}

/** A segment file as `dirs`-style reporting and tests see it. */
export interface SegmentInfo {
  readonly file: string;
  readonly baseZxid: bigint;
  readonly lastZxid: bigint;
  readonly sizeBytes: number;
}

interface PendingRecord {
  readonly record: TxnRecord;
  /** `roll()` was called before this record was appended. */
  readonly startsSegment: boolean;
}

/** A flush waiting in the queue; its batch is taken when it starts, or earlier if sealed. */
interface QueuedFlush {
  promise: Promise<void>;
  batch: PendingRecord[] | null;
}

interface ActiveSegment {
  readonly handle: FileHandle;
  readonly segment: LogSegment;
  /** The header is not written yet; it goes out with the first records. */
  headerPending: boolean;
  /** Bytes were written since the last fdatasync. */
  dirty: boolean;
  /** The directory entry is not fsynced yet. */
  entryPending: boolean;
  /** The file's size: its records, plus preallocated zeros. */
  fileBytes: number;
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_PENDING_BYTES = 256 * 1024 * 1024;

/** An open txn log directory. Create with {@link TxnLog.open}. */
export class TxnLog {
  private readonly segmentList: LogSegment[];
  private active: ActiveSegment | null = null;
  private pending: PendingRecord[] = [];
  private pendingBytes = 0;
  private rollNext = false;
  /** Highest zxid appended (pending, in flight or on disk): appends must exceed it. */
  private appendedZxid: bigint;
  /** Highest zxid handed to the disk queue (in flight or on disk). */
  private writtenZxid: bigint;
  /** Highest zxid known to be fsynced (or written, with fsync off). */
  private syncedZxid: bigint;
  private queueTail: Promise<void> = Promise.resolve();
  private queuedFlush: QueuedFlush | null = null;
  private failure: StorageFailedError | null = null;
  private closed = false;

  private constructor(
    /** Absolute path of the segment directory. */
    readonly dir: string,
    segments: LogSegment[],
    private readonly maxPayloadBytes: number,
    private readonly segmentBytes: number,
    private readonly maxPendingBytes: number,
    private readonly fsync: boolean,
    private readonly preallocateBytes: number,
  ) {
    this.segmentList = segments;
    const last = segments.at(-1)?.lastZxid ?? 0n;
    this.appendedZxid = last;
    this.writtenZxid = last;
    this.syncedZxid = last;
  }

  /**
   * Opens (creating if needed) the log in `dir`, verifies every segment, cuts a torn tail
   * and returns the records after `options.afterZxid`.
   * @throws CorruptLogError when acknowledged data is damaged or missing.
   */
  static async open(dir: string, options: TxnLogOptions = {}): Promise<OpenedTxnLog> {
    const afterZxid = options.afterZxid ?? 0n;
    assertZxid(afterZxid, 'TxnLog.open afterZxid');
    const maxPayloadBytes = positiveLimit('maxPayloadBytes', options.maxPayloadBytes, maxTxnPayloadBytes(DEFAULT_MAX_BUFFER), 2 ** 31);
    const segmentBytes = positiveLimit('segmentBytes', options.segmentBytes, DEFAULT_SEGMENT_BYTES, MAX_SEGMENT_BYTES);
    const maxPendingBytes = positiveLimit('maxPendingBytes', options.maxPendingBytes, DEFAULT_MAX_PENDING_BYTES, 2 ** 31);
    const preallocateBytes = options.preallocateBytes ?? 0;
    if (!Number.isSafeInteger(preallocateBytes) || preallocateBytes < 0 || preallocateBytes > 2 ** 31) {
      throw new RangeError(`TxnLog option preallocateBytes must be an integer in 0 .. ${2 ** 31}, got ${preallocateBytes}`);
    }
    const absolute = resolve(dir);
    await ensureDirectory(absolute);
    const { segments, records, warnings } = await recoverSegments(absolute, afterZxid, maxPayloadBytes);
    const log = new TxnLog(absolute, segments, maxPayloadBytes, segmentBytes, maxPendingBytes, options.fsync ?? true, preallocateBytes);
    const last = segments.at(-1);
    if (last !== undefined) log.active = await openExisting(last);
    return { log, records, warnings };
  }

  /** Highest zxid appended so far (or the point of the last truncation); appends must exceed it. */
  get lastZxid(): bigint {
    return this.appendedZxid;
  }

  /** Highest zxid that a resolved `flush` made durable. */
  get durableZxid(): bigint {
    return this.syncedZxid;
  }

  /** Records appended and not yet handed to a flush. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** The segment files, oldest first, as of the last completed disk operation. */
  segments(): SegmentInfo[] {
    return this.segmentList.map(({ file, baseZxid, lastZxid, sizeBytes }) => ({ file, baseZxid, lastZxid, sizeBytes }));
  }

  /**
   * Buffers a record for the next flush. The payload is not copied: do not modify it until
   * the flush resolves.
   * @throws Error if the zxid does not exceed {@link lastZxid}, RangeError if the payload is
   * over the limit or the buffer is full (flush first), StorageFailedError after a failure.
   */
  append(record: TxnRecord): void {
    this.assertUsable('append');
    assertZxid(record.zxid, 'TxnLog.append');
    if (record.zxid <= this.appendedZxid) {
      throw new Error(
        `TxnLog.append: zxid ${formatZxid(record.zxid)} is not greater than the last appended zxid ` +
          `${formatZxid(this.appendedZxid)}; zxids must strictly increase`,
      );
    }
    const size = record.payload.length;
    if (size > this.maxPayloadBytes) {
      throw new RangeError(
        `TxnLog.append: payload of zxid ${formatZxid(record.zxid)} is ${size} bytes, over the ${this.maxPayloadBytes}-byte limit`,
      );
    }
    if (this.pendingBytes + RECORD_HEADER_BYTES + size > this.maxPendingBytes) {
      throw new RangeError(
        `TxnLog.append: ${this.pendingBytes} bytes already buffered; flush before appending more ` +
          `(limit ${this.maxPendingBytes})`,
      );
    }
    this.pending.push({ record, startsSegment: this.rollNext });
    this.pendingBytes += RECORD_HEADER_BYTES + size;
    this.rollNext = false;
    this.appendedZxid = record.zxid;
  }

  /**
   * Makes every record appended before this call durable: one write and one fdatasync for all
   * of them (plus a directory fsync when a segment is created). Calls made while a flush is
   * still queued share it; the promise resolves only after all earlier disk operations did.
   */
  flush(): Promise<void> {
    if (this.queuedFlush !== null) return this.queuedFlush.promise;
    const queued: QueuedFlush = { promise: Promise.resolve(), batch: null };
    queued.promise = this.enqueue(() => {
      if (this.queuedFlush === queued) this.queuedFlush = null;
      return this.writeBatch(queued.batch ?? this.takePending());
    });
    this.queuedFlush = queued;
    return queued.promise;
  }

  /** Makes the next appended record start a new segment (ZooKeeper rolls the log at each snapshot). */
  roll(): void {
    this.assertUsable('roll');
    this.rollNext = true;
  }

  /**
   * Removes every record with a greater zxid, buffered or durable (Zab's TRUNC). Appends must
   * then exceed `min(zxid, lastZxid)`. Resolves once the cut is durable.
   */
  truncateAfter(zxid: bigint): Promise<void> {
    this.assertUsable('truncateAfter');
    assertZxid(zxid, 'TxnLog.truncateAfter');
    if (zxid >= this.appendedZxid) return this.enqueue(async () => {});
    const kept = this.pending.filter((p) => p.record.zxid <= zxid);
    if (this.pending.slice(kept.length).some((p) => p.startsSegment)) this.rollNext = true;
    this.pending = kept;
    this.pendingBytes = kept.reduce((sum, p) => sum + RECORD_HEADER_BYTES + p.record.payload.length, 0);
    this.appendedZxid = kept.at(-1)?.record.zxid ?? (this.writtenZxid < zxid ? this.writtenZxid : zxid);
    // A flush queued before this call must not pick up records appended after it: they
    // would be written before the cut below, and cut.
    if (this.queuedFlush !== null) {
      this.queuedFlush.batch = this.takePending();
      this.queuedFlush = null;
    }
    return this.enqueue(() => this.guard(() => this.cutDurable(zxid), `truncate after ${formatZxid(zxid)}`));
  }

  /**
   * Deletes the segments wholly older than `zxid + 1`: it keeps the newest segment whose
   * first zxid is at most `zxid + 1` (it may hold `zxid + 1`) and all later ones. Called with
   * the oldest retained snapshot's zxid when purging. Returns the deleted files.
   */
  deleteSegmentsBefore(zxid: bigint): Promise<string[]> {
    this.assertUsable('deleteSegmentsBefore');
    assertZxid(zxid, 'TxnLog.deleteSegmentsBefore');
    return this.enqueue(async () => {
      let keepFrom = 0;
      this.segmentList.forEach((s, i) => {
        if (s.baseZxid <= zxid + 1n) keepFrom = i;
      });
      // Oldest first, so a crash midway still leaves a contiguous log.
      const doomed = this.segmentList.slice(0, keepFrom);
      for (const s of doomed) await this.guard(() => unlink(s.file), `delete ${s.file}`);
      if (doomed.length > 0) await this.guard(() => fsyncDirectory(this.dir), `fsync ${this.dir}`);
      this.segmentList.splice(0, keepFrom);
      return doomed.map((s) => s.file);
    });
  }

  /** Flushes what is buffered and closes the files. Later calls on the log throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    const flushed = this.pending.length > 0 ? this.flush() : this.enqueue(async () => {});
    this.closed = true;
    try {
      await flushed;
      // A clean stop leaves no preallocated zeros behind for recovery to cut.
      await this.enqueue(() => this.trimActive());
    } finally {
      await this.queueTail;
      await this.active?.handle.close();
      this.active = null;
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queueTail.then(() => {
      if (this.failure !== null) throw this.failure;
      return operation();
    });
    this.queueTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private assertUsable(what: string): void {
    if (this.failure !== null) throw this.failure;
    if (this.closed) throw new Error(`TxnLog.${what}: the log is closed`);
  }

  /** Runs one disk step; a failure poisons the log (see the file comment). */
  private async guard<T>(step: () => Promise<T>, what: string): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.failure ??= new StorageFailedError(`txn log in ${this.dir}: ${what} failed; the log is unusable`, {
        cause: error,
      });
      throw this.failure;
    }
  }

  private takePending(): PendingRecord[] {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return batch;
  }

  private async writeBatch(batch: readonly PendingRecord[]): Promise<void> {
    if (batch.length === 0) return;
    this.writtenZxid = batch[batch.length - 1]!.record.zxid;
    let start = 0;
    while (start < batch.length) {
      const first = batch[start]!;
      let bytes = RECORD_HEADER_BYTES + first.record.payload.length;
      let active = this.active;
      if (active === null || first.startsSegment || !this.canExtend(active, bytes)) {
        active = await this.startSegment(first.record.zxid);
      }
      const room = roomLeft(active);
      let end = start + 1;
      for (; end < batch.length && !batch[end]!.startsSegment; end++) {
        const next = RECORD_HEADER_BYTES + batch[end]!.record.payload.length;
        if (bytes + next > room) break;
        bytes += next;
      }
      await this.writeRun(active, batch.slice(start, end).map((p) => p.record));
      start = end;
    }
    await this.syncActive();
  }

  /** A flush keeps writing to the active segment until it reaches the roll size. */
  private canExtend(active: ActiveSegment, firstRunBytes: number): boolean {
    return active.segment.sizeBytes < this.segmentBytes && firstRunBytes <= roomLeft(active);
  }

  private async writeRun(active: ActiveSegment, records: TxnRecord[]): Promise<void> {
    const segment = active.segment;
    const offset = segment.sizeBytes;
    const bytes = encodeWrite(records, active.headerPending ? 0 : offset, active.headerPending ? segment.prevZxid : null);
    const end = offset + bytes.length;
    if (this.preallocateBytes > 0 && end > active.fileBytes) {
      // Grown before the write, so that this flush's fdatasync commits the new size once and
      // the next ones, writing inside the file, have no size change to commit.
      const size = end + this.preallocateBytes;
      await this.guard(() => active.handle.truncate(size), `extend ${segment.file}`);
      active.fileBytes = size;
    }
    // Synchronous: the batch is written on the event-loop thread and only the fdatasync goes
    // to the thread pool, so a write waits for one thread hop instead of two.
    await this.guard(async () => writeFullySync(active.handle.fd, bytes, offset), `write to ${segment.file}`);
    active.headerPending = false;
    active.dirty = true;
    active.fileBytes = Math.max(active.fileBytes, end);
    segment.sizeBytes += bytes.length;
    segment.lastZxid = records[records.length - 1]!.zxid;
  }

  /**
   * Closes the current segment and creates the next. The current one is fsynced first: a
   * later segment must never be durable while an earlier one is not, or recovery would see a
   * torn non-last segment and refuse to start.
   */
  private async startSegment(baseZxid: bigint): Promise<ActiveSegment> {
    const previous = this.active;
    const prevZxid = previous?.segment.lastZxid ?? this.syncedZxid;
    if (previous !== null) {
      await this.syncActive();
      await this.trimActive();
      await this.guard(() => previous.handle.close(), `close ${previous.segment.file}`);
      this.active = null;
    }
    const file = join(this.dir, SEGMENT_PREFIX + zxidFileSuffix(baseZxid));
    const handle = await this.guard(() => open(file, 'wx'), `create ${file}`);
    const segment: LogSegment = { file, baseZxid, prevZxid, lastZxid: prevZxid, sizeBytes: 0 };
    this.segmentList.push(segment);
    const active = { handle, segment, headerPending: true, dirty: false, entryPending: true, fileBytes: 0 };
    this.active = active;
    return active;
  }

  private async syncActive(): Promise<void> {
    const active = this.active;
    if (active === null) return;
    if (active.dirty && this.fsync) await this.guard(() => active.handle.datasync(), `fdatasync ${active.segment.file}`);
    active.dirty = false;
    if (active.entryPending) {
      await this.guard(() => fsyncDirectory(this.dir), `fsync ${this.dir}`);
      active.entryPending = false;
    }
    this.syncedZxid = active.segment.lastZxid;
  }

  /**
   * Cuts the active segment's preallocated zeros and fsyncs the new size. Done before a newer
   * segment exists, so only the last segment can ever end in zeros.
   */
  private async trimActive(): Promise<void> {
    const active = this.active;
    if (active === null || active.fileBytes <= active.segment.sizeBytes) return;
    const { file, sizeBytes } = active.segment;
    await this.guard(() => active.handle.truncate(sizeBytes), `truncate ${file}`);
    await this.guard(() => active.handle.sync(), `fsync ${file}`);
    active.fileBytes = sizeBytes;
  }

  /** Deletes durable records above `zxid`: newer segments first, then the tail of the one holding it. */
  private async cutDurable(zxid: bigint): Promise<void> {
    if (this.writtenZxid <= zxid) return;
    const active = this.active;
    if (active !== null) {
      await this.guard(() => active.handle.close(), `close ${active.segment.file}`);
      this.active = null;
    }
    let emptiedBelow: bigint | null = null;
    while ((this.segmentList.at(-1)?.baseZxid ?? -1n) > zxid) {
      const doomed = this.segmentList.pop()!;
      await this.guard(() => unlink(doomed.file), `delete ${doomed.file}`);
      emptiedBelow = doomed.prevZxid;
    }
    if (emptiedBelow !== null) await this.guard(() => fsyncDirectory(this.dir), `fsync ${this.dir}`);
    const last = this.segmentList.at(-1);
    if (last !== undefined && last.lastZxid > zxid) await this.cutSegmentTail(last, zxid);
    this.writtenZxid = last?.lastZxid ?? (emptiedBelow !== null && emptiedBelow < zxid ? emptiedBelow : zxid);
    this.syncedZxid = this.writtenZxid;
    if (last !== undefined) this.active = await this.guard(() => openExisting(last), `open ${last.file}`);
  }

  private async cutSegmentTail(segment: LogSegment, zxid: bigint): Promise<void> {
    const file = await this.guard(() => readFile(segment.file), `read ${segment.file}`);
    // The records only: an active segment's file continues with preallocated zeros.
    const bytes = file.subarray(0, segment.sizeBytes);
    const scan = scanSegment(bytes, segment.baseZxid, this.maxPayloadBytes);
    if (scan.defect !== null) {
      throw new CorruptLogError(segment.file, scan.defect.offset, scan.defect.zxid, `${scan.defect.reason} (found while truncating)`);
    }
    const cut = scan.records.findIndex((r) => r.zxid > zxid);
    const keptLast = scan.records[cut - 1];
    // cut >= 1: the segment's first zxid is at most `zxid`, or it would have been deleted.
    if (keptLast === undefined) throw new Error(`TxnLog: no record of ${segment.file} is at or below ${formatZxid(zxid)}`);
    const offset = scan.records[cut]!.offset;
    const handle = await this.guard(() => open(segment.file, 'r+'), `open ${segment.file}`);
    try {
      await this.guard(() => handle.truncate(offset), `truncate ${segment.file}`);
      await this.guard(() => handle.datasync(), `fdatasync ${segment.file}`);
    } finally {
      await handle.close();
    }
    segment.lastZxid = keptLast.zxid;
    segment.sizeBytes = offset;
  }
}

async function openExisting(segment: LogSegment): Promise<ActiveSegment> {
  const handle = await open(segment.file, 'r+');
  const fileBytes = (await handle.stat()).size;
  return { handle, segment, headerPending: false, dirty: false, entryPending: false, fileBytes };
}

/** Bytes the active segment can still take before its offsets would overflow a u32. */
function roomLeft(active: ActiveSegment): number {
  const header = active.headerPending ? SEGMENT_HEADER_BYTES : 0;
  return MAX_SEGMENT_BYTES - active.segment.sizeBytes - header;
}

function positiveLimit(name: string, value: number | undefined, fallback: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen <= 0 || chosen > max) {
    throw new RangeError(`TxnLog option ${name} must be an integer in 1 .. ${max}, got ${String(value)}`);
  }
  return chosen;
}
