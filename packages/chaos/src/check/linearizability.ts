import { checkLinearizability, znodeModel, type HistoryOp, type ZnodeInput, type ZnodeOutput } from '@paddock/sim';
import { isWrite, type Op } from '../workload/history.js';
import type { CheckResult } from './result.js';

/**
 * Linearizable writes, checked by search (Wing-Gong-Lowe, packages/sim) with no help from the
 * zxids: every key's writes — acknowledged, refused (ZooKeeper orders a refused conditional
 * write like any other) and of unknown outcome — must fit one real-time order of a register
 * with a version. Reads are left out: ZooKeeper serves them from any member, so they are only
 * sequentially consistent per session (see checkSessionOrder).
 */
export function checkLinearizableWrites(ops: readonly Op[], maxStates = 200_000): CheckResult {
  const name = 'linearizable writes (WGL search)';
  const history = ops.filter(isWrite).map(toRegisterOp);
  if (history.length === 0) return { name, status: 'inconclusive', checked: 0, problems: ['no write in the history'] };
  const result = checkLinearizability(history, znodeModel, { maxStates });
  if (result === 'ok') return { name, status: 'ok', checked: history.length, problems: [] };
  if (result.kind === 'violation') return { name, status: 'anomaly', checked: history.length, problems: [`${result.key}: ${result.witness}`] };
  return { name, status: 'inconclusive', checked: history.length, problems: [`${result.key}: ${result.reason}`] };
}

/** One write as an operation on the sim's znode register model. */
export function toRegisterOp(op: Op): HistoryOp<ZnodeInput, ZnodeOutput> {
  const label = `${op.worker}#${op.id}`;
  const unknown = { key: op.path, invokeMs: op.invokeMs, completeMs: null, output: null, label };
  const input = registerInput(op);
  const output = registerOutput(op);
  if (output === undefined) return { ...unknown, input };
  return { key: op.path, input, invokeMs: op.invokeMs, completeMs: op.completeMs, output, label };
}

function registerInput(op: Op): ZnodeInput {
  switch (op.kind) {
    case 'create':
      return { op: 'create', value: op.value ?? '' };
    case 'set':
      return { op: 'set', value: op.value ?? '', expectedVersion: -1 };
    case 'cas':
      return { op: 'set', value: op.value ?? '', expectedVersion: op.expectedVersion ?? -1 };
    case 'delete':
      return { op: 'delete', expectedVersion: op.expectedVersion ?? -1 };
    case 'read':
    case 'ephemeral':
      throw new Error(`${op.kind} is not a register write`);
  }
}

/** The register's result, or undefined when the outcome says nothing the model knows. */
function registerOutput(op: Op): ZnodeOutput | undefined {
  if (op.outcome === 'unknown') return undefined;
  if (op.outcome === 'ok') {
    return op.kind === 'set' || op.kind === 'cas' ? { result: 'ok', version: op.node?.version ?? -1 } : { result: 'ok' };
  }
  switch (op.error) {
    case 'NodeExists':
      return { result: 'nodeExists' };
    case 'NoNode':
      return { result: 'noNode' };
    case 'BadVersion':
      return { result: 'badVersion' };
    default:
      // NotEmpty cannot happen to a childless key; were it to, it says nothing about the register.
      return undefined;
  }
}
