import type { PlantedBug } from './planted-bugs';
import type { EnsembleMember } from './zab/quorum';

/** What the core needs to know about its configuration; the adapter maps zoo.cfg onto it. */
export interface CoreConfig {
  /** This server's id (1 in standalone, as ZooKeeper uses). At most 254 with extended types. */
  readonly serverId: number;
  readonly tickTimeMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** Connections allowed from one host (zoo.cfg maxClientCnxns); 0 means no limit. */
  readonly maxClientCnxnsPerHost: number;
  /** Sessions the server will hold at once; a handshake beyond it is refused. */
  readonly maxSessions: number;
  /** Requests one connection may have outstanding before the server stops reading it. */
  readonly maxOutstandingPerConnection: number;
  /** Snapshot after a drawn count of txns in [snapCount/2+1, snapCount], as ZooKeeper does. */
  readonly snapCount: number;
  /**
   * Znodes serialized per `snapshot-slice` input: a snapshot is then written across turns while
   * txns keep applying (see Server.snapshotPending). 0 writes each snapshot whole, at once.
   */
  readonly snapshotSliceNodes: number;
  /**
   * The largest `snap-chunk` a leader sends: a SNAP streams its snapshot in pieces this size or
   * smaller, so no peer message needs to hold a whole tree.
   */
  readonly snapChunkBytes: number;
  /** TTL nodes (zoo.cfg extendedTypesEnabled). */
  readonly extendedTypesEnabled: boolean;
  /** zoo.cfg skipACL: every ACL check passes. */
  readonly skipACL: boolean;
  /** `super:<base64 sha1>`: a digest identity that passes every ACL check; null for none. */
  readonly superDigest: string | null;
  readonly containerCheckIntervalMs: number;
  readonly containerMaxPerMinute: number;
  /** Delete containers that never had a child once this old (ms); 0 keeps them forever. */
  readonly containerMaxNeverUsedIntervalMs: number;
  /** Seed of the core's PRNG (snapshot jitter); the adapter draws it, the simulator chooses it. */
  readonly randomSeed: number;
  /** Wall-clock ms when the server started: the base of session ids, as ZooKeeper derives them. */
  readonly startWallMs: number;
  /**
   * The ensemble (zoo.cfg server.N lines), this server included. Empty, or this server alone:
   * standalone, an ensemble of one that never elects and never changes epoch.
   */
  readonly ensemble: readonly EnsembleMember[];
  /**
   * The data of /zookeeper/config: the ensemble in ZooKeeper's format (`server.N=…` lines and
   * `version=…`), which the adapter renders from zoo.cfg; null leaves it empty (standalone).
   */
  readonly ensembleConfig: string | null;
  /** Ticks for a leader to form a quorum and for learners to sync (zoo.cfg initLimit). */
  readonly initLimit: number;
  /** Ticks a learner or its leader may go unheard once in broadcast (zoo.cfg syncLimit). */
  readonly syncLimit: number;
  /** Committed txns a leader keeps in memory to sync learners by DIFF (ZooKeeper's commitLogCount). */
  readonly committedLogCount: number;
  /**
   * A leader forces a new epoch when the zxid counter reaches this (ZooKeeper: 0xffffffff).
   * Tests make it small to exercise the rollover.
   */
  readonly zxidCounterMax: number;
  /** Bugs to plant (planted-bugs.ts); only the simulator sets any, to prove its checkers catch them. */
  readonly plantedBugs: ReadonlySet<PlantedBug>;
}

/** ZooKeeper's defaults for a standalone server with tickTime 2000. */
export function defaultCoreConfig(overrides: Partial<CoreConfig> = {}): CoreConfig {
  const tickTimeMs = overrides.tickTimeMs ?? 2000;
  return {
    serverId: 1,
    tickTimeMs,
    minSessionTimeoutMs: 2 * tickTimeMs,
    maxSessionTimeoutMs: 20 * tickTimeMs,
    maxClientCnxnsPerHost: 60,
    maxSessions: 60_000,
    maxOutstandingPerConnection: 1000,
    snapCount: 100_000,
    snapshotSliceNodes: 0,
    snapChunkBytes: 512 * 1024,
    extendedTypesEnabled: false,
    skipACL: false,
    superDigest: null,
    containerCheckIntervalMs: 60_000,
    containerMaxPerMinute: 10_000,
    containerMaxNeverUsedIntervalMs: 0,
    randomSeed: 1,
    startWallMs: 0,
    ensemble: [],
    ensembleConfig: null,
    initLimit: 10,
    syncLimit: 5,
    committedLogCount: 500,
    zxidCounterMax: 0xffff_ffff,
    plantedBugs: new Set(),
    ...overrides,
  };
}
