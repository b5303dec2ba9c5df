import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeJavaUtf8, javaUtf8Length, JuteReader, JuteWriter } from '../src/index';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const SMILE = '\u{1F600}';

describe('Java-style UTF-8 encoding', () => {
  it('encodes a supplementary character as two 3-byte surrogate sequences (CESU-8), as Java jute does', () => {
    expect(hex(encodeJavaUtf8(SMILE))).toBe('eda0bdedb880');
  });

  it('encodes BMP characters as standard UTF-8', () => {
    expect(hex(encodeJavaUtf8('a\u00e9\u20ac\uffff'))).toBe('61c3a9e282acefbfbf');
  });

  it('encodes NUL as one zero byte, not modified UTF-8\'s C0 80', () => {
    expect(hex(encodeJavaUtf8('\u0000'))).toBe('00');
  });

  it('encodes a lone surrogate instead of replacing it', () => {
    expect(hex(encodeJavaUtf8('\ud800'))).toBe('eda080');
  });

  it('reports the encoded length', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(javaUtf8Length(s)).toBe(encodeJavaUtf8(s).length);
    }));
  });
});

describe('UTF-8 decoding', () => {
  it('decodes proper 4-byte UTF-8 and CESU-8 pairs to the same string', () => {
    expect(decodeUtf8(fromHex('f09f9880'))).toBe(SMILE);
    expect(decodeUtf8(fromHex('eda0bdedb880'))).toBe(SMILE);
  });

  it('round-trips every UTF-16 string, lone surrogates included', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit }), (s) => {
      expect(decodeUtf8(encodeJavaUtf8(s))).toBe(s);
    }));
  });

  it('decodes standard UTF-8 of well-formed strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(decodeUtf8(new TextEncoder().encode(s))).toBe(s);
    }));
  });

  it('replaces malformed sequences as the WHATWG/Java decoders do', () => {
    // Encoded surrogates (ED A0..BF) are the one deliberate difference: they are kept.
    const noEncodedSurrogates = fc.uint8Array({ maxLength: 40 }).filter((b) =>
      !b.some((x, i) => x === 0xed && (b[i + 1] ?? 0) >= 0xa0 && (b[i + 1] ?? 0) <= 0xbf));
    fc.assert(fc.property(noEncodedSurrogates, (b) => {
      expect(decodeUtf8(b)).toBe(new TextDecoder().decode(b));
    }));
  });

  it('replaces overlong forms, out-of-range code points and truncated sequences', () => {
    expect(decodeUtf8(fromHex('c080'))).toBe('\ufffd\ufffd');
    expect(decodeUtf8(fromHex('e08080'))).toBe('\ufffd\ufffd\ufffd');
    expect(decodeUtf8(fromHex('f4908080'))).toBe('\ufffd\ufffd\ufffd\ufffd');
    expect(decodeUtf8(fromHex('61f09f98'))).toBe('a\ufffd');
  });

  it('decodes within a byte range', () => {
    expect(decodeUtf8(fromHex('00616263ff'), 1, 4)).toBe('abc');
  });

  it('decodes long strings', () => {
    const s = `${'x\u00e9'.repeat(50_000)}${SMILE}`;
    expect(decodeUtf8(encodeJavaUtf8(s))).toBe(s);
  });
});

describe('ustring on the wire', () => {
  it('writes the byte length, not the UTF-16 length', () => {
    expect(hex(new JuteWriter().ustring(SMILE).finish())).toBe('00000006eda0bdedb880');
  });

  it('reads kazoo-style 4-byte UTF-8 and Java-style CESU-8 alike', () => {
    expect(new JuteReader(fromHex('00000004f09f9880')).ustring()).toBe(SMILE);
    expect(new JuteReader(fromHex('00000006eda0bdedb880')).ustring()).toBe(SMILE);
  });
});
