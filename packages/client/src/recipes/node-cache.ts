/**
 * A local copy of one node's data that follows every change (Curator's NodeCache, built on a
 * persistent watch).
 *
 * Guarantees:
 * - Eventually equal to the server's node while connected: every change triggers a re-read,
 *   and the last read issued wins, so out-of-order completions never leave it stale.
 * - Consistent through reconnects: persistent watches miss changes made while disconnected
 *   (ZooKeeper replays nothing for them), so the cache re-reads on `Reconnected`.
 * - Listeners see each distinct version once, in order; intermediate versions may be skipped
 *   when changes come faster than reads.
 */
import type { Stat } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import type { PersistentWatch } from '../persistent-watch';
import type { ZooKeeperClient } from '../zookeeper-client';

export interface NodeSnapshot {
  readonly data: Uint8Array | null;
  readonly stat: Stat;
}

export function sameSnapshot(a: NodeSnapshot | null, b: NodeSnapshot | null): boolean {
  if (a === null || b === null) return a === b;
  return a.stat.mzxid === b.stat.mzxid && a.stat.czxid === b.stat.czxid && a.stat.version === b.stat.version;
}

/** Reads a node, null when it does not exist. */
export async function readNode(client: ZooKeeperClient, path: string): Promise<NodeSnapshot | null> {
  try {
    return await client.getData(path);
  } catch (error) {
    if (KeeperError.is(error, 'NoNode')) return null;
    throw error;
  }
}

export class NodeCache {
  private snapshot: NodeSnapshot | null = null;
  private watch: PersistentWatch | undefined;
  private offState: () => void = () => {};
  private issued = 0;
  private applied = 0;
  private readonly listeners = new Set<(node: NodeSnapshot | null) => void>();

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
  ) {}

  /** Starts following the node; resolves after the first read. */
  async start(): Promise<void> {
    this.watch = await this.client.addWatch(this.path, 'persistent', {
      listener: (event) => {
        if (event.type === 'NodeCreated' || event.type === 'NodeDeleted' || event.type === 'NodeDataChanged') void this.refresh();
      },
    });
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Reconnected' || state === 'ReadOnly') void this.refresh();
    });
    await this.refresh();
  }

  /** The node as last read, or null if it does not exist. */
  get node(): NodeSnapshot | null {
    return this.snapshot;
  }

  onChange(listener: (node: NodeSnapshot | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.offState();
    this.watch?.close();
    this.listeners.clear();
  }

  private async refresh(): Promise<void> {
    const seq = ++this.issued;
    let next: NodeSnapshot | null;
    try {
      next = await readNode(this.client, this.path);
    } catch (error) {
      // Offline or ended: the refresh on Reconnected catches up.
      if (error instanceof KeeperError) return;
      throw error;
    }
    if (seq < this.applied) return;
    this.applied = seq;
    if (sameSnapshot(this.snapshot, next)) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener(next);
  }
}
