import { JuteDecodeError } from './jute-decode-error';
import { decodeUtf8 } from './utf8';

/**
 * Reads jute primitives (`BinaryInputArchive`) from a byte range. Every read checks bounds and
 * throws `JuteDecodeError` rather than returning garbage, so a decoder built on it fails
 * cleanly on truncated or hostile input.
 */
export class JuteReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private pos: number;
  private readonly end: number;

  /** Reads `bytes[offset, end)`. */
  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    if (offset < 0 || end > bytes.length || offset > end) {
      throw new RangeError(`reader range [${offset}, ${end}) outside ${bytes.length} bytes`);
    }
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
    this.end = end;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Position of the next byte to read, relative to the start of the array given. */
  get offset(): number {
    return this.pos;
  }

  /** jute `int`. */
  int(): number {
    this.need(4, 'int');
    const n = this.view.getInt32(this.pos);
    this.pos += 4;
    return n;
  }

  /** jute `long`. */
  long(): bigint {
    this.need(8, 'long');
    const n = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return n;
  }

  /** jute `boolean`: any non-zero byte is true, as Java's `readBoolean` has it. */
  bool(): boolean {
    this.need(1, 'boolean');
    return this.bytes[this.pos++] !== 0;
  }

  /** jute `buffer`, copied out so that it does not pin or alias the input. Null for length -1. */
  buffer(): Uint8Array | null {
    const n = this.length('buffer');
    if (n < 0) return null;
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * jute `buffer` as a view of the input, not a copy: for callers that copy it somewhere of
   * their own at once (a view kept would pin the whole input). Null for length -1.
   */
  bufferView(): Uint8Array | null {
    const n = this.length('buffer');
    if (n < 0) return null;
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * jute `long` as a number, for values known to stay within ±2^53 (zxids, times): no BigInt
   * is made. A value outside that range is a decode error, never a silently rounded number.
   */
  longNumber(): number {
    this.need(8, 'long');
    const hi = this.view.getInt32(this.pos);
    const lo = this.view.getUint32(this.pos + 4);
    this.pos += 8;
    if (hi > 0x1fffff || hi < -0x200000) throw new JuteDecodeError(`long ${hi}:${lo} outside the safe integer range`);
    return hi * 0x100000000 + lo;
  }

  /** jute `ustring`. Null for length -1. */
  ustring(): string | null {
    const n = this.length('ustring');
    if (n < 0) return null;
    const s = decodeUtf8(this.bytes, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** A `ustring` that the record does not allow to be null. */
  requiredUstring(field: string): string {
    const s = this.ustring();
    if (s === null) throw new JuteDecodeError(`${field} is null`);
    return s;
  }

  /**
   * A vector's element count; -1 means null. `minElementBytes` bounds the count by the bytes
   * left, so a hostile count cannot make the caller loop or allocate far past the input.
   */
  vectorCount(minElementBytes: number): number {
    this.need(4, 'vector count');
    const n = this.view.getInt32(this.pos);
    if (n < -1) throw new JuteDecodeError(`negative vector count ${n}`);
    if (n > 0 && n * minElementBytes > this.end - this.pos - 4) {
      throw new JuteDecodeError(`vector count ${n} exceeds the ${this.end - this.pos - 4} bytes left`);
    }
    this.pos += 4;
    return n;
  }

  /** Asserts that the input is consumed exactly. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) throw new JuteDecodeError(`${this.end - this.pos} trailing bytes after ${what}`);
  }

  private length(what: string): number {
    this.need(4, `${what} length`);
    const n = this.view.getInt32(this.pos);
    if (n < -1) throw new JuteDecodeError(`negative ${what} length ${n}`);
    if (n > this.end - this.pos - 4) {
      throw new JuteDecodeError(`${what} length ${n} exceeds the ${this.end - this.pos - 4} bytes left`);
    }
    this.pos += 4;
    return n;
  }

  private need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw new JuteDecodeError(`truncated ${what}: need ${n} bytes, ${this.end - this.pos} left`);
    }
  }
}
