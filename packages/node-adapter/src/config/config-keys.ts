/**
 * The zoo.cfg keys Paddock knows: those it reads (with defaults, for the README), those it
 * recognises as ZooKeeper's but does not support (reported, then ignored), and those it
 * refuses because ignoring them would change who forms a quorum.
 */

import { DEFAULT_MAX_BUFFER } from '@paddock/protocol';

/** One supported key as the README lists it. */
export interface ConfigKeyDoc {
  /** The zoo.cfg key; `N` and `*` stand for a number and any suffix. */
  readonly key: string;
  /** Paddock's default, in words when it is not a plain value. */
  readonly defaultValue: string;
  readonly description: string;
}

const SUPPORTED: readonly ConfigKeyDoc[] = [
  { key: 'tickTime', defaultValue: '2000', description: 'Length of a tick in ms. ZooKeeper requires it; Paddock falls back to 2000 (the sample value) with a warning.' },
  { key: 'initLimit', defaultValue: '10', description: 'Ticks a follower may take to connect and sync to the leader; required with more than one participant.' },
  { key: 'syncLimit', defaultValue: '5', description: 'Ticks a follower may lag behind the leader; required with more than one participant.' },
  { key: 'dataDir', defaultValue: '(required)', description: 'Snapshots (and the txn log unless dataLogDir is set). Relative paths resolve against the working directory, as in ZooKeeper.' },
  { key: 'dataLogDir', defaultValue: 'dataDir', description: 'Txn log segments; a dedicated device is recommended.' },
  { key: 'clientPort', defaultValue: '(required without server.N)', description: 'Client port; 0 lets the OS choose (Paddock extension, useful in tests).' },
  { key: 'clientPortAddress', defaultValue: 'all interfaces', description: 'Address the client port binds to.' },
  { key: 'clientPortListenBacklog', defaultValue: '-1 (OS default)', description: 'Listen backlog of the client port.' },
  { key: 'minSessionTimeout', defaultValue: '2 * tickTime', description: 'Smallest session timeout (ms) a client may negotiate; -1 means the default.' },
  { key: 'maxSessionTimeout', defaultValue: '20 * tickTime', description: 'Largest session timeout (ms) a client may negotiate; -1 means the default.' },
  { key: 'maxClientCnxns', defaultValue: '60', description: 'Connections per client IP address; 0 is unlimited.' },
  { key: 'maxCnxns', defaultValue: '0', description: 'Total client connections; 0 is unlimited.' },
  { key: 'globalOutstandingLimit', defaultValue: '1000', description: 'Requests in flight across all clients before throttling.' },
  { key: 'snapCount', defaultValue: '100000', description: 'Txns between snapshots (each server picks a random point in [snapCount/2+1, snapCount]).' },
  { key: 'snapSizeLimitInKb', defaultValue: '4194304', description: 'Logged KiB between snapshots; non-positive disables the size trigger.' },
  { key: 'txnLogSizeLimitInKb', defaultValue: '-1 (off)', description: 'Size at which a txn log segment is rolled.' },
  { key: 'preAllocSize', defaultValue: '65536', description: 'KiB by which the active log segment is extended (sparse) ahead of its records, so fsyncs rarely commit a size change.' },
  { key: 'forceSync', defaultValue: 'yes', description: 'fdatasync the txn log before acknowledging writes. Turning it off risks acknowledged writes.' },
  { key: 'jute.maxbuffer', defaultValue: String(DEFAULT_MAX_BUFFER), description: 'Largest packet and znode data in bytes (a Java system property in ZooKeeper); decimal or 0x hex.' },
  { key: 'autopurge.snapRetainCount', defaultValue: '3', description: 'Snapshots kept by autopurge, with the log they need; values below 3 become 3.' },
  { key: 'autopurge.purgeInterval', defaultValue: '0 (off)', description: 'Non-zero turns autopurge on; Paddock then purges right after each snapshot rather than on an hourly timer.' },
  { key: '4lw.commands.whitelist', defaultValue: 'srvr', description: 'Comma-separated four-letter words to answer; * enables all.' },
  { key: 'extendedTypesEnabled', defaultValue: 'false', description: 'Allow TTL nodes (server ids must then be at most 254).' },
  { key: 'skipACL', defaultValue: 'no', description: 'Skip all ACL checks.' },
  { key: 'DigestAuthenticationProvider.superDigest', defaultValue: '(none)', description: 'super:<base64 SHA-1> digest of the super user, who bypasses ACLs.' },
  { key: 'server.N', defaultValue: '(none)', description: 'Ensemble member: host:quorumPort:electionPort[:participant|observer][;[clientAddress:]clientPort].' },
  { key: 'paddock.peerDial.N', defaultValue: '(none)', description: 'Paddock only: dial member N at host:port instead of its server.N quorum address (a TCP proxy or NAT in between). Not part of the ensemble digest.' },
  { key: 'peerType', defaultValue: 'participant', description: 'participant or observer.' },
  { key: 'standaloneEnabled', defaultValue: 'true', description: 'A single participant runs standalone rather than as a one-member ensemble.' },
  { key: 'reconfigEnabled', defaultValue: 'false', description: 'Allow dynamic reconfiguration.' },
  { key: 'electionAlg', defaultValue: '3', description: 'Leader election algorithm; only 3 (fast leader election) exists.' },
  { key: 'quorumListenOnAllIPs', defaultValue: 'false', description: 'Listen for peers on all addresses, not only the server.N host.' },
  { key: 'syncEnabled', defaultValue: 'true', description: 'Observers log txns and take snapshots like participants; false is reported at startup and not acted on.' },
  { key: 'leaderServes', defaultValue: 'yes', description: 'The leader accepts client connections; no is reported at startup and not acted on.' },
  { key: 'localSessionsEnabled', defaultValue: 'false', description: 'Allow local (server-only) sessions.' },
  { key: 'localSessionsUpgradingEnabled', defaultValue: 'false', description: 'Upgrade a local session to global when it creates an ephemeral.' },
  { key: 'znode.container.checkIntervalMs', defaultValue: '60000', description: 'Interval of the container and TTL node cleanup check.' },
  { key: 'znode.container.maxPerMinute', defaultValue: '10000', description: 'Container and TTL nodes deleted per minute at most.' },
  { key: 'znode.container.maxNeverUsedIntervalMs', defaultValue: '0 (never)', description: 'Delete containers that never had children after this long.' },
  { key: 'admin.enableServer', defaultValue: 'false', description: "Paddock has no AdminServer yet (ZooKeeper's default is true); enabling it is reported." },
  { key: 'admin.serverAddress', defaultValue: '0.0.0.0', description: 'AdminServer address (parsed).' },
  { key: 'admin.serverPort', defaultValue: '8080', description: 'AdminServer port (parsed).' },
  { key: 'admin.commandURL', defaultValue: '/commands', description: 'AdminServer command path (parsed).' },
  { key: 'admin.idleTimeout', defaultValue: '30000', description: 'AdminServer idle timeout in ms (parsed).' },
  { key: 'metricsProvider.className', defaultValue: '(none)', description: 'Parsed and reported: metrics providers are not supported; use mntr.' },
  { key: 'metricsProvider.*', defaultValue: '(none)', description: 'Options of the metrics provider (parsed and reported).' },
];

/** The supported zoo.cfg keys with defaults and descriptions, in README order. */
export function supportedConfigKeys(): readonly ConfigKeyDoc[] {
  return SUPPORTED;
}

/** ZooKeeper keys Paddock recognises but does not implement: reported, then ignored. */
export const UNSUPPORTED_KEYS: ReadonlySet<string> = new Set([
  'secureClientPort',
  'secureClientPortAddress',
  'observerMasterPort',
  'connectToLearnerMasterLimit',
  'sslQuorum',
  'sslQuorumReloadCertFiles',
  'portUnification',
  'serverCnxnFactory',
  'multiAddress.enabled',
  'multiAddress.reachabilityCheckEnabled',
  'multiAddress.reachabilityCheckTimeoutMs',
  'quorum.cnxn.threads.size',
  'snapshot.compression.method',
  'digest.enabled',
  'enforceQuota',
  'requestThrottleLimit',
  'connectionMaxTokens',
  'audit.enable',
  'admin.portUnification',
]);

/** Key prefixes of ZooKeeper features Paddock does not implement (TLS, SASL, auth plugins). */
export const UNSUPPORTED_PREFIXES: readonly string[] = ['ssl.', 'authProvider.', 'quorum.auth.', 'kerberos.'];

/**
 * Keys Paddock refuses: ignoring them would silently change the ensemble's membership or
 * quorum rules, which risks split brain.
 */
export const REFUSED_KEYS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /^dynamicConfigFile$/, reason: 'a separate dynamic config file is not supported; put the server.N lines in zoo.cfg' },
  { pattern: /^group\./, reason: 'hierarchical quorums (group.N) are not supported' },
  { pattern: /^weight\./, reason: 'weighted quorums (weight.N) are not supported' },
];
