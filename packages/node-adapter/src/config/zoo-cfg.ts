/**
 * Parses ZooKeeper's zoo.cfg into a {@link ServerConfig}, with ZooKeeper's defaults and
 * checks (DOCS/zookeeperAdmin.md "Configuration Parameters"; QuorumPeerConfig#parseProperties).
 * Unknown and unsupported keys come back as warnings, never silently dropped; bad values and
 * keys that would change quorum membership if ignored throw a {@link ConfigError}.
 */

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_MAX_BUFFER, FOUR_LETTER_WORDS, type FourLetterWord } from '@paddock/protocol';
import { ConfigError } from './config-error';
import { REFUSED_KEYS, UNSUPPORTED_KEYS, UNSUPPORTED_PREFIXES } from './config-keys';
import { parseJavaProperties } from './java-properties';
import { parsePeerDials, PEER_DIAL_KEY } from './peer-dial';
import type { ServerConfig } from './server-config';
import { parseServerEntry, SERVER_KEY, type QuorumServerEntry } from './server-entry';
import { SettingsReader, type IntRange } from './settings-reader';

/** Options of {@link parseZooCfg}. */
export interface ParseZooCfgOptions {
  /**
   * Directory that relative dataDir/dataLogDir resolve against; default `process.cwd()`.
   * ZooKeeper resolves them against the process's working directory, not the config file's,
   * and so does Paddock.
   */
  readonly cwd?: string;
  /** File name used in warnings and errors; default 'zoo.cfg'. */
  readonly source?: string;
}

/** A parsed configuration and what the operator should be told about it. */
export interface ParsedZooCfg {
  readonly config: ServerConfig;
  /** Unknown, unsupported, duplicated or adjusted settings, one sentence each. */
  readonly warnings: string[];
}

/** Paddock's tickTime when zoo.cfg has none (ZooKeeper refuses to start without one). */
export const DEFAULT_TICK_TIME_MS = 2000;

const POSITIVE: IntRange = { min: 1, max: 2 ** 31 - 1 };
const NON_NEGATIVE: IntRange = { min: 0, max: 2 ** 31 - 1 };
const PORT: IntRange = { min: 1, max: 65535 };
const LONG: IntRange = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
/** The log accepts txns of twice jute.maxbuffer, which must stay below 2 GiB. */
const JUTE_MAX_BUFFER: IntRange = { min: 1, max: 2 ** 30 };
/** `super:` followed by the base64 of a 20-byte SHA-1 digest. */
const SUPER_DIGEST = /^[^:\s]+:[A-Za-z0-9+/]{27}=$/;

/**
 * Parses zoo.cfg text.
 * @throws ConfigError naming the key, value and line of the first bad setting.
 */
export function parseZooCfg(text: string, options: ParseZooCfgOptions = {}): ParsedZooCfg {
  const source = options.source ?? null;
  const warnings: string[] = [];
  const s = new SettingsReader(parseJavaProperties(text, source), source, warnings);
  refuseUnsafeKeys(s);

  const tickTimeMs = readTickTime(s);
  const extendedTypesEnabled = s.bool('extendedTypesEnabled', false);
  const servers = readServers(s, extendedTypesEnabled);
  const ensemble = servers.filter((server) => server.type === 'participant').length > 1;
  const cwd = options.cwd ?? process.cwd();
  const dataDir = readDirectory(s, 'dataDir', cwd);
  if (dataDir === undefined) throw s.error('dataDir', 'dataDir is not set');

  const config: ServerConfig = {
    tickTimeMs,
    initLimitTicks: readLimit(s, 'initLimit', 10, ensemble),
    syncLimitTicks: readLimit(s, 'syncLimit', 5, ensemble),
    dataDir,
    dataLogDir: readDirectory(s, 'dataLogDir', cwd) ?? dataDir,
    ...readClientPort(s, servers.length > 0),
    clientPortListenBacklog: readBacklog(s),
    ...readSessionTimeouts(s, tickTimeMs),
    maxClientCnxns: s.int('maxClientCnxns', 60, NON_NEGATIVE),
    maxCnxns: s.int('maxCnxns', 0, NON_NEGATIVE),
    globalOutstandingLimit: s.int('globalOutstandingLimit', 1000, POSITIVE),
    snapCount: readSnapCount(s),
    snapSizeLimitKb: s.int('snapSizeLimitInKb', 4_194_304, LONG),
    txnLogSizeLimitKb: s.int('txnLogSizeLimitInKb', -1, LONG),
    preAllocSizeKb: readPreAllocSize(s),
    forceSync: readForceSync(s),
    juteMaxBuffer: readJuteMaxBuffer(s),
    autopurge: readAutopurge(s),
    fourLetterWords: readWhitelist(s),
    extendedTypesEnabled,
    skipACL: s.bool('skipACL', false),
    superDigest: readSuperDigest(s),
    servers,
    peerDial: parsePeerDials(s.matching(PEER_DIAL_KEY), new Set(servers.map((server) => server.id)), s.source),
    peerType: readPeerType(s),
    standaloneEnabled: s.bool('standaloneEnabled', true),
    reconfigEnabled: s.bool('reconfigEnabled', false),
    electionAlg: readElectionAlg(s),
    quorumListenOnAllIPs: s.bool('quorumListenOnAllIPs', false),
    syncEnabled: s.bool('syncEnabled', true),
    leaderServes: s.bool('leaderServes', true),
    localSessionsEnabled: s.bool('localSessionsEnabled', false),
    localSessionsUpgradingEnabled: s.bool('localSessionsUpgradingEnabled', false),
    containers: {
      checkIntervalMs: s.int('znode.container.checkIntervalMs', 60_000, POSITIVE),
      maxPerMinute: s.int('znode.container.maxPerMinute', 10_000, POSITIVE),
      maxNeverUsedIntervalMs: s.int('znode.container.maxNeverUsedIntervalMs', 0, NON_NEGATIVE),
    },
    admin: readAdmin(s),
    metricsProvider: readMetricsProvider(s),
  };
  reportUnsupported(s, config);
  reportUnread(s);
  return { config, warnings };
}

/** Settings Paddock parses but does not act on yet: say so rather than silently differ. */
function reportUnsupported(s: SettingsReader, c: ServerConfig): void {
  if (c.reconfigEnabled) s.warn('reconfigEnabled is true, but Paddock has no dynamic reconfiguration yet; reconfig requests are answered ReconfigDisabled');
  if (c.localSessionsEnabled || c.localSessionsUpgradingEnabled) s.warn('local sessions are not supported yet; every session is global');
  if (!c.leaderServes) s.warn('leaderServes=no is not supported yet: the leader serves clients like every member');
  if (!c.syncEnabled) s.warn('syncEnabled=false is not supported yet: observers log txns and take snapshots like participants');
  if (s.string('snapSizeLimitInKb') !== undefined) s.warn('snapSizeLimitInKb has no effect: Paddock takes snapshots by txn count (snapCount) only');
}

/**
 * Reads and parses a zoo.cfg file (UTF-8).
 * @throws ConfigError when the file cannot be read or a setting is bad.
 */
export async function loadZooCfg(path: string, options: Omit<ParseZooCfgOptions, 'source'> = {}): Promise<ParsedZooCfg> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file: ${(error as Error).message}`, null, null, null, path);
  }
  return parseZooCfg(text, { ...options, source: path });
}

function refuseUnsafeKeys(s: SettingsReader): void {
  for (const { pattern, reason } of REFUSED_KEYS) {
    const found = s.matching(pattern)[0];
    if (found !== undefined) throw s.error(found.key, reason);
  }
}

function readTickTime(s: SettingsReader): number {
  const tickTimeMs = s.optionalInt('tickTime', POSITIVE);
  if (tickTimeMs !== undefined) return tickTimeMs;
  s.warn(`tickTime is not set; using ${DEFAULT_TICK_TIME_MS} ms (ZooKeeper would refuse to start)`);
  return DEFAULT_TICK_TIME_MS;
}

/** initLimit/syncLimit: ZooKeeper requires them once there is more than one voter. */
function readLimit(s: SettingsReader, key: string, fallback: number, ensemble: boolean): number {
  const ticks = s.optionalInt(key, POSITIVE);
  if (ticks !== undefined) return ticks;
  if (ensemble) throw s.error(key, `${key} is not set (required with more than one participant)`);
  return fallback;
}

function readServers(s: SettingsReader, extendedTypesEnabled: boolean): QuorumServerEntry[] {
  const servers = s.matching(SERVER_KEY).map((entry) => {
    const server = parseServerEntry(entry, s.source);
    if (extendedTypesEnabled && server.id > 254) {
      throw new ConfigError('server ids must be at most 254 with extendedTypesEnabled', entry.key, entry.value, entry.line, s.source);
    }
    return server;
  });
  return servers.sort((a, b) => a.id - b.id);
}

function readDirectory(s: SettingsReader, key: string, cwd: string): string | undefined {
  const entry = s.entry(key);
  if (entry === undefined) return undefined;
  if (entry.value === '') throw s.error(key, 'empty path');
  if (!isAbsolute(entry.value) && !entry.value.startsWith('./') && !entry.value.startsWith('../')) {
    // ZooKeeper's VerifyingFileFactory gives the same advice.
    s.warn(`${key} '${entry.value}' is relative and resolves against the working directory ${cwd}; prepend ./ to show that is intended`);
  }
  return resolve(cwd, entry.value);
}

function readClientPort(s: SettingsReader, hasServers: boolean): Pick<ServerConfig, 'clientPort' | 'clientPortAddress'> {
  const clientPort = s.optionalInt('clientPort', { min: 0, max: 65535 });
  const clientPortAddress = s.string('clientPortAddress') ?? null;
  if (clientPort === undefined) {
    if (clientPortAddress !== null) throw s.error('clientPortAddress', 'clientPortAddress is set but clientPort is not');
    if (!hasServers) throw s.error('clientPort', 'clientPort is not set (and no server.N line gives one)');
  }
  return { clientPort: clientPort ?? null, clientPortAddress };
}

function readBacklog(s: SettingsReader): number {
  const backlog = s.int('clientPortListenBacklog', -1, { min: -1, max: 2 ** 31 - 1 });
  if (backlog === 0) throw s.error('clientPortListenBacklog', 'must be positive, or -1 for the OS default');
  return backlog;
}

function readSessionTimeouts(s: SettingsReader, tickTimeMs: number): Pick<ServerConfig, 'minSessionTimeoutMs' | 'maxSessionTimeoutMs'> {
  const range = { min: -1, max: 2 ** 31 - 1 };
  const min = s.int('minSessionTimeout', -1, range);
  const max = s.int('maxSessionTimeout', -1, range);
  const minSessionTimeoutMs = min === -1 ? 2 * tickTimeMs : min;
  const maxSessionTimeoutMs = max === -1 ? 20 * tickTimeMs : max;
  if (minSessionTimeoutMs > maxSessionTimeoutMs) {
    const key = s.entry('minSessionTimeout') !== undefined ? 'minSessionTimeout' : 'maxSessionTimeout';
    throw s.error(key, `minSessionTimeout (${minSessionTimeoutMs} ms) must not be larger than maxSessionTimeout (${maxSessionTimeoutMs} ms)`);
  }
  return { minSessionTimeoutMs, maxSessionTimeoutMs };
}

function readSnapCount(s: SettingsReader): number {
  const snapCount = s.int('snapCount', 100_000, POSITIVE);
  if (snapCount >= 2) return snapCount;
  s.warn('snapCount must be at least 2; using 2 (as ZooKeeper does)');
  return 2;
}

function readPreAllocSize(s: SettingsReader): number {
  return s.int('preAllocSize', 65_536, POSITIVE);
}

function readForceSync(s: SettingsReader): boolean {
  const forceSync = s.bool('forceSync', true);
  if (!forceSync) s.warn('forceSync is off: acknowledged writes can be lost if the machine crashes');
  return forceSync;
}

/** jute.maxbuffer is read by Java's Integer.decode, so 0x-hex is allowed as well as decimal. */
function readJuteMaxBuffer(s: SettingsReader): number {
  const entry = s.entry('jute.maxbuffer');
  if (entry === undefined) return DEFAULT_MAX_BUFFER;
  const hex = /^0[xX]([0-9a-fA-F]+)$/.exec(entry.value);
  const n = hex === null ? s.int('jute.maxbuffer', DEFAULT_MAX_BUFFER, JUTE_MAX_BUFFER) : parseInt(hex[1]!, 16);
  if (n < JUTE_MAX_BUFFER.min || n > JUTE_MAX_BUFFER.max) {
    throw s.error('jute.maxbuffer', `${n} is outside ${JUTE_MAX_BUFFER.min} .. ${JUTE_MAX_BUFFER.max}`);
  }
  return n;
}

function readAutopurge(s: SettingsReader): ServerConfig['autopurge'] {
  let snapRetainCount = s.int('autopurge.snapRetainCount', 3);
  if (snapRetainCount < 3) {
    s.warn(`autopurge.snapRetainCount ${snapRetainCount} is below the minimum; using 3 (as ZooKeeper does)`);
    snapRetainCount = 3;
  }
  const hours = s.int('autopurge.purgeInterval', 0);
  return { snapRetainCount, purgeIntervalHours: Math.max(hours, 0) };
}

function readWhitelist(s: SettingsReader): ReadonlySet<FourLetterWord> {
  const entry = s.entry('4lw.commands.whitelist');
  if (entry === undefined) return new Set<FourLetterWord>(['srvr']);
  const words = entry.value.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.includes('*')) return new Set(FOUR_LETTER_WORDS);
  const known = new Set<string>(FOUR_LETTER_WORDS);
  const enabled = new Set<FourLetterWord>();
  for (const word of words) {
    if (known.has(word)) enabled.add(word as FourLetterWord);
    else s.warn(`line ${entry.line}: unknown four-letter word '${word}' in 4lw.commands.whitelist ignored`);
  }
  return enabled;
}

function readSuperDigest(s: SettingsReader): string | null {
  const digest = s.string('DigestAuthenticationProvider.superDigest');
  if (digest === undefined) return null;
  if (!SUPER_DIGEST.test(digest)) {
    throw s.error('DigestAuthenticationProvider.superDigest', 'expected user:<base64 of a SHA-1 digest>, e.g. super:D/InIHSb7yEEbrWz8b9l71RjZJU=');
  }
  return digest;
}

function readPeerType(s: SettingsReader): ServerConfig['peerType'] {
  const value = (s.string('peerType') ?? 'participant').toLowerCase();
  if (value === 'participant' || value === 'observer') return value;
  throw s.error('peerType', 'expected participant or observer');
}

function readElectionAlg(s: SettingsReader): 3 {
  if (s.int('electionAlg', 3) !== 3) throw s.error('electionAlg', 'only 3 (fast leader election) is supported, as in ZooKeeper 3.6+');
  return 3;
}

function readAdmin(s: SettingsReader): ServerConfig['admin'] {
  const admin = {
    enableServer: s.bool('admin.enableServer', false),
    serverAddress: s.string('admin.serverAddress') ?? '0.0.0.0',
    serverPort: s.int('admin.serverPort', 8080, PORT),
    commandURL: s.string('admin.commandURL') ?? '/commands',
    idleTimeoutMs: s.int('admin.idleTimeout', 30_000, POSITIVE),
  };
  if (admin.enableServer) {
    s.warn(`admin.enableServer is true, but Paddock has no AdminServer yet; nothing will listen on ${admin.serverAddress}:${admin.serverPort}`);
  }
  return admin;
}

function readMetricsProvider(s: SettingsReader): ServerConfig['metricsProvider'] {
  const entries = s.matching(/^metricsProvider\./);
  const className = entries.find((e) => e.key === 'metricsProvider.className')?.value ?? null;
  const options = Object.fromEntries(
    entries.filter((e) => e.key !== 'metricsProvider.className').map((e) => [e.key.slice('metricsProvider.'.length), e.value]),
  );
  if (entries.length > 0) {
    s.warn(`metricsProvider settings (${entries.map((e) => e.key).join(', ')}) are parsed but no metrics provider is supported; the mntr four-letter word reports the metrics`);
  }
  return { className, options };
}

function reportUnread(s: SettingsReader): void {
  for (const entry of s.unread()) {
    const unsupported = UNSUPPORTED_KEYS.has(entry.key) || UNSUPPORTED_PREFIXES.some((p) => entry.key.startsWith(p));
    s.warn(
      unsupported
        ? `line ${entry.line}: '${entry.key}' is a ZooKeeper setting Paddock does not support; ignored`
        : `line ${entry.line}: unknown key '${entry.key}' ignored`,
    );
  }
}
