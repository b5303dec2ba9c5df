/**
 * This server's txn log as Zab sees it, in memory: every logged txn after `baseZxid`, in zxid
 * order, and how far it is committed. Uncommitted txns are always kept (they may have to be
 * truncated, or committed when a new leader adopts this history); committed ones are kept only
 * up to `retain` of them, ZooKeeper's committedLog that lets a leader sync followers by DIFF.
 * A learner further behind than that gets SNAP.
 */
import type { LogRecord } from '../io';
import { invariant } from '../util/assert';
import { counterOf, epochOf, formatZxid } from './zxid';

export class History {
  private readonly entries: LogRecord[] = [];
  /** The zxid just before the first retained entry: a snapshot's zxid, or a trimmed entry's. */
  private base: number;
  private committed: number;

  constructor(baseZxid: number, private readonly retain: number) {
    invariant(retain >= 0, 'committedLog size must be >= 0');
    this.base = baseZxid;
    this.committed = baseZxid;
  }

  get baseZxid(): number {
    return this.base;
  }

  get lastZxid(): number {
    return this.entries.length === 0 ? this.base : this.entries[this.entries.length - 1]!.zxid;
  }

  get committedZxid(): number {
    return this.committed;
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Appends the next txn. Logs have no holes: within an epoch each zxid follows the last, and
   * an epoch starts at counter 1 (ZOOKEEPER-4925: a hole in a learner's log became data loss
   * once it led).
   */
  append(record: LogRecord): void {
    const last = this.lastZxid;
    invariant(record.zxid > last, () => `log append of ${formatZxid(record.zxid)} after ${formatZxid(last)}`);
    invariant(
      epochOf(record.zxid) === epochOf(last) ? record.zxid === last + 1 : counterOf(record.zxid) <= 1,
      () => `log append of ${formatZxid(record.zxid)} after ${formatZxid(last)} leaves a hole`,
    );
    this.entries.push(record);
  }

  /** Marks everything through `zxid` committed; returns the newly committed entries in order. */
  commitThrough(zxid: number): LogRecord[] {
    invariant(zxid <= this.lastZxid, () => `commit of 0x${zxid.toString(16)} beyond the log's end 0x${this.lastZxid.toString(16)}`);
    if (zxid <= this.committed) return [];
    const newly = this.entries.filter((e) => e.zxid > this.committed && e.zxid <= zxid);
    this.committed = zxid;
    this.trim();
    return newly;
  }

  /**
   * Drops every entry after `zxid` (TRUNC). Committed txns are never truncated: Zab's whole
   * point (ZOOKEEPER-1154 and ZOOKEEPER-4643 are both ways this was broken).
   */
  truncateAfter(zxid: number): void {
    invariant(zxid >= this.committed, () => `TRUNC to 0x${zxid.toString(16)} would drop committed txns through 0x${this.committed.toString(16)}`);
    while (this.entries.length > 0 && this.entries[this.entries.length - 1]!.zxid > zxid) this.entries.pop();
    if (this.entries.length === 0 && this.base > zxid) this.base = zxid;
  }

  /** Forgets everything: the state is now a snapshot at `zxid`, all of it committed (SNAP). */
  resetTo(zxid: number): void {
    this.entries.length = 0;
    this.base = zxid;
    this.committed = zxid;
  }

  /** The retained entries after `zxid`, in order. */
  after(zxid: number): LogRecord[] {
    return this.entries.filter((e) => e.zxid > zxid);
  }

  has(zxid: number): boolean {
    return zxid === this.base || this.entries.some((e) => e.zxid === zxid);
  }

  /** The greatest zxid this log holds that is below `zxid` (or the base). */
  lastBefore(zxid: number): number {
    let found = this.base;
    for (const e of this.entries) if (e.zxid < zxid) found = e.zxid;
    return found;
  }

  get(zxid: number): LogRecord | undefined {
    return this.entries.find((e) => e.zxid === zxid);
  }

  private trim(): void {
    let committedCount = 0;
    for (const e of this.entries) if (e.zxid <= this.committed) committedCount++;
    const drop = committedCount - this.retain;
    if (drop <= 0) return;
    this.base = this.entries[drop - 1]!.zxid;
    this.entries.splice(0, drop);
  }
}
