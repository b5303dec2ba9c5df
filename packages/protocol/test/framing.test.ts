import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BUFFER, FrameDecoder, frame, fourLetterWordCode, FOUR_LETTER_WORDS, type FrameEvent } from '../src/index';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(prev, p));
    prev = p;
  }
  return chunks;
}

function feed(decoder: FrameDecoder, chunks: readonly Uint8Array[]): FrameEvent[] {
  return chunks.flatMap((c) => decoder.push(c));
}

const int32Bytes = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n);
  return b;
};

describe('frame', () => {
  it('prefixes the int32 big-endian length', () => {
    expect(Buffer.from(frame(new Uint8Array([7, 8]))).toString('hex')).toBe('000000020708');
  });
});

describe('FrameDecoder', () => {
  it('gives the same frames however the stream is split', () => {
    const payloads = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 });
    fc.assert(fc.property(payloads, fc.array(fc.nat(), { maxLength: 20 }), (ps, cuts) => {
      const stream = concat(ps.map(frame));
      const events = feed(new FrameDecoder(), splitAt(stream, cuts));
      expect(events).toEqual(ps.map((payload) => ({ kind: 'frame', payload })));
    }));
  });

  it('handles one-byte chunks without quadratic copying', () => {
    // Re-copying the buffered bytes on every chunk would move ~34 GB here; linear work is instant.
    const payload = new Uint8Array(256 * 1024).map((_, i) => i & 0xff);
    const stream = frame(payload);
    const chunks = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    const decoder = new FrameDecoder();
    const started = performance.now();
    const events = feed(decoder, chunks);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events.length).toBe(1);
    const [ev] = events;
    // Buffer.equals, since toEqual walks a large typed array slowly.
    expect(ev?.kind === 'frame' && Buffer.from(ev.payload).equals(payload)).toBe(true);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('returns a payload inside one chunk as a view, without copying', () => {
    const stream = frame(new Uint8Array([1, 2, 3]));
    const [ev] = new FrameDecoder().push(stream);
    expect(ev?.kind === 'frame' && ev.payload.buffer).toBe(stream.buffer);
  });

  it('accepts an empty frame and a frame of exactly maxBuffer', () => {
    const decoder = new FrameDecoder({ maxBuffer: 10 });
    expect(decoder.push(concat([frame(new Uint8Array(0)), frame(new Uint8Array(10))]))).toEqual([
      { kind: 'frame', payload: new Uint8Array(0) },
      { kind: 'frame', payload: new Uint8Array(10) },
    ]);
  });

  it('rejects a length above maxBuffer or below zero with "Len error", then ignores the stream', () => {
    for (const len of [11, -1, -0x80000000, 0x7fffffff]) {
      const decoder = new FrameDecoder({ maxBuffer: 10 });
      expect(decoder.push(concat([frame(new Uint8Array(2)), int32Bytes(len)]))).toEqual([
        { kind: 'frame', payload: new Uint8Array(2) },
        { kind: 'error', reason: `Len error ${len}` },
      ]);
      expect(decoder.push(frame(new Uint8Array(1)))).toEqual([]);
      expect(decoder.pendingBytes).toBe(0);
    }
  });

  it('uses the default jute.maxbuffer', () => {
    expect(new FrameDecoder().push(int32Bytes(DEFAULT_MAX_BUFFER + 1))).toEqual([
      { kind: 'error', reason: `Len error ${DEFAULT_MAX_BUFFER + 1}` },
    ]);
  });

  it('recognizes a four-letter word in the first four bytes, however split', () => {
    for (const word of FOUR_LETTER_WORDS.filter((w) => w !== 'stmk')) {
      const decoder = new FrameDecoder();
      const bytes = new TextEncoder().encode(word);
      expect(feed(decoder, [bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual([
        { kind: 'four-letter-word', word },
      ]);
      expect(decoder.push(frame(new Uint8Array(1)))).toEqual([]);
    }
  });

  it('waits for the 8-byte trace mask after stmk', () => {
    const decoder = new FrameDecoder();
    const stream = concat([int32Bytes(fourLetterWordCode('stmk')), new Uint8Array([0, 0, 0, 0, 0, 0, 1, 0x32])]);
    expect(decoder.push(stream.subarray(0, 9))).toEqual([]);
    expect(decoder.push(stream.subarray(9))).toEqual([{ kind: 'four-letter-word', word: 'stmk', traceMask: 0x132n }]);
  });

  it('checks for four-letter words only at the start of the connection', () => {
    const decoder = new FrameDecoder();
    const ruok = fourLetterWordCode('ruok');
    expect(decoder.push(concat([frame(new Uint8Array(1)), int32Bytes(ruok)]))).toEqual([
      { kind: 'frame', payload: new Uint8Array(1) },
      { kind: 'error', reason: `Len error ${ruok}` },
    ]);
  });

  it('can leave four-letter words out, for a client reading replies', () => {
    const ruok = fourLetterWordCode('ruok');
    expect(new FrameDecoder({ fourLetterWords: false }).push(int32Bytes(ruok))).toEqual([
      { kind: 'error', reason: `Len error ${ruok}` },
    ]);
  });
});
