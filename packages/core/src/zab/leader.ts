/**
 * The leader's side of Zab (ZooKeeper's `Leader` and `LearnerHandler`):
 * - discovery: collect FOLLOWERINFO from a quorum, propose `newEpoch = max(acceptedEpoch) + 1`
 *   (LEADERINFO), collect ACKEPOCH from a quorum; give up if a learner is ahead of us;
 * - synchronization: bring each learner's log to ours by DIFF, TRUNC(+DIFF) or SNAP, then
 *   NEWLEADER; once a quorum ACKed NEWLEADER, our whole history is committed and UPTODATE lets
 *   learners serve (Zab paper §IV, phases 1 and 2);
 * - broadcast: PROPOSAL in zxid order, COMMIT strictly in zxid order once a quorum ACKed
 *   (our own ACK counts only once our own log is durable), INFORM to observers.
 * The leader steps down when a quorum stops hearing from it for syncLimit ticks.
 */
import type { LogRecord } from '../io';
import { invariant } from '../util/assert';
import type { PeerMessage } from './messages';
import { planSync } from './sync-plan';
import type { SnapshotSource, ZabHost } from './zab-host';
import { counterOf, epochOf, formatZxid, makeZxid } from './zxid';

type LearnerPhase =
  /** FOLLOWERINFO received; waiting for a quorum to pick the new epoch, or for its ACKEPOCH. */
  | 'discovery'
  /** ACKEPOCH received; sync waits for a quorum of them. */
  | 'epoch-acked'
  /** Sync and NEWLEADER sent; it receives every proposal and commit from here on. */
  | 'syncing'
  /** It ACKed NEWLEADER: it counts toward quorums. */
  | 'synced';

interface LearnerHandler {
  readonly id: number;
  readonly observer: boolean;
  readonly acceptedEpoch: number;
  /** The follow attempt its FOLLOWERINFO named; LEADERINFO echoes it, ACKEPOCH must match it. */
  readonly attempt: number;
  phase: LearnerPhase;
  lastZxid: number;
  lastHeardTick: number;
  uptodateSent: boolean;
  /** Its SNAP waits for an older snapshot still being sliced (it stays `epoch-acked`). */
  snapWaiting: boolean;
  /** The SNAP being streamed to it: its source and the next chunk and offset to send. */
  stream: { readonly source: SnapshotSource; chunk: number; offset: number; sent: number } | null;
  /**
   * While `stream` runs, everything else for it (the sync's proposals and NEWLEADER, later
   * proposals and commits) waits here, in order, behind the snapshot: ZooKeeper's
   * LearnerHandler queues them the same way.
   */
  held: PeerMessage[] | null;
}

interface Outstanding {
  readonly zxid: number;
  /** Servers whose ACK (after their fsync) we have, each once. */
  readonly acks: number[];
}

export type LeaderPhase = 'discovery' | 'sync' | 'broadcast';

export class Leader {
  private phaseValue: LeaderPhase = 'discovery';
  private epoch = -1;
  private readonly learners = new Map<number, LearnerHandler>();
  private selfNewLeaderAcked = false;
  private readonly outstanding: Outstanding[] = [];
  private readonly syncWaiters: Array<{ readonly learner: number; readonly id: number; readonly through: number }> = [];
  private readonly startTick: number;

  constructor(private readonly host: ZabHost) {
    this.startTick = host.currentTick;
  }

  /**
   * An ensemble of one needs no discovery: it is established at once, in the epoch of its
   * last zxid (a standalone ZooKeeper never changes epochs).
   */
  static standalone(host: ZabHost): Leader {
    const leader = new Leader(host);
    leader.epoch = epochOf(host.history.lastZxid);
    leader.phaseValue = 'broadcast';
    host.commitThrough(host.history.lastZxid);
    return leader;
  }

  get phase(): LeaderPhase {
    return this.phaseValue;
  }

  /** The epoch this leader leads (-1 until discovery chose it). */
  get newEpoch(): number {
    return this.epoch;
  }

  /** Begins discovery; an ensemble whose quorum is us alone moves on at once. */
  start(): void {
    this.maybeChooseEpoch();
  }

  receive(from: number, message: PeerMessage): void {
    if (message.type === 'followerinfo') return this.onFollowerInfo(from, message);
    const learner = this.learners.get(from);
    if (!learner) return;
    learner.lastHeardTick = this.host.currentTick;
    switch (message.type) {
      case 'ackepoch':
        if (message.attempt !== learner.attempt) return this.host.trace(`leader ignores ACKEPOCH of ${from}'s earlier attempt ${message.attempt}`);
        return this.onAckEpoch(learner, message.currentEpoch, message.lastZxid);
      case 'ack':
        return this.onAck(learner, message.zxid);
      case 'ping':
        if (this.phaseValue === 'broadcast') this.host.touchSessions(message.touches);
        return;
      case 'request':
      case 'create-session':
        if (this.phaseValue === 'broadcast' && learner.phase === 'synced') this.host.prepareForwarded(learner.id, message);
        return;
      case 'revalidate':
        if (this.phaseValue !== 'broadcast' || learner.phase !== 'synced') return;
        this.host.send(learner.id, {
          type: 'revalidate-reply', sessionId: message.sessionId, valid: this.host.revalidateSession(learner.id, message.sessionId, message.timeoutMs),
        });
        return;
      case 'sync':
        return this.onSync(learner, message.id);
      default:
        this.host.trace(`leader ignores ${message.type} from ${from}`);
    }
  }

  /** Some epoch write became durable: whatever waited on it may go on. */
  onEpochPersisted(): void {
    this.maybeStartSync();
    this.maybeAckNewLeaderSelf();
  }

  /** The log is durable through `zxid`: our own ACK for those proposals (and NEWLEADER) counts now. */
  onDurable(zxid: number): void {
    for (const p of this.outstanding) {
      if (p.zxid > zxid) break;
      if (!p.acks.includes(this.host.selfId)) p.acks.push(this.host.selfId);
    }
    this.maybeAckNewLeaderSelf();
    this.tryCommit();
  }

  peerDisconnected(id: number): void {
    if (this.learners.delete(id)) this.host.trace(`leader lost learner ${id}`);
  }

  /** One tick: heartbeats, and giving up when the quorum is gone or never formed. */
  tick(): void {
    const now = this.host.currentTick;
    if (this.phaseValue !== 'broadcast') {
      if (now - this.startTick > this.host.limits.initLimit) this.host.goLooking(`no quorum established epoch ${this.epoch} within initLimit`);
      return;
    }
    for (const l of this.learners.values()) if (l.phase === 'synced' || l.phase === 'syncing') this.host.send(l.id, { type: 'ping', touches: [] });
    const alive = [this.host.selfId];
    for (const l of this.learners.values()) {
      if (l.phase === 'synced' && now - l.lastHeardTick <= this.host.limits.syncLimit) alive.push(l.id);
    }
    if (!this.host.quorum.hasQuorum(alive)) this.host.goLooking(`lost the quorum: only ${alive.join(',')} heard within syncLimit`);
  }

  // ---- discovery -----------------------------------------------------------------------------

  private onFollowerInfo(from: number, { acceptedEpoch, observer, attempt }: Extract<PeerMessage, { type: 'followerinfo' }>): void {
    invariant(observer === !this.host.quorum.isVoter(from), () => `server ${from} claims observer=${observer}`);
    if (this.epoch >= 0 && acceptedEpoch > this.epoch) {
      // It promised a higher epoch to a leader whose discovery failed, so it must refuse ours
      // (ZooKeeper's Learner does, and then retries against us forever). Take over its promise
      // and step down: the next discovery picks an epoch above it, and the server can rejoin.
      this.host.persistEpoch('acceptedEpoch', acceptedEpoch);
      return this.host.goLooking(`learner ${from} promised epoch ${acceptedEpoch}, above our ${this.epoch}`);
    }
    this.learners.set(from, {
      id: from, observer, acceptedEpoch, attempt, phase: 'discovery', lastZxid: -1, lastHeardTick: this.host.currentTick, uptodateSent: false,
      snapWaiting: false, stream: null, held: null,
    });
    if (this.epoch >= 0) this.host.send(from, { type: 'leaderinfo', newEpoch: this.epoch, attempt });
    else this.maybeChooseEpoch();
  }

  /** Zab phase 1: a quorum (us included) told us its acceptedEpoch; propose one above them all. */
  private maybeChooseEpoch(): void {
    if (this.epoch >= 0) return;
    const connecting = [this.host.selfId, ...[...this.learners.values()].filter((l) => !l.observer).map((l) => l.id)];
    if (!this.host.quorum.hasQuorum(connecting)) return;
    let max = this.host.acceptedEpoch();
    for (const l of this.learners.values()) max = Math.max(max, l.acceptedEpoch);
    this.epoch = max + 1;
    this.host.trace(`leader proposes epoch ${this.epoch}`);
    this.host.persistEpoch('acceptedEpoch', this.epoch);
    for (const l of this.learners.values()) this.host.send(l.id, { type: 'leaderinfo', newEpoch: this.epoch, attempt: l.attempt });
  }

  private onAckEpoch(learner: LearnerHandler, currentEpoch: number, lastZxid: number): void {
    if (learner.phase !== 'discovery' || this.epoch < 0) return;
    // A learner with a newer history than ours means the election chose wrongly (it cannot, if
    // votes were fresh); ZooKeeper's Leader.waitForEpochAck refuses to lead then.
    const ours = { currentEpoch: this.host.currentEpoch(), lastZxid: this.host.history.lastZxid };
    if (currentEpoch > ours.currentEpoch || (currentEpoch === ours.currentEpoch && lastZxid > ours.lastZxid)) {
      return this.host.goLooking(`learner ${learner.id} is ahead (epoch ${currentEpoch}, ${formatZxid(lastZxid)})`);
    }
    learner.phase = 'epoch-acked';
    learner.lastZxid = lastZxid;
    if (this.phaseValue === 'discovery') this.maybeStartSync();
    else this.syncLearner(learner);
  }

  /** Our own ACKEPOCH: the epoch we propose is our durable acceptedEpoch. */
  private selfAckedEpoch(): boolean {
    return this.epoch >= 0 && this.host.acceptedEpoch() === this.epoch && !this.host.epochWritePending();
  }

  private maybeStartSync(): void {
    if (this.phaseValue !== 'discovery' || !this.selfAckedEpoch()) return;
    const acked = [this.host.selfId, ...[...this.learners.values()].filter((l) => l.phase === 'epoch-acked' && !l.observer).map((l) => l.id)];
    if (!this.host.quorum.hasQuorum(acked)) return;
    this.phaseValue = 'sync';
    this.host.persistEpoch('currentEpoch', this.epoch);
    for (const l of [...this.learners.values()].sort((a, b) => a.id - b.id)) if (l.phase === 'epoch-acked') this.syncLearner(l);
  }

  // ---- synchronization -----------------------------------------------------------------------

  /**
   * Everything through this zxid is committed in what we send: before we are established, our
   * whole history (it becomes committed when a quorum ACKs NEWLEADER, and learners apply only at
   * UPTODATE); after, what we committed.
   */
  private committedMark(): number {
    return this.phaseValue === 'broadcast' ? this.host.history.committedZxid : this.host.history.lastZxid;
  }

  private syncLearner(learner: LearnerHandler): void {
    const history = this.host.history;
    const plan = planSync(history, learner.lastZxid);
    const mark = this.committedMark();
    let from: number;
    switch (plan.kind) {
      case 'diff':
        from = plan.from;
        break;
      case 'trunc':
      case 'trunc+diff':
        if (plan.kind === 'trunc' || !this.host.plantedBugs.has('diff-without-trunc')) this.host.send(learner.id, { type: 'trunc', zxid: plan.to });
        from = plan.to;
        break;
      case 'snap': {
        // The txns after the snapshot must still be in our history to follow it.
        const source = this.host.snapshotSource(history.baseZxid);
        learner.snapWaiting = source === null;
        if (source === null) return this.host.trace(`leader's SNAP to ${learner.id} waits for the snapshot being written`);
        this.host.send(learner.id, { type: 'snap', zxid: source.zxid, attempt: learner.attempt });
        learner.stream = { source, chunk: 0, offset: 0, sent: 0 };
        learner.held = [];
        from = source.zxid;
        break;
      }
    }
    this.host.trace(`leader syncs ${learner.id} by ${plan.kind} from ${formatZxid(learner.lastZxid)}`);
    if (plan.kind !== 'snap') this.sendTo(learner, { type: 'diff', zxid: mark });
    for (const record of history.after(from)) {
      if (learner.observer && record.zxid > mark) break;
      this.sendTo(learner, { type: 'proposal', zxid: record.zxid, txn: record.payload });
      if (record.zxid <= mark) this.sendTo(learner, { type: 'commit', zxid: record.zxid });
    }
    this.sendTo(learner, { type: 'newleader', zxid: makeZxid(this.epoch, 0) });
    learner.phase = 'syncing';
    this.pumpSnap(learner);
  }

  /** Sends `message` to a learner, or holds it behind the SNAP still streaming to it. */
  private sendTo(learner: LearnerHandler, message: PeerMessage): void {
    if (learner.held !== null) learner.held.push(message);
    else this.host.send(learner.id, message);
  }

  /**
   * The snapshot being sliced grew or is complete: every SNAP stream sends what is new, and a
   * SNAP that waited for an older snapshot starts now.
   */
  snapshotProgress(): void {
    const learners = [...this.learners.values()].sort((a, b) => a.id - b.id);
    for (const l of learners) this.pumpSnap(l);
    for (const l of learners) if (l.snapWaiting && l.phase === 'epoch-acked') this.syncLearner(l);
  }

  /**
   * Sends the chunks its snapshot has written since the last call, cut to `snapChunkBytes`;
   * once the snapshot is complete, `snap-end` and then everything held behind it.
   */
  private pumpSnap(learner: LearnerHandler): void {
    const stream = learner.stream;
    if (stream === null) return;
    const { source } = stream;
    const max = this.host.limits.snapChunkBytes;
    while (stream.chunk < source.chunks.length) {
      const chunk = source.chunks[stream.chunk]!;
      while (stream.offset < chunk.length) {
        const end = Math.min(chunk.length, stream.offset + max);
        this.host.send(learner.id, { type: 'snap-chunk', attempt: learner.attempt, bytes: chunk.subarray(stream.offset, end) });
        stream.offset = end;
        stream.sent++;
      }
      stream.chunk++;
      stream.offset = 0;
    }
    if (!source.complete) return;
    this.host.send(learner.id, { type: 'snap-end', attempt: learner.attempt });
    this.host.trace(`leader streamed a SNAP at ${formatZxid(source.zxid)} to ${learner.id} in ${stream.sent} chunks`);
    const held = learner.held ?? [];
    learner.stream = null;
    learner.held = null;
    for (const message of held) this.host.send(learner.id, message);
  }

  private maybeAckNewLeaderSelf(): void {
    if (this.phaseValue !== 'sync' || this.selfNewLeaderAcked) return;
    if (this.host.currentEpoch() !== this.epoch || this.host.epochWritePending() || !this.host.logDurable()) return;
    this.selfNewLeaderAcked = true;
    this.maybeEstablish();
  }

  private onAck(learner: LearnerHandler, zxid: number): void {
    if (zxid === makeZxid(this.epoch, 0)) {
      if (learner.phase !== 'syncing') return;
      learner.phase = 'synced';
      if (this.phaseValue === 'broadcast') this.sendUptodate(learner);
      else this.maybeEstablish();
      return;
    }
    if (learner.observer || learner.phase !== 'synced') return;
    const p = this.outstanding.find((o) => o.zxid === zxid);
    if (!p) return;
    if (!p.acks.includes(learner.id)) p.acks.push(learner.id);
    this.tryCommit();
  }

  /** A quorum has our history durably and in our epoch: it is committed (Zab phase 2 ends). */
  private maybeEstablish(): void {
    if (this.phaseValue !== 'sync' || !this.selfNewLeaderAcked) return;
    const acked = [this.host.selfId, ...[...this.learners.values()].filter((l) => l.phase === 'synced').map((l) => l.id)];
    if (!this.host.quorum.hasQuorum(acked)) return;
    this.phaseValue = 'broadcast';
    this.host.trace(`leader established epoch ${this.epoch} with ${acked.join(',')}`);
    this.host.commitThrough(this.host.history.lastZxid);
    for (const l of [...this.learners.values()].sort((a, b) => a.id - b.id)) if (l.phase === 'synced') this.sendUptodate(l);
    this.host.startServing();
  }

  private sendUptodate(learner: LearnerHandler): void {
    if (learner.uptodateSent) return;
    learner.uptodateSent = true;
    this.host.send(learner.id, { type: 'uptodate' });
  }

  // ---- broadcast -----------------------------------------------------------------------------

  /**
   * The zxid the next proposal gets, or null when the counter is exhausted: ZooKeeper then
   * forces an election so that the next leader starts a new epoch (ProposalRequestProcessor).
   */
  nextZxid(): number | null {
    invariant(this.phaseValue === 'broadcast', 'proposing before the leader is established');
    const last = this.host.history.lastZxid;
    // Alone, the counter simply runs on (a standalone ZooKeeper has no elections to force).
    if (this.isAlone()) return last + 1;
    const next = epochOf(last) === this.epoch ? last + 1 : makeZxid(this.epoch, 1);
    return counterOf(next) >= this.host.limits.zxidCounterMax ? null : next;
  }

  private isAlone(): boolean {
    return this.host.quorum.voters.length === 1 && this.host.quorum.observers.length === 0;
  }

  /** Logs a prepared txn and sends it to every voter in sync; commits come back through ACKs. */
  propose(record: LogRecord): void {
    invariant(this.phaseValue === 'broadcast', 'proposing before the leader is established');
    this.host.appendToLog(record);
    this.outstanding.push({ zxid: record.zxid, acks: [] });
    for (const l of this.learners.values()) {
      if (!l.observer && (l.phase === 'syncing' || l.phase === 'synced')) this.sendTo(l, { type: 'proposal', zxid: record.zxid, txn: record.payload });
    }
  }

  /** Commits strictly in zxid order: a proposal with a quorum waits for every earlier one. */
  private tryCommit(): void {
    if (this.phaseValue !== 'broadcast') return;
    let committed = -1;
    const early = this.host.plantedBugs.has('commit-before-quorum');
    while (this.outstanding.length > 0 && (this.host.quorum.hasQuorum(this.outstanding[0]!.acks) || (early && this.outstanding[0]!.acks.includes(this.host.selfId)))) {
      committed = this.outstanding.shift()!.zxid;
    }
    if (committed < 0) return;
    if (this.learners.size === 0) {
      this.host.commitThrough(committed);
      return this.answerSyncs();
    }
    const records = this.host.history.after(this.host.history.committedZxid).filter((r) => r.zxid <= committed);
    this.host.commitThrough(committed);
    const learners = [...this.learners.values()].filter((l) => l.phase === 'syncing' || l.phase === 'synced').sort((a, b) => a.id - b.id);
    for (const record of records) {
      for (const l of learners) {
        if (l.observer) this.sendTo(l, { type: 'inform', zxid: record.zxid, txn: record.payload });
        else this.sendTo(l, { type: 'commit', zxid: record.zxid });
      }
      // A sync is answered right after the commit of the last proposal made before it arrived
      // (ZooKeeper's Leader.sendSync): later commits must not overtake it, or the learner's
      // reply to the sync would carry a zxid newer than the session's next write reply.
      this.answerSyncs(record.zxid);
    }
  }

  private onSync(learner: LearnerHandler, id: number): void {
    this.syncWaiters.push({ learner: learner.id, id, through: this.host.history.lastZxid });
    this.answerSyncs();
  }

  /** Answers the syncs waiting for commits up to `committedThrough`, in arrival order. */
  private answerSyncs(committedThrough = this.host.history.committedZxid): void {
    while (this.syncWaiters.length > 0 && this.syncWaiters[0]!.through <= committedThrough) {
      const w = this.syncWaiters.shift()!;
      const learner = this.learners.get(w.learner);
      if (learner) this.sendTo(learner, { type: 'sync', id: w.id });
    }
  }

  /** For inspection: learners and their phases. */
  learnerPhases(): Array<[number, LearnerPhase]> {
    return [...this.learners.values()].sort((a, b) => a.id - b.id).map((l) => [l.id, l.phase]);
  }
}
