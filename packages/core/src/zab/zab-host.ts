/**
 * What the Zab roles (leader, learner) need from the server they run in: its log, its durable
 * epochs, its database and its links to peers. The server implements it; the roles hold only
 * protocol state, so each can be read (and tested) as the protocol it is.
 */
import type { LogRecord } from '../io';
import type { PlantedBug } from '../planted-bugs';
import type { History } from './history';
import type { PeerMessage } from './messages';
import type { QuorumVerifier } from './quorum';

/** The two epochs Zab keeps on disk (ZooKeeper's acceptedEpoch and currentEpoch files). */
export type EpochName = 'acceptedEpoch' | 'currentEpoch';

export interface ZabLimits {
  /** Ticks a leader and its learners may take for discovery and sync (zoo.cfg initLimit). */
  readonly initLimit: number;
  /** Ticks a learner may go unheard in broadcast before it is dropped (zoo.cfg syncLimit). */
  readonly syncLimit: number;
  /** The largest zxid counter a leader may use; at it, a new epoch is forced. */
  readonly zxidCounterMax: number;
  /** The largest `snap-chunk` a leader sends (CoreConfig.snapChunkBytes). */
  readonly snapChunkBytes: number;
}

/**
 * A snapshot of committed state as a SNAP stream reads it: written in slices across turns, so
 * its chunks grow until it is complete.
 */
export interface SnapshotSource {
  readonly zxid: number;
  /** The chunks written so far, in order; they never change once written. */
  readonly chunks: readonly Uint8Array[];
  readonly complete: boolean;
}

export interface ZabHost {
  readonly selfId: number;
  readonly quorum: QuorumVerifier;
  readonly history: History;
  readonly limits: ZabLimits;
  /** Bugs the simulator planted (CoreConfig.plantedBugs); empty everywhere else. */
  readonly plantedBugs: ReadonlySet<PlantedBug>;
  /** The current tick number: the roles' only clock. */
  readonly currentTick: number;
  acceptedEpoch(): number;
  currentEpoch(): number;
  /** True while an epoch write has not yet been reported durable. */
  epochWritePending(): boolean;
  /** The log is durable through its last entry (and every truncation is durable). */
  logDurable(): boolean;
  /** Every zxid through which the log is durable (the last `persisted` report). */
  durableZxid(): number;
  send(to: number, message: PeerMessage): void;
  /** Durably records an epoch; `epoch-persisted` comes back as an input. */
  persistEpoch(name: EpochName, epoch: number): void;
  /** Logs a txn: kept in the history and handed to storage; `persisted` reports it durable. */
  appendToLog(record: LogRecord): void;
  /** Discards every logged txn after `zxid`, in memory and on disk. */
  truncateLog(zxid: number): void;
  /** Learner only: stages piece `index` of the SNAP at `zxid` on disk (0 starts a new one). */
  stageSnapshotPiece(zxid: number, index: number, bytes: Uint8Array): void;
  /** Learner only: the SNAP at `zxid` being staged was cut; its pieces are dropped. */
  abortSnapshotInstall(zxid: number): void;
  /**
   * Learner only: replaces the database and the log by the leader's snapshot at `zxid`, whose
   * bytes are `chunks`, every one of them already staged (SNAP).
   */
  installSnapshot(zxid: number, chunks: readonly Uint8Array[]): void;
  /**
   * Leader only: the snapshot of committed state to stream to a learner by SNAP. The one being
   * sliced now if its zxid is at least `notBefore` (several learners share it, and a background
   * snapshot to disk too), else a new one; null while an older one is still being sliced (ask
   * again at {@link Leader.snapshotProgress} once it is complete).
   */
  snapshotSource(notBefore: number): SnapshotSource | null;
  /** Commits and applies every logged txn through `zxid`, in zxid order. */
  commitThrough(zxid: number): void;
  /** The role is established: clients may be served. */
  startServing(): void;
  /** Gives the role up and starts a new election. */
  goLooking(reason: string): void;
  /** Leader only: a learner forwarded a client write or a new session; prepare and propose it. */
  prepareForwarded(from: number, message: Extract<PeerMessage, { type: 'request' | 'create-session' }>): void;
  /** Leader only: learner `from` resumed a session; true if it lives (it now owns it). */
  revalidateSession(from: number, sessionId: bigint, timeoutMs: number): boolean;
  /** Learner only: the leader's answer to our REVALIDATE. */
  sessionRevalidated(sessionId: bigint, valid: boolean): void;
  /** Leader only: sessions a learner's clients kept alive (from its PING reply). */
  touchSessions(touches: Extract<PeerMessage, { type: 'ping' }>['touches']): void;
  /** Learner only: what to report in the next PING reply (and forget). */
  takeSessionTouches(): Extract<PeerMessage, { type: 'ping' }>['touches'];
  /** Learner only: the leader answered this server's `sync` number `id`. */
  syncAnswered(id: number): void;
  trace(message: string): void;
}
