/**
 * The model's znode tree: a plain map from path to node, changed one committed write at a time.
 * Checks run in the order of ZooKeeper's PrepRequestProcessor (pRequest2TxnCreate, delete,
 * setData, check), because that order decides which error a request with several faults gets.
 * Written from PROTOCOL.md §1.5 and §1.7–1.9, not from the core.
 */
import { CreateFlag, ErrorCode, EventType, OpCode, type MultiOp, type Stat } from '@paddock/protocol';
import { copyNode, freshNode, statOf, type ModelNode, type ModelNodeKind } from './model-node';
import { baseName, isValidPath, parentPath, sequenceSuffix } from './model-paths';

/** A watch trigger: `type` happened at `path`. */
export interface Trigger {
  readonly path: string;
  readonly type: number;
}

/** Where and when a write commits, and for whom. */
export interface TxnContext {
  readonly zxid: number;
  /** The committing server's wall clock when it prepared the txn (ctime/mtime). */
  readonly timeMs: number;
  readonly sessionId: bigint;
  readonly extendedTypesEnabled: boolean;
}

/** What a successful op reports. */
export interface OpSuccess {
  readonly path?: string;
  readonly stat?: Stat;
}

/** An operating error (NoNode, BadVersion, ...): the op changed nothing. */
export class OpFailure {
  constructor(readonly err: number) {}
}

/** A multi's all-or-nothing result. */
export type MultiOutcome =
  | { readonly ok: true; readonly results: readonly OpSuccess[] }
  | { readonly ok: false; readonly failedIndex: number; readonly err: number };

/** `EphemeralType.TTL.maxValue()`: TTLs are 40-bit millisecond counts. */
const MAX_TTL_MS = 0xff_ffff_ffffn;
/** Paths ZooKeeper will not delete (`isSpecialPath`). */
const SPECIAL_PATHS: ReadonlySet<string> = new Set(['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']);

/** Path → node map with ZooKeeper's write semantics; changes only through its methods. */
export class ModelTree {
  private constructor(private nodes: Map<string, ModelNode>) {}

  /**
   * The tree of a fresh server: `/`, `/zookeeper`, its quota and config nodes, all with empty
   * (not null) data as DataTree builds them, and the config node with aversion -1.
   */
  static fresh(): ModelTree {
    const nodes = new Map<string, ModelNode>();
    const system = (path: string) => nodes.set(path, freshNode(new Uint8Array(0), 0, 0, 'persistent', 0n, 0));
    system('/');
    system('/zookeeper');
    system('/zookeeper/quota');
    system('/zookeeper/config');
    nodes.get('/')!.children.add('zookeeper');
    nodes.get('/zookeeper')!.children.add('quota').add('config');
    nodes.get('/zookeeper/config')!.aversion = -1;
    return new ModelTree(nodes);
  }

  get(path: string): ModelNode | undefined {
    return this.nodes.get(path);
  }

  /** Every path, in no particular order. */
  paths(): IterableIterator<string> {
    return this.nodes.keys();
  }

  entries(): IterableIterator<[string, ModelNode]> {
    return this.nodes.entries();
  }

  /** Paths of the ephemerals `sessionId` owns, sorted. */
  ephemeralsOf(sessionId: bigint): string[] {
    const out: string[] = [];
    for (const [path, n] of this.nodes) if (n.kind === 'ephemeral' && n.owner === sessionId) out.push(path);
    return out.sort();
  }

  /** Nodes strictly below `path`. */
  descendantCount(path: string): number {
    const prefix = path === '/' ? '/' : `${path}/`;
    let n = 0;
    for (const p of this.nodes.keys()) if (p !== '/' && p.startsWith(prefix)) n++;
    return n;
  }

  /** Applies one write op; an {@link OpFailure} is thrown before anything changes. */
  applyOp(op: MultiOp, ctx: TxnContext, triggers: Trigger[]): OpSuccess {
    switch (op.op) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
        return this.create(op.path, op.data, op.flags, -1n, ctx, triggers);
      case OpCode.createTTL:
        return this.create(op.path, op.data, op.flags, op.ttl, ctx, triggers);
      case OpCode.delete:
        this.checkedDelete(op.path, op.version, ctx.zxid, triggers);
        return {};
      case OpCode.setData:
        return this.setData(op.path, op.data, op.version, ctx, triggers);
      case OpCode.check: {
        const node = this.existing(op.path);
        checkVersion(node.version, op.version);
        return {};
      }
    }
  }

  /** Applies a multi all-or-nothing: on failure the tree and `triggers` are untouched. */
  applyMulti(ops: readonly MultiOp[], ctx: TxnContext, triggers: Trigger[]): MultiOutcome {
    const scratch = new ModelTree(new Map([...this.nodes].map(([p, n]) => [p, copyNode(n)])));
    const scratchTriggers: Trigger[] = [];
    const results: OpSuccess[] = [];
    for (let i = 0; i < ops.length; i++) {
      try {
        results.push(scratch.applyOp(ops[i]!, ctx, scratchTriggers));
      } catch (e) {
        if (e instanceof OpFailure) return { ok: false, failedIndex: i, err: e.err };
        throw e;
      }
    }
    this.nodes = scratch.nodes;
    triggers.push(...scratchTriggers);
    return { ok: true, results };
  }

  /** Deletes a node the server removes on its own (closeSession, container/TTL cleanup). */
  removeNode(path: string, zxid: number, triggers: Trigger[]): void {
    const parent = this.nodes.get(parentPath(path))!;
    this.nodes.delete(path);
    parent.children.delete(baseName(path));
    parent.pzxid = Math.max(parent.pzxid, zxid);
    triggers.push({ path, type: EventType.NodeDeleted }, { path: parentPath(path), type: EventType.NodeChildrenChanged });
  }

  private create(
    path: string, data: Uint8Array | null, flags: number, ttl: bigint, ctx: TxnContext, triggers: Trigger[],
  ): OpSuccess {
    const mode = createMode(flags);
    if (mode.ttl && !ctx.extendedTypesEnabled) throw new OpFailure(ErrorCode.Unimplemented);
    const ttlOk = mode.ttl ? ttl > 0n && ttl <= MAX_TTL_MS : ttl < 0n;
    if (!ttlOk) throw new OpFailure(ErrorCode.BadArguments);
    // validatePathForCreate looks only for a slash and NULs; the full check comes after the suffix.
    if (!path.includes('/') || path.includes('\u0000')) throw new OpFailure(ErrorCode.BadArguments);
    const parentName = path.slice(0, path.lastIndexOf('/')) || '/';
    const parent = this.nodes.get(parentName);
    if (!parent) throw new OpFailure(ErrorCode.NoNode);
    const finalPath = mode.sequential ? path + sequenceSuffix(parent.creates) : path;
    if (!isValidPath(finalPath)) throw new OpFailure(ErrorCode.BadArguments);
    if (this.nodes.has(finalPath)) throw new OpFailure(ErrorCode.NodeExists);
    if (parent.kind === 'ephemeral') throw new OpFailure(ErrorCode.NoChildrenForEphemerals);
    const owner = mode.kind === 'ephemeral' ? ctx.sessionId : 0n;
    const node = freshNode(data, ctx.zxid, ctx.timeMs, mode.kind, owner, mode.ttl ? Number(ttl) : 0);
    this.nodes.set(finalPath, node);
    parent.children.add(baseName(finalPath));
    parent.creates = (parent.creates + 1) | 0;
    parent.pzxid = ctx.zxid;
    triggers.push({ path: finalPath, type: EventType.NodeCreated }, { path: parentName, type: EventType.NodeChildrenChanged });
    return { path: finalPath, stat: statOf(node) };
  }

  private checkedDelete(path: string, version: number, zxid: number, triggers: Trigger[]): void {
    // getParentPathAndValidate: a slash, no NUL, not a system node; the rest is left to lookups.
    if (!path.includes('/') || path.includes('\u0000') || SPECIAL_PATHS.has(path)) throw new OpFailure(ErrorCode.BadArguments);
    if (!this.nodes.has(path.slice(0, path.lastIndexOf('/')) || '/')) throw new OpFailure(ErrorCode.NoNode);
    const node = this.nodes.get(path);
    if (!node) throw new OpFailure(ErrorCode.NoNode);
    checkVersion(node.version, version);
    if (node.children.size > 0) throw new OpFailure(ErrorCode.NotEmpty);
    this.removeNode(path, zxid, triggers);
  }

  private setData(path: string, data: Uint8Array | null, version: number, ctx: TxnContext, triggers: Trigger[]): OpSuccess {
    const node = this.existing(path);
    node.version = checkVersion(node.version, version);
    node.data = data;
    node.mzxid = ctx.zxid;
    node.mtime = ctx.timeMs;
    triggers.push({ path, type: EventType.NodeDataChanged });
    return { stat: statOf(node) };
  }

  private existing(path: string): ModelNode {
    if (!isValidPath(path)) throw new OpFailure(ErrorCode.BadArguments);
    const node = this.nodes.get(path);
    if (!node) throw new OpFailure(ErrorCode.NoNode);
    return node;
  }
}

/** `CreateMode.fromFlag`: unknown flags are BadArguments. */
function createMode(flags: number): { kind: ModelNodeKind; sequential: boolean; ttl: boolean } {
  switch (flags) {
    case CreateFlag.Persistent: return { kind: 'persistent', sequential: false, ttl: false };
    case CreateFlag.Ephemeral: return { kind: 'ephemeral', sequential: false, ttl: false };
    case CreateFlag.PersistentSequential: return { kind: 'persistent', sequential: true, ttl: false };
    case CreateFlag.EphemeralSequential: return { kind: 'ephemeral', sequential: true, ttl: false };
    case CreateFlag.Container: return { kind: 'container', sequential: false, ttl: false };
    case CreateFlag.PersistentWithTtl: return { kind: 'ttl', sequential: false, ttl: true };
    case CreateFlag.PersistentSequentialWithTtl: return { kind: 'ttl', sequential: true, ttl: true };
    default: throw new OpFailure(ErrorCode.BadArguments);
  }
}

/** `checkAndIncVersion`: -1 matches any version; the result is the next version. */
function checkVersion(current: number, expected: number): number {
  if (expected !== -1 && expected !== current) throw new OpFailure(ErrorCode.BadVersion);
  return (current + 1) | 0;
}
