/**
 * Framing of the peer port: `int32 length` (big-endian, counting the checksum and the payload),
 * `uint32 CRC-32C` of the payload, then the payload. TCP already checksums segments, but its
 * 16-bit sum misses real corruption (bad NICs, middleboxes); a replicated log must not apply a
 * damaged txn, so every frame carries the same CRC-32C as the txn log's records.
 *
 * The length part reuses the client port's {@link FrameDecoder} (which also bounds it).
 */
import { FrameDecoder } from '@paddock/protocol';
import { crc32c } from '../storage/crc32c';

/** Bytes before the payload: the length and the checksum. */
export const PEER_FRAME_HEADER_BYTES = 8;
const CRC_BYTES = 4;

/** What a {@link PeerFrameReader} found in the stream. */
export type PeerFrameEvent =
  | { readonly kind: 'frame'; readonly payload: Uint8Array }
  /** The stream is unusable (bad length or checksum); the connection must be dropped. */
  | { readonly kind: 'error'; readonly reason: string };

/** `payload` with its length and checksum in front, in one buffer (one socket write). */
export function encodePeerFrame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(PEER_FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, CRC_BYTES + payload.length);
  view.setUint32(4, crc32c(payload));
  out.set(payload, PEER_FRAME_HEADER_BYTES);
  return out;
}

/**
 * Splits a byte stream into checked payloads. After the first error it returns nothing more:
 * a stream whose framing or contents went wrong cannot be trusted from that point on.
 */
export class PeerFrameReader {
  private readonly decoder: FrameDecoder;
  private failed = false;

  /** `maxPayloadBytes` bounds a frame's payload, so a bad length cannot make us buffer gigabytes. */
  constructor(maxPayloadBytes: number) {
    this.decoder = new FrameDecoder({ maxBuffer: CRC_BYTES + maxPayloadBytes, fourLetterWords: false });
  }

  /** Feeds the next chunk; returns the frames it completes, in order (views of the input). */
  push(chunk: Uint8Array): PeerFrameEvent[] {
    if (this.failed) return [];
    const out: PeerFrameEvent[] = [];
    for (const event of this.decoder.push(chunk)) {
      // Four-letter words are off, so anything but a frame is a bad length.
      const checked: PeerFrameEvent = event.kind === 'frame' ? check(event.payload) : { kind: 'error', reason: `bad frame length (${event.kind === 'error' ? event.reason : event.word})` };
      out.push(checked);
      if (checked.kind === 'error') {
        this.failed = true;
        break;
      }
    }
    return out;
  }
}

function check(framed: Uint8Array): PeerFrameEvent {
  if (framed.length < CRC_BYTES) return { kind: 'error', reason: `frame of ${framed.length} bytes has no checksum` };
  const expected = new DataView(framed.buffer, framed.byteOffset, CRC_BYTES).getUint32(0);
  const payload = framed.subarray(CRC_BYTES);
  const actual = crc32c(payload);
  if (actual !== expected) {
    return { kind: 'error', reason: `frame checksum mismatch (expected ${hex(expected)}, computed ${hex(actual)})` };
  }
  return { kind: 'frame', payload };
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
