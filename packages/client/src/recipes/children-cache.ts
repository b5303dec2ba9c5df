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
import { readNode, sameSnapshot, type NodeSnapshot } from './node-cache';

export type ChildEvent =
  | { readonly type: 'added' | 'updated'; readonly name: string; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly name: string };

const MULTI_READ_BATCH = 100;

export class ChildrenCache {
  private readonly nodes = new Map<string, NodeSnapshot>();
  /** The issue number of the last read applied per child. */
  private readonly appliedSeq = new Map<string, number>();
  private issued = 0;
  /** Reads issued and not yet applied; when none are, no stale result can still arrive. */
  private inFlight = 0;
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
    return this.nodes;
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
    this.inFlight += 1;
    try {
      const listSeq = ++this.issued;
      let names: string[];
      try {
        names = (await this.client.getChildren(this.path)).children;
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
        names = [];
      }
      for (const name of [...this.nodes.keys()]) if (!names.includes(name)) this.apply(name, listSeq, null);
      for (let i = 0; i < names.length; i += MULTI_READ_BATCH) {
        const batch = names.slice(i, i + MULTI_READ_BATCH);
        const readSeq = ++this.issued;
        const results = await this.client.multiRead(batch.map((name) => ({ type: 'getData' as const, path: joinPath(this.path, name) })));
        results.forEach((result, j) => this.apply(batch[j]!, readSeq, result.ok ? result.value : null));
      }
    } catch (error) {
      // Offline: the resync on Reconnected catches up.
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.settled();
    }
  }

  private async refreshChild(name: string): Promise<void> {
    const seq = ++this.issued;
    this.inFlight += 1;
    try {
      this.apply(name, seq, await readNode(this.client, joinPath(this.path, name)));
    } catch (error) {
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.settled();
    }
  }

  /** Forgets the read numbers of removed children once nothing older can arrive. */
  private settled(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    for (const name of [...this.appliedSeq.keys()]) if (!this.nodes.has(name)) this.appliedSeq.delete(name);
  }

  private apply(name: string, seq: number, node: NodeSnapshot | null): void {
    if (seq < (this.appliedSeq.get(name) ?? 0)) return;
    this.appliedSeq.set(name, seq);
    const before = this.nodes.get(name) ?? null;
    if (sameSnapshot(before, node)) return;
    let event: ChildEvent;
    if (node === null) {
      this.nodes.delete(name);
      event = { type: 'removed', name };
    } else {
      this.nodes.set(name, node);
      event = { type: before === null ? 'added' : 'updated', name, node };
    }
    for (const listener of [...this.listeners]) listener(event);
  }
}
