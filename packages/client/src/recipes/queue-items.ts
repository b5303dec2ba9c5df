/**
 * What the FIFO and priority queues share: items are persistent-sequential children of the
 * queue's node, listed in the queue's order; a consumer owns an item once its delete succeeds.
 */
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ChildrenResult, Watched, ZooKeeperClient } from '../zookeeper-client';
import { before, sessionEnded } from './recipe-support';

/** Puts a queue's item names (the children of its node) in the order they come out. */
export type ItemOrder = (children: readonly string[]) => string[];

/** The items in order; none when the queue's node does not exist yet. */
export async function listItems(client: ZooKeeperClient, dir: string, order: ItemOrder): Promise<string[]> {
  try {
    return order((await client.getChildren(dir)).children);
  } catch (error) {
    if (KeeperError.is(error, 'NoNode')) return [];
    throw error;
  }
}

/** The first item's data that can still be read, without removing it. */
export async function peekFirst(client: ZooKeeperClient, dir: string, names: readonly string[]): Promise<Uint8Array | null> {
  for (const name of names) {
    try {
      return (await client.getData(joinPath(dir, name))).data ?? new Uint8Array(0);
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
    }
  }
  return null;
}

/** Tries the items in order; the first whose delete succeeds is ours. */
export async function takeFirst(client: ZooKeeperClient, dir: string, names: readonly string[]): Promise<Uint8Array | null> {
  for (const name of names) {
    const path = joinPath(dir, name);
    try {
      const { data, stat } = await client.getData(path);
      await client.delete(path, stat.version);
      return data ?? new Uint8Array(0);
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
    }
  }
  return null;
}

/** Takes the first item, waiting (a children watch) for one until `deadline`; null on timeout. */
export async function takeWaiting(client: ZooKeeperClient, dir: string, order: ItemOrder, deadline: number | undefined): Promise<Uint8Array | null> {
  for (;;) {
    let listing: ChildrenResult & Watched;
    try {
      listing = await client.getChildren(dir, { watch: true });
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
      await client.mkdirp(dir);
      continue;
    }
    const item = await takeFirst(client, dir, order(listing.children));
    if (item !== null) return item;
    const event = await before(client, listing.watch, deadline);
    if (event === 'timeout') return null;
    if (event.type === 'None') throw sessionEnded(dir, event.state);
  }
}
