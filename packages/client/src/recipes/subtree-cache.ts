/**
 * What the children and tree caches share: one persistent recursive watch on the root, a full
 * re-read at start and on `Reconnected` (persistent watches miss what changed while
 * disconnected), a sequenced snapshot table, and listeners told of each change once.
 */
import { KeeperError } from '../keeper-error';
import type { PersistentWatch } from '../persistent-watch';
import type { WatchedEvent } from '../watched-event';
import type { ZooKeeperClient } from '../zookeeper-client';
import { readNode, type NodeSnapshot } from './node-cache';
import { SnapshotTable, type SnapshotChange } from './snapshot-table';

export abstract class SubtreeCache<Event> {
  protected readonly table = new SnapshotTable<string>();
  private watch: PersistentWatch | undefined;
  private offState: () => void = () => {};
  private readonly listeners = new Set<(event: Event) => void>();

  constructor(
    protected readonly client: ZooKeeperClient,
    /** The root followed. */
    readonly path: string,
  ) {}

  /** Starts following; resolves after the first full read. */
  async start(): Promise<void> {
    this.watch = await this.client.addWatch(this.path, 'persistentRecursive', { listener: (event) => this.onWatchEvent(event) });
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Reconnected' || state === 'ReadOnly') void this.resync();
    });
    await this.resync();
  }

  onEvent(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.offState();
    this.watch?.close();
    this.listeners.clear();
  }

  /** Reacts to a change under the root. */
  protected abstract onWatchEvent(event: WatchedEvent): void;

  /** Reads everything cached again and drops what is gone. */
  protected abstract resync(): Promise<void>;

  /** The listeners' event for a change of the entry `key`. */
  protected abstract toEvent(change: SnapshotChange<string>): Event;

  /** Reads the node at `path` again into the entry `key`; offline, the next resync catches up. */
  protected async reread(key: string, path: string): Promise<void> {
    const seq = this.table.nextSeq();
    this.table.readStarted();
    try {
      this.apply(key, seq, await readNode(this.client, path));
    } catch (error) {
      if (!(error instanceof KeeperError)) throw error;
    } finally {
      this.table.readFinished();
    }
  }

  /** Applies what a read issued under `seq` found and tells the listeners of any change. */
  protected apply(key: string, seq: number, node: NodeSnapshot | null): void {
    const change = this.table.apply(key, seq, node);
    if (!change) return;
    const event = this.toEvent(change);
    for (const listener of [...this.listeners]) listener(event);
  }
}
