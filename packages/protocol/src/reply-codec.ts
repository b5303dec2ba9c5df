/**
 * Server replies: `ReplyHeader{xid, zxid, err}` followed by the response body of the request's
 * type, and watch notifications, which are replies with xid -1.
 */
import { OpCode, Xid } from './constants';
import { JuteDecodeError } from './jute-decode-error';
import { JuteReader } from './jute-reader';
import { JuteWriter } from './jute-writer';
import type { ReplyHeader, Response, WatcherEvent } from './records';
import { readReplyHeader, readWatcherEvent, writeReplyHeader, writeWatcherEvent } from './header-codec';
import { isResponseOp, readResponseBody, writeResponseBody } from './response-body-codec';

/** A decoded reply: the header, and the body, which is null when the reply has none. */
export interface DecodedReply {
  readonly header: ReplyHeader;
  readonly body: Response | null;
}

/** A decoded watch notification. */
export interface DecodedWatcherEvent {
  readonly header: ReplyHeader;
  readonly event: WatcherEvent;
}

function isMultiResponse(body: Response): boolean {
  return body.op === OpCode.multi || body.op === OpCode.multiRead;
}

/**
 * Encodes a reply as a frame payload. An error reply (`header.err !== 0`) is the header alone
 * (pass `body` null), except for multi/multiRead, whose body lists the per-op results.
 * Pass a `writer` to reuse its buffer; it is reset first.
 *
 * @throws Error if an error header is given a non-multi body: ZooKeeper never sends one.
 */
export function encodeReply(header: ReplyHeader, body: Response | null, writer: JuteWriter = new JuteWriter()): Uint8Array {
  return writeReply(writer, header, body).finish();
}

/**
 * Resets `writer` and encodes the reply into it, as {@link encodeReply} does, without copying
 * the bytes out: read them with `writer.written()` before the writer is used again. For a
 * server that copies every reply into a socket buffer anyway, this saves an allocation per reply.
 *
 * @throws Error if an error header is given a non-multi body.
 */
export function writeReply(writer: JuteWriter, header: ReplyHeader, body: Response | null): JuteWriter {
  if (body !== null && header.err !== 0 && !isMultiResponse(body)) {
    throw new Error(`error reply ${header.err} cannot carry a body for op ${body.op}`);
  }
  const w = writer.reset();
  writeReplyHeader(w, header);
  if (body !== null) writeResponseBody(w, body);
  return w;
}

/** Reads just the reply header, for a client to route the payload (xid -1 is a watch event). */
export function decodeReplyHeader(payload: Uint8Array): ReplyHeader {
  return readReplyHeader(new JuteReader(payload));
}

/**
 * Decodes a reply to a request of type `requestOp` (for ping use 11, for auth 100 and so on).
 * A reply whose header carries an error and no bytes after it has body null, whatever the op
 * (so the Unimplemented answer to an unknown opcode decodes too).
 *
 * @throws JuteDecodeError on malformed or trailing bytes.
 * @throws RangeError if a successful reply answers an op with no defined reply format.
 */
export function decodeReply(payload: Uint8Array, requestOp: number): DecodedReply {
  const r = new JuteReader(payload);
  const header = readReplyHeader(r);
  if (header.err !== 0 && r.remaining === 0) return { header, body: null };
  if (!isResponseOp(requestOp)) throw new RangeError(`no reply format for op ${requestOp}`);
  if (header.err !== 0 && requestOp !== OpCode.multi && requestOp !== OpCode.multiRead) {
    throw new JuteDecodeError(`error reply ${header.err} to op ${requestOp} has ${r.remaining} body bytes`);
  }
  const body = readResponseBody(r, requestOp);
  r.expectEnd(`reply to op ${requestOp}`);
  return { header, body };
}

/**
 * Encodes a watch notification: `ReplyHeader{-1, zxid, 0}` + `WatcherEvent`. ZooKeeper 3.8
 * sends zxid -1 here; 3.9+ sends the zxid of the change that fired the watch.
 */
export function encodeWatcherEvent(zxid: bigint, ev: WatcherEvent, writer: JuteWriter = new JuteWriter()): Uint8Array {
  const w = writer.reset();
  writeReplyHeader(w, { xid: Xid.notification, zxid, err: 0 });
  writeWatcherEvent(w, ev);
  return w.finish();
}

/** Decodes a watch notification payload (a reply with xid -1). */
export function decodeWatcherEvent(payload: Uint8Array): DecodedWatcherEvent {
  const r = new JuteReader(payload);
  const header = readReplyHeader(r);
  if (header.xid !== Xid.notification) throw new JuteDecodeError(`watch event with xid ${header.xid}`);
  const event = readWatcherEvent(r);
  r.expectEnd('WatcherEvent');
  return { header, event };
}
