/**
 * The typed server configuration parsed from zoo.cfg. Field names follow ZooKeeper's keys,
 * with the unit appended where the key leaves it implicit (`tickTime` → `tickTimeMs`).
 */

import type { FourLetterWord } from '@paddock/protocol';
import type { PeerAddress } from './peer-dial';
import type { QuorumServerEntry } from './server-entry';

export interface ServerConfig {
  /** `tickTime`: the basic time unit. */
  readonly tickTimeMs: number;
  /** `initLimit`: ticks a follower may take to connect and sync. */
  readonly initLimitTicks: number;
  /** `syncLimit`: ticks a follower may fall behind. */
  readonly syncLimitTicks: number;
  /** `dataDir`, absolute: snapshots live in `<dataDir>/version-2`, `myid` in dataDir. */
  readonly dataDir: string;
  /** `dataLogDir`, absolute (defaults to dataDir): log segments live in `<dataLogDir>/version-2`. */
  readonly dataLogDir: string;
  /** `clientPort`; null when the file has none and the server.N lines carry client ports. */
  readonly clientPort: number | null;
  /** `clientPortAddress`; null binds all interfaces. */
  readonly clientPortAddress: string | null;
  /** `clientPortListenBacklog`; -1 for the OS default. */
  readonly clientPortListenBacklog: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  /** Connections per client IP; 0 is unlimited. */
  readonly maxClientCnxns: number;
  /** Connections in total; 0 is unlimited. */
  readonly maxCnxns: number;
  readonly globalOutstandingLimit: number;
  readonly snapCount: number;
  /** `snapSizeLimitInKb`; non-positive disables the size trigger. */
  readonly snapSizeLimitKb: number;
  /** `txnLogSizeLimitInKb`; non-positive means no size-based roll beyond the default segment size. */
  readonly txnLogSizeLimitKb: number;
  /** `preAllocSize` in KiB: how far the active log segment is extended ahead of its records. */
  readonly preAllocSizeKb: number;
  /** `forceSync`: fdatasync the log before acknowledging. */
  readonly forceSync: boolean;
  /** `jute.maxbuffer` in bytes. */
  readonly juteMaxBuffer: number;
  readonly autopurge: {
    /** At least 3. */
    readonly snapRetainCount: number;
    /** 0 disables autopurge. */
    readonly purgeIntervalHours: number;
  };
  /** `4lw.commands.whitelist`, with `*` expanded to every word. */
  readonly fourLetterWords: ReadonlySet<FourLetterWord>;
  readonly extendedTypesEnabled: boolean;
  readonly skipACL: boolean;
  /** `DigestAuthenticationProvider.superDigest`, `user:base64-sha1`; null when unset. */
  readonly superDigest: string | null;
  /** `server.N` lines, by id. */
  readonly servers: readonly QuorumServerEntry[];
  /**
   * `paddock.peerDial.N` (Paddock only): addresses to dial members at instead of their
   * `server.N` quorum address, by id. Not part of the ensemble digest.
   */
  readonly peerDial: ReadonlyMap<number, PeerAddress>;
  readonly peerType: 'participant' | 'observer';
  readonly standaloneEnabled: boolean;
  readonly reconfigEnabled: boolean;
  /** Always 3 (fast leader election), the only algorithm ZooKeeper still has. */
  readonly electionAlg: 3;
  readonly quorumListenOnAllIPs: boolean;
  readonly syncEnabled: boolean;
  readonly leaderServes: boolean;
  readonly localSessionsEnabled: boolean;
  readonly localSessionsUpgradingEnabled: boolean;
  /** `znode.container.*`: the container and TTL node cleanup. */
  readonly containers: {
    readonly checkIntervalMs: number;
    readonly maxPerMinute: number;
    /** 0: containers that never had children are kept. */
    readonly maxNeverUsedIntervalMs: number;
  };
  /** `admin.*`, parsed; Paddock has no AdminServer yet. */
  readonly admin: {
    readonly enableServer: boolean;
    readonly serverAddress: string;
    readonly serverPort: number;
    readonly commandURL: string;
    readonly idleTimeoutMs: number;
  };
  /** `metricsProvider.*`, parsed and reported; no provider is supported. */
  readonly metricsProvider: {
    readonly className: string | null;
    /** The other `metricsProvider.<name>` settings, by name. */
    readonly options: Readonly<Record<string, string>>;
  };
}
