import { isWrite, writeZxid, type Op } from '../workload/history.js';
import { describe, hex, verdict, type CheckResult } from './result.js';

/**
 * ZooKeeper's linearizable writes, checked with the zxid as the witness order: every
 * acknowledged write has its own zxid; a write acknowledged before another was invoked has the
 * smaller zxid; within one incarnation of a key (its czxid), versions grow with the zxid and a
 * cas answers its expected version + 1; a create answers version 0.
 */
export function checkWriteOrder(ops: readonly Op[]): CheckResult {
  const problems: string[] = [];
  const acked = ops.filter((op) => writeZxid(op) !== undefined);
  const missing = ops.filter((op) => op.outcome === 'ok' && isWrite(op) && writeZxid(op) === undefined);
  for (const op of missing) problems.push(`${describe(op)} acknowledged without a zxid`);

  const byZxid = new Map<number, Op>();
  for (const op of acked) {
    const zxid = writeZxid(op)!;
    const other = byZxid.get(zxid);
    if (other !== undefined) problems.push(`${describe(other)} and ${describe(op)} both acknowledged at zxid ${hex(zxid)}`);
    else byZxid.set(zxid, op);
  }

  // Real time: sweep ops by invocation, keeping the largest zxid among writes completed before.
  const byComplete = [...acked].sort((a, b) => a.completeMs - b.completeMs);
  const byInvoke = [...acked].sort((a, b) => a.invokeMs - b.invokeMs);
  let next = 0;
  let latest: Op | undefined;
  for (const op of byInvoke) {
    while (next < byComplete.length && byComplete[next]!.completeMs < op.invokeMs) {
      const done = byComplete[next]!;
      if (latest === undefined || writeZxid(done)! > writeZxid(latest)!) latest = done;
      next += 1;
    }
    if (latest !== undefined && writeZxid(latest)! >= writeZxid(op)!) {
      problems.push(
        `${describe(latest)} (zxid ${hex(writeZxid(latest))}) was acknowledged before ${describe(op)} was invoked, ` +
          `yet the later write has zxid ${hex(writeZxid(op))}`,
      );
    }
  }

  // Versions within each incarnation of each key.
  const incarnations = new Map<string, Op[]>();
  for (const op of acked) {
    if (op.kind === 'delete' || op.node === undefined) continue;
    const key = `${op.path}@${op.node.czxid}`;
    incarnations.set(key, [...(incarnations.get(key) ?? []), op]);
    if (op.kind === 'create' && (op.node.version !== 0 || op.node.czxid !== op.node.mzxid)) {
      problems.push(`${describe(op)} created version ${op.node.version} (czxid ${hex(op.node.czxid)}, mzxid ${hex(op.node.mzxid)})`);
    }
    if (op.kind === 'cas' && op.node.version !== (op.expectedVersion ?? -1) + 1) {
      problems.push(`${describe(op)} expected version ${op.expectedVersion} but produced version ${op.node.version}`);
    }
  }
  for (const writes of incarnations.values()) {
    writes.sort((a, b) => a.node!.mzxid - b.node!.mzxid);
    for (let i = 1; i < writes.length; i += 1) {
      const before = writes[i - 1]!;
      const after = writes[i]!;
      if (after.node!.version <= before.node!.version) {
        problems.push(
          `${describe(before)} made version ${before.node!.version} at ${hex(before.node!.mzxid)}, ` +
            `then ${describe(after)} made version ${after.node!.version} at ${hex(after.node!.mzxid)}`,
        );
      }
    }
  }
  return verdict('write order (zxid witness)', acked.length, problems, 'no write was acknowledged');
}
