/**
 * Copies many small byte arrays into shared slabs, handing out views. Loading a snapshot gives
 * every znode its own copy of its data; as separate allocations a million small arrays cost a
 * backing store each and dominate the load's garbage collection. A slab is freed once no view
 * of it is left (every node in it changed or gone), like Node's own pool for small Buffers.
 */

/** Slab size: large enough that allocations are rare, small enough that a pinned slab is cheap. */
const SLAB_BYTES = 256 * 1024;
/** Larger arrays get their own copy: one would waste a slab's tail, and they are few. */
const MAX_SLABBED_BYTES = 4 * 1024;

export class DataSlab {
  private slab = new Uint8Array(0);
  private used = 0;

  /** A copy of `bytes` that does not alias them (null stays null). */
  copy(bytes: Uint8Array | null): Uint8Array | null {
    if (bytes === null) return null;
    const n = bytes.length;
    if (n > MAX_SLABBED_BYTES) return bytes.slice();
    if (this.used + n > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + n);
    out.set(bytes);
    this.used += n;
    return out;
  }
}
