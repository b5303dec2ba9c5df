import { writeJavaUtf8 } from './utf8';

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/**
 * Writes jute primitives (`BinaryOutputArchive`) into a growable big-endian buffer.
 *
 * Methods chain. A writer can be kept and `reset()` between messages so that a hot path only
 * allocates the bytes it hands out (`finish()`), or nothing at all (`written()`).
 * Values outside a field's range throw a `RangeError` instead of wrapping silently.
 */
export class JuteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written since construction or the last `reset()`. */
  get length(): number {
    return this.pos;
  }

  /** Forgets what was written, keeping the allocated capacity. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** jute `int`: 4 bytes, big-endian, two's complement. */
  int(n: number): this {
    if (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX) {
      throw new RangeError(`jute int out of range: ${n}`);
    }
    this.ensure(4);
    this.view.setInt32(this.pos, n);
    this.pos += 4;
    return this;
  }

  /** jute `long`: 8 bytes, big-endian, two's complement. */
  long(n: bigint): this {
    if (n < LONG_MIN || n > LONG_MAX) throw new RangeError(`jute long out of range: ${n}`);
    this.ensure(8);
    this.view.setBigInt64(this.pos, n);
    this.pos += 8;
    return this;
  }

  /** jute `boolean`: one byte, 0 or 1. */
  bool(b: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = b ? 1 : 0;
    return this;
  }

  /** jute `buffer`: an int length, then the bytes; null is length -1. */
  buffer(b: Uint8Array | null): this {
    if (b === null) return this.int(-1);
    this.int(b.length);
    return this.bytes(b);
  }

  /** jute `ustring`: an int byte length, then the UTF-8 bytes (Java style); null is -1. */
  ustring(s: string | null): this {
    if (s === null) return this.int(-1);
    // Reserve the worst case (3 bytes per UTF-16 unit) so the string is walked once.
    this.ensure(4 + 3 * s.length);
    const start = this.pos + 4;
    const end = writeJavaUtf8(s, this.buf, start);
    this.view.setInt32(this.pos, end - start);
    this.pos = end;
    return this;
  }

  /** Raw bytes, with no length prefix. */
  bytes(raw: Uint8Array): this {
    this.ensure(raw.length);
    this.buf.set(raw, this.pos);
    this.pos += raw.length;
    return this;
  }

  /** Overwrites the int at `offset` (already written), e.g. a length known only afterwards. */
  patchInt(offset: number, n: number): this {
    if (offset < 0 || offset + 4 > this.pos) throw new RangeError(`patch outside written bytes: ${offset}`);
    if (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX) {
      throw new RangeError(`jute int out of range: ${n}`);
    }
    this.view.setInt32(offset, n);
    return this;
  }

  /** A copy of the written bytes, which stays valid after the writer is reset or reused. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** The written bytes without copying; valid only until the next write or `reset()`. */
  written(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}
