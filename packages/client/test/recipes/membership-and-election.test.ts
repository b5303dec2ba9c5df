/** GroupMember and LeaderSelector with several clients: joins, leaves, expiry, succession. */
import { describe, expect, it } from 'vitest';
import { GroupMember, LeaderSelector, type RelinquishReason } from '../../src/index';
import { sleep, text, until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

const ids = (member: GroupMember): string => [...member.members.keys()].sort().join(',');

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

describe.each(clientServerKinds())('membership and election against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients, many, cutOffClient } = world;

  it('GroupMember: every view follows joins, payload changes, leaves and session expiry', async () => {
    const [a, b, c] = await many(3);
    const { zk: fragile, proxy } = await cutOffClient(2_000);
    const members = [new GroupMember(a!, '/groups/g', 'a', 'pa'), new GroupMember(b!, '/groups/g', 'b'), new GroupMember(fragile, '/groups/g', 'f')];
    await Promise.all(members.map((m) => m.join()));
    for (const m of members) await until(() => ids(m) === 'a,b,f', `${m.id} to see everyone`);
    expect(text(members[1]!.members.get('a')!)).toBe('pa');
    await expect(new GroupMember(c!, '/groups/g', 'a').join()).rejects.toMatchObject({ name: 'NodeExists' });

    const late = new GroupMember(c!, '/groups/g', 'c');
    await late.join();
    for (const m of [...members, late]) await until(() => ids(m) === 'a,b,c,f', `${m.id} to see c join`);
    await members[1]!.setPayload('pb');
    await until(() => text(members[0]!.members.get('b') ?? null) === 'pb', 'the payload change');

    await late.leave();
    for (const m of members) await until(() => ids(m) === 'a,b,f', `${m.id} to see c leave`);

    proxy.cut();
    await until(() => ids(members[0]!) === 'a,b' && ids(members[1]!) === 'a,b', 'f to vanish once its session expires', 20_000);
    await b!.close();
    await until(() => ids(members[0]!) === 'a', 'b to vanish with its closed session');
    await members[0]!.leave();
  });

  it('LeaderSelector: exactly one leader at a time; succession on close; each leads once', async () => {
    const zks = await many(4);
    let leaders = 0;
    let maxLeaders = 0;
    const led: string[] = [];
    const relinquished: string[] = [];
    const selectors = zks.map((zk, i) => new LeaderSelector(zk, '/election/sel', {
      async takeLeadership(signal) {
        leaders += 1;
        maxLeaders = Math.max(maxLeaders, leaders);
        led.push(`p${i}`);
        await aborted(signal);
        leaders -= 1;
      },
      relinquish: (reason) => relinquished.push(`p${i}:${reason}`),
    }));
    for (const s of selectors) s.start();
    await until(() => selectors.filter((s) => s.hasLeadership).length === 1, 'a first leader');
    for (let round = 1; round < selectors.length; round++) {
      const leader = selectors.find((s) => s.hasLeadership)!;
      await leader.close();
      await until(() => led.length === round + 1, `leader ${round + 1}`);
      expect(selectors.filter((s) => s.hasLeadership)).toHaveLength(1);
    }
    await selectors.find((s) => s.hasLeadership)!.close();
    expect(maxLeaders).toBe(1);
    expect(new Set(led).size).toBe(4);
    expect(relinquished.map((r) => r.split(':')[1])).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect((await zks[0]!.getChildren('/election/sel')).children).toEqual([]);
  });

  it('LeaderSelector: leadership ends when takeLeadership returns; autoRequeue takes turns', async () => {
    const zks = await many(3);
    let leaders = 0;
    let maxLeaders = 0;
    const turns: number[] = [0, 0, 0];
    const reasons: RelinquishReason[] = [];
    const selectors = zks.map((zk, i) => new LeaderSelector(zk, '/election/turns', {
      async takeLeadership() {
        leaders += 1;
        maxLeaders = Math.max(maxLeaders, leaders);
        turns[i]! += 1;
        await sleep(20);
        leaders -= 1;
        if (i === 2 && turns[i] === 1) throw new Error('a failing leader');
      },
      relinquish: (reason) => reasons.push(reason),
    }, { autoRequeue: true }));
    for (const s of selectors) s.start();
    await until(() => turns.every((t) => t >= 3), 'every participant to lead three times');
    await Promise.all(selectors.map((s) => s.close()));
    expect(maxLeaders).toBe(1);
    // Every leadership was relinquished once: one failed, the last perhaps by close, the rest returned.
    expect(reasons).toHaveLength(turns[0]! + turns[1]! + turns[2]!);
    expect(reasons.filter((r) => r === 'failed')).toHaveLength(1);
    expect(reasons.filter((r) => r !== 'returned' && r !== 'failed').every((r) => r === 'closed')).toBe(true);
    expect(selectors[0]!.requeue()).toBe(false);
  });

  it('LeaderSelector: a leader cut off is told before anyone else leads; the next leads after its session expires', async () => {
    const { zk: fragile, proxy } = await cutOffClient(2_000);
    const [steady] = await many(1);
    const timeline: string[] = [];
    const listener = (name: string) => ({
      async takeLeadership(signal: AbortSignal) {
        timeline.push(`${name} leads`);
        await aborted(signal);
        timeline.push(`${name} stops: ${String(signal.reason)}`);
      },
      relinquish: (reason: RelinquishReason) => timeline.push(`${name} relinquished: ${reason}`),
    });
    const first = new LeaderSelector(fragile, '/election/cut', listener('first'));
    first.start();
    await until(() => first.hasLeadership, 'the first to lead');
    const second = new LeaderSelector(steady!, '/election/cut', listener('second'));
    second.start();
    await sleep(200);
    expect(second.hasLeadership).toBe(false);
    proxy.cut();
    await until(() => second.hasLeadership, 'the second to lead once the first session expires', 20_000);
    expect(timeline.slice(0, 3)).toEqual(['first leads', 'first stops: lost', 'second leads']);
    await until(() => timeline.includes('first relinquished: lost'), 'the first to relinquish', 20_000);
    await second.close();
    expect(timeline.at(-1)).toBe('second relinquished: closed');
  });

  it('LeaderSelector: a leader briefly disconnected stops leading, frees the lock once back, and queues again', async () => {
    const { zk: flaky, proxy } = await cutOffClient(10_000);
    const [steady] = await many(1);
    let leaders = 0;
    let maxLeaders = 0;
    const timeline: string[] = [];
    const listener = (name: string) => ({
      async takeLeadership(signal: AbortSignal) {
        leaders += 1;
        maxLeaders = Math.max(maxLeaders, leaders);
        timeline.push(`${name} leads`);
        await aborted(signal);
        leaders -= 1;
        timeline.push(`${name} stops: ${String(signal.reason)}`);
      },
    });
    const first = new LeaderSelector(flaky, '/election/flaky', listener('first'), { autoRequeue: true });
    first.start();
    await until(() => first.hasLeadership, 'the first to lead');
    const second = new LeaderSelector(steady!, '/election/flaky', listener('second'));
    second.start();
    proxy.cut();
    await until(() => timeline.includes('first stops: lost'), 'the first to stop leading');
    await sleep(300);
    proxy.restore();
    // The session survived: the first deletes its node once reconnected, so the second leads.
    await until(() => second.hasLeadership, 'the second to lead after the first is back');
    expect(timeline.slice(0, 3)).toEqual(['first leads', 'first stops: lost', 'second leads']);
    expect(flaky.state).toBe('Reconnected');
    await second.close();
    await until(() => first.hasLeadership, 'the requeued first to lead again');
    await first.close();
    expect(maxLeaders).toBe(1);
  });
});
