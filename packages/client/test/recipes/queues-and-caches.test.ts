/** PriorityQueue and TreeCache under contention: several clients, asserting the guarantees. */
import { describe, expect, it } from 'vitest';
import { PriorityQueue, TreeCache, type ZooKeeperClient } from '../../src/index';
import { text, until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

const decode = (data: Uint8Array | null): string => new TextDecoder().decode(data ?? new Uint8Array(0));

/** The server's subtree under `root` as `path=data@version` lines, read breadth first. */
async function serverTree(zk: ZooKeeperClient, root: string): Promise<string> {
  const lines: string[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const path = queue.shift()!;
    try {
      const { data, stat } = await zk.getData(path);
      lines.push(`${path}=${text(data)}@${stat.version}`);
      for (const child of (await zk.getChildren(path)).children) queue.push(path === '/' ? `/${child}` : `${path}/${child}`);
    } catch (error) {
      if ((error as { name?: string }).name !== 'NoNode') throw error;
    }
  }
  return lines.sort().join('\n');
}

function cacheTree(cache: TreeCache): string {
  return [...cache.nodes].map(([path, node]) => `${path}=${text(node.data)}@${node.stat.version}`).sort().join('\n');
}

describe.each(clientServerKinds())('queues and caches under contention against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients, many } = world;

  it('PriorityQueue: each consumer sees non-decreasing priorities, FIFO within one; every item once', async () => {
    const producers = await many(3);
    const consumers = await many(3);
    const perProducer = 15;
    await Promise.all(producers.map(async (zk, p) => {
      const queue = new PriorityQueue(zk, '/pq');
      for (let i = 0; i < perProducer; i++) await queue.offer(`${p}:${i}:${(i * 7 + p * 3) % 5 - 2}`, (i * 7 + p * 3) % 5 - 2);
    }));
    const taken: string[][] = consumers.map(() => []);
    await Promise.all(consumers.map(async (zk, c) => {
      const queue = new PriorityQueue(zk, '/pq');
      for (;;) {
        const item = await queue.poll();
        if (item === null) return;
        taken[c]!.push(decode(item));
      }
    }));
    const all = taken.flat();
    expect(all).toHaveLength(producers.length * perProducer);
    expect(new Set(all).size).toBe(all.length);
    for (const mine of taken) {
      const priorities = mine.map((s) => Number(s.split(':')[2]));
      expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
      // FIFO within a priority: one producer's items of equal priority keep their order.
      for (let p = 0; p < producers.length; p++) {
        for (const prio of new Set(priorities)) {
          const seq = mine.filter((s) => s.startsWith(`${p}:`) && s.endsWith(`:${prio}`)).map((s) => Number(s.split(':')[1]));
          expect(seq).toEqual([...seq].sort((a, b) => a - b));
        }
      }
    }
  });

  it('PriorityQueue: lower numbers first, then arrival order; take waits for an item', async () => {
    const [producer, consumer] = await many(2);
    const queue = new PriorityQueue(producer!, '/pq-order');
    expect(await queue.poll()).toBeNull();
    for (const [item, priority] of [['a', 5], ['b', 1], ['c', 3], ['d', 1], ['e', -(2 ** 31)], ['f', 2 ** 31 - 1]] as const) await queue.offer(item, priority);
    expect(decode(await queue.peek())).toBe('e');
    const out: string[] = [];
    for (let i = 0; i < 6; i++) out.push(decode(await new PriorityQueue(consumer!, '/pq-order').take()));
    expect(out).toEqual(['e', 'b', 'd', 'c', 'a', 'f']);
    const waiting = new PriorityQueue(consumer!, '/pq-order').take(10_000);
    await queue.offer('late', 0);
    expect(decode(await waiting)).toBe('late');
    expect(await new PriorityQueue(consumer!, '/pq-order').take(100)).toBeNull();
    await expect(queue.offer('x', 0.5)).rejects.toThrow(RangeError);
  });

  it('TreeCache: equals the server\'s subtree after concurrent churn and after a reconnect', async () => {
    const proxy = await world.openProxy();
    const viaProxy = await clients.connect(proxy.connectString);
    const writers = await many(3);
    const cache = new TreeCache(viaProxy, '/tree');
    const events: string[] = [];
    cache.onEvent((e) => events.push(`${e.type} ${e.path}`));
    await cache.start();
    expect(cache.nodes.size).toBe(0);
    await writers[0]!.create('/tree', 'root');
    await Promise.all(writers.map(async (zk, w) => {
      for (let i = 0; i < 6; i++) {
        const branch = `/tree/w${w}-${i}`;
        await zk.create(branch, `b${i}`);
        await zk.create(`${branch}/leaf`, 'l');
        await zk.create(`${branch}/leaf/deep`, 'd');
        if (i % 2 === 0) await zk.setData(`${branch}/leaf`, `l${i}`);
        if (i % 3 === 0) {
          await zk.delete(`${branch}/leaf/deep`);
          await zk.delete(`${branch}/leaf`);
        }
      }
    }));
    let expected = await serverTree(writers[0]!, '/tree');
    await until(() => cacheTree(cache) === expected, 'the cache to converge after churn');
    expect(cache.childrenOf('/tree/w0-1')).toEqual(['leaf']);
    expect(text(cache.get('/tree')!.data)).toBe('root');

    proxy.cut();
    await until(() => viaProxy.state === 'Disconnected', 'Disconnected');
    await writers[1]!.deleteRecursive('/tree/w1-1');
    await writers[1]!.mkdirp('/tree/away/a/b', { data: 'new' });
    await writers[1]!.setData('/tree/w2-2/leaf', 'changed while away');
    proxy.restore();
    expected = await serverTree(writers[0]!, '/tree');
    await until(() => cacheTree(cache) === expected, 'the cache to converge after the reconnect');
    expect(events).toContain('removed /tree/w1-1/leaf/deep');
    expect(events).toContain('added /tree/away/a/b');

    // And it keeps following once reconnected.
    await writers[2]!.deleteRecursive('/tree');
    await until(() => cache.nodes.size === 0, 'the cache to empty with the tree');
    cache.close();
  });
});
