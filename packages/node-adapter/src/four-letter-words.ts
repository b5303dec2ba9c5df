/**
 * The text answers to four-letter words, in ZooKeeper 3.8's formats (line shapes, key names,
 * tabs, trailing newlines), built from the core's `inspect()` plus what only the adapter knows
 * (configuration, directory sizes, process facts). Checked line by line against a running
 * ZooKeeper 3.8.0.
 */
import type { ConnId, ConnectionInspection, ServerInspection } from '@paddock/core';
import type { FourLetterWord } from '@paddock/protocol';
import type { ProposalSizes } from './core-driver';
import type { DurationSummary } from './durable-storage';
import { javaDateUtc, javaDouble, longToHex, roundedAverage } from './java-format';
import type { FileDescriptorCounts } from './process-facts';
import { VERSION_LINE } from './version';

/** The settings `conf` prints, as the server runs with them. */
export interface ReportedConfig {
  readonly clientPort: number;
  readonly dataDir: string;
  readonly dataLogDir: string;
  readonly tickTimeMs: number;
  readonly maxClientCnxns: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly clientPortListenBacklog: number;
  /** 0 in standalone, as ZooKeeper prints it. */
  readonly serverId: number;
  /** How long a connection may stay without a session (for the dump's connection expiries). */
  readonly sessionlessConnectionTimeoutMs: number;
}

/** What an ensemble member reports beyond a standalone server. */
export interface EnsembleFacts {
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly observer: boolean;
  /** Ids of the observers: a leader's learners that are not followers. */
  readonly observers: ReadonlySet<number>;
  /** Voting members (zk_quorum_size). */
  readonly voters: number;
  /** The `server.N` lines and `version=`, as /zookeeper/config holds them. */
  readonly configText: string;
  /** Sizes of the txns proposed while leading (-1 before any). */
  readonly proposalSizes: ProposalSizes;
}

/** Everything the answers are made from, gathered at the moment of asking. */
export interface FourLetterWordFacts {
  readonly inspection: ServerInspection;
  /** null for a standalone server. */
  readonly ensemble: EnsembleFacts | null;
  readonly nowMs: number;
  readonly uptimeMs: number;
  readonly config: ReportedConfig;
  /** ZooKeeper's interest ops of a connection: 1 while it is read, 0 while paused. */
  readonly interestOps: (conn: ConnId) => number;
  readonly dataDirSize: number;
  readonly dataLogDirSize: number;
  readonly fileDescriptors: FileDescriptorCounts | null;
  readonly environment: ReadonlyArray<readonly [string, string]>;
  readonly fsync: DurationSummary;
  readonly snapshot: DurationSummary;
  readonly traceMask: bigint;
}

/** ZooKeeper's default trace mask (`ZooTrace`): request, client-ping and session traces. */
export const DEFAULT_TRACE_MASK = 0b100110010n;

/** `<cmd> is not executed because it is not in the whitelist.` */
export function notWhitelisted(word: FourLetterWord): string {
  return `${word} is not executed because it is not in the whitelist.\n`;
}

/** ZooKeeper's answer while the server is not serving (an ensemble member electing or syncing). */
export const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests\n';

/** Words that answer {@link NOT_SERVING} while the server is not serving, as ZooKeeper's do. */
const NEED_SERVING: ReadonlySet<FourLetterWord> = new Set<FourLetterWord>([
  'srvr', 'stat', 'cons', 'mntr', 'conf', 'dirs', 'dump', 'wchs', 'wchc', 'wchp', 'crst', 'srst', 'hash',
]);

/** What a server still recovering its data can report. */
export interface RecoveringFacts {
  readonly environment: ReadonlyArray<readonly [string, string]>;
  readonly traceMask: bigint;
}

/**
 * The answer to `word` while the data is still being recovered. ZooKeeper listens before it
 * loads its database and answers meanwhile: `ruok` imok, `envi`, `gtmk` and `stmk` as ever,
 * `isro` null, every other word {@link NOT_SERVING}.
 */
export function answerWhileRecovering(word: FourLetterWord, facts: RecoveringFacts): string {
  switch (word) {
    case 'ruok':
      return 'imok';
    case 'isro':
      return 'null';
    case 'envi':
      return environment(facts.environment);
    case 'gtmk':
    case 'stmk':
      return facts.traceMask.toString();
    default:
      return NOT_SERVING;
  }
}

/** The answer to `word`. crst, srst and stmk only report here; their effect is the caller's. */
export function answerFourLetterWord(word: FourLetterWord, facts: FourLetterWordFacts): string {
  if (!facts.inspection.serving && NEED_SERVING.has(word)) return NOT_SERVING;
  switch (word) {
    case 'ruok':
      return 'imok';
    case 'isro':
      return facts.inspection.serving ? 'rw' : 'null';
    case 'srvr':
      return `Zookeeper version: ${VERSION_LINE}\n${serverStats(facts)}`;
    case 'stat':
      return `Zookeeper version: ${VERSION_LINE}\nClients:\n${connectionLines(facts, true)}\n${serverStats(facts)}`;
    case 'cons':
      return `${connectionLines(facts, false)}\n`;
    case 'mntr':
      return monitor(facts);
    case 'conf':
      return configuration(facts);
    case 'envi':
      return environment(facts.environment);
    case 'dirs':
      return `datadir_size: ${facts.dataDirSize}\nlogdir_size: ${facts.dataLogDirSize}\n`;
    case 'dump':
      return dump(facts);
    case 'wchs':
      return watchSummary(facts.inspection);
    case 'wchc':
      return watchesByConnection(facts.inspection);
    case 'wchp':
      return watchesByPath(facts.inspection);
    case 'crst':
      return 'Connection stats reset.\n';
    case 'srst':
      return 'Server stats reset.\n';
    case 'gtmk':
    case 'stmk':
      return facts.traceMask.toString();
    case 'hash':
      return `${longToHex(facts.inspection.lastZxid)}: ${facts.inspection.digest}\n`;
  }
}

/** ZooKeeper reports the root twice (it is stored under "" and "/"); monitoring expects that. */
function reportedNodeCount(inspection: ServerInspection): number {
  return inspection.nodeCount + 1;
}

function serverStats({ inspection: s, ensemble }: FourLetterWordFacts): string {
  const p = ensemble?.proposalSizes;
  return [
    `Latency min/avg/max: ${s.minLatencyMs}/${javaDouble(roundedAverage(s.avgLatencyMs, 1))}/${s.maxLatencyMs}`,
    `Received: ${s.packetsReceived}`,
    `Sent: ${s.packetsSent}`,
    `Connections: ${s.connections.length}`,
    `Outstanding: ${s.outstandingRequests}`,
    `Zxid: 0x${longToHex(s.lastZxid)}`,
    `Mode: ${s.role}`,
    `Node count: ${reportedNodeCount(s)}`,
    ...(s.role === 'leader' && p !== undefined ? [`Proposal sizes last/min/max: ${p.last}/${p.min}/${p.max}`] : []),
    '',
  ].join('\n');
}

/** One line per connection, ` /ip:port[ops](queued=…,recved=…,sent=…[,sid=…,…])`, each ending in a newline. */
function connectionLines(facts: FourLetterWordFacts, brief: boolean): string {
  return facts.inspection.connections.map((c) => `${connectionInfo(c, facts.interestOps(c.id), brief)}\n`).join('');
}

function connectionInfo(c: ConnectionInspection, interestOps: number, brief: boolean): string {
  const head = ` /${c.remoteHost}:${c.remotePort}[${interestOps}](queued=${c.queued},recved=${c.received},sent=${c.sent}`;
  if (brief || c.sessionId === 0n) return `${head})`;
  const parts = [
    `sid=0x${longToHex(c.sessionId)}`,
    `lop=${LAST_OPERATION_NAMES.get(c.lastOpcode) ?? 'NA'}`,
    `est=${c.connectedWallMs}`,
    `to=${c.timeoutMs}`,
    ...(c.lastCxid >= 0 ? [`lcxid=0x${longToHex(c.lastCxid)}`] : []),
    `lzxid=0x${longToHex(c.lastZxid)}`,
    `lresp=${c.lastResponseWallMs}`,
    `llat=${c.lastLatencyMs}`,
    `minlat=${c.minLatencyMs}`,
    `avglat=${c.replies === 0 ? 0 : Math.floor(c.totalLatencyMs / c.replies)}`,
    `maxlat=${c.maxLatencyMs}`,
  ];
  return `${head},${parts.join(',')})`;
}

/** ZooKeeper's short names of the last operation (FinalRequestProcessor), by opcode. */
const LAST_OPERATION_NAMES: ReadonlyMap<number, string> = new Map([
  [-11, 'CLOS'], [-10, 'SESS'], [1, 'CREA'], [2, 'DELE'], [3, 'EXIS'], [4, 'GETD'], [5, 'SETD'],
  [6, 'GETA'], [7, 'SETA'], [8, 'GETC'], [9, 'SYNC'], [11, 'PING'], [12, 'GETC'], [13, 'CHEC'],
  [14, 'MULT'], [15, 'CREA'], [16, 'RECO'], [17, 'CHKW'], [18, 'REMW'], [19, 'CREA'], [20, 'DELE'],
  [21, 'CREA'], [22, 'MLTR'], [101, 'SETW'], [103, 'GETE'], [104, 'GETACN'], [105, 'STW2'],
  [106, 'ADDW'], [107, 'HOMI'],
]);

function monitor(facts: FourLetterWordFacts): string {
  const s = facts.inspection;
  const lines: Array<[string, string | number]> = [
    ['zk_version', VERSION_LINE],
    ['zk_server_state', s.role],
    ...(facts.ensemble === null ? [] : [['zk_peer_state', peerState(s)] as [string, string]]),
    ['zk_ephemerals_count', s.ephemeralCount],
    ['zk_num_alive_connections', s.connections.length],
    ['zk_avg_latency', javaDouble(roundedAverage(s.avgLatencyMs, 1))],
    ['zk_outstanding_requests', s.outstandingRequests],
    ['zk_znode_count', reportedNodeCount(s)],
    ['zk_global_sessions', s.sessions.length],
    ['zk_packets_sent', s.packetsSent],
    ['zk_packets_received', s.packetsReceived],
    ['zk_watch_count', s.watchCount],
    ['zk_min_latency', s.minLatencyMs],
    ...(facts.fileDescriptors ? [['zk_max_file_descriptor_count', facts.fileDescriptors.max] as [string, number]] : []),
    ['zk_approximate_data_size', s.approximateDataSize],
    ...(facts.fileDescriptors ? [['zk_open_file_descriptor_count', facts.fileDescriptors.open] as [string, number]] : []),
    ['zk_local_sessions', 0],
    ['zk_uptime', facts.uptimeMs],
    ['zk_max_latency', s.maxLatencyMs],
    ...(facts.ensemble === null ? [] : quorumMetrics(s, facts.ensemble)),
    ...summary('fsynctime', facts.fsync),
    ...summary('snapshottime', facts.snapshot),
  ];
  return lines.map(([key, value]) => `${key}\t${value}\n`).join('');
}

/** ZooKeeper's detailed peer state: `leading - broadcast`, `following - synchronization`, `looking`. */
function peerState(s: ServerInspection): string {
  const state = { leader: 'leading', follower: 'following', observer: 'observing', looking: 'looking', standalone: 'leading' }[s.role];
  if (s.role === 'looking' || s.zabPhase === null) return state;
  return `${state} - ${s.zabPhase === 'sync' ? 'synchronization' : s.zabPhase}`;
}

/** zk_quorum_size on every member; the leader adds its learners, as ZooKeeper 3.8's mntr does. */
function quorumMetrics(s: ServerInspection, e: EnsembleFacts): Array<[string, number]> {
  const lines: Array<[string, number]> = [['zk_quorum_size', e.voters]];
  if (s.role !== 'leader') return lines;
  const synced = s.learners.filter(([, phase]) => phase === 'synced');
  return [
    ...lines,
    ['zk_learners', s.learners.length],
    ['zk_synced_followers', synced.filter(([id]) => !e.observers.has(id)).length],
    ['zk_synced_non_voting_followers', 0],
    ['zk_synced_observers', synced.filter(([id]) => e.observers.has(id)).length],
    ['zk_pending_syncs', s.learners.filter(([, phase]) => phase === 'syncing').length],
    ['zk_last_proposal_size', e.proposalSizes.last],
    ['zk_min_proposal_size', e.proposalSizes.min],
    ['zk_max_proposal_size', e.proposalSizes.max],
  ];
}

/** mntr's five lines for a summary metric: zk_avg_, zk_min_, zk_max_, zk_cnt_, zk_sum_. */
function summary(name: string, d: DurationSummary): Array<[string, string | number]> {
  return [
    [`zk_avg_${name}`, javaDouble(roundedAverage(d.sumMs, d.count))],
    [`zk_min_${name}`, d.minMs],
    [`zk_max_${name}`, d.maxMs],
    [`zk_cnt_${name}`, d.count],
    [`zk_sum_${name}`, d.sumMs],
  ];
}

function configuration({ config: c, dataDirSize, dataLogDirSize, ensemble }: FourLetterWordFacts): string {
  const lines = [
    `clientPort=${c.clientPort}`,
    'secureClientPort=-1',
    `dataDir=${c.dataDir}`,
    `dataDirSize=${dataDirSize}`,
    `dataLogDir=${c.dataLogDir}`,
    `dataLogSize=${dataLogDirSize}`,
    `tickTime=${c.tickTimeMs}`,
    `maxClientCnxns=${c.maxClientCnxns}`,
    `minSessionTimeout=${c.minSessionTimeoutMs}`,
    `maxSessionTimeout=${c.maxSessionTimeoutMs}`,
    `clientPortListenBacklog=${c.clientPortListenBacklog}`,
    `serverId=${c.serverId}`,
  ];
  if (ensemble === null) return `${lines.join('\n')}\n`;
  // ZooKeeper prints the membership as /zookeeper/config holds it, with no newline at the end.
  return [
    ...lines,
    `initLimit=${ensemble.initLimit}`,
    `syncLimit=${ensemble.syncLimit}`,
    'electionAlg=3',
    `electionPort=${ensemble.electionPort}`,
    `quorumPort=${ensemble.quorumPort}`,
    `peerType=${ensemble.observer ? 1 : 0}`,
    'membership: ',
    ensemble.configText,
  ].join('\n');
}

function environment(entries: ReadonlyArray<readonly [string, string]>): string {
  const lines = ['Environment:', `zookeeper.version=${VERSION_LINE}`, ...entries.map(([k, v]) => `${k}=${v}`)];
  return `${lines.join('\n')}\n`;
}

/** Sessions by expiry time, ephemerals by session, connections by expiry: ZooKeeper's dump. */
function dump(facts: FourLetterWordFacts): string {
  const s = facts.inspection;
  const tickMs = facts.config.tickTimeMs;
  const sessionExpiry = (expiresAtTick: number) => facts.nowMs + (expiresAtTick - s.currentTick) * tickMs;
  const sessionBuckets = groupBy(s.sessions, (x) => sessionExpiry(x.expiresAtTick), (x) => `0x${longToHex(x.id)}`);
  const out = ['SessionTracker dump:', ...expirySets('Session', sessionBuckets, s.sessions.length)];
  out.push('ephemeral nodes dump:', `Sessions with Ephemerals (${s.ephemerals.length}):`);
  for (const [sessionId, paths] of s.ephemerals) {
    out.push(`0x${longToHex(sessionId)}:`, ...paths.map((p) => `\t${p}`));
  }
  const expiresAt = new Map(s.sessions.map((x) => [x.id, sessionExpiry(x.expiresAtTick)]));
  const connectionBuckets = groupBy(
    s.connections,
    (c) => expiresAt.get(c.sessionId) ?? c.connectedWallMs + facts.config.sessionlessConnectionTimeoutMs,
    (c) => `ip: /${c.remoteHost}:${c.remotePort} sessionId: 0x${longToHex(c.sessionId)}`,
  );
  out.push('Connections dump:', ...expirySets('Connections', connectionBuckets, s.connections.length));
  return `${out.join('\n')}\n`;
}

/** ZooKeeper's ExpiryQueue dump: `<name> Sets (buckets)/(elements):`, then each bucket by time. */
function expirySets(name: string, buckets: ReadonlyMap<number, string[]>, elements: number): string[] {
  const lines = [`${name} Sets (${buckets.size})/(${elements}):`];
  for (const time of [...buckets.keys()].sort((a, b) => a - b)) {
    const members = buckets.get(time)!;
    lines.push(`${members.length} expire at ${javaDateUtc(time)}:`, ...members.map((m) => `\t${m}`));
  }
  return lines;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number, label: (item: T) => string): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(label(item));
    else groups.set(k, [label(item)]);
  }
  return groups;
}

function watchSummary(s: ServerInspection): string {
  return `${s.watchesByConnection.length} connections watching ${s.watchedPathCount} paths\nTotal watches:${s.watchCount}\n`;
}

/** Session of each connection, for the watch listings (ZooKeeper keys watches by session). */
function sessionOf(s: ServerInspection): (conn: ConnId) => string {
  const ids = new Map(s.connections.map((c) => [c.id, c.sessionId]));
  return (conn) => `0x${longToHex(ids.get(conn) ?? 0n)}`;
}

function watchesByConnection(s: ServerInspection): string {
  const session = sessionOf(s);
  const lines = s.watchesByConnection.flatMap(([conn, paths]) => [session(conn), ...paths.map((p) => `\t${p}`)]);
  return `${lines.map((l) => `${l}\n`).join('')}\n`;
}

function watchesByPath(s: ServerInspection): string {
  const session = sessionOf(s);
  const lines = s.watchesByPath.flatMap(([path, conns]) => [path, ...conns.map((c) => `\t${session(c)}`)]);
  return `${lines.map((l) => `${l}\n`).join('')}\n`;
}
