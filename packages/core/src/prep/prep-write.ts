/**
 * Prep: turns a write request into the txn every replica will apply, validating it against the
 * speculative state (ZooKeeper's PrepRequestProcessor). A failure becomes an `error` txn, so the
 * reply still travels in zxid order. Checks run in ZooKeeper's order, which decides which error
 * a request with several faults gets.
 */
import { CreateFlag, ErrorCode, OpCode, Perms, type ACL, type Id, type MultiOp } from '@paddock/protocol';
import { aclAllows, fixupAcl } from '../acl/acl-check';
import type { DataTree } from '../tree/data-tree';
import { SYSTEM_PATHS } from '../tree/data-tree';
import { parentOf, pathError } from '../tree/path';
import { CONTAINER_OWNER, MAX_TTL_MS, nodeKind, ttlOwner } from '../tree/znode';
import type { Txn } from '../txn/txn';
import { type NodeState, type PendingChanges, PrepView } from './pending-changes';

/** Who is asking, and under which rules. */
export interface PrepContext {
  readonly sessionId: bigint;
  readonly authInfo: readonly Id[];
  readonly skipACL: boolean;
  readonly extendedTypesEnabled: boolean;
}

/** A write request as prep sees it (the single-op forms, and multi). */
export type WriteRequest = MultiOp | { readonly op: typeof OpCode.multi; readonly ops: readonly MultiOp[] };

/** An operating error: becomes an error txn, never an exception that escapes prep. */
class PrepError {
  constructor(readonly err: number) {}
}

/** Prepares `req` as txn `zxid`; on success its changes become pending. */
export function prepWrite(req: WriteRequest, ctx: PrepContext, pending: PendingChanges, zxid: number): Txn {
  const view = new PrepView(pending);
  if (req.op === OpCode.multi) {
    const txns: Txn[] = [];
    for (let i = 0; i < req.ops.length; i++) {
      try {
        txns.push(prepOp(req.ops[i]!, ctx, view));
      } catch (e) {
        if (!(e instanceof PrepError)) throw e;
        // All or nothing: earlier ops report OK, the failing one its code, later ones
        // RuntimeInconsistency (ZooKeeper's multi failure layout).
        const errs = req.ops.map((_, j) => (j < i ? ErrorCode.OK : j === i ? e.err : ErrorCode.RuntimeInconsistency));
        return { type: 'multi', txns: errs.map((err) => ({ type: 'error', err })) };
      }
    }
    view.commit(zxid);
    return { type: 'multi', txns };
  }
  try {
    const txn = prepOp(req, ctx, view);
    view.commit(zxid);
    return txn;
  } catch (e) {
    if (!(e instanceof PrepError)) throw e;
    return { type: 'error', err: e.err };
  }
}

/**
 * Prepares the closing of a session: its ephemerals (applied and pending) will be deleted, so
 * later preps must already see them gone.
 */
export function prepCloseSession(sessionId: bigint, tree: DataTree, pending: PendingChanges, zxid: number): Txn {
  const view = new PrepView(pending);
  const doomed = new Set<string>();
  for (const path of tree.ephemeralsOf(sessionId)) doomed.add(path);
  for (const [path, state] of pending.changedPaths()) {
    if (state?.ephemeralOwner === sessionId) doomed.add(path);
    else doomed.delete(path);
  }
  for (const path of doomed) {
    if (view.lookup(path) === null) continue;
    const parentPath = parentOf(path);
    const parent = view.lookup(parentPath);
    view.set(path, null);
    if (parent) view.set(parentPath, { ...parent, numChildren: parent.numChildren - 1 });
  }
  view.commit(zxid);
  return { type: 'closeSession' };
}

/** A delete decided by the server itself (container and TTL cleanup); null when no longer due. */
export function prepCleanupDelete(path: string, pending: PendingChanges, zxid: number): Txn | null {
  const view = new PrepView(pending);
  const node = view.lookup(path);
  if (!node || node.numChildren > 0) return null;
  const kind = nodeKind(node.ephemeralOwner);
  if (kind !== 'container' && kind !== 'ttl') return null;
  const parentPath = parentOf(path);
  const parent = view.lookup(parentPath)!;
  view.set(path, null);
  view.set(parentPath, { ...parent, numChildren: parent.numChildren - 1 });
  view.commit(zxid);
  return { type: 'delete', path };
}

function prepOp(op: MultiOp, ctx: PrepContext, view: PrepView): Txn {
  switch (op.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      return prepCreate(op.op, op.path, op.data, op.acl, op.flags, -1n, ctx, view);
    case OpCode.createTTL:
      return prepCreate(op.op, op.path, op.data, op.acl, op.flags, op.ttl, ctx, view);
    case OpCode.delete:
      return prepDelete(op.path, op.version, ctx, view);
    case OpCode.setData: {
      const node = existing(op.path, view);
      requirePerm(node, Perms.WRITE, ctx);
      const version = nextVersion(node.version, op.version);
      view.set(op.path, { ...node, version });
      return { type: 'setData', path: op.path, data: op.data, version };
    }
    case OpCode.check: {
      const node = existing(op.path, view);
      requirePerm(node, Perms.READ, ctx);
      nextVersion(node.version, op.version);
      return { type: 'check', path: op.path };
    }
  }
}

/** Prepares setACL, which is not allowed inside a multi. */
export function prepSetAcl(
  path: string, acl: readonly ACL[], version: number, ctx: PrepContext, pending: PendingChanges, zxid: number,
): Txn {
  const view = new PrepView(pending);
  try {
    const node = existing(path, view);
    requirePerm(node, Perms.ADMIN, ctx);
    const fixed = fixupAcl(acl, ctx.authInfo);
    if ('err' in fixed) throw new PrepError(fixed.err);
    const aversion = nextVersion(node.aversion, version);
    view.set(path, { ...node, aversion, acl: fixed.acl });
    view.commit(zxid);
    return { type: 'setACL', path, acl: fixed.acl, version: aversion };
  } catch (e) {
    if (!(e instanceof PrepError)) throw e;
    return { type: 'error', err: e.err };
  }
}

function prepCreate(
  op: number, path: string, data: Uint8Array | null, acl: readonly ACL[], requestedFlags: number, ttl: bigint,
  ctx: PrepContext, view: PrepView,
): Txn {
  const flags = requestedFlags;
  if (!Number.isInteger(flags) || flags < 0 || flags > CreateFlag.PersistentSequentialWithTtl) throw new PrepError(ErrorCode.BadArguments);
  // ZooKeeper decides a container by the opcode alone: createContainer makes one whatever the
  // flags say, and a plain create with the container flag makes a persistent node.
  const isContainer = op === OpCode.createContainer;
  const isTtl = !isContainer && (flags === CreateFlag.PersistentWithTtl || flags === CreateFlag.PersistentSequentialWithTtl);
  const isSequential = flags === CreateFlag.PersistentSequential || flags === CreateFlag.EphemeralSequential || flags === CreateFlag.PersistentSequentialWithTtl;
  const isEphemeral = !isContainer && (flags === CreateFlag.Ephemeral || flags === CreateFlag.EphemeralSequential);
  if (op === OpCode.createTTL || isTtl) {
    if (!ctx.extendedTypesEnabled) throw new PrepError(ErrorCode.Unimplemented);
    if (op !== OpCode.createTTL || !isTtl || ttl <= 0n || ttl > MAX_TTL_MS) throw new PrepError(ErrorCode.BadArguments);
  }
  // As ZooKeeper: only the last slash and NULs are checked before the parent is looked up, so
  // a malformed path under a missing parent is NoNode; the full path is validated afterwards.
  const lastSlash = path.lastIndexOf('/');
  if (lastSlash < 0 || path.includes('\u0000')) throw new PrepError(ErrorCode.BadArguments);
  const fixed = fixupAcl(acl, ctx.authInfo);
  if ('err' in fixed) throw new PrepError(fixed.err);
  const parentPath = lastSlash === 0 ? '/' : path.slice(0, lastSlash);
  const parent = view.lookup(parentPath);
  if (!parent) throw new PrepError(ErrorCode.NoNode);
  requirePerm(parent, Perms.CREATE, ctx);
  const finalPath = isSequential ? path + sequenceSuffix(parent.cversion) : path;
  if (finalPath !== '/' && pathError(finalPath) !== null) throw new PrepError(ErrorCode.BadArguments);
  if (view.lookup(finalPath)) throw new PrepError(ErrorCode.NodeExists);
  if (nodeKind(parent.ephemeralOwner) === 'ephemeral') throw new PrepError(ErrorCode.NoChildrenForEphemerals);
  const parentCVersion = (parent.cversion + 1) | 0;
  const ephemeralOwner = isEphemeral ? ctx.sessionId : isContainer ? CONTAINER_OWNER : isTtl ? ttlOwner(ttl) : 0n;
  view.set(parentPath, { ...parent, cversion: parentCVersion, numChildren: parent.numChildren + 1 });
  view.set(finalPath, { version: 0, cversion: 0, aversion: 0, ephemeralOwner, numChildren: 0, acl: fixed.acl });
  return { type: 'create', path: finalPath, data, acl: fixed.acl, ephemeralOwner, parentCVersion };
}

function prepDelete(path: string, version: number, ctx: PrepContext, view: PrepView): Txn {
  // ZooKeeper's order (getParentPathAndValidate): only the last slash, NULs and the system
  // nodes are checked up front; then the parent, DELETE on the parent, then the node itself.
  const lastSlash = path.lastIndexOf('/');
  if (lastSlash < 0 || path.includes('\u0000') || SYSTEM_PATHS.has(path)) throw new PrepError(ErrorCode.BadArguments);
  const parentPath = lastSlash === 0 ? '/' : path.slice(0, lastSlash);
  const parent = view.lookup(parentPath);
  if (!parent) throw new PrepError(ErrorCode.NoNode);
  requirePerm(parent, Perms.DELETE, ctx);
  const node = view.lookup(path);
  if (!node) throw new PrepError(ErrorCode.NoNode);
  nextVersion(node.version, version);
  if (node.numChildren > 0) throw new PrepError(ErrorCode.NotEmpty);
  view.set(path, null);
  view.set(parentPath, { ...parent, numChildren: parent.numChildren - 1 });
  return { type: 'delete', path };
}

function existing(path: string, view: PrepView): NodeState {
  if (pathError(path) !== null) throw new PrepError(ErrorCode.BadArguments);
  const node = view.lookup(path);
  if (!node) throw new PrepError(ErrorCode.NoNode);
  return node;
}

function requirePerm(node: NodeState, perm: number, ctx: PrepContext): void {
  if (!aclAllows(node.acl, perm, ctx.authInfo, ctx.skipACL)) throw new PrepError(ErrorCode.NoAuth);
}

/** The version after a conditional update; -1 matches any current version. */
function nextVersion(current: number, expected: number): number {
  if (expected !== -1 && expected !== current) throw new PrepError(ErrorCode.BadVersion);
  return (current + 1) | 0;
}

/** `String.format("%010d", n)` for a Java int, sign included. */
export function sequenceSuffix(n: number): string {
  const digits = Math.abs(n).toString().padStart(n < 0 ? 9 : 10, '0');
  return n < 0 ? `-${digits}` : digits;
}
