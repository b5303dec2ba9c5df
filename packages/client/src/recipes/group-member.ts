/**
 * Group membership (Curator's GroupMember): each member is an ephemeral node
 * `path/<memberId>` holding its payload, and every member keeps a live view of the group.
 *
 * Guarantees:
 * - A member is listed exactly while its session lives: `leave()` (or closing its client)
 *   removes it at once, a crashed or cut-off member once its session expires.
 * - The view follows joins, leaves, expiries and payload changes, and re-reads the whole group
 *   after a reconnect (see {@link ChildrenCache}), so it converges to the server's group.
 * - Member ids are unique: joining with an id already present fails with NodeExists.
 * - After this member's session expires it is out of the group; join again on a new client.
 */
import type { NodeData } from '../data';
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { ChildrenCache } from './children-cache';
import { createWithParents, randomId } from './recipe-support';

export class GroupMember {
  private readonly cache: ChildrenCache;
  private readonly node: string;

  constructor(
    private readonly client: ZooKeeperClient,
    /** The group's directory; created on demand. */
    readonly path: string,
    readonly id: string = randomId(client),
    private payload: NodeData = null,
  ) {
    this.cache = new ChildrenCache(client, path);
    this.node = joinPath(path, id);
  }

  /** Joins the group and starts following it; resolves once the view has been read. */
  async join(): Promise<void> {
    await createWithParents(this.client, this.node, this.payload, { mode: 'ephemeral' });
    await this.cache.start();
  }

  /** The group as last seen: member id → payload. */
  get members(): ReadonlyMap<string, Uint8Array | null> {
    const out = new Map<string, Uint8Array | null>();
    for (const [id, node] of this.cache.children) out.set(id, node.data);
    return out;
  }

  /** Calls `listener` with the group after every change of it. */
  onChange(listener: (members: ReadonlyMap<string, Uint8Array | null>) => void): () => void {
    return this.cache.onEvent(() => listener(this.members));
  }

  /** Replaces this member's payload. */
  async setPayload(payload: NodeData): Promise<void> {
    this.payload = payload;
    await this.client.setData(this.node, payload);
  }

  /** Leaves the group (deletes this member's node) and stops following it. */
  async leave(): Promise<void> {
    this.cache.close();
    await this.client.retrying(async () => {
      try {
        await this.client.delete(this.node);
      } catch (error) {
        if (!KeeperError.is(error, 'NoNode')) throw error;
      }
    });
  }
}
