/**
 * A distributed mutex: ZooKeeper's lock recipe, as Curator's InterProcessMutex runs it.
 *
 * Guarantees:
 * - Mutual exclusion: while their sessions are live, at most one holder at a time. A holder
 *   whose connection drops (`Disconnected`) may lose the lock if its session then expires;
 *   `lease.lost` resolves at the first such state so the holder can stop acting on it.
 * - Fairness: waiters acquire in the order their lock nodes were created (FIFO by sequence).
 * - No herd effect: each waiter watches only its predecessor.
 * - A holder that crashes releases the lock when its session expires (ephemeral node).
 * - Safe against ConnectionLoss during the create: lock nodes are "protected" (named with a
 *   random id) so a retried create finds the node its lost attempt made.
 * - No node left behind by a live session: `release()`, and an acquisition that fails, delete
 *   the lock node as soon as the server can be told (waiting out a disconnection), since a
 *   stale node would block everyone queued after it.
 * - Not reentrant: acquiring twice from the same Mutex queues behind yourself.
 */
import type { ZooKeeperClient } from '../zookeeper-client';
import { acquireLockNode, predecessor, type Lease } from './lock-node';
import { deadlineOf } from './recipe-support';

/** A held lock. */
export type MutexLease = Lease;

export class Mutex {
  constructor(
    private readonly client: ZooKeeperClient,
    /** The lock's directory; created on demand. */
    readonly path: string,
    private readonly name = 'lock-',
  ) {}

  /** Waits for the lock. */
  async acquire(): Promise<MutexLease> {
    const lease = await this.tryAcquire();
    return lease!;
  }

  /** Waits at most `timeoutMs` (forever if undefined); null when the time ran out. */
  async tryAcquire(timeoutMs?: number): Promise<MutexLease | null> {
    return acquireLockNode(this.client, this.path, this.name, predecessor, { deadlineMs: deadlineOf(this.client, timeoutMs) });
  }
}
