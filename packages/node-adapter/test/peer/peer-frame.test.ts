import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinChunks } from '@paddock/core';
import { Backoff } from '../../src/peer/backoff';
import { encodePeerFrame, PeerFrameReader } from '../../src/peer/peer-frame';
import {
  decodeHello, decodeHelloReply, encodeAccept, encodeHello, encodeReject, ensembleDigest, PEER_PROTOCOL_VERSION,
} from '../../src/peer/peer-handshake';

/** Splits `bytes` at the given (sorted, deduplicated) offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

describe('peer frames', () => {
  it('come back whole and in order however the stream is chunked', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cuts) => {
      const reader = new PeerFrameReader(1000);
      const events = split(joinChunks(payloads.map(encodePeerFrame)), cuts).flatMap((c) => reader.push(c));
      expect(events).toEqual(payloads.map((payload) => ({ kind: 'frame', payload })));
    }));
  });

  it('fail on any flipped bit, and then stay failed', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (payload, bit) => {
      const frame = encodePeerFrame(payload);
      const i = 32 + (bit % ((frame.length - 4) * 8)); // a bit of the checksum or the payload
      frame[i >> 3] = frame[i >> 3]! ^ (1 << (i & 7));
      const reader = new PeerFrameReader(1000);
      const events = reader.push(frame);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'error', reason: expect.stringContaining('checksum mismatch') });
      expect(reader.push(encodePeerFrame(payload))).toEqual([]);
    }));
  });

  it('refuse a length over the limit before buffering it', () => {
    const reader = new PeerFrameReader(16);
    expect(reader.push(encodePeerFrame(new Uint8Array(17)).subarray(0, 8))).toEqual([
      { kind: 'error', reason: 'bad frame length (Len error 21)' },
    ]);
    expect(new PeerFrameReader(16).push(encodePeerFrame(new Uint8Array(16)))).toHaveLength(1);
  });

  it('refuse a frame too short to hold its checksum', () => {
    expect(new PeerFrameReader(16).push(new Uint8Array([0, 0, 0, 2, 1, 2]))).toEqual([
      { kind: 'error', reason: 'frame of 2 bytes has no checksum' },
    ]);
  });
});

describe('peer handshake', () => {
  it('round-trips hello, accept and reject', () => {
    const hello = { ensembleDigest: 'abc', fromId: 3, toId: 1, incarnation: 2 ** 40 };
    expect(decodeHello(encodeHello(hello))).toEqual({ version: PEER_PROTOCOL_VERSION, ...hello });
    expect(decodeHelloReply(encodeAccept(1, 5))).toEqual({ accepted: true, version: PEER_PROTOCOL_VERSION, serverId: 1, incarnation: 5 });
    expect(decodeHelloReply(encodeReject('no'))).toEqual({ accepted: false, version: PEER_PROTOCOL_VERSION, reason: 'no' });
  });

  it('rejects a stray protocol, a zero incarnation and trailing bytes', () => {
    expect(() => decodeHello(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1]))).toThrow('not a Paddock peer handshake');
    expect(() => decodeHello(encodeHello({ ensembleDigest: 'x', fromId: 2, toId: 1, incarnation: 0 }))).toThrow('bad link incarnation 0');
    expect(() => decodeHelloReply(joinChunks([encodeAccept(1, 1), new Uint8Array(1)]))).toThrow('trailing bytes');
  });

  it('digests the membership, whatever the order of the lines', () => {
    const m = (id: number, type: 'participant' | 'observer' = 'participant') => ({
      id, host: `h${id}`, quorumPort: 2888, electionPort: 3888, type, clientAddress: null, clientPort: null,
    });
    expect(ensembleDigest([m(1), m(2), m(3)])).toBe(ensembleDigest([m(3), m(1), m(2)]));
    expect(ensembleDigest([m(1), m(2), m(3)])).not.toBe(ensembleDigest([m(1), m(2), m(3, 'observer')]));
    expect(ensembleDigest([m(1), m(2), m(3)])).not.toBe(ensembleDigest([m(1), m(2)]));
  });
});

describe('backoff', () => {
  it('doubles from initialMs up to maxMs, and starts over after reset', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 100 }, () => 1);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([10, 20, 40, 80, 100, 100]);
    b.reset();
    expect(b.next()).toBe(10);
  });

  it('draws each delay from the upper half, and survives a long outage', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 1000 }, () => 0);
    expect([b.next(), b.next()]).toEqual([5, 10]);
    for (let i = 0; i < 2000; i++) b.next();
    expect(b.next()).toBe(500);
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
  });
});
