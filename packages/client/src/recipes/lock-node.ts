/**
 * The machinery of ZooKeeper's lock recipe, shared by the mutex, the read/write lock, the
 * semaphore and the leader selector: a "protected" ephemeral-sequential node, waiting for one's
 * turn by watching a single blocker, and the lease handed to the holder.
 */
import { ErrorCode } from '@paddock/protocol';
import { isConnectivityError, KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ConnectionState } from '../session/index';
import type { ZooKeeperClient } from '../zookeeper-client';
import { assertUsable, before, bySequence, createWithParents, isLossState, randomId } from './recipe-support';

/** A held lock (or lease). */
export interface Lease {
  /** The node that represents it. */
  readonly path: string;
  /** Resolves with the first state after which it may no longer be held (Disconnected, Expired, ...). */
  readonly lost: Promise<ConnectionState>;
  /**
   * Gives it up: resolves once the node is deleted, or the session (and the node with it) is
   * over; waits out a disconnection rather than leave the node behind. Idempotent.
   */
  release(): Promise<void>;
}

/**
 * Creates `dir/<protected id>-<name>NNNNNNNNNN`, ephemeral-sequential (or persistent-sequential).
 * After a ConnectionLoss the create is retried only if no child carries our random id: the lost
 * attempt may have made the node, and a second one would queue behind ourselves forever. When
 * it fails for good after such a loss, the node it may have left is deleted in the background as
 * soon as the server can be told (a live session's orphan would block every queue it is in).
 */
export async function createProtectedNode(
  client: ZooKeeperClient, dir: string, name: string, data: Uint8Array | string | null = null,
  mode: 'ephemeralSequential' | 'persistentSequential' = 'ephemeralSequential',
): Promise<string> {
  const id = `_c_${randomId(client)}-`;
  try {
    return await client.retrying(async () => {
      try {
        return await createWithParents(client, joinPath(dir, id + name), data, { mode });
      } catch (error) {
        if (!KeeperError.is(error, 'ConnectionLoss')) throw error;
        const found = await client.getChildren(dir).catch(() => undefined);
        const mine = found?.children.find((c) => c.startsWith(id));
        if (mine !== undefined) return joinPath(dir, mine);
        throw error;
      }
    });
  } catch (error) {
    if (isConnectivityError(error)) void deleteProtectedEventually(client, dir, id).catch(() => {});
    throw error;
  }
}

/** Deletes the children of `dir` named with protected id `id`, once connected, unless the session ends first. */
async function deleteProtectedEventually(client: ZooKeeperClient, dir: string, id: string): Promise<void> {
  while (!isOver(client)) {
    try {
      const { children } = await client.getChildren(dir);
      for (const child of children.filter((c) => c.startsWith(id))) await deleteQuietly(client, joinPath(dir, child));
      return;
    } catch (error) {
      if (KeeperError.is(error, 'NoNode') || KeeperError.is(error, 'SessionExpired')) return;
      if (!isConnectivityError(error)) throw error;
      await connectedOrOver(client);
    }
  }
}

/**
 * Given the sorted siblings and our index among them, the sibling we must wait for, or
 * undefined when it is our turn.
 */
export type BlockerRule = (sorted: readonly string[], index: number) => string | undefined;

/** The mutex rule: wait for the node just before ours. */
export const predecessor: BlockerRule = (sorted, index) => (index === 0 ? undefined : sorted[index - 1]);

/**
 * Waits until `blockerOf` says it is our turn, watching only the current blocker (no herd).
 * Resolves true at our turn, false when `deadlineMs` passes or `cancelled` settles first.
 *
 * @throws KeeperError NoNode when our node vanished (the session expired, or it was deleted).
 */
export async function waitForTurn(
  client: ZooKeeperClient, dir: string, ours: string, blockerOf: BlockerRule,
  options: { deadlineMs?: number | undefined; cancelled?: Promise<unknown> } = {},
): Promise<boolean> {
  const name = ours.slice(dir.length === 1 ? 1 : dir.length + 1);
  for (;;) {
    assertUsable(client);
    const sorted = bySequence((await client.getChildren(dir)).children);
    const index = sorted.indexOf(name);
    if (index === -1) throw new KeeperError(ErrorCode.NoNode, { path: ours, reason: 'our node vanished (session expired?)' });
    const blocker = blockerOf(sorted, index);
    if (blocker === undefined) return true;
    const { stat, watch } = await client.exists(joinPath(dir, blocker), { watch: true });
    if (stat === null) continue;
    const stop = options.cancelled === undefined ? watch : Promise.race([watch, options.cancelled.then(() => 'timeout' as const)]);
    if ((await before(client, stop, options.deadlineMs)) === 'timeout') return false;
  }
}

/**
 * Deletes the ephemeral lock node `path`, retried while safe. A node already gone is fine, and so
 * is a session that is over: the server deleted its ephemerals when it ended.
 */
export async function deleteQuietly(client: ZooKeeperClient, path: string): Promise<void> {
  await client.retrying(async () => {
    try {
      await client.delete(path);
    } catch (error) {
      if (KeeperError.is(error, 'NoNode') || KeeperError.is(error, 'SessionExpired') || isOver(client)) return;
      throw error;
    }
  });
}

/** Whether the client's session is over (nothing it created can outlive that). */
export function isOver(client: ZooKeeperClient): boolean {
  return client.state === 'Expired' || client.state === 'Closed' || client.state === 'AuthFailed';
}

/** Resolves once the client is connected (not read-only) or its session is over. */
export function connectedOrOver(client: ZooKeeperClient): Promise<void> {
  const settled = (): boolean => isOver(client) || client.state === 'Connected' || client.state === 'Reconnected';
  return new Promise((resolve) => {
    if (settled()) {
      resolve();
      return;
    }
    const off = client.onStateChange(() => {
      if (!settled()) return;
      off();
      resolve();
    });
  });
}

/**
 * Deletes `path` even across a disconnection (Curator's "guaranteed" delete): retried once
 * connected again, until the node or the session is gone. A lock node left behind by a session
 * that survives would block everyone queued after it.
 */
export async function deleteEventually(client: ZooKeeperClient, path: string): Promise<void> {
  while (!isOver(client)) {
    try {
      await deleteQuietly(client, path);
      return;
    } catch (error) {
      // An expired session took its ephemeral node with it.
      if (KeeperError.is(error, 'SessionExpired')) return;
      if (!isConnectivityError(error)) throw error;
      await connectedOrOver(client);
    }
  }
}

/** The lease for a node we hold: `lost` follows the connection, `release` deletes the node. */
export function leaseOf(client: ZooKeeperClient, path: string): Lease {
  let released = false;
  let off = (): void => {};
  const lost = new Promise<ConnectionState>((resolve) => {
    off = client.onStateChange((state) => {
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
      await deleteEventually(client, path);
    },
  };
}

/**
 * The whole acquisition: create our node, wait for our turn, hand out the lease. Our node is
 * removed when we give up (timeout, cancel) or fail.
 */
export async function acquireLockNode(
  client: ZooKeeperClient, dir: string, name: string, blockerOf: BlockerRule,
  options: { deadlineMs?: number | undefined; cancelled?: Promise<unknown> } = {},
): Promise<Lease | null> {
  const ours = await createProtectedNode(client, dir, name);
  try {
    if (await waitForTurn(client, dir, ours, blockerOf, options)) return leaseOf(client, ours);
    await deleteEventually(client, ours);
    return null;
  } catch (error) {
    // The caller hears of the failure now; the node goes as soon as the server can be told.
    void deleteEventually(client, ours).catch(() => {});
    throw error;
  }
}
