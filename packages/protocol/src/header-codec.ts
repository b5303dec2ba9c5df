/** Codecs for the headers that frame every request, reply, multi op and watch event. */
import type { MultiHeader, ReplyHeader, RequestHeader, WatcherEvent } from './records';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';

/** Writes `RequestHeader{int xid; int type}`. */
export function writeRequestHeader(w: JuteWriter, h: RequestHeader): void {
  w.int(h.xid).int(h.type);
}

/** Reads a `RequestHeader`. */
export function readRequestHeader(r: JuteReader): RequestHeader {
  const xid = r.int();
  const type = r.int();
  return { xid, type };
}

/** Writes `ReplyHeader{int xid; long zxid; int err}`. */
export function writeReplyHeader(w: JuteWriter, h: ReplyHeader): void {
  w.int(h.xid).long(h.zxid).int(h.err);
}

/** Reads a `ReplyHeader`. */
export function readReplyHeader(r: JuteReader): ReplyHeader {
  const xid = r.int();
  const zxid = r.long();
  const err = r.int();
  return { xid, zxid, err };
}

/** Writes `MultiHeader{int type; boolean done; int err}`. */
export function writeMultiHeader(w: JuteWriter, h: MultiHeader): void {
  w.int(h.type).bool(h.done).int(h.err);
}

/** Reads a `MultiHeader`. */
export function readMultiHeader(r: JuteReader): MultiHeader {
  const type = r.int();
  const done = r.bool();
  const err = r.int();
  return { type, done, err };
}

/** The header that ends the op list of a multi request or response: `{-1, true, -1}`. */
export const MULTI_END: MultiHeader = { type: -1, done: true, err: -1 };

/** Writes `WatcherEvent{int type; int state; ustring path}`. */
export function writeWatcherEvent(w: JuteWriter, ev: WatcherEvent): void {
  w.int(ev.type).int(ev.state).ustring(ev.path);
}

/** Reads a `WatcherEvent`; a null path is rejected. */
export function readWatcherEvent(r: JuteReader): WatcherEvent {
  const type = r.int();
  const state = r.int();
  const path = r.requiredUstring('WatcherEvent.path');
  return { type, state, path };
}
