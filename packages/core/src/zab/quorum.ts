/**
 * Who votes and what a quorum is: ZooKeeper's QuorumMaj. Observers are members that receive
 * the committed stream but never vote, never count toward a quorum and never win an election.
 */
import { invariant } from '../util/assert';

/** One server of the ensemble, as a `server.N=host:port:port[:observer]` line names it. */
export interface EnsembleMember {
  readonly id: number;
  readonly observer: boolean;
}

export class QuorumVerifier {
  readonly voters: readonly number[];
  readonly observers: readonly number[];
  private readonly voterSet: ReadonlySet<number>;

  constructor(members: readonly EnsembleMember[]) {
    const ids = new Set(members.map((m) => m.id));
    invariant(ids.size === members.length, 'ensemble lists a server id twice');
    this.voters = members.filter((m) => !m.observer).map((m) => m.id).sort((a, b) => a - b);
    this.observers = members.filter((m) => m.observer).map((m) => m.id).sort((a, b) => a - b);
    this.voterSet = new Set(this.voters);
    invariant(this.voters.length > 0, 'an ensemble needs at least one voting member');
  }

  /** Every member other than `self`, voters first: where broadcasts go. */
  othersThan(self: number): number[] {
    return [...this.voters, ...this.observers].filter((id) => id !== self);
  }

  isVoter(id: number): boolean {
    return this.voterSet.has(id);
  }

  isMember(id: number): boolean {
    return this.voterSet.has(id) || this.observers.includes(id);
  }

  /** A strict majority of the voters is among `ids`, which are distinct (non-voters are ignored). */
  hasQuorum(ids: Iterable<number>): boolean {
    let n = 0;
    for (const id of ids) if (this.voterSet.has(id)) n++;
    return 2 * n > this.voters.length;
  }
}
