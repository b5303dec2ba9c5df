/**
 * How a leader brings a learner's log in line with its own (ZooKeeper's
 * `LearnerHandler.syncFollower`), decided from the leader's retained history and the learner's
 * last logged zxid alone:
 * - DIFF: the learner's last zxid is in the leader's history; send what follows it.
 * - TRUNC: the learner is ahead (txns no quorum ever had); cut it back to the leader's last zxid.
 * - TRUNC+DIFF: the learner's last zxid is not in the leader's history but falls inside it: its
 *   tail diverged. Cut back to the leader's previous zxid, then DIFF. Skipping this TRUNC is
 *   ZOOKEEPER-1154 (a phantom txn survives on the learner).
 * - SNAP: the learner is older than anything the leader retains.
 */
import type { History } from './history';

export type SyncPlan =
  | { readonly kind: 'diff'; readonly from: number }
  | { readonly kind: 'trunc'; readonly to: number }
  | { readonly kind: 'trunc+diff'; readonly to: number }
  | { readonly kind: 'snap' };

export function planSync(history: History, peerLastZxid: number): SyncPlan {
  const leaderLast = history.lastZxid;
  if (peerLastZxid === leaderLast) return { kind: 'diff', from: peerLastZxid };
  if (peerLastZxid > leaderLast) return { kind: 'trunc', to: leaderLast };
  if (peerLastZxid < history.baseZxid) return { kind: 'snap' };
  if (history.has(peerLastZxid)) return { kind: 'diff', from: peerLastZxid };
  return { kind: 'trunc+diff', to: history.lastBefore(peerLastZxid) };
}
