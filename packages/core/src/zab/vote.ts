/**
 * Fast Leader Election votes and their total order (ZooKeeper's
 * `FastLeaderElection.totalOrderPredicate`): a higher epoch wins, then a higher last zxid, then
 * a higher server id. Comparing the epoch first matters: a server that acknowledged a newer
 * leader (a higher currentEpoch) holds that leader's history even if an older-epoch log ran
 * longer (Zab paper §IV-B, "the prospective leader must have the most recent history").
 */

/** The four states a quorum peer can be in (ZooKeeper's `ServerState`). */
export type ServerState = 'looking' | 'following' | 'leading' | 'observing';

export interface Vote {
  /** The server id voted for. */
  readonly leader: number;
  /** The last logged zxid of the server voted for. */
  readonly zxid: number;
  /** The currentEpoch of the server voted for (ZooKeeper's peerEpoch). */
  readonly peerEpoch: number;
}

/**
 * True when `candidate` should replace `current` as this server's proposal. A server that
 * cannot vote (an observer) never wins, whatever its log.
 */
export function isBetterVote(candidate: Vote, current: Vote, isVoter: (id: number) => boolean, ignoreZxid = false): boolean {
  if (!isVoter(candidate.leader)) return false;
  if (candidate.peerEpoch !== current.peerEpoch) return candidate.peerEpoch > current.peerEpoch;
  // `ignoreZxid` is the planted bug election-ignores-zxid, set only by the simulator.
  if (candidate.zxid !== current.zxid && !ignoreZxid) return candidate.zxid > current.zxid;
  return candidate.leader > current.leader;
}

export function sameVote(a: Vote, b: Vote): boolean {
  return a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;
}

export function describeVote(v: Vote): string {
  return `(leader ${v.leader}, zxid 0x${v.zxid.toString(16)}, epoch ${v.peerEpoch})`;
}
