/**
 * One-line canonical renderings of the core's inputs and outputs, for the trace (and so for the
 * trace hash): every field that can differ between runs appears, in a fixed order.
 */
import { OpCode, errorCodeName } from '@paddock/protocol';
import type { Input, Output } from '@paddock/core';

const opNames = new Map<number, string>(Object.entries(OpCode).map(([name, code]) => [code, name]));

/** The ZooKeeper name of an opcode (`create2` for 15). */
export function opName(op: number): string {
  return opNames.get(op) ?? `op${op}`;
}

/** A short hash of bytes, enough to tell payloads apart in a trace. */
export function bytesHash(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A deterministic rendering of plain data: bigints, byte arrays, arrays and records. */
export function canon(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
      return 'undefined';
    case 'object':
      break;
    default:
      throw new TypeError(`cannot render a ${typeof value}`);
  }
  if (value instanceof Uint8Array) return renderBytes(value);
  if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) parts.push(`${k}:${canon(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function renderBytes(bytes: Uint8Array): string {
  let printable = bytes.length <= 64;
  for (let i = 0; printable && i < bytes.length; i++) printable = bytes[i]! >= 0x20 && bytes[i]! < 0x7f && bytes[i] !== 0x22;
  if (printable) return `b"${String.fromCharCode(...bytes)}"`;
  return `bytes(${bytes.length}:${bytesHash(bytes)})`;
}

/** One trace line for an input. */
export function describeInput(input: Input): string {
  switch (input.type) {
    case 'clock':
      return `in clock ${input.wallMs}`;
    case 'tick':
      return 'in tick';
    case 'client-connected':
      return `in connect c${input.conn} ${input.remoteHost}:${input.remotePort}`;
    case 'client-handshake':
      return `in handshake c${input.conn} ${canon(input.request)}`;
    case 'client-request': {
      const r = input.request;
      if (!r.ok) return `in request c${input.conn} xid=${r.xid} undecodable ${r.type} ${errorCodeName(r.err)}`;
      const { op, ...fields } = r.request;
      return `in request c${input.conn} xid=${r.xid} ${opName(op)} ${canon(fields)}`;
    }
    case 'client-disconnected':
      return `in disconnect c${input.conn}`;
    case 'persisted':
      return `in persisted ${input.zxid}`;
    case 'reset-stats':
      return `in reset-stats ${input.scope}`;
    default:
      return `in ${canon(input)}`;
  }
}

/** One trace line for an output. */
export function describeOutput(output: Output): string {
  switch (output.type) {
    case 'handshake-reply':
      return `out handshake c${output.conn} ${canon(output.response)}`;
    case 'reply': {
      const h = output.header;
      const body = output.body ? ` ${canon(output.body)}` : '';
      return `out reply c${output.conn} xid=${h.xid} zxid=${h.zxid} ${errorCodeName(h.err)}${body}`;
    }
    case 'watch-event':
      return `out event c${output.conn} zxid=${output.zxid} type=${output.event.type} state=${output.event.state} ${output.event.path}`;
    case 'close':
      return `out close c${output.conn} ${JSON.stringify(output.reason)}`;
    case 'throttle':
      return `out throttle c${output.conn} ${output.paused ? 'pause' : 'resume'}`;
    case 'append':
      return `out append ${output.records.map((r) => `${r.zxid}:${bytesHash(r.payload)}`).join(' ')}`;
    case 'snapshot': {
      const size = output.chunks.reduce((n, c) => n + c.length, 0);
      return `out snapshot zxid=${output.zxid} bytes=${size} ${output.chunks.map(bytesHash).join(',')}`;
    }
    case 'trace':
      return `out trace ${JSON.stringify(output.message)}`;
    default:
      return `out ${canon(output)}`;
  }
}
