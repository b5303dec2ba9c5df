/**
 * One ensemble member's disk. Log writes (appends, truncates, snapshot installs, background
 * snapshots) wait until an fsync covers them: one fsync runs at a time and makes durable, in
 * order, everything issued before it started (group commit). Epoch files are written apart from
 * the log, each durable only when its own write completes, in issue order. A crash loses every
 * write not yet durable, the running fsync's included, unless the crash tears it: then the
 * records it began with reach the disk whole up to a drawn point, and the next one only in part
 * (a torn last record, as a power cut leaves the node adapter's segment file). Those whole
 * records are durable though never reported; the torn bytes are cut by {@link recover}, as the
 * adapter's recovery cuts a torn tail, so the server recovers from the valid prefix.
 *
 * Besides the durable state the disk keeps the log as the server issued it (`issued`): the
 * checker compares committed txns there, before they are even durable.
 */
import { joinChunks, type DurableState, type EpochName, type Input, type LogRecord, type Output } from '@paddock/core';
import type { Prng } from '../prng';

/** A storage output for the log device (a SNAP's pieces are staged, then installed at once). */
export type DiskOutput = Extract<Output, { type: 'append' | 'truncate' | 'install-snapshot-piece' | 'install-snapshot-abort' | 'install-snapshot' | 'snapshot' }>;

/** A write to the log device. */
type LogWrite =
  | Extract<Output, { type: 'append' | 'truncate' | 'snapshot' }>
  | { readonly type: 'install-snapshot'; readonly zxid: number; readonly bytes: Uint8Array };

/** The log and snapshot, as durable or as issued. */
class LogImage {
  records: LogRecord[] = [];
  snapshot: { zxid: number; bytes: Uint8Array } | null = null;
  /** Bytes after the last whole record: a record a crash tore, until recovery cuts them. */
  tail: Uint8Array = new Uint8Array(0);

  apply(w: LogWrite): void {
    switch (w.type) {
      case 'append':
        this.records.push(...w.records);
        return;
      case 'truncate':
        this.records = this.records.filter((r) => r.zxid <= w.zxid);
        return;
      case 'install-snapshot':
        this.snapshot = { zxid: w.zxid, bytes: w.bytes };
        this.records = [];
        return;
      case 'snapshot':
        this.snapshot = { zxid: w.zxid, bytes: joinChunks(w.chunks) };
        return;
    }
  }

  copy(): LogImage {
    const c = new LogImage();
    c.records = [...this.records];
    c.snapshot = this.snapshot;
    c.tail = this.tail;
    return c;
  }
}

/** The simulated disk of one member. */
export class ReplicaDisk {
  private durableLog = new LogImage();
  /** The log as issued: durable writes plus pending ones. */
  private issuedLog = new LogImage();
  private readonly epochs: { acceptedEpoch?: number; currentEpoch?: number } = {};
  private pending: LogWrite[] = [];
  /** The pieces of a SNAP being received, staged until its install (lost by a crash). */
  private staged: { readonly zxid: number; readonly pieces: Uint8Array[] } | null = null;
  private syncing: LogWrite[] | null = null;
  private readonly epochWrites: Array<{ name: EpochName; epoch: number }> = [];

  /** The log as the server issued it, oldest first. */
  get issued(): readonly LogRecord[] {
    return this.issuedLog.records;
  }

  /** Whether txn `zxid` with payload hash `hash` is durable here (logged, or under a snapshot). */
  durablyHolds(zxid: number, matches: (payload: Uint8Array) => boolean): boolean {
    const snap = this.durableLog.snapshot;
    if (snap && snap.zxid >= zxid) return true;
    const records = this.durableLog.records;
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (records[mid]!.zxid < zxid) lo = mid + 1;
      else hi = mid;
    }
    const r = records[lo];
    return r !== undefined && r.zxid === zxid && matches(r.payload);
  }

  /** Whether a crash now would lose log writes (counted as "crash with unsynced writes"). */
  get hasUnsynced(): boolean {
    return this.pending.length > 0 || this.syncing !== null;
  }

  write(output: DiskOutput): void {
    let w: LogWrite;
    switch (output.type) {
      case 'install-snapshot-piece':
        if (output.index === 0) this.staged = { zxid: output.zxid, pieces: [] };
        if (this.staged?.zxid !== output.zxid || this.staged.pieces.length !== output.index) throw new Error(`SNAP piece ${output.index} out of order`);
        this.staged.pieces.push(output.bytes);
        return;
      case 'install-snapshot-abort':
        this.staged = null;
        return;
      case 'install-snapshot':
        if (this.staged?.zxid !== output.zxid) throw new Error(`install of an unstaged SNAP at ${output.zxid}`);
        w = { type: 'install-snapshot', zxid: output.zxid, bytes: joinChunks(this.staged.pieces) };
        this.staged = null;
        break;
      default:
        w = output;
    }
    this.pending.push(w);
    this.issuedLog.apply(w);
  }

  /** Queues an epoch file write; the caller schedules {@link completeEpochWrite}. */
  writeEpoch(name: EpochName, epoch: number): void {
    this.epochWrites.push({ name, epoch });
  }

  /** The oldest epoch write completes. */
  completeEpochWrite(): Input {
    const w = this.epochWrites.shift();
    if (!w) throw new Error('no epoch write in flight');
    this.epochs[w.name] = w.epoch;
    return { type: 'epoch-persisted', name: w.name, epoch: w.epoch };
  }

  /** Starts an fsync of everything pending, unless one runs or nothing waits; true if started. */
  beginFsync(): boolean {
    if (this.syncing || this.pending.length === 0) return false;
    this.syncing = this.pending;
    this.pending = [];
    return true;
  }

  /**
   * The running fsync finished: its writes are durable. Returns its reports ({@link reportsOfSync}).
   */
  endFsync(): Input[] {
    const inputs = this.reportsOfSync();
    for (const w of this.syncing!) this.durableLog.apply(w);
    this.syncing = null;
    return inputs;
  }

  /**
   * What the running fsync reports once done, as the contract says: one `persisted` for a run
   * of appends (its last zxid), one for each truncate or snapshot install.
   */
  reportsOfSync(): Input[] {
    const batch = this.syncing;
    if (!batch) throw new Error('no fsync running');
    const inputs: Input[] = [];
    let appended: number | null = null;
    const flushAppends = (): void => {
      if (appended !== null) inputs.push({ type: 'persisted', zxid: appended });
      appended = null;
    };
    for (const w of batch) {
      if (w.type === 'append') {
        appended = w.records[w.records.length - 1]!.zxid;
      } else if (w.type !== 'snapshot') {
        flushAppends();
        inputs.push({ type: 'persisted', zxid: w.zxid });
      }
    }
    flushAppends();
    return inputs;
  }

  /**
   * The power went out: whatever was not durable is gone. With `tear`, a running fsync that
   * began with appends leaves a drawn number of their records whole and the next one torn.
   */
  crash(tear: Prng | null = null): void {
    const records = this.syncing ? leadingAppends(this.syncing) : [];
    if (tear && records.length > 0) {
      const whole = tear.int(0, records.length - 1);
      this.durableLog.apply({ type: 'append', records: records.slice(0, whole) });
      const frame = encodeFrame(records[whole]!);
      this.durableLog.tail = frame.slice(0, tear.int(1, frame.length - 1));
    }
    this.pending = [];
    this.staged = null;
    this.syncing = null;
    this.epochWrites.length = 0;
    this.issuedLog = this.durableLog.copy();
  }

  /**
   * Startup recovery: scans the bytes after the last whole record and cuts what cannot be a
   * record (a torn tail), as the node adapter does. Returns what `Server.recover` reads, and
   * how many torn bytes were cut.
   */
  recover(): { state: DurableState; cutBytes: number } {
    const cutBytes = this.durableLog.tail.length;
    if (cutBytes > 0 && isWholeFrame(this.durableLog.tail)) throw new Error('a whole record lies in the torn tail');
    this.durableLog.tail = new Uint8Array(0);
    this.issuedLog.tail = new Uint8Array(0);
    return { state: this.durable(), cutBytes };
  }

  /** The valid prefix of the durable log: what `Server.recover` reads after a restart. */
  durable(): DurableState {
    return {
      snapshot: this.durableLog.snapshot?.bytes ?? null,
      txns: this.durableLog.records.map((r) => r.payload),
      ...(this.epochs.acceptedEpoch !== undefined ? { acceptedEpoch: this.epochs.acceptedEpoch } : {}),
      ...(this.epochs.currentEpoch !== undefined ? { currentEpoch: this.epochs.currentEpoch } : {}),
    };
  }
}

/** The records of the appends a batch of writes begins with (written first, so torn first). */
function leadingAppends(batch: readonly LogWrite[]): LogRecord[] {
  const records: LogRecord[] = [];
  for (const w of batch) {
    if (w.type !== 'append') break;
    records.push(...w.records);
  }
  return records;
}

/** A record as the log frames it on disk: payload length (u32, big-endian), zxid (u64), payload. */
function encodeFrame(r: LogRecord): Uint8Array {
  const frame = new Uint8Array(12 + r.payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, r.payload.length);
  view.setBigUint64(4, BigInt(r.zxid));
  frame.set(r.payload, 12);
  return frame;
}

/** Whether `bytes` hold a whole frame: a header, and as many payload bytes as it declares. */
function isWholeFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  return bytes.length >= 12 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
}
