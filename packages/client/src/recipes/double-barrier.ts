/**
 * A double barrier (ZooKeeper recipe; Curator's DistributedDoubleBarrier): `memberCount`
 * participants enter together and leave together.
 *
 * Guarantees, for one round per barrier path:
 * - No participant returns from `enter()` before `memberCount` participants have entered.
 * - No participant returns from `leave()` before every entered participant has called it.
 * - A participant that crashes counts as having left once its session expires (ephemeral).
 */
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { before, createWithParents, deadlineOf, randomId, sessionEnded } from './recipe-support';

const READY = 'ready';

export class DoubleBarrier {
  private readonly ours: string;
  private readonly ready: string;

  constructor(
    private readonly client: ZooKeeperClient,
    readonly path: string,
    readonly memberCount: number,
    readonly id: string = randomId(client),
  ) {
    if (!Number.isInteger(memberCount) || memberCount < 1) throw new RangeError(`memberCount must be a positive integer, got ${memberCount}`);
    this.ours = joinPath(path, id);
    this.ready = joinPath(path, READY);
  }

  /** Joins and waits for the others; false if `timeoutMs` passes first (our node is removed). */
  async enter(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineOf(this.client, timeoutMs);
    await createWithParents(this.client, this.ours, null, { mode: 'ephemeral' });
    for (;;) {
      const { stat, watch } = await this.client.exists(this.ready, { watch: true });
      if (stat !== null) return true;
      if ((await this.participants()).length >= this.memberCount) {
        await this.client.createIfMissing(this.ready);
        return true;
      }
      const event = await before(this.client, watch, deadline);
      if (event === 'timeout') {
        await this.deleteQuietly(this.ours);
        return false;
      }
      if (event.type === 'None') throw sessionEnded(this.ready, event.state);
    }
  }

  /** Leaves and waits until every participant has left; false if `timeoutMs` passes first. */
  async leave(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineOf(this.client, timeoutMs);
    for (;;) {
      const children = (await this.participants()).sort();
      if (children.length === 0) break;
      const index = children.indexOf(this.id);
      if (children.length === 1 && index === 0) {
        await this.deleteQuietly(this.ours);
        break;
      }
      // The lowest waits for the highest; everyone else deletes its node and waits for the
      // lowest, so each departure wakes one waiter (the recipe's herd-free leave).
      let waitOn: string;
      if (index === 0) waitOn = children[children.length - 1]!;
      else {
        if (index > 0) await this.deleteQuietly(this.ours);
        waitOn = children[0]!;
      }
      const { stat, watch } = await this.client.exists(joinPath(this.path, waitOn), { watch: true });
      if (stat === null) continue;
      const event = await before(this.client, watch, deadline);
      if (event === 'timeout') return false;
      if (event.type === 'None') throw sessionEnded(this.path, event.state);
    }
    await this.deleteQuietly(this.ready);
    return true;
  }

  private async participants(): Promise<string[]> {
    return (await this.client.getChildren(this.path)).children.filter((c) => c !== READY);
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
