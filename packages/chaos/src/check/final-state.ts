import { writeZxid, type NodeState, type Op } from '../workload/history.js';
import { describe, hex, verdict, type CheckResult } from './result.js';

/**
 * No lost acknowledged write: the state every key has after the faults are healed (read from
 * the converged members) is at least as recent as every acknowledged write to it. Present, its
 * mzxid is not older than any acknowledged create/set, its incarnation not older than any
 * acknowledged delete, and its value is the one written at its mzxid; absent, the last
 * acknowledged write to it was a delete, or a delete of unknown outcome may have come after.
 *
 * `finalState` holds the keys present at the end (any other key is absent); `undefined` means the
 * final state could not be read (inconclusive).
 */
export function checkFinalState(ops: readonly Op[], finalState: ReadonlyMap<string, NodeState> | undefined): CheckResult {
  const name = 'no lost acknowledged write';
  if (finalState === undefined) {
    return { name, status: 'inconclusive', checked: 0, problems: ['the final state could not be read from the members'] };
  }
  const problems: string[] = [];
  const byPath = new Map<string, Op[]>();
  for (const op of ops) {
    if (op.kind === 'read' || op.kind === 'ephemeral') continue;
    byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  }
  let checked = 0;
  for (const [path, pathOps] of byPath) {
    const acked = pathOps.filter((op) => writeZxid(op) !== undefined);
    if (acked.length === 0) continue;
    checked += acked.length;
    const node = finalState.get(path);
    if (node !== undefined) {
      for (const op of acked) {
        const zxid = writeZxid(op)!;
        if (op.kind === 'delete' ? zxid > node.czxid : zxid > node.mzxid) {
          problems.push(`lost write: ${describe(op)} acknowledged at zxid ${hex(zxid)}, but ${path} ends at mzxid ${hex(node.mzxid)} (czxid ${hex(node.czxid)})`);
        }
        if (op.kind !== 'delete' && zxid === node.mzxid && op.value !== node.value) {
          problems.push(`${path} ends with ${JSON.stringify(node.value)} at mzxid ${hex(zxid)}, where ${describe(op)} was acknowledged`);
        }
      }
      if (!pathOps.some((op) => op.value === node.value)) {
        problems.push(`${path} ends with ${JSON.stringify(node.value)}, which no client wrote`);
      }
      continue;
    }
    const last = acked.reduce((a, b) => (writeZxid(b)! > writeZxid(a)! ? b : a));
    const maybeDeleted = pathOps.some((op) => op.kind === 'delete' && op.outcome === 'unknown');
    if (last.kind !== 'delete' && !maybeDeleted) {
      problems.push(`lost write: ${describe(last)} acknowledged at zxid ${hex(writeZxid(last))}, but ${path} is absent at the end and no later delete could have removed it`);
    }
  }
  return verdict(name, checked, problems, 'no write was acknowledged');
}
