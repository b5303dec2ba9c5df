/**
 * A fair read/write lock: ZooKeeper's shared-lock recipe, as Curator's InterProcessReadWriteLock
 * runs it. Readers and writers queue as ephemeral-sequential nodes in one directory
 * (`…-read-NNNNNNNNNN`, `…-write-NNNNNNNNNN`) and are served in that order.
 *
 * Guarantees, while the holders' sessions are live:
 * - A writer holds the lock alone: no other writer and no reader at the same time.
 * - Readers share it: any number of readers hold it together when no writer is ahead of them.
 * - Fairness: a writer waits only for those queued before it, and readers queued after a
 *   waiting writer wait for it, so writers are not starved by a stream of readers.
 * - No herd effect: a writer watches its predecessor, a reader the last writer before it.
 * - Crash, expiry and ConnectionLoss behave as for {@link Mutex}: `lease.lost` says when to stop
 *   relying on a lock, nodes are ephemeral and "protected".
 * - Not reentrant and no upgrade: a reader that asks for the write lock queues behind itself.
 */
import type { ZooKeeperClient } from '../zookeeper-client';
import { acquireLockNode, predecessor, type BlockerRule, type Lease } from './lock-node';
import { deadlineOf } from './recipe-support';

const READ = 'read-';
const WRITE = 'write-';

const isWriter = (name: string): boolean => /write-\d{10}$/.test(name);

/** A reader waits for the closest writer queued before it. */
const lastWriterBefore: BlockerRule = (sorted, index) => {
  for (let i = index - 1; i >= 0; i--) if (isWriter(sorted[i]!)) return sorted[i];
  return undefined;
};

/** One side of the lock: `acquire` / `tryAcquire` as on {@link Mutex}. */
export interface LockSide {
  acquire(): Promise<Lease>;
  tryAcquire(timeoutMs?: number): Promise<Lease | null>;
}

export class ReadWriteLock {
  /** The shared side: held together by any number of readers. */
  readonly readLock: LockSide;
  /** The exclusive side: held by one writer, with no readers. */
  readonly writeLock: LockSide;

  constructor(
    private readonly client: ZooKeeperClient,
    /** The lock's directory; created on demand. */
    readonly path: string,
  ) {
    this.readLock = this.side(READ, lastWriterBefore);
    this.writeLock = this.side(WRITE, predecessor);
  }

  private side(name: string, rule: BlockerRule): LockSide {
    const tryAcquire = (timeoutMs?: number): Promise<Lease | null> =>
      acquireLockNode(this.client, this.path, name, rule, { deadlineMs: deadlineOf(this.client, timeoutMs) });
    return { tryAcquire, acquire: async () => (await tryAcquire())! };
  }
}
