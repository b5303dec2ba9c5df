import type { Op } from '../workload/history.js';
import { describe, hex, verdict, type CheckResult } from './result.js';

/**
 * Every observed node state names one value: a read returns a value some client wrote to that
 * key (whatever its outcome), and all replies describing the same key, incarnation and version
 * (or the same mzxid) agree on the value.
 */
export function checkReadValues(ops: readonly Op[]): CheckResult {
  const problems: string[] = [];
  const written = new Map<string, Set<string>>();
  for (const op of ops) {
    if (op.value === undefined || op.kind === 'read') continue;
    const set = written.get(op.path) ?? new Set<string>();
    set.add(op.value);
    written.set(op.path, set);
  }
  const byVersion = new Map<string, Op>();
  const byMzxid = new Map<string, Op>();
  let checked = 0;
  for (const op of ops) {
    if (op.outcome !== 'ok' || op.node === undefined || op.node.value === undefined) continue;
    checked += 1;
    const value = op.node.value;
    if (op.kind === 'read' && !(written.get(op.path)?.has(value) ?? false)) {
      problems.push(`${describe(op)} read ${JSON.stringify(value)}, which no client wrote to ${op.path}`);
    }
    const versionKey = `${op.path}@${op.node.czxid}#${op.node.version}`;
    const mzxidKey = `${op.path}@${op.node.mzxid}`;
    for (const [index, key, what] of [
      [byVersion, versionKey, `version ${op.node.version} of incarnation ${hex(op.node.czxid)}`],
      [byMzxid, mzxidKey, `mzxid ${hex(op.node.mzxid)}`],
    ] as const) {
      const other = index.get(key);
      if (other === undefined) index.set(key, op);
      else if (other.node!.value !== value) {
        problems.push(`${describe(other)} and ${describe(op)} disagree on the value of ${op.path} at ${what}: ${JSON.stringify(other.node!.value)} vs ${JSON.stringify(value)}`);
      }
    }
  }
  return verdict('read values', checked, problems, 'no successful read or write reply');
}
