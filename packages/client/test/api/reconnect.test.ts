import { describe, expect, it } from 'vitest';
import { CREATOR_ALL_ACL, type ConnectionState, type WatchedEvent, type ZooKeeperClient } from '../../src/index';
import { sleep, text, until } from '../support/clients';
import { clientServerKinds, serverAvailable, type TcpProxy } from '../support/servers';
import { useServerWorld } from '../support/server-world';

/** Long enough after the last expected event for a duplicate to have shown up. */
const QUIET_MS = 500;

/** Every watch kind, each counting what it receives. */
async function watchEverything(c: ZooKeeperClient, root: string) {
  const events: Record<'data' | 'exists' | 'children' | 'recursive', WatchedEvent[]> = { data: [], exists: [], children: [], recursive: [] };
  await c.getData(`${root}/data`, { watch: (e) => events.data.push(e) });
  expect(await c.exists(`${root}/later`, { watch: (e) => events.exists.push(e) })).toBeNull();
  await c.getChildren(root, { watch: (e) => events.children.push(e) });
  const recursive = await c.addWatch(`${root}/deep`, 'persistentRecursive', { listener: (e) => events.recursive.push(e) });
  return { events, recursive };
}

function recordStates(c: ZooKeeperClient): ConnectionState[] {
  const states: ConnectionState[] = [];
  c.onStateChange((s) => states.push(s));
  return states;
}

describe.each(clientServerKinds())('reconnect matrix against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients } = world;

  const proxy = (): Promise<TcpProxy> => world.openProxy();

  it.each(['restart', 'kill -9'] as const)(
    'server %s (same port, same data): the session, its ephemerals, auth and watches survive; each watch fires once',
    async (how) => {
      const root = `/restart-${how === 'restart' ? 'term' : 'kill'}`;
      const admin = await clients.connect(world.server.connectString);
      await admin.mkdirp(`${root}/deep`);
      await admin.create(`${root}/data`, 'v0');
      // The server is listed twice, which halves the connect timeout (timeout / hosts): a
      // ZooKeeper that is still starting sometimes accepts a connection and never answers its
      // handshake, and the client then waits out the connect timeout before trying again.
      const c = await clients.connect(`${world.server.connectString},${world.server.connectString}`, { sessionTimeoutMs: 10_000 });
      await c.addAuth('digest', 'bob:pw');
      await c.create(`${root}/secret`, 's', { acl: CREATOR_ALL_ACL });
      await c.create(`${root}/eph`, null, { mode: 'ephemeral' });
      const { events } = await watchEverything(c, root);
      const states = recordStates(c);
      const sessionId = c.sessionId;

      await admin.close();
      if (how === 'restart') await world.server.restart();
      else {
        await world.server.kill9();
        await world.server.restart();
      }
      await until(() => c.state === 'Reconnected', 'Reconnected', 12_000);
      expect(states).toEqual(['Disconnected', 'Reconnected']);
      expect(c.sessionId).toBe(sessionId);
      expect(await c.exists(`${root}/eph`)).not.toBeNull();
      expect(text((await c.getData(`${root}/secret`)).data)).toBe('s');

      const other = await clients.connect(world.server.connectString);
      await other.setData(`${root}/data`, 'v1');
      await other.create(`${root}/later`);
      await other.create(`${root}/deep/x`);
      await other.setData(`${root}/deep/x`, 'y');
      await until(
        () => events.data.length + events.exists.length + events.children.length === 3 && events.recursive.length === 2,
        'every watch to fire',
      );
      await other.setData(`${root}/data`, 'v2');
      await sleep(QUIET_MS);
      expect(events.data.map((e) => e.type)).toEqual(['NodeDataChanged']);
      expect(events.exists.map((e) => e.type)).toEqual(['NodeCreated']);
      expect(events.children.map((e) => e.type)).toEqual(['NodeChildrenChanged']);
      expect(events.recursive.map((e) => `${e.type} ${e.path}`)).toEqual([`NodeCreated ${root}/deep/x`, `NodeDataChanged ${root}/deep/x`]);
    },
  );

  it('changes made while the client was cut off fire once on reconnect (setWatches with lastZxid)', async () => {
    const p = await proxy();
    const admin = await clients.connect(world.server.connectString);
    await admin.mkdirp('/away/deep');
    await admin.create('/away/data', 'v0');
    const c = await clients.connect(p.connectString, { sessionTimeoutMs: 10_000 });
    const { events } = await watchEverything(c, '/away');
    const states = recordStates(c);

    p.cut();
    await until(() => c.state === 'Disconnected', 'Disconnected');
    await admin.setData('/away/data', 'v1');
    await admin.create('/away/later');
    await admin.create('/away/deep/x');
    p.restore();
    await until(() => c.state === 'Reconnected', 'Reconnected');
    await until(() => events.data.length + events.exists.length + events.children.length === 3, 'the missed changes to be reported');
    await sleep(QUIET_MS);
    expect(states).toEqual(['Disconnected', 'Reconnected']);
    expect(events.data.map((e) => `${e.type} ${e.path}`)).toEqual(['NodeDataChanged /away/data']);
    expect(events.exists.map((e) => `${e.type} ${e.path}`)).toEqual(['NodeCreated /away/later']);
    expect(events.children.map((e) => `${e.type} ${e.path}`)).toEqual(['NodeChildrenChanged /away']);
    // A persistent watch is re-registered, but ZooKeeper replays nothing missed for it (DataTree.setWatches).
    expect(events.recursive).toEqual([]);
    await admin.create('/away/deep/y');
    await until(() => events.recursive.some((e) => e.path === '/away/deep/y'), 'the recursive watch to see a new change');
  });

  it('fails over to the next host of the connect string, resuming the session', async () => {
    const first = await proxy();
    const second = await proxy();
    const c = await clients.connect(`${first.connectString},${second.connectString}`, { sessionTimeoutMs: 10_000 });
    const serving = first.accepted === 1 ? first : second;
    const standby = serving === first ? second : first;
    await c.create('/failover', null, { mode: 'ephemeral' });
    const { watch } = await c.exists('/failover', { watch: true });
    const sessionId = c.sessionId;
    serving.cut();
    await until(() => c.state === 'Reconnected', 'Reconnected through the other host');
    expect(standby.accepted).toBeGreaterThan(0);
    expect(c.sessionId).toBe(sessionId);
    await c.delete('/failover');
    expect(await watch).toMatchObject({ type: 'NodeDeleted', path: '/failover' });
  });

  it('a session expired while disconnected is reported Expired on the next handshake', async () => {
    const p = await proxy();
    const c = await clients.connect(p.connectString, { sessionTimeoutMs: 10_000 });
    await c.create('/doomed', null, { mode: 'ephemeral' });
    const { watch } = await c.exists('/doomed', { watch: true });
    const states = recordStates(c);
    p.cut();
    await until(() => c.state === 'Disconnected', 'Disconnected');
    // Another client takes over the session and closes it: the server forgets it at once.
    const thief = await clients.connect(world.server.connectString, { sessionId: c.sessionId, sessionPassword: c.sessionPassword });
    expect(thief.sessionId).toBe(c.sessionId);
    await thief.close();
    p.restore();
    await until(() => c.state === 'Expired', 'Expired');
    expect(states).toEqual(['Disconnected', 'Expired']);
    expect(await watch).toMatchObject({ type: 'None', state: 'Expired', path: '/doomed' });
    await expect(c.exists('/')).rejects.toMatchObject({ name: 'SessionExpired' });
    const observer = await clients.connect(world.server.connectString);
    expect(await observer.exists('/doomed')).toBeNull();
  });

  it('declares the session expired after 4/3 of its timeout with no server reachable', async () => {
    const p = await proxy();
    const c = await clients.connect(p.connectString, { sessionTimeoutMs: 3_000 });
    const timeout = c.negotiatedSessionTimeoutMs;
    const states = recordStates(c);
    await c.exists('/');
    const heard = Date.now();
    p.cut();
    await until(() => c.state === 'Expired', 'Expired', 4 * timeout);
    const silentMs = Date.now() - heard;
    expect(states).toEqual(['Disconnected', 'Expired']);
    expect(silentMs).toBeGreaterThanOrEqual((timeout * 4) / 3 - 50);
    expect(silentMs).toBeLessThan((timeout * 4) / 3 + 1_500);
  });

  it('reports Disconnected within the read timeout when the server goes silent, and operations fail fast', async () => {
    const p = await proxy();
    const c = await clients.connect(p.connectString, { sessionTimeoutMs: 3_000, requestTimeoutMs: 20_000 });
    p.cut();
    await until(() => c.state === 'Disconnected', 'Disconnected', 3_000);
    await expect(c.create('/never')).rejects.toMatchObject({ name: 'ConnectionLoss' });
    p.restore();
    await until(() => c.state === 'Reconnected', 'Reconnected');
    expect(await c.exists('/never')).toBeNull();
  });
});
