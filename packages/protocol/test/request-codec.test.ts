import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRequest, encodeRequest, ErrorCode, JuteDecodeError, JuteWriter, OpCode, writeMultiHeader,
  writeRequestHeader, type Request,
} from '../src/index';
import { int32, requestArb, requestArbs } from './arbitraries';

const ALL_REQUEST_OPS = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
  100, 101, 102, 103, 104, 105, 106, 107, -11,
];

describe('request codec', () => {
  it('has an arbitrary for every request opcode', () => {
    expect(Object.keys(requestArbs).map(Number).sort((a, b) => a - b)).toEqual([...ALL_REQUEST_OPS].sort((a, b) => a - b));
  });

  for (const [op, arb] of Object.entries(requestArbs)) {
    it(`round-trips op ${op}`, () => {
      fc.assert(fc.property(int32, arb as fc.Arbitrary<Request>, (xid, req) => {
        expect(decodeRequest(encodeRequest(xid, req))).toEqual({ ok: true, xid, type: req.op, request: req });
      }), { numRuns: 60 });
    });
  }

  it('writes the RequestHeader first', () => {
    expect(Buffer.from(encodeRequest(-2, { op: OpCode.ping })).toString('hex')).toBe('fffffffe0000000b');
  });

  it('reuses a caller-supplied writer', () => {
    const w = new JuteWriter();
    const a = encodeRequest(1, { op: OpCode.sync, path: '/a' }, w);
    const b = encodeRequest(2, { op: OpCode.ping }, w);
    expect(decodeRequest(a)).toMatchObject({ ok: true, xid: 1 });
    expect(decodeRequest(b)).toMatchObject({ ok: true, xid: 2 });
  });

  it('answers an unknown opcode with Unimplemented', () => {
    for (const type of [0, 10, 23, 99, 108, -10, -1, 999]) {
      const w = new JuteWriter();
      writeRequestHeader(w, { xid: 5, type });
      expect(decodeRequest(w.finish())).toMatchObject({ ok: false, xid: 5, type, err: ErrorCode.Unimplemented });
    }
  });

  it('answers any truncated body with MarshallingError', () => {
    fc.assert(fc.property(int32, requestArb, fc.nat(), (xid, req, n) => {
      const bytes = encodeRequest(xid, req);
      fc.pre(bytes.length > 8);
      const cut = 8 + (n % (bytes.length - 8));
      expect(decodeRequest(bytes.subarray(0, cut))).toMatchObject({ ok: false, xid, type: req.op, err: ErrorCode.MarshallingError });
    }));
  });

  it('answers trailing bytes with MarshallingError', () => {
    fc.assert(fc.property(int32, requestArb, fc.uint8Array({ minLength: 1, maxLength: 4 }), (xid, req, extra) => {
      const bytes = encodeRequest(xid, req);
      const padded = new Uint8Array(bytes.length + extra.length);
      padded.set(bytes);
      padded.set(extra, bytes.length);
      expect(decodeRequest(padded)).toMatchObject({ ok: false, err: ErrorCode.MarshallingError, reason: expect.stringMatching(/trailing/) });
    }));
  });

  it('throws when even the header is incomplete', () => {
    expect(() => decodeRequest(new Uint8Array(7))).toThrow(JuteDecodeError);
  });

  it('answers negative and oversized lengths with MarshallingError', () => {
    const w = new JuteWriter();
    writeRequestHeader(w, { xid: 3, type: OpCode.getData });
    w.int(-2);
    expect(decodeRequest(w.finish())).toMatchObject({ ok: false, err: ErrorCode.MarshallingError });
    w.reset();
    writeRequestHeader(w, { xid: 3, type: OpCode.getData });
    w.int(1000).bytes(new Uint8Array(3));
    expect(decodeRequest(w.finish())).toMatchObject({ ok: false, err: ErrorCode.MarshallingError });
  });

  it('answers a null path with MarshallingError', () => {
    const w = new JuteWriter();
    writeRequestHeader(w, { xid: 3, type: OpCode.exists });
    w.ustring(null).bool(false);
    expect(decodeRequest(w.finish())).toMatchObject({ ok: false, err: ErrorCode.MarshallingError, reason: 'path is null' });
  });

  it('writes multi ops as MultiHeader{type, false, -1} + body, ended by {-1, true, -1}', () => {
    const bytes = encodeRequest(1, { op: OpCode.multi, ops: [{ op: OpCode.check, path: '/a', version: 3 }] });
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '00000001' + '0000000e' + '0000000d' + '00' + 'ffffffff' + '000000022f61' + '00000003' + 'ffffffff' + '01' + 'ffffffff',
    );
  });

  it('rejects ops that multi and multiRead do not allow', () => {
    const build = (type: number, sub: number, body: (w: JuteWriter) => void): Uint8Array => {
      const w = new JuteWriter();
      writeRequestHeader(w, { xid: 9, type });
      writeMultiHeader(w, { type: sub, done: false, err: -1 });
      body(w);
      writeMultiHeader(w, { type: -1, done: true, err: -1 });
      return w.finish();
    };
    const pathWatch = (w: JuteWriter): void => void w.ustring('/a').bool(false);
    const path = (w: JuteWriter): void => void w.ustring('/a');
    const create = (w: JuteWriter): void => void w.ustring('/a').buffer(null).int(0).int(0);
    for (const [type, sub, body] of [
      [OpCode.multi, OpCode.getData, pathWatch],
      [OpCode.multi, OpCode.getChildren, pathWatch],
      [OpCode.multi, OpCode.sync, path],
      [OpCode.multi, OpCode.deleteContainer, path],
      [OpCode.multi, 999, path],
      [OpCode.multiRead, OpCode.create, create],
      [OpCode.multiRead, OpCode.exists, pathWatch],
      [OpCode.multiRead, OpCode.getChildren2, pathWatch],
    ] as const) {
      expect(decodeRequest(build(type, sub, body))).toMatchObject({
        ok: false, xid: 9, type, err: ErrorCode.MarshallingError, reason: expect.stringMatching(/not allowed/),
      });
    }
  });

  it('rejects a multi without its end header', () => {
    const w = new JuteWriter();
    writeRequestHeader(w, { xid: 9, type: OpCode.multi });
    writeMultiHeader(w, { type: OpCode.delete, done: false, err: -1 });
    w.ustring('/a').int(-1);
    expect(decodeRequest(w.finish())).toMatchObject({ ok: false, err: ErrorCode.MarshallingError });
  });
});
