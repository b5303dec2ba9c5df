/** ReadWriteLock and Semaphore under contention, and lock nodes released across a disconnection. */
import { describe, expect, it } from 'vitest';
import { Mutex, ReadWriteLock, Semaphore, type Lease } from '../../src/index';
import { sleep, text, until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

describe.each(clientServerKinds())('locks under contention against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients, many } = world;

  it('ReadWriteLock: never two writers, never a writer with readers; readers share; no lost update', async () => {
    const zks = await many(6);
    await zks[0]!.create('/rw-counter', '0');
    let readers = 0;
    let writers = 0;
    let maxReaders = 0;
    const violations: string[] = [];
    let writes = 0;
    await Promise.all(zks.map(async (zk, c) => {
      const lock = new ReadWriteLock(zk, '/locks/rw');
      for (let round = 0; round < 6; round++) {
        if ((c + round) % 3 === 0) {
          const lease = await lock.writeLock.acquire();
          if (writers !== 0 || readers !== 0) violations.push(`writer with ${writers} writers, ${readers} readers`);
          writers += 1;
          // Unversioned read-modify-write: only exclusion keeps it from losing updates.
          const value = Number(text((await zk.getData('/rw-counter')).data));
          await sleep(3);
          await zk.setData('/rw-counter', String(value + 1));
          writes += 1;
          writers -= 1;
          await lease.release();
        } else {
          const lease = await lock.readLock.acquire();
          if (writers !== 0) violations.push(`reader with ${writers} writers`);
          readers += 1;
          maxReaders = Math.max(maxReaders, readers);
          await sleep(10);
          readers -= 1;
          await lease.release();
        }
      }
    }));
    expect(violations).toEqual([]);
    expect(text((await zks[0]!.getData('/rw-counter')).data)).toBe(String(writes));
    expect(maxReaders).toBeGreaterThan(1);
    expect((await zks[0]!.getChildren('/locks/rw')).children).toEqual([]);
  });

  it('ReadWriteLock: readers hold together; a queued writer is served before readers that came after it', async () => {
    const [r1, r2, w, r3] = await many(4);
    const held = await Promise.all([new ReadWriteLock(r1!, '/locks/fair').readLock.acquire(), new ReadWriteLock(r2!, '/locks/fair').readLock.acquire()]);
    const order: string[] = [];
    const writer = new ReadWriteLock(w!, '/locks/fair').writeLock.acquire().then((lease) => (order.push('writer'), lease));
    await until(async () => (await r1!.getChildren('/locks/fair')).children.length === 3, 'the writer to queue');
    const lateReader = new ReadWriteLock(r3!, '/locks/fair').readLock.acquire().then((lease) => (order.push('late reader'), lease));
    await until(async () => (await r1!.getChildren('/locks/fair')).children.length === 4, 'the late reader to queue');
    await sleep(200);
    expect(order).toEqual([]);
    await held[0].release();
    await sleep(100);
    expect(order).toEqual([]);
    await held[1].release();
    const writeLease = await writer;
    await sleep(200);
    expect(order).toEqual(['writer']);
    await writeLease.release();
    await (await lateReader).release();
    expect(order).toEqual(['writer', 'late reader']);
    expect(await new ReadWriteLock(r1!, '/locks/fair').writeLock.tryAcquire(50)).not.toBeNull();
  });

  it('Semaphore: never more than N leases; all of them used; tryAcquire times out cleanly', async () => {
    const zks = await many(6);
    const max = 2;
    let holders = 0;
    let maxHolders = 0;
    let granted = 0;
    await Promise.all(zks.map(async (zk) => {
      const semaphore = new Semaphore(zk, '/semaphores/s', max);
      for (let round = 0; round < 3; round++) {
        const lease = await semaphore.acquire();
        holders += 1;
        granted += 1;
        maxHolders = Math.max(maxHolders, holders);
        // The server agrees: no more lease nodes than N (a waiter's own node may add one).
        expect(await semaphore.leaseCount()).toBeLessThanOrEqual(max + 1);
        await sleep(15);
        holders -= 1;
        await lease.release();
      }
    }));
    expect(granted).toBe(18);
    expect(maxHolders).toBe(max);
    const semaphore = new Semaphore(zks[0]!, '/semaphores/s', max);
    expect(await semaphore.leaseCount()).toBe(0);
    const leases = [await semaphore.acquire(), await new Semaphore(zks[1]!, '/semaphores/s', max).acquire()];
    expect(await new Semaphore(zks[2]!, '/semaphores/s', max).tryAcquire(200)).toBeNull();
    expect(await semaphore.leaseCount()).toBe(2);
    await Promise.all(leases.map((l) => l.release()));
  });

  it('Semaphore: a holder whose session closes frees its lease for a waiter, and is told', async () => {
    const [a, b, c] = await many(3);
    const leases: Lease[] = [await new Semaphore(a!, '/semaphores/crash', 2).acquire(), await new Semaphore(b!, '/semaphores/crash', 2).acquire()];
    const waiting = new Semaphore(c!, '/semaphores/crash', 2).acquire();
    await sleep(100);
    await a!.close();
    expect(await leases[0]!.lost).toBe('Closed');
    const third = await waiting;
    expect(await new Semaphore(b!, '/semaphores/crash', 2).leaseCount()).toBe(2);
    await third.release();
    await leases[1]!.release();
  });

  it('a release during a disconnection waits for the connection and then frees the lock (no node left behind)', async () => {
    const proxy = await world.openProxy();
    try {
      const flaky = await clients.connect(proxy.connectString, { sessionTimeoutMs: 10_000 });
      const [other] = await many(1);
      const held = await new Mutex(flaky, '/locks/guaranteed').acquire();
      const waiting = new Mutex(other!, '/locks/guaranteed').acquire();
      proxy.cut();
      await until(() => flaky.state === 'Disconnected', 'Disconnected');
      let released = false;
      const releasing = held.release().then(() => (released = true));
      await sleep(300);
      expect(released).toBe(false);
      proxy.restore();
      await releasing;
      expect(flaky.state).toBe('Reconnected');
      await (await waiting).release();
      expect((await other!.getChildren('/locks/guaranteed')).children).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
