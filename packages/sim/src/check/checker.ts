/**
 * The checker sees every input fed to the server and every output it produces, in order, and
 * holds each output to the model. The model advances in commit order: a write reply names its
 * txn's zxid, a read reply the zxid it was served at, and the log (decoded headers) tells which
 * request, expiry or cleanup each zxid carries. Before an output is judged, the model is moved
 * to the zxid the output claims, so a reply is compared with exactly the state it reflects.
 */
import { ErrorCode, KeeperState, OpCode, errorCodeName, type ConnectResponse, type Request, type Response } from '@paddock/protocol';
import type { Input, Output } from '@paddock/core';
import type { Counts } from '../counters';
import { canon, opName } from '../describe';
import type { ExpectedReply } from '../model/zk-model';
import { ZkModel } from '../model/zk-model';
import { cleanupAllowed } from './cleanup-rules';
import { LogIndex, type LoggedTxn } from './log-index';
import { OwedEvents } from './owed-events';
import { compareReply } from './reply-compare';
import { treeDifference, type TreeView } from './tree-compare';
import { violation } from './violation';

/** What the checker must know of the server's configuration. */
export interface CheckerConfig {
  readonly tickTimeMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly extendedTypesEnabled: boolean;
}

/** The read-only server access the checker uses after each step. */
export interface CheckedServer extends TreeView {
  inspect(): { readonly lastZxid: number; readonly sessions: ReadonlyArray<{ readonly id: bigint }> };
}

const WRITE_OPS: ReadonlySet<number> = new Set([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.setData,
  OpCode.setACL, OpCode.check, OpCode.multi, OpCode.reconfig, OpCode.closeSession,
]);

/** A write request on its way to a txn; `expected` is filled in when its txn is applied. */
interface WriteRecord {
  readonly sessionId: bigint;
  readonly request: Request;
  expected?: ExpectedReply;
}

interface PendingRequest {
  readonly xid: number;
  readonly request: Request;
  readonly write: WriteRecord | null;
  /** A read already evaluated against the model (a watch replay, when its first event came). */
  evaluated?: ExpectedReply;
}

interface ConnView {
  readonly id: number;
  phase: 'handshaking' | 'open';
  handshakeAtMs: number;
  requestedTimeoutMs: number;
  requestedSessionId: bigint;
  sessionId: bigint;
  readonly pending: PendingRequest[];
  lastReplyZxid: bigint;
  /** The server may hang up now: its closeSession was answered, its resume refused, or another connection took its session over. */
  closeExpected: boolean;
}

interface SessionView {
  readonly id: bigint;
  /** Negotiated at creation and again at every resume. */
  timeoutMs: number;
  /** The client's last packet: ZooKeeper never expires a session sooner than its timeout after this. */
  lastHeardMs: number;
  /** The latest moment the server restarted the countdown (packet or createSession commit). */
  lastActivityMs: number;
  /** The zxid of the closeSession txn prepared for it, once there is one. */
  closeZxid: number | null;
}

const writeKey = (sessionId: bigint, xid: number): string => `${sessionId}:${xid}`;
const hex = (id: bigint): string => `0x${id.toString(16)}`;

/** Feed it every input ({@link Checker.input}), every step's outputs, then {@link Checker.afterStep}. */
export class Checker {
  readonly model: ZkModel;
  private readonly log = new LogIndex();
  private readonly owed = new OwedEvents();
  private readonly conns = new Map<number, ConnView>();
  private readonly sessions = new Map<bigint, SessionView>();
  private readonly writes = new Map<string, WriteRecord>();
  private readonly seenSessionIds = new Set<bigint>();
  private wallMs = 0;
  private committed = 0;
  private comparedZxid = -1;
  private sessionsChanged = false;

  constructor(private readonly config: CheckerConfig, private readonly counts: Counts) {
    this.model = new ZkModel(config.extendedTypesEnabled);
  }

  /** Observes an input just before the server steps on it. */
  input(input: Input): void {
    switch (input.type) {
      case 'clock':
        this.wallMs = input.wallMs;
        return;
      case 'client-connected':
        this.conns.set(input.conn, {
          id: input.conn, phase: 'handshaking', handshakeAtMs: this.wallMs, requestedTimeoutMs: 0, requestedSessionId: 0n,
          sessionId: 0n, pending: [], lastReplyZxid: 0n, closeExpected: false,
        });
        return;
      case 'client-handshake': {
        const view = this.conns.get(input.conn);
        if (!view || view.phase !== 'handshaking') return;
        view.handshakeAtMs = this.wallMs;
        view.requestedTimeoutMs = input.request.timeOut;
        view.requestedSessionId = input.request.sessionId;
        return;
      }
      case 'client-request':
        return this.onRequest(input.conn, input.request);
      case 'client-disconnected': {
        const view = this.conns.get(input.conn);
        if (view) this.closeConn(view);
        return;
      }
      case 'persisted':
        if (input.zxid > this.log.lastAppended || input.zxid < this.committed) {
          violation('persisted-order', `persisted ${input.zxid} with ${this.committed} durable and ${this.log.lastAppended} appended`);
        }
        this.committed = input.zxid;
        return;
      default:
        return;
    }
  }

  /** Judges the outputs of one step, in order. */
  outputs(outputs: readonly Output[]): void {
    // Appends come last in a step but were prepared during it; index them before judging replies.
    // A resume may close the session's old connection before answering the new one: order
    // across connections means nothing, so learn of the takeover first.
    for (const out of outputs) {
      if (out.type === 'append') for (const r of out.records) this.onAppended(this.log.add(r.zxid, r.payload, this.wallMs, this.committed));
      if (out.type === 'handshake-reply' && out.response.sessionId !== 0n) this.expectTakeover(out.conn, out.response.sessionId);
    }
    for (const out of outputs) {
      switch (out.type) {
        case 'handshake-reply':
          this.onHandshakeReply(out.conn, out.response);
          break;
        case 'reply':
          this.onReply(out.conn, out.header.xid, out.header.zxid, out.header.err, out.body);
          break;
        case 'watch-event':
          this.onEvent(out.conn, out.zxid, out.event.type, out.event.state, out.event.path);
          break;
        case 'close':
          this.onClose(out.conn, out.reason);
          break;
        case 'append':
        case 'snapshot':
        case 'throttle':
        case 'trace':
          break;
        default:
          violation('standalone-output', `a standalone server emitted ${canon(out)}`);
      }
    }
  }

  /** Whole-state checks once a step's outputs are judged. */
  afterStep(input: Input, server: CheckedServer): void {
    // The server applies every durable txn within the step that learns it is durable.
    this.advance(this.committed, 'apply-order');
    const left = this.owed.anyOwed();
    if (left) {
      const e = left.event;
      violation('watch-event-missing', `c${left.conn} never got event type ${e.type} for ${e.path} (txn ${e.zxid})`);
    }
    if (this.model.lastZxid !== this.comparedZxid) {
      this.comparedZxid = this.model.lastZxid;
      this.compareState(server);
    }
    this.checkNothingStalled();
    if (input.type === 'tick') this.checkExpiryDeadlines();
  }

  /**
   * The oldest unanswered request of a connection has nothing ahead of it, so it must be
   * answered in the step that made that so, unless it is a write whose txn is not durable yet.
   */
  private checkNothingStalled(): void {
    for (const view of this.conns.values()) {
      const head = view.pending[0];
      if (!head) continue;
      const z = head.write ? this.log.zxidOf(view.sessionId, head.xid) : undefined;
      if (z !== undefined && z > this.committed) continue;
      const why = !head.write ? 'a read with nothing ahead of it' : z === undefined ? 'a write never prepared' : `a write whose txn ${z} is durable`;
      violation('reply-missing', `c${view.id} xid ${head.xid} (${opName(head.request.op)}) is unanswered: ${why}`);
    }
  }

  /** Live sessions whose clients went quiet must be gone within timeout + 2 ticks. */
  private checkExpiryDeadlines(): void {
    const slackMs = 2 * this.config.tickTimeMs;
    for (const s of this.sessions.values()) {
      if (s.closeZxid !== null) continue;
      const idleMs = this.wallMs - s.lastActivityMs;
      if (idleMs > s.timeoutMs + slackMs) {
        violation('session-not-expired', `session ${hex(s.id)} (timeout ${s.timeoutMs} ms) idle for ${idleMs} ms and still live`);
      }
    }
  }

  private compareState(server: CheckedServer): void {
    const diff = treeDifference(server, this.model);
    if (diff) violation(diff.rule, diff.witness);
    // inspect() builds whole reports, so it is consulted only when the session set moved.
    if (this.sessionsChanged) {
      this.sessionsChanged = false;
      const info = server.inspect();
      if (info.lastZxid !== this.committed) violation('applied-zxid', `server applied through ${info.lastZxid}, ${this.committed} is durable`);
      const serverSessions = info.sessions.map((s) => hex(s.id)).sort().join(',');
      const modelSessions = this.model.liveSessions().map(hex).sort().join(',');
      if (serverSessions !== modelSessions) violation('sessions-match-model', `server [${serverSessions}], model [${modelSessions}]`);
    }
    for (const view of this.conns.values()) {
      if (view.phase === 'open' && !this.model.isLive(view.sessionId)) {
        violation('closed-session-connection-open', `c${view.id} still serves closed session ${hex(view.sessionId)}`);
      }
    }
  }

  // ---- inputs ----------------------------------------------------------------------------------

  private onRequest(conn: number, decoded: Extract<Input, { type: 'client-request' }>['request']): void {
    const view = this.conns.get(conn);
    // The server ignores requests on connections it no longer has.
    if (!view || view.phase !== 'open') return;
    if (!decoded.ok) throw new Error('the simulator sends only decodable requests');
    const session = this.sessions.get(view.sessionId);
    if (session) session.lastHeardMs = session.lastActivityMs = this.wallMs;
    const request = decoded.request;
    let write: WriteRecord | null = null;
    if (WRITE_OPS.has(request.op)) {
      write = { sessionId: view.sessionId, request };
      this.writes.set(writeKey(view.sessionId, decoded.xid), write);
    }
    view.pending.push({ xid: decoded.xid, request, write });
  }

  /** A txn was prepared: expiry must not come early, and a session closes only once. */
  private onAppended(logged: LoggedTxn): void {
    const { header, txn } = logged.entry;
    if (txn.type !== 'closeSession') return;
    const session = this.sessions.get(header.sessionId);
    if (!session) violation('close-unknown-session', `txn ${logged.zxid} closes session ${hex(header.sessionId)}, which is not live`);
    if (session.closeZxid !== null) violation('session-closed-twice', `txns ${session.closeZxid} and ${logged.zxid} both close session ${hex(session.id)}`);
    session.closeZxid = logged.zxid;
    const byClient = this.writes.has(writeKey(header.sessionId, header.cxid));
    const quietMs = this.wallMs - session.lastHeardMs;
    if (!byClient && quietMs < session.timeoutMs) {
      violation('session-expired-early', `session ${hex(session.id)} (timeout ${session.timeoutMs} ms) expired after ${quietMs} ms of silence (txn ${logged.zxid})`);
    }
  }

  // ---- outputs ---------------------------------------------------------------------------------

  private onHandshakeReply(conn: number, response: ConnectResponse): void {
    const view = this.conns.get(conn);
    if (!view || view.phase !== 'handshaking') violation('handshake-unexpected', `handshake reply on c${conn}, which is not handshaking`);
    const negotiated = Math.min(Math.max(view.requestedTimeoutMs, this.config.minSessionTimeoutMs), this.config.maxSessionTimeoutMs);
    if (view.requestedSessionId !== 0n) return this.onResumeReply(view, response, negotiated);
    const id = response.sessionId;
    if (id === 0n) violation('handshake-rejected', `c${conn}: a new session was refused`);
    const z = this.log.createSessionOf(id);
    if (z === undefined) violation('handshake-without-session', `c${conn} got session ${hex(id)} with no createSession txn`);
    this.advance(z, 'handshake-before-durable');
    const problems = [
      this.model.timeoutOf(id) !== negotiated && `createSession timeout ${this.model.timeoutOf(id)}`,
      response.timeOut !== negotiated && `timeOut ${response.timeOut}`,
      response.passwd.length !== 16 && `password of ${response.passwd.length} bytes`,
      response.protocolVersion !== 0 && `protocolVersion ${response.protocolVersion}`,
      response.readOnly !== false && `readOnly ${String(response.readOnly)}`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) violation('handshake-reply', `c${conn} asked for ${view.requestedTimeoutMs} ms (negotiates ${negotiated}): ${problems.join(', ')}`);
    view.phase = 'open';
    view.sessionId = id;
    this.sessions.get(id)!.lastHeardMs = view.handshakeAtMs;
    this.counts.sessionsCreated++;
  }

  /**
   * A client resuming its session (ZooKeeperServer.processConnectRequest): a live session is
   * reattached with a renegotiated timeout and any other connection of it is closed; an expired,
   * closed or closing one gets timeOut 0, session 0 and a zero password, then the server hangs up.
   */
  private onResumeReply(view: ConnView, response: ConnectResponse, negotiated: number): void {
    const id = view.requestedSessionId;
    const session = this.sessions.get(id);
    if (!session || session.closeZxid !== null) {
      const refusal = response.sessionId === 0n && response.timeOut === 0 && response.passwd.length === 16 && response.passwd.every((b) => b === 0);
      if (!refusal) violation('handshake-reply', `c${view.id} resumed session ${hex(id)}, which is ${session ? 'closing' : 'closed'}: expected a refusal, got ${canon(response)}`);
      view.closeExpected = true;
      this.counts.resumesRefused++;
      return;
    }
    if (response.sessionId !== id || response.timeOut !== negotiated || response.passwd.length !== 16 || response.readOnly !== false) {
      violation('handshake-reply', `c${view.id} resumed live session ${hex(id)} asking ${view.requestedTimeoutMs} ms (negotiates ${negotiated}): got ${canon(response)}`);
    }
    session.timeoutMs = negotiated;
    session.lastHeardMs = session.lastActivityMs = this.wallMs;
    view.phase = 'open';
    view.sessionId = id;
    this.counts.sessionsResumed++;
  }

  /** Connection `conn` now holds session `id`: the server may close its other connections. */
  private expectTakeover(conn: number, id: bigint): void {
    for (const other of this.conns.values()) {
      if (other.id !== conn && other.phase === 'open' && other.sessionId === id) other.closeExpected = true;
    }
  }

  private onReply(conn: number, xid: number, zxid: bigint, err: number, body: Response | null): void {
    const view = this.conns.get(conn);
    if (!view || view.phase !== 'open') violation('reply-on-closed-connection', `reply xid ${xid} on c${conn}`);
    const head = view.pending.shift();
    if (!head) violation('reply-without-request', `c${conn} got reply xid ${xid} with nothing outstanding`);
    if (head.xid !== xid) violation('reply-order', `c${conn} expected the reply to xid ${head.xid} (${opName(head.request.op)}), got xid ${xid}`);
    if (zxid < view.lastReplyZxid) {
      violation('zxid-regressed-on-connection', `c${conn} reply xid ${xid} (${opName(head.request.op)}, ${errorCodeName(err)}) carries zxid ${zxid} after a reply carrying ${view.lastReplyZxid}`);
    }
    view.lastReplyZxid = zxid;
    const where = `c${conn} xid ${xid} zxid ${zxid}`;
    if (head.write) this.checkWriteReply(view, head, head.write, zxid, err, body, where);
    else this.checkReadReply(view, head, zxid, err, body, where);
    const late = this.owed.owedThrough(conn, Number(zxid));
    if (late) {
      violation('watch-event-late', `c${conn} got reply xid ${xid} (zxid ${zxid}) before event type ${late.type} for ${late.path} (txn ${late.zxid})`);
    }
    if (head.request.op === OpCode.closeSession && err === ErrorCode.OK) view.closeExpected = true;
  }

  private checkWriteReply(view: ConnView, head: PendingRequest, write: WriteRecord, zxid: bigint, err: number, body: Response | null, where: string): void {
    const z = this.log.zxidOf(view.sessionId, head.xid);
    if (z === undefined) {
      // The core answers a write from a session that is already closing without logging a txn.
      const closing = this.sessions.get(view.sessionId)?.closeZxid != null || !this.model.isLive(view.sessionId);
      if (err === ErrorCode.SessionExpired && body === null && closing) {
        this.counts.sessionExpiredReplies++;
        return;
      }
      violation('write-without-txn', `${where} ${opName(head.request.op)} answered ${errorCodeName(err)} but no txn carries it`);
    }
    if (BigInt(z) !== zxid) violation('reply-zxid', `${where}: the request's txn is ${z}`);
    this.advance(z, 'reply-before-durable');
    compareReply(head.request, write.expected!, err, body, where);
  }

  private checkReadReply(view: ConnView, head: PendingRequest, zxid: bigint, err: number, body: Response | null, where: string): void {
    const z = Number(zxid);
    if (z < this.model.lastZxid) violation('read-zxid-regressed', `${where}: served at ${z}, but txn ${this.model.lastZxid} was applied before it`);
    this.advance(z, 'read-uncommitted');
    const expected = head.evaluated ?? this.evaluateRead(view, head);
    compareReply(head.request, expected, err, body, where);
    if (head.request.op === OpCode.ping) this.counts.pings++;
    else this.counts.reads++;
    if (err === ErrorCode.NoWatcher) this.counts.noWatcher++;
  }

  /** Runs a read in the model; the events a watch replay owes are due before its reply. */
  private evaluateRead(view: ConnView, head: PendingRequest): ExpectedReply {
    const { reply, events } = this.model.read(head.request, view.id, view.sessionId);
    this.owed.owe(events, this.model.lastZxid, false);
    this.counts.replayedEvents += events.length;
    head.evaluated = reply;
    return reply;
  }

  private onEvent(conn: number, zxid: bigint, type: number, state: number, path: string): void {
    const view = this.conns.get(conn);
    if (!view || view.phase !== 'open') violation('event-on-closed-connection', `event type ${type} for ${path} on c${conn}`);
    const z = Number(zxid);
    this.advance(z, 'event-before-durable');
    // A watch replay's events come ahead of its reply, stamped with the zxid it ran at.
    const head = view.pending[0];
    const replay = head?.request.op === OpCode.setWatches || head?.request.op === OpCode.setWatches2;
    if (head && replay && !head.evaluated) this.evaluateRead(view, head);
    const what = `c${conn} got event type ${type} for ${path} (zxid ${z})`;
    const context = () => `owed [${this.owed.of(conn).map((o) => `${o.zxid}:${o.type}:${o.path}`).join(' ')}], watches ${this.model.watches.describe(conn)}`;
    switch (this.owed.match(conn, z, type, path)) {
      case 'unexpected': {
        const replay = view.pending.find((p, i) => i > 0 && (p.request.op === OpCode.setWatches || p.request.op === OpCode.setWatches2));
        if (replay) violation('event-overtook-reply', `${what}, ahead of the reply to xid ${head!.xid} (${opName(head!.request.op)}) though only the later watch replay xid ${replay.xid} can cause it`);
        violation('watch-event-unexpected', `${what}; ${context()}`);
      }
      case 'out-of-order':
        violation('watch-event-order', `${what} ahead of earlier events; ${context()}`);
      case 'ok':
        break;
    }
    if (state !== KeeperState.SyncConnected) violation('watch-event-state', `${what} with state ${state}`);
    this.counts.watchEvents++;
  }

  private onClose(conn: number, reason: string): void {
    const view = this.conns.get(conn);
    if (!view) violation('close-unknown-connection', `close of c${conn}: ${reason}`);
    const closeZxid = this.log.closeSessionOf(view.sessionId);
    const sessionEnded = view.sessionId !== 0n && closeZxid !== undefined && closeZxid <= this.committed;
    if (sessionEnded) this.advance(closeZxid, 'close-before-durable');
    if (!view.closeExpected && !sessionEnded) {
      violation('unexpected-close', `c${conn} (session ${hex(view.sessionId)}) closed by the server: ${reason}`);
    }
    this.closeConn(view);
  }

  /** Forgets a connection; later inputs for it are ignored, as the server ignores them. */
  private closeConn(view: ConnView): void {
    this.conns.delete(view.id);
    this.model.watches.dropConnection(view.id);
    this.owed.dropConnection(view.id);
  }

  // ---- the model in commit order ---------------------------------------------------------------

  /** Applies committed txns up to `zxid`; `rule` names the failure if one is not durable yet. */
  private advance(zxid: number, rule: string): void {
    while (this.model.lastZxid < zxid) {
      const next = this.model.lastZxid + 1;
      if (next > this.committed) violation(rule, `txn ${zxid} is not durable yet (persisted through ${this.committed})`);
      const logged = this.log.get(next);
      if (!logged) violation('log-order', `txn ${next} was committed but never appended`);
      this.apply(logged);
      this.model.lastZxid = next;
    }
  }

  private apply(logged: LoggedTxn): void {
    const { header, txn } = logged.entry;
    const { sessionId, zxid } = header;
    if (txn.type === 'createSession') {
      if (this.seenSessionIds.has(sessionId)) violation('session-id-reused', `txn ${zxid} creates session ${hex(sessionId)} again`);
      this.seenSessionIds.add(sessionId);
      this.sessionsChanged = true;
      this.model.createSession(sessionId, txn.timeoutMs);
      this.sessions.set(sessionId, { id: sessionId, timeoutMs: txn.timeoutMs, lastHeardMs: this.wallMs, lastActivityMs: this.wallMs, closeZxid: null });
      return;
    }
    if (txn.type === 'closeSession') return this.applyCloseSession(logged);
    if (sessionId === 0n) return this.applyCleanup(logged);
    const key = writeKey(sessionId, header.cxid);
    const write = this.writes.get(key);
    if (!write) violation('txn-without-request', `txn ${zxid} (${txn.type}) carries session ${hex(sessionId)} xid ${header.cxid}, which sent no such write`);
    this.writes.delete(key);
    const closeZxid = this.sessions.get(sessionId)?.closeZxid;
    if (closeZxid != null && closeZxid < zxid) {
      write.expected = { err: ErrorCode.SessionExpired, body: null };
      return;
    }
    if (!this.model.isLive(sessionId)) violation('write-after-session-end', `txn ${zxid} acts for session ${hex(sessionId)}, which is closed`);
    const effect = this.model.write(write.request, sessionId, zxid, logged.preparedWallMs);
    write.expected = effect.reply;
    this.owed.owe(effect.events, zxid, false);
    this.countWrite(write.request, effect.reply);
  }

  private applyCloseSession(logged: LoggedTxn): void {
    const { sessionId, zxid, cxid } = logged.entry.header;
    const write = this.writes.get(writeKey(sessionId, cxid));
    const { events, deleted } = this.model.closeSession(sessionId, zxid);
    this.sessions.delete(sessionId);
    this.sessionsChanged = true;
    this.owed.owe(events, zxid, true);
    if (write) {
      this.writes.delete(writeKey(sessionId, cxid));
      write.expected = { err: ErrorCode.OK, body: { op: OpCode.closeSession } };
      this.counts.sessionsClosedByClient++;
      this.counts.ephemeralsDeletedByClose += deleted.length;
    } else {
      this.counts.sessionsExpired++;
      this.counts.ephemeralsDeletedByExpiry += deleted.length;
    }
  }

  private applyCleanup(logged: LoggedTxn): void {
    const { txn, header } = logged.entry;
    if (txn.type !== 'delete') violation('server-txn', `txn ${header.zxid} is a server-issued ${txn.type}`);
    const node = this.model.tree.get(txn.path);
    if (!cleanupAllowed(node, logged.preparedWallMs, logged.committedAtPrep)) {
      const shown = node ? `${node.kind}, ${node.children.size} children, ${node.creates} creates, mtime ${node.mtime}, ttl ${node.ttlMs}` : 'missing';
      violation('cleanup-not-due', `txn ${header.zxid} deletes ${txn.path} at ${logged.preparedWallMs} (${shown})`);
    }
    if (node!.kind === 'container') this.counts.containersDeleted++;
    else this.counts.ttlNodesDeleted++;
    this.owed.owe(this.model.cleanupDelete(txn.path, header.zxid), header.zxid, false);
  }

  private countWrite(request: Request, reply: ExpectedReply): void {
    const c = this.counts;
    c.writes++;
    if (request.op === OpCode.multi) {
      const body = reply.body as Extract<Response, { results: unknown }>;
      const failed = body.results.find((r) => r.op === OpCode.error && r.err !== ErrorCode.OK);
      if (failed && failed.op === OpCode.error) {
        c.multiFailed++;
        this.countError(failed.err);
      } else {
        c.multiOk++;
        for (const op of request.ops) if ('flags' in op) this.countCreate(op.flags);
      }
      return;
    }
    if (reply.err !== ErrorCode.OK) this.countError(reply.err);
    else if ('flags' in request) this.countCreate(request.flags);
  }

  private countCreate(flags: number): void {
    const c = this.counts;
    if (flags === 2 || flags === 3 || flags === 6) c.sequentialCreates++;
    if (flags === 1 || flags === 3) c.ephemeralCreates++;
    if (flags === 4) c.containerCreates++;
    if (flags === 5 || flags === 6) c.ttlCreates++;
  }

  private countError(err: number): void {
    const c = this.counts;
    switch (err) {
      case ErrorCode.BadVersion: c.badVersion++; break;
      case ErrorCode.NodeExists: c.nodeExists++; break;
      case ErrorCode.NoNode: c.noNode++; break;
      case ErrorCode.NotEmpty: c.notEmpty++; break;
      case ErrorCode.NoChildrenForEphemerals: c.noChildrenForEphemerals++; break;
      case ErrorCode.BadArguments: c.badArguments++; break;
      case ErrorCode.Unimplemented: c.unimplemented++; break;
      default: break;
    }
  }

}
