/**
 * A running server, standalone or one member of an ensemble: listens on the client port,
 * recovers the core from disk (with the epoch files of a member), then binds it to the client port, the peer transport,
 * the txn log, the snapshot store and the tick timer. Everything here is wiring; the protocol
 * (election, Zab, sessions) is decided by the core.
 */
import type { AddressInfo } from 'node:net';
import { Server, type CoreConfig, type ServerInspection } from '@paddock/core';
import type { FourLetterWord } from '@paddock/protocol';
import { ClientPort, type ClientPortEvents } from './client-port';
import type { ClientConnection, ConnectionLimits } from './connection';
import { coreConfigFor } from './core-config';
import { CoreDriver, type ConnectionSink } from './core-driver';
import type { ServerConfig } from './config/server-config';
import { directorySize } from './dir-size';
import { DurableStorage } from './durable-storage';
import {
  answerFourLetterWord, answerWhileRecovering, DEFAULT_TRACE_MASK, notWhitelisted,
  type EnsembleFacts, type FourLetterWordFacts, type ReportedConfig,
} from './four-letter-words';
import { EpochFiles } from './ensemble/epoch-files';
import { ensembleConfigText, isEnsemble, resolveMembership, type Membership } from './ensemble/membership';
import { readMyId } from './ensemble/myid';
import type { Logger } from './logger';
import { PeerTransport, peerFrameLimit } from './peer/index';
import { environmentEntries, fileDescriptorCounts } from './process-facts';
import { recover, formatZxid, maxTxnPayloadBytes, type RecoveredState } from './storage/index';
import { startTicker } from './ticker';

/** A server that is up and serving. */
export interface RunningServer {
  /** The address the client port is bound to. */
  readonly host: string;
  /** The client port (the real one when port 0 was configured). */
  readonly port: number;
  /** The core's read-only view (what the four-letter words report). */
  inspect(): ServerInspection;
  /** Stops accepting, drops the connections, flushes and fsyncs the log, closes the files. */
  close(): Promise<void>;
  /** Resolves once the server has stopped: null after `close()`, the error after a fatal one. */
  readonly stopped: Promise<Error | null>;
}

/** Transport limits that zoo.cfg does not name. */
export const DEFAULT_CONNECTION_LIMITS: Omit<ConnectionLimits, 'maxFrameBytes'> = {
  handshakeTimeoutMs: 10_000,
  outboundHighWaterBytes: 4 * 1024 * 1024,
  outboundMaxBytes: 64 * 1024 * 1024,
};

/** The connection cap when zoo.cfg's maxCnxns is 0 ("unlimited"): as many as the core's sessions. */
const DEFAULT_MAX_CONNECTIONS = 60_000;

/** Log segment size when zoo.cfg sets no txnLogSizeLimitInKb. */
const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

/** preAllocSize beyond 1 GiB buys nothing (the space is sparse and cut at each roll); capped. */
const MAX_PREALLOCATE_KB = 1024 * 1024;

/** Test hooks of {@link startPaddockServer}. */
export interface StartHooks {
  /** Awaited once the client port listens, before the data is read (a test holds recovery there). */
  readonly beforeRecovery?: () => Promise<void>;
}

/**
 * Recovers the state in `config.dataDir`/`dataLogDir` and starts serving it: standalone, or
 * as the ensemble member that `<dataDir>/myid` names when the config lists an ensemble.
 * The client port listens first, as ZooKeeper's does: while the data loads, four-letter words
 * are answered ({@link answerWhileRecovering}) and session handshakes are closed.
 * @throws CorruptLogError / CorruptSnapshotError when acknowledged data on disk is damaged;
 *   Error when the configuration cannot run (myid missing or not in the server list, ports
 *   that collide, a port already in use).
 */
export async function startPaddockServer(config: ServerConfig, logger: Logger, hooks: StartHooks = {}): Promise<RunningServer> {
  const membership = isEnsemble(config) ? resolveMembership(config, await readMyId(config.dataDir)) : null;
  for (const warning of membership?.warnings ?? []) logger.warn(warning);
  const clientAddress = membership?.client ?? clientAddressOf(config);
  const startWallMs = Date.now();
  const traceMask = { value: DEFAULT_TRACE_MASK };
  const port = new ClientPort(
    {
      host: clientAddress.host,
      port: clientAddress.port,
      listenBacklog: config.clientPortListenBacklog,
      maxConnections: config.maxCnxns > 0 ? config.maxCnxns : DEFAULT_MAX_CONNECTIONS,
      limits: { maxFrameBytes: config.juteMaxBuffer, ...DEFAULT_CONNECTION_LIMITS },
    },
    whileRecovering(config, traceMask),
    logger,
  );
  const address = await port.listen();
  // "listening for clients" is logged once sessions are served: scripts and tests wait for it.
  logger.info(`client port ${address.address}:${address.port} open for four-letter words while the data is recovered`);
  let state: RecoveredState | null = null;
  let epochFiles: EpochFiles | null = null;
  let server: Server;
  try {
    await hooks.beforeRecovery?.();
    state = await recover(config.dataDir, config.dataLogDir, {
      maxPayloadBytes: maxTxnPayloadBytes(config.juteMaxBuffer),
      fsync: config.forceSync,
      segmentBytes: config.txnLogSizeLimitKb > 0 ? config.txnLogSizeLimitKb * 1024 : DEFAULT_SEGMENT_BYTES,
      preallocateBytes: Math.min(config.preAllocSizeKb, MAX_PREALLOCATE_KB) * 1024,
    });
    for (const warning of state.warnings) logger.warn(warning);
    epochFiles = membership === null ? null : new EpochFiles(state.snapshots.dir);
    const epochs = (await epochFiles?.read()) ?? {};
    server = recoverCore(coreConfigFor(config, startWallMs, membership), state, epochs);
  } catch (error) {
    await state?.log.close();
    await closePort(port);
    throw error;
  }
  const recovered = server.inspect();
  logger.info(
    `recovered zxid ${formatZxid(BigInt(recovered.lastZxid))}: ` +
      (state.snapshot ? `snapshot ${formatZxid(state.snapshot.zxid)}` : 'no snapshot') +
      ` + ${state.txns.length} txn(s); ${recovered.nodeCount} znode(s), ${recovered.sessions.length} session(s)` +
      (membership === null
        ? ''
        : `; server ${membership.myId} (${membership.self.type}) of ${membership.members.length}, ` +
          `acceptedEpoch ${recovered.acceptedEpoch}, currentEpoch ${recovered.currentEpoch}, ` +
          `last logged zxid ${formatZxid(BigInt(recovered.lastLoggedZxid))}`),
  );
  return new PaddockServer(config, membership, port, address, traceMask, state, epochFiles, server, startWallMs, logger).start();
}

/**
 * The client port's events until the core exists: four-letter words are answered as ZooKeeper
 * answers them while it loads its database, and a session handshake closes the connection
 * (ZooKeeper: "ZooKeeperServer not running"), so the client tries again later, or elsewhere.
 */
function whileRecovering(config: ServerConfig, traceMask: { value: bigint }): ClientPortEvents {
  const refuse = (c: ClientConnection) => c.abort('the server is still recovering its data; the client will retry', 'info');
  return {
    accepted: () => {},
    handshake: refuse,
    request: refuse,
    fourLetterWord: (c, word, mask) => {
      if (!config.fourLetterWords.has(word)) return c.answerInText(notWhitelisted(word));
      if (word === 'stmk' && mask !== undefined) traceMask.value = mask;
      c.answerInText(answerWhileRecovering(word, { environment: environmentEntries(process.cwd()), traceMask: traceMask.value }));
    },
    closed: () => {},
  };
}

/** Stops listening and drops every connection (recovery failed, or the server is stopping). */
async function closePort(port: ClientPort): Promise<void> {
  const notAccepting = port.stopAccepting();
  port.abortAll('the server is shutting down');
  await notAccepting;
}

/**
 * Where clients connect: clientPort/clientPortAddress, or else the `;[address:]port` of the
 * single server.N line (ZooKeeper's dynamic-config form).
 */
function clientAddressOf(config: ServerConfig): { host: string | null; port: number } {
  const port = config.clientPort ?? config.servers[0]?.clientPort ?? null;
  if (port === null) throw new Error('no clientPort is configured');
  return { host: config.clientPortAddress ?? config.servers[0]?.clientAddress ?? null, port };
}

function recoverCore(
  coreConfig: CoreConfig,
  state: RecoveredState,
  epochs: { readonly acceptedEpoch?: number; readonly currentEpoch?: number },
): Server {
  try {
    return Server.recover(coreConfig, {
      snapshot: state.snapshot?.bytes ?? null,
      txns: state.txns.map((t) => t.payload),
      ...epochs,
    });
  } catch (error) {
    throw new Error(`the data on disk verified but the core cannot rebuild its state from it: ${(error as Error).message}`, { cause: error });
  }
}

class PaddockServer {
  private readonly storage: DurableStorage;
  private readonly driver: CoreDriver;
  private readonly peers: PeerTransport | null;
  private ticker: { stop(): void } | null = null;
  private shutdown: Promise<void> | null = null;
  private resolveStopped: (error: Error | null) => void = () => {};
  private readonly stopped = new Promise<Error | null>((resolve) => {
    this.resolveStopped = resolve;
  });
  private readonly ensembleFacts: Omit<EnsembleFacts, 'proposalSizes'> | null;
  /** Connections answering a four-letter word: the core's closes do not cut them. */
  private readonly answering = new Set<number>();

  constructor(
    private readonly config: ServerConfig,
    private readonly membership: Membership | null,
    private readonly port: ClientPort,
    private readonly address: AddressInfo,
    /** Shared with the recovery's answers, so an `stmk` sent then still holds. */
    private readonly traceMask: { value: bigint },
    state: RecoveredState,
    epochFiles: EpochFiles | null,
    server: Server,
    private readonly startWallMs: number,
    private readonly logger: Logger,
  ) {
    const onFatal = (error: Error) => this.fail(error);
    this.storage = new DurableStorage(state.log, state.snapshots, {
      snapRetainCount: config.autopurge.purgeIntervalHours > 0 ? config.autopurge.snapRetainCount : null, logger, onFatal, epochFiles,
    });
    // Connections accepted during the recovery stay with its answers; the new ones go to the core.
    this.port.route(
      {
        accepted: (c) => this.driver.submit({ type: 'client-connected', conn: c.id, remoteHost: c.remoteHost, remotePort: c.remotePort }),
        handshake: (c, request) => this.driver.submit({ type: 'client-handshake', conn: c.id, request }),
        request: (c, request) => this.driver.submit({ type: 'client-request', conn: c.id, request }),
        fourLetterWord: (c, word, mask) => {
          this.answering.add(c.id);
          this.answer(c, word, mask).catch((error: unknown) => c.abort(`cannot answer ${word}: ${(error as Error).message}`));
        },
        closed: (c) => {
          this.answering.delete(c.id);
          this.driver.submit({ type: 'client-disconnected', conn: c.id });
        },
      },
    );
    this.ensembleFacts = membership === null ? null : {
      initLimit: config.initLimitTicks,
      syncLimit: config.syncLimitTicks,
      quorumPort: membership.self.quorumPort,
      electionPort: membership.self.electionPort,
      observer: membership.self.type === 'observer',
      observers: new Set(membership.members.filter((m) => m.type === 'observer').map((m) => m.id)),
      voters: membership.members.filter((m) => m.type === 'participant').length,
      configText: ensembleConfigText(membership.members),
    };
    this.peers = membership === null ? null : new PeerTransport(
      {
        myId: membership.myId,
        members: membership.members,
        dialAddresses: config.peerDial,
        ...(config.quorumListenOnAllIPs ? { listenHost: '0.0.0.0' } : {}),
        limits: { maxFrameBytes: peerFrameLimit(config.juteMaxBuffer) },
        logger,
      },
      {
        onConnected: (peer) => this.driver.submit({ type: 'peer-connected', peer }),
        onDisconnected: (peer) => this.driver.submit({ type: 'peer-disconnected', peer }),
        onMessage: (from, message) => this.driver.submit({ type: 'peer-message', from, message }),
      },
    );
    // A member that changes role closes its client connections; one answering a four-letter
    // word closes itself once the answer is written, so that the answer is never cut.
    const connections: ConnectionSink = {
      send: (conn, payload) => this.port.send(conn, payload),
      close: (conn, reason) => {
        if (!this.answering.has(conn)) this.port.close(conn, reason);
      },
      throttle: (conn, paused) => this.port.throttle(conn, paused),
      endTurn: () => this.port.endTurn(),
    };
    this.driver = new CoreDriver(server, connections, this.storage, { now: Date.now, logger, onFatal }, this.peers);
  }

  async start(): Promise<RunningServer> {
    try {
      if (this.peers !== null) {
        const quorum = await this.peers.start();
        this.logger.info(`listening for ensemble peers on ${quorum.address}:${quorum.port}`);
      }
    } catch (error) {
      await this.peers?.close();
      await closePort(this.port);
      await this.storage.close();
      throw error;
    }
    // Ensemble members also get the election's 200 ms timer, so failover does not wait for ticks.
    const onElectionTick = this.peers === null ? undefined : () => this.driver.submit({ type: 'election-tick' });
    this.ticker = startTicker(this.config.tickTimeMs, () => this.driver.submit({ type: 'tick' }), this.logger, onElectionTick);
    this.logger.info(`listening for clients on ${this.address.address}:${this.address.port}`);
    return {
      host: this.address.address,
      port: this.address.port,
      inspect: () => this.driver.inspect(),
      close: () => this.close(null),
      stopped: this.stopped,
    };
  }

  private fail(error: Error): void {
    this.logger.error(`fatal: ${error.message}; shutting down`);
    void this.close(error);
  }

  private close(fatal: Error | null): Promise<void> {
    this.shutdown ??= this.stop(fatal).then(
      () => this.resolveStopped(fatal),
      (error: unknown) => {
        this.resolveStopped(fatal ?? (error as Error));
        throw error;
      },
    );
    return this.shutdown;
  }

  private async stop(fatal: Error | null): Promise<void> {
    this.ticker?.stop();
    const notAccepting = this.port.stopAccepting();
    this.port.abortAll('the server is shutting down');
    await this.driver.stop();
    await this.peers?.close();
    await notAccepting;
    try {
      await this.storage.close();
    } catch (error) {
      // After a fatal disk error the log refuses to close cleanly; that error was reported.
      if (fatal === null) throw error;
    }
    this.logger.info(fatal === null ? 'stopped; the log is flushed and synced' : 'stopped after a fatal error');
  }

  /** Answers a four-letter word in text and closes the connection (NIOServerCnxn.checkFourLetterWord). */
  private async answer(conn: ClientConnection, word: FourLetterWord, traceMask: bigint | undefined): Promise<void> {
    if (!this.config.fourLetterWords.has(word)) return conn.answerInText(notWhitelisted(word));
    // Not serving, ZooKeeper answers that and resets nothing.
    if ((word === 'crst' || word === 'srst') && this.driver.inspect().serving) {
      this.driver.submit({ type: 'reset-stats', scope: word === 'crst' ? 'connections' : 'server' });
    }
    if (word === 'stmk' && traceMask !== undefined) this.traceMask.value = traceMask;
    conn.answerInText(answerFourLetterWord(word, await this.facts()));
  }

  private async facts(): Promise<FourLetterWordFacts> {
    const dirs = this.storage.directories;
    const [dataDirSize, dataLogDirSize, fileDescriptors] = await Promise.all([
      directorySize(dirs.snapshots),
      directorySize(dirs.log),
      fileDescriptorCounts(),
    ]);
    const now = Date.now();
    return {
      inspection: this.driver.inspect(),
      ensemble: this.ensembleFacts === null ? null : { ...this.ensembleFacts, proposalSizes: this.driver.proposalSizes },
      nowMs: now,
      uptimeMs: now - this.startWallMs,
      config: this.reportedConfig(),
      interestOps: (id) => this.port.get(id)?.interestOps ?? 0,
      dataDirSize,
      dataLogDirSize,
      fileDescriptors,
      environment: environmentEntries(process.cwd()),
      fsync: this.storage.fsyncSummary,
      snapshot: this.storage.snapshotSummary,
      traceMask: this.traceMask.value,
    };
  }

  private reportedConfig(): ReportedConfig {
    const c = this.config;
    return {
      clientPort: this.address.port,
      dataDir: this.storage.directories.snapshots,
      dataLogDir: this.storage.directories.log,
      tickTimeMs: c.tickTimeMs,
      maxClientCnxns: c.maxClientCnxns,
      minSessionTimeoutMs: c.minSessionTimeoutMs,
      maxSessionTimeoutMs: c.maxSessionTimeoutMs,
      clientPortListenBacklog: c.clientPortListenBacklog,
      serverId: this.membership?.myId ?? 0,
      sessionlessConnectionTimeoutMs: DEFAULT_CONNECTION_LIMITS.handshakeTimeoutMs,
    };
  }
}
