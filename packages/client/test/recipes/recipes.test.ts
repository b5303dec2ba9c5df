import { describe, expect, it } from 'vitest';
import { Barrier, ChildrenCache, DistributedQueue, DoubleBarrier, LeaderLatch, Mutex, NodeCache, ServiceDiscovery, SharedCounter } from '../../src/index';
import { sleep, text, until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

const CONTENDERS = 5;

describe.each(clientServerKinds())('recipes under contention against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients, many } = world;

  it('Mutex: one holder at a time, FIFO by lock node, no lost update', async () => {
    const zks = await many(CONTENDERS);
    const rounds = 4;
    let holders = 0;
    let maxHolders = 0;
    const acquired: string[] = [];
    await zks[0]!.create('/mutex-counter', '0');
    await Promise.all(
      zks.map(async (zk) => {
        const mutex = new Mutex(zk, '/locks/m');
        for (let r = 0; r < rounds; r++) {
          const lease = await mutex.acquire();
          holders += 1;
          maxHolders = Math.max(maxHolders, holders);
          acquired.push(lease.path);
          // An unversioned read-modify-write: only mutual exclusion keeps it from losing updates.
          const value = Number(text((await zk.getData('/mutex-counter')).data));
          await sleep(2);
          await zk.setData('/mutex-counter', String(value + 1));
          holders -= 1;
          await lease.release();
        }
      }),
    );
    expect(maxHolders).toBe(1);
    expect(text((await zks[0]!.getData('/mutex-counter')).data)).toBe(String(CONTENDERS * rounds));
    expect((await zks[0]!.getChildren('/locks/m')).children).toEqual([]);
    const sequence = (p: string): number => Number(p.slice(-10));
    // Each acquisition's node was created after the previous holder's: FIFO order.
    const order = acquired.map(sequence);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('Mutex: tryAcquire gives up after its timeout and leaves no node behind', async () => {
    const [a, b] = await many(2);
    const held = await new Mutex(a!, '/locks/t').acquire();
    expect(await new Mutex(b!, '/locks/t').tryAcquire(200)).toBeNull();
    expect((await a!.getChildren('/locks/t')).children).toHaveLength(1);
    await held.release();
    const lease = await new Mutex(b!, '/locks/t').tryAcquire(2_000);
    expect(lease).not.toBeNull();
    await lease!.release();
  });

  it('Mutex: the lock passes on when its holder\'s session closes, and the holder is told', async () => {
    const [a, b] = await many(2);
    const held = await new Mutex(a!, '/locks/crash').acquire();
    const waiting = new Mutex(b!, '/locks/crash').acquire();
    await sleep(100);
    await a!.close();
    expect(await held.lost).toBe('Closed');
    await (await waiting).release();
  });

  it('LeaderLatch: exactly one leader at a time; succession on close', async () => {
    const zks = await many(4);
    const latches = zks.map((zk, i) => new LeaderLatch(zk, '/election', `p${i}`));
    let leaders = 0;
    let maxLeaders = 0;
    const history: string[] = [];
    for (const latch of latches) {
      latch.onChange((isLeader) => {
        leaders += isLeader ? 1 : -1;
        maxLeaders = Math.max(maxLeaders, leaders);
        history.push(`${latch.id}:${isLeader}`);
      });
    }
    await Promise.all(latches.map((l) => l.start()));
    await until(() => latches.filter((l) => l.isLeader).length === 1, 'a leader');
    for (let round = 0; round < 3; round++) {
      const leader = latches.find((l) => l.isLeader)!;
      await leader.close();
      await until(() => latches.filter((l) => l.isLeader).length === 1, `leader ${round + 2}`);
    }
    expect(maxLeaders).toBe(1);
    const joinOrder = [...latches].sort((x, y) => Number(x.participantPath!.slice(-10)) - Number(y.participantPath!.slice(-10)));
    expect(history.filter((h) => h.endsWith(':true'))).toEqual(joinOrder.map((l) => `${l.id}:true`));
    expect(await joinOrder.at(-1)!.awaitLeadership(10)).toBe(true);
    expect(await joinOrder[0]!.awaitLeadership(10)).toBe(false);
  });

  it('LeaderLatch: a leader cut off from the server gives up leadership before anyone else takes it', async () => {
    const proxy = await world.openProxy();
    const cutOff = await clients.connect(proxy.connectString, { sessionTimeoutMs: 3_000 });
    const [other] = await many(1);
    const first = new LeaderLatch(cutOff, '/election-cut', 'first');
    const second = new LeaderLatch(other!, '/election-cut', 'second');
    const timeline: string[] = [];
    first.onChange((l) => timeline.push(`first:${l}`));
    second.onChange((l) => timeline.push(`second:${l}`));
    await first.start();
    await second.start();
    expect(first.isLeader).toBe(true);
    proxy.cut();
    await until(() => second.isLeader, 'the second to lead after the first session expires', 15_000);
    expect(timeline).toEqual(['first:true', 'first:false', 'second:true']);
  });

  it('Barrier: waiters block until it is removed', async () => {
    const [owner, ...waiters] = await many(4);
    const barrier = new Barrier(owner!, '/barriers/b');
    await barrier.set();
    await barrier.set();
    let released = 0;
    const waiting = waiters.map((zk) => new Barrier(zk, '/barriers/b').wait().then((ok) => (released += ok ? 1 : 0)));
    expect(await new Barrier(waiters[0]!, '/barriers/b').wait(100)).toBe(false);
    expect(released).toBe(0);
    await barrier.remove();
    await Promise.all(waiting);
    expect(released).toBe(3);
  });

  it('DoubleBarrier: nobody starts before all entered, nobody finishes before all left', async () => {
    const zks = await many(CONTENDERS);
    const log: string[] = [];
    await Promise.all(
      zks.map(async (zk, i) => {
        await sleep(i * 30);
        const barrier = new DoubleBarrier(zk, '/double', CONTENDERS, `m${i}`);
        log.push('arrive');
        expect(await barrier.enter(10_000)).toBe(true);
        log.push('entered');
        await sleep(i * 20);
        log.push('leaving');
        expect(await barrier.leave(10_000)).toBe(true);
        log.push('left');
      }),
    );
    const last = (what: string): number => log.lastIndexOf(what);
    const first = (what: string): number => log.indexOf(what);
    expect(last('arrive')).toBeLessThan(first('entered'));
    expect(last('leaving')).toBeLessThan(first('left'));
    expect((await zks[0]!.getChildren('/double')).children).toEqual([]);
  });

  it('DoubleBarrier: enter times out when too few arrive', async () => {
    const [zk] = await many(1);
    const barrier = new DoubleBarrier(zk!, '/double-short', 3);
    expect(await barrier.enter(200)).toBe(false);
    expect((await zk!.getChildren('/double-short')).children).toEqual([]);
  });

  it('DistributedQueue: every item taken exactly once, in order per consumer', async () => {
    const producers = await many(3);
    const consumers = await many(3);
    const perProducer = 15;
    const taken: string[][] = consumers.map(() => []);
    const total = producers.length * perProducer;
    let remaining = total;
    const consuming = consumers.map(async (zk, c) => {
      const queue = new DistributedQueue(zk, '/queue');
      while (remaining > 0) {
        const item = await queue.take(300);
        if (item === null) continue;
        remaining -= 1;
        taken[c]!.push(new TextDecoder().decode(item));
      }
    });
    await Promise.all(
      producers.map(async (zk, p) => {
        const queue = new DistributedQueue(zk, '/queue');
        for (let i = 0; i < perProducer; i++) await queue.offer(`${p}:${i}`);
      }),
    );
    await Promise.all(consuming);
    const all = taken.flat();
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    // Each producer's items are enqueued in order, so every consumer sees them in that order.
    for (const mine of taken) {
      for (let p = 0; p < producers.length; p++) {
        const seq = mine.filter((s) => s.startsWith(`${p}:`)).map((s) => Number(s.split(':')[1]));
        expect(seq).toEqual([...seq].sort((a, b) => a - b));
      }
    }
    expect(await new DistributedQueue(consumers[0]!, '/queue').poll()).toBeNull();
  });

  it('DistributedQueue: a single consumer gets strict FIFO; peek does not remove', async () => {
    const [zk] = await many(1);
    const queue = new DistributedQueue(zk!, '/fifo');
    expect(await queue.poll()).toBeNull();
    for (const item of ['a', 'b', 'c']) await queue.offer(item);
    expect(text(await queue.peek())).toBe('a');
    const out = [await queue.poll(), await queue.take(), await queue.poll()].map(text);
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('SharedCounter: concurrent increments are never lost', async () => {
    const zks = await many(CONTENDERS);
    const each = 20;
    await Promise.all(zks.map(async (zk) => {
      const counter = new SharedCounter(zk, '/counters/c');
      for (let i = 0; i < each; i++) await counter.increment();
    }));
    const counter = new SharedCounter(zks[0]!, '/counters/c');
    expect(await counter.get()).toBe(BigInt(CONTENDERS * each));
    expect(await counter.compareAndSet(0n, 5n)).toBe(false);
    expect(await counter.compareAndSet(BigInt(CONTENDERS * each), -7n)).toBe(true);
    expect(await counter.get()).toBe(-7n);
    expect((await zks[0]!.getData('/counters/c')).data).toHaveLength(8);
  });

  it('NodeCache: follows every change and catches up after a reconnect', async () => {
    const proxy = await world.openProxy();
    const viaProxy = await clients.connect(proxy.connectString);
    const [writer] = await many(1);
    const cache = new NodeCache(viaProxy, '/cached');
    await cache.start();
    expect(cache.node).toBeNull();
    const seen: Array<string | null> = [];
    cache.onChange((n) => seen.push(n === null ? null : text(n.data)));
    await writer!.create('/cached', 'v0');
    for (let i = 1; i <= 10; i++) await writer!.setData('/cached', `v${i}`);
    await until(() => text(cache.node?.data ?? null) === 'v10', 'the cache to reach v10');
    proxy.cut();
    await until(() => viaProxy.state === 'Disconnected', 'Disconnected');
    await writer!.setData('/cached', 'while-away');
    proxy.restore();
    await until(() => text(cache.node?.data ?? null) === 'while-away', 'the cache to catch up after reconnect');
    await writer!.delete('/cached');
    await until(() => cache.node === null, 'the cache to see the delete');
    // Versions may be skipped when writes outpace reads, but never seen out of order.
    const versions = seen.slice(0, -2).map((v) => Number(v!.slice(1)));
    expect(versions).toEqual([...new Set(versions)].sort((x, y) => x - y));
    expect(seen.slice(-2)).toEqual(['while-away', null]);
    cache.close();
  });

  it('ChildrenCache: converges under concurrent churn and through a reconnect', async () => {
    const proxy = await world.openProxy();
    const viaProxy = await clients.connect(proxy.connectString);
    const writers = await many(3);
    await writers[0]!.mkdirp('/kids');
    const cache = new ChildrenCache(viaProxy, '/kids');
    await cache.start();
    await Promise.all(writers.map(async (zk, w) => {
      for (let i = 0; i < 10; i++) {
        await zk.create(`/kids/w${w}-${i}`, `d${i}`);
        if (i % 3 === 0) await zk.setData(`/kids/w${w}-${i}`, `u${i}`);
        if (i % 4 === 0) await zk.delete(`/kids/w${w}-${i}`);
      }
    }));
    const expected = async (): Promise<string> => {
      const { children } = await writers[0]!.getChildren('/kids');
      const entries = await Promise.all(children.map(async (c) => `${c}=${text((await writers[0]!.getData(`/kids/${c}`)).data)}`));
      return entries.sort().join(',');
    };
    const actual = (): string => [...cache.children].map(([n, node]) => `${n}=${text(node.data)}`).sort().join(',');
    const target = await expected();
    await until(() => actual() === target, 'the cache to converge');

    proxy.cut();
    await until(() => viaProxy.state === 'Disconnected', 'Disconnected');
    await writers[1]!.create('/kids/while-away', 'x');
    await writers[1]!.delete('/kids/w1-1');
    await writers[1]!.setData('/kids/w1-2', 'changed');
    proxy.restore();
    const after = await expected();
    await until(() => actual() === after, 'the cache to converge after reconnect');
    cache.close();
  });

  it('ServiceDiscovery: register, query, watch; instances vanish with their session', async () => {
    const [a, b, observer] = await many(3);
    const discoveryA = new ServiceDiscovery(a!, '/services');
    const discoveryB = new ServiceDiscovery(b!, '/services');
    const watcher = new ServiceDiscovery(observer!, '/services');
    const view = await watcher.watch<{ zone: string }>('api');
    const one = await discoveryA.register({ name: 'api', id: 'a1', address: '10.0.0.1', port: 8080, payload: { zone: 'x' } });
    await discoveryB.register({ name: 'api', id: 'b1', address: '10.0.0.2', port: 8080, payload: { zone: 'y' } });
    await discoveryB.register({ name: 'db', address: '10.0.0.3' });
    expect(await watcher.names()).toEqual(['api', 'db']);
    expect((await watcher.instances('api')).map((i) => `${i.id}@${i.address}`)).toEqual(['a1@10.0.0.1', 'b1@10.0.0.2']);
    await until(() => view.instances.length === 2, 'the view to list both');
    await discoveryA.update({ ...one, payload: { zone: 'z' } });
    await until(() => view.instances.find((i) => i.id === 'a1')?.payload?.zone === 'z', 'the payload update');
    await b!.close();
    await until(() => view.instances.map((i) => i.id).join() === 'a1', 'b1 to vanish with its session');
    await discoveryA.unregister('api', 'a1');
    await until(() => view.instances.length === 0, 'a1 to be unregistered');
    expect(await watcher.instances('nothing')).toEqual([]);
    view.close();
  });
});
