/**
 * The state prep validates against: the applied tree overlaid with every change prepared but
 * not yet applied (ZooKeeper's outstandingChanges). Without it, two pipelined creates of one
 * path would both pass validation.
 */
import type { ACL } from '@paddock/protocol';
import type { DataTree } from '../tree/data-tree';
import { invariant } from '../util/assert';

/** What prep needs to know about a node. */
export interface NodeState {
  readonly version: number;
  /** The internal create counter (the sequential-name source). */
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
  readonly numChildren: number;
  readonly acl: readonly ACL[];
}

interface Change {
  readonly zxid: number;
  readonly state: NodeState | null;
}

export class PendingChanges {
  private readonly byPath = new Map<string, Change>();
  /** (zxid, path) in the order recorded, so applied entries are dropped without a scan. */
  private readonly order: Array<{ zxid: number; path: string }> = [];

  constructor(private readonly tree: DataTree) {}

  /** The node as it will be once everything prepared so far is applied; null if it won't exist. */
  lookup(path: string): NodeState | null {
    const change = this.byPath.get(path);
    if (change) return change.state;
    const node = this.tree.get(path);
    if (!node) return null;
    return {
      version: node.version,
      cversion: node.cversion,
      aversion: node.aversion,
      ephemeralOwner: node.ephemeralOwner,
      numChildren: node.children?.size ?? 0,
      acl: this.tree.aclOf(node),
    };
  }

  /** Paths with a pending change and the state they will have. */
  *changedPaths(): IterableIterator<[string, NodeState | null]> {
    for (const [path, change] of this.byPath) yield [path, change.state];
  }

  record(zxid: number, path: string, state: NodeState | null): void {
    const last = this.order[this.order.length - 1];
    invariant(!last || last.zxid <= zxid, () => `pending change ${zxid} recorded after ${last!.zxid}`);
    this.byPath.set(path, { zxid, state });
    this.order.push({ zxid, path });
  }

  /** Forgets the changes of every txn up to `zxid`: the tree now shows them. */
  appliedThrough(zxid: number): void {
    let i = 0;
    while (i < this.order.length && this.order[i]!.zxid <= zxid) {
      const { path, zxid: z } = this.order[i]!;
      if (this.byPath.get(path)?.zxid === z) this.byPath.delete(path);
      i++;
    }
    if (i > 0) this.order.splice(0, i);
  }

  get size(): number {
    return this.byPath.size;
  }
}

/** A scratch layer over the pending changes: a multi's ops see each other, and a failure leaves no trace. */
export class PrepView {
  private readonly overlay = new Map<string, NodeState | null>();

  constructor(private readonly pending: PendingChanges) {}

  lookup(path: string): NodeState | null {
    return this.overlay.has(path) ? this.overlay.get(path)! : this.pending.lookup(path);
  }

  set(path: string, state: NodeState | null): void {
    this.overlay.set(path, state);
  }

  /** Makes this view's changes pending under `zxid`. */
  commit(zxid: number): void {
    for (const [path, state] of this.overlay) this.pending.record(zxid, path, state);
  }
}
