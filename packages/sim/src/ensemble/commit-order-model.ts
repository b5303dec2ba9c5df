/**
 * The standalone model (`src/model/`), replayed in the ensemble's commit order: at the end of a
 * run every committed txn is applied in zxid order, and every reply a client got to a write is
 * held to what the model says that write must answer at its place in that order. Reads are not
 * judged here (which state a learner served them from is not recorded).
 *
 * Relaxed against the standalone checker, as an ensemble must be: a learner answers a write of a
 * session that already ended with SessionExpired itself, without a txn, and the leader turns a
 * forwarded write of a dead or moved session into an error txn (SessionExpired, SessionMoved).
 */
import { decodeTxnEntry, epochOf, counterOf, type TxnEntry } from '@paddock/core';
import { ErrorCode, OpCode, type Request, type Response } from '@paddock/protocol';
import { compareReply } from '../check/reply-compare';
import { violation } from '../check/violation';
import { ZkModel, type ExpectedReply } from '../model/zk-model';

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
  check(committed: ReadonlyMap<number, Uint8Array>): void {
    const model = new ZkModel(this.extendedTypesEnabled);
    const expected = new Map<string, ExpectedReply>();
    let previous = 0;
    for (const zxid of [...committed.keys()].sort((a, b) => a - b)) {
      const follows = epochOf(zxid) === epochOf(previous) ? counterOf(zxid) === counterOf(previous) + 1 : counterOf(zxid) === 1;
      if (!follows) violation('committed-history-gap', `committed txn ${hex(zxid)} follows ${hex(previous)}`);
      previous = zxid;
      this.apply(model, decodeTxnEntry(committed.get(zxid)!), expected);
    }
    for (const [k, reply] of this.replies) {
      const request = this.requests.get(k)!;
      const want = expected.get(k);
      const where = `session:xid ${k} (answered by server ${reply.server})`;
      if (want) compareReply(request, want, reply.err, reply.body, where);
      else if (!SESSION_ERRORS.has(reply.err)) violation('write-without-txn', `${where} got ${reply.err} with no committed txn`);
    }
  }

  private apply(model: ZkModel, entry: TxnEntry, expected: Map<string, ExpectedReply>): void {
    const { header, txn } = entry;
    const { sessionId, zxid, cxid } = header;
    switch (txn.type) {
      case 'createSession':
        return model.createSession(sessionId, txn.timeoutMs);
      case 'closeSession':
        model.closeSession(sessionId, zxid);
        if (this.requests.has(key(sessionId, cxid))) expected.set(key(sessionId, cxid), { err: ErrorCode.OK, body: { op: OpCode.closeSession } });
        return;
      default:
        break;
    }
    if (sessionId === 0n) {
      if (txn.type !== 'delete') violation('server-txn', `txn ${hex(zxid)} is a server-issued ${txn.type}`);
      model.cleanupDelete(txn.path, zxid);
      return;
    }
    const request = this.requests.get(key(sessionId, cxid));
    if (!request) violation('txn-without-request', `txn ${hex(zxid)} (${txn.type}) carries session ${hex(sessionId)} xid ${cxid}, which sent no such write`);
    if (txn.type === 'error' && SESSION_ERRORS.has(txn.err)) {
      expected.set(key(sessionId, cxid), sessionErrorReply(request, txn.err));
      return;
    }
    if (!model.isLive(sessionId)) violation('write-after-session-end', `txn ${hex(zxid)} acts for session ${hex(sessionId)}, which is closed`);
    expected.set(key(sessionId, cxid), model.write(request, sessionId, zxid, header.time).reply);
  }
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
