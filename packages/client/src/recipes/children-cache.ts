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
import type { PersistentWatch } from '../persistent-watch';
import { KeeperError } from '../keeper-error';
import type { ZooKeeperClient } from '../zookeeper-client';
import { readNode, type NodeSnapshot } from './node-cache';
import { SnapshotTable } from './snapshot-table';

export type ChildEvent =
  | { readonly type: 'added' | 'updated'; readonly name: string; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly name: string };

const MULTI_READ_BATCH = 100;

export class ChildrenCache {
  private readonly table = new SnapshotTable<string>();
  private watch: PersistentWatch | undefined;
  private offState: () => void = () => {};
  private readonly listeners = new Set<(event: ChildEvent) => void>();

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
  ) {}

  /** Starts following; resolves after the first full read. */
  async start(): Promise<void> {
    this.watch = await this.client.addWatch(this.path, 'persistentRecursive', {
      listener: (event) => {
        if (event.type === 'None') return;
        if (event.path === this.path) void this.resync();
        else if (parentOf(event.path) === this.path) void this.refreshChild(event.path.slice(this.path.length === 1 ? 1 : this.path.length + 1));
      },
    });
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Reconnected' || state === 'ReadOnly') void this.resync();
    });
    await this.resync();
  }

  /** The cached children, by name. */
  get children(): ReadonlyMap<string, NodeSnapshot> {
    return this.table.nodes;
  }

  onEvent(listener: (event: ChildEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.offState();
    this.watch?.close();
    this.listeners.clear();
  }

  private async resync(): Promise<void> {
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

  private async refreshChild(name: string): Promise<void> {
    const seq = this.table.nextSeq();
    this.table.readStarted();
    try {
      this.apply(name, seq, await readNode(this.client, joinPath(this.path, name)));
    } catch (error) {
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.table.readFinished();
    }
  }

  /** Applies what a read found and tells the listeners of any change. */
  private apply(name: string, seq: number, node: NodeSnapshot | null): void {
    const change = this.table.apply(name, seq, node);
    if (!change) return;
    const event: ChildEvent = change.type === 'removed' ? { type: 'removed', name } : { type: change.type, name, node: change.node };
    for (const listener of [...this.listeners]) listener(event);
  }
}
