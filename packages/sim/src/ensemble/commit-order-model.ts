/**
 * The standalone model (`src/model/`), replayed in the ensemble's commit order: at the end of a
 * run every committed txn is applied in zxid order, and every reply a client got to a write is
 * held to what the model says that write must answer at its place in that order.
 *
 * Observers ({@link ReplayObserver}) see the replay as it goes: the state before each txn (reads
 * are judged there, at the zxid their reply names) and the watch triggers each txn causes (the
 * watch rules need them).
 *
 * Relaxed against the standalone checker, as an ensemble must be: a learner answers a write of a
 * session that already ended with SessionExpired itself, without a txn, and the leader turns a
 * forwarded write of a dead or moved session into an error txn (SessionExpired, SessionMoved).
 */
import { decodeTxnEntry, epochOf, counterOf, type TxnEntry } from '@paddock/core';
import { ErrorCode, EventType, OpCode, type Request, type Response } from '@paddock/protocol';
import { compareReply } from '../check/reply-compare';
import { violation } from '../check/violation';
import { parentPath } from '../model/model-paths';
import type { Trigger } from '../model/model-tree';
import type { ModelEvent } from '../model/model-watches';
import { ZkModel, type ExpectedReply } from '../model/zk-model';

/** What a replay shows: the model before each txn, and the watch triggers each txn caused. */
export interface ReplayObserver {
  /** Txn `zxid` is next (Infinity once all are applied): `model` holds the state before it. */
  before(zxid: number, model: ZkModel): void;
  /** Txn `zxid` (`entry`) was applied and caused `triggers` (every event it could fire). */
  after(zxid: number, entry: TxnEntry, triggers: readonly Trigger[]): void;
}

/** A connection no client has: a recursive watch on `/` there hears every trigger but children changes. */
const TRIGGER_CONN = -1;

const key = (sessionId: bigint, xid: number): string => `${sessionId}:${xid}`;
const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

/** Session errors a write may get without the model's say (see the module comment). */
const SESSION_ERRORS: ReadonlySet<number> = new Set([ErrorCode.SessionExpired, ErrorCode.SessionMoved]);

interface ReceivedReply {
  readonly err: number;
  readonly body: Response | null;
  readonly server: number;
}

/** Write requests and their replies, judged against the model in commit order by {@link check}. */
export class CommitOrderModel {
  private readonly requests = new Map<string, Request>();
  private readonly replies = new Map<string, ReceivedReply>();

  constructor(private readonly extendedTypesEnabled: boolean) {}

  writeSent(sessionId: bigint, xid: number, request: Request): void {
    this.requests.set(key(sessionId, xid), request);
  }

  writeAnswered(sessionId: bigint, xid: number, err: number, body: Response | null, server: number): void {
    this.replies.set(key(sessionId, xid), { err, body, server });
  }

  /**
   * Replays `committed` (zxid to payload, every txn known committed) in zxid order: the history
   * must have no gap (within an epoch counters follow on; a new epoch starts at counter 1), and
   * every answered write must answer what the model says.
   */
  check(committed: ReadonlyMap<number, Uint8Array>, observers: readonly ReplayObserver[] = []): void {
    const model = new ZkModel(this.extendedTypesEnabled);
    model.watches.add(TRIGGER_CONN, '/', 'recursive');
    const expected = new Map<string, ExpectedReply>();
    let previous = 0;
    for (const zxid of [...committed.keys()].sort((a, b) => a - b)) {
      const follows = epochOf(zxid) === epochOf(previous) ? counterOf(zxid) === counterOf(previous) + 1 : counterOf(zxid) === 1;
      if (!follows) violation('committed-history-gap', `committed txn ${hex(zxid)} follows ${hex(previous)}`);
      previous = zxid;
      for (const o of observers) o.before(zxid, model);
      const entry = decodeTxnEntry(committed.get(zxid)!);
      const triggers = triggersOf(this.apply(model, entry, expected));
      for (const o of observers) o.after(zxid, entry, triggers);
    }
    for (const o of observers) o.before(Infinity, model);
    for (const [k, reply] of this.replies) {
      const request = this.requests.get(k)!;
      const want = expected.get(k);
      const where = `session:xid ${k} (answered by server ${reply.server})`;
      if (want) compareReply(request, want, reply.err, reply.body, where);
      else if (!SESSION_ERRORS.has(reply.err)) violation('write-without-txn', `${where} got ${reply.err} with no committed txn`);
    }
  }

  /** Applies one txn; returns the events it fired (the trigger connection's among them). */
  private apply(model: ZkModel, entry: TxnEntry, expected: Map<string, ExpectedReply>): readonly ModelEvent[] {
    const { header, txn } = entry;
    const { sessionId, zxid, cxid } = header;
    switch (txn.type) {
      case 'createSession':
        model.createSession(sessionId, txn.timeoutMs);
        return [];
      case 'closeSession': {
        const { events } = model.closeSession(sessionId, zxid);
        if (this.requests.has(key(sessionId, cxid))) expected.set(key(sessionId, cxid), { err: ErrorCode.OK, body: { op: OpCode.closeSession } });
        return events;
      }
      default:
        break;
    }
    if (sessionId === 0n) {
      if (txn.type !== 'delete') violation('server-txn', `txn ${hex(zxid)} is a server-issued ${txn.type}`);
      return model.cleanupDelete(txn.path, zxid);
    }
    const request = this.requests.get(key(sessionId, cxid));
    if (!request) violation('txn-without-request', `txn ${hex(zxid)} (${txn.type}) carries session ${hex(sessionId)} xid ${cxid}, which sent no such write`);
    if (txn.type === 'error' && SESSION_ERRORS.has(txn.err)) {
      expected.set(key(sessionId, cxid), sessionErrorReply(request, txn.err));
      return [];
    }
    if (!model.isLive(sessionId)) violation('write-after-session-end', `txn ${hex(zxid)} acts for session ${hex(sessionId)}, which is closed`);
    const effect = model.write(request, sessionId, zxid, header.time);
    expected.set(key(sessionId, cxid), effect.reply);
    return effect.events;
  }
}

/**
 * The triggers behind the trigger connection's events. Its recursive watch hears no children
 * changes, but every one of them comes from a child's creation or deletion.
 */
function triggersOf(events: readonly ModelEvent[]): Trigger[] {
  const triggers: Trigger[] = [];
  for (const e of events) {
    if (e.conn !== TRIGGER_CONN) continue;
    triggers.push({ path: e.path, type: e.type });
    if ((e.type === EventType.NodeCreated || e.type === EventType.NodeDeleted) && e.path !== '/') {
      triggers.push({ path: parentPath(e.path), type: EventType.NodeChildrenChanged });
    }
  }
  return triggers;
}

/**
 * The reply to a write refused for its session, as ZooKeeper gives it. SessionMoved is always a
 * header error, even for a multi (FinalRequestProcessor rethrows a SessionMovedException before
 * building any response). SessionExpired fails a multi in its first op, the others answering
 * RuntimeInconsistency (PrepRequestProcessor checks the session per op and gives up after the
 * first failure), under an OK header.
 */
function sessionErrorReply(request: Request, err: number): ExpectedReply {
  if (request.op !== OpCode.multi || err === ErrorCode.SessionMoved) return { err, body: null };
  const results = request.ops.map((_, j) => ({ op: OpCode.error, err: j === 0 ? err : ErrorCode.RuntimeInconsistency }));
  return { err: ErrorCode.OK, body: { op: OpCode.multi, results } };
}
