import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableCompatServers, killEverything, requireTool, sleep, startServer, startTcpProxy, type RunningServer, type TcpProxy } from '../harness/index.js';
import { connectClient, zk, type Client } from './node-zk.js';
import { parseStat, withoutStat, zkCliAvailable, ZkCliSession, type CliEvent } from './zkcli-session.js';

// The real Java client, through ZooKeeper's own zkCli.sh (3.8), one JVM per scenario. Output is
// matched line by line after dropping JVM noise; Stat lines are parsed into fields.
// (zkCli has no multi command, so transactions are covered by the kazoo and node suites.)

const haveZkCli = requireTool('zkCli.sh (Debian zookeeper)', zkCliAvailable);
const SUPER = { user: 'super', password: 'zkcli-super' };
const ALICE_DIGEST = 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=';

describe.each(haveZkCli ? runnableCompatServers() : [])('zkCli.sh against %s', (kind) => {
  let server: RunningServer | undefined;
  const sessions: ZkCliSession[] = [];
  const others: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500, superUser: SUPER });
  });
  afterAll(async () => {
    for (const s of sessions) await s.close().catch(() => undefined);
    for (const o of others) await o.close();
    await server?.stop();
    killEverything();
  });

  async function cli(connectString = server!.connectString, args: string[] = []): Promise<ZkCliSession> {
    const s = await ZkCliSession.open(connectString, args);
    sessions.push(s);
    return s;
  }
  async function nodeClient(): Promise<Client> {
    const c = await connectClient(server!.connectString);
    others.push(c);
    return c;
  }
  async function waitForEvents(s: ZkCliSession, count: number, timeoutMs = 15_000): Promise<CliEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (s.events().length < count && Date.now() < deadline) await sleep(20);
    return s.events();
  }

  it('create (-e -s -c -t), ls, ls -s, get -s, stat, set -v, delete -v, deleteall', async () => {
    const s = await cli();
    expect(await s.run('create /zc hello')).toEqual(['Created /zc']);
    expect(await s.run('create /zc')).toEqual(['Node already exists: /zc']);
    expect(await s.run('ls /zc')).toEqual(['[]']);
    expect(await s.run('create -s /zc/s- a')).toEqual(['Created /zc/s-0000000000']);
    expect(await s.run('create -e /zc/e')).toEqual(['Created /zc/e']);
    expect(await s.run('create -c /zc/c')).toEqual(['Created /zc/c']);
    expect(await s.run('create -t 60000 /zc/t')).toEqual(['Created /zc/t']);
    expect(await s.run('create -s /zc/s- b')).toEqual(['Created /zc/s-0000000004']);
    expect(await s.run('ls /zc')).toEqual(['[c, e, s-0000000000, s-0000000004, t]']);

    const ls = await s.run('ls -s /zc');
    expect(withoutStat(ls)).toEqual(['[c, e, s-0000000000, s-0000000004, t]']);
    const parent = parseStat(ls);
    expect(parent).toMatchObject({
      mZxid: parent.cZxid,
      cversion: '5',
      dataVersion: '0',
      aclVersion: '0',
      ephemeralOwner: '0x0',
      dataLength: '5',
      numChildren: '5',
    });
    // Six txns after /zc's create (one of them the failed duplicate create): last is s-4.
    const c0 = hex(parent.cZxid!);
    expect(hex(parent.pZxid!)).toBe(c0 + 6n);
    const get = await s.run('get -s /zc');
    expect(withoutStat(get)).toEqual(['hello']);
    expect(parseStat(get)).toEqual(parent);
    expect(parseStat(await s.run('stat /zc'))).toEqual(parent);

    const eph = parseStat(await s.run('stat /zc/e'));
    expect(eph.ephemeralOwner).toMatch(/^0x1[0-9a-f]+$/);
    expect(parseStat(await s.run('stat /zc/c')).ephemeralOwner).toBe('0x0');
    expect(parseStat(await s.run('stat /zc/t')).ephemeralOwner).toBe('0x0');

    expect(await s.run('set -v 0 /zc world')).toEqual([]);
    expect(await s.run('set -v 0 /zc again')).toEqual(['version No is not valid : /zc']);
    const set = parseStat(await s.run('set -s /zc x'));
    // Two successful sets and one failed set (which used a zxid too).
    expect(set).toMatchObject({ cZxid: parent.cZxid, pZxid: parent.pZxid, dataVersion: '2', dataLength: '1' });
    expect(hex(set.mZxid!)).toBe(c0 + 9n);
    expect(await s.run('delete -v 7 /zc/s-0000000000')).toEqual(['version No is not valid : /zc/s-0000000000']);
    expect(await s.run('delete -v 0 /zc/s-0000000000')).toEqual([]);
    expect(await s.run('delete /zc')).toEqual(['Node not empty: /zc']);
    expect(await s.run('ls -R /zc')).toEqual(['/zc', '/zc/c', '/zc/e', '/zc/s-0000000004', '/zc/t']);
    expect(await s.run('deleteall /zc')).toEqual([]);
    expect(await s.run('ls /zc')).toEqual(['Node does not exist: /zc']);
  });

  it('reports errors for missing nodes, ephemeral parents and the reserved /zookeeper tree', async () => {
    const s = await cli();
    expect(await s.run('get /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('stat /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('set /nope x')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('delete /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('deleteall /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('getAcl /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('getAllChildrenNumber /nope')).toEqual(['Node does not exist: /nope']);
    expect(await s.run('create /nope/b/c')).toEqual(['Node does not exist: /nope/b/c']);
    expect(await s.run('create -e /ze')).toEqual(['Created /ze']);
    expect(await s.run('create /ze/x')).toEqual(['Ephemerals cannot have children: /ze/x']);
    expect(await s.run('ls /zookeeper')).toEqual(['[config, quota]']);
    expect(await s.run('getAcl /zookeeper/config')).toEqual(["'world,'anyone", ': r']);
    expect(parseStat(await s.run('stat /zookeeper/config'))).toMatchObject({ aclVersion: '-1', cZxid: '0x0', mZxid: '0x0', dataLength: '0' });
    expect(await s.run('set /zookeeper/config x')).toEqual(['Insufficient permission : /zookeeper/config']);
    expect(await s.run('delete /zookeeper')).toEqual(['Arguments are not valid : /zookeeper']);
    // Only /zookeeper itself is protected: children may be created under it.
    expect(await s.run('create /zookeeper/mine')).toEqual(['Created /zookeeper/mine']);
    expect(await s.run('delete /zookeeper/mine')).toEqual([]);
    // Standalone: the dynamic config is empty.
    expect(await s.run('config')).toEqual([]);
    expect(await s.run('sync /nope')).toEqual(['Sync is OK']);
  });

  it('sync, whoami, getEphemerals and getAllChildrenNumber', async () => {
    const s = await cli();
    const other = await cli();
    expect(await s.run('create /zx')).toEqual(['Created /zx']);
    expect(await s.run('create -e /zx/e1')).toEqual(['Created /zx/e1']);
    expect(await s.run('create -e -s /zx/e-')).toEqual(['Created /zx/e-0000000001']);
    expect(await s.run('create /zx/p')).toEqual(['Created /zx/p']);
    expect(await s.run('create /zx/p/q')).toEqual(['Created /zx/p/q']);
    expect(await other.run('create -e /zx-other')).toEqual(['Created /zx-other']);
    expect(await s.run('sync /zx')).toEqual(['Sync is OK']);
    expect((await s.run('getEphemerals')).map(sortList)).toEqual(['[/zx/e-0000000001, /zx/e1]']);
    expect((await s.run('getEphemerals /zx/e1')).map(sortList)).toEqual(['[/zx/e1]']);
    expect(await other.run('getEphemerals')).toEqual(['[/zx-other]']);
    expect(await s.run('getAllChildrenNumber /zx')).toEqual(['4']);
    expect(await s.run('getAllChildrenNumber /zx/p/q')).toEqual(['0']);
    expect(identities(await s.run('whoami'))).toEqual(['ip: 127.0.0.1']);
  });

  it('addauth, create with ACLs, getAcl/setAcl (-v, -s, -R), NoAuth, InvalidACL, super', async () => {
    const alice = await cli();
    const anon = await cli();
    expect(await alice.run('addauth digest alice:secret')).toEqual([]);
    expect(identities(await alice.run('whoami'))).toEqual(['digest: alice', 'ip: 127.0.0.1']);
    expect(await alice.run(`create /za secret digest:${ALICE_DIGEST}:cdrwa`)).toEqual(['Created /za']);
    expect(await alice.run('getAcl /za')).toEqual([`'digest,'${ALICE_DIGEST}`, ': cdrwa']);
    const acl = await alice.run('getAcl -s /za');
    expect(withoutStat(acl)).toEqual([`'digest,'${ALICE_DIGEST}`, ': cdrwa']);
    expect(parseStat(acl)).toMatchObject({ aclVersion: '0', dataLength: '6' });
    expect(await anon.run('get /za')).toEqual(['Insufficient permission : /za']);
    expect(await anon.run('getAcl /za')).toEqual(['Insufficient permission : /za']);
    expect(await anon.run('set /za x')).toEqual(['Insufficient permission : /za']);

    expect(await alice.run('create /zb x auth::cdrwa,world:anyone:r')).toEqual(['Created /zb']);
    expect(await alice.run('getAcl /zb')).toEqual([`'digest,'${ALICE_DIGEST}`, ': cdrwa', "'world,'anyone", ': r']);
    // Without ADMIN the digest's hash is masked.
    expect(await anon.run('getAcl /zb')).toEqual(["'digest,'alice:x", ': cdrwa', "'world,'anyone", ': r']);
    expect(await anon.run('get /zb')).toEqual(['x']);
    expect(await alice.run('setAcl -v 5 /zb world:anyone:cdrwa')).toEqual(['version No is not valid : /zb']);
    expect(await alice.run('setAcl -v 0 /zb world:anyone:cdrwa')).toEqual([]);
    expect(parseStat(await alice.run('stat /zb'))).toMatchObject({ aclVersion: '1', dataVersion: '0' });
    expect(await anon.run('create /zb/kid')).toEqual(['Created /zb/kid']);
    expect(await anon.run('setAcl -R /zb world:anyone:r')).toEqual([]);
    expect(await anon.run('getAcl /zb/kid')).toEqual(["'world,'anyone", ': r']);
    expect(await anon.run('set /zb/kid y')).toEqual(['Insufficient permission : /zb/kid']);

    expect(await anon.run('create /zbad x bogus:foo:cdrwa')).toEqual(['KeeperErrorCode = InvalidACL for /zbad', 'Acl is not valid : /zbad']);
    expect(await anon.run('ls /zbad')).toEqual(['Node does not exist: /zbad']);

    const root = await cli();
    expect(await root.run(`addauth digest ${SUPER.user}:${SUPER.password}`)).toEqual([]);
    expect(identities(await root.run('whoami'))).toEqual(['digest: super', 'ip: 127.0.0.1', 'super:']);
    expect(await root.run('get /za')).toEqual(['secret']);
    expect(await root.run('setAcl /za world:anyone:cdrwa')).toEqual([]);
    expect(await anon.run('get /za')).toEqual(['secret']);

    // An unknown auth scheme makes the server close the session: the CLI is left unconnected.
    expect(await anon.run('addauth nosuchscheme x')).toEqual([]);
    // addauth returns before the server answers; poll until the failure has landed.
    let after: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      after = await anon.run('ls /');
      if (after[0] === 'Not connected') break;
      await sleep(100);
    }
    // Under load zkCli sometimes prints the line twice (its event thread reports the lost
    // connection while the command runs): the lines, not their count, are what matters.
    expect(after.length).toBeGreaterThan(0);
    expect([...new Set(after)]).toEqual(['Not connected']);
  });

  it('one-shot watches (get -w, ls -w, stat -w), addWatch and removewatches', async () => {
    const s = await cli();
    expect(await s.run('create /zw a')).toEqual(['Created /zw']);
    expect(await s.run('get -w /zw')).toEqual(['a']);
    await s.run('set /zw b');
    await s.run('set /zw c');
    expect(await s.run('ls -w /zw')).toEqual(['[]']);
    await s.run('create /zw/k');
    expect(await s.run('stat -w /zw/m')).toEqual(['Node does not exist: /zw/m']);
    await s.run('create /zw/m');
    // PERSISTENT (zkCli's default mode) survives its firings and sees /zw's children change.
    expect(await s.run('addWatch -m PERSISTENT /zw')).toEqual([]);
    await s.run('set /zw d');
    await s.run('set /zw e');
    await s.run('create /zw/k2');
    await s.run('set /zw/k2 z');
    expect(await s.run('addWatch /zp')).toEqual([]);
    await s.run('create /zp');
    await s.run('create /zp/a');
    await s.run('create /zp/a/b');
    expect(await s.run('addWatch -m PERSISTENT_RECURSIVE /zr')).toEqual([]);
    await s.run('create /zr');
    await s.run('create /zr/a');
    await s.run('create /zr/a/b');
    await s.run('set /zr/a/b 1');
    await s.run('delete /zr/a/b');
    expect(await s.run('removewatches /zw')).toEqual([]);
    await s.run('set /zw f');
    expect(await s.run('get -w /zw')).toEqual(['f']);
    expect(await s.run('removewatches /zw -d')).toEqual([]);
    await s.run('set /zw g');
    await s.run('sync /');
    const e = (type: string, path: string): CliEvent => ({ state: 'SyncConnected', type, path });
    // The Java client prints notifications from its own event thread: let it catch up.
    expect(await waitForEvents(s, 15)).toEqual([
      e('NodeDataChanged', '/zw'),
      e('NodeChildrenChanged', '/zw'),
      e('NodeCreated', '/zw/m'),
      e('NodeDataChanged', '/zw'),
      e('NodeDataChanged', '/zw'),
      e('NodeChildrenChanged', '/zw'),
      e('NodeCreated', '/zp'),
      e('NodeChildrenChanged', '/zp'),
      e('NodeCreated', '/zr'),
      e('NodeCreated', '/zr/a'),
      e('NodeCreated', '/zr/a/b'),
      e('NodeDataChanged', '/zr/a/b'),
      e('NodeDeleted', '/zr/a/b'),
      // Removing watches is reported to the local watcher by the Java client itself.
      e('PersistentWatchRemoved', '/zw'),
      e('DataWatchRemoved', '/zw'),
    ]);
  });

  it('ephemerals of a crashed CLI vanish after its session timeout, of a quit CLI at once', async () => {
    const observer = await cli();
    const quitter = await cli();
    expect(await quitter.run('create -e /zq')).toEqual(['Created /zq']);
    await quitter.close();
    expect(await observer.run('stat /zq')).toEqual(['Node does not exist: /zq']);

    const crasher = await cli(server!.connectString, ['-timeout', '2000']);
    expect(await crasher.run('create -e /zk')).toEqual(['Created /zk']);
    expect(parseStat(await observer.run('stat -w /zk')).ephemeralOwner).toMatch(/^0x1/);
    await crasher.kill9();
    const killedAt = Date.now();
    expect(await observer.run('ls /zk')).toEqual(['[]']);
    const events = await waitForEvents(observer, 1, 15_000);
    const elapsed = Date.now() - killedAt;
    expect(events).toEqual([{ state: 'SyncConnected', type: 'NodeDeleted', path: '/zk' }]);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(8000);
  });

  it('re-registers its watches on reconnect and is told about changes it missed', async () => {
    const proxy: TcpProxy = await startTcpProxy(server!.port);
    others.push(proxy);
    const writer = await nodeClient();
    const s = await cli(proxy.connectString, ['-timeout', '10000']);
    expect(await s.run('create /zj 0')).toEqual(['Created /zj']);
    expect(await s.run('create /zj/quiet 0')).toEqual(['Created /zj/quiet']);
    expect(await s.run('get -w /zj')).toEqual(['0']);
    expect(await s.run('stat -w /zj/born')).toEqual(['Node does not exist: /zj/born']);
    expect(await s.run('get -w /zj/quiet')).toEqual(['0']);
    proxy.cut();
    await s.waitForStateCount('Disconnected', 1);
    await zk.setData(writer, '/zj', Buffer.from('1'));
    await zk.create(writer, '/zj/born', null);
    proxy.restore();
    await s.waitForStateCount('SyncConnected', 2);
    const missed = await waitForEvents(s, 2);
    expect(missed.map((e) => `${e.type} ${e.path}`).sort()).toEqual(['NodeCreated /zj/born', 'NodeDataChanged /zj']);
    await zk.setData(writer, '/zj/quiet', Buffer.from('1'));
    const all = await waitForEvents(s, 3);
    expect(all[2]).toEqual({ state: 'SyncConnected', type: 'NodeDataChanged', path: '/zj/quiet' });
  });

  it('keeps its session and watch across a server restart', async () => {
    // Through a proxy held shut while the server restarts (see the node suite for why).
    const proxy = await startTcpProxy(server!.port);
    others.push(proxy);
    const s = await cli(proxy.connectString, ['-timeout', '10000']);
    expect(await s.run('create -e /zr-eph')).toEqual(['Created /zr-eph']);
    expect(await s.run('create /zr-watched 0')).toEqual(['Created /zr-watched']);
    expect(await s.run('get -w /zr-watched')).toEqual(['0']);
    const ownerBefore = parseStat(await s.run('stat /zr-eph')).ephemeralOwner;
    proxy.cut();
    await server!.restart();
    proxy.restore();
    await s.waitForStateCount('SyncConnected', 2);
    expect(parseStat(await s.run('stat /zr-eph')).ephemeralOwner).toBe(ownerBefore);
    const writer = await nodeClient();
    await zk.setData(writer, '/zr-watched', Buffer.from('1'));
    expect(await waitForEvents(s, 1)).toEqual([{ state: 'SyncConnected', type: 'NodeDataChanged', path: '/zr-watched' }]);
  });
});

/** zkCli prints getEphemerals in the server's order; compare as a sorted list. */
function sortList(line: string): string {
  const m = /^\[(.*)\]$/.exec(line);
  if (!m) return line;
  return `[${m[1]!.split(', ').sort().join(', ')}]`;
}

function hex(value: string): bigint {
  return BigInt(value);
}

/**
 * whoami's identities after its header, sorted: the server keeps a session's identities in a
 * hash set, so their order is not defined (it varied between runs against ZooKeeper 3.8).
 */
function identities(lines: string[]): string[] {
  expect(lines[0]).toBe('Auth scheme: User');
  return lines.slice(1).sort();
}
