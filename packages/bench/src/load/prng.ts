/**
 * xorshift32: a tiny, allocation-free generator for picking keys and mixing operations. Each
 * session gets its own seed so that runs are repeatable and sessions do not walk in lockstep.
 */
export class XorShift32 {
  private state: number;

  constructor(seed: number) {
    // Zero is xorshift's fixed point; any other 32-bit value works.
    this.state = (seed >>> 0) || 0x9e3779b9;
  }

  /** The next value in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** A value in [0, n). */
  below(n: number): number {
    return this.next() % n;
  }
}
