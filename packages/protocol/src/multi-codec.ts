/**
 * The ops of a multi (14) or multiRead (22) request: a list of `MultiHeader` + record pairs ended
 * by `MultiHeader{-1, true, -1}`. The results travel the same way (response-body-codec.ts).
 */
import { OpCode } from './constants';
import { JuteDecodeError } from './jute-decode-error';
import type { JuteReader } from './jute-reader';
import type { JuteWriter } from './jute-writer';
import type { MultiOp, MultiReadOp } from './records';
import { MULTI_END, readMultiHeader, writeMultiHeader } from './header-codec';
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
