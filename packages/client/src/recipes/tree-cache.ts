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
import type { PersistentWatch } from '../persistent-watch';
import type { ZooKeeperClient } from '../zookeeper-client';
import { readNode, sameSnapshot, type NodeSnapshot } from './node-cache';

export type TreeEvent =
  | { readonly type: 'added' | 'updated'; readonly path: string; readonly node: NodeSnapshot }
  | { readonly type: 'removed'; readonly path: string };

/** Nodes read per multiRead during a full re-read (two ops each). */
const RESYNC_BATCH = 50;

export class TreeCache {
  private readonly entries = new Map<string, NodeSnapshot>();
  /** The issue number of the last read applied per path. */
  private readonly appliedSeq = new Map<string, number>();
  private issued = 0;
  /** Reads issued and not yet applied; when none are, no stale result can still arrive. */
  private inFlight = 0;
  private watch: PersistentWatch | undefined;
  private offState: () => void = () => {};
  private readonly listeners = new Set<(event: TreeEvent) => void>();

  constructor(
    private readonly client: ZooKeeperClient,
    /** The subtree's root. */
    readonly path: string,
  ) {}

  /** Starts following; resolves after the first full read. */
  async start(): Promise<void> {
    this.watch = await this.client.addWatch(this.path, 'persistentRecursive', {
      listener: (event) => {
        if (event.type === 'NodeDeleted') this.apply(event.path, ++this.issued, null);
        else if (event.type === 'NodeCreated' || event.type === 'NodeDataChanged') void this.refresh(event.path);
      },
    });
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Reconnected' || state === 'ReadOnly') void this.resync();
    });
    await this.resync();
  }

  /** Every cached node, by path. */
  get nodes(): ReadonlyMap<string, NodeSnapshot> {
    return this.entries;
  }

  /** The cached node at `path`, or undefined. */
  get(path: string): NodeSnapshot | undefined {
    return this.entries.get(path);
  }

  /** The cached children's names of `path`, sorted. */
  childrenOf(path: string): string[] {
    const names: string[] = [];
    for (const p of this.entries.keys()) if (p !== path && parentOf(p) === path) names.push(p.slice(path === '/' ? 1 : path.length + 1));
    return names.sort();
  }

  onEvent(listener: (event: TreeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.offState();
    this.watch?.close();
    this.listeners.clear();
  }

  private async refresh(path: string): Promise<void> {
    const seq = ++this.issued;
    this.inFlight += 1;
    try {
      this.apply(path, seq, await readNode(this.client, path));
    } catch (error) {
      // Offline: the re-read on Reconnected catches up.
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.settled();
    }
  }

  /** Reads the whole subtree again, breadth first, and drops what it no longer finds. */
  private async resync(): Promise<void> {
    this.inFlight += 1;
    const startSeq = ++this.issued;
    const found = new Set<string>();
    try {
      let level = [this.path];
      while (level.length > 0) {
        const next: string[] = [];
        for (let i = 0; i < level.length; i += RESYNC_BATCH) {
          const batch = level.slice(i, i + RESYNC_BATCH);
          const seq = ++this.issued;
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
      for (const p of [...this.entries.keys()]) if (!found.has(p)) this.apply(p, startSeq, null);
    } catch (error) {
      // Offline: the re-read on Reconnected catches up.
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.settled();
    }
  }

  /** Forgets the read numbers of removed paths once nothing older can arrive. */
  private settled(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    for (const p of [...this.appliedSeq.keys()]) if (!this.entries.has(p)) this.appliedSeq.delete(p);
  }

  private apply(path: string, seq: number, node: NodeSnapshot | null): void {
    if (seq < (this.appliedSeq.get(path) ?? 0)) return;
    this.appliedSeq.set(path, seq);
    const before = this.entries.get(path) ?? null;
    if (sameSnapshot(before, node)) return;
    let event: TreeEvent;
    if (node === null) {
      this.entries.delete(path);
      event = { type: 'removed', path };
    } else {
      this.entries.set(path, node);
      event = { type: before === null ? 'added' : 'updated', path, node };
    }
    for (const listener of [...this.listeners]) listener(event);
  }
}
