/**
 * A node that stays there while this client runs, as Curator's PersistentNode (and
 * PersistentEphemeralNode) keeps it: created at `start()`, and created again whenever it goes
 * missing — deleted by someone, or taken with an expired session.
 *
 * Guarantees:
 * - Re-creation: the node is watched; after `NodeDeleted`, after every `Reconnected`, and after
 *   the `Connected` of a new session (see {@link ZooKeeperClient.startNewSession} and the
 *   `newSessionOnExpiry` option) it is checked and created again if missing, with the latest
 *   data given. Without a new session, an ephemeral node ends with its session.
 * - An existing node at a non-sequential path is adopted and given our data (it may be our own,
 *   from a create whose reply was lost, or the expired session's, which the server deletes
 *   soon: the watch then re-creates it).
 * - Sequential modes create "protected" names (`_c_<id>-name`), so a create retried after
 *   ConnectionLoss finds its node instead of making a second; every re-creation has a new
 *   sequence number: read {@link PersistentNode.actualPath}.
 * - `close()` stops the re-creation and deletes the node.
 * - Errors other than connectivity and expiry (NoAuth, NoChildrenForEphemerals, ...) stop the
 *   attempts until the next reconnect; {@link PersistentNode.lastError} tells.
 */
import { ErrorCode } from '@paddock/protocol';
import { toBytes, type NodeData } from '../data';
import { KeeperError } from '../keeper-error';
import { parentOf } from '../paths';
import type { WatchListener } from '../watched-event';
import type { ZooKeeperClient } from '../zookeeper-client';
import { createProtectedNode } from './lock-node';
import { before, createWithParents, deadlineOf } from './recipe-support';

export type PersistentNodeMode = 'ephemeral' | 'persistent' | 'ephemeralSequential' | 'persistentSequential';

export class PersistentNode {
  private actual: string | undefined;
  private data: Uint8Array | null;
  private started = false;
  private closed = false;
  private offState: () => void = () => {};
  private running: Promise<void> | undefined;
  private again = false;
  private error: KeeperError | undefined;
  private markCreated: () => void = () => {};
  private readonly created = new Promise<void>((resolve) => {
    this.markCreated = resolve;
  });
  /**
   * One listener for every watch this node leaves: an event reaches it once. Any node event
   * consumed the watch (a data change too), so the node is checked and watched again.
   */
  private readonly watcher: WatchListener = (event) => {
    if (event.type !== 'None') void this.ensure();
  };

  constructor(
    private readonly client: ZooKeeperClient,
    /** The path; for sequential modes, the prefix the server appends a counter to. */
    readonly basePath: string,
    readonly mode: PersistentNodeMode,
    data: NodeData = null,
  ) {
    this.data = toBytes(data);
  }

  /** Creates the node (in the background) and keeps it; see {@link waitForInitialCreate}. */
  start(): void {
    if (this.started) throw new KeeperError(ErrorCode.APIError, { path: this.basePath, reason: 'already started' });
    this.started = true;
    this.offState = this.client.onStateChange((state) => {
      if (state === 'Connected' || state === 'Reconnected') void this.ensure();
    });
    void this.ensure();
  }

  /** The node's path once created (sequential modes: with its counter); undefined before. */
  get actualPath(): string | undefined {
    return this.actual;
  }

  /** The last error that stopped an attempt, if it was not connectivity or expiry. */
  get lastError(): KeeperError | undefined {
    return this.error;
  }

  /** Resolves true once the node was first created, false if `timeoutMs` passes first. */
  async waitForInitialCreate(timeoutMs?: number): Promise<boolean> {
    return (await before(this.client, this.created, deadlineOf(this.client, timeoutMs))) !== 'timeout';
  }

  /** Sets the node's data now (if created) and for every later re-creation. */
  async setData(data: NodeData): Promise<void> {
    this.data = toBytes(data);
    if (this.actual !== undefined) await this.client.setData(this.actual, this.data);
  }

  /** Stops keeping the node and deletes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offState();
    await this.running;
    const path = this.actual;
    if (path === undefined) return;
    await this.client.retrying(async () => {
      try {
        await this.client.delete(path);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode') && !KeeperError.is(error, 'SessionExpired')) throw error;
      }
    });
  }

  /** Checks the node and creates it if missing; concurrent calls fold into one more round. */
  private ensure(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.ensureOnce();
        } while (this.again && !this.closed);
      } catch (error) {
        // Connectivity and expiry: the next Reconnected or new session tries again.
        if (!(error instanceof KeeperError)) throw error;
        if (!KeeperError.is(error, 'ConnectionLoss') && !KeeperError.is(error, 'SessionExpired') && !KeeperError.is(error, 'OperationTimeout') && !KeeperError.is(error, 'RequestTimeout')) {
          this.error = error;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async ensureOnce(): Promise<void> {
    if (this.closed) return;
    if (this.actual !== undefined && (await this.client.exists(this.actual, { watch: this.watcher })) !== null) return;
    this.actual = await this.create();
    this.error = undefined;
    this.markCreated();
    // Watch what we made; gone already (deleted in between): go round again.
    if ((await this.client.exists(this.actual, { watch: this.watcher })) === null) this.again = true;
  }

  private async create(): Promise<string> {
    if (this.mode === 'ephemeralSequential' || this.mode === 'persistentSequential') {
      const name = this.basePath.slice(this.basePath.lastIndexOf('/') + 1);
      return createProtectedNode(this.client, parentOf(this.basePath), name, this.data, this.mode);
    }
    try {
      return await createWithParents(this.client, this.basePath, this.data, { mode: this.mode });
    } catch (error) {
      if (!KeeperError.is(error, 'NodeExists')) throw error;
      await this.client.setData(this.basePath, this.data);
      return this.basePath;
    }
  }
}
