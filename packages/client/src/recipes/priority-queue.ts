/**
 * A distributed priority queue (after Curator's DistributedPriorityQueue): an item's node name
 * carries its priority before the sequence counter (`qp-<priority>-NNNNNNNNNN`), so consumers
 * take the lowest priority number first and, among equals, the oldest.
 *
 * Guarantees:
 * - Priority order: every take removes the item that was first in (priority, creation) order
 *   among those it listed, so one consumer's items come out in non-decreasing priority as long
 *   as nothing of a lower number is added meanwhile; FIFO within a priority.
 * - At most once: an item goes to the one consumer whose delete succeeds (as
 *   {@link DistributedQueue}, no acknowledgement step).
 * - `offer` is not retried on ConnectionLoss: the item may or may not have been enqueued.
 */
import type { NodeData } from '../data';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { listItems, peekFirst, takeFirst, takeWaiting, type ItemOrder } from './queue-items';
import { createWithParents, deadlineOf, sequenceOf } from './recipe-support';

const PREFIX = 'qp-';
const MIN_PRIORITY = -(2 ** 31);
const MAX_PRIORITY = 2 ** 31 - 1;
/** int32 priorities shifted to unsigned and zero-padded, so names sort as numbers. */
const PRIORITY_DIGITS = 10;

function priorityName(priority: number): string {
  return `${PREFIX}${String(priority - MIN_PRIORITY).padStart(PRIORITY_DIGITS, '0')}-`;
}

function priorityOf(name: string): number {
  return Number(name.slice(PREFIX.length, PREFIX.length + PRIORITY_DIGITS)) + MIN_PRIORITY;
}

const byPriority: ItemOrder = (children) =>
  children
    .filter((c) => c.startsWith(PREFIX))
    .sort((a, b) => priorityOf(a) - priorityOf(b) || sequenceOf(a) - sequenceOf(b));

export class PriorityQueue {
  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
  ) {}

  /** Enqueues `data` with `priority` (an int32; lower comes out first); returns the item's path. */
  async offer(data: NodeData, priority: number): Promise<string> {
    if (!Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new RangeError(`priority must be a 32-bit integer, got ${priority}`);
    }
    return createWithParents(this.client, joinPath(this.path, priorityName(priority)), data, { mode: 'persistentSequential' });
  }

  /** The first item's data without removing it, or null when empty. */
  async peek(): Promise<Uint8Array | null> {
    return peekFirst(this.client, this.path, await listItems(this.client, this.path, byPriority));
  }

  /** Removes and returns the first item, or null when empty. */
  async poll(): Promise<Uint8Array | null> {
    return takeFirst(this.client, this.path, await listItems(this.client, this.path, byPriority));
  }

  /** Removes and returns the first item, waiting for one; null if `timeoutMs` passes first. */
  async take(timeoutMs?: number): Promise<Uint8Array | null> {
    return takeWaiting(this.client, this.path, byPriority, deadlineOf(this.client, timeoutMs));
  }
}
