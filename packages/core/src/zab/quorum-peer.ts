/**
 * A server's place in its ensemble (ZooKeeper's QuorumPeer): looking, following, leading or
 * observing, and the moves between them. It runs Fast Leader Election, starts a Leader or a
 * Learner for the vote it decided, and routes every peer input to whichever runs. Giving up a
 * role always goes through {@link QuorumPeer.lookForLeader}, so nothing of the old role acts
 * after it (ZOOKEEPER-4712).
 */
import { answerLookingPeer, FastLeaderElection, type ElectionEffect } from './election';
import { Learner } from './follower';
import { Leader } from './leader';
import type { PeerMessage } from './messages';
import { describeVote, type ServerState, type Vote } from './vote';
import type { ZabHost } from './zab-host';

export class QuorumPeer {
  private stateValue: ServerState = 'looking';
  /** The vote this server followed when it left the election, for answering looking peers. */
  private settled: { vote: Vote; electionEpoch: number } | null = null;
  private leaderRole: Leader | null = null;
  private learnerRole: Learner | null = null;
  /** Follow attempts so far: each Learner gets the next number (see `Learner.attempt`). */
  private followAttempts = 0;
  /**
   * FOLLOWERINFOs that arrived while we were still electing, by sender. A learner that decides
   * the election before its leader does sends FOLLOWERINFO to a server that does not lead yet;
   * dropping it left the leader short of a quorum until initLimit, round after round when the
   * members' ticks kept that order (seen with real processes). They wait here, as a ZooKeeper
   * learner's connection waits for its leader to accept it, and go to the Leader we become.
   */
  private readonly earlyFollowerInfos = new Map<number, Extract<PeerMessage, { type: 'followerinfo' }>>();
  private readonly election: FastLeaderElection;

  private constructor(
    private readonly host: ZabHost,
    /** Called first whenever this server gives its role up: clients and in-flight work go. */
    private readonly leaveRole: (reason: string) => void,
  ) {
    this.election = new FastLeaderElection(host.selfId, host.quorum, host.plantedBugs.has('election-ignores-zxid'));
  }

  /** A member of an ensemble: it starts looking. */
  static member(host: ZabHost, leaveRole: (reason: string) => void): QuorumPeer {
    const peer = new QuorumPeer(host, leaveRole);
    peer.lookForLeader('started');
    return peer;
  }

  /** An ensemble of one: leading at once, for good. */
  static standalone(host: ZabHost, leaveRole: (reason: string) => void): QuorumPeer {
    const peer = new QuorumPeer(host, leaveRole);
    peer.stateValue = 'leading';
    peer.settled = { vote: { leader: host.selfId, zxid: host.history.lastZxid, peerEpoch: host.currentEpoch() }, electionEpoch: 0 };
    peer.leaderRole = Leader.standalone(host);
    return peer;
  }

  get state(): ServerState {
    return this.stateValue;
  }

  /** The leader this server follows or is; null while looking. */
  get leaderId(): number | null {
    return this.stateValue === 'looking' ? null : (this.settled?.vote.leader ?? null);
  }

  get leader(): Leader | null {
    return this.leaderRole;
  }

  get learner(): Learner | null {
    return this.learnerRole;
  }

  /** Gives up whatever role we had and starts a new round of election. */
  lookForLeader(reason: string): void {
    this.host.trace(`looking: ${reason}`);
    this.learnerRole?.leave();
    this.leaveRole(reason);
    this.leaderRole = null;
    this.learnerRole = null;
    this.stateValue = 'looking';
    this.settled = null;
    this.earlyFollowerInfos.clear();
    this.route(this.election.start({ lastZxid: this.host.history.lastZxid, currentEpoch: this.host.currentEpoch() }));
  }

  tick(): void {
    this.electionTick();
    this.learnerRole?.tick();
    this.leaderRole?.tick();
  }

  /** The election's own timer (and every tick): ends a finalize wait or re-sends the proposal. */
  electionTick(): void {
    if (this.election.isLooking) this.route(this.election.tick());
  }

  peerConnected(peer: number): void {
    if (this.election.isLooking) this.route(this.election.peerConnected(peer));
  }

  peerDisconnected(peer: number): void {
    this.earlyFollowerInfos.delete(peer);
    if (this.learnerRole?.leaderId === peer) return this.lookForLeader(`lost the connection to leader ${peer}`);
    this.leaderRole?.peerDisconnected(peer);
  }

  receive(from: number, message: PeerMessage): void {
    if (message.type === 'notification') {
      // Our leader is electing in a newer round: it gave up its epoch. ZooKeeper closes its
      // learners' sockets then; on our single FIFO link this notification is that news, after
      // everything it sent before. (One from the round that elected it is merely late.)
      if (this.learnerRole?.leaderId === from && message.state === 'looking' && message.electionEpoch > this.settled!.electionEpoch) {
        this.lookForLeader(`leader ${from} is looking`);
      }
      if (this.election.isLooking) return this.route(this.election.receive(from, message));
      if (this.settled && this.stateValue !== 'looking') {
        const answer = answerLookingPeer(message, { ...this.settled, state: this.stateValue });
        if (answer) this.host.send(from, answer);
      }
      return;
    }
    if (this.leaderRole) this.leaderRole.receive(from, message);
    else if (this.learnerRole) this.learnerRole.receive(from, message);
    else if (message.type === 'followerinfo') this.earlyFollowerInfos.set(from, message);
  }

  epochPersisted(): void {
    this.leaderRole?.onEpochPersisted();
    this.learnerRole?.onEpochPersisted();
  }

  /** The snapshot being sliced grew: the leader streams it on to learners it SNAPs. */
  snapshotProgress(): void {
    this.leaderRole?.snapshotProgress();
  }

  durable(zxid: number): void {
    this.leaderRole?.onDurable(zxid);
    this.learnerRole?.onDurable();
  }

  private route(effects: readonly ElectionEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'send') this.host.send(e.to, e.notification);
      else this.onElected(e.vote, e.electionEpoch);
    }
  }

  private onElected(vote: Vote, electionEpoch: number): void {
    const self = this.host.selfId;
    this.host.trace(`elected ${describeVote(vote)} in round ${electionEpoch}`);
    this.settled = { vote, electionEpoch };
    if (vote.leader === self) {
      this.stateValue = 'leading';
      this.leaderRole = new Leader(this.host);
      this.leaderRole.start();
      const early = [...this.earlyFollowerInfos];
      this.earlyFollowerInfos.clear();
      for (const [from, info] of early) this.leaderRole.receive(from, info);
      return;
    }
    this.earlyFollowerInfos.clear();
    const observer = !this.host.quorum.isVoter(self);
    this.stateValue = observer ? 'observing' : 'following';
    this.learnerRole = new Learner(this.host, vote.leader, observer, ++this.followAttempts);
    this.learnerRole.start();
  }
}
