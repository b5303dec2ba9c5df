/**
 * A local copy of a node's children and their data that follows every change (Curator's
 * PathChildrenCache, built on a persistent recursive watch on the parent).
 *
 * Guarantees:
 * - Eventually equal to the server's children while connected; the last read issued for a
 *   child wins, so out-of-order completions never leave it stale.
 * - Consistent through reconnects: a full re-read (one multiRead round trip per 100 children)
 *   runs on `Reconnected`, since persistent watches miss what changed while disconnected.
 * - Listeners get `added` / `updated` / `removed` events, each change of the cache once.
 * - Grandchildren are not cached; their events still travel (the watch is recursive).
 */
import { joinPath, parentOf } from '../paths';
import { KeeperError } from '../keeper-error';
import type { WatchedEvent } from '../watched-event';
import type { NodeSnapshot } from './node-cache';
import type { SnapshotChange } from './snapshot-table';
import { SubtreeCache } from './subtree-cache';

export type ChildEvent =
  | { readonly type: 'added' | 'updated'; readonly name: string; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly name: string };

const MULTI_READ_BATCH = 100;

export class ChildrenCache extends SubtreeCache<ChildEvent> {
  /** The cached children, by name. */
  get children(): ReadonlyMap<string, NodeSnapshot> {
    return this.table.nodes;
  }

  protected override async resync(): Promise<void> {
    this.table.readStarted();
    try {
      const listSeq = this.table.nextSeq();
      let names: string[];
      try {
        names = (await this.client.getChildren(this.path)).children;
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
        names = [];
      }
      for (const name of [...this.table.nodes.keys()]) if (!names.includes(name)) this.apply(name, listSeq, null);
      for (let i = 0; i < names.length; i += MULTI_READ_BATCH) {
        const batch = names.slice(i, i + MULTI_READ_BATCH);
        const readSeq = this.table.nextSeq();
        const results = await this.client.multiRead(batch.map((name) => ({ type: 'getData' as const, path: joinPath(this.path, name) })));
        results.forEach((result, j) => this.apply(batch[j]!, readSeq, result.ok ? result.value : null));
      }
    } catch (error) {
      // Offline: the resync on Reconnected catches up.
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.table.readFinished();
    }
  }

  protected override onWatchEvent(event: WatchedEvent): void {
    if (event.type === 'None') return;
    if (event.path === this.path) void this.resync();
    else if (parentOf(event.path) === this.path) {
      const name = event.path.slice(this.path.length === 1 ? 1 : this.path.length + 1);
      void this.reread(name, event.path);
    }
  }

  protected override toEvent(change: SnapshotChange<string>): ChildEvent {
    return change.type === 'removed' ? { type: 'removed', name: change.key } : { type: change.type, name: change.key, node: change.node };
  }
}
