import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeReply, decodeReplyHeader, decodeWatcherEvent, encodeReply, encodeWatcherEvent, ErrorCode,
  JuteDecodeError, JuteWriter, OpCode, writeReply, writeReplyHeader, type Response,
} from '../src/index';
import { int32, int64, multiResultArb, replyHeaderArb, responseArb, responseArbs, watcherEventArb } from './arbitraries';

const nonZero = int32.filter((e) => e !== 0);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('reply codec', () => {
  for (const [op, arb] of Object.entries(responseArbs)) {
    it(`round-trips a successful reply to op ${op}`, () => {
      fc.assert(fc.property(replyHeaderArb(fc.constant(0)), arb as fc.Arbitrary<Response>, (header, body) => {
        expect(decodeReply(encodeReply(header, body), body.op)).toEqual({ header, body });
      }), { numRuns: 60 });
    });
  }

  it('writeReply leaves in a reused writer exactly the bytes encodeReply returns', () => {
    const writer = new JuteWriter(16);
    fc.assert(fc.property(replyHeaderArb(fc.constant(0)), responseArb, (header, body) => {
      expect(writeReply(writer, header, body).written()).toEqual(encodeReply(header, body));
    }), { numRuns: 200 });
    expect(() => writeReply(writer, { xid: 1, zxid: 1n, err: ErrorCode.NoNode }, { op: OpCode.sync, path: '/' })).toThrow();
  });

  it('sends an error reply as the 16-byte header alone', () => {
    fc.assert(fc.property(replyHeaderArb(nonZero), responseArb, (header, body) => {
      const bytes = encodeReply(header, null);
      expect(bytes.length).toBe(16);
      expect(decodeReply(bytes, body.op)).toEqual({ header, body: null });
    }));
  });

  it('refuses to encode a body on a non-multi error reply', () => {
    expect(() => encodeReply({ xid: 1, zxid: 1n, err: ErrorCode.NoNode }, { op: OpCode.sync, path: '/' })).toThrow();
  });

  it('round-trips multi results, failures included, under any header error', () => {
    fc.assert(fc.property(replyHeaderArb(int32), fc.constantFrom(OpCode.multi, OpCode.multiRead), fc.array(multiResultArb, { maxLength: 5 }),
      (header, op, results) => {
        const body: Response = { op, results };
        expect(decodeReply(encodeReply(header, body), op)).toEqual({ header, body });
      }));
  });

  it('encodes a failed multi as ZooKeeper 3.8 does', () => {
    const bytes = encodeReply({ xid: 7, zxid: 0x21n, err: 0 }, {
      op: OpCode.multi,
      results: [{ op: OpCode.error, err: 0 }, { op: OpCode.error, err: ErrorCode.NoNode }, { op: OpCode.error, err: ErrorCode.RuntimeInconsistency }],
    });
    expect(hex(bytes)).toBe(
      '00000007' + '0000000000000021' + '00000000'
      + 'ffffffff' + '00' + '00000000' + '00000000'
      + 'ffffffff' + '00' + 'ffffff9b' + 'ffffff9b'
      + 'ffffffff' + '00' + 'fffffffe' + 'fffffffe'
      + 'ffffffff' + '01' + 'ffffffff',
    );
  });

  it('encodes the addWatch success body as ErrorResponse{0}', () => {
    expect(hex(encodeReply({ xid: 3, zxid: 5n, err: 0 }, { op: OpCode.addWatch }))).toBe('00000003000000000000000500000000' + '00000000');
  });

  it('decodes the Unimplemented answer to an unknown opcode', () => {
    const bytes = encodeReply({ xid: 4, zxid: -1n, err: ErrorCode.Unimplemented }, null);
    expect(decodeReply(bytes, 999)).toEqual({ header: { xid: 4, zxid: -1n, err: ErrorCode.Unimplemented }, body: null });
    expect(() => decodeReply(encodeReply({ xid: 4, zxid: 1n, err: 0 }, null), 999)).toThrow(RangeError);
  });

  it('rejects truncated and padded replies', () => {
    fc.assert(fc.property(replyHeaderArb(fc.constant(0)), responseArb, fc.nat(), (header, body, n) => {
      const bytes = encodeReply(header, body);
      const cut = n % bytes.length;
      if (cut < 16 || bytes.length > 16) {
        expect(() => decodeReply(bytes.subarray(0, cut), body.op)).toThrow(JuteDecodeError);
      }
      const padded = new Uint8Array(bytes.length + 1);
      padded.set(bytes);
      expect(() => decodeReply(padded, body.op)).toThrow(JuteDecodeError);
    }));
  });

  it('rejects a body on an error reply to a non-multi op', () => {
    const w = new JuteWriter();
    writeReplyHeader(w, { xid: 1, zxid: 1n, err: ErrorCode.NoNode });
    w.int(0);
    expect(() => decodeReply(w.finish(), OpCode.exists)).toThrow(JuteDecodeError);
  });

  it('rejects an addWatch success whose ErrorResponse is not 0', () => {
    const w = new JuteWriter();
    writeReplyHeader(w, { xid: 1, zxid: 1n, err: 0 });
    w.int(-101);
    expect(() => decodeReply(w.finish(), OpCode.addWatch)).toThrow(JuteDecodeError);
  });

  it('reads the header alone for routing', () => {
    fc.assert(fc.property(replyHeaderArb(int32), (header) => {
      expect(decodeReplyHeader(encodeReply(header, null))).toEqual(header);
    }));
  });
});

describe('watch notifications', () => {
  it('round-trip as ReplyHeader{-1, zxid, 0} + WatcherEvent', () => {
    fc.assert(fc.property(int64, watcherEventArb, (zxid, event) => {
      const bytes = encodeWatcherEvent(zxid, event);
      expect(decodeWatcherEvent(bytes)).toEqual({ header: { xid: -1, zxid, err: 0 }, event });
      expect(decodeReplyHeader(bytes).xid).toBe(-1);
    }));
  });

  it('rejects a payload that is not a notification', () => {
    expect(() => decodeWatcherEvent(encodeReply({ xid: 1, zxid: 0n, err: 0 }, { op: OpCode.ping }))).toThrow(JuteDecodeError);
  });
});
