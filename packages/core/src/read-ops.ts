/**
 * Requests that change no znode: reads, watch management, auth, ping, sync and the like. They
 * run against the applied tree once every earlier request of their connection is answered
 * (ZooKeeper's per-session FIFO order), as ZooKeeper's FinalRequestProcessor runs them.
 */
import {
  AddWatchMode, ErrorCode, EventType, OpCode, Perms, type ACL, type MultiResult, type Request, type Response,
} from '@paddock/protocol';
import { aclAllows } from './acl/acl-check';
import { authenticate, userName } from './acl/auth-providers';
import type { Connection } from './connection/connection';
import type { DataTree } from './tree/data-tree';
import type { ZNode } from './tree/znode';
import { toStat } from './tree/stat';
import type { WatchManager } from './watch/watch-manager';

export interface ReadContext {
  readonly tree: DataTree;
  readonly watches: WatchManager;
  readonly conn: Connection;
  readonly skipACL: boolean;
  readonly superDigest: string | null;
  /** Sends a watch event to this connection now, ahead of the reply. */
  readonly emitEvent: (type: number, path: string) => void;
}

export interface ReadResult {
  readonly err: number;
  readonly body: Response | null;
  readonly closeAfter?: string;
}

const ok = (body: Response): ReadResult => ({ err: ErrorCode.OK, body });
const fail = (err: number): ReadResult => ({ err, body: null });

/** Executes one non-write request. `req.op` must not be a write opcode. */
export function executeRead(req: Request, ctx: ReadContext): ReadResult {
  const { tree, watches, conn } = ctx;
  switch (req.op) {
    case OpCode.exists: {
      if (req.path.includes('\u0000')) return fail(ErrorCode.BadArguments);
      // ZooKeeper 3.8 answers exists without checking READ (seen against the real server).
      const node = tree.get(req.path);
      if (req.watch) watches.add(conn.id, req.path, 'data');
      return node ? ok({ op: OpCode.exists, stat: toStat(node) }) : fail(ErrorCode.NoNode);
    }
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const result = readNode(req.op, req.path, req.watch, ctx);
      return 'err' in result ? fail(result.err) : ok(result.body);
    }
    case OpCode.getACL: {
      const node = tree.get(req.path);
      if (!node) return fail(ErrorCode.NoNode);
      if (!canRead(node, ctx, Perms.READ | Perms.ADMIN)) return fail(ErrorCode.NoAuth);
      const acl = tree.aclOf(node);
      // Without ADMIN the caller may learn who has access, but not the password hashes.
      const shown = canRead(node, ctx, Perms.ADMIN) ? acl : acl.map(redactDigest);
      return ok({ op: OpCode.getACL, acl: shown, stat: toStat(node) });
    }
    case OpCode.getAllChildrenNumber: {
      const node = tree.get(req.path);
      if (!node) return fail(ErrorCode.NoNode);
      if (!canRead(node, ctx, Perms.READ)) return fail(ErrorCode.NoAuth);
      return ok({ op: OpCode.getAllChildrenNumber, totalNumber: tree.descendantCount(req.path) });
    }
    case OpCode.getEphemerals: {
      const prefix = req.prefixPath;
      const all = prefix === '' || prefix === '/';
      const mine = tree.ephemeralsOf(conn.sessionId).filter((p) => all || p.startsWith(prefix));
      return ok({ op: OpCode.getEphemerals, ephemerals: mine });
    }
    case OpCode.multiRead: {
      const results: MultiResult[] = req.ops.map((op) => {
        const r = readNode(op.op, op.path, op.watch, ctx);
        if ('err' in r) return { op: OpCode.error, err: r.err };
        return r.body.op === OpCode.getData
          ? { op: OpCode.getData, data: r.body.data, stat: r.body.stat }
          : { op: OpCode.getChildren, children: (r.body as { children: readonly string[] }).children };
      });
      return ok({ op: OpCode.multiRead, results });
    }
    case OpCode.sync:
      return ok({ op: OpCode.sync, path: req.path });
    case OpCode.ping:
      return ok({ op: OpCode.ping });
    case OpCode.whoAmI: {
      const ids = [...conn.authInfo.filter((id) => id.scheme !== 'ip'), ...conn.authInfo.filter((id) => id.scheme === 'ip')];
      return ok({ op: OpCode.whoAmI, clientInfo: ids.map((id) => ({ authScheme: id.scheme, user: userName(id) })) });
    }
    case OpCode.auth: {
      const ids = authenticate(req.scheme, req.auth, conn.remoteHost, ctx.superDigest);
      if (!ids) return { err: ErrorCode.AuthFailed, body: null, closeAfter: `authentication failed for scheme '${req.scheme}'` };
      for (const id of ids) {
        if (!conn.authInfo.some((a) => a.scheme === id.scheme && a.id === id.id)) conn.authInfo.push(id);
      }
      return ok({ op: OpCode.auth });
    }
    case OpCode.setWatches:
    case OpCode.setWatches2:
      replayWatches(req, ctx);
      return ok({ op: req.op });
    case OpCode.addWatch: {
      if (req.mode !== AddWatchMode.Persistent && req.mode !== AddWatchMode.PersistentRecursive) return fail(ErrorCode.BadArguments);
      if (req.path.includes('\u0000')) return fail(ErrorCode.BadArguments);
      watches.add(conn.id, req.path, req.mode === AddWatchMode.Persistent ? 'persistent' : 'recursive');
      return ok({ op: OpCode.addWatch });
    }
    case OpCode.checkWatches:
      return watches.has(conn.id, req.path, req.type) ? ok({ op: OpCode.checkWatches }) : fail(ErrorCode.NoWatcher);
    case OpCode.removeWatches:
      return watches.remove(conn.id, req.path, req.type) ? ok({ op: OpCode.removeWatches }) : fail(ErrorCode.NoWatcher);
    case OpCode.sasl:
      // A server without SASL configured answers with an empty challenge, as ZooKeeper does.
      return ok({ op: OpCode.sasl, token: null });
    case OpCode.deleteContainer:
      return fail(ErrorCode.Unimplemented);
    default:
      throw new Error(`opcode ${req.op} is a write, not a read`);
  }
}

function readNode(
  op: typeof OpCode.getData | typeof OpCode.getChildren | typeof OpCode.getChildren2,
  path: string, watch: boolean, ctx: ReadContext,
): { body: Response } | { err: number } {
  if (path.includes('\u0000')) return { err: ErrorCode.BadArguments };
  const node = ctx.tree.get(path);
  if (!node) return { err: ErrorCode.NoNode };
  if (!canRead(node, ctx, Perms.READ)) return { err: ErrorCode.NoAuth };
  if (op === OpCode.getData) {
    if (watch) ctx.watches.add(ctx.conn.id, path, 'data');
    return { body: { op, data: node.data, stat: toStat(node) } };
  }
  if (watch) ctx.watches.add(ctx.conn.id, path, 'child');
  const children = node.children ? [...node.children] : [];
  return op === OpCode.getChildren ? { body: { op, children } } : { body: { op, children, stat: toStat(node) } };
}

function canRead(node: ZNode, ctx: ReadContext, perm: number): boolean {
  return aclAllows(ctx.tree.aclOf(node), perm, ctx.conn.authInfo, ctx.skipACL);
}

function redactDigest(a: ACL): ACL {
  if (a.id.scheme !== 'digest') return a;
  return { perms: a.perms, id: { scheme: 'digest', id: a.id.id.replace(/:.*/, ':x') } };
}

/**
 * Re-registers a reconnecting client's watches (`DataTree.setWatches`): whatever changed after
 * the client's last seen zxid fires at once, the rest is registered again.
 */
function replayWatches(req: Extract<Request, { op: typeof OpCode.setWatches | typeof OpCode.setWatches2 }>, ctx: ReadContext): void {
  const { tree, watches, conn } = ctx;
  const relative = req.relativeZxid;
  for (const path of req.dataWatches) {
    const node = tree.get(path);
    if (!node) ctx.emitEvent(EventType.NodeDeleted, path);
    else if (BigInt(node.mzxid) > relative) ctx.emitEvent(EventType.NodeDataChanged, path);
    else watches.add(conn.id, path, 'data');
  }
  for (const path of req.existWatches) {
    if (tree.get(path)) ctx.emitEvent(EventType.NodeCreated, path);
    else watches.add(conn.id, path, 'data');
  }
  for (const path of req.childWatches) {
    const node = tree.get(path);
    if (!node) ctx.emitEvent(EventType.NodeDeleted, path);
    else if (BigInt(node.pzxid) > relative) ctx.emitEvent(EventType.NodeChildrenChanged, path);
    else watches.add(conn.id, path, 'child');
  }
  if (req.op === OpCode.setWatches2) {
    for (const path of req.persistentWatches) watches.add(conn.id, path, 'persistent');
    for (const path of req.persistentRecursiveWatches) watches.add(conn.id, path, 'recursive');
  }
}
