/**
 * A snapshot of committed state written in slices across turns (the tree stays frozen at its
 * zxid meanwhile), shared by whoever needs it: the background snapshot to disk and the leader's
 * SNAP streams, which read its chunks as they are written.
 */
import type { SnapshotWriter } from '../snapshot/snapshot-codec';
import type { SnapshotSource } from './zab-host';

export class SlicedSnapshot implements SnapshotSource {
  /** It goes to disk as a `snapshot` output once complete (else only SNAP streams read it). */
  toDisk = false;
  private done = false;

  constructor(private readonly writer: SnapshotWriter) {}

  get zxid(): number {
    return this.writer.zxid;
  }

  get chunks(): readonly Uint8Array[] {
    return this.writer.chunksSoFar;
  }

  get complete(): boolean {
    return this.done;
  }

  /** Writes up to `maxNodes` more znodes; true once complete. */
  slice(maxNodes: number): boolean {
    this.done = this.writer.slice(maxNodes);
    return this.done;
  }
}
