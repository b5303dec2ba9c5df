/**
 * The promise API over a session: every ZooKeeper 3.9 operation with precise types, watches
 * as callbacks, promises and async iterators, connection states as events and an iterator.
 */
import {
  AddWatchMode as WireAddWatchMode, ErrorCode, OpCode, WatcherType, type ACL, type ClientInfo, type MultiOp,
  type Request, type Response, type Stat,
} from '@paddock/protocol';
import { OPEN_ACL_UNSAFE } from './acl';
import { AsyncQueue } from './async-queue';
import { toBytes, type NodeData } from './data';
import { createIfMissing, deleteRecursive, mkdirp, type CreateIfMissingResult } from './helpers';
import { KeeperError } from './keeper-error';
import { multiReadOps, multiReadResults, type ReadOp, type ReadResults } from './multi-read';
import { validatePath } from './paths';
import { PersistentWatch, persistentSink, type AddWatchMode } from './persistent-watch';
import {
  aclOf, childrenOf, clientInfoOf, countOf, createdOf, dataOf, ephemeralsOf, statOf,
} from './responses';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryControl, type RetryPolicy } from './retry';
import { mathRandom, randomFraction, REAL_TIMERS, sleep, type ClientRuntime, type ClientTimers } from './runtime';
import {
  parseConnectString, type ConnectionState, type RandomInt, type SessionOptions, type WatchRequestKind,
} from './session/index';
import { isTerminal, SessionDriver, type DriverOptions, type SubmitOptions } from './session-driver';
import { errorForEnd } from './session/session-machine';
import { buildCreate, multiResults, Transaction, type CreateOptions } from './transaction';
import { tcpTransport } from './transport/tcp';
import type { Transport } from './transport/transport';
import type { WatchedEvent, WatchListener } from './watched-event';

export interface ClientOptions {
  /** Asked of the server, which clamps it to its min/max. Default 30 000. */
  readonly sessionTimeoutMs?: number;
  /** Accept read-only servers (state `ReadOnly`). Default false. */
  readonly canBeReadOnly?: boolean;
  /**
   * Fail a request with RequestTimeout after this long without a reply (the connection is
   * then dropped, as in the Java client). Default: none; dead servers are still detected by the
   * read timeout (2/3 of the session timeout).
   */
  readonly requestTimeoutMs?: number;
  /** Retries of idempotent operations on ConnectionLoss. Default {@link DEFAULT_RETRY_POLICY}. */
  readonly retry?: RetryPolicy;
  /** Credentials sent with the first handshake and after every reconnect. */
  readonly auth?: ReadonlyArray<{ readonly scheme: string; readonly auth: Uint8Array | string }>;
  /**
   * Start a new session whenever this one expires (see {@link ZooKeeperClient.startNewSession}),
   * as Curator does. Default false: `Expired` is the end of the client.
   */
  readonly newSessionOnExpiry?: boolean;
  /** Resume an existing session. */
  readonly sessionId?: bigint;
  readonly sessionPassword?: Uint8Array;
  /** How to reach servers. Default TCP. */
  readonly transport?: Transport;
  /**
   * Shuffles hosts, jitters reconnects and retries, and names recipe nodes. Default
   * Math.random; a simulator passes a seeded one.
   */
  readonly random?: RandomInt;
  /**
   * The clock and timers of the session, its retries and its recipes' timeouts. Default real
   * time; a simulator passes a virtual clock so that runs are deterministic.
   */
  readonly timers?: ClientTimers;
  /** Random wait of up to this before each reconnect. Default 1000, as the Java client. */
  readonly reconnectJitterMs?: number;
  /** Wait after every host failed in a row. Default 1000. */
  readonly spinDelayMs?: number;
  /** Largest frame accepted from a server. Default 0xfffff (jute.maxbuffer). */
  readonly maxBufferBytes?: number;
  /** Most requests queued or in flight; beyond it calls fail with ThrottledOp. Default 100 000. */
  readonly maxOutstandingRequests?: number;
  /** Most events a persistent watch or state iterator buffers for a slow consumer. Default 10 000. */
  readonly iteratorBufferLimit?: number;
  readonly logger?: (level: 'info' | 'warn', message: string) => void;
}

/** A watch option: a listener for the event, or `true` to get the event as a promise. */
export interface WatchOption {
  readonly watch?: WatchListener;
}

/** What a read returns when asked for `{ watch: true }`: the event as a promise. */
export interface Watched {
  /**
   * Resolves with the watch's event: the node event, a `*WatchRemoved` event, or a `None`
   * event when the session ends first.
   */
  readonly watch: Promise<WatchedEvent>;
}

export interface DataResult {
  readonly data: Uint8Array | null;
  readonly stat: Stat;
}

export interface ChildrenResult {
  readonly children: string[];
  readonly stat: Stat;
}

export interface CreateResult {
  readonly path: string;
  readonly stat: Stat;
}

export interface ReconfigOptions {
  readonly joiningServers?: string;
  readonly leavingServers?: string;
  readonly newMembers?: string;
  /** Apply only if the current config version is this (-1: any). */
  readonly fromConfig?: bigint;
}

/** The ZooKeeper node holding the dynamic configuration. */
export const CONFIG_NODE = '/zookeeper/config';

const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
const DEFAULT_ITERATOR_BUFFER = 10_000;
const CONNECTED: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['Connected', 'Reconnected', 'ReadOnly']);

/**
 * Creates a client and starts connecting. The connect string is ZooKeeper's
 * (`host:port,host:port/chroot`). Operations issued before the session is established wait for
 * it; `await client.waitForConnected()` to wait explicitly.
 */
export function createClient(connectString: string, options: ClientOptions = {}): ZooKeeperClient {
  const client = new ZooKeeperClient(connectString, options);
  client.start();
  return client;
}

export class ZooKeeperClient {
  /** The chroot all paths are relative to (`''` for none). */
  readonly chroot: string;
  /** The timers and randomness this client (and recipes built on it) use. */
  readonly runtime: ClientRuntime;
  private driver: SessionDriver;
  private readonly requestTimeoutMs: number | undefined;
  private readonly retryPolicy: RetryPolicy;
  private readonly iteratorBufferLimit: number;
  /** Credentials every session of this client sends: the initial ones and those added since. */
  private readonly auths: Array<{ readonly scheme: string; readonly auth: Uint8Array }>;
  /** What a new session is built from (the hosts follow updateServerList). */
  private sessionOptions: SessionOptions;
  private readonly driverOptions: DriverOptions;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private started = false;

  /** Prefer {@link createClient}, which also starts the session. */
  constructor(connectString: string, options: ClientOptions = {}) {
    const parsed = parseConnectString(connectString);
    this.chroot = parsed.chroot;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.iteratorBufferLimit = options.iteratorBufferLimit ?? DEFAULT_ITERATOR_BUFFER;
    this.auths = (options.auth ?? []).map(({ scheme, auth }) => ({ scheme, auth: toBytes(auth) ?? new Uint8Array(0) }));
    const random = options.random ?? mathRandom;
    const timers = options.timers ?? REAL_TIMERS;
    this.runtime = { now: () => timers.now(), setTimer: (cb, ms) => timers.setTimer(cb, ms), clearTimer: (h) => timers.clearTimer(h), random };
    this.sessionOptions = {
      hosts: parsed.hosts,
      chroot: parsed.chroot,
      sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      canBeReadOnly: options.canBeReadOnly ?? false,
      random,
      ...(options.reconnectJitterMs === undefined ? {} : { reconnectJitterMs: options.reconnectJitterMs }),
      ...(options.spinDelayMs === undefined ? {} : { spinDelayMs: options.spinDelayMs }),
      ...(options.maxBufferBytes === undefined ? {} : { maxBufferBytes: options.maxBufferBytes }),
      ...(options.maxOutstandingRequests === undefined ? {} : { maxOutstandingRequests: options.maxOutstandingRequests }),
    };
    this.driverOptions = {
      transport: options.transport ?? tcpTransport,
      timers,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    };
    this.driver = this.newDriver({
      ...this.sessionOptions,
      ...(options.sessionId === undefined ? {} : { sessionId: options.sessionId }),
      ...(options.sessionPassword === undefined ? {} : { sessionPasswd: options.sessionPassword }),
    });
    if (options.newSessionOnExpiry === true) {
      this.onStateChange((state) => {
        // After every listener has heard Expired (with the client still in that state).
        if (state === 'Expired') queueMicrotask(() => this.state === 'Expired' && this.startNewSession());
      });
    }
  }

  /** Starts connecting; called by {@link createClient}. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.startDriver();
  }

  /**
   * After `Expired`, starts a new session on this same client (as Curator replaces its
   * ZooKeeper handle): state listeners then hear `Connected` again. Nothing of the old session
   * carries over — its ephemerals are gone and its watches ended with a `None`/`Expired`
   * event — except credentials, which are sent again. Recipes built on the old session are over
   * (except {@link PersistentNode}, which re-creates its node). `states()` iterators end at
   * `Expired`; follow the new session with {@link onStateChange} or a new `states()`.
   *
   * @throws KeeperError APIError unless the session has expired.
   */
  startNewSession(): void {
    if (this.state !== 'Expired') {
      throw new KeeperError(ErrorCode.APIError, { reason: `a new session starts only after Expired (state ${this.state})` });
    }
    this.driver = this.newDriver(this.sessionOptions);
    this.startDriver();
  }

  private newDriver(sessionOptions: SessionOptions): SessionDriver {
    const driver = new SessionDriver(sessionOptions, this.driverOptions);
    driver.onState((state) => {
      if (this.driver !== driver) return;
      for (const listener of [...this.stateListeners]) listener(state);
    });
    return driver;
  }

  private startDriver(): void {
    for (const { scheme, auth } of this.auths) void this.driver.addAuth(scheme, auth);
    this.driver.start();
  }

  // ---- session --------------------------------------------------------------------------------

  get state(): ConnectionState {
    return this.driver.state;
  }

  /** The session id (0 before the first handshake). */
  get sessionId(): bigint {
    return this.driver.sessionId;
  }

  /** The session password, to resume the session from another client. */
  get sessionPassword(): Uint8Array {
    return this.driver.sessionPasswd;
  }

  /** The session timeout the server granted (0 before the first handshake). */
  get negotiatedSessionTimeoutMs(): number {
    return this.driver.negotiatedSessionTimeoutMs;
  }

  /** The zxid of the latest reply. */
  get lastZxid(): bigint {
    return this.driver.lastZxid;
  }

  /**
   * Replaces the servers this client may connect to (ZooKeeper's `updateServerList`, after a
   * reconfig), keeping the session. As the Java client, it moves to another server only as
   * often as evens out the load: when servers were added it moves to a new one with probability
   * 1 - old/new; when its server was removed it always moves (Disconnected, then Reconnected).
   * A chroot in `connectString` is ignored: the session keeps its own.
   *
   * @throws ConnectStringError for a malformed connect string.
   */
  updateServerList(connectString: string): void {
    const { hosts } = parseConnectString(connectString);
    this.sessionOptions = { ...this.sessionOptions, hosts };
    this.driver.updateHosts(hosts);
  }

  /** Calls `listener` with every new connection state; returns the unsubscribe function. */
  onStateChange(listener: (state: ConnectionState) => void): () => void {
    // A wrapper per call, so that one function registered twice is called twice and removed once.
    const entry = (state: ConnectionState): void => listener(state);
    this.stateListeners.add(entry);
    return () => this.stateListeners.delete(entry);
  }

  /** The connection states from now on, ending after a terminal one (Expired, AuthFailed, Closed). */
  states(): AsyncIterableIterator<ConnectionState> {
    let off = (): void => {};
    const queue = new AsyncQueue<ConnectionState>(this.iteratorBufferLimit, () => off());
    off = this.onStateChange((state) => {
      queue.push(state);
      if (isTerminal(state)) {
        off();
        queue.end();
      }
    });
    if (isTerminal(this.state)) {
      off();
      queue.end();
    }
    return queue;
  }

  /**
   * Resolves once connected (Connected, Reconnected or ReadOnly).
   *
   * @throws KeeperError ConnectionLoss after `timeoutMs`, or SessionExpired / AuthFailed /
   *   ConnectionLoss if the session ends first.
   */
  waitForConnected(timeoutMs?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: unknown;
      const settle = (state: ConnectionState): boolean => {
        if (CONNECTED.has(state)) resolve();
        else if (isTerminal(state)) reject(new KeeperError(errorForEnd(state), { reason: `session ${state}` }));
        else return false;
        if (timer !== undefined) this.runtime.clearTimer(timer);
        return true;
      };
      if (settle(this.state)) return;
      const off = this.onStateChange((state) => {
        if (settle(state)) off();
      });
      if (timeoutMs !== undefined) {
        timer = this.runtime.setTimer(() => {
          off();
          reject(new KeeperError(ErrorCode.ConnectionLoss, { reason: `not connected within ${timeoutMs} ms` }));
        }, timeoutMs);
      }
    });
  }

  /** Adds credentials to the session (and to every later reconnect). */
  async addAuth(scheme: string, auth: Uint8Array | string): Promise<void> {
    const bytes = toBytes(auth) ?? new Uint8Array(0);
    const outcome = await this.driver.addAuth(scheme, bytes);
    if (outcome.err !== 0) throw new KeeperError(outcome.err, { reason: outcome.reason });
    this.auths.push({ scheme, auth: bytes });
  }

  /** Closes the session: its ephemeral nodes go, its watches end with a `None`/Closed event. */
  async close(): Promise<void> {
    await this.driver.close();
  }

  // ---- writes ---------------------------------------------------------------------------------

  /**
   * Creates a node. Returns the actual path (sequential modes append a 10-digit counter) and
   * its Stat. Not retried on ConnectionLoss (see {@link createIfMissing}).
   */
  async create(path: string, data?: NodeData, options?: CreateOptions): Promise<CreateResult> {
    return createdOf(await this.call(buildCreate(path, data, options), path, {}, false));
  }

  /** Deletes a node if its version matches (`-1`: any version). */
  async delete(path: string, version = -1): Promise<void> {
    validatePath(path);
    await this.call({ op: OpCode.delete, path, version }, path, {}, false);
  }

  /** Sets a node's data if its version matches (`-1`: any); returns the new Stat. */
  async setData(path: string, data: NodeData, version = -1): Promise<Stat> {
    validatePath(path);
    return statOf(await this.call({ op: OpCode.setData, path, data: toBytes(data), version }, path, {}, false));
  }

  /** Sets a node's ACL if its ACL version (`aversion`) matches (`-1`: any); returns the new Stat. */
  async setACL(path: string, acl: readonly ACL[], aclVersion = -1): Promise<Stat> {
    validatePath(path);
    if (acl.length === 0) throw new KeeperError(ErrorCode.InvalidACL, { path, reason: 'missing ACL list' });
    return statOf(await this.call({ op: OpCode.setACL, path, acl, version: aclVersion }, path, {}, false));
  }

  /** Starts a transaction (multi): ops applied atomically by `commit()`. */
  transaction(): Transaction {
    return new Transaction(async (ops: readonly MultiOp[]) => {
      const { reply } = this.driver.submit({ op: OpCode.multi, ops }, this.submitOptions({}));
      return multiResults(ops, await reply);
    });
  }

  /** Changes the ensemble membership (incremental or bulk); returns the new config data. */
  async reconfig(options: ReconfigOptions): Promise<DataResult> {
    const body: Request = {
      op: OpCode.reconfig,
      joiningServers: options.joiningServers ?? null,
      leavingServers: options.leavingServers ?? null,
      newMembers: options.newMembers ?? null,
      curConfigId: options.fromConfig ?? -1n,
    };
    return dataOf(await this.call(body, undefined, {}, false));
  }

  // ---- reads (retried on ConnectionLoss) ------------------------------------------------------

  /** The node's Stat, or null if it does not exist. A watch is left either way. */
  exists(path: string, options: { watch: true }): Promise<{ stat: Stat | null } & Watched>;
  exists(path: string, options?: WatchOption): Promise<Stat | null>;
  async exists(path: string, options: WatchOption | { watch: true } = {}): Promise<unknown> {
    validatePath(path);
    const { listener, watch } = this.watchOf(options);
    const body = { op: OpCode.exists, path, watch: listener !== undefined } as const;
    let stat: Stat | null;
    try {
      stat = statOf(await this.call(body, path, this.watchSubmit('exists', listener), true));
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
      stat = null;
    }
    return watch === undefined ? stat : { stat, watch };
  }

  getData(path: string, options: { watch: true }): Promise<DataResult & Watched>;
  getData(path: string, options?: WatchOption): Promise<DataResult>;
  async getData(path: string, options: WatchOption | { watch: true } = {}): Promise<unknown> {
    validatePath(path);
    const { listener, watch } = this.watchOf(options);
    const body = { op: OpCode.getData, path, watch: listener !== undefined } as const;
    const result = dataOf(await this.call(body, path, this.watchSubmit('data', listener), true));
    return watch === undefined ? result : { ...result, watch };
  }

  /** The node's children (unordered, as the server lists them) and its Stat. */
  getChildren(path: string, options: { watch: true }): Promise<ChildrenResult & Watched>;
  getChildren(path: string, options?: WatchOption): Promise<ChildrenResult>;
  async getChildren(path: string, options: WatchOption | { watch: true } = {}): Promise<unknown> {
    validatePath(path);
    const { listener, watch } = this.watchOf(options);
    const body = { op: OpCode.getChildren2, path, watch: listener !== undefined } as const;
    const result = childrenOf(await this.call(body, path, this.watchSubmit('child', listener), true));
    return watch === undefined ? result : { ...result, watch };
  }

  async getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }> {
    validatePath(path);
    return aclOf(await this.call({ op: OpCode.getACL, path }, path, {}, true));
  }

  /** Waits until the connected server has caught up with the leader as of this call. */
  async sync(path: string): Promise<void> {
    validatePath(path);
    await this.call({ op: OpCode.sync, path }, path, {}, true);
  }

  /** Several reads in one round trip, each succeeding or failing on its own. */
  async multiRead<const T extends readonly ReadOp[]>(ops: T): Promise<ReadResults<T>> {
    const wire = multiReadOps(ops);
    return withRetry(async () => {
      const { reply } = this.driver.submit({ op: OpCode.multiRead, ops: wire }, this.submitOptions({}));
      return multiReadResults(ops, await reply);
    }, this.retryPolicy, this.retryControl());
  }

  /** This session's ephemeral nodes whose paths start with `prefix`. */
  async getEphemerals(prefix = '/'): Promise<string[]> {
    validatePath(prefix);
    return ephemeralsOf(await this.call({ op: OpCode.getEphemerals, prefixPath: prefix }, prefix, {}, true));
  }

  /** The number of descendants of `path` (not counting itself). */
  async getAllChildrenNumber(path: string): Promise<number> {
    validatePath(path);
    return countOf(await this.call({ op: OpCode.getAllChildrenNumber, path }, path, {}, true));
  }

  /** The identities the server associates with this session (`ip`, `digest`, ...). */
  async whoAmI(): Promise<ClientInfo[]> {
    return clientInfoOf(await this.call({ op: OpCode.whoAmI }, undefined, {}, true));
  }

  /** The ensemble's dynamic configuration (`/zookeeper/config`, outside any chroot). */
  getConfig(options: { watch: true }): Promise<DataResult & Watched>;
  getConfig(options?: WatchOption): Promise<DataResult>;
  async getConfig(options: WatchOption | { watch: true } = {}): Promise<unknown> {
    const { listener, watch } = this.watchOf(options);
    const body = { op: OpCode.getData, path: CONFIG_NODE, watch: listener !== undefined } as const;
    const result = dataOf(await this.call(body, CONFIG_NODE, { ...this.watchSubmit('data', listener), rawPaths: true }, true));
    return watch === undefined ? result : { ...result, watch };
  }

  // ---- watches --------------------------------------------------------------------------------

  /**
   * Adds a persistent watch (3.6+). Without a `listener`, iterate the returned watch with
   * `for await`; leaving the loop closes it.
   */
  async addWatch(path: string, mode: AddWatchMode, options: { listener?: WatchListener } = {}): Promise<PersistentWatch> {
    validatePath(path);
    let watch: PersistentWatch | undefined;
    const queue = options.listener === undefined ? new AsyncQueue<WatchedEvent>(this.iteratorBufferLimit, () => watch?.close()) : undefined;
    const wireMode = mode === 'persistent' ? WireAddWatchMode.Persistent : WireAddWatchMode.PersistentRecursive;
    const { reply, watcher } = this.driver.submit(
      { op: OpCode.addWatch, path, mode: wireMode },
      this.submitOptions({ watch: { kind: mode, listener: persistentSink(options.listener, queue) } }),
    );
    const outcome = await reply;
    if (outcome.err !== 0) throw new KeeperError(outcome.err, { path, reason: outcome.reason });
    watch = new PersistentWatch(path, mode, queue, () => this.driver.forgetWatcher(watcher!, [mode]));
    return watch;
  }

  /**
   * Removes every watch of `type` this client holds at `path` (ZooKeeper's removeAllWatches);
   * each removed watcher gets a DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved
   * event. With `local`, they are removed here even if the server cannot be told.
   *
   * @throws KeeperError NoWatcher when this client holds no such watch.
   */
  async removeWatches(path: string, type: 'children' | 'data' | 'any', options: { local?: boolean } = {}): Promise<void> {
    validatePath(path);
    const body = { op: OpCode.removeWatches, path, type: WIRE_WATCHER_TYPE[type] } as const;
    await this.call(body, path, options.local === undefined ? {} : { local: options.local }, false);
  }

  /** Asks the server whether this session holds a watch of `type` at `path`. @throws KeeperError NoWatcher */
  async checkWatches(path: string, type: 'children' | 'data' | 'any'): Promise<void> {
    validatePath(path);
    await this.call({ op: OpCode.checkWatches, path, type: WIRE_WATCHER_TYPE[type] }, path, {}, true);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Creates `path` and any missing ancestors as persistent nodes; existing ones are kept. */
  mkdirp(path: string, options: { data?: NodeData; acl?: readonly ACL[] } = {}): Promise<void> {
    return mkdirp(this, path, options);
  }

  /** Creates `path` unless it exists; `created` says which. Not for sequential modes. */
  createIfMissing(path: string, data?: NodeData, options?: CreateOptions): Promise<CreateIfMissingResult> {
    return createIfMissing(this, path, data, options);
  }

  /** Deletes `path` and everything under it; a missing path is not an error. */
  deleteRecursive(path: string): Promise<void> {
    return deleteRecursive(this, path);
  }

  /** Runs `operation` with this client's retry policy (for operations that are safe to repeat). */
  retrying<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, this.retryPolicy, this.retryControl());
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private retryControl(): RetryControl {
    return {
      shouldStop: () => isTerminal(this.state),
      random: () => randomFraction(this.runtime.random),
      sleep: (ms) => sleep(this.runtime, ms),
    };
  }

  private submitOptions(options: SubmitOptions): SubmitOptions {
    return this.requestTimeoutMs === undefined ? options : { ...options, timeoutMs: this.requestTimeoutMs };
  }

  /** Sends `body`; resolves with the reply body or throws its KeeperError; retries if asked. */
  private call(body: Request, path: string | undefined, options: SubmitOptions, idempotent: boolean): Promise<Response | null> {
    const attempt = async (): Promise<Response | null> => {
      const outcome = await this.driver.submit(body, this.submitOptions(options)).reply;
      if (outcome.err !== 0) throw new KeeperError(outcome.err, { path, reason: outcome.reason });
      return outcome.body;
    };
    return idempotent ? this.retrying(attempt) : attempt();
  }

  private watchOf(options: WatchOption | { watch: true }): { listener: WatchListener | undefined; watch: Promise<WatchedEvent> | undefined } {
    if (options.watch === true) {
      let listener: WatchListener = () => {};
      const watch = new Promise<WatchedEvent>((resolve) => {
        listener = resolve;
      });
      return { listener, watch };
    }
    return { listener: options.watch, watch: undefined };
  }

  private watchSubmit(kind: WatchRequestKind, listener: WatchListener | undefined): SubmitOptions {
    return listener === undefined ? {} : { watch: { kind, listener } };
  }
}

const WIRE_WATCHER_TYPE = { children: WatcherType.Children, data: WatcherType.Data, any: WatcherType.Any } as const;
