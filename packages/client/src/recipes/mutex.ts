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
 * - Not reentrant: acquiring twice from the same Mutex queues behind yourself.
 */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ConnectionState } from '../session/index';
import type { ZooKeeperClient } from '../zookeeper-client';
import { assertUsable, before, bySequence, createWithParents, deadlineOf, isLossState, randomId } from './recipe-support';

/** A held lock. */
export interface MutexLease {
  /** The lock node. */
  readonly path: string;
  /** Resolves with the first state after which the lock may no longer be held. */
  readonly lost: Promise<ConnectionState>;
  /** Releases the lock (deletes the node). Idempotent. */
  release(): Promise<void>;
}

export class Mutex {
  private readonly prefix: string;

  constructor(
    private readonly client: ZooKeeperClient,
    /** The lock's directory; created on demand. */
    readonly path: string,
    name = 'lock-',
  ) {
    this.prefix = name;
  }

  /** Waits for the lock. */
  async acquire(): Promise<MutexLease> {
    const lease = await this.tryAcquire();
    return lease!;
  }

  /** Waits at most `timeoutMs` (forever if undefined); null when the time ran out. */
  async tryAcquire(timeoutMs?: number): Promise<MutexLease | null> {
    const deadline = deadlineOf(timeoutMs);
    const ours = await this.createLockNode();
    const name = ours.slice(this.path.length + 1);
    try {
      for (;;) {
        assertUsable(this.client);
        const children = bySequence((await this.client.getChildren(this.path)).children);
        const index = children.indexOf(name);
        if (index === -1) throw new KeeperError(ErrorCode.NoNode, { path: ours, reason: 'the lock node vanished (session expired?)' });
        if (index === 0) return this.lease(ours);
        const { stat, watch } = await this.client.exists(joinPath(this.path, children[index - 1]!), { watch: true });
        if (stat === null) continue;
        if ((await before(watch, deadline)) === 'timeout') {
          await this.deleteQuietly(ours);
          return null;
        }
      }
    } catch (error) {
      await this.deleteQuietly(ours).catch(() => {});
      throw error;
    }
  }

  /** Creates our sequential node; after ConnectionLoss, finds the one a lost attempt created. */
  private async createLockNode(): Promise<string> {
    const id = `_c_${randomId()}-`;
    return this.client.retrying(async () => {
      try {
        return await createWithParents(this.client, joinPath(this.path, id + this.prefix), null, { mode: 'ephemeralSequential' });
      } catch (error) {
        if (!KeeperError.is(error, 'ConnectionLoss')) throw error;
        const found = await this.client.getChildren(this.path).catch(() => undefined);
        const mine = found?.children.find((c) => c.startsWith(id));
        if (mine !== undefined) return joinPath(this.path, mine);
        throw error;
      }
    });
  }

  private lease(path: string): MutexLease {
    let released = false;
    let off = (): void => {};
    const lost = new Promise<ConnectionState>((resolve) => {
      off = this.client.onStateChange((state) => {
        if (!isLossState(state)) return;
        off();
        resolve(state);
      });
    });
    return {
      path,
      lost,
      release: async () => {
        if (released) return;
        released = true;
        off();
        await this.deleteQuietly(path);
      },
    };
  }

  private async deleteQuietly(path: string): Promise<void> {
    await this.client.retrying(async () => {
      try {
        await this.client.delete(path);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    });
  }
}
