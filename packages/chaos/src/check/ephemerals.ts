import type { NodeState } from '../workload/history.js';
import { verdict, type CheckResult } from './result.js';

/**
 * Ephemerals of dead sessions are gone: once every workload session is closed or expired, no
 * member holds an ephemeral node under the run's ephemeral root. `remaining` lists, per member,
 * the nodes it still has there (undefined: the member could not be read).
 */
export function checkEphemerals(remaining: ReadonlyMap<number, ReadonlyMap<string, NodeState> | undefined>, sessions: number): CheckResult {
  const name = 'ephemerals of dead sessions gone';
  const problems: string[] = [];
  const unread = [...remaining].filter(([, nodes]) => nodes === undefined).map(([id]) => id);
  for (const [member, nodes] of remaining) {
    for (const [path, node] of nodes ?? []) {
      problems.push(`member ${member} still holds ${path} of session ${node.ephemeralOwner} after every session ended`);
    }
  }
  if (problems.length === 0 && unread.length > 0) {
    return { name, status: 'inconclusive', checked: sessions, problems: [`members ${unread.join(', ')} could not be read`] };
  }
  return verdict(name, sessions, problems, 'no workload session created an ephemeral');
}
