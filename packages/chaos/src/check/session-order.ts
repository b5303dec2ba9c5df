import type { Op } from '../workload/history.js';
import { describe, hex, verdict, type CheckResult } from './result.js';

/**
 * ZooKeeper's per-session order: the zxids in one session's replies never go back (a session
 * only reconnects to a server at least as recent as what it saw), and neither does the state of
 * any one key the session observes (its mzxid) — no stale read after a newer one.
 */
export function checkSessionOrder(ops: readonly Op[]): CheckResult {
  const problems: string[] = [];
  const bySession = new Map<string, Op[]>();
  for (const op of ops) {
    if (op.replyZxid === undefined || op.outcome === 'unknown') continue;
    const key = `${op.client}/${op.session}`;
    bySession.set(key, [...(bySession.get(key) ?? []), op]);
  }
  let checked = 0;
  for (const sessionOps of bySession.values()) {
    sessionOps.sort((a, b) => a.completeMs - b.completeMs || a.invokeMs - b.invokeMs);
    let previous: Op | undefined;
    const seen = new Map<string, Op>();
    for (const op of sessionOps) {
      checked += 1;
      if (previous !== undefined && op.replyZxid! < previous.replyZxid!) {
        problems.push(
          `session ${op.session}: ${describe(op)} replied at zxid ${hex(op.replyZxid)} after ${describe(previous)} at ${hex(previous.replyZxid)}`,
        );
      }
      previous = op;
      if (op.node === undefined) continue;
      const before = seen.get(op.path);
      if (before !== undefined && op.node.mzxid < before.node!.mzxid) {
        problems.push(
          `session ${op.session}: ${describe(op)} saw ${op.path} at mzxid ${hex(op.node.mzxid)} after ${describe(before)} saw ${hex(before.node!.mzxid)}`,
        );
      }
      seen.set(op.path, op);
    }
  }
  return verdict('per-session order', checked, problems, 'no reply with a zxid');
}
