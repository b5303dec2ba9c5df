import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, JuteDecodeError, JuteWriter, OpCode, type DecodedRequest } from '@paddock/protocol';
import { decodeTxnEntry, encodeTxnEntry } from '../../src/txn/txn-codec';
import type { TxnEntry } from '../../src/txn/txn';
import type { PeerMessage } from '../../src/zab/messages';
import { decodePeerMessage, encodePeerMessage, PEER_MESSAGE_TAG } from '../../src/zab/peer-codec';
import { idArb, int32, int64, jstring, requestArb } from '../../../protocol/test/arbitraries';

const safe = fc.maxSafeInteger();
const chunk = fc.uint8Array({ maxLength: 64 });

/** Real log encodings, so a proposal carries what the leader's `encodeTxnEntry` produces. */
const txnEntryArb: fc.Arbitrary<TxnEntry> = fc.record({
  header: fc.record({ sessionId: int64, cxid: int32, zxid: fc.maxSafeNat(), time: fc.maxSafeNat() }),
  txn: fc.oneof(
    fc.record({ type: fc.constant('setData' as const), path: jstring, data: fc.option(chunk, { nil: null }), version: int32 }),
    fc.record({ type: fc.constant('delete' as const), path: jstring }),
    fc.record({ type: fc.constant('createSession' as const), timeoutMs: int32 }),
    fc.record({ type: fc.constant('closeSession' as const) }),
  ),
});
const encodedTxn = txnEntryArb.map((e) => encodeTxnEntry(e));

const decodedRequestArb: fc.Arbitrary<DecodedRequest> = fc.oneof(
  fc.record({ xid: int32, request: requestArb }).map(({ xid, request }) => ({ ok: true as const, xid, type: request.op, request })),
  fc.record({
    ok: fc.constant(false as const),
    xid: int32,
    type: int32,
    err: fc.constantFrom(ErrorCode.MarshallingError, ErrorCode.Unimplemented),
    reason: jstring,
  }),
);

type Variant<K extends PeerMessage['type']> = Extract<PeerMessage, { type: K }>;

/** One arbitrary per message type; the mapped type makes tsc insist on every variant. */
const messageArbs: { [K in PeerMessage['type']]: fc.Arbitrary<Variant<K>> } = {
  notification: fc.record({
    type: fc.constant('notification'),
    vote: fc.record({ leader: int32, zxid: safe, peerEpoch: safe }),
    electionEpoch: safe,
    state: fc.constantFrom('looking', 'following', 'leading', 'observing'),
  }),
  followerinfo: fc.record({ type: fc.constant('followerinfo'), acceptedEpoch: safe, observer: fc.boolean(), attempt: safe }),
  leaderinfo: fc.record({ type: fc.constant('leaderinfo'), newEpoch: safe, attempt: safe }),
  ackepoch: fc.record({ type: fc.constant('ackepoch'), currentEpoch: safe, lastZxid: safe, attempt: safe }),
  diff: fc.record({ type: fc.constant('diff'), zxid: safe }),
  trunc: fc.record({ type: fc.constant('trunc'), zxid: safe }),
  snap: fc.record({ type: fc.constant('snap'), zxid: safe, attempt: safe }),
  'snap-chunk': fc.record({ type: fc.constant('snap-chunk'), attempt: safe, bytes: chunk }),
  'snap-end': fc.record({ type: fc.constant('snap-end'), attempt: safe }),
  newleader: fc.record({ type: fc.constant('newleader'), zxid: safe }),
  uptodate: fc.record({ type: fc.constant('uptodate') }),
  proposal: fc.record({ type: fc.constant('proposal'), zxid: safe, txn: encodedTxn }),
  commit: fc.record({ type: fc.constant('commit'), zxid: safe }),
  inform: fc.record({ type: fc.constant('inform'), zxid: safe, txn: encodedTxn }),
  ack: fc.record({ type: fc.constant('ack'), zxid: safe }),
  ping: fc.record({
    type: fc.constant('ping'),
    touches: fc.array(fc.record({ sessionId: int64, timeoutMs: int32 }), { maxLength: 5 }),
  }),
  request: fc.record({
    type: fc.constant('request'),
    forwarded: fc.record({ sessionId: int64, cxid: int32, request: decodedRequestArb, authInfo: fc.array(idArb, { maxLength: 3 }) }),
  }),
  'create-session': fc.record({ type: fc.constant('create-session'), forwarded: fc.record({ sessionId: int64, timeoutMs: int32 }) }),
  revalidate: fc.record({ type: fc.constant('revalidate'), sessionId: int64, timeoutMs: int32 }),
  'revalidate-reply': fc.record({ type: fc.constant('revalidate-reply'), sessionId: int64, valid: fc.boolean() }),
  sync: fc.record({ type: fc.constant('sync'), id: safe }),
};

const anyMessage: fc.Arbitrary<PeerMessage> = fc.oneof(...(Object.values(messageArbs) as fc.Arbitrary<PeerMessage>[]));

describe('peer message codec', () => {
  it('has an arbitrary and a distinct tag for every message type', () => {
    expect(Object.keys(messageArbs).sort()).toEqual(Object.keys(PEER_MESSAGE_TAG).sort());
    const tags = Object.values(PEER_MESSAGE_TAG);
    expect(new Set(tags).size).toBe(tags.length);
  });

  for (const [type, arb] of Object.entries(messageArbs)) {
    it(`round-trips ${type}`, () => {
      fc.assert(fc.property(arb as fc.Arbitrary<PeerMessage>, (msg) => {
        expect(decodePeerMessage(encodePeerMessage(msg))).toEqual(msg);
      }), { numRuns: 80 });
    });
  }

  it('carries a proposal\'s txn as the log encodes it', () => {
    fc.assert(fc.property(txnEntryArb, safe, (entry, zxid) => {
      const decoded = decodePeerMessage(encodePeerMessage({ type: 'proposal', zxid, txn: encodeTxnEntry(entry) }));
      expect(decoded.type === 'proposal' && decodeTxnEntry(decoded.txn)).toEqual(entry);
    }), { numRuns: 50 });
  });

  it('starts with the type tag as a jute int', () => {
    expect(Array.from(encodePeerMessage({ type: 'uptodate' }))).toEqual([0, 0, 0, PEER_MESSAGE_TAG.uptodate]);
    expect(Array.from(encodePeerMessage({ type: 'commit', zxid: 0x100000002 }))).toEqual([
      0, 0, 0, PEER_MESSAGE_TAG.commit, 0, 0, 0, 1, 0, 0, 0, 2,
    ]);
  });

  it('reuses a caller-supplied writer and hands out copies', () => {
    const w = new JuteWriter();
    const a = encodePeerMessage({ type: 'ack', zxid: 1 }, w);
    const b = encodePeerMessage({ type: 'sync', id: 2 }, w);
    expect(decodePeerMessage(a)).toEqual({ type: 'ack', zxid: 1 });
    expect(decodePeerMessage(b)).toEqual({ type: 'sync', id: 2 });
  });

  it('rejects every truncation of a valid message', () => {
    fc.assert(fc.property(anyMessage, (msg) => {
      const bytes = encodePeerMessage(msg);
      for (let n = 0; n < bytes.length; n++) {
        expect(() => decodePeerMessage(bytes.subarray(0, n))).toThrow(JuteDecodeError);
      }
    }), { numRuns: 150 });
  });

  it('rejects trailing bytes', () => {
    fc.assert(fc.property(anyMessage, fc.uint8Array({ minLength: 1, maxLength: 8 }), (msg, extra) => {
      const bytes = encodePeerMessage(msg);
      const longer = new Uint8Array(bytes.length + extra.length);
      longer.set(bytes);
      longer.set(extra, bytes.length);
      expect(() => decodePeerMessage(longer)).toThrow(/trailing bytes after peer message/);
    }), { numRuns: 100 });
  });

  it('fails on garbage only with a JuteDecodeError', () => {
    const tagged = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.uint8Array({ maxLength: 40 })).map(([tag, rest]) => {
      const out = new Uint8Array(4 + rest.length);
      new DataView(out.buffer).setInt32(0, tag);
      out.set(rest, 4);
      return out;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), tagged), (bytes) => {
      try {
        const msg = decodePeerMessage(bytes);
        expect(Object.keys(PEER_MESSAGE_TAG)).toContain(msg.type);
      } catch (e) {
        expect(e).toBeInstanceOf(JuteDecodeError);
      }
    }), { numRuns: 2000 });
  });

  it('names the problem: unknown tag, unknown state, unsafe number, null txn, undecodable request', () => {
    const w = new JuteWriter();
    expect(() => decodePeerMessage(w.reset().int(99).finish())).toThrow('peer message: unknown type tag 99');
    w.reset().int(PEER_MESSAGE_TAG.notification).int(1).long(0n).long(0n).long(0n).int(7);
    expect(() => decodePeerMessage(w.finish())).toThrow('peer message notification: unknown server state 7');
    expect(() => decodePeerMessage(w.reset().int(PEER_MESSAGE_TAG.commit).long(1n << 60n).finish()))
      .toThrow(/peer message commit: zxid \d+ is not a safe integer/);
    expect(() => decodePeerMessage(w.reset().int(PEER_MESSAGE_TAG.proposal).long(1n).buffer(null).finish()))
      .toThrow('peer message proposal: txn is null');
    w.reset().int(PEER_MESSAGE_TAG.request).long(1n).int(1).bool(true).buffer(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 99])).int(0);
    expect(() => decodePeerMessage(w.finish())).toThrow(/peer message request: forwarded request does not decode/);
  });

  it('refuses to encode what it could not decode back', () => {
    expect(() => encodePeerMessage({ type: 'ack', zxid: 2 ** 60 })).toThrow(RangeError);
    expect(() => encodePeerMessage({ type: 'ack', zxid: 1.5 })).toThrow(RangeError);
    const mismatched = { ok: true, xid: 1, type: OpCode.delete, request: { op: OpCode.sync, path: '/' } } as const;
    expect(() => encodePeerMessage({
      type: 'request', forwarded: { sessionId: 1n, cxid: 1, request: mismatched, authInfo: [] },
    })).toThrow(/differs from its op/);
  });
});
