/**
 * Runs a SessionMachine in real time: feeds it socket events and timer ticks, carries out its
 * effects (open, send, close), and turns replies and watch events into promise resolutions and
 * listener calls. Runtime-neutral: the sockets come from a {@link Transport}.
 */
import type { Request, Response } from '@paddock/protocol';
import {
  SessionMachine, type ConnectionId, type ConnectionState, type RequestId, type SessionEffect, type SessionInput,
  type SessionOptions, type TerminalState, type WatcherId, type WatchKind, type WatchRequestKind,
} from './session/index';
import type { ClientTimers } from './runtime';
import type { Transport, TransportConnection } from './transport/transport';
import type { WatchedEvent, WatchListener } from './watched-event';
import { eventTypeName } from './watched-event';

/** What came back for a request: `err` 0 or a ZooKeeper error code. */
export interface ReplyOutcome {
  readonly err: number;
  readonly zxid: bigint;
  readonly body: Response | null;
  readonly reason: string | undefined;
}

export interface SubmitOptions {
  readonly watch?: { readonly kind: WatchRequestKind; readonly listener: WatchListener };
  readonly local?: boolean;
  readonly rawPaths?: boolean;
  readonly timeoutMs?: number;
}

export interface DriverOptions {
  readonly transport: Transport;
  /** The clock and timers the machine's ticks run on. */
  readonly timers: ClientTimers;
  readonly logger?: (level: 'info' | 'warn', message: string) => void;
}

interface WatcherEntry {
  readonly listener: WatchListener;
  readonly persistent: boolean;
  readonly path: string;
}

const ISRO = new TextEncoder().encode('isro');

const TERMINAL: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['Expired', 'AuthFailed', 'Closed']);

export function isTerminal(state: ConnectionState): state is TerminalState {
  return TERMINAL.has(state);
}

/** Reports an exception from application code without disturbing the session. */
function reportListenerError(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

function removedEventType(kind: WatchKind): number {
  switch (kind) {
    case 'child':
      return 6;
    case 'data':
    case 'exist':
      return 5;
    case 'persistent':
    case 'persistentRecursive':
      return 7;
  }
}

export class SessionDriver {
  private readonly machine: SessionMachine;
  private readonly sockets = new Map<ConnectionId, TransportConnection>();
  /** Read/write probes in flight (`isro` connections), by probe id. */
  private readonly probes = new Map<number, TransportConnection>();
  private readonly replies = new Map<RequestId, (outcome: ReplyOutcome) => void>();
  private readonly watchers = new Map<WatcherId, WatcherEntry>();
  /** The watcher a pending request may leave; dropped if the reply says it was not registered. */
  private readonly requestWatchers = new Map<RequestId, WatcherId>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly backlog: SessionEffect[] = [];
  private draining = false;
  private timer: unknown;
  private nextRequest: RequestId = 1;
  private nextWatcher: WatcherId = 1;

  constructor(
    sessionOptions: SessionOptions,
    private readonly options: DriverOptions,
  ) {
    this.machine = new SessionMachine(sessionOptions);
  }

  get state(): ConnectionState {
    return this.machine.state;
  }

  get sessionId(): bigint {
    return this.machine.sessionId;
  }

  get sessionPasswd(): Uint8Array {
    return this.machine.sessionPasswd;
  }

  get negotiatedSessionTimeoutMs(): number {
    return this.machine.negotiatedSessionTimeoutMs;
  }

  get lastZxid(): bigint {
    return this.machine.lastZxid;
  }

  start(): void {
    this.dispatch({ type: 'start' });
  }

  /** Sends `body`; the promise always resolves, with the outcome. */
  submit(body: Request, options: SubmitOptions = {}): { reply: Promise<ReplyOutcome>; watcher: WatcherId | undefined } {
    const request = this.nextRequest++;
    let watcher: WatcherId | undefined;
    if (options.watch !== undefined) {
      watcher = this.nextWatcher++;
      const persistent = options.watch.kind === 'persistent' || options.watch.kind === 'persistentRecursive';
      this.watchers.set(watcher, { listener: options.watch.listener, persistent, path: 'path' in body ? body.path : '/' });
      this.requestWatchers.set(request, watcher);
    }
    const reply = new Promise<ReplyOutcome>((resolve) => this.replies.set(request, resolve));
    const input: SessionInput = {
      type: 'submit',
      request,
      body,
      ...(watcher === undefined ? {} : { watch: { kind: options.watch!.kind, watcher } }),
      ...(options.local === undefined ? {} : { local: options.local }),
      ...(options.rawPaths === undefined ? {} : { rawPaths: options.rawPaths }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    };
    this.dispatch(input);
    return { reply, watcher };
  }

  addAuth(scheme: string, auth: Uint8Array): Promise<ReplyOutcome> {
    const request = this.nextRequest++;
    const reply = new Promise<ReplyOutcome>((resolve) => this.replies.set(request, resolve));
    this.dispatch({ type: 'add-auth', request, scheme, auth });
    return reply;
  }

  /** Stops delivering to `watcher`; the machine drops the server's watch if it was the last. */
  forgetWatcher(watcher: WatcherId, kinds: readonly WatchKind[], rawPaths = false): void {
    const entry = this.watchers.get(watcher);
    if (entry === undefined) return;
    this.watchers.delete(watcher);
    this.dispatch({ type: 'forget-watcher', watcher, path: entry.path, kinds, rawPaths });
  }

  /** Replaces the server list; the machine may move to another server to even out load. */
  updateHosts(hosts: SessionOptions['hosts']): void {
    this.dispatch({ type: 'update-hosts', hosts });
  }

  /** Calls `listener` on every state change until the returned function is called. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Closes the session; resolves once it has ended (Closed, or Expired/AuthFailed if first). */
  close(): Promise<TerminalState> {
    const current = this.machine.state;
    if (isTerminal(current)) return Promise.resolve(current);
    const ended = new Promise<TerminalState>((resolve) => {
      const off = this.onState((state) => {
        if (!isTerminal(state)) return;
        off();
        resolve(state);
      });
    });
    this.dispatch({ type: 'close' });
    return ended;
  }

  // ---- the effect loop ------------------------------------------------------------------------

  /**
   * Steps the machine and performs its effects in order. Effects of inputs that arrive while
   * effects are being performed (a listener submitting a request) queue behind the current
   * ones, so frames reach the socket in xid order.
   */
  private dispatch(input: SessionInput): void {
    this.backlog.push(...this.machine.step(input, this.options.timers.now()));
    if (this.draining) return;
    this.draining = true;
    try {
      for (let effect = this.backlog.shift(); effect !== undefined; effect = this.backlog.shift()) this.perform(effect);
    } finally {
      this.draining = false;
    }
    this.schedule();
  }

  private schedule(): void {
    const timers = this.options.timers;
    if (this.timer !== undefined) timers.clearTimer(this.timer);
    this.timer = undefined;
    const at = this.machine.wakeAtMs();
    if (at === undefined) return;
    this.timer = timers.setTimer(() => {
      this.timer = undefined;
      this.dispatch({ type: 'tick' });
    }, Math.max(0, Math.ceil(at - timers.now())));
  }

  private perform(effect: SessionEffect): void {
    switch (effect.type) {
      case 'open':
        this.open(effect.connection, effect.host);
        return;
      case 'send':
        this.sockets.get(effect.connection)?.send(effect.bytes);
        return;
      case 'close-socket':
        this.sockets.get(effect.connection)?.close();
        this.sockets.delete(effect.connection);
        return;
      case 'state':
        for (const listener of [...this.stateListeners]) this.callSafely(() => listener(effect.state));
        return;
      case 'reply':
        this.onReply(effect);
        return;
      case 'watch-event':
        this.deliver(effect.watchers, () => ({
          type: eventTypeName(effect.eventType), path: effect.path, state: 'SyncConnected', zxid: effect.zxid,
        }), false);
        return;
      case 'watchers-removed': {
        // One event per removed-event type, each listener once (data and exist map to one type).
        const reached = new Map<number, Set<WatchListener>>();
        for (const { watcher, kind } of effect.removed) {
          const type = removedEventType(kind);
          if (!reached.has(type)) reached.set(type, new Set());
          this.deliver([watcher], () => ({
            type: eventTypeName(type), path: effect.path, state: 'SyncConnected', zxid: -1n,
          }), true, reached.get(type));
        }
        return;
      }
      case 'watchers-ended':
        this.deliver(effect.watchers, (entry) => ({ type: 'None', path: entry.path, state: effect.state, zxid: -1n }), true);
        return;
      case 'log':
        this.options.logger?.(effect.level, effect.message);
        return;
      case 'probe-rw':
        this.probe(effect.probe, effect.host);
        return;
      case 'cancel-probe':
        this.probes.get(effect.probe)?.close();
        this.probes.delete(effect.probe);
        return;
    }
  }

  /** Sends `isro` on a connection of its own; the server answers `rw` or `ro` and closes. */
  private probe(probe: number, host: SessionOptions['hosts'][number]): void {
    let answer = '';
    const socket = this.options.transport(host, {
      onOpen: () => this.probes.get(probe)?.send(ISRO),
      onData: (bytes) => {
        answer += new TextDecoder().decode(bytes);
      },
      onClose: () => {
        if (!this.probes.delete(probe)) return;
        this.dispatch({ type: 'probe-result', probe, readWrite: answer.trim() === 'rw' });
      },
    });
    this.probes.set(probe, socket);
  }

  private open(connection: ConnectionId, host: SessionOptions['hosts'][number]): void {
    const socket = this.options.transport(host, {
      onOpen: () => this.dispatch({ type: 'socket-open', connection }),
      onData: (bytes) => this.dispatch({ type: 'socket-data', connection, bytes }),
      onClose: (reason) => {
        this.sockets.delete(connection);
        this.dispatch({ type: 'socket-closed', connection, reason });
      },
    });
    this.sockets.set(connection, socket);
  }

  private onReply(effect: Extract<SessionEffect, { type: 'reply' }>): void {
    const resolve = this.replies.get(effect.request);
    const watcher = this.requestWatchers.get(effect.request);
    this.requestWatchers.delete(effect.request);
    if (watcher !== undefined && !effect.registered) this.watchers.delete(watcher);
    if (resolve === undefined) return;
    this.replies.delete(effect.request);
    resolve({ err: effect.err, zxid: effect.zxid, body: effect.body, reason: effect.reason });
  }

  /**
   * Calls each watcher's listener; one-shot watchers (or all, when `final`) are then forgotten.
   * A listener registered by several watchers hears one event once, as the Java client's
   * `Set<Watcher>` does (zkCli's default watcher relies on it).
   */
  private deliver(
    watchers: readonly WatcherId[], event: (entry: WatcherEntry) => WatchedEvent, final: boolean,
    reached: Set<WatchListener> = new Set(),
  ): void {
    for (const id of watchers) {
      const entry = this.watchers.get(id);
      if (entry === undefined) continue;
      if (final || !entry.persistent) this.watchers.delete(id);
      if (reached.has(entry.listener)) continue;
      reached.add(entry.listener);
      this.callSafely(() => entry.listener(event(entry)));
    }
  }

  private callSafely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportListenerError(error);
    }
  }
}
