/**
 * Counts of the interesting paths an ensemble run reached (DESIGN.md §4): a campaign that never
 * truncates a follower or sends a snapshot proves nothing about those paths. Most come from the
 * core's `trace` outputs, which name each election and each sync plan.
 */

export const ENSEMBLE_COUNTER_NAMES = [
  'elections', 'contestedElections', 'leadersEstablished', 'diff', 'trunc', 'truncDiff', 'snap', 'snapMultiChunk', 'sessionsCreated', 'expiries', 'clientCloses',
  'crashes', 'crashesWithUnsyncedWrites', 'restarts', 'pauses', 'isolations', 'splits', 'oneWayHolds', 'linkResets', 'heals',
  'ackedWrites', 'watchEvents', 'readTimeouts', 'watchReplays', 'connectionsAbandoned', 'clientPauses', 'connectionsRefused',
  'readsJudged', 'linearizableKeys', 'linearizabilityInconclusive', 'tornTails', 'swizzleClogs', 'snapshotSlices',
] as const;

export type EnsembleCounterName = (typeof ENSEMBLE_COUNTER_NAMES)[number];
export type EnsembleCounts = Record<EnsembleCounterName, number>;

export function freshEnsembleCounts(): EnsembleCounts {
  return Object.fromEntries(ENSEMBLE_COUNTER_NAMES.map((n) => [n, 0])) as EnsembleCounts;
}

export function addEnsembleCounts(a: EnsembleCounts, b: EnsembleCounts): void {
  for (const n of ENSEMBLE_COUNTER_NAMES) a[n] += b[n];
}

const ELECTED = /^server (\d+): elected \(leader (\d+), .*\) in round (\d+)$/;
const PROPOSES = /^server (\d+): leader proposes epoch (\d+)$/;
const SYNCS = /^server \d+: leader syncs \d+ by (diff|trunc|trunc\+diff|snap) from/;
const ESTABLISHED = /^server \d+: leader established epoch/;
const SNAP_STREAMED = /^server \d+: leader streamed a SNAP at \S+ to \d+ in (\d+) chunks$/;

/**
 * Reads the core's trace lines into counts. An election is contested when members finishing the
 * same round elected different leaders, or when two members proposed the same new epoch (both
 * believed they had won).
 */
export class TraceCounter {
  private readonly leadersByRound = new Map<number, Set<number>>();
  private readonly proposersByEpoch = new Map<number, Set<number>>();

  constructor(private readonly counts: EnsembleCounts) {}

  line(message: string): void {
    let m = ELECTED.exec(message);
    if (m) {
      this.counts.elections++;
      return this.contest(this.leadersByRound, Number(m[3]), Number(m[2]));
    }
    m = PROPOSES.exec(message);
    if (m) return this.contest(this.proposersByEpoch, Number(m[2]), Number(m[1]));
    m = SYNCS.exec(message);
    if (m) {
      const kind = m[1]!;
      if (kind === 'diff') this.counts.diff++;
      else if (kind === 'trunc') this.counts.trunc++;
      else if (kind === 'trunc+diff') this.counts.truncDiff++;
      else this.counts.snap++;
      return;
    }
    if (ESTABLISHED.test(message)) this.counts.leadersEstablished++;
    m = SNAP_STREAMED.exec(message);
    if (m && Number(m[1]) > 1) this.counts.snapMultiChunk++;
  }

  /** Counts a contest the first time a second distinct value shows up for `key`. */
  private contest(map: Map<number, Set<number>>, key: number, value: number): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
    if (set.size === 2) this.counts.contestedElections++;
  }
}
