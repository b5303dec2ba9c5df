/**
 * multi (14) and multiRead (22): a list of `MultiHeader` + record pairs ended by
 * `MultiHeader{-1, true, -1}`, in both directions.
 */
import { OpCode } from './constants';
import { JuteDecodeError } from './jute-decode-error';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';
import type { MultiOp, MultiReadOp, MultiResult } from './records';
import { MULTI_END, readMultiHeader, writeMultiHeader } from './header-codec';
import { readStat, readStringVector, writeStat, writeStringVector } from './record-codec';
import { isSingleRequestOp, readSingleRequestBody, writeSingleRequestBody, type SingleRequest } from './request-body-codec';

const MULTI_OPS: ReadonlySet<number> = new Set<MultiOp['op']>([
  OpCode.create, OpCode.create2, OpCode.createTTL, OpCode.createContainer,
  OpCode.delete, OpCode.setData, OpCode.check,
]);
const MULTI_READ_OPS: ReadonlySet<number> = new Set<MultiReadOp['op']>([OpCode.getData, OpCode.getChildren]);

/** Writes the op list of a multi or multiRead request, each op as `MultiHeader{op, false, -1}` + body. */
export function writeMultiOps(w: JuteWriter, ops: readonly (MultiOp | MultiReadOp)[]): void {
  for (const op of ops) {
    writeMultiHeader(w, { type: op.op, done: false, err: -1 });
    writeSingleRequestBody(w, op);
  }
  writeMultiHeader(w, MULTI_END);
}

function readOps(r: JuteReader, allowed: ReadonlySet<number>, what: string): SingleRequest[] {
  const ops: SingleRequest[] = [];
  // Each header takes 9 bytes, so the loop ends on any finite input.
  for (let h = readMultiHeader(r); !h.done; h = readMultiHeader(r)) {
    if (!allowed.has(h.type) || !isSingleRequestOp(h.type)) {
      throw new JuteDecodeError(`op ${h.type} is not allowed in ${what}`);
    }
    ops.push(readSingleRequestBody(r, h.type));
  }
  return ops;
}

/** Reads a multi request's ops; any op other than a create, delete, setData or check is rejected. */
export function readMultiOps(r: JuteReader): MultiOp[] {
  // Only MULTI_OPS get through, and a body read for op k carries op k: these are MultiOps.
  return readOps(r, MULTI_OPS, 'multi') as MultiOp[];
}

/** Reads a multiRead request's ops; only getData and getChildren are allowed. */
export function readMultiReadOps(r: JuteReader): MultiReadOp[] {
  return readOps(r, MULTI_READ_OPS, 'multiRead') as MultiReadOp[];
}

/**
 * Writes the results of a multi or multiRead reply. A success is `MultiHeader{op, false, 0}` +
 * the op's response record; an error is `MultiHeader{-1, false, err}` + `ErrorResponse{err}`.
 */
export function writeMultiResults(w: JuteWriter, results: readonly MultiResult[]): void {
  for (const res of results) {
    if (res.op === OpCode.error) {
      writeMultiHeader(w, { type: OpCode.error, done: false, err: res.err });
      w.int(res.err);
      continue;
    }
    writeMultiHeader(w, { type: res.op, done: false, err: 0 });
    switch (res.op) {
      case OpCode.create:
        w.ustring(res.path);
        break;
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
        w.ustring(res.path);
        writeStat(w, res.stat);
        break;
      case OpCode.delete:
      case OpCode.check:
        break;
      case OpCode.setData:
        writeStat(w, res.stat);
        break;
      case OpCode.getData:
        w.buffer(res.data);
        writeStat(w, res.stat);
        break;
      case OpCode.getChildren:
        writeStringVector(w, res.children);
        break;
    }
  }
  writeMultiHeader(w, MULTI_END);
}

function readMultiResult(r: JuteReader, type: number): MultiResult {
  switch (type) {
    case OpCode.error:
      // The Java client takes the code from the ErrorResponse body, not the header.
      return { op: OpCode.error, err: r.int() };
    case OpCode.create:
      return { op: OpCode.create, path: r.requiredUstring('path') };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL: {
      const path = r.requiredUstring('path');
      return { op: type, path, stat: readStat(r) };
    }
    case OpCode.delete:
    case OpCode.check:
      return { op: type };
    case OpCode.setData:
      return { op: OpCode.setData, stat: readStat(r) };
    case OpCode.getData: {
      const data = r.buffer();
      return { op: OpCode.getData, data, stat: readStat(r) };
    }
    case OpCode.getChildren:
      return { op: OpCode.getChildren, children: readStringVector(r, 'children') };
    default:
      throw new JuteDecodeError(`unknown multi result type ${type}`);
  }
}

/** Reads the results of a multi or multiRead reply, up to the end header. */
export function readMultiResults(r: JuteReader): MultiResult[] {
  const results: MultiResult[] = [];
  for (let h = readMultiHeader(r); !h.done; h = readMultiHeader(r)) results.push(readMultiResult(r, h.type));
  return results;
}
