/**
 * A distributed FIFO queue (ZooKeeper recipe; Curator's SimpleDistributedQueue): items are
 * persistent-sequential children; a consumer takes the lowest by deleting it.
 *
 * Guarantees:
 * - Order: items come out in the order the server created them (sequence numbers), across all
 *   producers; with one consumer that is strict FIFO, with several each sees increasing order.
 * - At most once: an item is handed to the one consumer whose delete succeeds. A consumer that
 *   crashes after taking an item loses it (there is no acknowledgement step).
 * - `offer` is not retried on ConnectionLoss: the item may or may not have been enqueued.
 */
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { NodeData } from '../data';
import type { ChildrenResult, Watched, ZooKeeperClient } from '../zookeeper-client';
import { before, bySequence, createWithParents, deadlineOf, sessionEnded } from './recipe-support';

const ITEM_PREFIX = 'qn-';

export class DistributedQueue {
  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
  ) {}

  /** Enqueues `data`; returns the item's node path. */
  async offer(data: NodeData): Promise<string> {
    return createWithParents(this.client, joinPath(this.path, ITEM_PREFIX), data, { mode: 'persistentSequential' });
  }

  /** The head item's data without removing it, or null when empty. */
  async peek(): Promise<Uint8Array | null> {
    for (const name of await this.items()) {
      try {
        return (await this.client.getData(joinPath(this.path, name))).data ?? new Uint8Array(0);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    }
    return null;
  }

  /** Removes and returns the head item, or null when empty. */
  async poll(): Promise<Uint8Array | null> {
    return this.takeFrom(await this.items());
  }

  /** Removes and returns the head item, waiting for one; null if `timeoutMs` passes first. */
  async take(timeoutMs?: number): Promise<Uint8Array | null> {
    const deadline = deadlineOf(timeoutMs);
    for (;;) {
      let listing: ChildrenResult & Watched;
      try {
        listing = await this.client.getChildren(this.path, { watch: true });
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
        await this.client.mkdirp(this.path);
        continue;
      }
      const item = await this.takeFrom(bySequence(listing.children.filter((c) => c.startsWith(ITEM_PREFIX))));
      if (item !== null) return item;
      const event = await before(listing.watch, deadline);
      if (event === 'timeout') return null;
      if (event.type === 'None') throw sessionEnded(this.path, event.state);
    }
  }

  private async items(): Promise<string[]> {
    try {
      return bySequence((await this.client.getChildren(this.path)).children.filter((c) => c.startsWith(ITEM_PREFIX)));
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return [];
      throw error;
    }
  }

  /** Tries the items in order; the first whose delete succeeds is ours. */
  private async takeFrom(names: readonly string[]): Promise<Uint8Array | null> {
    for (const name of names) {
      const path = joinPath(this.path, name);
      try {
        const { data, stat } = await this.client.getData(path);
        await this.client.delete(path, stat.version);
        return data ?? new Uint8Array(0);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    }
    return null;
  }
}
