/** The reply a write request gets once its txn is applied. */
import { ErrorCode, OpCode, type MultiOp, type MultiResult, type Response } from '@paddock/protocol';
import type { OpOutcome } from './tree/data-tree';

/**
 * The body (null for an error) and header err for a write whose txn produced `outcomes`.
 * `rejected` marks a request refused as a whole (an `error` txn, e.g. SessionMoved): even a
 * multi then gets the code in its header and no body, as ZooKeeper's FinalRequestProcessor does.
 */
export function writeReply(
  opcode: number, ops: readonly MultiOp[] | null, outcomes: readonly OpOutcome[], rejected: boolean,
): { err: number; body: Response | null } {
  if (rejected) return { err: outcomes[0]!.err, body: null };
  if (opcode === OpCode.multi) {
    const failed = outcomes.some((o) => o.err !== ErrorCode.OK) || (ops !== null && outcomes.length !== ops.length);
    // A failed multi answers OK in the header and lists each op's code (ZooKeeper 3.8 does so).
    const results: MultiResult[] = failed
      ? outcomes.map((o) => ({ op: OpCode.error, err: o.err }))
      : outcomes.map((o, i) => multiResult(ops![i]!.op, o));
    return { err: ErrorCode.OK, body: { op: OpCode.multi, results } };
  }
  const outcome = outcomes[0]!;
  if (outcome.err !== ErrorCode.OK) return { err: outcome.err, body: null };
  switch (opcode) {
    case OpCode.create:
      return { err: 0, body: { op: OpCode.create, path: outcome.path! } };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { err: 0, body: { op: opcode, path: outcome.path!, stat: outcome.stat! } };
    case OpCode.setData:
    case OpCode.setACL:
      return { err: 0, body: { op: opcode, stat: outcome.stat! } };
    case OpCode.delete:
    case OpCode.check:
    case OpCode.closeSession:
      return { err: 0, body: { op: opcode } };
    default:
      throw new Error(`opcode ${opcode} has no write reply`);
  }
}

/**
 * One op's result inside a successful multi. ZooKeeper 3.8 answers create2 there with a plain
 * create result, and createContainer/createTTL with a create2 result (seen on the wire).
 */
function multiResult(op: MultiOp['op'], o: OpOutcome): MultiResult {
  switch (op) {
    case OpCode.create:
    case OpCode.create2:
      return { op: OpCode.create, path: o.path! };
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { op: OpCode.create2, path: o.path!, stat: o.stat! };
    case OpCode.setData:
      return { op, stat: o.stat! };
    case OpCode.delete:
    case OpCode.check:
      return { op };
  }
}
