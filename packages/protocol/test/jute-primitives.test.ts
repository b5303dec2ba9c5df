import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JuteDecodeError, JuteReader, JuteWriter, readACLVector, readStat, readStringVector, writeACLVector,
  writeStat, writeStringVector,
} from '../src/index';
import { aclArb, int32, int64, jstring, statArb } from './arbitraries';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('JuteWriter', () => {
  it('writes big-endian primitives', () => {
    const w = new JuteWriter();
    w.int(-2).long(0x0102030405060708n).bool(true).bool(false).buffer(null).buffer(new Uint8Array([9])).ustring(null);
    expect(hex(w.finish())).toBe('fffffffe' + '0102030405060708' + '01' + '00' + 'ffffffff' + '0000000109' + 'ffffffff');
  });

  it('rejects values outside the jute ranges instead of wrapping', () => {
    const w = new JuteWriter();
    expect(() => w.int(2 ** 31)).toThrow(RangeError);
    expect(() => w.int(1.5)).toThrow(RangeError);
    expect(() => w.long(1n << 63n)).toThrow(RangeError);
    expect(() => w.long(-(1n << 63n) - 1n)).toThrow(RangeError);
  });

  it('grows from a tiny buffer', () => {
    const w = new JuteWriter(1);
    for (let i = 0; i < 10_000; i++) w.int(i);
    const r = new JuteReader(w.finish());
    for (let i = 0; i < 10_000; i++) expect(r.int()).toBe(i);
    expect(r.remaining).toBe(0);
  });

  it('can be reset and reused; finish() copies, written() does not', () => {
    const w = new JuteWriter();
    const first = w.int(1).finish();
    const view = w.written();
    w.reset().int(2);
    expect(hex(first)).toBe('00000001');
    expect(hex(view)).toBe('00000002');
    expect(w.length).toBe(4);
  });

  it('patches an int written earlier', () => {
    const w = new JuteWriter().int(0).int(7);
    w.patchInt(0, w.length - 4);
    expect(hex(w.finish())).toBe('0000000400000007');
    expect(() => w.patchInt(6, 1)).toThrow(RangeError);
  });
});

describe('JuteReader', () => {
  it('round-trips every primitive', () => {
    fc.assert(fc.property(int32, int64, fc.boolean(), fc.option(fc.uint8Array(), { nil: null }), fc.option(jstring, { nil: null }),
      (i, l, b, buf, s) => {
        const r = new JuteReader(new JuteWriter().int(i).long(l).bool(b).buffer(buf).ustring(s).finish());
        expect([r.int(), r.long(), r.bool(), r.buffer(), r.ustring()]).toEqual([i, l, b, buf, s]);
        r.expectEnd('test');
      }));
  });

  it('reads any non-zero boolean byte as true, as Java does', () => {
    expect(new JuteReader(fromHex('02')).bool()).toBe(true);
  });

  it('throws on truncation', () => {
    expect(() => new JuteReader(fromHex('000000')).int()).toThrow(JuteDecodeError);
    expect(() => new JuteReader(fromHex('00000000000000')).long()).toThrow(JuteDecodeError);
    expect(() => new JuteReader(new Uint8Array(0)).bool()).toThrow(JuteDecodeError);
  });

  it('throws on negative lengths other than -1', () => {
    expect(() => new JuteReader(fromHex('fffffffe')).buffer()).toThrow(/negative buffer length -2/);
    expect(() => new JuteReader(fromHex('80000000')).ustring()).toThrow(JuteDecodeError);
    expect(() => new JuteReader(fromHex('fffffffe')).vectorCount(1)).toThrow(JuteDecodeError);
  });

  it('throws on lengths beyond the input', () => {
    expect(() => new JuteReader(fromHex('0000000361')).ustring()).toThrow(/exceeds/);
    expect(() => new JuteReader(fromHex('7fffffff')).buffer()).toThrow(JuteDecodeError);
  });

  it('bounds vector counts by the bytes left', () => {
    expect(() => new JuteReader(fromHex('7fffffff00000000')).vectorCount(4)).toThrow(/vector count/);
  });

  it('rejects a null where the record needs a string', () => {
    expect(() => new JuteReader(fromHex('ffffffff')).requiredUstring('path')).toThrow('path is null');
  });

  it('copies buffers out of the input', () => {
    const input = fromHex('00000001aa');
    const b = new JuteReader(input).buffer()!;
    input[4] = 0;
    expect(b[0]).toBe(0xaa);
  });

  it('bufferView returns a view of the input, and null for -1', () => {
    const input = fromHex('00000002abcd' + 'ffffffff');
    const r = new JuteReader(input);
    const view = r.bufferView()!;
    expect(hex(view)).toBe('abcd');
    input[4] = 0x11;
    expect(view[0]).toBe(0x11);
    expect(r.bufferView()).toBeNull();
    r.expectEnd('test');
  });

  it('longNumber reads every safe integer exactly and refuses the rest', () => {
    fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(new JuteReader(new JuteWriter().long(BigInt(n)).finish()).longNumber()).toBe(n);
    }));
    for (const v of [1n << 53n, -(1n << 53n) - 1n, 1n << 62n]) {
      expect(() => new JuteReader(new JuteWriter().long(v).finish()).longNumber()).toThrow(JuteDecodeError);
    }
  });

  it('reads within a sub-range and reports trailing bytes', () => {
    const r = new JuteReader(fromHex('ff0000000700'), 1, 5);
    expect(r.int()).toBe(7);
    expect(r.offset).toBe(5);
    expect(() => r.expectEnd('range')).not.toThrow();
    const t = new JuteReader(fromHex('0000000700'));
    t.int();
    expect(() => t.expectEnd('record')).toThrow('1 trailing bytes after record');
  });
});

describe('record helpers', () => {
  it('round-trip Stat (68 bytes), ACL vectors and string vectors', () => {
    fc.assert(fc.property(statArb, fc.array(aclArb, { maxLength: 4 }), fc.array(jstring, { maxLength: 4 }), (stat, acls, strings) => {
      const w = new JuteWriter();
      writeStat(w, stat);
      expect(w.length).toBe(68);
      writeACLVector(w, acls);
      writeStringVector(w, strings);
      const r = new JuteReader(w.finish());
      expect(readStat(r)).toEqual(stat);
      expect(readACLVector(r)).toEqual(acls);
      expect(readStringVector(r, 'v')).toEqual(strings);
      r.expectEnd('records');
    }));
  });

  it('read a null vector (-1) as empty', () => {
    expect(readACLVector(new JuteReader(fromHex('ffffffff')))).toEqual([]);
    expect(readStringVector(new JuteReader(fromHex('ffffffff')), 'v')).toEqual([]);
  });
});
