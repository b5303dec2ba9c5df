/**
 * Frames captured from a real ZooKeeper 3.8.0 by scripts/capture-golden.ts: every one must
 * decode with our codec and re-encode to the same bytes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeConnectRequest, decodeConnectResponse, decodeReply, decodeReplyHeader, decodeRequest,
  decodeWatcherEvent, encodeConnectRequest, encodeConnectResponse, encodeReply, encodeRequest,
  encodeWatcherEvent, ErrorCode, FrameDecoder, OpCode, Xid, type MultiResult,
} from '../src/index';

interface GoldenFrame {
  readonly seq: number;
  readonly conn: number;
  readonly client: string;
  readonly direction: 'client-to-server' | 'server-to-client';
  readonly kind: 'connect' | 'message' | 'four-letter-word' | 'four-letter-word-answer' | 'len-error';
  readonly op: number | null;
  readonly label: string;
  readonly hex: string;
  readonly note?: string;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/zk-3.8.0-frames.json', import.meta.url), 'utf8')) as {
  readonly frames: readonly GoldenFrame[];
};
const frames = fixture.frames;
const bytesOf = (f: GoldenFrame): Uint8Array => Uint8Array.from(Buffer.from(f.hex, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Decodes a frame with the codec and encodes the result again; also returns the decoded value. */
function roundTrip(f: GoldenFrame): { decoded: unknown; reencoded: Uint8Array } {
  const bytes = bytesOf(f);
  if (f.kind === 'connect') {
    if (f.direction === 'client-to-server') {
      const decoded = decodeConnectRequest(bytes);
      return { decoded, reencoded: encodeConnectRequest(decoded) };
    }
    const decoded = decodeConnectResponse(bytes);
    return { decoded, reencoded: encodeConnectResponse(decoded) };
  }
  if (f.direction === 'client-to-server') {
    const decoded = decodeRequest(bytes);
    if (!decoded.ok) throw new Error(`request did not decode: ${decoded.reason}`);
    return { decoded, reencoded: encodeRequest(decoded.xid, decoded.request) };
  }
  if (decodeReplyHeader(bytes).xid === Xid.notification) {
    const decoded = decodeWatcherEvent(bytes);
    return { decoded, reencoded: encodeWatcherEvent(decoded.header.zxid, decoded.event) };
  }
  if (f.op === null) throw new Error('reply without a known request');
  const decoded = decodeReply(bytes, f.op);
  return { decoded, reencoded: encodeReply(decoded.header, decoded.body) };
}

function redecode(f: GoldenFrame, reencoded: Uint8Array): unknown {
  return roundTrip({ ...f, hex: hex(reencoded) }).decoded;
}

describe('golden frames from ZooKeeper 3.8.0', () => {
  it('covers every client opcode, both handshake forms, events, 4lw and Len error', () => {
    const requestOps = new Set(frames.filter((f) => f.kind === 'message' && f.direction === 'client-to-server').map((f) => f.op));
    for (const op of [
      OpCode.create, OpCode.delete, OpCode.exists, OpCode.getData, OpCode.setData, OpCode.getACL, OpCode.setACL,
      OpCode.getChildren, OpCode.sync, OpCode.ping, OpCode.getChildren2, OpCode.check, OpCode.multi, OpCode.create2,
      OpCode.reconfig, OpCode.checkWatches, OpCode.removeWatches, OpCode.createContainer, OpCode.createTTL,
      OpCode.multiRead, OpCode.auth, OpCode.setWatches, OpCode.sasl, OpCode.getEphemerals,
      OpCode.getAllChildrenNumber, OpCode.setWatches2, OpCode.addWatch, OpCode.whoAmI, OpCode.closeSession,
    ]) {
      expect(requestOps, `op ${op}`).toContain(op);
    }
    const kinds = new Set(frames.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['connect', 'four-letter-word', 'four-letter-word-answer', 'len-error', 'message']);
    expect(frames.some((f) => f.op === OpCode.notification)).toBe(true);
  });

  for (const f of frames.filter((g) => g.kind === 'connect' || g.kind === 'message')) {
    it(`#${f.seq} ${f.client} ${f.direction}: ${f.label}`, () => {
      if (f.direction === 'client-to-server' && f.kind === 'message' && f.op === 999) {
        expect(decodeRequest(bytesOf(f))).toMatchObject({ ok: false, type: 999, err: ErrorCode.Unimplemented });
        return;
      }
      const { decoded, reencoded } = roundTrip(f);
      if (f.note !== undefined && hex(reencoded) !== f.hex) {
        // kazoo's 4-byte UTF-8 comes back as Java's CESU-8: same string, different bytes.
        expect(redecode(f, reencoded)).toEqual(decoded);
        expect(JSON.stringify(decoded, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toContain('\u{1F600}');
        return;
      }
      expect(hex(reencoded)).toBe(f.hex);
    });
  }

  for (const f of frames.filter((g) => g.kind === 'four-letter-word' || g.kind === 'len-error')) {
    it(`#${f.seq} ${f.label}`, () => {
      const events = new FrameDecoder().push(bytesOf(f));
      if (f.kind === 'len-error') {
        expect(events).toEqual([{ kind: 'error', reason: expect.stringMatching(/^Len error /) }]);
        return;
      }
      const word = Buffer.from(bytesOf(f).subarray(0, 4)).toString('latin1');
      expect(events).toEqual([word === 'stmk'
        ? { kind: 'four-letter-word', word, traceMask: 0b0100110010n }
        : { kind: 'four-letter-word', word }]);
    });
  }
});

/** What the real server did, recorded as facts that Paddock's core must reproduce. */
describe('ZooKeeper 3.8.0 wire facts', () => {
  const replyTo = (client: string, conn: number, xid: number): GoldenFrame | undefined =>
    frames.find((f) => f.client === client && f.conn === conn && f.kind === 'message'
      && f.direction === 'server-to-client' && decodeReplyHeader(bytesOf(f)).xid === xid);
  const requests = frames.filter((f) => f.kind === 'message' && f.direction === 'client-to-server');
  const replies = frames.filter((f) => f.kind === 'message' && f.direction === 'server-to-client');
  const multiResults = (f: GoldenFrame): readonly MultiResult[] => {
    const { body } = decodeReply(bytesOf(f), f.op!);
    return body !== null && 'results' in body ? body.results : [];
  };

  it('handshake: 45/37 bytes with the readOnly byte, 44/36 without', () => {
    const sizes = frames.filter((f) => f.kind === 'connect').map((f) => `${f.client}:${f.direction}:${f.hex.length / 2}`);
    expect(sizes).toContain('java:client-to-server:45');
    expect(sizes).toContain('java:server-to-client:37');
    expect(sizes).toContain('paddock-encoder:client-to-server:44');
    expect(sizes).toContain('paddock-encoder:server-to-client:36');
  });

  it('a resumed closed session gets timeOut 0, sessionId 0 and a zero password', () => {
    const expired = frames.filter((f) => f.kind === 'connect' && f.direction === 'server-to-client')
      .map((f) => decodeConnectResponse(bytesOf(f))).filter((r) => r.sessionId === 0n);
    expect(expired).toEqual([{ protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false }]);
  });

  it('watch notifications carry zxid -1 in 3.8', () => {
    const events = replies.filter((f) => f.op === OpCode.notification).map((f) => decodeWatcherEvent(bytesOf(f)).header);
    expect(events.length).toBeGreaterThan(5);
    for (const h of events) expect(h).toEqual({ xid: -1, zxid: -1n, err: 0 });
  });

  it('a successful standalone check gets no reply at all; a failed one gets the bare header', () => {
    const checks = requests.filter((f) => f.op === OpCode.check);
    const outcomes = checks.map((f) => {
      const reply = replyTo(f.client, f.conn, decodeRequest(bytesOf(f)).xid);
      return reply === undefined ? 'none' : decodeReplyHeader(bytesOf(reply)).err;
    });
    expect(outcomes).toEqual(['none', ErrorCode.BadVersion, ErrorCode.NoNode]);
  });

  it('a failed multi has header err 0 and per-op errors: 0 before, the code, then -2', () => {
    const failed = replies.filter((f) => f.op === OpCode.multi && multiResults(f).some((r) => r.op === OpCode.error));
    expect(failed.map((f) => decodeReplyHeader(bytesOf(f)).err)).toEqual([0, 0]);
    expect(failed.map(multiResults)).toEqual([
      [{ op: -1, err: 0 }, { op: -1, err: ErrorCode.NoNode }, { op: -1, err: ErrorCode.RuntimeInconsistency }],
      [{ op: -1, err: ErrorCode.BadVersion }],
    ]);
  });

  it('multi results: create2 answers as create (path only); createTTL and createContainer as create2', () => {
    const raw = replies.find((f) => f.client === 'paddock-encoder' && f.op === OpCode.multi && multiResults(f).length === 3)!;
    expect(multiResults(raw).map((r) => r.op)).toEqual([OpCode.create, OpCode.create2, OpCode.create2]);
  });

  it('an unknown opcode gets err -6 with zxid -1, and the connection answers nothing after it', () => {
    const unknown = requests.find((f) => f.op === 999)!;
    const reply = replyTo(unknown.client, unknown.conn, decodeRequest(bytesOf(unknown)).xid)!;
    expect(decodeReplyHeader(bytesOf(reply))).toMatchObject({ zxid: -1n, err: ErrorCode.Unimplemented });
    const later = requests.filter((f) => f.conn === unknown.conn && f.seq > unknown.seq);
    expect(later.length).toBeGreaterThan(0);
    expect(replies.filter((f) => f.conn === unknown.conn && f.seq > reply.seq)).toEqual([]);
  });

  it('the server writes supplementary characters as CESU-8 (whoAmI, getACL)', () => {
    const cesu = 'eda0bdedb880';
    const whoAmI = replies.filter((f) => f.op === OpCode.whoAmI).at(-1)!;
    expect(whoAmI.hex).toContain(cesu);
    const users = decodeReply(bytesOf(whoAmI), OpCode.whoAmI).body;
    expect(users).toMatchObject({ clientInfo: expect.arrayContaining([{ authScheme: 'digest', user: '\u{1F600}smile' }]) });
    expect(replies.filter((f) => f.client === 'kazoo' && f.op === OpCode.getACL)[0]!.hex).toContain(cesu);
  });

  it('four-letter words are answered in plain text, not frames', () => {
    const answers = frames.filter((f) => f.kind === 'four-letter-word-answer').map((f) => Buffer.from(bytesOf(f)).toString('latin1'));
    expect(answers[0]).toBe('imok');
    expect(answers[1]).toMatch(/^Zookeeper version: 3\.8\.0-.*\nMode: standalone\nNode count: \d+\n$/s);
    expect(answers[2]).toBe(String(0b0100110010));
  });

  it('addWatch answers with a 4-byte ErrorResponse{0}', () => {
    for (const f of replies.filter((g) => g.op === OpCode.addWatch)) expect(f.hex.length / 2).toBe(20);
  });
});
