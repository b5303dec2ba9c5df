/** Codecs for the headers that frame every request, reply, multi op and watch event. */
import type { MultiHeader, ReplyHeader, RequestHeader, WatcherEvent } from './records';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';

export function writeRequestHeader(w: JuteWriter, h: RequestHeader): void {
  w.int(h.xid).int(h.type);
}

export function readRequestHeader(r: JuteReader): RequestHeader {
  const xid = r.int();
  const type = r.int();
  return { xid, type };
}

export function writeReplyHeader(w: JuteWriter, h: ReplyHeader): void {
  w.int(h.xid).long(h.zxid).int(h.err);
}

export function readReplyHeader(r: JuteReader): ReplyHeader {
  const xid = r.int();
  const zxid = r.long();
  const err = r.int();
  return { xid, zxid, err };
}

export function writeMultiHeader(w: JuteWriter, h: MultiHeader): void {
  w.int(h.type).bool(h.done).int(h.err);
}

export function readMultiHeader(r: JuteReader): MultiHeader {
  const type = r.int();
  const done = r.bool();
  const err = r.int();
  return { type, done, err };
}

/** The header that ends the op list of a multi request or response: `{-1, true, -1}`. */
export const MULTI_END: MultiHeader = { type: -1, done: true, err: -1 };

export function writeWatcherEvent(w: JuteWriter, ev: WatcherEvent): void {
  w.int(ev.type).int(ev.state).ustring(ev.path);
}

export function readWatcherEvent(r: JuteReader): WatcherEvent {
  const type = r.int();
  const state = r.int();
  const path = r.requiredUstring('WatcherEvent.path');
  return { type, state, path };
}
