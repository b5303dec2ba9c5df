/** A persistent (or persistent-recursive) watch, delivered to a listener or an async iterator. */
import { AsyncQueue } from './async-queue';
import type { WatchedEvent, WatchListener } from './watched-event';

export type AddWatchMode = 'persistent' | 'persistentRecursive';

/**
 * A watch that stays after it fires (ZooKeeper 3.6+ addWatch). `persistent` reports data and
 * child changes of its node; `persistentRecursive` reports creates, deletes and data changes
 * of the whole subtree (never NodeChildrenChanged). It survives reconnects; it ends when
 * closed, when removeWatches takes it (a final PersistentWatchRemoved event), or when the
 * session ends (a final event of type `None` whose `state` says why).
 *
 * Iterate it with `for await` unless a listener was given. Events are buffered up to a bound;
 * a consumer that falls further behind gets a RangeError.
 */
export class PersistentWatch implements AsyncIterable<WatchedEvent> {
  private closed = false;

  /** @internal Built by `ZooKeeperClient.addWatch`. */
  constructor(
    readonly path: string,
    readonly mode: AddWatchMode,
    private readonly queue: AsyncQueue<WatchedEvent> | undefined,
    private readonly stop: () => void,
  ) {}

  /** Stops the watch; the server drops it once no other watch of this client is at the path. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    this.queue?.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchedEvent> {
    if (this.queue === undefined) throw new TypeError('this watch delivers to its listener, it cannot be iterated');
    return this.queue;
  }
}

/** The listener that feeds a watch: its own listener, or its queue, which ends on a final event. */
export function persistentSink(listener: WatchListener | undefined, queue: AsyncQueue<WatchedEvent> | undefined): WatchListener {
  return (event) => {
    if (listener !== undefined) listener(event);
    if (queue === undefined) return;
    queue.push(event);
    if (event.type === 'None' || event.type === 'PersistentWatchRemoved') queue.end();
  };
}
