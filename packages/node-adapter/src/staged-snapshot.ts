/**
 * A snapshot arriving by SNAP, written to the snapshot store piece by piece as the pieces come
 * (each write awaited, so the event loop keeps serving): the store's temp file grows while the
 * stream runs and becomes the snapshot file, fsynced and renamed into place, only at {@link end}.
 * {@link abort} makes the store remove the temp file instead.
 */
import type { SnapshotStore } from './storage/index';

export class StagedSnapshot {
  /** The snapshot file's path once written; rejects if aborted or the disk failed. */
  readonly written: Promise<string>;
  private readonly pieces: Uint8Array[] = [];
  private state: 'open' | 'ended' | 'aborted' = 'open';
  private wake: (() => void) | null = null;

  /** Starts writing once `after` settled (an earlier staging of the same temp file is gone). */
  constructor(readonly zxid: number, store: SnapshotStore, after: Promise<unknown>) {
    this.written = after.then(() => store.write(BigInt(zxid), this.drain()));
    // A failure is reported to whoever awaits the install; a staging never installed has none.
    this.written.catch(() => undefined);
  }

  push(piece: Uint8Array): void {
    this.pieces.push(piece);
    this.signal();
  }

  /** Every piece is pushed: the file is completed, fsynced and renamed into place. */
  end(): Promise<string> {
    this.state = 'ended';
    this.signal();
    return this.written;
  }

  /** The SNAP was cut: the partial file is removed. Resolves once it is. */
  abort(): Promise<void> {
    this.state = 'aborted';
    this.signal();
    return this.written.then(() => undefined, () => undefined);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async *drain(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.state === 'aborted') throw new Error(`the SNAP at zxid 0x${this.zxid.toString(16)} was cut before its end`);
      const piece = this.pieces.shift();
      if (piece !== undefined) {
        yield piece;
        continue;
      }
      if (this.state === 'ended') return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
