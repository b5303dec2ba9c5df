/**
 * The model of one ZooKeeper server's state: tree, live sessions and watches. Writes are applied
 * in commit (zxid) order; a standalone server prepares every txn against the state left by all
 * earlier ones, so applying requests in that order gives exactly the outcomes ZooKeeper must
 * report. Reads are evaluated against the state at their reply's zxid.
 */
import { AddWatchMode, CreateFlag, ErrorCode, EventType, OpCode, type MultiOp, type MultiResult, type Request, type Response } from '@paddock/protocol';
import { statOf } from './model-node';
import { ModelTree, OpFailure, type OpSuccess, type Trigger, type TxnContext } from './model-tree';
import { ModelWatches, type ModelEvent } from './model-watches';

/** The reply ZooKeeper must send: header err and body (null for an error, except multi). */
export interface ExpectedReply {
  readonly err: number;
  readonly body: Response | null;
}

/** A reply and the watch events that must reach the connection before it. */
export interface WriteEffect {
  readonly reply: ExpectedReply;
  readonly events: readonly ModelEvent[];
}

/** The model server: advance it with {@link ZkModel.write} and friends in zxid order. */
export class ZkModel {
  readonly tree = ModelTree.fresh();
  readonly watches = new ModelWatches();
  private readonly sessions = new Map<bigint, number>();
  /** The zxid of the last txn applied. */
  lastZxid = 0;

  constructor(private readonly extendedTypesEnabled: boolean) {}

  isLive(sessionId: bigint): boolean {
    return this.sessions.has(sessionId);
  }

  /** The negotiated timeout of a live session. */
  timeoutOf(sessionId: bigint): number | undefined {
    return this.sessions.get(sessionId);
  }

  /** Live session ids, ascending. */
  liveSessions(): bigint[] {
    return [...this.sessions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  createSession(sessionId: bigint, timeoutMs: number): void {
    this.sessions.set(sessionId, timeoutMs);
  }

  /** Ends a session: its ephemerals are deleted in this txn. */
  closeSession(sessionId: bigint, zxid: number): { events: ModelEvent[]; deleted: string[] } {
    this.sessions.delete(sessionId);
    const deleted = this.tree.ephemeralsOf(sessionId);
    const triggers: Trigger[] = [];
    for (const path of deleted) this.tree.removeNode(path, zxid, triggers);
    return { events: this.fire(triggers), deleted };
  }

  /** A container or TTL node the server deleted on its own. */
  cleanupDelete(path: string, zxid: number): ModelEvent[] {
    const triggers: Trigger[] = [];
    this.tree.removeNode(path, zxid, triggers);
    return this.fire(triggers);
  }

  /** A client's write, committed as txn `zxid` prepared at `timeMs`. */
  write(req: Request, sessionId: bigint, zxid: number, timeMs: number): WriteEffect {
    const ctx: TxnContext = { zxid, timeMs, sessionId, extendedTypesEnabled: this.extendedTypesEnabled };
    const triggers: Trigger[] = [];
    if (req.op === OpCode.multi) {
      const outcome = this.tree.applyMulti(req.ops, ctx, triggers);
      const results: MultiResult[] = outcome.ok
        ? req.ops.map((op, i) => multiResult(op, outcome.results[i]!))
        : req.ops.map((_, j) => ({
            op: OpCode.error,
            err: j < outcome.failedIndex ? ErrorCode.OK : j === outcome.failedIndex ? outcome.err : ErrorCode.RuntimeInconsistency,
          }));
      // A failed multi still answers OK in the header (PROTOCOL.md §1.5).
      return { reply: { err: ErrorCode.OK, body: { op: OpCode.multi, results } }, events: this.fire(triggers) };
    }
    if (!isSingleWrite(req)) throw new Error(`the model has no write semantics for opcode ${req.op}`);
    try {
      const result = this.tree.applyOp(req, ctx, triggers);
      return { reply: { err: ErrorCode.OK, body: singleResult(req, result) }, events: this.fire(triggers) };
    } catch (e) {
      if (e instanceof OpFailure) return { reply: { err: e.err, body: null }, events: [] };
      throw e;
    }
  }

  /**
   * A non-write request from `conn` (session `sessionId`) against the current state. Only the
   * watch replay of a reconnecting client (setWatches) owes events: they come before its reply.
   */
  read(req: Request, conn: number, sessionId: bigint): WriteEffect {
    if (req.op === OpCode.setWatches || req.op === OpCode.setWatches2) {
      return { reply: { err: ErrorCode.OK, body: { op: req.op } }, events: this.replayWatches(req, conn) };
    }
    return { reply: this.plainRead(req, conn, sessionId), events: [] };
  }

  /**
   * `DataTree.setWatches`: a watch whose node changed after `relativeZxid` (the client's last
   * seen zxid) fires at once; the others are registered again. Persistent ones just register.
   */
  private replayWatches(req: Extract<Request, { op: typeof OpCode.setWatches | typeof OpCode.setWatches2 }>, conn: number): ModelEvent[] {
    const events: ModelEvent[] = [];
    const fire = (type: number, path: string) => events.push({ conn, type, path });
    const rel = req.relativeZxid;
    for (const path of req.dataWatches) {
      const node = this.tree.get(path);
      if (!node) fire(EventType.NodeDeleted, path);
      else if (BigInt(node.mzxid) > rel) fire(EventType.NodeDataChanged, path);
      else this.watches.add(conn, path, 'data');
    }
    for (const path of req.existWatches) {
      if (this.tree.get(path)) fire(EventType.NodeCreated, path);
      else this.watches.add(conn, path, 'data');
    }
    for (const path of req.childWatches) {
      const node = this.tree.get(path);
      if (!node) fire(EventType.NodeDeleted, path);
      else if (BigInt(node.pzxid) > rel) fire(EventType.NodeChildrenChanged, path);
      else this.watches.add(conn, path, 'child');
    }
    if (req.op === OpCode.setWatches2) {
      for (const path of req.persistentWatches) this.watches.add(conn, path, 'persistent');
      for (const path of req.persistentRecursiveWatches) this.watches.add(conn, path, 'recursive');
    }
    return events;
  }

  private plainRead(req: Request, conn: number, sessionId: bigint): ExpectedReply {
    const ok = (body: Response): ExpectedReply => ({ err: ErrorCode.OK, body });
    const fail = (err: number): ExpectedReply => ({ err, body: null });
    switch (req.op) {
      case OpCode.exists: {
        // An exists watch is left even when the node is missing: it waits for NodeCreated.
        if (req.watch) this.watches.add(conn, req.path, 'data');
        const node = this.tree.get(req.path);
        return node ? ok({ op: OpCode.exists, stat: statOf(node) }) : fail(ErrorCode.NoNode);
      }
      case OpCode.getData: {
        const node = this.tree.get(req.path);
        if (!node) return fail(ErrorCode.NoNode);
        if (req.watch) this.watches.add(conn, req.path, 'data');
        return ok({ op: OpCode.getData, data: node.data, stat: statOf(node) });
      }
      case OpCode.getChildren:
      case OpCode.getChildren2: {
        const node = this.tree.get(req.path);
        if (!node) return fail(ErrorCode.NoNode);
        if (req.watch) this.watches.add(conn, req.path, 'child');
        const children = [...node.children].sort();
        return ok(req.op === OpCode.getChildren ? { op: req.op, children } : { op: req.op, children, stat: statOf(node) });
      }
      case OpCode.getAllChildrenNumber:
        return this.tree.get(req.path)
          ? ok({ op: OpCode.getAllChildrenNumber, totalNumber: this.tree.descendantCount(req.path) })
          : fail(ErrorCode.NoNode);
      case OpCode.getEphemerals: {
        const prefix = req.prefixPath;
        const all = prefix === '' || prefix === '/';
        const mine = this.tree.ephemeralsOf(sessionId).filter((p) => all || p.startsWith(prefix));
        return ok({ op: OpCode.getEphemerals, ephemerals: mine });
      }
      case OpCode.sync:
        return ok({ op: OpCode.sync, path: req.path });
      case OpCode.ping:
        return ok({ op: OpCode.ping });
      case OpCode.addWatch:
        if (req.mode === AddWatchMode.Persistent) this.watches.add(conn, req.path, 'persistent');
        else if (req.mode === AddWatchMode.PersistentRecursive) this.watches.add(conn, req.path, 'recursive');
        else return fail(ErrorCode.BadArguments);
        return ok({ op: OpCode.addWatch });
      case OpCode.removeWatches:
        return this.watches.remove(conn, req.path, req.type) ? ok({ op: OpCode.removeWatches }) : fail(ErrorCode.NoWatcher);
      default:
        throw new Error(`the model has no read semantics for opcode ${req.op}`);
    }
  }

  private fire(triggers: readonly Trigger[]): ModelEvent[] {
    return triggers.flatMap((t) => this.watches.fire(t));
  }
}

type SingleWrite = Extract<Request, { op: MultiOp['op'] }>;

function isSingleWrite(req: Request): req is SingleWrite {
  switch (req.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.delete:
    case OpCode.setData:
    case OpCode.check:
      return true;
    default:
      return false;
  }
}

function singleResult(req: SingleWrite, r: OpSuccess): Response {
  switch (req.op) {
    case OpCode.create:
      return { op: req.op, path: r.path! };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { op: req.op, path: r.path!, stat: r.stat! };
    case OpCode.setData:
      return { op: req.op, stat: r.stat! };
    case OpCode.delete:
    case OpCode.check:
      return { op: req.op };
  }
}

/**
 * One result of a successful multi. ZooKeeper 3.8 rebuilds every create from its flags
 * (MultiOperationRecord → Op.create): a plain create answers CreateResult(path) even when sent
 * as create2 (3.9 keeps create2, ZOOKEEPER-4026), while containers and TTL nodes answer
 * CreateResult(path, stat), whose opcode is create2.
 */
function multiResult(op: MultiOp, r: OpSuccess): MultiResult {
  switch (op.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      return op.flags === CreateFlag.Container ? { op: OpCode.create2, path: r.path!, stat: r.stat! } : { op: OpCode.create, path: r.path! };
    case OpCode.createTTL:
      return { op: OpCode.create2, path: r.path!, stat: r.stat! };
    case OpCode.setData:
      return { op: op.op, stat: r.stat! };
    case OpCode.delete:
    case OpCode.check:
      return { op: op.op };
  }
}
