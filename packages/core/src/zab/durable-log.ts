/**
 * Which of the storage writes we asked for are durable. Each write leaves the log ending at
 * some zxid: an append moves the end forward, a cut (a learner's TRUNC or SNAP) moves it back.
 * Storage reports `persisted` with the end a write left, in order; one report may cover several
 * appends. Only what is durable may be acknowledged (a follower's ACK, a leader's own ACK, the
 * NEWLEADER ACK), so this is what every ACK consults.
 */
import { invariant } from '../util/assert';

interface PendingWrite {
  readonly end: number;
  readonly cut: boolean;
}

export class DurableLog {
  private readonly pending: PendingWrite[] = [];
  private durable: number;

  /** `end`: where the log already on disk ends. */
  constructor(end: number) {
    this.durable = end;
  }

  /** The log is durable through here (and nothing cut below it is pending). */
  get durableZxid(): number {
    return this.durable;
  }

  /** No write is waiting. */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  appended(end: number): void {
    this.pending.push({ end, cut: false });
  }

  /** A truncate or install-snapshot: the log now ends at `end`, durably or not. */
  cut(end: number): void {
    this.pending.push({ end, cut: true });
    this.durable = Math.min(this.durable, end);
  }

  /**
   * Storage made durable every write through the one that left the log ending at `end`.
   * Returns false for a repeated or stale report, which changes nothing.
   */
  persisted(end: number): boolean {
    let n = this.pending.findIndex((w) => w.end === end) + 1;
    if (n === 0) {
      while (n < this.pending.length && !this.pending[n]!.cut && this.pending[n]!.end <= end) n++;
      if (n === 0) return false;
    }
    this.pending.splice(0, n);
    // Appends made durable before a cut still pending describe a log we no longer have.
    const cutPending = this.pending.some((w) => w.cut);
    this.durable = cutPending ? Math.min(this.durable, end) : end;
    invariant(this.pending.length === 0 || this.pending[0]!.cut || this.pending[0]!.end > this.durable, 'durable point beyond a pending append');
    return true;
  }
}
