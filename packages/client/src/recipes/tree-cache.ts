/**
 * A local copy of a whole subtree — every node's data and Stat under (and including) the root —
 * that follows every change (Curator's TreeCache, built on one persistent recursive watch).
 *
 * Guarantees:
 * - Eventually equal to the server's subtree while connected: every created, changed or deleted
 *   node triggers a re-read (a delete is applied at once), and per path the last read issued
 *   wins, so out-of-order completions never leave an entry stale or resurrect a deleted node.
 * - Consistent through reconnects: a full re-read of the subtree (breadth first, one multiRead
 *   per 50 nodes) runs at start and on `Reconnected`, since ZooKeeper replays nothing for
 *   persistent watches; nodes it no longer finds are removed.
 * - Listeners get `added` / `updated` / `removed` for each change of the cache, once.
 * - The root may be missing: the cache is then empty, and fills when the root is created.
 */
import { KeeperError } from '../keeper-error';
import { joinPath, parentOf } from '../paths';
import type { WatchedEvent } from '../watched-event';
import type { NodeSnapshot } from './node-cache';
import type { SnapshotChange } from './snapshot-table';
import { SubtreeCache } from './subtree-cache';

export type TreeEvent =
  | { readonly type: 'added' | 'updated'; readonly path: string; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly path: string };

/** Nodes read per multiRead during a full re-read (two ops each). */
const RESYNC_BATCH = 50;

export class TreeCache extends SubtreeCache<TreeEvent> {
  /** Every cached node, by path. */
  get nodes(): ReadonlyMap<string, NodeSnapshot> {
    return this.table.nodes;
  }

  /** The cached node at `path`, or undefined. */
  get(path: string): NodeSnapshot | undefined {
    return this.table.nodes.get(path);
  }

  /** The cached children's names of `path`, sorted. */
  childrenOf(path: string): string[] {
    const names: string[] = [];
    for (const p of this.table.nodes.keys()) if (p !== path && parentOf(p) === path) names.push(p.slice(path === '/' ? 1 : path.length + 1));
    return names.sort();
  }

  /** Reads the whole subtree again, breadth first, and drops what it no longer finds. */
  protected override async resync(): Promise<void> {
    this.table.readStarted();
    const startSeq = this.table.nextSeq();
    const found = new Set<string>();
    try {
      let level = [this.path];
      while (level.length > 0) {
        const next: string[] = [];
        for (let i = 0; i < level.length; i += RESYNC_BATCH) {
          const batch = level.slice(i, i + RESYNC_BATCH);
          const seq = this.table.nextSeq();
          const results = await this.client.multiRead(batch.flatMap((p) => [{ type: 'getData' as const, path: p }, { type: 'getChildren' as const, path: p }]));
          batch.forEach((p, j) => {
            const data = results[2 * j]!;
            const children = results[2 * j + 1]!;
            if (data.ok && 'stat' in data.value) {
              found.add(p);
              this.apply(p, seq, data.value);
            } else {
              this.apply(p, seq, null);
            }
            if (children.ok && Array.isArray(children.value)) for (const c of children.value as readonly string[]) next.push(joinPath(p, c));
          });
        }
        level = next;
      }
      for (const p of [...this.table.nodes.keys()]) if (!found.has(p)) this.apply(p, startSeq, null);
    } catch (error) {
      // Offline: the re-read on Reconnected catches up.
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.table.readFinished();
    }
  }

  protected override onWatchEvent(event: WatchedEvent): void {
    if (event.type === 'NodeDeleted') this.apply(event.path, this.table.nextSeq(), null);
    else if (event.type === 'NodeCreated' || event.type === 'NodeDataChanged') void this.reread(event.path, event.path);
  }

  protected override toEvent(change: SnapshotChange<string>): TreeEvent {
    return change.type === 'removed' ? { type: 'removed', path: change.key } : { type: change.type, path: change.key, node: change.node };
  }
}
