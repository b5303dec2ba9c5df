import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CREATOR_ALL_ACL, ErrorCode, KeeperError, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE, type WatchedEvent, type ZooKeeperClient,
} from '../../src/index';
import { Clients, text, until } from '../support/clients';
import { clientServerKinds, killEverything, serverAvailable, startServer, type RunningServer } from '../support/servers';


describe.each(clientServerKinds())('client API against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  let server: RunningServer;
  const clients = new Clients();
  let zk: ZooKeeperClient;

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 200, containerCheckIntervalMs: 200 });
  });
  afterAll(async () => {
    await clients.closeAll();
    await server?.stop();
    killEverything();
  });
  afterEach(async () => {
    await clients.closeAll();
  });

  async function connect(suffix = '', options = {}): Promise<ZooKeeperClient> {
    zk = await clients.connect(server.connectString + suffix, options);
    return zk;
  }

  it('establishes a session with a negotiated timeout', async () => {
    const c = await connect('', { sessionTimeoutMs: 5_000 });
    expect(c.state).toBe('Connected');
    expect(c.sessionId).not.toBe(0n);
    expect(c.sessionPassword.length).toBe(16);
    expect(c.negotiatedSessionTimeoutMs).toBe(5_000);
    const big = await clients.connect(server.connectString, { sessionTimeoutMs: 1e9 });
    // The harness sets maxSessionTimeout = 60 ticks.
    expect(big.negotiatedSessionTimeoutMs).toBe(60 * 200);
  });

  it('creates in every mode and returns path and Stat', async () => {
    const c = await connect();
    const base = await c.create('/modes', 'root');
    expect(base.path).toBe('/modes');
    expect(base.stat.dataLength).toBe(4);
    expect(base.stat.ephemeralOwner).toBe(0n);

    const eph = await c.create('/modes/eph', null, { mode: 'ephemeral' });
    expect(eph.stat.ephemeralOwner).toBe(c.sessionId);

    const seq = await c.create('/modes/seq-', 'x', { mode: 'persistentSequential' });
    expect(seq.path).toMatch(/^\/modes\/seq-\d{10}$/);
    const eseq = await c.create('/modes/eseq-', 'x', { mode: 'ephemeralSequential' });
    expect(eseq.path).toMatch(/^\/modes\/eseq-\d{10}$/);
    expect(Number(eseq.path.slice(-10))).toBe(Number(seq.path.slice(-10)) + 1);
    expect(eseq.stat.ephemeralOwner).toBe(c.sessionId);

    // Servers keep container and TTL markers in ephemeralOwner but report 0 to clients.
    const container = await c.create('/modes/container', null, { mode: 'container' });
    expect(container.stat.ephemeralOwner).toBe(0n);

    const ttl = await c.create('/modes/ttl', 'x', { mode: 'persistentWithTtl', ttlMs: 60_000 });
    expect(ttl.stat.ephemeralOwner).toBe(0n);
    const ttlSeq = await c.create('/modes/ttlseq-', 'x', { mode: 'persistentSequentialWithTtl', ttlMs: 60_000 });
    expect(ttlSeq.path).toMatch(/^\/modes\/ttlseq-\d{10}$/);

    await expect(c.create('/modes/ttl2', 'x', { mode: 'persistentWithTtl' })).rejects.toMatchObject({ name: 'BadArguments' });
    await expect(c.create('/modes/bad', 'x', { ttlMs: 5 })).rejects.toMatchObject({ name: 'BadArguments' });
    await expect(c.create('/modes/acl', 'x', { acl: [] })).rejects.toMatchObject({ name: 'InvalidACL' });
    await expect(c.create('/modes', 'again')).rejects.toMatchObject({ name: 'NodeExists', code: ErrorCode.NodeExists, path: '/modes' });
    await expect(c.create('/missing/child')).rejects.toMatchObject({ name: 'NoNode', path: '/missing/child' });
    await expect(c.create('/modes/eph/child')).rejects.toMatchObject({ name: 'NoChildrenForEphemerals' });
    await expect(c.create('relative')).rejects.toMatchObject({ name: 'BadArguments' });
    await c.deleteRecursive('/modes');
  });

  it('a container goes once its last child is deleted', async () => {
    const c = await connect();
    await c.create('/box', null, { mode: 'container' });
    await c.create('/box/item');
    await c.delete('/box/item');
    await until(async () => (await c.exists('/box')) === null, 'the container to be collected');
  });

  it('reads and writes data with versions', async () => {
    const c = await connect();
    await c.create('/data', new Uint8Array([1, 2, 3]));
    const first = await c.getData('/data');
    expect(first.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(first.stat.version).toBe(0);
    const stat = await c.setData('/data', 'two', 0);
    expect(stat.version).toBe(1);
    expect(text((await c.getData('/data')).data)).toBe('two');
    await expect(c.setData('/data', 'three', 0)).rejects.toMatchObject({ name: 'BadVersion', path: '/data' });
    await c.setData('/data', null);
    expect((await c.getData('/data')).data).toBeNull();
    expect(await c.exists('/nope')).toBeNull();
    expect((await c.exists('/data'))?.version).toBe(2);
    await expect(c.getData('/nope')).rejects.toBeInstanceOf(KeeperError);
    await expect(c.delete('/data', 7)).rejects.toMatchObject({ name: 'BadVersion' });
    await c.delete('/data', 2);
    await expect(c.delete('/data')).rejects.toMatchObject({ name: 'NoNode' });
  });

  it('lists children with the parent Stat, counts descendants, deletes recursively', async () => {
    const c = await connect();
    await c.mkdirp('/tree/a/b/c', { data: 'leaf' });
    await c.mkdirp('/tree/a/b/c');
    await c.create('/tree/x');
    const { children, stat } = await c.getChildren('/tree');
    expect(children.sort()).toEqual(['a', 'x']);
    expect(stat.numChildren).toBe(2);
    expect(text((await c.getData('/tree/a/b/c')).data)).toBe('leaf');
    expect(await c.getAllChildrenNumber('/tree')).toBe(4);
    await expect(c.delete('/tree')).rejects.toMatchObject({ name: 'NotEmpty' });
    await c.deleteRecursive('/tree');
    await c.deleteRecursive('/tree');
    expect(await c.exists('/tree')).toBeNull();
  });

  it('createIfMissing reports whether it created', async () => {
    const c = await connect();
    const first = await c.createIfMissing('/once', 'v1');
    expect(first.created).toBe(true);
    const second = await c.createIfMissing('/once', 'v2');
    expect(second).toMatchObject({ created: false, path: '/once' });
    expect(second.stat.czxid).toBe(first.stat.czxid);
    await expect(c.createIfMissing('/seq-', 'x', { mode: 'persistentSequential' })).rejects.toMatchObject({ name: 'BadArguments' });
    await c.delete('/once');
  });

  it('gets and sets ACLs, checking aversion and enforcing them', async () => {
    const c = await connect();
    await c.create('/acl', 'x');
    const { acl, stat } = await c.getACL('/acl');
    expect(acl).toEqual(OPEN_ACL_UNSAFE);
    expect(stat.aversion).toBe(0);
    const readAdmin = [{ perms: Perms.READ | Perms.ADMIN, id: { scheme: 'world', id: 'anyone' } }];
    const after = await c.setACL('/acl', readAdmin, 0);
    expect(after.aversion).toBe(1);
    await expect(c.setACL('/acl', OPEN_ACL_UNSAFE, 0)).rejects.toMatchObject({ name: 'BadVersion' });
    await expect(c.setData('/acl', 'y')).rejects.toMatchObject({ name: 'NoAuth', path: '/acl' });
    await c.setACL('/acl', READ_ACL_UNSAFE, 1);
    await expect(c.setACL('/acl', OPEN_ACL_UNSAFE)).rejects.toMatchObject({ name: 'NoAuth' });
    await expect(c.setACL('/acl', [])).rejects.toMatchObject({ name: 'InvalidACL' });
  });

  it('digest auth: addAuth, creator ACLs, whoAmI, and the credentials of other sessions', async () => {
    const c = await connect();
    const before = await c.whoAmI();
    expect(before.map((i) => i.authScheme)).toEqual(['ip']);
    await c.addAuth('digest', 'alice:secret');
    expect((await c.whoAmI()).map((i) => `${i.authScheme}:${i.user}`)).toContain('digest:alice');
    await c.create('/private', 'mine', { acl: CREATOR_ALL_ACL });
    const { acl } = await c.getACL('/private');
    expect(acl).toHaveLength(1);
    expect(acl[0]).toMatchObject({ perms: Perms.ALL, id: { scheme: 'digest' } });
    expect(acl[0]!.id.id.startsWith('alice:')).toBe(true);

    const stranger = await clients.connect(server.connectString);
    await expect(stranger.getData('/private')).rejects.toMatchObject({ name: 'NoAuth' });
    const friend = await clients.connect(server.connectString, { auth: [{ scheme: 'digest', auth: 'alice:secret' }] });
    expect(text((await friend.getData('/private')).data)).toBe('mine');
    await friend.delete('/private');
  });

  it('an unknown auth scheme ends the session with AuthFailed', async () => {
    const c = await connect();
    const states: string[] = [];
    c.onStateChange((s) => states.push(s));
    await expect(c.addAuth('no-such-scheme', 'x')).rejects.toMatchObject({ name: 'AuthFailed' });
    expect(states).toEqual(['AuthFailed']);
    await expect(c.exists('/')).rejects.toMatchObject({ name: 'AuthFailed' });
  });

  it('syncs', async () => {
    const c = await connect();
    await expect(c.sync('/')).resolves.toBeUndefined();
  });

  it('commits a transaction with typed per-op results, or applies nothing and names the failing op', async () => {
    const c = await connect();
    await c.create('/tx');
    const [created, seq, box, , set, check] = await c
      .transaction()
      .create('/tx/a', 'A')
      .create('/tx/s-', null, { mode: 'persistentSequential' })
      .create('/tx/box', null, { mode: 'container' })
      .delete('/tx/a')
      .setData('/tx', 'root')
      .check('/tx', 1)
      .commit();
    expect(box.stat?.czxid).toBe(set.stat.mzxid);
    expect(created).toMatchObject({ type: 'create', path: '/tx/a' });
    expect(seq.path).toMatch(/^\/tx\/s-\d{10}$/);
    expect(set.stat.version).toBe(1);
    expect(check).toEqual({ type: 'check' });

    const failed = c.transaction().create('/tx/b').setData('/tx/missing', 'x').create('/tx/c').commit();
    await expect(failed).rejects.toMatchObject({
      name: 'NoNode',
      path: '/tx/missing',
      opErrors: [0, ErrorCode.NoNode, ErrorCode.RuntimeInconsistency],
    });
    expect(await c.exists('/tx/b')).toBeNull();
    await expect(c.transaction().check('/tx', 0).commit()).rejects.toMatchObject({ name: 'BadVersion' });
    expect(await c.transaction().commit()).toEqual([]);
    await c.deleteRecursive('/tx');
  });

  it('multiRead returns each read on its own', async () => {
    const c = await connect();
    await c.mkdirp('/mr/kid', { data: 'k' });
    const [data, kids, missing] = await c.multiRead([
      { type: 'getData', path: '/mr/kid' },
      { type: 'getChildren', path: '/mr' },
      { type: 'getData', path: '/mr/none' },
    ] as const);
    expect(data.ok && text(data.value.data)).toBe('k');
    expect(kids.ok && kids.value).toEqual(['kid']);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ name: 'NoNode', path: '/mr/none' });
    await c.deleteRecursive('/mr');
  });

  it('one-shot watches fire once, as callbacks and as promises, before the reply that caused them', async () => {
    const c = await connect();
    await c.create('/w', 'v0');
    const order: string[] = [];
    const seen: WatchedEvent[] = [];
    await c.getData('/w', { watch: (e) => seen.push(e) });
    const { stat, watch } = await c.exists('/w/new', { watch: true });
    expect(stat).toBeNull();
    const children = await c.getChildren('/w', { watch: true });
    void watch.then((e) => order.push(`event:${e.type}`));
    await c.setData('/w', 'v1').then(() => order.push('reply:setData'));
    await c.setData('/w', 'v2');
    await c.create('/w/new').then(() => order.push('reply:create'));
    expect(seen).toEqual([{ type: 'NodeDataChanged', path: '/w', state: 'SyncConnected', zxid: seen[0]!.zxid }]);
    expect(await watch).toMatchObject({ type: 'NodeCreated', path: '/w/new' });
    expect(await children.watch).toMatchObject({ type: 'NodeChildrenChanged', path: '/w' });
    expect(order).toEqual(['reply:setData', 'event:NodeCreated', 'reply:create']);
    await c.deleteRecursive('/w');
  });

  it('persistent recursive watches stream the subtree through an async iterator until closed', async () => {
    const c = await connect();
    await c.create('/pw');
    const watch = await c.addWatch('/pw', 'persistentRecursive');
    const events: string[] = [];
    const done = (async () => {
      for await (const e of watch) events.push(`${e.type} ${e.path}`);
    })();
    await c.create('/pw/a');
    await c.create('/pw/a/b', 'x');
    await c.setData('/pw/a/b', 'y');
    await c.delete('/pw/a/b');
    await until(() => events.length === 4, 'four events');
    watch.close();
    await done;
    expect(events).toEqual(['NodeCreated /pw/a', 'NodeCreated /pw/a/b', 'NodeDataChanged /pw/a/b', 'NodeDeleted /pw/a/b']);
    await c.setData('/pw/a', 'later');
    await c.deleteRecursive('/pw');
  });

  it('persistent watches report data and child changes of their node, with a listener', async () => {
    const c = await connect();
    await c.create('/pp');
    const events: string[] = [];
    const watch = await c.addWatch('/pp', 'persistent', { listener: (e) => events.push(`${e.type} ${e.path}`) });
    await c.setData('/pp', '1');
    await c.create('/pp/kid');
    await c.setData('/pp/kid', 'ignored: not the watched node');
    await c.setData('/pp', '2');
    await until(() => events.length === 3, 'three events');
    expect(events).toEqual(['NodeDataChanged /pp', 'NodeChildrenChanged /pp', 'NodeDataChanged /pp']);
    expect(() => watch[Symbol.asyncIterator]()).toThrow(TypeError);
    watch.close();
    await c.deleteRecursive('/pp');
  });

  it('removeWatches and checkWatches', async () => {
    const c = await connect();
    await c.create('/rw');
    const removed = c.getData('/rw', { watch: true });
    const { watch } = await removed;
    await c.checkWatches('/rw', 'data');
    await expect(c.checkWatches('/rw', 'children')).rejects.toMatchObject({ name: 'NoWatcher' });
    await c.removeWatches('/rw', 'data');
    expect(await watch).toMatchObject({ type: 'DataWatchRemoved', path: '/rw' });
    await expect(c.removeWatches('/rw', 'any')).rejects.toMatchObject({ name: 'NoWatcher', path: '/rw' });
    const recursive = await c.addWatch('/rw', 'persistentRecursive');
    const next = recursive[Symbol.asyncIterator]().next();
    await c.removeWatches('/rw', 'any');
    expect((await next).value).toMatchObject({ type: 'PersistentWatchRemoved', path: '/rw' });
    await c.delete('/rw');
  });

  it('lists the session\'s ephemerals', async () => {
    const c = await connect();
    await c.create('/eph');
    await c.create('/eph/one', null, { mode: 'ephemeral' });
    await c.create('/eph/two', null, { mode: 'ephemeral' });
    const other = await clients.connect(server.connectString);
    await other.create('/eph/theirs', null, { mode: 'ephemeral' });
    expect((await c.getEphemerals('/eph')).sort()).toEqual(['/eph/one', '/eph/two']);
    expect(await c.getEphemerals('/nothing')).toEqual([]);
    await other.close();
    await c.deleteRecursive('/eph');
  });

  it('reads the config node and is refused reconfig on a standalone server', async () => {
    const c = await connect('/chrooted-config');
    const { stat } = await c.getConfig();
    expect(stat).toBeDefined();
    await expect(c.reconfig({ joiningServers: 'server.2=127.0.0.1:1:2;3' })).rejects.toMatchObject({ name: 'ReconfigDisabled' });
  });

  it('chroot: paths are relative to it, in replies and in events', async () => {
    const root = await connect();
    await root.mkdirp('/jail/app');
    const c = await clients.connect(`${server.connectString}/jail/app`);
    expect(c.chroot).toBe('/jail/app');
    const created = await c.create('/node-', 'x', { mode: 'persistentSequential' });
    expect(created.path).toMatch(/^\/node-\d{10}$/);
    expect((await root.exists(`/jail/app${created.path}`))?.czxid).toBe(created.stat.czxid);
    const { watch } = await c.getChildren('/', { watch: true });
    const [tx] = await c.transaction().create('/in-tx').commit();
    expect(tx.path).toBe('/in-tx');
    expect(await watch).toMatchObject({ type: 'NodeChildrenChanged', path: '/' });
    await c.create('/e', null, { mode: 'ephemeral' });
    expect(await c.getEphemerals()).toEqual(['/e']);
    expect((await c.getChildren('/')).children.sort()).toEqual(['e', 'in-tx', created.path.slice(1)].sort());
    await c.close();
    await root.deleteRecursive('/jail');
  });

  it('close: ephemerals go, watches end with a Closed event, later calls fail', async () => {
    const owner = await clients.connect(server.connectString);
    const c = await connect();
    await owner.create('/closing', null, { mode: 'ephemeral' });
    await owner.create('/stays');
    const { watch } = await c.exists('/closing', { watch: true });
    const states = c.states();
    const statesSeen: string[] = [];
    const collecting = (async () => {
      for await (const s of states) statesSeen.push(s);
    })();
    const { watch: ownWatch } = await owner.exists('/stays', { watch: true });
    await owner.close();
    expect(owner.state).toBe('Closed');
    expect(await ownWatch).toMatchObject({ type: 'None', state: 'Closed', path: '/stays' });
    expect(await watch).toMatchObject({ type: 'NodeDeleted', path: '/closing' });
    await expect(owner.exists('/')).rejects.toMatchObject({ name: 'ConnectionLoss' });
    await c.delete('/stays');
    await c.close();
    await collecting;
    expect(statesSeen).toEqual(['Closed']);
  });
});
