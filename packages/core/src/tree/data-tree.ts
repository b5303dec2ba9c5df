/**
 * The znode tree. It changes only by applying txns in zxid order, so every replica that
 * applies the same log holds the same tree (and the same digest).
 */
import { EventType, Perms, type ACL, type EventTypeValue, type Stat } from '@paddock/protocol';
import { AclCache } from '../acl/acl-cache';
import { NO_PLANTED_BUGS, type PlantedBug } from '../planted-bugs';
import type { Txn, TxnEntry } from '../txn/txn';
import { invariant } from '../util/assert';
import { ChildNames } from './child-names';
import { nodeHash } from './digest';
import { childPath, nameOf, parentOf } from './path';
import { toStat } from './stat';
import { nodeKind, type ZNode } from './znode';

/** A watch to fire: `type` happened at `path`. */
export interface WatchTrigger {
  readonly path: string;
  readonly type: EventTypeValue;
}

/** What one (sub-)txn did, for the reply. */
export interface OpOutcome {
  readonly err: number;
  /** The created node's path (create). */
  readonly path?: string;
  /** The node's Stat right after this op (create, setData, setACL). */
  readonly stat?: Stat;
}

export interface ApplyOutcome {
  /** One entry per op: a single one, or one per sub-txn of a multi. */
  readonly outcomes: readonly OpOutcome[];
  readonly triggers: readonly WatchTrigger[];
}

const OPEN_ACL: readonly ACL[] = [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];
const READ_ACL: readonly ACL[] = [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }];

export const ZOOKEEPER_PATH = '/zookeeper';
export const QUOTA_PATH = '/zookeeper/quota';
export const CONFIG_PATH = '/zookeeper/config';

/** Paths that exist from the start and can never be deleted. */
export const SYSTEM_PATHS: ReadonlySet<string> = new Set(['/', ZOOKEEPER_PATH, QUOTA_PATH, CONFIG_PATH]);

export class DataTree {
  readonly acls = new AclCache();
  private readonly nodes = new Map<string, ZNode>();
  /** Session id → paths of its ephemerals. */
  private readonly ephemeralsBySession = new Map<bigint, Set<string>>();
  /** Container and TTL nodes: the candidates of cleanup. */
  private readonly cleanupCandidates = new Set<string>();
  private digestValue = 0;
  /** Loading a snapshot: the digest is computed at the end (see beginRestore). */
  private restoring = false;
  /** Loading a snapshot: the parent of the last node restored, by its path ('' for the root). */
  private restoreParent: { readonly prefix: string; readonly node: ZNode } | null = null;
  private dataBytes = 0;
  /**
   * While a snapshot is being serialized: the record each node had at the snapshot's zxid, kept
   * on its first change after it (copy-on-write; child sets are shared, see ChildNames.fork).
   * Null when no snapshot is in progress.
   */
  private frozen: Map<string, ZNode> | null = null;
  /** Child sets forked by {@link writable} while frozen, folded back in by {@link releaseFrozen}. */
  private forked: ChildNames[] = [];
  /** The zxid of the last txn applied. */
  lastZxid = 0;

  constructor() {
    // System nodes hold empty data, not null: ZooKeeper answers getData on them with 0 bytes.
    this.insert('/', this.freshNode(new Uint8Array(0), OPEN_ACL, 0, 0, 0n));
    this.addSystemChild('/', ZOOKEEPER_PATH, OPEN_ACL);
    this.addSystemChild(ZOOKEEPER_PATH, QUOTA_PATH, OPEN_ACL);
    const config = this.addSystemChild(ZOOKEEPER_PATH, CONFIG_PATH, READ_ACL);
    this.rehash(CONFIG_PATH, config, () => {
      config.aversion = -1;
    });
  }

  /**
   * Sets the data of /zookeeper/config outside any txn, as a ZooKeeper quorum peer does at
   * start (its version stays -1, its zxids 0). Every member sets the same bytes, so digests
   * still agree; the mtime stays 0 for the same reason (ZooKeeper stamps each member's start).
   */
  setConfigData(data: Uint8Array): void {
    const node = this.writable(CONFIG_PATH, 'setConfigData');
    this.rehash(CONFIG_PATH, node, () => {
      this.dataBytes += data.length - (node.data?.length ?? 0);
      node.data = data;
      node.version = -1;
    });
  }

  get(path: string): ZNode | undefined {
    return this.nodes.get(path);
  }

  aclOf(node: ZNode): readonly ACL[] {
    return this.acls.get(node.acl);
  }

  /** Number of znodes, including the system ones. */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** Bytes of path names and data held (ZooKeeper's approximate_data_size). */
  get approximateDataSize(): number {
    return this.dataBytes;
  }

  /** An order-independent hash of every node's path, data and Stat. */
  get digest(): number {
    return this.digestValue;
  }

  /** Paths of the ephemerals a session owns, in creation order. */
  ephemeralsOf(sessionId: bigint): readonly string[] {
    return [...(this.ephemeralsBySession.get(sessionId) ?? [])];
  }

  /** Sessions that own ephemerals, with their counts. */
  ephemeralOwners(): Array<[bigint, readonly string[]]> {
    return [...this.ephemeralsBySession.entries()].map(([sid, paths]) => [sid, [...paths]]);
  }

  get ephemeralCount(): number {
    let n = 0;
    for (const paths of this.ephemeralsBySession.values()) n += paths.size;
    return n;
  }

  /** Container and TTL nodes, in creation order. */
  cleanupCandidatePaths(): readonly string[] {
    return [...this.cleanupCandidates];
  }

  /** Every path, parents before children (for snapshots and checkers). */
  *paths(): IterableIterator<string> {
    const stack = ['/'];
    while (stack.length > 0) {
      const path = stack.pop()!;
      yield path;
      const children = this.nodes.get(path)?.children;
      if (children) {
        const names = [...children];
        for (let i = names.length - 1; i >= 0; i--) stack.push(childPath(path, names[i]!));
      }
    }
  }

  /**
   * Freezes the tree as it is now for a snapshot serialized across later turns while txns keep
   * applying: from here on, a node's first change (or deletion) keeps its current record aside,
   * and a changed node gets a copy whose child set is a fork (ChildNames.fork: no copy of the
   * names, whatever their number), so the records and child sets reachable
   * through {@link frozenNode} never change. Ends with {@link releaseFrozen}.
   */
  freeze(): void {
    invariant(this.frozen === null, 'a snapshot is already frozen');
    this.frozen = new Map();
  }

  /** The record `path` had when {@link freeze} was called; only for paths that existed then. */
  frozenNode(path: string): ZNode | undefined {
    return this.frozen?.get(path) ?? this.nodes.get(path);
  }

  /** Ends a {@link freeze}: the kept records are dropped. */
  releaseFrozen(): void {
    this.frozen = null;
    for (const children of this.forked) children.compact();
    this.forked = [];
  }

  /** Number of nodes below `path` (getAllChildrenNumber). Iterative: trees may be deep. */
  descendantCount(path: string): number {
    let count = 0;
    const stack = [path];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const children = this.nodes.get(p)?.children;
      if (!children) continue;
      for (const name of children) {
        count++;
        stack.push(childPath(p, name));
      }
    }
    return count;
  }

  /**
   * Applies one logged txn. Session bookkeeping (create/close) is the caller's; this deletes
   * ephemerals (unless the simulator planted `ephemerals-kept-on-expiry`).
   */
  apply(entry: TxnEntry, plantedBugs: ReadonlySet<PlantedBug> = NO_PLANTED_BUGS): ApplyOutcome {
    const { header, txn } = entry;
    invariant(header.zxid > this.lastZxid, () => `txn zxid ${header.zxid} not after last applied ${this.lastZxid}`);
    const triggers: WatchTrigger[] = [];
    const outcomes: OpOutcome[] = [];
    if (txn.type === 'multi') {
      for (const sub of txn.txns) outcomes.push(this.applyOne(sub, entry, triggers, plantedBugs));
    } else {
      outcomes.push(this.applyOne(txn, entry, triggers, plantedBugs));
    }
    this.lastZxid = header.zxid;
    return { outcomes, triggers };
  }

  /**
   * Starts loading a snapshot: node digests are summed once in {@link endRestore} rather than
   * updated on every insert (each restored child would otherwise re-hash its parent).
   */
  beginRestore(): void {
    this.restoring = true;
  }

  /** Ends a snapshot load and computes the digest of the whole tree. */
  endRestore(): void {
    this.restoring = false;
    this.restoreParent = null;
    let digest = 0;
    for (const [path, node] of this.nodes) digest = (digest + nodeHash(path, node)) >>> 0;
    this.digestValue = digest;
  }

  /** Installs a node read from a snapshot, between begin- and endRestore; parents come first. */
  restoreNode(path: string, node: ZNode): void {
    invariant(this.restoring, 'restoreNode outside beginRestore/endRestore');
    invariant(this.frozen === null, 'restoreNode while a snapshot is frozen');
    if (SYSTEM_PATHS.has(path)) {
      const existing = this.nodes.get(path)!;
      this.rehash(path, existing, () => {
        this.acls.release(existing.acl);
        Object.assign(existing, { ...node, children: existing.children });
      });
      return;
    }
    // Siblings come one after another: the last parent found is usually the next one's too.
    const slash = path.lastIndexOf('/');
    let cached = this.restoreParent;
    if (cached === null || slash !== cached.prefix.length || !path.startsWith(cached.prefix)) {
      const prefix = path.slice(0, slash);
      const found = this.nodes.get(prefix === '' ? '/' : prefix);
      invariant(found !== undefined, () => `snapshot node ${path} has no parent`);
      cached = this.restoreParent = { prefix, node: found };
    }
    // No rehash: the digest is summed once in endRestore. A name already there is a duplicate.
    const count = this.nodes.size;
    (cached.node.children ??= new ChildNames()).add(path.slice(slash + 1));
    this.insert(path, node);
    invariant(this.nodes.size === count + 1, () => `snapshot holds ${path} twice`);
  }

  private applyOne(txn: Txn, entry: TxnEntry, triggers: WatchTrigger[], plantedBugs: ReadonlySet<PlantedBug>): OpOutcome {
    const { zxid, time } = entry.header;
    switch (txn.type) {
      case 'create': {
        const parentPath = parentOf(txn.path);
        invariant(!this.nodes.has(txn.path), () => `create ${txn.path}: exists`);
        const parent = this.writable(parentPath, 'create');
        const node = this.freshNode(txn.data, txn.acl, zxid, time, txn.ephemeralOwner);
        this.rehash(parentPath, parent, () => {
          (parent.children ??= new ChildNames()).add(nameOf(txn.path));
          parent.cversion = txn.parentCVersion;
          if (zxid > parent.pzxid) parent.pzxid = zxid;
        });
        this.insert(txn.path, node);
        triggers.push({ path: txn.path, type: EventType.NodeCreated }, { path: parentPath, type: EventType.NodeChildrenChanged });
        return { err: 0, path: txn.path, stat: toStat(node) };
      }
      case 'delete': {
        this.deleteNode(txn.path, zxid, triggers);
        return { err: 0 };
      }
      case 'setData': {
        const node = this.writable(txn.path, 'setData');
        this.rehash(txn.path, node, () => {
          this.dataBytes += (txn.data?.length ?? 0) - (node.data?.length ?? 0);
          node.data = txn.data;
          node.version = txn.version;
          node.mzxid = zxid;
          node.mtime = time;
        });
        triggers.push({ path: txn.path, type: EventType.NodeDataChanged });
        return { err: 0, stat: toStat(node) };
      }
      case 'setACL': {
        const node = this.writable(txn.path, 'setACL');
        this.rehash(txn.path, node, () => {
          const ref = this.acls.acquire(txn.acl);
          this.acls.release(node.acl);
          node.acl = ref;
          node.aversion = txn.version;
        });
        return { err: 0, stat: toStat(node) };
      }
      case 'check':
      case 'createSession':
        return { err: 0 };
      case 'closeSession': {
        const sessionId = entry.header.sessionId;
        if (plantedBugs.has('ephemerals-kept-on-expiry')) return { err: 0 };
        for (const path of this.ephemeralsOf(sessionId)) this.deleteNode(path, zxid, triggers);
        return { err: 0 };
      }
      case 'error':
        return { err: txn.err };
      case 'multi':
        throw new Error('a multi txn cannot nest another multi');
    }
  }

  private deleteNode(path: string, zxid: number, triggers: WatchTrigger[]): void {
    const node = this.nodes.get(path);
    invariant(node !== undefined, () => `delete ${path}: no node`);
    invariant(!SYSTEM_PATHS.has(path), () => `delete of system node ${path}`);
    invariant((node.children?.size ?? 0) === 0, () => `delete ${path}: has children`);
    const parentPath = parentOf(path);
    this.keepFrozen(path, node);
    const parent = this.writable(parentPath, 'delete');
    this.remove(path, node);
    this.rehash(parentPath, parent, () => {
      parent.children!.delete(nameOf(path));
      if (zxid > parent.pzxid) parent.pzxid = zxid;
    });
    triggers.push({ path, type: EventType.NodeDeleted }, { path: parentPath, type: EventType.NodeChildrenChanged });
  }

  /**
   * The live record of `path`, about to be changed by `op`. While a snapshot is frozen, the
   * first change after the freeze keeps the record for the snapshot and changes a copy.
   */
  private writable(path: string, op: string): ZNode {
    const node = this.nodes.get(path);
    invariant(node !== undefined, () => `${op} ${path}: no node`);
    if (this.frozen === null || this.frozen.has(path)) return node;
    this.frozen.set(path, node);
    const children = node.children && node.children.fork();
    if (children) this.forked.push(children);
    const copy: ZNode = { ...node, children };
    this.nodes.set(path, copy);
    return copy;
  }

  /** A node about to be deleted: its record stays readable by the frozen snapshot. */
  private keepFrozen(path: string, node: ZNode): void {
    if (this.frozen !== null && !this.frozen.has(path)) this.frozen.set(path, node);
  }

  private freshNode(data: Uint8Array | null, acl: readonly ACL[], zxid: number, time: number, owner: bigint): ZNode {
    return {
      data,
      acl: this.acls.acquire(acl),
      czxid: zxid,
      mzxid: zxid,
      pzxid: zxid,
      ctime: time,
      mtime: time,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: owner,
      children: null,
    };
  }

  private addSystemChild(parentPath: string, path: string, acl: readonly ACL[]): ZNode {
    const parent = this.nodes.get(parentPath)!;
    this.rehash(parentPath, parent, () => {
      (parent.children ??= new ChildNames()).add(nameOf(path));
    });
    const node = this.freshNode(new Uint8Array(0), acl, 0, 0, 0n);
    this.insert(path, node);
    return node;
  }

  private insert(path: string, node: ZNode): void {
    this.nodes.set(path, node);
    this.dataBytes += path.length + (node.data?.length ?? 0);
    if (!this.restoring) this.digestValue = (this.digestValue + nodeHash(path, node)) >>> 0;
    const kind = nodeKind(node.ephemeralOwner);
    if (kind === 'ephemeral') {
      let set = this.ephemeralsBySession.get(node.ephemeralOwner);
      if (!set) this.ephemeralsBySession.set(node.ephemeralOwner, (set = new Set()));
      set.add(path);
    } else if (kind === 'container' || kind === 'ttl') {
      this.cleanupCandidates.add(path);
    }
  }

  private remove(path: string, node: ZNode): void {
    this.nodes.delete(path);
    this.dataBytes -= path.length + (node.data?.length ?? 0);
    this.digestValue = (this.digestValue - nodeHash(path, node)) >>> 0;
    this.acls.release(node.acl);
    const owned = this.ephemeralsBySession.get(node.ephemeralOwner);
    if (owned) {
      owned.delete(path);
      if (owned.size === 0) this.ephemeralsBySession.delete(node.ephemeralOwner);
    }
    this.cleanupCandidates.delete(path);
  }

  /** Runs a mutation of an existing node while keeping the digest in step with it. */
  private rehash(path: string, node: ZNode, mutate: () => void): void {
    if (this.restoring) return mutate();
    this.digestValue = (this.digestValue - nodeHash(path, node)) >>> 0;
    mutate();
    this.digestValue = (this.digestValue + nodeHash(path, node)) >>> 0;
  }
}
