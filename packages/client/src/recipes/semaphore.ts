/**
 * A counting semaphore with leases, as Curator's InterProcessSemaphoreV2: at most `maxLeases`
 * holders at a time. Each lease is an ephemeral-sequential node under `path/leases`; acquirers
 * pass one at a time through a fair mutex (`path/locks`) and the one inside waits, watching the
 * lease directory, until the leases (its own included) number at most `maxLeases`.
 *
 * Guarantees, while the holders' sessions are live:
 * - Never more than `maxLeases` leases held at once (all acquirers must agree on `maxLeases`).
 * - Fairness: acquirers get leases in the order they reached the internal mutex.
 * - Only the acquirer at the head of the queue watches the leases: no herd effect.
 * - A holder that crashes frees its lease when its session expires (ephemeral); `lease.lost`
 *   says when a holder should stop relying on its lease, as for {@link Mutex}.
 */
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { createProtectedNode, deleteQuietly, leaseOf, type Lease } from './lock-node';
import { Mutex } from './mutex';
import { before, deadlineOf, sessionEnded } from './recipe-support';

export class Semaphore {
  private readonly leases: string;
  private readonly mutex: Mutex;

  constructor(
    private readonly client: ZooKeeperClient,
    /** The semaphore's directory; created on demand. */
    readonly path: string,
    readonly maxLeases: number,
  ) {
    if (!Number.isInteger(maxLeases) || maxLeases < 1) throw new RangeError(`maxLeases must be a positive integer, got ${maxLeases}`);
    this.leases = joinPath(path, 'leases');
    this.mutex = new Mutex(client, joinPath(path, 'locks'));
  }

  /** Waits for a lease. */
  async acquire(): Promise<Lease> {
    return (await this.tryAcquire())!;
  }

  /** Waits at most `timeoutMs` (forever if undefined); null when the time ran out. */
  async tryAcquire(timeoutMs?: number): Promise<Lease | null> {
    const deadline = deadlineOf(this.client, timeoutMs);
    const gate = await this.mutex.tryAcquire(timeoutMs);
    if (gate === null) return null;
    try {
      const ours = await createProtectedNode(this.client, this.leases, 'lease-');
      try {
        if (await this.waitForRoom(deadline)) return leaseOf(this.client, ours);
        await deleteQuietly(this.client, ours);
        return null;
      } catch (error) {
        await deleteQuietly(this.client, ours).catch(() => {});
        throw error;
      }
    } finally {
      await gate.release();
    }
  }

  /** The number of leases held now (and the one being waited for, if any). */
  async leaseCount(): Promise<number> {
    try {
      return (await this.client.getChildren(this.leases)).children.length;
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return 0;
      throw error;
    }
  }

  private async waitForRoom(deadline: number | undefined): Promise<boolean> {
    for (;;) {
      const { children, watch } = await this.client.getChildren(this.leases, { watch: true });
      if (children.length <= this.maxLeases) return true;
      const event = await before(this.client, watch, deadline);
      if (event === 'timeout') return false;
      if (event.type === 'None') throw sessionEnded(this.leases, event.state);
    }
  }
}
