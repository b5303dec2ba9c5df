import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runnableCompatServers,
  kazooAvailable,
  killEverything,
  requireTool,
  runPythonScript,
  startServer,
  startTcpProxy,
  type PythonRunOptions,
  type RunningServer,
} from '../harness/index.js';
import { expectFreshStat, zx, type StatJson } from './stat-json.js';

// The real kazoo client (Debian python3-kazoo 2.8) against each server kind. The Python
// scripts in kazoo/ drive one scenario each and print what the server answered; every
// assertion about the server lives here, so both kinds face the same expectations.

const KAZOO_DIR = fileURLToPath(new URL('./kazoo/', import.meta.url));
const SUPER = { user: 'super', password: 'compat-super-secret' };
const haveKazoo = requireTool('python3-kazoo', kazooAvailable);

type R = Record<string, any>;

describe.each(haveKazoo ? runnableCompatServers() : [])('kazoo against %s', (kind) => {
  let server: RunningServer | undefined;

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500, superUser: SUPER, containerCheckIntervalMs: 250 });
  });
  afterAll(async () => {
    await server?.stop();
    killEverything();
  });

  async function run(script: string, opts: PythonRunOptions = {}): Promise<R> {
    const env = { ZK_HOSTS: server!.connectString, SUPER_PASSWORD: SUPER.password, ...opts.env };
    const { result } = await runPythonScript<R>(join(KAZOO_DIR, script), { ...opts, env });
    return result;
  }

  it('creates every mode with the right Stat, name and owner', async () => {
    const r = await run('create_modes.py');
    const base = '/create-modes';
    expect(r.persistent.path).toBe(`${base}/persistent`);
    expectFreshStat(r.persistent.stat, 1);
    expect(r.ephemeral.path).toBe(`${base}/ephemeral`);
    expectFreshStat(r.ephemeral.stat, 1, r.sessionId);
    // Suffixes count every create under the parent so far: persistent, ephemeral, then this.
    expect(r.sequential.path).toBe(`${base}/seq-0000000002`);
    expectFreshStat(r.sequential.stat, 1);
    expect(r.ephemeralSequential.path).toBe(`${base}/eseq-0000000003`);
    expectFreshStat(r.ephemeralSequential.stat, 2, r.sessionId);
    // Containers and TTL nodes show ephemeralOwner 0 to clients, whatever is stored inside.
    expect(r.container.path).toBe(`${base}/container`);
    expectFreshStat(r.container.stat, 1);
    expect(r.ttl.path).toBe(`${base}/ttl`);
    expectFreshStat(r.ttl.stat, 1);
    expect(r.ttlSequential.path).toBe(`${base}/ttlseq-0000000006`);
    expectFreshStat(r.ttlSequential.stat, 2);
    // Seven successful creates in a row take seven consecutive zxids.
    const czxids = ['persistent', 'ephemeral', 'sequential', 'ephemeralSequential', 'container', 'ttl', 'ttlSequential'].map(
      (k) => zx(r[k].stat.czxid),
    );
    czxids.forEach((z, i) => expect(z).toBe(czxids[0]! + BigInt(i)));

    expect(r.ttlErrors).toEqual({
      flagsPersistent: { error: 'BadArgumentsError' },
      flagsEphemeral: { error: 'BadArgumentsError' },
      zero: { error: 'BadArgumentsError' },
      negative: { error: 'BadArgumentsError' },
      tooLarge: { error: 'BadArgumentsError' },
    });
    // Five failed TTL creates still consumed five zxids (error txns): c-op lands 7 after ttlseq.
    expect(r.plainCreateWithContainerFlag).toEqual({ ok: `${base}/c-flag` });
    expect(r.createContainerFlags0.ok[0]).toBe(`${base}/c-op`);
    expect(zx(r.createContainerFlags0.ok[1].czxid)).toBe(zx(r.ttlSequential.stat.czxid) + 7n);

    expect(r.errors).toEqual({
      nodeExists: { error: 'NodeExistsError' },
      noParent: { error: 'NoNodeError' },
      childOfEphemeral: { error: 'NoChildrenForEphemeralsError' },
      sequentialChildOfEphemeral: { error: 'NoChildrenForEphemeralsError' },
      rootExists: { error: 'NodeExistsError' },
    });
    expect(r.data).toEqual({ persistent: { bytes: 'p' }, ttl: { bytes: 't' }, container: { bytes: 'c' } });
    expect(r.children).toEqual([
      'c-flag',
      'c-op',
      'container',
      'ephemeral',
      'eseq-0000000003',
      'persistent',
      'seq-0000000002',
      'ttl',
      'ttlseq-0000000006',
    ]);
  });

  it('moves versions and zxids exactly as ZooKeeper does on get/set/delete', async () => {
    const r = await run('data_versions.py');
    const created: StatJson = r.created;
    expectFreshStat(created, 1);
    expect(r.get).toEqual({ data: { bytes: 'a' }, stat: created });

    const setV0: StatJson = r.setV0.ok;
    expect(setV0).toMatchObject({ czxid: created.czxid, pzxid: created.pzxid, version: 1, dataLength: 2, cversion: 0 });
    expect(zx(setV0.mzxid)).toBe(zx(created.czxid) + 1n);
    expect(setV0.mtime).toBeGreaterThanOrEqual(created.mtime);
    expect(r.setStaleV0).toEqual({ error: 'BadVersionError' });
    // The failed set consumed a zxid of its own.
    expect(r.setAny.ok).toMatchObject({ version: 2, dataLength: 3, mzxid: String(zx(setV0.mzxid) + 2n) });
    expect(r.afterSets).toEqual(r.setAny.ok);

    const child: StatJson = r.child;
    expectFreshStat(child, 1);
    expect(zx(child.czxid)).toBe(zx(r.afterSets.mzxid) + 1n);
    // A child create moves the parent's cversion, numChildren and pzxid, nothing else.
    expect(r.parentAfterCreate).toEqual({ ...r.afterSets, cversion: 1, numChildren: 1, pzxid: child.czxid });
    expect(r.setChild.ok).toMatchObject({ version: 1, czxid: child.czxid, mzxid: String(zx(child.czxid) + 1n) });
    // setData on a child changes neither the parent's cversion nor its pzxid.
    expect(r.parentAfterChildSet).toEqual(r.parentAfterCreate);
    expect(r.getChildren2).toEqual({ children: ['child'], stat: r.parentAfterCreate });
    expect(r.getChildren).toEqual(['child']);

    expect(r.deleteNotEmpty).toEqual({ error: 'NotEmptyError' });
    expect(r.deleteBadVersion).toEqual({ error: 'BadVersionError' });
    expect(r.deleteChildV1).toEqual({ ok: true });
    // setChild, two failed deletes, then the delete: pzxid is the delete's zxid.
    const deleteZxid = zx(r.setChild.ok.mzxid) + 3n;
    expect(r.parentAfterDelete).toEqual({ ...r.parentAfterCreate, cversion: 2, numChildren: 0, pzxid: String(deleteZxid) });
    expect(r.deleteNoNode).toEqual({ error: 'NoNodeError' });
    expect(r.setNoNode).toEqual({ error: 'NoNodeError' });
    expect(r.getNoNode).toEqual({ error: 'NoNodeError' });
    expect(r.childrenNoNode).toEqual({ error: 'NoNodeError' });
    expect(r.existsNoNode).toBeNull();
    // Failed writes (delete, set) take zxids; failed reads do not.
    expect(zx(r.afterDeleteCreate.czxid)).toBe(deleteZxid + 3n);

    expect(r.nullData).toEqual({ isNone: true, dataLength: 0 });
    expect(r.emptyData).toEqual({ isNone: false, value: { bytes: '' }, dataLength: 0 });
    expect(r.binaryRoundTrip).toBe(true);
    expect(r.bigSet.ok).toMatchObject({ version: 2, dataLength: 524288 });
    expect(r.bigRoundTrip).toEqual({ equal: true, dataLength: 524288 });
    expect(r.deleteWithVersionAny).toEqual({ ok: true });
  });

  it('names sequential nodes from the parent create count (delete does not give numbers back)', async () => {
    const r = await run('sequential.py');
    expect(r.n0).toBe('/sequential/n0000000000');
    expect(r.n1).toBe('/sequential/n0000000001');
    // Creates n0, n1, x and the delete of x: cversion counts all four.
    expect(r.parentAfterDelete).toMatchObject({ cversion: 4, numChildren: 2 });
    expect(r.next).toBe('/sequential/n0000000003');
    expect(r.parentAfterNext).toMatchObject({ cversion: 5, numChildren: 3 });
    expect(zx(r.parentAfterNext.pzxid)).toBe(zx(r.parentAfterDelete.pzxid) + 1n);
    expect(r.otherFirst).toBe('/sequential/other/0000000000');
    expect(r.otherSecond).toBe('/sequential/other/q-0000000001');
    // After n3: other (4), plain (5), the failed duplicate of plain does not count.
    expect(r.afterPlain).toBe('/sequential/n0000000006');
    expect(r.children).toEqual(['n0000000000', 'n0000000001', 'n0000000003', 'n0000000006', 'other', 'plain']);
  });

  it('fires one-shot watches once, per the trigger matrix', async () => {
    const r = await run('watches.py');
    const ev = (event: string, path: string) => [{ event, state: 'SyncConnected', path }];
    expect(r.dataWatchSet).toEqual(ev('NodeDataChanged', '/watches/d'));
    expect(r.dataWatchSecondSet).toEqual([]);
    expect(r.dataWatchDelete).toEqual(ev('NodeDeleted', '/watches/d'));
    expect(r.existsOnMissing).toBe(true);
    expect(r.existsWatchCreate).toEqual(ev('NodeCreated', '/watches/e'));
    expect(r.existsWatchSet).toEqual(ev('NodeDataChanged', '/watches/e'));
    expect(r.existsWatchDelete).toEqual(ev('NodeDeleted', '/watches/e'));
    expect(r.getMissing).toEqual({ error: 'NoNodeError' });
    expect(r.afterGetMissingCreate).toEqual([]);
    expect(r.childWatchCreate).toEqual(ev('NodeChildrenChanged', '/watches/p'));
    expect(r.childWatchSetChild).toEqual([]);
    expect(r.childWatchDeleteChild).toEqual(ev('NodeChildrenChanged', '/watches/p'));
    expect(r.childWatchAfterFired).toEqual([]);
    expect(r.childWatchOnDeletedNode).toEqual(ev('NodeDeleted', '/watches/p/c2'));
    expect(r.dataAndChildWatchDelete).toEqual(ev('NodeDeleted', '/watches/both'));
    expect(r.createFiresNodeAndParent).toEqual([
      ...ev('NodeCreated', '/watches/p/c3'),
      ...ev('NodeChildrenChanged', '/watches/p'),
    ]);
    expect(r.ownWriteOrder).toEqual(['NodeDataChanged', 'reply:SetData']);
  });

  it('keeps persistent and recursive watches (addWatch) across firings', async () => {
    const r = await run('persistent_watches.py');
    const b = '/persistent-watches';
    expect(r.addPersistent).toEqual({ ok: 0 });
    expect(r.pSet1).toEqual([['NodeDataChanged', `${b}/p`]]);
    expect(r.pSet2).toEqual([['NodeDataChanged', `${b}/p`]]);
    expect(r.pCreateChild).toEqual([['NodeChildrenChanged', `${b}/p`]]);
    expect(r.pSetChild).toEqual([]);
    expect(r.pCreateGrandchild).toEqual([]);
    expect(r.pDeleteGrandchild).toEqual([]);
    expect(r.pDeleteChild).toEqual([['NodeChildrenChanged', `${b}/p`]]);
    expect(r.pDelete).toEqual([['NodeDeleted', `${b}/p`]]);
    expect(r.pRecreate).toEqual([['NodeCreated', `${b}/p`]]);
    expect(r.addPersistentMissing).toEqual({ ok: 0 });
    expect(r.laterCreate).toEqual([['NodeCreated', `${b}/later`]]);
    expect(r.addRecursive).toEqual({ ok: 0 });
    expect(r.rCreateChild).toEqual([['NodeCreated', `${b}/r/a`]]);
    expect(r.rCreateGrandchild).toEqual([['NodeCreated', `${b}/r/a/b`]]);
    expect(r.rSetGrandchild).toEqual([['NodeDataChanged', `${b}/r/a/b`]]);
    expect(r.rSetGrandchildAgain).toEqual([['NodeDataChanged', `${b}/r/a/b`]]);
    expect(r.rSetSelf).toEqual([['NodeDataChanged', `${b}/r`]]);
    expect(r.rDeleteGrandchild).toEqual([['NodeDeleted', `${b}/r/a/b`]]);
    expect(r.rOutsideSubtree).toEqual([]);
    expect(r.rWithOneShot).toEqual([['NodeDataChanged', `${b}/r/a`]]);
  });

  it('deletes ephemerals at once on close and after the timeout on a crash', async () => {
    const r = await run('sessions.py', { args: ['2.0'] });
    expect(r.ownerEphemerals).toEqual(['/sessions/closed-e', '/sessions/closed-s-0000000001']);
    // getEphemerals lists only the calling session's nodes.
    expect(r.observerEphemerals).toEqual([]);
    expect(r.ownerStat.ephemeralOwner).toBe(r.ownerSession);
    expect(r.closeEvents).toEqual([
      ['NodeChildrenChanged', '/sessions'],
      ['NodeDeleted', '/sessions/closed-e'],
    ]);
    expect(r.afterClose).toEqual([]);
    expect(r.zombieStat.ephemeralOwner).toBe(r.zombieSession);
    expect(r.existsRightAfterKill).toBe(true);
    // 2 s timeout, pinged every ~0.67 s, expiry bucketed on 0.5 s ticks.
    expect(r.expiryMs).toBeGreaterThanOrEqual(1000);
    expect(r.expiryMs).toBeLessThan(6000);
    expect(r.expiryEvents).toEqual([['NodeDeleted', '/sessions/zombie-e']]);
    expect(r.afterExpiry).toEqual([]);
    expect(r.resumeSawExpiry).toBe(true);
    expect(r.resumeGotNewSession).toBe(true);
    expect(r.resumeCanRead).toBe(true);
  });

  it('applies transactions atomically with one zxid, and reports per-op failures', async () => {
    const r = await run('transactions.py');
    const aStat: StatJson = r.aStat;
    expect(r.success).toEqual([
      '/transactions/a',
      '/transactions/s-0000000001',
      '/transactions/s-0000000002',
      aStat,
      true,
      '/transactions/gone',
      true,
    ]);
    // Created and set in the same txn: czxid == mzxid, version 1.
    expect(aStat).toMatchObject({ version: 1, mzxid: aStat.czxid, pzxid: aStat.czxid, dataLength: 1 });
    // 4 creates + 1 delete; the parent's pzxid is the multi's single zxid.
    expect(r.baseStat).toMatchObject({ cversion: 5, numChildren: 3, pzxid: aStat.czxid });
    expect(zx(aStat.czxid)).toBe(zx(r.baseStat.czxid) + 1n);
    expect(r.childrenAfterSuccess).toEqual(['a', 's-0000000001', 's-0000000002']);
    expect(r.badVersion).toEqual([{ error: 'RolledBackError' }, { error: 'BadVersionError' }, { error: 'RuntimeInconsistency' }]);
    expect(r.noNode).toEqual([{ error: 'RolledBackError' }, { error: 'NoNodeError' }]);
    expect(r.nodeExistsWithinTx).toEqual([{ error: 'RolledBackError' }, { error: 'NodeExistsError' }]);
    expect(r.checkOnlyFails).toEqual([{ error: 'BadVersionError' }]);
    expect(r.checkOnlySucceeds).toEqual([true]);
    expect(r.afterFailures).toEqual({ children: ['a', 's-0000000001', 's-0000000002'], a: [{ bytes: '2' }, aStat] });
    // Failed transactions use no sequence numbers but each commit is one txn (5 zxids).
    expect(r.nextSequential.path).toBe('/transactions/s-0000000004');
    expect(zx(r.nextSequential.stat.czxid)).toBe(zx(aStat.czxid) + 6n);
  });

  it('enforces ACLs: digest, NoAuth, InvalidACL, world read-only, auth/ip schemes, super', async () => {
    const r = await run('acls.py');
    const aliceDigest = { perms: 31, scheme: 'digest', id: 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=' };
    const worldRead = { perms: 1, scheme: 'world', id: 'anyone' };
    expect(r.alice.whoAmI).toEqual([
      ['digest', 'alice'],
      ['ip', '127.0.0.1'],
    ]);
    expect(r.alice.get).toEqual({ bytes: 'p' });
    expect(r.alice.getAcls).toEqual([aliceDigest]);
    expect(r.alice.set.ok).toMatchObject({ version: 1 });
    expect(r.anon).toMatchObject({
      whoAmI: [['ip', '127.0.0.1']],
      getPrivate: { error: 'NoAuthError' },
      setPrivate: { error: 'NoAuthError' },
      childrenPrivate: { error: 'NoAuthError' },
      createUnderPrivate: { error: 'NoAuthError' },
      getAclsPrivate: { error: 'NoAuthError' },
      getShared: { bytes: 's' },
      setShared: { error: 'NoAuthError' },
      getAclsShared: [{ ...aliceDigest, id: 'alice:x' }, worldRead],
      deletePrivate: { ok: true },
    });
    expect(r.anon.existsPrivate.ok).toMatchObject({ version: 1, dataLength: 2 });
    expect(r.wrongPassword).toEqual({
      whoAmI: [
        ['digest', 'alice'],
        ['ip', '127.0.0.1'],
      ],
      get: { error: 'NoAuthError' },
    });
    expect(r.readOnly).toEqual({
      get: { bytes: 'r' },
      set: { error: 'NoAuthError' },
      create: { error: 'NoAuthError' },
      setAcls: { error: 'NoAuthError' },
    });
    expect(r.createOnly).toEqual({
      create: { ok: '/acls/dropbox/c' },
      list: { error: 'NoAuthError' },
      deleteChild: { error: 'NoAuthError' },
    });
    expect(r.invalid).toEqual({
      unknownScheme: { error: 'InvalidACLError' },
      authWithoutIdentity: { error: 'InvalidACLError' },
      digestWithoutHash: { error: 'InvalidACLError' },
      badIp: { error: 'InvalidACLError' },
      emptyListOnSet: { error: 'InvalidACLError' },
      zeroPerms: { ok: '/acls/i5' },
    });
    expect(r.invalidLeftNothing).toEqual(['i5']);
    expect(r.authScheme).toEqual([aliceDigest]);
    expect(r.ipScheme.create).toEqual({ ok: '/acls/local' });
    expect(r.ipScheme.get.ok[0]).toEqual({ bytes: 'l' });
    // Create does not check the new node's own ACL: an ACL that locks the creator out is fine.
    expect(r.ipScheme.createNet).toEqual({ ok: '/acls/net' });
    expect(r.ipScheme.getNet).toEqual({ error: 'NoAuthError' });
    expect(r.setAclsBadVersion).toEqual({ error: 'BadVersionError' });
    expect(r.setAclsV0.ok).toMatchObject({ aversion: 1, version: 0 });
    // setACL changes aversion only: mzxid stays the create's.
    expect(r.setAclsV0.ok.mzxid).toBe(r.setAclsV0.ok.czxid);
    expect(r.setAclsAny.ok).toMatchObject({ aversion: 2, version: 0 });
    expect(r.versionedStat).toEqual(r.setAclsAny.ok);
    expect(r.super.whoAmI).toEqual([
      ['digest', 'super'],
      ['ip', '127.0.0.1'],
      ['super', ''],
    ]);
    expect(r.super.get.ok[0]).toEqual({ bytes: 'p' });
    expect(r.super.set.ok).toMatchObject({ version: 1, dataLength: 8 });
    expect(r.super.getAcls.ok[0]).toEqual([aliceDigest]);
    expect(r.super.setAcls.ok).toMatchObject({ aversion: 1 });
    expect(r.afterSuper.ok[0]).toEqual({ bytes: 'by-super' });
    expect(r.badScheme).toEqual({ error: 'AuthFailedError' });
    expect(r.afterBadScheme).toEqual({ error: 'AuthFailedError' });
  });

  it('answers whoAmI, getEphemerals (string prefix) and getAllChildrenNumber', async () => {
    const r = await run('extended_ops.py');
    const b = '/extended-ops';
    expect(r.whoAmIAnonymous).toEqual([['ip', '127.0.0.1']]);
    expect(r.whoAmITwoDigests).toEqual([
      ['digest', 'alice'],
      ['digest', 'bob'],
      ['ip', '127.0.0.1'],
    ]);
    expect(r.ephemeralsAll).toEqual([`${b}/a/e2`, `${b}/a/e3-0000000003`, `${b}/e1`]);
    expect(r.ephemeralsUnderA).toEqual([`${b}/a/e2`, `${b}/a/e3-0000000003`]);
    expect(r.ephemeralsStringPrefix).toEqual([`${b}/e1`]);
    expect(r.ephemeralsNoMatch).toEqual([]);
    expect(r.ephemeralsOther).toEqual([`${b}/other-e`]);
    // a, a/b, a/b/c, a/d, e1, a/e2, a/e3-…, other-e: every descendant, at any depth.
    expect(r.allChildrenBase).toBe(8);
    expect(r.allChildrenA).toBe(5);
    expect(r.allChildrenLeaf).toBe(0);
    expect(r.allChildrenMissing).toEqual({ error: 'NoNodeError' });
  });

  it('answers sync with the path, existing or not', async () => {
    const r = await run('sync.py');
    expect(r).toEqual({ existing: { ok: '/sync-me' }, missing: { ok: '/sync-missing' }, root: { ok: '/' } });
  });

  it('garbage-collects used containers and expired TTL nodes, and only those', async () => {
    const r = await run('containers_ttl.py');
    expect(r.usedCollectedMs).toBeLessThan(10_000);
    expect(r.opFlags0CollectedMs).toBeLessThan(10_000);
    expect(r.usedEvents).toEqual([['NodeDeleted', '/containers-ttl/used']]);
    expect(r.ttlOwner).toBe('0');
    // TTL 800 ms: not before it, and within a few 250 ms check intervals after it. (Times are
    // measured from when the create returned, a few ms after the server's mtime: hence 750.)
    expect(r.ttlCollectedAfterMs).toBeGreaterThanOrEqual(750);
    expect(r.ttlCollectedAfterMs).toBeLessThan(5000);
    // TTL 1500 ms counted from the setData at 900 ms (~2400 ms), not from the create (~1500 ms).
    expect(r.touchedCollectedAfterMs).toBeGreaterThanOrEqual(2300);
    expect(r.touchedCollectedAfterMs).toBeLessThan(7000);
    expect(r.survivors).toEqual({
      neverUsedContainer: true,
      plainCreateWithContainerFlag: true,
      containerWithChild: true,
      ttlWithChild: true,
    });
    expect(r.hasChildCollectedMs).toBeLessThan(10_000);
  });

  for (const mode of ['graceful', 'kill9'] as const) {
    it(`keeps the session, ephemerals and data across a ${mode} server restart`, async () => {
      // Clients reach the server through a proxy that stays shut until the restarted server is
      // serving: a real ZooKeeper 3.8 can swallow a handshake that lands while it starts up,
      // which is a startup race, not the behaviour under test.
      const proxy = await startTcpProxy(server!.port);
      const base = `/restart-${mode}`;
      try {
        const r = await run('restart.py', {
          args: [base],
          env: { ZK_HOSTS: proxy.connectString },
          phases: {
            restart: async () => {
              proxy.cut();
              if (mode === 'kill9') await server!.kill9();
              await server!.restart();
              proxy.restore();
            },
          },
        });
        expect(r.states).toEqual(['SUSPENDED', 'CONNECTED']);
        expect(r.sessionKept).toBe(true);
        expect(r.ephemeralOwnerIsSession).toBe(true);
        expect(r.data).toEqual({ bytes: '0' });
        expect(r.statAfter).toEqual(r.lastStatBefore);
        expect(r.watchAfterRestart).toEqual([['NodeDataChanged', `${base}/w`]]);
        // zxids keep growing across the restart. (Standalone ZooKeeper keeps its epoch, so
        // there it is exactly +2; a server that starts a new epoch on restart is still correct.)
        expect(zx(r.firstStatAfter.czxid)).toBeGreaterThan(zx(r.lastStatBefore.czxid) + 1n);
      } finally {
        await proxy.close();
      }
    });
  }
});
