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
import { joinPath } from '../paths';
import type { NodeData } from '../data';
import type { ZooKeeperClient } from '../zookeeper-client';
import { listItems, peekFirst, takeFirst, takeWaiting, type ItemOrder } from './queue-items';
import { bySequence, createWithParents, deadlineOf } from './recipe-support';

const ITEM_PREFIX = 'qn-';
const fifo: ItemOrder = (children) => bySequence(children.filter((c) => c.startsWith(ITEM_PREFIX)));

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
    return peekFirst(this.client, this.path, await listItems(this.client, this.path, fifo));
  }

  /** Removes and returns the head item, or null when empty. */
  async poll(): Promise<Uint8Array | null> {
    return takeFirst(this.client, this.path, await listItems(this.client, this.path, fifo));
  }

  /** Removes and returns the head item, waiting for one; null if `timeoutMs` passes first. */
  async take(timeoutMs?: number): Promise<Uint8Array | null> {
    return takeWaiting(this.client, this.path, fifo, deadlineOf(this.client, timeoutMs));
  }
}
