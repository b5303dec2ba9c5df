/**
 * Framing of the client port: every message is an int32 big-endian length and then that many
 * bytes. `FrameDecoder` turns an arbitrarily chunked byte stream back into frames.
 */
import { DEFAULT_MAX_BUFFER, type FourLetterWord } from './constants';
import { fourLetterWordFromCode } from './four-letter-word';

/** What a `FrameDecoder` found in the stream. */
export type FrameEvent =
  | { readonly kind: 'frame'; readonly payload: Uint8Array }
  /**
   * A four-letter word opened the connection. `stmk` is followed by an 8-byte trace mask,
   * which the decoder waits for and hands over as `traceMask`.
   */
  | { readonly kind: 'four-letter-word'; readonly word: FourLetterWord; readonly traceMask?: bigint }
  /** The stream is unusable (a length < 0 or > maxBuffer: ZooKeeper's "Len error"); close it. */
  | { readonly kind: 'error'; readonly reason: string };

export interface FrameDecoderOptions {
  /** The largest payload accepted (`jute.maxbuffer`); default 0xfffff. */
  readonly maxBuffer?: number;
  /**
   * Whether the first 4 bytes may be a four-letter word (true for a server's client port,
   * the default; false for a client reading replies).
   */
  readonly fourLetterWords?: boolean;
}

/** Prefixes `payload` with its int32 big-endian length. */
export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setInt32(0, payload.length);
  out.set(payload, 4);
  return out;
}

const TRACE_MASK_BYTES = 8;

type State =
  | { readonly expect: 'length' }
  | { readonly expect: 'payload'; readonly length: number }
  | { readonly expect: 'trace-mask' }
  | { readonly expect: 'nothing' };

/**
 * Splits a byte stream into frames. Chunks are queued by reference and each payload is copied
 * at most once, when it is complete, so many small chunks cost linear time. A payload that lies
 * within one pushed chunk is returned as a view of it (no copy): do not modify pushed chunks.
 *
 * After an `error` or a four-letter word the decoder ignores all further input: the server
 * answers or closes, and nothing else on that connection is a frame.
 */
export class FrameDecoder {
  private readonly maxBuffer: number;
  private readonly fourLetterWords: boolean;
  private readonly chunks: Uint8Array[] = [];
  private head = 0;
  private headOffset = 0;
  private buffered = 0;
  private first = true;
  private state: State = { expect: 'length' };

  constructor(options: FrameDecoderOptions = {}) {
    this.maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
    this.fourLetterWords = options.fourLetterWords ?? true;
  }

  /** Bytes received but not yet returned in an event. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Feeds the next chunk of the stream; returns the events it completes, in order. */
  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    if (this.closed()) return events;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    for (;;) {
      const next = this.step();
      if (next === undefined) break;
      events.push(next);
      if (this.closed()) {
        this.dropAll();
        break;
      }
    }
    return events;
  }

  private closed(): boolean {
    return this.state.expect === 'nothing';
  }

  /** Advances the state machine by one event, or returns undefined when it needs more bytes. */
  private step(): FrameEvent | undefined {
    switch (this.state.expect) {
      case 'length': {
        if (this.buffered < 4) return undefined;
        const bytes = this.take(4);
        const length = (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;
        const wasFirst = this.first;
        this.first = false;
        if (wasFirst && this.fourLetterWords) {
          const word = fourLetterWordFromCode(length);
          if (word === 'stmk') {
            this.state = { expect: 'trace-mask' };
            return this.step();
          }
          if (word !== undefined) {
            this.state = { expect: 'nothing' };
            return { kind: 'four-letter-word', word };
          }
        }
        if (length < 0 || length > this.maxBuffer) {
          this.state = { expect: 'nothing' };
          return { kind: 'error', reason: `Len error ${length}` };
        }
        this.state = { expect: 'payload', length };
        return this.step();
      }
      case 'payload': {
        if (this.buffered < this.state.length) return undefined;
        const payload = this.take(this.state.length);
        this.state = { expect: 'length' };
        return { kind: 'frame', payload };
      }
      case 'trace-mask': {
        if (this.buffered < TRACE_MASK_BYTES) return undefined;
        const bytes = this.take(TRACE_MASK_BYTES);
        const traceMask = new DataView(bytes.buffer, bytes.byteOffset, TRACE_MASK_BYTES).getBigInt64(0);
        this.state = { expect: 'nothing' };
        return { kind: 'four-letter-word', word: 'stmk', traceMask };
      }
      case 'nothing':
        return undefined;
    }
  }

  /** Removes the next `n` (<= buffered) bytes from the queue. */
  private take(n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    this.buffered -= n;
    const headChunk = this.chunks[this.head]!;
    if (headChunk.length - this.headOffset >= n) {
      const out = headChunk.subarray(this.headOffset, this.headOffset + n);
      this.headOffset += n;
      if (this.headOffset === headChunk.length) this.advanceHead();
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[this.head]!;
      const count = Math.min(n - filled, c.length - this.headOffset);
      out.set(c.subarray(this.headOffset, this.headOffset + count), filled);
      filled += count;
      this.headOffset += count;
      if (this.headOffset === c.length) this.advanceHead();
    }
    return out;
  }

  private advanceHead(): void {
    this.head += 1;
    this.headOffset = 0;
    // Compact once the consumed prefix dominates, so the queue stays linear in cost.
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
  }

  private dropAll(): void {
    this.chunks.length = 0;
    this.head = 0;
    this.headOffset = 0;
    this.buffered = 0;
  }
}
