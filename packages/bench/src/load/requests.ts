/**
 * Request frames built with `@paddock/protocol` and nothing else. A frame is encoded once with
 * xid 0; the session writes each request's real xid into bytes 4..8 (right after the length
 * prefix, where `RequestHeader.xid` lives) as it copies the frame into the socket buffer, so a
 * prebuilt frame can be sent any number of times.
 */
import {
  CreateFlag, JuteWriter, OpCode, Perms, encodeRequest, frame, type ACL, type Request,
} from '@paddock/protocol';

/** ZooKeeper's `Ids.OPEN_ACL_UNSAFE`. */
export const OPEN_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];

/** Offset of `RequestHeader.xid` inside a length-prefixed frame. */
export const XID_OFFSET = 4;

/** A length-prefixed request frame whose xid is filled in when it is sent. */
export type RequestFrame = Uint8Array;

/** Encodes `req` as a reusable frame; pass a `writer` to reuse its buffer. */
export function requestFrame(req: Request, writer: JuteWriter = new JuteWriter()): RequestFrame {
  return frame(encodeRequest(0, req, writer));
}

/** `size` bytes of printable data, as the workloads store (100 by default in the issue). */
export function payload(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = 0x61 + (i % 26);
  return data;
}

/** A persistent create of `path` holding `data`. */
export function createRequest(path: string, data: Uint8Array): Request {
  return { op: OpCode.create, path, data, acl: OPEN_ACL_UNSAFE, flags: CreateFlag.Persistent };
}

/** A multi of persistent creates, one per path, all holding `data`. */
export function multiCreateRequest(paths: readonly string[], data: Uint8Array): Request {
  return {
    op: OpCode.multi,
    ops: paths.map((path) => ({ op: OpCode.create, path, data, acl: OPEN_ACL_UNSAFE, flags: CreateFlag.Persistent })),
  };
}

/** The frame of a ping; the session writes `Xid.ping` into it at send time. */
export const PING_FRAME: RequestFrame = requestFrame({ op: OpCode.ping });

/** The frame that ends a session. */
export const CLOSE_SESSION_FRAME: RequestFrame = requestFrame({ op: OpCode.closeSession });
