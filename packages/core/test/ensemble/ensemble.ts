/**
 * A deterministic in-memory ensemble: N `Server`s, the {@link Network} between them and a
 * {@link Disk} each. `run()` delivers messages and flushes disks until nothing is left to do,
 * always in the same order, so a scenario is a plain script. Faults are explicit calls: cut or
 * restore links, hold a disk (its writes stay pending), crash and restart from disk, wipe.
 */
import { OpCode, type ConnectResponse, type DecodedRequest, type Request } from '@paddock/protocol';
import { defaultCoreConfig, Server, type CoreConfig, type Input, type Output, type ServerInspection } from '../../src/index';
import type { Received } from '../driver';
import { Disk } from './disk';
import { Network } from './network';

export interface Node {
  readonly id: number;
  server: Server | null;
  readonly disk: Disk;
  /** Each start gets a later start time, as a restarted process would: session ids derive from it. */
  config: CoreConfig;
  restarts: number;
  /** Writes stay pending (not flushed) while held; with 'log', epoch writes still complete. */
  diskHeld: boolean | 'log';
  readonly inbox: Input[];
}

export const START_WALL_MS = 1_700_000_000_000;

export class Ensemble {
  readonly nodes = new Map<number, Node>();
  readonly network: Network;
  /** Client-side view: what each (server, conn) received. */
  readonly clients = new Map<string, Received[]>();
  readonly traces: string[] = [];
  private nextConn = 1;
  private readonly xids = new Map<string, number>();

  constructor(ids: readonly number[], overrides: Partial<CoreConfig> = {}, observers: readonly number[] = []) {
    this.network = new Network((server, input) => this.nodes.get(server)?.server && this.nodes.get(server)!.inbox.push(input));
    const ensemble = [...ids.map((id) => ({ id, observer: false })), ...observers.map((id) => ({ id, observer: true }))];
    for (const { id } of ensemble) {
      const config = defaultCoreConfig({ serverId: id, ensemble, startWallMs: START_WALL_MS, randomSeed: id, ...overrides });
      const node: Node = { id, server: null, disk: new Disk(), config, restarts: 0, diskHeld: false, inbox: [] };
      this.nodes.set(id, node);
    }
    for (const node of this.nodes.values()) this.boot(node, Server.bootstrap(node.config));
  }

  node(id: number): Node {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no server ${id}`);
    return n;
  }

  server(id: number): Server {
    const s = this.node(id).server;
    if (!s) throw new Error(`server ${id} is down`);
    return s;
  }

  inspect(id: number): ServerInspection {
    return this.server(id).inspect();
  }

  private boot(node: Node, server: Server): void {
    node.server = server;
    node.inbox.length = 0;
    this.feed(node, { type: 'clock', wallMs: node.config.startWallMs });
    for (const other of this.nodes.values()) {
      if (other.id !== node.id && other.server && this.network.isUp(node.id, other.id)) {
        node.inbox.push({ type: 'peer-connected', peer: other.id });
        other.inbox.push({ type: 'peer-connected', peer: node.id });
      }
    }
  }

  private feed(node: Node, input: Input): void {
    if (!node.server) return;
    this.route(node, node.server.step(input));
  }

  private route(node: Node, outputs: readonly Output[]): void {
    for (const o of outputs) {
      switch (o.type) {
        case 'peer-send':
          if (this.nodes.get(o.to)?.server) this.network.send(node.id, o.to, o.message);
          break;
        case 'append':
        case 'truncate':
        case 'install-snapshot-piece':
        case 'install-snapshot-abort':
        case 'install-snapshot':
        case 'persist-epoch':
        case 'snapshot':
          node.disk.write(o);
          break;
        case 'reply':
          this.box(node.id, o.conn).push({ kind: 'reply', xid: o.header.xid, zxid: o.header.zxid, err: o.header.err, body: o.body });
          break;
        case 'watch-event':
          this.box(node.id, o.conn).push({ kind: 'event', zxid: o.zxid, event: o.event });
          break;
        case 'handshake-reply':
          this.box(node.id, o.conn).push({ kind: 'handshake', response: o.response });
          break;
        case 'close':
          this.box(node.id, o.conn).push({ kind: 'closed', reason: o.reason });
          break;
        case 'trace':
          this.traces.push(o.message);
          break;
        case 'throttle':
          break;
      }
    }
  }

  /**
   * One unit of work, in a fixed order: a queued input, else one message, else one disk flush,
   * else one slice of a snapshot being written (so a sliced SNAP's stream advances only when
   * everything else is quiet: writes keep flowing between its slices). Returns false when there
   * is nothing left to do.
   */
  step(): boolean {
    for (const node of this.nodes.values()) {
      if (node.server && node.inbox.length > 0) {
        this.feed(node, node.inbox.shift()!);
        return true;
      }
    }
    const m = this.network.next();
    if (m) {
      this.feed(this.nodes.get(m.to)!, { type: 'peer-message', from: m.from, message: m.message });
      return true;
    }
    // Epoch files are not the log: they become durable in a step of their own, first, so a
    // crash can fall between an epoch write and a log write issued before it.
    for (const node of this.nodes.values()) {
      if (node.server && node.diskHeld !== true && node.disk.hasPendingEpoch) {
        for (const input of node.disk.flushEpochs()) this.feed(node, input);
        return true;
      }
      if (node.server && !node.diskHeld && node.disk.hasPending) {
        for (const input of node.disk.flush()) this.feed(node, input);
        return true;
      }
    }
    for (const node of this.nodes.values()) {
      if (node.server?.snapshotPending) {
        this.feed(node, { type: 'snapshot-slice' });
        return true;
      }
    }
    return false;
  }

  /** Steps until the ensemble is quiet. */
  run(limit = 100_000): void {
    for (let i = 0; i < limit; i++) if (!this.step()) return;
    throw new Error('ensemble did not quiesce');
  }

  /** `n` ticks on every live server, running to quiet after each. */
  tick(n = 1, only?: readonly number[]): void {
    for (let i = 0; i < n; i++) {
      for (const node of this.nodes.values()) if (!only || only.includes(node.id)) this.feed(node, { type: 'tick' });
      this.run();
    }
  }

  /** One `election-tick` (the 200 ms election timer) on every live server, running to quiet. */
  electionTick(): void {
    for (const node of this.nodes.values()) this.feed(node, { type: 'election-tick' });
    this.run();
  }

  /** Ticks until `done` holds (at most `max` ticks). */
  tickUntil(done: () => boolean, max = 100): void {
    for (let i = 0; i < max && !done(); i++) this.tick();
    if (!done()) throw new Error(`condition not reached in ${max} ticks`);
  }

  leaderId(): number | null {
    const leaders = [...this.nodes.values()].filter((n) => n.server && n.server.inspect().role === 'leader' && n.server.inspect().serving);
    return leaders.length === 1 ? leaders[0]!.id : null;
  }

  /** Starts everyone and waits for an established leader with every live voter serving. */
  elect(max = 50): number {
    this.run();
    this.tickUntil(() => this.leaderId() !== null && [...this.nodes.values()].every((n) => !n.server || n.server.inspect().serving), max);
    return this.leaderId()!;
  }

  crash(id: number): void {
    const node = this.node(id);
    node.disk.crash();
    node.server = null;
    node.inbox.length = 0;
    for (const other of this.nodes.values()) {
      if (other.id !== id) {
        this.network.cut(id, other.id);
        this.network.restore(id, other.id);
      }
    }
    node.inbox.length = 0;
  }

  restart(id: number): void {
    const node = this.node(id);
    if (node.server) throw new Error(`server ${id} is up`);
    node.config = { ...node.config, startWallMs: START_WALL_MS + ++node.restarts * 60_000 };
    this.boot(node, Server.recover(node.config, node.disk.durable()));
  }

  /** Cuts every link between the two groups. */
  partition(a: readonly number[], b: readonly number[]): void {
    for (const x of a) for (const y of b) this.network.cut(x, y);
  }

  /** Restores every link and releases every held direction. */
  heal(): void {
    this.network.releaseAll();
    const ids = [...this.nodes.keys()];
    for (const x of ids) for (const y of ids) if (x < y) this.network.restore(x, y);
  }

  // ---- clients -------------------------------------------------------------------------------

  private box(server: number, conn: number): Received[] {
    const key = `${server}/${conn}`;
    let b = this.clients.get(key);
    if (!b) this.clients.set(key, (b = []));
    return b;
  }

  take(server: number, conn: number): Received[] {
    const b = this.box(server, conn);
    return b.splice(0, b.length);
  }

  /** Opens a session (or resumes one) on `server`; returns the conn and the handshake reply. */
  connect(server: number, opts: { timeOut?: number; sessionId?: bigint; passwd?: Uint8Array; lastZxidSeen?: bigint } = {}): { conn: number; response: ConnectResponse | null } {
    const conn = this.nextConn++;
    const node = this.node(server);
    this.feed(node, { type: 'client-connected', conn, remoteHost: '10.0.0.9', remotePort: 40000 + conn });
    this.feed(node, {
      type: 'client-handshake', conn,
      request: { protocolVersion: 0, lastZxidSeen: opts.lastZxidSeen ?? 0n, timeOut: opts.timeOut ?? 30000, sessionId: opts.sessionId ?? 0n, passwd: opts.passwd ?? new Uint8Array(16), readOnly: false },
    });
    this.run();
    const got = this.take(server, conn);
    const hs = got.find((r) => r.kind === 'handshake');
    this.box(server, conn).push(...got.filter((r) => r.kind !== 'handshake'));
    return { conn, response: hs && hs.kind === 'handshake' ? hs.response : null };
  }

  /** Sends a request without running the ensemble; returns the xid. */
  send(server: number, conn: number, request: Request): number {
    const key = `${server}/${conn}`;
    const xid = (this.xids.get(key) ?? 0) + 1;
    this.xids.set(key, xid);
    const decoded: DecodedRequest = { ok: true, xid, type: request.op, request };
    this.feed(this.node(server), { type: 'client-request', conn, request: decoded });
    return xid;
  }

  /** Sends a request, runs to quiet, and returns its reply. */
  call(server: number, conn: number, request: Request): Extract<Received, { kind: 'reply' }> {
    const xid = this.send(server, conn, request);
    this.run();
    const box = this.box(server, conn);
    const i = box.findIndex((r) => r.kind === 'reply' && r.xid === xid);
    if (i < 0) throw new Error(`no reply from server ${server} to xid ${xid} (op ${request.op}): ${JSON.stringify(box.map((r) => r.kind))}`);
    return box.splice(i, 1)[0] as Extract<Received, { kind: 'reply' }>;
  }

  /** The data of `path` on a server (null if absent), as text. */
  read(id: number, path: string): string | null {
    const node = this.server(id).readNode(path);
    return node ? new TextDecoder().decode(node.data ?? new Uint8Array()) : null;
  }
}

export { OpCode };
