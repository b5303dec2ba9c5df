/**
 * A Paddock server as one synchronous state machine: `step(input) → outputs`. Standalone for
 * now, shaped as an ensemble of one: writes are prepared into txns with zxids, handed out for
 * durable append, and committed (applied, answered, watches fired) only once persisted.
 */
import {
  ErrorCode, JuteWriter, KeeperState, OpCode,
  type ConnectRequest, type DecodedRequest, type MultiOp, type Request, type Response, type Stat,
} from '@paddock/protocol';
import type { CoreConfig } from './config';
import { freshConnectionStats, type Connection, type PendingRequest } from './connection/connection';
import type { ConnId, Input, LogRecord, Output } from './io';
import { prepCleanupDelete, prepCloseSession, prepSetAcl, prepWrite, type PrepContext } from './prep/prep-write';
import { PendingChanges } from './prep/pending-changes';
import { executeRead } from './read-ops';
import { passwordMatches, PASSWORD_LENGTH, sessionPassword } from './session/password';
import { SessionTable } from './session/session-table';
import { decodeSnapshot, encodeSnapshot } from './snapshot/snapshot-codec';
import { toStat } from './tree/stat';
import { DataTree, type ApplyOutcome } from './tree/data-tree';
import { nodeKind, ttlOf } from './tree/znode';
import type { Txn, TxnEntry } from './txn/txn';
import { decodeTxnEntry, encodeTxnEntry } from './txn/txn-codec';
import { invariant } from './util/assert';
import { Prng } from './util/prng';
import { WatchManager } from './watch/watch-manager';
import { writeReply } from './write-reply';

/** Who waits for a txn to commit. */
type Origin =
  | { readonly kind: 'request'; readonly conn: ConnId; readonly pending: PendingRequest }
  | { readonly kind: 'handshake'; readonly conn: ConnId; readonly readOnlyFlag: boolean }
  | { readonly kind: 'server' };

interface Proposal {
  readonly entry: TxnEntry;
  readonly origin: Origin;
}

/** What the adapter loaded from disk. */
export interface DurableState {
  readonly snapshot: Uint8Array | null;
  /** Logged txns in zxid order; those at or below the snapshot's zxid are skipped. */
  readonly txns: readonly Uint8Array[];
}

const WRITE_OPS: ReadonlySet<number> = new Set([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.setData,
  OpCode.setACL, OpCode.check, OpCode.multi, OpCode.reconfig, OpCode.closeSession,
]);

export interface ServerStats {
  packetsReceived: number;
  packetsSent: number;
  minLatencyMs: number;
  maxLatencyMs: number;
  totalLatencyMs: number;
  replies: number;
}

function freshServerStats(): ServerStats {
  return { packetsReceived: 0, packetsSent: 0, minLatencyMs: 0, maxLatencyMs: 0, totalLatencyMs: 0, replies: 0 };
}

export class Server {
  private readonly tree: DataTree;
  private readonly sessions: SessionTable;
  private readonly pending: PendingChanges;
  private readonly watches = new WatchManager();
  private readonly conns = new Map<ConnId, Connection>();
  private readonly proposals: Proposal[] = [];
  private readonly prng: Prng;
  private readonly txnWriter = new JuteWriter(1024);
  private out: Output[] = [];
  private toAppend: LogRecord[] = [];
  private lastPreparedZxid: number;
  private wallMs: number;
  private nextSessionId: bigint;
  private txnsSinceSnapshot = 0;
  private snapshotAfter: number;
  private ticksSinceCleanup = 0;
  private stats = freshServerStats();

  private constructor(readonly config: CoreConfig, tree: DataTree, sessions: SessionTable) {
    invariant(config.serverId >= 0 && config.serverId <= 255, 'serverId must fit in 8 bits');
    invariant(config.minSessionTimeoutMs <= config.maxSessionTimeoutMs, 'minSessionTimeout > maxSessionTimeout');
    this.tree = tree;
    this.sessions = sessions;
    this.pending = new PendingChanges(tree);
    this.prng = new Prng(config.randomSeed);
    this.lastPreparedZxid = tree.lastZxid;
    this.wallMs = config.startWallMs;
    this.nextSessionId = initialSessionId(config.serverId, config.startWallMs);
    this.snapshotAfter = this.drawSnapshotInterval();
  }

  /** A server with an empty tree. */
  static bootstrap(config: CoreConfig): Server {
    return new Server(config, new DataTree(), new SessionTable(config.tickTimeMs));
  }

  /** A server rebuilt from its snapshot and the log after it. */
  static recover(config: CoreConfig, durable: DurableState): Server {
    const sessions = new SessionTable(config.tickTimeMs);
    let tree = new DataTree();
    if (durable.snapshot) {
      const snap = decodeSnapshot(durable.snapshot);
      tree = snap.tree;
      for (const s of snap.sessions) sessions.add(s.id, s.timeoutMs);
    }
    for (const bytes of durable.txns) {
      const entry = decodeTxnEntry(bytes);
      if (entry.header.zxid <= tree.lastZxid) continue;
      tree.apply(entry);
      applySessionEffect(entry, sessions);
    }
    return new Server(config, tree, sessions);
  }

  /** Feeds one input; returns what the adapter must do, in order. */
  step(input: Input): Output[] {
    switch (input.type) {
      case 'clock':
        this.wallMs = input.wallMs;
        break;
      case 'tick':
        this.onTick();
        break;
      case 'client-connected':
        this.onConnected(input.conn, input.remoteHost, input.remotePort);
        break;
      case 'client-handshake':
        this.onHandshake(input.conn, input.request);
        break;
      case 'client-request':
        this.onRequest(input.conn, input.request);
        break;
      case 'client-disconnected':
        this.dropConnection(input.conn);
        break;
      case 'persisted':
        this.commitThrough(input.zxid);
        break;
      case 'reset-stats':
        if (input.scope === 'server') this.stats = freshServerStats();
        else for (const c of this.conns.values()) c.stats = freshConnectionStats();
        break;
    }
    if (this.toAppend.length > 0) {
      this.out.push({ type: 'append', records: this.toAppend });
      this.toAppend = [];
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  // ---- connections and handshakes ------------------------------------------------------------

  private onConnected(conn: ConnId, remoteHost: string, remotePort: number): void {
    invariant(!this.conns.has(conn), () => `connection ${conn} connected twice`);
    const limit = this.config.maxClientCnxnsPerHost;
    if (limit > 0) {
      let fromHost = 0;
      for (const c of this.conns.values()) if (c.remoteHost === remoteHost) fromHost++;
      if (fromHost >= limit) {
        this.out.push({ type: 'close', conn, reason: `too many connections from ${remoteHost} - max is ${limit}` });
        return;
      }
    }
    this.conns.set(conn, {
      id: conn, remoteHost, remotePort, connectedWallMs: this.wallMs, phase: 'handshake', sessionId: 0n,
      timeoutMs: 0, authInfo: [{ scheme: 'ip', id: remoteHost }], queue: [], paused: false, stats: freshConnectionStats(),
    });
  }

  private onHandshake(connId: ConnId, req: ConnectRequest): void {
    const conn = this.conns.get(connId);
    if (!conn) return;
    this.stats.packetsReceived++;
    conn.stats.received++;
    if (conn.phase !== 'handshake') return this.close(conn, 'second ConnectRequest on one connection');
    // A client must never see older state than it already saw: let it find a fresher server.
    if (req.lastZxidSeen > BigInt(this.tree.lastZxid)) {
      return this.close(conn, `client has seen zxid 0x${req.lastZxidSeen.toString(16)} but our last zxid is 0x${this.tree.lastZxid.toString(16)}`);
    }
    const timeoutMs = Math.min(Math.max(req.timeOut, this.config.minSessionTimeoutMs), this.config.maxSessionTimeoutMs);
    const readOnlyFlag = req.readOnly !== undefined;
    conn.timeoutMs = timeoutMs;
    if (req.sessionId === 0n) {
      if (this.sessions.size + this.establishingCount() >= this.config.maxSessions) {
        return this.close(conn, `session limit ${this.config.maxSessions} reached`);
      }
      const sessionId = this.allocateSessionId();
      conn.phase = 'establishing';
      conn.sessionId = sessionId;
      this.propose(sessionId, 0, { type: 'createSession', timeoutMs }, { kind: 'handshake', conn: connId, readOnlyFlag });
      return;
    }
    const session = this.sessions.get(req.sessionId);
    if (!session || session.closing || !passwordMatches(req.sessionId, req.passwd)) {
      this.emitHandshake(conn, { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: new Uint8Array(PASSWORD_LENGTH), ...(readOnlyFlag ? { readOnly: false } : {}) });
      return this.close(conn, `session 0x${req.sessionId.toString(16)} is expired or its password is wrong`);
    }
    for (const other of this.conns.values()) {
      if (other !== conn && other.sessionId === session.id) this.close(other, 'session reconnected on another connection');
    }
    this.sessions.touch(session, timeoutMs);
    conn.sessionId = session.id;
    conn.phase = 'open';
    this.emitHandshake(conn, { protocolVersion: 0, timeOut: timeoutMs, sessionId: session.id, passwd: sessionPassword(session.id), ...(readOnlyFlag ? { readOnly: false } : {}) });
    this.drain(conn);
  }

  private emitHandshake(conn: Connection, response: Extract<Output, { type: 'handshake-reply' }>['response']): void {
    this.stats.packetsSent++;
    conn.stats.sent++;
    this.out.push({ type: 'handshake-reply', conn: conn.id, response });
  }

  private establishingCount(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.phase === 'establishing') n++;
    return n;
  }

  private allocateSessionId(): bigint {
    let id = this.nextSessionId;
    // Long.MIN_VALUE marks containers, and a recovered session may already own an id.
    while (id === -0x8000000000000000n || this.sessions.get(id)) id = BigInt.asIntN(64, id + 1n);
    this.nextSessionId = BigInt.asIntN(64, id + 1n);
    return id;
  }

  private close(conn: Connection, reason: string): void {
    this.out.push({ type: 'close', conn: conn.id, reason });
    this.dropConnection(conn.id);
  }

  private dropConnection(connId: ConnId): void {
    const conn = this.conns.get(connId);
    if (!conn) return;
    this.watches.removeConnection(connId);
    this.conns.delete(connId);
  }

  // ---- requests ------------------------------------------------------------------------------

  private onRequest(connId: ConnId, request: DecodedRequest): void {
    const conn = this.conns.get(connId);
    if (!conn) return;
    this.stats.packetsReceived++;
    conn.stats.received++;
    if (conn.phase === 'handshake') return this.close(conn, 'request before ConnectRequest');
    const session = this.sessions.get(conn.sessionId);
    if (session) this.sessions.touch(session);
    const kind = request.ok && WRITE_OPS.has(request.request.op) ? 'write' : 'read';
    conn.queue.push({ xid: request.xid, opcode: request.type, request, kind, state: 'waiting', receivedWallMs: this.wallMs });
    if (!conn.paused && conn.queue.length >= this.config.maxOutstandingPerConnection) {
      conn.paused = true;
      this.out.push({ type: 'throttle', conn: connId, paused: true });
    }
    this.drain(conn);
  }

  /**
   * Moves a connection's queue forward: writes are prepared as soon as nothing but other writes
   * precede them; other requests run once everything before them is answered; replies leave
   * strictly in arrival order.
   */
  private drain(conn: Connection): void {
    if (conn.phase !== 'open') return;
    for (;;) {
      while (conn.queue[0]?.state === 'done') {
        const item = conn.queue.shift()!;
        this.emitReply(conn, item);
        if (item.closeAfter !== undefined) return this.close(conn, item.closeAfter);
      }
      let progressed = false;
      let allAnswered = true;
      let onlyWrites = true;
      for (const item of conn.queue) {
        if (item.state === 'waiting') {
          if (item.kind === 'write' && onlyWrites) {
            this.prepare(conn, item);
            progressed = true;
          } else if (item.kind === 'read' && allAnswered) {
            this.runRead(conn, item);
            progressed = true;
          } else {
            break;
          }
        }
        if (item.state !== 'done') allAnswered = false;
        if (item.kind === 'read' && item.state !== 'done') onlyWrites = false;
      }
      if (!progressed) break;
    }
    if (conn.paused && conn.queue.length < this.config.maxOutstandingPerConnection / 2) {
      conn.paused = false;
      this.out.push({ type: 'throttle', conn: conn.id, paused: false });
    }
  }

  private runRead(conn: Connection, item: PendingRequest): void {
    const decoded = item.request;
    if (!decoded.ok) {
      // A body we could not parse leaves the stream position in doubt: answer, then hang up.
      const closeAfter = decoded.err === ErrorCode.MarshallingError ? `undecodable request: ${decoded.reason}` : undefined;
      // ZooKeeper answers an unknown opcode with zxid -1.
      const zxid = decoded.err === ErrorCode.Unimplemented ? -1 : this.tree.lastZxid;
      return this.finish(item, decoded.err, null, zxid, closeAfter);
    }
    const result = executeRead(decoded.request, {
      tree: this.tree,
      watches: this.watches,
      conn,
      skipACL: this.config.skipACL,
      superDigest: this.config.superDigest,
      emitEvent: (type, path) => this.emitEvent(conn.id, BigInt(this.tree.lastZxid), type, path),
    });
    this.finish(item, result.err, result.body, this.tree.lastZxid, result.closeAfter);
  }

  private prepare(conn: Connection, item: PendingRequest): void {
    const request = (item.request as Extract<DecodedRequest, { ok: true }>).request;
    const session = this.sessions.get(conn.sessionId);
    if (!session || session.closing) {
      return this.finish(item, ErrorCode.SessionExpired, null, this.tree.lastZxid);
    }
    const zxid = this.lastPreparedZxid + 1;
    const txn = this.prepTxn(request, conn, session.id, zxid);
    if (txn.type === 'closeSession') session.closing = true;
    item.state = 'proposed';
    this.propose(conn.sessionId, item.xid, txn, { kind: 'request', conn: conn.id, pending: item });
  }

  private prepTxn(request: Request, conn: Connection, sessionId: bigint, zxid: number): Txn {
    const ctx: PrepContext = {
      sessionId, authInfo: conn.authInfo, skipACL: this.config.skipACL, extendedTypesEnabled: this.config.extendedTypesEnabled,
    };
    switch (request.op) {
      case OpCode.closeSession:
        return prepCloseSession(sessionId, this.tree, this.pending, zxid);
      case OpCode.setACL:
        return prepSetAcl(request.path, request.acl, request.version, ctx, this.pending, zxid);
      case OpCode.reconfig:
        return { type: 'error', err: ErrorCode.ReconfigDisabled };
      case OpCode.multi:
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL:
      case OpCode.delete:
      case OpCode.setData:
      case OpCode.check:
        return prepWrite(request, ctx, this.pending, zxid);
      default:
        throw new Error(`opcode ${request.op} is not a write`);
    }
  }

  private finish(item: PendingRequest, err: number, body: Response | null, zxid: number, closeAfter?: string): void {
    item.state = 'done';
    item.reply = { header: { xid: item.xid, zxid: BigInt(zxid), err }, body };
    if (closeAfter !== undefined) item.closeAfter = closeAfter;
  }

  private emitReply(conn: Connection, item: PendingRequest): void {
    const reply = item.reply!;
    const latency = Math.max(0, this.wallMs - item.receivedWallMs);
    for (const s of [this.stats, conn.stats]) {
      s.minLatencyMs = s.replies === 0 ? latency : Math.min(s.minLatencyMs, latency);
      s.maxLatencyMs = Math.max(s.maxLatencyMs, latency);
      s.totalLatencyMs += latency;
      s.replies++;
    }
    this.stats.packetsSent++;
    Object.assign(conn.stats, {
      sent: conn.stats.sent + 1, lastOpcode: item.opcode, lastCxid: item.xid, lastZxid: Number(reply.header.zxid),
      lastResponseWallMs: this.wallMs, lastLatencyMs: latency,
    });
    this.out.push({ type: 'reply', conn: conn.id, header: reply.header, body: reply.body });
  }

  private emitEvent(conn: ConnId, zxid: bigint, type: number, path: string): void {
    this.stats.packetsSent++;
    this.out.push({ type: 'watch-event', conn, zxid, event: { type, state: KeeperState.SyncConnected, path } });
  }

  // ---- the txn pipeline ----------------------------------------------------------------------

  private propose(sessionId: bigint, cxid: number, txn: Txn, origin: Origin): void {
    const zxid = ++this.lastPreparedZxid;
    invariant(Number.isSafeInteger(zxid), 'zxid counter overflow');
    const entry: TxnEntry = { header: { sessionId, cxid, zxid, time: this.wallMs }, txn };
    this.proposals.push({ entry, origin });
    this.toAppend.push({ zxid, payload: encodeTxnEntry(entry, this.txnWriter) });
  }

  /** Standalone: a txn commits once it is durable (a quorum of one). */
  private commitThrough(zxid: number): void {
    invariant(zxid <= this.lastPreparedZxid, () => `persisted ${zxid} beyond last prepared ${this.lastPreparedZxid}`);
    while (this.proposals.length > 0 && this.proposals[0]!.entry.header.zxid <= zxid) {
      this.applyProposal(this.proposals.shift()!);
    }
  }

  private applyProposal({ entry, origin }: Proposal): void {
    const outcome = this.tree.apply(entry);
    this.pending.appliedThrough(entry.header.zxid);
    applySessionEffect(entry, this.sessions);
    this.fireWatches(outcome, entry.header.zxid);
    if (entry.txn.type === 'closeSession') {
      for (const conn of [...this.conns.values()]) {
        if (conn.sessionId === entry.header.sessionId && !(origin.kind === 'request' && origin.conn === conn.id)) {
          this.close(conn, 'session closed');
        }
      }
    }
    this.complete(origin, entry, outcome);
    this.maybeSnapshot();
  }

  private fireWatches(outcome: ApplyOutcome, zxid: number): void {
    if (outcome.triggers.length === 0 || this.watches.count === 0) return;
    const z = BigInt(zxid);
    for (const trigger of outcome.triggers) {
      for (const target of this.watches.fire(trigger)) this.emitEvent(target.conn, z, target.type, target.path);
    }
  }

  private complete(origin: Origin, entry: TxnEntry, outcome: ApplyOutcome): void {
    if (origin.kind === 'server') return;
    const conn = this.conns.get(origin.conn);
    if (!conn) return;
    if (origin.kind === 'handshake') {
      conn.phase = 'open';
      const sessionId = entry.header.sessionId;
      this.emitHandshake(conn, {
        protocolVersion: 0, timeOut: conn.timeoutMs, sessionId, passwd: sessionPassword(sessionId),
        ...(origin.readOnlyFlag ? { readOnly: false } : {}),
      });
      return this.drain(conn);
    }
    const item = origin.pending;
    const request = (item.request as Extract<DecodedRequest, { ok: true }>).request;
    const ops: readonly MultiOp[] | null = request.op === OpCode.multi ? request.ops : null;
    const { err, body } = writeReply(request.op, ops, outcome.outcomes);
    const closeAfter = request.op === OpCode.closeSession ? 'session closed by client' : undefined;
    this.finish(item, err, body, entry.header.zxid, closeAfter);
    this.drain(conn);
  }

  private maybeSnapshot(): void {
    if (++this.txnsSinceSnapshot < this.snapshotAfter) return;
    this.txnsSinceSnapshot = 0;
    this.snapshotAfter = this.drawSnapshotInterval();
    this.out.push({ type: 'snapshot', zxid: this.tree.lastZxid, chunks: this.snapshotChunks() });
  }

  /** A consistent snapshot of the applied state, as of {@link lastAppliedZxid}. */
  snapshotChunks(): Uint8Array[] {
    return encodeSnapshot(this.tree, this.sessions.all().map((s) => ({ id: s.id, timeoutMs: s.timeoutMs })));
  }

  private drawSnapshotInterval(): number {
    const n = Math.max(2, this.config.snapCount);
    return this.prng.intIn(Math.floor(n / 2) + 1, n);
  }

  // ---- time ----------------------------------------------------------------------------------

  private onTick(): void {
    for (const session of this.sessions.advance()) {
      session.closing = true;
      const zxid = this.lastPreparedZxid + 1;
      this.propose(session.id, 0, prepCloseSession(session.id, this.tree, this.pending, zxid), { kind: 'server' });
    }
    const cleanupTicks = Math.max(1, Math.ceil(this.config.containerCheckIntervalMs / this.config.tickTimeMs));
    if (++this.ticksSinceCleanup >= cleanupTicks) {
      this.ticksSinceCleanup = 0;
      this.cleanupContainers(Math.max(1, Math.floor((this.config.containerMaxPerMinute * this.config.containerCheckIntervalMs) / 60_000)));
    }
  }

  /**
   * Deletes empty containers that once had a child, and TTL nodes idle past their TTL, as
   * ordinary txns (ZooKeeper's ContainerManager): the clock only picks candidates.
   */
  private cleanupContainers(budget: number): void {
    for (const path of this.tree.cleanupCandidatePaths()) {
      if (budget <= 0) return;
      const node = this.tree.get(path)!;
      if ((node.children?.size ?? 0) > 0) continue;
      const kind = nodeKind(node.ephemeralOwner);
      const due = kind === 'container' ? node.cversion > 0 : this.wallMs - node.mtime > ttlOf(node.ephemeralOwner);
      if (!due) continue;
      const txn = prepCleanupDelete(path, this.pending, this.lastPreparedZxid + 1);
      if (!txn) continue;
      this.propose(0n, 0, txn, { kind: 'server' });
      budget--;
    }
  }

  // ---- inspection ----------------------------------------------------------------------------

  /** A read-only view for four-letter words, metrics and checkers. */
  inspect(): ServerInspection {
    const s = this.stats;
    return {
      role: 'standalone',
      lastZxid: this.tree.lastZxid,
      lastPreparedZxid: this.lastPreparedZxid,
      digest: this.tree.digest,
      nodeCount: this.tree.nodeCount,
      approximateDataSize: this.tree.approximateDataSize,
      ephemeralCount: this.tree.ephemeralCount,
      watchCount: this.watches.count,
      watchedPathCount: this.watches.pathCount,
      outstandingRequests: [...this.conns.values()].reduce((n, c) => n + c.queue.length, 0),
      packetsReceived: s.packetsReceived,
      packetsSent: s.packetsSent,
      minLatencyMs: s.minLatencyMs,
      maxLatencyMs: s.maxLatencyMs,
      avgLatencyMs: s.replies === 0 ? 0 : s.totalLatencyMs / s.replies,
      currentTick: this.sessions.currentTick,
      sessions: this.sessions.all().map((x) => ({ id: x.id, timeoutMs: x.timeoutMs, expiresAtTick: x.expiresAtTick })),
      ephemerals: this.tree.ephemeralOwners(),
      connections: [...this.conns.values()].map((c) => ({
        id: c.id, remoteHost: c.remoteHost, remotePort: c.remotePort, sessionId: c.sessionId, timeoutMs: c.timeoutMs,
        queued: c.queue.length, connectedWallMs: c.connectedWallMs, established: c.phase === 'open', ...c.stats,
      })),
      watchesByConnection: this.watches.byConnection(),
      watchesByPath: this.watches.byPathSummary(),
    };
  }

  /** The znode at `path` as a client would read it, for checkers and tests. */
  readNode(path: string): { data: Uint8Array | null; stat: Stat; children: string[] } | null {
    const node = this.tree.get(path);
    if (!node) return null;
    return { data: node.data, stat: toStat(node), children: node.children ? [...node.children] : [] };
  }

  /** Every path in the tree, parents first. */
  paths(): string[] {
    return [...this.tree.paths()];
  }
}

export interface ConnectionInspection {
  readonly id: ConnId;
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly sessionId: bigint;
  readonly timeoutMs: number;
  readonly queued: number;
  readonly connectedWallMs: number;
  readonly established: boolean;
  readonly received: number;
  readonly sent: number;
  readonly lastOpcode: number;
  readonly lastCxid: number;
  readonly lastZxid: number;
  readonly lastResponseWallMs: number;
  readonly lastLatencyMs: number;
  readonly minLatencyMs: number;
  readonly maxLatencyMs: number;
  readonly totalLatencyMs: number;
  readonly replies: number;
}

export interface ServerInspection {
  readonly role: 'standalone';
  readonly lastZxid: number;
  readonly lastPreparedZxid: number;
  readonly digest: number;
  readonly nodeCount: number;
  readonly approximateDataSize: number;
  readonly ephemeralCount: number;
  readonly watchCount: number;
  readonly watchedPathCount: number;
  readonly outstandingRequests: number;
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly minLatencyMs: number;
  readonly maxLatencyMs: number;
  readonly avgLatencyMs: number;
  readonly currentTick: number;
  readonly sessions: ReadonlyArray<{ id: bigint; timeoutMs: number; expiresAtTick: number }>;
  readonly ephemerals: ReadonlyArray<[bigint, readonly string[]]>;
  readonly connections: readonly ConnectionInspection[];
  readonly watchesByConnection: ReadonlyArray<[ConnId, string[]]>;
  readonly watchesByPath: ReadonlyArray<[string, ConnId[]]>;
}

/** Session bookkeeping a committed txn implies, on every replica and during recovery. */
function applySessionEffect(entry: TxnEntry, sessions: SessionTable): void {
  if (entry.txn.type === 'createSession') sessions.add(entry.header.sessionId, entry.txn.timeoutMs);
  else if (entry.txn.type === 'closeSession') sessions.remove(entry.header.sessionId);
}

/** ZooKeeper's first session id: `((startMs << 24) >>> 8) | (serverId << 56)`. */
function initialSessionId(serverId: number, startWallMs: number): bigint {
  const shifted = BigInt.asUintN(64, BigInt(Math.floor(startWallMs)) << 24n) >> 8n;
  return BigInt.asIntN(64, shifted | (BigInt(serverId) << 56n));
}
