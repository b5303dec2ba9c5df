/**
 * A barrier (ZooKeeper recipe; Curator's DistributedBarrier): while the barrier node exists,
 * `wait()` blocks; removing the node releases every waiter.
 *
 * Guarantees: a waiter returns only after it has seen the node absent; every waiter present
 * at the removal is released (each holds an exists-watch, re-registered across reconnects).
 */
import { KeeperError } from '../keeper-error';
import { parentOf } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { before, deadlineOf, sessionEnded } from './recipe-support';

export class Barrier {
  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
  ) {}

  /** Raises the barrier (idempotent). */
  async set(): Promise<void> {
    await this.client.mkdirp(parentOf(this.path));
    await this.client.createIfMissing(this.path);
  }

  /** Lowers the barrier, releasing every waiter (idempotent). */
  async remove(): Promise<void> {
    await this.client.retrying(async () => {
      try {
        await this.client.delete(this.path);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    });
  }

  /** Resolves true once the barrier is down, false if `timeoutMs` passes first. */
  async wait(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineOf(this.client, timeoutMs);
    for (;;) {
      const { stat, watch } = await this.client.exists(this.path, { watch: true });
      if (stat === null) return true;
      const event = await before(this.client, watch, deadline);
      if (event === 'timeout') return false;
      if (event.type === 'None') throw sessionEnded(this.path, event.state);
    }
  }
}
