/**
 * A learner's side of Zab (ZooKeeper's `Learner`, `Follower` and `Observer`):
 * - discovery: FOLLOWERINFO with our acceptedEpoch and this attempt's number; on the LEADERINFO
 *   answering it, make the new epoch our acceptedEpoch durably BEFORE answering ACKEPOCH (the
 *   promise must survive a crash). Anything before that LEADERINFO on the FIFO link was sent
 *   for an earlier attempt and is ignored;
 * - synchronization: apply TRUNC/SNAP/DIFF to the log (a SNAP's bytes come as chunks, staged
 *   on disk as they arrive and installed at its end); on NEWLEADER wait until every synced
 *   txn is durable, THEN make currentEpoch durable, THEN ACK (ZOOKEEPER-3911, -4643: any other
 *   order can lose committed txns when the quorum crashes mid-sync); commits may arrive after
 *   NEWLEADER and before UPTODATE (ZOOKEEPER-4394) and are simply remembered;
 * - UPTODATE: apply everything committed and start serving;
 * - broadcast: log proposals and ACK each only once `persisted` says it is durable; apply
 *   commits in zxid order. An observer never ACKs proposals; it gets INFORM (txn and commit).
 * Any gap in the leader's stream (the connection broke) or a silent leader sends us looking.
 */
import { invariant } from '../util/assert';
import type { PeerMessage } from './messages';
import type { ZabHost } from './zab-host';
import { epochOf, formatZxid } from './zxid';

export type LearnerPhase = 'discovery' | 'sync' | 'broadcast';

export class Learner {
  private phaseValue: LearnerPhase = 'discovery';
  private newEpoch = -1;
  /** Everything through here is committed by the leader (DIFF's zxid and COMMITs so far). */
  private committedMark = -1;
  /** NEWLEADER arrived: ACK it once the log and then currentEpoch are durable. */
  private newLeaderZxid: number | null = null;
  private newLeaderAcked = false;
  /** Proposals logged but not yet ACKed, in zxid order. */
  private readonly unacked: number[] = [];
  /**
   * The SNAP being received: its zxid and the chunks so far. They are staged on disk as they
   * come, but also kept until the end, when the tree is decoded from them: the memory bound is
   * one snapshot's bytes, about what the decoded tree takes anyway.
   */
  private receiving: { readonly zxid: number; readonly chunks: Uint8Array[] } | null = null;
  private lastHeardTick: number;

  constructor(
    private readonly host: ZabHost,
    readonly leaderId: number,
    readonly observer: boolean,
    /**
     * This follow attempt's number, distinct from every earlier attempt of this server on the
     * same connection (a restart breaks its connections, so a counter per process is enough).
     */
    readonly attempt: number,
  ) {
    this.lastHeardTick = host.currentTick;
  }

  get phase(): LearnerPhase {
    return this.phaseValue;
  }

  /** Opens discovery with the leader. */
  start(): void {
    this.host.send(this.leaderId, {
      type: 'followerinfo', acceptedEpoch: this.host.acceptedEpoch(), observer: this.observer, attempt: this.attempt,
    });
  }

  receive(from: number, message: PeerMessage): void {
    if (from !== this.leaderId) return;
    this.lastHeardTick = this.host.currentTick;
    if (this.phaseValue === 'discovery' && this.newEpoch < 0 && !(message.type === 'leaderinfo' && message.attempt === this.attempt)) {
      // The leader answers our FOLLOWERINFO before it sends this attempt anything else: what
      // comes first on the link belongs to an earlier attempt that we gave up.
      return this.host.trace(`learner (attempt ${this.attempt}) ignores ${message.type} from an earlier attempt`);
    }
    if ((message.type === 'snap' || message.type === 'snap-chunk' || message.type === 'snap-end') && message.attempt !== this.attempt) {
      return this.host.trace(`learner (attempt ${this.attempt}) ignores ${message.type} of attempt ${message.attempt}`);
    }
    if (this.receiving !== null && message.type !== 'snap-chunk' && message.type !== 'snap-end' && message.type !== 'ping') {
      return this.host.goLooking(`${message.type} in the middle of a SNAP`);
    }
    switch (message.type) {
      case 'leaderinfo':
        return this.onLeaderInfo(message.newEpoch);
      case 'trunc':
        return this.inSync('trunc', () => this.host.truncateLog(message.zxid));
      case 'snap':
        return this.inSync('snap', () => (this.receiving = { zxid: message.zxid, chunks: [] }));
      case 'snap-chunk':
        return this.onSnapChunk(message.bytes);
      case 'snap-end':
        return this.onSnapEnd();
      case 'diff':
        return this.inSync('diff', () => (this.committedMark = Math.max(this.committedMark, message.zxid)));
      case 'proposal':
        this.onProposal(message.zxid, message.txn);
        return;
      case 'commit':
        return this.onCommit(message.zxid);
      case 'inform':
        if (this.onProposal(message.zxid, message.txn)) this.onCommit(message.zxid);
        return;
      case 'newleader':
        return this.onNewLeader(message.zxid);
      case 'uptodate':
        return this.onUptodate();
      case 'ping':
        if (this.phaseValue === 'broadcast') this.host.send(this.leaderId, { type: 'ping', touches: this.host.takeSessionTouches() });
        return;
      case 'sync':
        return this.host.syncAnswered(message.id);
      case 'revalidate-reply':
        return this.host.sessionRevalidated(message.sessionId, message.valid);
      default:
        this.host.trace(`learner ignores ${message.type} from ${from}`);
    }
  }

  /** Zab phase 1: promise the new epoch durably, then acknowledge it. */
  private onLeaderInfo(newEpoch: number): void {
    if (this.phaseValue !== 'discovery' || this.newEpoch >= 0) return;
    const accepted = this.host.acceptedEpoch();
    if (newEpoch < accepted) return this.host.goLooking(`leader's epoch ${newEpoch} is below our acceptedEpoch ${accepted}`);
    this.newEpoch = newEpoch;
    if (newEpoch > accepted) this.host.persistEpoch('acceptedEpoch', newEpoch);
    this.maybeAckEpoch();
  }

  /**
   * ACKEPOCH only once acceptedEpoch is durable — also when it already equalled the new epoch,
   * since that value may still be on its way to disk from an earlier attempt.
   */
  private maybeAckEpoch(): void {
    if (this.phaseValue !== 'discovery' || this.newEpoch < 0 || this.host.epochWritePending()) return;
    this.phaseValue = 'sync';
    this.host.send(this.leaderId, {
      type: 'ackepoch', currentEpoch: this.host.currentEpoch(), lastZxid: this.host.history.lastZxid, attempt: this.attempt,
    });
  }

  /** Some epoch write became durable: whatever waited on it may go on. */
  onEpochPersisted(): void {
    this.maybeAckEpoch();
    this.maybePersistCurrentEpoch();
  }

  private inSync(kind: string, apply: () => void): void {
    if (this.phaseValue !== 'sync' || this.newLeaderZxid !== null) {
      return this.host.goLooking(`${kind} outside synchronization`);
    }
    apply();
  }

  private onSnapChunk(bytes: Uint8Array): void {
    const receiving = this.receiving;
    if (receiving === null) return this.host.goLooking('SNAP chunk outside a SNAP');
    this.host.stageSnapshotPiece(receiving.zxid, receiving.chunks.length, bytes);
    receiving.chunks.push(bytes);
  }

  private onSnapEnd(): void {
    const receiving = this.receiving;
    if (receiving === null) return this.host.goLooking('SNAP end outside a SNAP');
    this.receiving = null;
    this.host.installSnapshot(receiving.zxid, receiving.chunks);
    this.committedMark = Math.max(this.committedMark, receiving.zxid);
  }

  /** The role is given up: a SNAP cut in the middle is dropped from disk. */
  leave(): void {
    if (this.receiving === null) return;
    this.host.abortSnapshotInstall(this.receiving.zxid);
    this.receiving = null;
  }

  /** Logs a proposal; false if the stream is broken and we went looking instead. */
  private onProposal(zxid: number, txn: Uint8Array): boolean {
    if (this.phaseValue === 'discovery') {
      this.host.goLooking('proposal before synchronization');
      return false;
    }
    if (zxid <= this.host.history.lastZxid) {
      // Zab's channel is FIFO and the leader's zxids increase: a repeat means a broken stream.
      this.host.goLooking(`proposal ${formatZxid(zxid)} is not after our last ${formatZxid(this.host.history.lastZxid)}`);
      return false;
    }
    this.host.appendToLog({ zxid, payload: txn });
    if (!this.observer) this.unacked.push(zxid);
    this.sendAcks();
    if (this.host.plantedBugs.has('apply-uncommitted') && this.phaseValue === 'broadcast' && !this.observer) this.host.commitThrough(zxid);
    return true;
  }

  private onCommit(zxid: number): void {
    if (this.phaseValue === 'discovery') return this.host.goLooking('commit before synchronization');
    invariant(zxid <= this.host.history.lastZxid, () => `commit of ${formatZxid(zxid)} which we never logged`);
    this.committedMark = Math.max(this.committedMark, zxid);
    // A proposal committed during sync needs no ACK: the leader committed it without us.
    if (this.newLeaderZxid === null) this.dropUnackedThrough(zxid);
    if (this.phaseValue === 'broadcast') this.host.commitThrough(zxid);
  }

  private dropUnackedThrough(zxid: number): void {
    while (this.unacked.length > 0 && this.unacked[0]! <= zxid) this.unacked.shift();
  }

  private onNewLeader(zxid: number): void {
    if (this.phaseValue !== 'sync' || this.newLeaderZxid !== null) return this.host.goLooking('unexpected NEWLEADER');
    invariant(epochOf(zxid) === this.newEpoch, () => `NEWLEADER for epoch ${epochOf(zxid)} while we accepted ${this.newEpoch}`);
    this.newLeaderZxid = zxid;
    this.maybePersistCurrentEpoch();
  }

  /** More of the log is durable: ACK what is now safe to ACK. */
  onDurable(): void {
    this.maybePersistCurrentEpoch();
    this.sendAcks();
  }

  /** ZOOKEEPER-4643: currentEpoch only after every synced txn (and truncation) is durable. */
  private maybePersistCurrentEpoch(): void {
    if (this.newLeaderZxid === null || this.newLeaderAcked || this.host.epochWritePending()) return;
    if (!this.host.logDurable() && !this.host.plantedBugs.has('current-epoch-before-synced')) return;
    if (this.host.currentEpoch() === this.newEpoch) return this.ackNewLeader();
    this.host.persistEpoch('currentEpoch', this.newEpoch);
  }

  private ackNewLeader(): void {
    if (this.newLeaderZxid === null || this.newLeaderAcked) return;
    this.newLeaderAcked = true;
    this.host.send(this.leaderId, { type: 'ack', zxid: this.newLeaderZxid });
    this.sendAcks();
  }

  /** ACK durable proposals, in order, and only after NEWLEADER (Zab: accept only in the new epoch). */
  private sendAcks(): void {
    if (!this.newLeaderAcked || this.observer) return;
    const durable = this.host.plantedBugs.has('ack-before-fsync') ? this.host.history.lastZxid : this.host.durableZxid();
    while (this.unacked.length > 0 && this.unacked[0]! <= durable) {
      this.host.send(this.leaderId, { type: 'ack', zxid: this.unacked.shift()! });
    }
  }

  private onUptodate(): void {
    if (this.phaseValue !== 'sync' || !this.newLeaderAcked) return this.host.goLooking('UPTODATE before our NEWLEADER ACK');
    this.phaseValue = 'broadcast';
    if (this.committedMark > this.host.history.committedZxid) this.host.commitThrough(this.committedMark);
    this.host.trace(`learner of ${this.leaderId} is up to date at ${formatZxid(this.host.history.committedZxid)}`);
    this.host.startServing();
  }

  /** One tick: a leader silent for too long is gone (initLimit in sync, syncLimit after). */
  tick(): void {
    const limit = this.phaseValue === 'broadcast' ? this.host.limits.syncLimit : this.host.limits.initLimit;
    if (this.host.currentTick - this.lastHeardTick > limit) this.host.goLooking(`leader ${this.leaderId} silent for more than ${limit} ticks`);
  }
}
