import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableCompatServers, killEverything, sleep, startServer, type RunningServer } from '../harness/index.js';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.js';
import { closeClient, connectClient, eventLog, nextEvent, ok, sessionIdOf, zk, zookeeper, type Client } from './node-zk.js';
import { expectFreshStat, zx } from './stat-json.js';

// node-zookeeper-client 1.1.3 (the 3.4 operation set) against each server kind. Unlike kazoo
// 2.8 it re-registers its watches with SetWatches on reconnect, so the watch replay rules are
// tested here, through a TCP proxy that takes one client offline while others keep writing.

const { CreateMode, ACL, Id, Permission } = zookeeper;
const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

describe.each(runnableCompatServers())('node-zookeeper-client against %s', (kind) => {
  let server: RunningServer | undefined;
  const clients: Client[] = [];
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500, minSessionTimeout: 1000, maxSessionTimeout: 30_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of proxies) await p.close();
    await server?.stop();
    killEverything();
  });

  async function client(options: { sessionTimeout?: number; via?: TcpProxy } = {}): Promise<Client> {
    const c = await connectClient(options.via?.connectString ?? server!.connectString, options);
    clients.push(c);
    return c;
  }
  async function proxy(): Promise<TcpProxy> {
    const p = await startTcpProxy(server!.port);
    proxies.push(p);
    return p;
  }

  it('creates all four 3.4 modes with exact Stats and sequential names', async () => {
    const c = await client();
    const sid = sessionIdOf(c);
    expect(await zk.create(c, '/nz-modes', buf('base'))).toEqual({ ok: '/nz-modes' });
    expect(await zk.create(c, '/nz-modes/p', buf('p'), CreateMode.PERSISTENT)).toEqual({ ok: '/nz-modes/p' });
    expect(await zk.create(c, '/nz-modes/e', buf('e'), CreateMode.EPHEMERAL)).toEqual({ ok: '/nz-modes/e' });
    expect(await zk.create(c, '/nz-modes/s-', buf('s'), CreateMode.PERSISTENT_SEQUENTIAL)).toEqual({ ok: '/nz-modes/s-0000000002' });
    expect(await zk.create(c, '/nz-modes/es-', null, CreateMode.EPHEMERAL_SEQUENTIAL)).toEqual({ ok: '/nz-modes/es-0000000003' });
    expectFreshStat(ok(await zk.exists(c, '/nz-modes/p'))!, 1);
    expectFreshStat(ok(await zk.exists(c, '/nz-modes/e'))!, 1, sid);
    expectFreshStat(ok(await zk.exists(c, '/nz-modes/s-0000000002'))!, 1);
    expectFreshStat(ok(await zk.exists(c, '/nz-modes/es-0000000003'))!, 0, sid);
    expect(ok(await zk.getData(c, '/nz-modes/es-0000000003')).data).toBeNull();
    const parent = ok(await zk.exists(c, '/nz-modes'))!;
    expect(parent).toMatchObject({ cversion: 4, numChildren: 4, version: 0 });
    expect(zx(parent.pzxid)).toBe(zx(parent.czxid) + 4n);
    expect(await zk.create(c, '/nz-modes/p', null)).toEqual({ error: 'NODE_EXISTS' });
    expect(await zk.create(c, '/nz-modes/none/x', null)).toEqual({ error: 'NO_NODE' });
    expect(await zk.create(c, '/nz-modes/e/x', null)).toEqual({ error: 'NO_CHILDREN_FOR_EPHEMERALS' });
  });

  it('negotiates the session timeout into [min, max]', async () => {
    const short = await client({ sessionTimeout: 100 });
    const long = await client({ sessionTimeout: 1_000_000 });
    const exact = await client({ sessionTimeout: 4321 });
    expect(short.getSessionTimeout()).toBe(1000);
    expect(long.getSessionTimeout()).toBe(30_000);
    expect(exact.getSessionTimeout()).toBe(4321);
    expect(new Set([sessionIdOf(short), sessionIdOf(long), sessionIdOf(exact)]).size).toBe(3);
  });

  it('reads and writes data with versions, and fires getData/exists/getChildren watchers once', async () => {
    const watcher = await client();
    const writer = await client();
    const log = eventLog();
    const settle = () => zk.exists(watcher, '/');
    await zk.create(writer, '/nz-data', buf('v0'));

    const first = ok(await zk.getData(watcher, '/nz-data', log.watcher));
    expect(first.data).toBe('v0');
    const set1 = ok(await zk.setData(writer, '/nz-data', buf('v1'), 0));
    expect(set1).toMatchObject({ version: 1, dataLength: 2, czxid: first.stat.czxid });
    expect(await zk.setData(writer, '/nz-data', buf('v2'), 0)).toEqual({ error: 'BAD_VERSION' });
    expect(ok(await zk.setData(writer, '/nz-data', buf('v22'), -1)).version).toBe(2);
    await settle();
    expect(log.take()).toEqual([['NODE_DATA_CHANGED', '/nz-data']]);

    expect(ok(await zk.exists(watcher, '/nz-data/kid', log.watcher))).toBeNull();
    expect(ok(await zk.getChildren(watcher, '/nz-data', log.watcher)).children).toEqual([]);
    await zk.create(writer, '/nz-data/kid', buf('k'));
    await zk.create(writer, '/nz-data/kid2', buf('k'));
    await settle();
    expect(log.take()).toEqual([
      ['NODE_CREATED', '/nz-data/kid'],
      ['NODE_CHILDREN_CHANGED', '/nz-data'],
    ]);

    const children = ok(await zk.getChildren(watcher, '/nz-data', log.watcher));
    expect(children.children).toEqual(['kid', 'kid2']);
    expect(children.stat).toMatchObject({ numChildren: 2, cversion: 2 });
    await zk.exists(watcher, '/nz-data/kid', log.watcher);
    expect(await zk.remove(writer, '/nz-data', -1)).toEqual({ error: 'NOT_EMPTY' });
    expect(await zk.remove(writer, '/nz-data/kid', 3)).toEqual({ error: 'BAD_VERSION' });
    expect(await zk.remove(writer, '/nz-data/kid', 0)).toEqual({ ok: true });
    await settle();
    expect(log.take()).toEqual([
      ['NODE_DELETED', '/nz-data/kid'],
      ['NODE_CHILDREN_CHANGED', '/nz-data'],
    ]);
    expect(await zk.remove(writer, '/nz-data/kid', -1)).toEqual({ error: 'NO_NODE' });
    expect(await zk.getData(watcher, '/nz-data/kid')).toEqual({ error: 'NO_NODE' });
    const parent = ok(await zk.exists(watcher, '/nz-data'))!;
    expect(parent).toMatchObject({ cversion: 3, numChildren: 1 });
  });

  it('commits transactions atomically and reports the failing op', async () => {
    const c = await client();
    await zk.create(c, '/nz-tx', null);
    const committed = await new Promise<{ error: string | null; results: unknown[] }>((resolve) =>
      c
        .transaction()
        .create('/nz-tx/a', buf('1'))
        .create('/nz-tx/s-', null, ACL.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)
        .setData('/nz-tx/a', buf('2'), 0)
        .check('/nz-tx/a', 1)
        .commit((error, results) => resolve({ error: error?.name ?? null, results })),
    );
    expect(committed.error).toBeNull();
    expect(committed.results).toHaveLength(4);
    expect(committed.results.slice(0, 2)).toEqual([
      { type: 1, path: '/nz-tx/a' },
      { type: 1, path: '/nz-tx/s-0000000001' },
    ]);
    const a = ok(await zk.getData(c, '/nz-tx/a'));
    expect(a.data).toBe('2');
    expect(a.stat).toMatchObject({ version: 1, mzxid: a.stat.czxid });

    const failed = await new Promise<{ error: string | null; results: Array<{ type: number; err?: number }> }>((resolve) =>
      c
        .transaction()
        .create('/nz-tx/b', null)
        .setData('/nz-tx/a', buf('3'), 7)
        .remove('/nz-tx/a')
        .commit((error, results) => resolve({ error: error?.name ?? null, results })),
    );
    expect(failed.error).toBe('BAD_VERSION');
    // Failed multi: every result is an error result; RolledBack (0), the cause, RuntimeInconsistency (-2).
    expect(failed.results.map((r) => [r.type, r.err])).toEqual([
      [-1, 0],
      [-1, -103],
      [-1, -2],
    ]);
    expect(ok(await zk.getChildren(c, '/nz-tx')).children).toEqual(['a', 's-0000000001']);
    expect(ok(await zk.getData(c, '/nz-tx/a')).data).toBe('2');
  });

  it('enforces digest ACLs and honours addAuthInfo', async () => {
    const alice = await client();
    const anon = await client();
    alice.addAuthInfo('digest', buf('alice:secret'));
    const aliceOnly = [new ACL(Permission.ALL, new Id('digest', 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E='))];
    expect(await zk.create(alice, '/nz-acl', buf('secret'), CreateMode.PERSISTENT, aliceOnly)).toEqual({ ok: '/nz-acl' });
    expect(await zk.getData(anon, '/nz-acl')).toEqual({ error: 'NO_AUTH' });
    expect(await zk.setData(anon, '/nz-acl', buf('x'))).toEqual({ error: 'NO_AUTH' });
    expect(await zk.getACL(anon, '/nz-acl')).toEqual({ error: 'NO_AUTH' });
    expect(ok(await zk.getData(alice, '/nz-acl')).data).toBe('secret');
    expect(await zk.getACL(alice, '/nz-acl')).toEqual({ ok: [{ perms: 31, scheme: 'digest', id: 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=' }] });
    expect(await zk.create(anon, '/nz-acl-bad', null, 0, [new ACL(Permission.ALL, new Id('nosuch', 'x'))])).toEqual({ error: 'INVALID_ACL' });
    // CREATOR_ALL_ACL (auth scheme) needs an authenticated identity.
    expect(await zk.create(anon, '/nz-acl-creator', null, 0, ACL.CREATOR_ALL_ACL)).toEqual({ error: 'INVALID_ACL' });
    expect(await zk.create(alice, '/nz-acl-creator', null, 0, ACL.CREATOR_ALL_ACL)).toEqual({ ok: '/nz-acl-creator' });
    anon.addAuthInfo('digest', buf('alice:secret'));
    expect(ok(await zk.getData(anon, '/nz-acl')).data).toBe('secret');
    expect(await zk.setACL(anon, '/nz-acl', ACL.READ_ACL_UNSAFE, 5)).toEqual({ error: 'BAD_VERSION' });
    expect(ok(await zk.setACL(anon, '/nz-acl', ACL.READ_ACL_UNSAFE, 0))).toMatchObject({ aversion: 1, version: 0 });
    expect(await zk.setData(anon, '/nz-acl', buf('x'))).toEqual({ error: 'NO_AUTH' });
  });

  it('deletes ephemerals when their client closes', async () => {
    const owner = await client();
    const observer = await client();
    const log = eventLog();
    await zk.create(owner, '/nz-eph', null);
    await zk.create(owner, '/nz-eph/e', buf('x'), CreateMode.EPHEMERAL);
    await zk.exists(observer, '/nz-eph/e', log.watcher);
    await zk.getChildren(observer, '/nz-eph', log.watcher);
    await closeClient(owner);
    await zk.exists(observer, '/');
    expect(log.take().sort()).toEqual([
      ['NODE_CHILDREN_CHANGED', '/nz-eph'],
      ['NODE_DELETED', '/nz-eph/e'],
    ]);
    expect(ok(await zk.getChildren(observer, '/nz-eph')).children).toEqual([]);
  });

  it('mkdirp creates every missing level and is idempotent', async () => {
    const c = await client();
    expect(await zk.mkdirp(c, '/nz-mk/a/b/c', buf('leaf'))).toEqual({ ok: '/nz-mk/a/b/c' });
    expect(await zk.mkdirp(c, '/nz-mk/a/b/c', buf('again'))).toEqual({ ok: '/nz-mk/a/b/c' });
    expect(ok(await zk.getChildren(c, '/nz-mk/a')).children).toEqual(['b']);
    const leaf = ok(await zk.getData(c, '/nz-mk/a/b/c'));
    expect(leaf.data).toBe('leaf');
    expect(leaf.stat.version).toBe(0);
  });

  it('replays watches (SetWatches) when a client reconnects after missing changes', async () => {
    const p = await proxy();
    const offline = await client({ via: p, sessionTimeout: 10_000 });
    const writer = await client();
    const log = eventLog();
    const sid = sessionIdOf(offline);
    for (const path of ['/nz-replay', '/nz-replay/data', '/nz-replay/kids', '/nz-replay/quiet', '/nz-replay/doomed']) {
      await zk.create(writer, path, buf('0'));
    }
    await zk.getData(offline, '/nz-replay/data', log.watcher);
    await zk.exists(offline, '/nz-replay/born', log.watcher);
    await zk.getChildren(offline, '/nz-replay/kids', log.watcher);
    await zk.getData(offline, '/nz-replay/quiet', log.watcher);
    await zk.exists(offline, '/nz-replay/doomed', log.watcher);

    const disconnected = nextEvent(offline, 'disconnected');
    p.cut();
    await disconnected;
    // While the client is away: every watched path but 'quiet' changes.
    await zk.setData(writer, '/nz-replay/data', buf('1'));
    await zk.create(writer, '/nz-replay/born', null);
    await zk.create(writer, '/nz-replay/kids/k', null);
    await zk.remove(writer, '/nz-replay/doomed');
    expect(log.events).toEqual([]);

    const reconnected = nextEvent(offline, 'connected');
    p.restore();
    await reconnected;
    expect(sessionIdOf(offline)).toBe(sid);
    await zk.exists(offline, '/');
    expect(log.take().sort()).toEqual([
      ['NODE_CHILDREN_CHANGED', '/nz-replay/kids'],
      ['NODE_CREATED', '/nz-replay/born'],
      ['NODE_DATA_CHANGED', '/nz-replay/data'],
      ['NODE_DELETED', '/nz-replay/doomed'],
    ]);
    // The unchanged path's watch was re-armed, and fires on its next change.
    await zk.setData(writer, '/nz-replay/quiet', buf('1'));
    await zk.exists(offline, '/');
    expect(log.take()).toEqual([['NODE_DATA_CHANGED', '/nz-replay/quiet']]);
  });

  it('keeps the session and its watches across a server restart', async () => {
    // Through a proxy held shut until the restarted server serves: ZooKeeper 3.8 can swallow a
    // handshake that arrives during its startup, and this client has no handshake timeout.
    const p = await proxy();
    const c = await client({ via: p, sessionTimeout: 10_000 });
    const writer = await client({ via: p, sessionTimeout: 10_000 });
    const log = eventLog();
    const sid = sessionIdOf(c);
    await zk.create(c, '/nz-restart', buf('0'));
    await zk.create(c, '/nz-restart/e', null, CreateMode.EPHEMERAL);
    await zk.getData(c, '/nz-restart', log.watcher);
    const disconnected = nextEvent(c, 'disconnected');
    const reconnected = nextEvent(c, 'connected', 30_000);
    p.cut();
    await server!.restart();
    p.restore();
    await disconnected;
    await reconnected;
    expect(sessionIdOf(c)).toBe(sid);
    expect(ok(await zk.exists(writer, '/nz-restart/e'))!.ephemeralOwner).toBe(sid);
    expect(log.events).toEqual([]);
    await zk.setData(writer, '/nz-restart', buf('1'));
    await zk.exists(c, '/');
    expect(log.take()).toEqual([['NODE_DATA_CHANGED', '/nz-restart']]);
  });

  it('reports an expired session when a client comes back after its timeout', async () => {
    const p = await proxy();
    const c = await client({ via: p, sessionTimeout: 1000 });
    const observer = await client();
    const log = eventLog();
    await zk.create(c, '/nz-expire', null, CreateMode.EPHEMERAL);
    await zk.exists(observer, '/nz-expire', log.watcher);
    const expired = nextEvent(c, 'expired', 20_000);
    p.cut();
    // The server expires the silent session and deletes its ephemeral...
    for (let i = 0; i < 100 && log.events.length === 0; i += 1) {
      await sleep(100);
      await zk.exists(observer, '/');
    }
    expect(log.take()).toEqual([['NODE_DELETED', '/nz-expire']]);
    // ...and tells the client so when it reconnects.
    p.restore();
    await expired;
  });
});
