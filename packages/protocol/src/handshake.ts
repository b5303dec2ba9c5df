/**
 * The connection handshake: ConnectRequest and ConnectResponse, which carry no header.
 * The trailing `readOnly` byte is optional in both (clients before 3.4 omit it); ZooKeeper
 * remembers whether the client sent it and mirrors that in its response.
 */
import { JuteReader } from './jute-reader';
import { JuteWriter } from './jute-writer';
import type { ConnectRequest, ConnectResponse } from './records';

function readPasswd(r: JuteReader): Uint8Array {
  // A null password is treated as empty: it is only ever echoed or compared.
  return r.buffer() ?? new Uint8Array(0);
}

function readOptionalReadOnly(r: JuteReader, what: string): boolean | undefined {
  if (r.remaining === 0) return undefined;
  const readOnly = r.bool();
  r.expectEnd(what);
  return readOnly;
}

/** Encodes a ConnectRequest payload; the readOnly byte is written only if `readOnly` is set. */
export function encodeConnectRequest(req: ConnectRequest): Uint8Array {
  const w = new JuteWriter(64);
  w.int(req.protocolVersion).long(req.lastZxidSeen).int(req.timeOut).long(req.sessionId).buffer(req.passwd);
  if (req.readOnly !== undefined) w.bool(req.readOnly);
  return w.finish();
}

/**
 * Decodes a ConnectRequest payload: 44 bytes without the readOnly byte (`readOnly`
 * undefined) or 45 with it, for the usual 16-byte password.
 */
export function decodeConnectRequest(payload: Uint8Array): ConnectRequest {
  const r = new JuteReader(payload);
  const protocolVersion = r.int();
  const lastZxidSeen = r.long();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = readPasswd(r);
  const readOnly = readOptionalReadOnly(r, 'ConnectRequest');
  const base = { protocolVersion, lastZxidSeen, timeOut, sessionId, passwd };
  return readOnly === undefined ? base : { ...base, readOnly };
}

/** Encodes a ConnectResponse payload; the readOnly byte is written only if `readOnly` is set. */
export function encodeConnectResponse(res: ConnectResponse): Uint8Array {
  const w = new JuteWriter(64);
  w.int(res.protocolVersion).int(res.timeOut).long(res.sessionId).buffer(res.passwd);
  if (res.readOnly !== undefined) w.bool(res.readOnly);
  return w.finish();
}

/** Decodes a ConnectResponse payload: 36 bytes, or 37 with the readOnly byte. */
export function decodeConnectResponse(payload: Uint8Array): ConnectResponse {
  const r = new JuteReader(payload);
  const protocolVersion = r.int();
  const timeOut = r.int();
  const sessionId = r.long();
  const passwd = readPasswd(r);
  const readOnly = readOptionalReadOnly(r, 'ConnectResponse');
  const base = { protocolVersion, timeOut, sessionId, passwd };
  return readOnly === undefined ? base : { ...base, readOnly };
}
