/** `multiRead`: several reads in one round trip; each succeeds or fails on its own. */
import { ErrorCode, OpCode, type MultiReadOp, type MultiResult, type Stat } from '@paddock/protocol';
import { KeeperError } from './keeper-error';
import { validatePath } from './paths';
import type { ReplyOutcome } from './session-driver';

export type ReadOp = { readonly type: 'getData'; readonly path: string } | { readonly type: 'getChildren'; readonly path: string };

/** The outcome of one read: its value, or the KeeperError it failed with. */
export type ReadOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KeeperError };

export interface DataValue {
  readonly data: Uint8Array | null;
  readonly stat: Stat;
}

export type ReadOpOutcome<T extends ReadOp> = T extends { readonly type: 'getData' }
  ? ReadOutcome<DataValue>
  : ReadOutcome<readonly string[]>;

/** Per-op outcomes, typed after the ops' tuple. */
export type ReadResults<T extends readonly ReadOp[]> = { -readonly [K in keyof T]: ReadOpOutcome<T[K]> };

export function multiReadOps(ops: readonly ReadOp[]): MultiReadOp[] {
  return ops.map((op) => {
    validatePath(op.path);
    return { op: op.type === 'getData' ? OpCode.getData : OpCode.getChildren, path: op.path, watch: false };
  });
}

function outcomeOf(op: ReadOp, result: MultiResult | undefined): ReadOutcome<DataValue | readonly string[]> {
  if (result === undefined) return { ok: false, error: new KeeperError(ErrorCode.MarshallingError, { path: op.path, reason: 'missing result' }) };
  switch (result.op) {
    case OpCode.error:
      return { ok: false, error: new KeeperError(result.err, { path: op.path }) };
    case OpCode.getData:
      return { ok: true, value: { data: result.data, stat: result.stat } };
    case OpCode.getChildren:
      return { ok: true, value: result.children };
    default:
      return { ok: false, error: new KeeperError(ErrorCode.MarshallingError, { path: op.path, reason: `unexpected result op ${result.op}` }) };
  }
}

export function multiReadResults<T extends readonly ReadOp[]>(ops: T, outcome: ReplyOutcome): ReadResults<T> {
  const body = outcome.body;
  if (body === null || body.op !== OpCode.multiRead) {
    throw new KeeperError(outcome.err === 0 ? ErrorCode.MarshallingError : outcome.err, { reason: outcome.reason ?? 'multiRead failed' });
  }
  return ops.map((op, i) => outcomeOf(op, body.results[i])) as unknown as ReadResults<T>;
}
