/**
 * The wire encoding of a {@link PeerMessage}, for transports between real servers (the
 * simulator passes the objects as they are). Jute primitives, big-endian:
 *
 *     int    tag            (PEER_MESSAGE_TAG, one per message type)
 *     ...    fields          (per type, in declaration order; see `writeBody`)
 *
 * zxids, epochs and other counters the core keeps as JavaScript numbers go out as jute `long`s
 * and must come back as safe integers; session ids are `long`s; timeouts, cxids and server ids
 * are `int`s. A txn (`proposal`, `inform`) is already the core's `TxnEntry` encoding
 * (`encodeTxnEntry`) and travels as a jute `buffer`, as does a SNAP's `snap-chunk`, so the codec never
 * re-encodes them. A forwarded client request travels as the client's own request frame
 * (`encodeRequest`), so the leader decodes it exactly as a client port would.
 *
 * Pure: no Node APIs, so the simulator and the core's tests can use it.
 */
import {
  decodeRequest, encodeRequest, JuteDecodeError, JuteReader, JuteWriter, readId, writeId,
  type DecodedRequest, type ErrorCodeValue, type Id,
} from '@paddock/protocol';
import type { ForwardedRequest, PeerMessage } from './messages';
import type { ServerState } from './vote';

/**
 * The type tag of each message. Never renumber one: mixed versions of a rolling upgrade must
 * agree. The `satisfies` clause makes a new `PeerMessage` variant a compile error here.
 */
export const PEER_MESSAGE_TAG = {
  notification: 1,
  followerinfo: 2,
  leaderinfo: 3,
  ackepoch: 4,
  diff: 5,
  trunc: 6,
  snap: 7,
  newleader: 8,
  uptodate: 9,
  proposal: 10,
  commit: 11,
  inform: 12,
  ack: 13,
  ping: 14,
  request: 15,
  'create-session': 16,
  revalidate: 17,
  'revalidate-reply': 18,
  sync: 19,
  'snap-chunk': 20,
  'snap-end': 21,
} as const satisfies Record<PeerMessage['type'], number>;

const STATE_TAG = { looking: 0, following: 1, leading: 2, observing: 3 } as const satisfies Record<ServerState, number>;
const STATE_BY_TAG: readonly ServerState[] = ['looking', 'following', 'leading', 'observing'];

/** Smallest encodings, which bound vector counts against the bytes left (see `vectorCount`). */
const TOUCH_BYTES = 12;
const MIN_ID_BYTES = 8;

/**
 * Encodes `msg`. Pass a `writer` to reuse its buffer (it is reset first); the result is a copy.
 * @throws RangeError when a number field is not a safe integer or an int field is out of range,
 *   or when a forwarded request's `type` is not its request's op (it could not round-trip).
 */
export function encodePeerMessage(msg: PeerMessage, writer: JuteWriter = new JuteWriter()): Uint8Array {
  const w = writer.reset();
  w.int(PEER_MESSAGE_TAG[msg.type]);
  writeBody(w, msg);
  return w.finish();
}

/**
 * Decodes one message, which must fill `bytes` exactly.
 * @throws JuteDecodeError naming the message type on truncated input, an unknown tag or server
 *   state, a length past the end, trailing bytes, a number that is not a safe integer, or a
 *   forwarded request that does not decode.
 */
export function decodePeerMessage(bytes: Uint8Array): PeerMessage {
  const r = new JuteReader(bytes);
  const tag = r.int();
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new JuteDecodeError(`peer message: unknown type tag ${tag}`);
  try {
    const msg = readBody(r, type);
    r.expectEnd(`peer message ${type}`);
    return msg;
  } catch (e) {
    if (e instanceof JuteDecodeError && !e.message.startsWith('peer message')) {
      throw new JuteDecodeError(`peer message ${type}: ${e.message}`);
    }
    throw e;
  }
}

type PeerMessageType = PeerMessage['type'];

const TYPE_BY_TAG: ReadonlyMap<number, PeerMessageType> = new Map(
  (Object.entries(PEER_MESSAGE_TAG) as [PeerMessageType, number][]).map(([type, tag]) => [tag, type]),
);

function writeBody(w: JuteWriter, msg: PeerMessage): void {
  switch (msg.type) {
    case 'notification':
      w.int(msg.vote.leader);
      safeLong(w, msg.vote.zxid);
      safeLong(w, msg.vote.peerEpoch);
      safeLong(w, msg.electionEpoch);
      w.int(STATE_TAG[msg.state]);
      return;
    case 'followerinfo':
      safeLong(w, msg.acceptedEpoch);
      w.bool(msg.observer);
      safeLong(w, msg.attempt);
      return;
    case 'leaderinfo':
      safeLong(w, msg.newEpoch);
      safeLong(w, msg.attempt);
      return;
    case 'ackepoch':
      safeLong(w, msg.currentEpoch);
      safeLong(w, msg.lastZxid);
      safeLong(w, msg.attempt);
      return;
    case 'diff':
    case 'trunc':
    case 'newleader':
    case 'commit':
    case 'ack':
      safeLong(w, msg.zxid);
      return;
    case 'snap':
      safeLong(w, msg.zxid);
      safeLong(w, msg.attempt);
      return;
    case 'snap-chunk':
      safeLong(w, msg.attempt);
      w.buffer(msg.bytes);
      return;
    case 'snap-end':
      safeLong(w, msg.attempt);
      return;
    case 'uptodate':
      return;
    case 'proposal':
    case 'inform':
      safeLong(w, msg.zxid);
      w.buffer(msg.txn);
      return;
    case 'ping':
      w.int(msg.touches.length);
      for (const t of msg.touches) w.long(t.sessionId).int(t.timeoutMs);
      return;
    case 'request':
      writeForwardedRequest(w, msg.forwarded);
      return;
    case 'create-session':
      w.long(msg.forwarded.sessionId).int(msg.forwarded.timeoutMs);
      return;
    case 'revalidate':
      w.long(msg.sessionId).int(msg.timeoutMs);
      return;
    case 'revalidate-reply':
      w.long(msg.sessionId).bool(msg.valid);
      return;
    case 'sync':
      safeLong(w, msg.id);
      return;
    default:
      return assertNever(msg);
  }
}

function readBody(r: JuteReader, type: PeerMessageType): PeerMessage {
  switch (type) {
    case 'notification': {
      const vote = { leader: r.int(), zxid: safeNumber(r, 'vote.zxid'), peerEpoch: safeNumber(r, 'vote.peerEpoch') };
      const electionEpoch = safeNumber(r, 'electionEpoch');
      const stateTag = r.int();
      const state = STATE_BY_TAG[stateTag];
      if (state === undefined) throw new JuteDecodeError(`unknown server state ${stateTag}`);
      return { type, vote, electionEpoch, state };
    }
    case 'followerinfo':
      return { type, acceptedEpoch: safeNumber(r, 'acceptedEpoch'), observer: r.bool(), attempt: safeNumber(r, 'attempt') };
    case 'leaderinfo':
      return { type, newEpoch: safeNumber(r, 'newEpoch'), attempt: safeNumber(r, 'attempt') };
    case 'ackepoch':
      return { type, currentEpoch: safeNumber(r, 'currentEpoch'), lastZxid: safeNumber(r, 'lastZxid'), attempt: safeNumber(r, 'attempt') };
    case 'diff':
    case 'trunc':
    case 'newleader':
    case 'commit':
    case 'ack':
      return { type, zxid: safeNumber(r, 'zxid') };
    case 'snap':
      return { type, zxid: safeNumber(r, 'zxid'), attempt: safeNumber(r, 'attempt') };
    case 'snap-chunk':
      return { type, attempt: safeNumber(r, 'attempt'), bytes: requiredBuffer(r, 'snapshot chunk') };
    case 'snap-end':
      return { type, attempt: safeNumber(r, 'attempt') };
    case 'uptodate':
      return { type };
    case 'proposal':
    case 'inform':
      return { type, zxid: safeNumber(r, 'zxid'), txn: requiredBuffer(r, 'txn') };
    case 'ping': {
      const n = r.vectorCount(TOUCH_BYTES);
      const touches: { sessionId: bigint; timeoutMs: number }[] = [];
      for (let i = 0; i < n; i++) touches.push({ sessionId: r.long(), timeoutMs: r.int() });
      return { type, touches };
    }
    case 'request':
      return { type, forwarded: readForwardedRequest(r) };
    case 'create-session':
      return { type, forwarded: { sessionId: r.long(), timeoutMs: r.int() } };
    case 'revalidate':
      return { type, sessionId: r.long(), timeoutMs: r.int() };
    case 'revalidate-reply':
      return { type, sessionId: r.long(), valid: r.bool() };
    case 'sync':
      return { type, id: safeNumber(r, 'id') };
    default:
      return assertNever(type);
  }
}

/**
 * `long sessionId, int cxid, boolean ok`, then for a decoded request its client frame as a
 * `buffer`, or for one that failed to decode `int xid, int type, int err, ustring reason`; then
 * the connection's identities as a vector of `Id`.
 */
function writeForwardedRequest(w: JuteWriter, f: ForwardedRequest): void {
  w.long(f.sessionId).int(f.cxid).bool(f.request.ok);
  const req = f.request;
  if (req.ok) {
    if (req.type !== req.request.op) {
      throw new RangeError(`forwarded request type ${req.type} differs from its op ${req.request.op}`);
    }
    w.buffer(encodeRequest(req.xid, req.request));
  } else {
    w.int(req.xid).int(req.type).int(req.err).ustring(req.reason);
  }
  w.int(f.authInfo.length);
  for (const id of f.authInfo) writeId(w, id);
}

function readForwardedRequest(r: JuteReader): ForwardedRequest {
  const sessionId = r.long();
  const cxid = r.int();
  let request: DecodedRequest;
  if (r.bool()) {
    const decoded = decodeRequest(requiredBuffer(r, 'request frame'));
    if (!decoded.ok) throw new JuteDecodeError(`forwarded request does not decode: ${decoded.reason}`);
    request = decoded;
  } else {
    const xid = r.int();
    const type = r.int();
    const err = r.int() as ErrorCodeValue;
    request = { ok: false, xid, type, err, reason: r.requiredUstring('reason') };
  }
  const n = r.vectorCount(MIN_ID_BYTES);
  const authInfo: Id[] = [];
  for (let i = 0; i < n; i++) authInfo.push(readId(r));
  return { sessionId, cxid, request, authInfo };
}

/** A number the core keeps (zxid, epoch, counter) as a jute long; it must be a safe integer. */
function safeLong(w: JuteWriter, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  w.long(BigInt(n));
}

function safeNumber(r: JuteReader, field: string): number {
  const n = r.long();
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new JuteDecodeError(`${field} ${n} is not a safe integer`);
  }
  return Number(n);
}

function requiredBuffer(r: JuteReader, field: string): Uint8Array {
  const b = r.buffer();
  if (b === null) throw new JuteDecodeError(`${field} is null`);
  return b;
}

/** Unreachable when the switches are exhaustive; the `never` parameter makes tsc check that. */
function assertNever(x: never): never {
  throw new Error(`unhandled peer message variant ${String((x as { type?: unknown }).type ?? x)}`);
}
