/**
 * Cached node snapshots fed by reads that may complete out of order (the caches' core): every
 * read carries the sequence number it was issued under, and an older read never overwrites what
 * a newer one found.
 */
import { sameSnapshot, type NodeSnapshot } from './node-cache';

export type SnapshotChange<K> =
  | { readonly type: 'added' | 'updated'; readonly key: K; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly key: K };

export class SnapshotTable<K> {
  readonly nodes = new Map<K, NodeSnapshot>();
  /** The sequence number of the last read applied per key. */
  private readonly appliedSeq = new Map<K, number>();
  private issued = 0;
  /** Reads started and not yet finished; when none are, no stale result can still arrive. */
  private inFlight = 0;

  /** A sequence number for a read (or a known change) about to be applied. */
  nextSeq(): number {
    return ++this.issued;
  }

  readStarted(): void {
    this.inFlight += 1;
  }

  /** Once no read is in flight, forgets the sequence numbers of keys no longer cached. */
  readFinished(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    for (const key of [...this.appliedSeq.keys()]) if (!this.nodes.has(key)) this.appliedSeq.delete(key);
  }

  /** Records what a read issued under `seq` found; the change, or null if stale or the same. */
  apply(key: K, seq: number, node: NodeSnapshot | null): SnapshotChange<K> | null {
    if (seq < (this.appliedSeq.get(key) ?? 0)) return null;
    this.appliedSeq.set(key, seq);
    const before = this.nodes.get(key) ?? null;
    if (sameSnapshot(before, node)) return null;
    if (node === null) {
      this.nodes.delete(key);
      return { type: 'removed', key };
    }
    this.nodes.set(key, node);
    return { type: before === null ? 'added' : 'updated', key, node };
  }
}
