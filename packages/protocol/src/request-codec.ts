/** Client requests: `RequestHeader{xid, type}` followed by the body record of `type`. */
import { ErrorCode, OpCode, type ErrorCodeValue } from './constants';
import { JuteDecodeError } from './jute-decode-error';
import { JuteReader } from './jute-reader';
import { JuteWriter } from './jute-writer';
import type { Request } from './records';
import { readRequestHeader, writeRequestHeader } from './header-codec';
import { readMultiOps, readMultiReadOps, writeMultiOps } from './multi-codec';
import { isSingleRequestOp, readSingleRequestBody, writeSingleRequestBody } from './request-body-codec';

/**
 * The outcome of decoding a request payload. A failure still carries the xid and type from the
 * header, so that the server can answer it with `err` as ZooKeeper does.
 */
export type DecodedRequest =
  | { readonly ok: true; readonly xid: number; readonly type: number; readonly request: Request }
  | { readonly ok: false; readonly xid: number; readonly type: number; readonly err: ErrorCodeValue; readonly reason: string };

/**
 * Encodes `req` with header `{xid, req.op}` as a frame payload (no length prefix).
 * Pass a `writer` to reuse its buffer; it is reset first.
 */
export function encodeRequest(xid: number, req: Request, writer: JuteWriter = new JuteWriter()): Uint8Array {
  const w = writer.reset();
  writeRequestHeader(w, { xid, type: req.op });
  if (req.op === OpCode.multi || req.op === OpCode.multiRead) writeMultiOps(w, req.ops);
  else writeSingleRequestBody(w, req);
  return w.finish();
}

function readRequest(r: JuteReader, type: number): Request | undefined {
  if (type === OpCode.multi) return { op: OpCode.multi, ops: readMultiOps(r) };
  if (type === OpCode.multiRead) return { op: OpCode.multiRead, ops: readMultiReadOps(r) };
  if (isSingleRequestOp(type)) return readSingleRequestBody(r, type);
  return undefined;
}

/**
 * Decodes a request frame payload. An unknown opcode gives Unimplemented (-6); a body that
 * is malformed, has trailing bytes, or puts a disallowed op in a multi/multiRead gives
 * MarshallingError (-5).
 *
 * @throws JuteDecodeError when the payload is too short for the 8-byte header: there is no
 *   xid to answer, so the connection should be closed, as ZooKeeper does.
 */
export function decodeRequest(payload: Uint8Array): DecodedRequest {
  const r = new JuteReader(payload);
  const { xid, type } = readRequestHeader(r);
  try {
    const request = readRequest(r, type);
    if (request === undefined) {
      return { ok: false, xid, type, err: ErrorCode.Unimplemented, reason: `unknown opcode ${type}` };
    }
    r.expectEnd(`request type ${type}`);
    return { ok: true, xid, type, request };
  } catch (e) {
    if (!(e instanceof JuteDecodeError)) throw e;
    return { ok: false, xid, type, err: ErrorCode.MarshallingError, reason: e.message };
  }
}
