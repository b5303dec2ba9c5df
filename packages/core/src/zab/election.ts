/**
 * Fast Leader Election as ZooKeeper runs it (`FastLeaderElection.lookForLeader`), as a pure
 * state machine over notifications. A looking server proposes itself, adopts any better vote it
 * hears (see {@link isBetterVote}), and re-broadcasts its proposal whenever it changes. It
 * decides once a quorum of voters in its own round agrees with its proposal and a finalize wait
 * brings nothing better, or once a quorum of servers that already left the election agree on a
 * leader that claims to be leading (how a restarted server joins an established ensemble).
 *
 * Time: ZooKeeper waits `finalizeWait` (200 ms) and re-sends notifications on a backoff. Here
 * the finalize wait ends at the next election tick (the `election-tick` input the adapter feeds
 * every 200 ms, or else the next `tick`), or at once when every voter agrees (nothing better can
 * still come); a looking server re-sends its proposal at every election tick.
 */
import { invariant } from '../util/assert';
import type { PeerMessage } from './messages';
import type { QuorumVerifier } from './quorum';
import { isBetterVote, sameVote, type ServerState, type Vote } from './vote';

export type Notification = Extract<PeerMessage, { type: 'notification' }>;

export type ElectionEffect =
  | { readonly kind: 'send'; readonly to: number; readonly notification: Notification }
  /** The election is over: follow (or lead, or observe) `vote.leader` in round `electionEpoch`. */
  | { readonly kind: 'decided'; readonly vote: Vote; readonly electionEpoch: number };

interface Received {
  readonly vote: Vote;
  readonly electionEpoch: number;
  readonly state: ServerState;
}

/** What this server brings to an election: its last logged zxid and its currentEpoch. */
export interface ElectionCandidate {
  readonly lastZxid: number;
  readonly currentEpoch: number;
}

export class FastLeaderElection {
  /** ZooKeeper's logicalclock: the election round; survives across elections. */
  private logicalClock = 0;
  private looking = false;
  private proposal: Vote;
  /** Votes of this round from looking voters (recvset), including our own. */
  private readonly recvSet = new Map<number, Received>();
  /** Votes from servers already following, leading or observing (outofelection). */
  private readonly outOfElection = new Map<number, Received>();
  /** The quorum agreed with our proposal; decide at the next tick unless something better arrives. */
  private finalizing = false;
  /** What this server brought to the current round: its own vote when it resets to itself. */
  private candidate: ElectionCandidate = { lastZxid: -1, currentEpoch: -1 };

  constructor(
    private readonly selfId: number,
    private readonly quorum: QuorumVerifier,
    /** The simulator's planted bug election-ignores-zxid: the vote order drops the zxid. */
    private readonly ignoreZxid = false,
  ) {
    this.proposal = { leader: selfId, zxid: -1, peerEpoch: -1 };
  }

  get electionEpoch(): number {
    return this.logicalClock;
  }

  get isLooking(): boolean {
    return this.looking;
  }

  get currentProposal(): Vote {
    return this.proposal;
  }

  /** Starts a new round: propose ourselves (a voter) or nobody yet (an observer). */
  start(self: ElectionCandidate): ElectionEffect[] {
    this.looking = true;
    this.logicalClock++;
    this.recvSet.clear();
    this.outOfElection.clear();
    this.finalizing = false;
    this.candidate = self;
    this.proposal = this.initialVote(self);
    this.recordOwnVote();
    return this.broadcast();
  }

  /** Observers propose nobody: a vote that loses to every voter's (FastLeaderElection.getInitId). */
  private initialVote(self: ElectionCandidate): Vote {
    if (!this.quorum.isVoter(this.selfId)) return { leader: -1, zxid: -1, peerEpoch: -1 };
    return { leader: this.selfId, zxid: self.lastZxid, peerEpoch: self.currentEpoch };
  }

  /**
   * A notification from server `from` while we are looking. Notifications from non-members are
   * dropped; a voter's LOOKING vote competes; FOLLOWING/LEADING votes may end our election.
   */
  receive(from: number, n: Notification): ElectionEffect[] {
    invariant(this.looking, 'election.receive while not looking');
    if (!this.quorum.isMember(from)) return [];
    const effects: ElectionEffect[] = [];
    if (n.state === 'looking') {
      // An observer's vote is unusable; answer it so it learns who leads (WorkerReceiver).
      if (!this.quorum.isVoter(from)) return [this.sendTo(from)];
      // An observer has no vote to adopt or count: it waits for an established leader.
      if (!this.quorum.isVoter(this.selfId)) return [];
      if (n.electionEpoch > this.logicalClock) {
        this.logicalClock = n.electionEpoch;
        this.recvSet.clear();
        this.finalizing = false;
        const own = this.initialVote(this.candidate);
        this.proposal = this.isBetter(n.vote, own) ? n.vote : own;
        this.recordOwnVote();
        effects.push(...this.broadcast());
      } else if (n.electionEpoch < this.logicalClock) {
        // A straggler from an older round: tell it about ours so it catches up.
        return [this.sendTo(from)];
      } else if (this.isBetter(n.vote, this.proposal)) {
        this.proposal = n.vote;
        this.finalizing = false;
        this.recordOwnVote();
        effects.push(...this.broadcast());
      }
      this.recvSet.set(from, { vote: n.vote, electionEpoch: n.electionEpoch, state: n.state });
      if (this.quorumAgrees(this.recvSet, this.proposal, this.logicalClock)) {
        if (this.allVotersAgree()) return [...effects, this.decide(this.proposal)];
        this.finalizing = true;
      }
      return effects;
    }
    if (n.state === 'observing') return effects;
    // The sender already left the election (following or leading).
    const received = { vote: n.vote, electionEpoch: n.electionEpoch, state: n.state };
    if (n.electionEpoch === this.logicalClock && this.quorum.isVoter(from)) {
      this.recvSet.set(from, received);
      if (this.quorumAgrees(this.recvSet, n.vote, n.electionEpoch) && this.leaderConfirmed(this.recvSet, n.vote.leader, n.electionEpoch)) {
        return [this.decide(n.vote)];
      }
    }
    // A server restarted into an established ensemble: trust a quorum of servers that agree on
    // a leader which itself says it is leading (FastLeaderElection's outofelection set).
    this.outOfElection.set(from, received);
    if (this.quorumNamesLeader(this.outOfElection, n.vote.leader) && this.leaderConfirmed(this.outOfElection, n.vote.leader, n.electionEpoch)) {
      this.logicalClock = n.electionEpoch;
      return [this.decide(n.vote)];
    }
    return effects;
  }

  /** One election tick: end a finalize wait, or re-send our proposal so lost or late peers hear it. */
  tick(): ElectionEffect[] {
    if (!this.looking) return [];
    if (this.finalizing) return [this.decide(this.proposal)];
    return this.broadcast();
  }

  /** A peer connected while we are looking: it should hear our proposal (QuorumCnxManager resends the last message). */
  peerConnected(peer: number): ElectionEffect[] {
    return this.looking && this.quorum.isMember(peer) ? [this.sendTo(peer)] : [];
  }

  private isBetter(candidate: Vote, current: Vote): boolean {
    return isBetterVote(candidate, current, (id) => this.quorum.isVoter(id), this.ignoreZxid);
  }

  private decide(vote: Vote): ElectionEffect {
    this.looking = false;
    this.finalizing = false;
    this.proposal = vote;
    return { kind: 'decided', vote, electionEpoch: this.logicalClock };
  }

  private recordOwnVote(): void {
    if (!this.quorum.isVoter(this.selfId)) return;
    this.recvSet.set(this.selfId, { vote: this.proposal, electionEpoch: this.logicalClock, state: 'looking' });
  }

  private quorumAgrees(votes: ReadonlyMap<number, Received>, vote: Vote, electionEpoch: number): boolean {
    if (vote.leader < 0) return false;
    const agreeing: number[] = [];
    for (const [id, r] of votes) if (r.electionEpoch === electionEpoch && sameVote(r.vote, vote)) agreeing.push(id);
    return this.quorum.hasQuorum(agreeing);
  }

  /**
   * Outside an election only the named leader counts (ZooKeeper's Vote.equals outside LOOKING):
   * servers that joined the leader at different times recorded different zxids and rounds, and
   * requiring those to match could keep a restarted server looking forever. Joining is safe
   * regardless: discovery's epoch handshake, not the election, protects the log.
   */
  private quorumNamesLeader(votes: ReadonlyMap<number, Received>, leader: number): boolean {
    if (leader < 0) return false;
    const naming: number[] = [];
    for (const [id, r] of votes) if (r.vote.leader === leader) naming.push(id);
    return this.quorum.hasQuorum(naming);
  }

  private allVotersAgree(): boolean {
    return this.quorum.voters.every((id) => {
      const r = this.recvSet.get(id);
      return r !== undefined && r.electionEpoch === this.logicalClock && sameVote(r.vote, this.proposal);
    });
  }

  /**
   * ZooKeeper's checkLeader: following someone else needs that server's own word that it is
   * leading; electing ourselves needs the agreement to be from our own round.
   */
  private leaderConfirmed(votes: ReadonlyMap<number, Received>, leader: number, electionEpoch: number): boolean {
    if (leader !== this.selfId) return votes.get(leader)?.state === 'leading';
    return this.logicalClock === electionEpoch;
  }

  private broadcast(): ElectionEffect[] {
    return this.quorum.othersThan(this.selfId).map((to) => this.sendTo(to));
  }

  private sendTo(to: number): ElectionEffect {
    return {
      kind: 'send', to,
      notification: { type: 'notification', vote: this.proposal, electionEpoch: this.logicalClock, state: 'looking' },
    };
  }
}

/**
 * A server that is not looking answers a looking peer with the vote it followed and its own
 * state, so the peer can join the established leader (FastLeaderElection.WorkerReceiver).
 */
export function answerLookingPeer(n: Notification, settled: { vote: Vote; electionEpoch: number; state: ServerState }): Notification | null {
  if (n.state !== 'looking') return null;
  return { type: 'notification', vote: settled.vote, electionEpoch: settled.electionEpoch, state: settled.state };
}
