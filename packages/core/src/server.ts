/**
 * A Paddock server as one synchronous state machine: `step(input) → outputs`. In an ensemble it
 * runs Zab (src/zab): it elects, then leads (prepares writes into txns, proposes, commits on a
 * quorum of durable ACKs) or learns (forwards writes, logs proposals, applies commits). Alone it
 * is an ensemble of one through the same broadcast path: a txn commits once it is durable here.
 * Whichever server holds a client's connection answers it, after applying the commit.
 */
import {
  encodeJavaUtf8, ErrorCode, JuteWriter, KeeperState, OpCode,
  type ConnectRequest, type DecodedRequest, type Id, type MultiOp, type Request, type Response, type Stat,
} from '@paddock/protocol';
import type { CoreConfig } from './config';
import { freshConnectionStats, type Connection, type PendingRequest } from './connection/connection';
import type { ConnId, Input, LogRecord, Output, PeerId } from './io';
import { prepCleanupDelete, prepCloseSession, prepSetAcl, prepWrite, type PrepContext } from './prep/prep-write';
import { PendingChanges } from './prep/pending-changes';
import { executeRead } from './read-ops';
import { passwordMatches, PASSWORD_LENGTH, sessionPassword } from './session/password';
import { SessionTable, type Session } from './session/session-table';
import { SnapshotWriter, decodeSnapshot, encodeSnapshot, joinChunks, type SnapshotSession } from './snapshot/snapshot-codec';
import { toStat } from './tree/stat';
import { DataTree, type ApplyOutcome } from './tree/data-tree';
import { nodeKind, ttlOf, type ZNode } from './tree/znode';
import type { Txn, TxnEntry } from './txn/txn';
import { decodeTxnEntry, encodeTxnEntry } from './txn/txn-codec';
import { invariant } from './util/assert';
import { Prng } from './util/prng';
import { WatchManager } from './watch/watch-manager';
import { writeReply } from './write-reply';
import { DurableLog } from './zab/durable-log';
import { History } from './zab/history';
import type { PeerMessage } from './zab/messages';
import { QuorumPeer } from './zab/quorum-peer';
import { QuorumVerifier } from './zab/quorum';
import { SlicedSnapshot } from './zab/sliced-snapshot';
import type { EpochName, SnapshotSource, ZabHost } from './zab/zab-host';
import { epochOf, formatZxid } from './zab/zxid';

/** A local client waiting for a txn to commit; txns nobody here waits for have none. */
type Origin =
  | { readonly kind: 'request'; readonly conn: ConnId; readonly pending: PendingRequest }
  | { readonly kind: 'handshake'; readonly conn: ConnId; readonly readOnlyFlag: boolean };

/** What the adapter loaded from disk. */
export interface DurableState {
  readonly snapshot: Uint8Array | null;
  /** Logged txns in zxid order; those at or below the snapshot's zxid are skipped. */
  readonly txns: readonly Uint8Array[];
  /**
   * Ensemble only: the durable epochs. Missing ones are taken from the last logged zxid, as
   * ZooKeeper does when its epoch files do not exist yet.
   */
  readonly acceptedEpoch?: number;
  readonly currentEpoch?: number;
}

/** The role as ZooKeeper's `srvr` reports it (Mode:), plus `looking` while electing. */
export type ServerRole = 'standalone' | 'leader' | 'follower' | 'observer' | 'looking';


const WRITE_OPS: ReadonlySet<number> = new Set([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.setData,
  OpCode.setACL, OpCode.check, OpCode.multi, OpCode.reconfig, OpCode.closeSession,
]);

interface ServerStats {
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
  private tree: DataTree;
  private sessions: SessionTable;
  private pending: PendingChanges;
  private readonly watches = new WatchManager();
  private readonly conns = new Map<ConnId, Connection>();
  private readonly prng: Prng;
  private readonly txnWriter = new JuteWriter(1024);
  private out: Output[] = [];
  private toAppend: LogRecord[] = [];
  // ---- Zab ----
  private readonly quorum: QuorumVerifier;
  private readonly standalone: boolean;
  private readonly history: History;
  private readonly host: ZabHost;
  private readonly peer: QuorumPeer;
  /** Clients are served only by an established leader or an up-to-date learner. */
  private serving = false;
  private acceptedEpoch: number;
  private currentEpoch: number;
  private epochWrites = 0;
  private readonly durableLog: DurableLog;
  /** Local clients waiting for a txn, by session then cxid (a txn's header names both). */
  private readonly awaiting = new Map<bigint, Map<number, Origin[]>>();
  /** Txns prepared here, decoded, until applied (saves decoding our own proposals). */
  private readonly prepared = new Map<number, TxnEntry>();
  /** Learner: sessions touched since the last PING reply (the leader owns expiry). */
  private readonly touched = new Map<bigint, number>();
  /** Learner: resuming clients waiting for the leader's REVALIDATE answer, by session. */
  private readonly revalidating = new Map<bigint, Array<{ conn: ConnId; readOnlyFlag: boolean }>>();
  /**
   * Leader: the server each session's client is connected to, as ZooKeeper's leader tracks
   * session owners in memory. A write from any other server gets SessionMoved.
   */
  private readonly owners = new Map<bigint, PeerId>();
  /** Learner: client `sync` requests waiting for the leader's answer. */
  private readonly syncWaiters = new Map<number, { conn: ConnId; item: PendingRequest }>();
  private nextSyncId = 1;
  private wallMs: number;
  private nextSessionId: bigint;
  private txnsSinceSnapshot = 0;
  private snapshotAfter: number;
  /**
   * A snapshot being written in slices (config.snapshotSliceNodes), or null: for disk, for SNAP
   * streams (the leader reads it as a `SnapshotSource`), or both.
   */
  private snapshotWriter: SlicedSnapshot | null = null;
  private ticksSinceCleanup = 0;
  private stats = freshServerStats();

  private constructor(readonly config: CoreConfig, tree: DataTree, sessions: SessionTable, logged: readonly LogRecord[], epochs: { accepted?: number; current?: number }) {
    invariant(config.serverId >= 0 && config.serverId <= 255, 'serverId must fit in 8 bits');
    invariant(config.minSessionTimeoutMs <= config.maxSessionTimeoutMs, 'minSessionTimeout > maxSessionTimeout');
    if (config.ensembleConfig !== null) tree.setConfigData(encodeJavaUtf8(config.ensembleConfig));
    this.tree = tree;
    this.sessions = sessions;
    this.pending = new PendingChanges(tree);
    this.prng = new Prng(config.randomSeed);
    this.wallMs = config.startWallMs;
    this.nextSessionId = initialSessionId(config.serverId, config.startWallMs);
    this.snapshotAfter = this.drawSnapshotInterval();
    const members = config.ensemble.length > 0 ? config.ensemble : [{ id: config.serverId, observer: false }];
    this.quorum = new QuorumVerifier(members);
    invariant(this.quorum.isMember(config.serverId), () => `server ${config.serverId} is not in its own ensemble`);
    this.standalone = this.quorum.voters.length === 1 && this.quorum.observers.length === 0;
    // Standalone keeps no committed log: nobody will ever ask it for a DIFF.
    this.history = new History(tree.lastZxid, this.standalone ? 0 : config.committedLogCount);
    for (const record of logged) this.history.append(record);
    this.durableLog = new DurableLog(this.history.lastZxid);
    const loggedEpoch = epochOf(this.history.lastZxid);
    this.acceptedEpoch = epochs.accepted ?? loggedEpoch;
    this.currentEpoch = epochs.current ?? loggedEpoch;
    invariant(this.acceptedEpoch >= this.currentEpoch, () => `acceptedEpoch ${this.acceptedEpoch} < currentEpoch ${this.currentEpoch} (ZOOKEEPER-2354)`);
    this.host = this.makeHost();
    const leaveRole = (reason: string) => this.stopServing(reason);
    this.peer = this.standalone ? QuorumPeer.standalone(this.host, leaveRole) : QuorumPeer.member(this.host, leaveRole);
    this.serving = this.standalone;
  }

  /** A server with an empty tree. */
  static bootstrap(config: CoreConfig): Server {
    return new Server(config, new DataTree(), new SessionTable(config.tickTimeMs), [], {});
  }

  /**
   * A server rebuilt from its snapshot and the log after it. Alone, everything durable is
   * committed (a quorum of one has it) and is applied now. In an ensemble the log's tail may
   * hold txns no quorum ever had: they stay logged, unapplied, until a leader's sync says
   * whether they are committed or must be truncated.
   */
  static recover(config: CoreConfig, durable: DurableState): Server {
    const sessions = new SessionTable(config.tickTimeMs);
    let tree = new DataTree();
    if (durable.snapshot) {
      const snap = decodeSnapshot(durable.snapshot);
      tree = snap.tree;
      for (const s of snap.sessions) sessions.add(s.id, s.timeoutMs);
    }
    const members = config.ensemble.length > 0 ? config.ensemble : [{ id: config.serverId, observer: false }];
    const alone = members.length === 1;
    const logged: LogRecord[] = [];
    for (const bytes of durable.txns) {
      const entry = decodeTxnEntry(bytes);
      if (entry.header.zxid <= tree.lastZxid) continue;
      if (alone) {
        tree.apply(entry);
        applySessionEffect(entry, sessions);
      } else {
        logged.push({ zxid: entry.header.zxid, payload: bytes });
      }
    }
    const epochs = { ...(durable.acceptedEpoch !== undefined ? { accepted: durable.acceptedEpoch } : {}), ...(durable.currentEpoch !== undefined ? { current: durable.currentEpoch } : {}) };
    return new Server(config, tree, sessions, logged, epochs);
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
      case 'election-tick':
        this.peer.electionTick();
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
        this.onPersisted(input.zxid);
        break;
      case 'epoch-persisted':
        this.onEpochPersisted(input.name, input.epoch);
        break;
      case 'peer-connected':
        this.onPeerConnected(input.peer);
        break;
      case 'peer-disconnected':
        this.onPeerDisconnected(input.peer);
        break;
      case 'peer-message':
        this.onPeerMessage(input.from, input.message);
        break;
      case 'snapshot-slice':
        this.continueSnapshot();
        break;
      case 'reset-stats':
        if (input.scope === 'server') this.stats = freshServerStats();
        else for (const c of this.conns.values()) c.stats = freshConnectionStats();
        break;
    }
    this.flushAppends();
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
    if (!this.serving) return this.close(conn, `not serving: this server is ${this.peer.state} without an established leader`);
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
      this.pushOrigin(sessionId, 0, { kind: 'handshake', conn: connId, readOnlyFlag });
      if (this.peer.learner) this.sendToLeader({ type: 'create-session', forwarded: { sessionId, timeoutMs } });
      else this.proposeCreateSession(this.config.serverId, sessionId, timeoutMs);
      return;
    }
    const session = this.sessions.get(req.sessionId);
    if (!session || session.closing || !passwordMatches(req.sessionId, req.passwd)) {
      return this.refuseSession(conn, req.sessionId, readOnlyFlag);
    }
    conn.sessionId = session.id;
    if (this.peer.learner) {
      // ZooKeeper's REVALIDATE: only the leader knows whether the session still lives, and
      // it must learn that the session is here now.
      conn.phase = 'establishing';
      const waiting = this.revalidating.get(session.id);
      if (waiting) waiting.push({ conn: connId, readOnlyFlag });
      else this.revalidating.set(session.id, [{ conn: connId, readOnlyFlag }]);
      this.sendToLeader({ type: 'revalidate', sessionId: session.id, timeoutMs });
      return;
    }
    this.owners.set(session.id, this.config.serverId);
    this.resumeSession(conn, session, readOnlyFlag);
  }

  private resumeSession(conn: Connection, session: Session, readOnlyFlag: boolean): void {
    for (const other of [...this.conns.values()]) {
      if (other !== conn && other.sessionId === session.id) this.close(other, 'session reconnected on another connection');
    }
    this.touchSession(session, conn.timeoutMs);
    conn.phase = 'open';
    this.emitHandshake(conn, { protocolVersion: 0, timeOut: conn.timeoutMs, sessionId: session.id, passwd: sessionPassword(session.id), ...(readOnlyFlag ? { readOnly: false } : {}) });
    this.drain(conn);
  }

  private refuseSession(conn: Connection, sessionId: bigint, readOnlyFlag: boolean): void {
    this.emitHandshake(conn, { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: new Uint8Array(PASSWORD_LENGTH), ...(readOnlyFlag ? { readOnly: false } : {}) });
    this.close(conn, `session 0x${sessionId.toString(16)} is expired or its password is wrong`);
  }

  /** Learner: the leader's answer to a REVALIDATE for a resuming client. */
  private onSessionRevalidated(sessionId: bigint, valid: boolean): void {
    const waiting = this.revalidating.get(sessionId);
    const next = waiting?.shift();
    if (!next) return;
    if (waiting!.length === 0) this.revalidating.delete(sessionId);
    const conn = this.conns.get(next.conn);
    if (!conn || conn.phase !== 'establishing') return;
    const session = this.sessions.get(sessionId);
    if (!valid || !session || session.closing) return this.refuseSession(conn, sessionId, next.readOnlyFlag);
    this.resumeSession(conn, session, next.readOnlyFlag);
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
    if (session) this.touchSession(session);
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
      // Preparing may have ended our leadership, and with it every client connection.
      if (this.conns.get(conn.id) !== conn) return;
      while (conn.queue[0]?.state === 'done') {
        const item = conn.queue.shift()!;
        this.emitReply(conn, item);
        if (item.closeAfter !== undefined) return this.close(conn, item.closeAfter);
      }
      let progressed = false;
      for (let i = 0; i < conn.queue.length; i++) {
        const item = conn.queue[i]!;
        if (item.state !== 'waiting') continue;
        if (item.kind === 'read') {
          // A read runs only at the head, so its reply and any events it fires (setWatches
          // replay) follow every earlier reply on the wire.
          if (i === 0) {
            this.runRead(conn, item);
            progressed = true;
          }
          break;
        }
        // A write of an ended session is answered at once, so only at the head too: its
        // reply's zxid must not be below those of earlier writes still waiting for commits.
        if (i > 0 && this.sessionEnded(conn)) break;
        this.prepare(conn, item);
        progressed = true;
        if (this.conns.get(conn.id) !== conn) return;
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
    if (decoded.request.op === OpCode.sync && this.peer.learner) return this.forwardSync(conn, item);
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
    const sessionId = conn.sessionId;
    if (this.sessionEnded(conn)) return this.finish(item, ErrorCode.SessionExpired, null, this.tree.lastZxid);
    if (this.peer.learner) {
      if (request.op === OpCode.closeSession) this.sessions.get(sessionId)!.closing = true;
      item.state = 'proposed';
      this.pushOrigin(sessionId, item.xid, { kind: 'request', conn: conn.id, pending: item });
      this.sendToLeader({ type: 'request', forwarded: { sessionId, cxid: item.xid, request: item.request, authInfo: [...conn.authInfo] } });
      return;
    }
    const zxid = this.reserveZxid();
    if (zxid === null) return;
    item.state = 'proposed';
    this.pushOrigin(sessionId, item.xid, { kind: 'request', conn: conn.id, pending: item });
    this.proposeRequest(this.config.serverId, sessionId, item.xid, request, conn.authInfo, zxid);
  }

  /** The connection's session is gone or closing: its writes get SessionExpired. */
  private sessionEnded(conn: Connection): boolean {
    const session = this.sessions.get(conn.sessionId);
    return !session || session.closing;
  }

  /**
   * Leader: a client's write, held by server `from` (us or a learner), becomes a txn; a dead
   * session's, or one that moved to another server since, an error txn.
   */
  private proposeRequest(from: PeerId, sessionId: bigint, cxid: number, request: Request, authInfo: readonly Id[], zxid: number): void {
    const session = this.sessions.get(sessionId);
    // A leader that never saw the session resumed (it took over) adopts the first server using it.
    const owner = this.owners.get(sessionId) ?? from;
    this.owners.set(sessionId, owner);
    const txn: Txn = !session || session.closing
      ? { type: 'error', err: ErrorCode.SessionExpired }
      : owner !== from
        ? { type: 'error', err: ErrorCode.SessionMoved }
        : this.prepTxn(request, authInfo, sessionId, zxid);
    if (txn.type === 'closeSession') session!.closing = true;
    this.proposeTxn(sessionId, cxid, zxid, txn);
  }

  private proposeCreateSession(from: PeerId, sessionId: bigint, timeoutMs: number): void {
    const zxid = this.reserveZxid();
    if (zxid === null) return;
    this.owners.set(sessionId, from);
    this.proposeTxn(sessionId, 0, zxid, { type: 'createSession', timeoutMs });
  }

  private prepTxn(request: Request, authInfo: readonly Id[], sessionId: bigint, zxid: number): Txn {
    const ctx: PrepContext = {
      sessionId, authInfo, skipACL: this.config.skipACL, extendedTypesEnabled: this.config.extendedTypesEnabled,
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

  /**
   * The zxid for the next proposal, or null when none may be made: leadership was lost, or the
   * counter is exhausted and a new epoch must be elected (all clients are then disconnected).
   */
  private reserveZxid(): number | null {
    if (!this.peer.leader || this.peer.leader.phase !== 'broadcast') return null;
    const zxid = this.peer.leader.nextZxid();
    if (zxid === null) this.peer.lookForLeader(`zxid counter of epoch ${this.peer.leader.newEpoch} exhausted: a new epoch is needed`);
    return zxid;
  }

  private proposeTxn(sessionId: bigint, cxid: number, zxid: number, txn: Txn): void {
    invariant(Number.isSafeInteger(zxid), 'zxid overflow');
    const entry: TxnEntry = { header: { sessionId, cxid, zxid, time: this.wallMs }, txn };
    this.prepared.set(zxid, entry);
    this.peer.leader!.propose({ zxid, payload: encodeTxnEntry(entry, this.txnWriter) });
  }

  private pushOrigin(sessionId: bigint, cxid: number, origin: Origin): void {
    let bySession = this.awaiting.get(sessionId);
    if (!bySession) this.awaiting.set(sessionId, (bySession = new Map()));
    const list = bySession.get(cxid);
    // A client may (wrongly) reuse an xid while it is in flight: its commits come in order.
    if (list) list.push(origin);
    else bySession.set(cxid, [origin]);
  }

  private takeOrigin(sessionId: bigint, cxid: number): Origin | undefined {
    const bySession = this.awaiting.get(sessionId);
    const list = bySession?.get(cxid);
    if (!list) return undefined;
    const origin = list.shift();
    if (list.length === 0) bySession!.delete(cxid);
    if (bySession!.size === 0) this.awaiting.delete(sessionId);
    return origin;
  }

  private flushAppends(): void {
    if (this.toAppend.length === 0) return;
    this.out.push({ type: 'append', records: this.toAppend });
    this.toAppend = [];
  }

  /** Storage reported durability through the write that left the log ending at `zxid`. */
  private onPersisted(zxid: number): void {
    if (!this.durableLog.persisted(zxid)) return;
    this.peer.durable(this.durableLog.durableZxid);
  }

  /** Commits and applies, in zxid order, every logged txn through `zxid`. */
  private commitThrough(zxid: number): void {
    for (const record of this.history.commitThrough(zxid)) {
      if (record.zxid <= this.tree.lastZxid) continue;
      const entry = this.prepared.get(record.zxid) ?? decodeTxnEntry(record.payload);
      this.prepared.delete(record.zxid);
      this.applyCommitted(entry);
    }
  }

  private applyCommitted(entry: TxnEntry): void {
    const outcome = this.tree.apply(entry, this.config.plantedBugs);
    this.pending.appliedThrough(entry.header.zxid);
    applySessionEffect(entry, this.sessions);
    this.fireWatches(outcome, entry.header.zxid);
    const origin = this.takeOrigin(entry.header.sessionId, entry.header.cxid);
    if (entry.txn.type === 'closeSession') {
      this.owners.delete(entry.header.sessionId);
      for (const conn of [...this.conns.values()]) {
        if (conn.sessionId === entry.header.sessionId && !(origin?.kind === 'request' && origin.conn === conn.id)) {
          this.close(conn, 'session closed');
        }
      }
    }
    if (origin) this.complete(origin, entry, outcome);
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
    const { err, body } = writeReply(request.op, ops, outcome.outcomes, entry.txn.type === 'error');
    const closeAfter = request.op === OpCode.closeSession ? 'session closed by client' : undefined;
    this.finish(item, err, body, entry.header.zxid, closeAfter);
    this.drain(conn);
  }

  /**
   * True while a snapshot is being written in slices: the adapter should feed `snapshot-slice`
   * inputs (one per turn, between client work) until it is false again.
   */
  get snapshotPending(): boolean {
    return this.snapshotWriter !== null;
  }

  private maybeSnapshot(): void {
    if (++this.txnsSinceSnapshot < this.snapshotAfter || this.snapshotWriter?.toDisk) return;
    this.txnsSinceSnapshot = 0;
    this.snapshotAfter = this.drawSnapshotInterval();
    if (this.config.snapshotSliceNodes <= 0) {
      this.out.push({ type: 'snapshot', zxid: this.tree.lastZxid, chunks: this.snapshotChunks() });
      return;
    }
    // A snapshot already being sliced for a SNAP goes to disk as well.
    this.sliceSnapshot().toDisk = true;
  }

  /** The snapshot being sliced, or a new one of the applied state (the tree is frozen for it). */
  private sliceSnapshot(): SlicedSnapshot {
    if (this.snapshotWriter !== null) return this.snapshotWriter;
    const tree = this.tree;
    tree.freeze();
    const writer = new SnapshotWriter(tree.lastZxid, this.snapshotSessions(), tree.acls.entries(), tree.nodeCount, (path) => tree.frozenNode(path));
    this.snapshotWriter = new SlicedSnapshot(writer);
    return this.snapshotWriter;
  }

  /** Writes the next slice of the snapshot in progress; emits it once complete if it is for disk. */
  private continueSnapshot(): void {
    const sliced = this.snapshotWriter;
    if (sliced === null) return;
    if (sliced.slice(this.config.snapshotSliceNodes)) {
      this.abandonSnapshot();
      if (sliced.toDisk) this.out.push({ type: 'snapshot', zxid: sliced.zxid, chunks: sliced.chunks });
    }
    this.peer.snapshotProgress();
  }

  /** Leader: the snapshot a SNAP streams (see ZabHost.snapshotSource). */
  private snapshotSource(notBefore: number): SnapshotSource | null {
    if (this.snapshotWriter !== null) return this.snapshotWriter.zxid >= notBefore ? this.snapshotWriter : null;
    if (this.config.snapshotSliceNodes <= 0) return { zxid: this.tree.lastZxid, chunks: this.snapshotChunks(), complete: true };
    return this.sliceSnapshot();
  }

  /** Drops the snapshot in progress, if any (done, or its tree is being replaced). */
  private abandonSnapshot(): void {
    if (this.snapshotWriter === null) return;
    this.snapshotWriter = null;
    this.tree.releaseFrozen();
  }

  private snapshotSessions(): SnapshotSession[] {
    return this.sessions.all().map((s) => ({ id: s.id, timeoutMs: s.timeoutMs }));
  }

  /** A consistent snapshot of the applied state, as of the last applied zxid. */
  private snapshotChunks(): Uint8Array[] {
    return encodeSnapshot(this.tree, this.snapshotSessions());
  }

  private drawSnapshotInterval(): number {
    const n = Math.max(2, this.config.snapCount);
    return this.prng.intIn(Math.floor(n / 2) + 1, n);
  }

  // ---- time ----------------------------------------------------------------------------------

  private onTick(): void {
    const expired = this.sessions.advance();
    this.peer.tick();
    // Only an established leader expires sessions and collects garbage: it owns them for the
    // ensemble (ZooKeeper's LeaderSessionTracker); a learner's clients keep theirs alive through
    // the touches it reports.
    if (!this.peer.leader || this.peer.leader.phase !== 'broadcast') return;
    for (const session of expired) {
      const zxid = this.reserveZxid();
      if (zxid === null) return;
      session.closing = true;
      this.proposeTxn(session.id, 0, zxid, prepCloseSession(session.id, this.tree, this.pending, zxid));
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
      const due = kind === 'container' ? this.containerDue(node) : this.wallMs - node.mtime > ttlOf(node.ephemeralOwner);
      if (!due) continue;
      const zxid = this.reserveZxid();
      if (zxid === null) return;
      const txn = prepCleanupDelete(path, this.pending, zxid);
      if (!txn) continue;
      this.proposeTxn(0n, 0, zxid, txn);
      budget--;
    }
  }

  /** A container is due once it has had a child, or, if configured, once it has stayed unused long enough. */
  private containerDue(node: ZNode): boolean {
    if (node.cversion > 0) return true;
    const neverUsedMs = this.config.containerMaxNeverUsedIntervalMs;
    return neverUsedMs > 0 && this.wallMs - node.ctime > neverUsedMs;
  }

  // ---- sessions across the ensemble ----------------------------------------------------------

  /** A client showed life: restart its session's countdown; a learner also tells the leader. */
  private touchSession(session: Session, timeoutMs = session.timeoutMs): void {
    this.sessions.touch(session, timeoutMs);
    if (this.peer.learner) this.touched.set(session.id, timeoutMs);
  }

  private forwardSync(conn: Connection, item: PendingRequest): void {
    const id = this.nextSyncId++;
    item.state = 'proposed';
    this.syncWaiters.set(id, { conn: conn.id, item });
    this.sendToLeader({ type: 'sync', id });
  }

  /** The leader answered a `sync`: everything it committed before has been applied here. */
  private onSyncAnswered(id: number): void {
    const waiter = this.syncWaiters.get(id);
    if (!waiter) return;
    this.syncWaiters.delete(id);
    const conn = this.conns.get(waiter.conn);
    if (!conn) return;
    const request = (waiter.item.request as Extract<DecodedRequest, { ok: true }>).request as { readonly path: string };
    this.finish(waiter.item, ErrorCode.OK, { op: OpCode.sync, path: request.path }, this.tree.lastZxid);
    this.drain(conn);
  }

  // ---- Zab: roles and peers ------------------------------------------------------------------

  private sendPeer(to: PeerId, message: PeerMessage): void {
    this.out.push({ type: 'peer-send', to, message });
  }

  private sendToLeader(message: PeerMessage): void {
    invariant(this.peer.learner, 'only a learner forwards to a leader');
    this.sendPeer(this.peer.learner.leaderId, message);
  }

  /**
   * The server gave its role up. Clients are disconnected (they reconnect elsewhere and keep
   * their global sessions); what was prepared but not committed stays in the log, for the next
   * leader's sync to keep or truncate, and nothing else of the old role survives.
   */
  private stopServing(reason: string): void {
    this.serving = false;
    for (const conn of [...this.conns.values()]) this.close(conn, `server lost its role: ${reason}`);
    this.awaiting.clear();
    this.prepared.clear();
    this.syncWaiters.clear();
    this.revalidating.clear();
    this.owners.clear();
    this.touched.clear();
    this.pending = new PendingChanges(this.tree);
    this.sessions.abandonClosing();
  }

  private onPeerConnected(peer: PeerId): void {
    if (!this.standalone) this.peer.peerConnected(peer);
  }

  private onPeerDisconnected(peer: PeerId): void {
    if (!this.standalone) this.peer.peerDisconnected(peer);
  }

  private onPeerMessage(from: PeerId, message: PeerMessage): void {
    invariant(!this.standalone, () => `standalone server got a peer message from ${from}`);
    this.peer.receive(from, message);
  }

  private onEpochPersisted(name: EpochName, epoch: number): void {
    invariant(this.epochWrites > 0, () => `epoch-persisted ${name}=${epoch} with no epoch write pending`);
    this.epochWrites--;
    if (name === 'acceptedEpoch') invariant(epoch <= this.acceptedEpoch, 'a durable acceptedEpoch above the one in memory');
    this.peer.epochPersisted();
  }

  private trace(message: string): void {
    this.out.push({ type: 'trace', message: `server ${this.config.serverId}: ${message}` });
  }

  /** The narrow view of this server the Zab roles work through. */
  private makeHost(): ZabHost {
    const self = this;
    return {
      selfId: this.config.serverId,
      quorum: this.quorum,
      history: this.history,
      limits: {
        initLimit: this.config.initLimit, syncLimit: this.config.syncLimit, zxidCounterMax: this.config.zxidCounterMax, snapChunkBytes: this.config.snapChunkBytes,
      },
      plantedBugs: this.config.plantedBugs,
      get currentTick() {
        return self.sessions.currentTick;
      },
      acceptedEpoch: () => this.acceptedEpoch,
      currentEpoch: () => this.currentEpoch,
      epochWritePending: () => this.epochWrites > 0,
      logDurable: () => this.durableLog.idle && this.toAppend.length === 0,
      durableZxid: () => this.durableLog.durableZxid,
      send: (to, message) => this.sendPeer(to, message),
      persistEpoch: (name, epoch) => {
        // The value counts from now: acceptedEpoch guards the promise as soon as we act on it,
        // and every step that depends on durability waits for `epoch-persisted`.
        if (name === 'acceptedEpoch') this.acceptedEpoch = epoch;
        else this.currentEpoch = epoch;
        invariant(this.acceptedEpoch >= this.currentEpoch, 'currentEpoch ahead of acceptedEpoch');
        this.epochWrites++;
        this.out.push({ type: 'persist-epoch', name, epoch });
      },
      appendToLog: (record) => {
        this.history.append(record);
        this.toAppend.push(record);
        this.durableLog.appended(record.zxid);
      },
      truncateLog: (zxid) => {
        this.flushAppends();
        this.history.truncateAfter(zxid);
        for (const z of [...this.prepared.keys()]) if (z > zxid) this.prepared.delete(z);
        this.out.push({ type: 'truncate', zxid });
        this.durableLog.cut(zxid);
      },
      stageSnapshotPiece: (zxid, index, bytes) => this.out.push({ type: 'install-snapshot-piece', zxid, index, bytes }),
      abortSnapshotInstall: (zxid) => this.out.push({ type: 'install-snapshot-abort', zxid }),
      installSnapshot: (zxid, chunks) => this.installSnapshot(zxid, chunks),
      snapshotSource: (notBefore) => this.snapshotSource(notBefore),
      commitThrough: (zxid) => this.commitThrough(zxid),
      startServing: () => {
        this.serving = true;
        // Sessions owned by an old leader get a full timeout from us (LeaderSessionTracker).
        if (this.peer.leader) for (const session of this.sessions.all()) this.sessions.touch(session);
      },
      goLooking: (reason) => this.peer.lookForLeader(reason),
      prepareForwarded: (from, message) => this.onForwarded(from, message),
      revalidateSession: (from, sessionId, timeoutMs) => this.onRevalidate(from, sessionId, timeoutMs),
      sessionRevalidated: (sessionId, valid) => this.onSessionRevalidated(sessionId, valid),
      touchSessions: (touches) => {
        for (const t of touches) {
          const session = this.sessions.get(t.sessionId);
          if (session && !session.closing) this.sessions.touch(session, t.timeoutMs);
        }
      },
      takeSessionTouches: () => {
        const touches = [...this.touched].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sessionId, timeoutMs]) => ({ sessionId, timeoutMs }));
        this.touched.clear();
        return touches;
      },
      syncAnswered: (id) => this.onSyncAnswered(id),
      trace: (message) => this.trace(message),
    };
  }

  /** SNAP: the leader's committed state replaces ours, in memory and on disk. */
  private installSnapshot(zxid: number, chunks: readonly Uint8Array[]): void {
    invariant(!this.serving, 'SNAP while serving clients');
    // Connections that never finished their handshake would see the tree change under them.
    for (const conn of [...this.conns.values()]) this.close(conn, 'server is loading a snapshot from its leader');
    this.flushAppends();
    this.abandonSnapshot();
    const snap = decodeSnapshot(joinChunks(chunks));
    invariant(snap.tree.lastZxid === zxid, () => `SNAP at ${formatZxid(zxid)} holds a tree at ${formatZxid(snap.tree.lastZxid)}`);
    this.tree = snap.tree;
    if (this.config.ensembleConfig !== null) this.tree.setConfigData(encodeJavaUtf8(this.config.ensembleConfig));
    this.sessions = new SessionTable(this.config.tickTimeMs, this.sessions.currentTick);
    for (const s of snap.sessions) this.sessions.add(s.id, s.timeoutMs);
    this.pending = new PendingChanges(this.tree);
    this.prepared.clear();
    this.history.resetTo(zxid);
    this.out.push({ type: 'install-snapshot', zxid });
    this.durableLog.cut(zxid);
  }

  /** Leader: a learner's client wants a write or a new session. */
  private onForwarded(from: PeerId, message: Extract<PeerMessage, { type: 'request' | 'create-session' }>): void {
    if (message.type === 'create-session') {
      const { sessionId, timeoutMs } = message.forwarded;
      if (this.sessions.get(sessionId)) return this.trace(`ignoring a second createSession for 0x${sessionId.toString(16)}`);
      return this.proposeCreateSession(from, sessionId, timeoutMs);
    }
    const { sessionId, cxid, request, authInfo } = message.forwarded;
    invariant(request.ok && WRITE_OPS.has(request.request.op), 'a learner forwarded something that is not a write');
    const zxid = this.reserveZxid();
    if (zxid === null) return;
    this.proposeRequest(from, sessionId, cxid, request.request, authInfo, zxid);
  }

  /** Leader: learner `from` resumed a session for a client (REVALIDATE). */
  private onRevalidate(from: PeerId, sessionId: bigint, timeoutMs: number): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || session.closing) return false;
    this.owners.set(sessionId, from);
    this.sessions.touch(session, timeoutMs);
    return true;
  }

  // ---- inspection ----------------------------------------------------------------------------

  private role(): ServerRole {
    if (this.standalone) return 'standalone';
    switch (this.peer.state) {
      case 'looking':
        return 'looking';
      case 'leading':
        return 'leader';
      case 'following':
        return 'follower';
      case 'observing':
        return 'observer';
    }
  }

  /** A read-only view for four-letter words, metrics and checkers. */
  inspect(): ServerInspection {
    const s = this.stats;
    return {
      role: this.role(),
      leaderId: this.peer.leaderId,
      zabPhase: this.peer.leader?.phase ?? this.peer.learner?.phase ?? null,
      learners: this.peer.leader?.learnerPhases() ?? [],
      serving: this.serving,
      acceptedEpoch: this.acceptedEpoch,
      currentEpoch: this.currentEpoch,
      lastLoggedZxid: this.history.lastZxid,
      committedZxid: this.history.committedZxid,
      lastZxid: this.tree.lastZxid,
      lastPreparedZxid: this.history.lastZxid,
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
  readonly role: ServerRole;
  /** The server this one follows or is (null while looking in an ensemble). */
  readonly leaderId: number | null;
  /** Where Zab is in the current role (discovery, sync, broadcast); null while looking. */
  readonly zabPhase: 'discovery' | 'sync' | 'broadcast' | null;
  /** Leader only: each learner (follower or observer) by id, and how far it got ('synced' counts toward quorums). */
  readonly learners: ReadonlyArray<readonly [number, 'discovery' | 'epoch-acked' | 'syncing' | 'synced']>;
  /** Accepting client connections: standalone, an established leader or an up-to-date learner. */
  readonly serving: boolean;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  /** The last txn in the log, committed or not. */
  readonly lastLoggedZxid: number;
  /** The last txn known committed. */
  readonly committedZxid: number;
  /** The last txn applied to the tree. */
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
