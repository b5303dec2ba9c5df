/**
 * UTF-8 as ZooKeeper's Java jute speaks it, written by hand because the protocol package has
 * no TextEncoder/TextDecoder (it compiles against bare ES2022).
 *
 * Encoding follows `BinaryOutputArchive.stringToByteBuffer` (3.8): each UTF-16 code unit is
 * encoded on its own, so a supplementary character becomes two 3-byte sequences (CESU-8) and a
 * lone surrogate is encoded rather than replaced. Decoding accepts both that form and proper
 * 4-byte UTF-8 (what kazoo, Go and C clients send) and yields the same JS string for both.
 */

const REPLACEMENT = 0xfffd;

/** The number of bytes `s` takes in Java's jute encoding. */
export function javaUtf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return n;
}

/**
 * Writes `s` into `out` from `offset` in Java's jute encoding and returns the offset after it.
 * The caller guarantees room for `3 * s.length` bytes.
 */
export function writeJavaUtf8(s: string, out: Uint8Array, offset: number): number {
  let p = offset;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/** `s` in Java's jute encoding, as a new array. */
export function encodeJavaUtf8(s: string): Uint8Array {
  const out = new Uint8Array(javaUtf8Length(s));
  writeJavaUtf8(s, out, 0);
  return out;
}

function isContinuation(b: number | undefined): b is number {
  return b !== undefined && (b & 0xc0) === 0x80;
}

// String.fromCharCode takes its units as arguments; large strings go in slices so the
// argument list stays far below engines' limits.
const FROM_CHAR_CODE_SLICE = 0x2000;

function unitsToString(units: number[]): string {
  if (units.length <= FROM_CHAR_CODE_SLICE) return String.fromCharCode(...units);
  let s = '';
  for (let i = 0; i < units.length; i += FROM_CHAR_CODE_SLICE) {
    s += String.fromCharCode(...units.slice(i, i + FROM_CHAR_CODE_SLICE));
  }
  return s;
}

/**
 * Decodes `bytes[start, end)`. Surrogates encoded as 3-byte sequences are kept as UTF-16 units,
 * so a CESU-8 pair decodes to the same string as the 4-byte form and every string
 * `writeJavaUtf8` produces decodes back to itself. Malformed sequences (bad lead bytes,
 * missing continuation bytes, overlong forms, code points above U+10FFFF) decode to U+FFFD,
 * one per maximal invalid subpart, as Java's decoder does.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      units.push(b0);
      i += 1;
      continue;
    }
    const b1 = i + 1 < end ? bytes[i + 1] : undefined;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (!isContinuation(b1)) {
        units.push(REPLACEMENT);
        i += 1;
        continue;
      }
      units.push(((b0 & 0x1f) << 6) | (b1 & 0x3f));
      i += 2;
      continue;
    }
    if (b0 >= 0xe0 && b0 <= 0xef) {
      // E0 needs A0..BF after it, or the sequence would be an overlong encoding.
      const lo = b0 === 0xe0 ? 0xa0 : 0x80;
      if (b1 === undefined || b1 < lo || b1 > 0xbf) {
        units.push(REPLACEMENT);
        i += 1;
        continue;
      }
      const b2 = i + 2 < end ? bytes[i + 2] : undefined;
      if (!isContinuation(b2)) {
        units.push(REPLACEMENT);
        i += 2;
        continue;
      }
      units.push(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      i += 3;
      continue;
    }
    if (b0 >= 0xf0 && b0 <= 0xf4) {
      // F0 needs 90..BF (no overlong forms), F4 needs 80..8F (nothing above U+10FFFF).
      const lo = b0 === 0xf0 ? 0x90 : 0x80;
      const hi = b0 === 0xf4 ? 0x8f : 0xbf;
      if (b1 === undefined || b1 < lo || b1 > hi) {
        units.push(REPLACEMENT);
        i += 1;
        continue;
      }
      const b2 = i + 2 < end ? bytes[i + 2] : undefined;
      if (!isContinuation(b2)) {
        units.push(REPLACEMENT);
        i += 2;
        continue;
      }
      const b3 = i + 3 < end ? bytes[i + 3] : undefined;
      if (!isContinuation(b3)) {
        units.push(REPLACEMENT);
        i += 3;
        continue;
      }
      const cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      const v = cp - 0x10000;
      units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
      i += 4;
      continue;
    }
    units.push(REPLACEMENT);
    i += 1;
  }
  return unitsToString(units);
}
