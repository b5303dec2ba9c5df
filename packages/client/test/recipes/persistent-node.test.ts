/** PersistentNode: kept through deletions, reconnects and (with a new session) expiry. */
import { describe, expect, it } from 'vitest';
import { KeeperError, PersistentNode, type ConnectionState } from '../../src/index';
import { text, until } from '../support/clients';
import { clientServerKinds, serverAvailable } from '../support/servers';
import { useServerWorld } from '../support/server-world';

describe.each(clientServerKinds())('PersistentNode against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  const world = useServerWorld(kind);
  const { clients, many } = world;

  it('an ephemeral node deleted by someone else comes back, with the latest data; close deletes it', async () => {
    const [owner, other] = await many(2);
    const node = new PersistentNode(owner!, '/pn/a/member', 'ephemeral', 'v1');
    node.start();
    expect(await node.waitForInitialCreate(10_000)).toBe(true);
    expect(node.actualPath).toBe('/pn/a/member');
    expect((await other!.exists('/pn/a/member'))?.ephemeralOwner).toBe(owner!.sessionId);
    await node.setData('v2');
    await other!.delete('/pn/a/member');
    await until(async () => text((await other!.getData('/pn/a/member').catch(() => ({ data: null }))).data) === 'v2', 're-created with v2');
    await node.close();
    expect(await other!.exists('/pn/a/member')).toBeNull();
  });

  it('a sequential node is protected, and comes back under a new sequence number', async () => {
    const [owner, other] = await many(2);
    const node = new PersistentNode(owner!, '/pn/seq/item-', 'persistentSequential', 'x');
    node.start();
    expect(await node.waitForInitialCreate(10_000)).toBe(true);
    const first = node.actualPath!;
    expect(first).toMatch(/^\/pn\/seq\/_c_[0-9a-f-]{36}-item-\d{10}$/);
    await other!.delete(first);
    await until(() => node.actualPath !== first, 'a new node');
    expect(await other!.exists(node.actualPath!)).not.toBeNull();
    await node.close();
    expect((await other!.getChildren('/pn/seq')).children).toEqual([]);
  });

  it('with newSessionOnExpiry, an ephemeral node is re-created in the new session after Expired', async () => {
    const proxy = await world.openProxy();
    const zk = await clients.connect(proxy.connectString, { newSessionOnExpiry: true });
    const states: ConnectionState[] = [];
    zk.onStateChange((s) => states.push(s));
    const node = new PersistentNode(zk, '/pn/expiry/worker', 'ephemeral', 'alive');
    node.start();
    expect(await node.waitForInitialCreate(10_000)).toBe(true);
    const oldSession = zk.sessionId;
    proxy.cut();
    await until(() => zk.state === 'Disconnected', 'Disconnected');
    // Another client takes over the session and closes it: the server forgets it at once.
    const [observer] = await many(1);
    const thief = await clients.connect(world.server.connectString, { sessionId: oldSession, sessionPassword: zk.sessionPassword });
    await thief.close();
    expect(await observer!.exists('/pn/expiry/worker')).toBeNull();
    proxy.restore();
    await until(async () => (await observer!.exists('/pn/expiry/worker'))?.ephemeralOwner === zk.sessionId && zk.sessionId !== oldSession, 're-created by the new session', 20_000);
    expect(states).toEqual(['Disconnected', 'Expired', 'Connected']);
    expect(text((await observer!.getData('/pn/expiry/worker')).data)).toBe('alive');
    await node.close();
  });

  it('startNewSession is refused while the session lives', async () => {
    const [zk] = await many(1);
    expect(() => zk!.startNewSession()).toThrow(KeeperError);
  });
});
