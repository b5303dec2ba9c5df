/**
 * The run's trace: every input fed to the server and every output it produced, one line each,
 * in order. All lines feed a 64-bit hash (two independent 32-bit FNV-style lanes), so two runs
 * of one seed on one commit can be compared by a single string; the last lines are kept for
 * failure reports.
 */

/** A hashed, bounded record of trace lines. */
export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x9747b28c;
  private readonly ring: string[];
  private next = 0;
  private total = 0;

  constructor(private readonly keep = 200) {
    this.ring = new Array<string>(keep);
  }

  /** Appends one line. */
  record(line: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // A line separator, so ["ab","c"] and ["a","bc"] hash differently.
    this.h1 = Math.imul(h1 ^ 0x0a, 0x01000193);
    this.h2 = Math.imul(h2 ^ 0x0a, 0x5bd1e995);
    this.ring[this.next] = line;
    this.next = (this.next + 1) % this.keep;
    this.total++;
  }

  /** The hash of every line so far, as 16 hex digits. */
  get hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  /** Lines recorded so far. */
  get length(): number {
    return this.total;
  }

  /** The last `n` lines (at most the number kept), oldest first. */
  tail(n: number): string[] {
    const count = Math.min(n, this.total, this.keep);
    const out: string[] = [];
    for (let i = count; i > 0; i--) out.push(this.ring[(this.next - i + this.keep) % this.keep]!);
    return out;
  }
}
