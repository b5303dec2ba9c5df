/**
 * paddock-cli against the real zkCli.sh (ZooKeeper 3.8): the same script of commands through
 * both, on each server, must print the same lines (after normalising times, zxids and session
 * ids), give the same watch notifications in the same order, and end with the same exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index';
import { clientServerKinds, killEverything, requireTool, serverAvailable, startServer, type RunningServer } from '../support/servers';
import { CliSession, normalizeOutputs, zkCliAvailable, type CliKind } from './cli-session';

const ALICE_DIGEST = 'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=';

/** Every command and flag, their errors, and watches fired by the session's own writes. */
const SCRIPT = [
  'ls /',
  'create /t root',
  'create /t',
  'create /t/a',
  'get /t/a',
  'create /t/a/deep x',
  'create -s /t/s- one',
  'create -s /t/s- two',
  'create -e /t/e eph',
  'create -e -s /t/es- x',
  'create -c /t/c',
  'create -c -e /t/bad',
  'create -t 60000 /t/ttl x',
  'create -t 5 -e /t/bad',
  'create /t/e/kid',
  'create /nope/b/c',
  'create /t/q "quoted data" world:anyone:cdrwa',
  "create /t/ro 'read only' world:anyone:r",
  'create /t/bad-acl x bogus:foo:cdrwa',
  'ls /t',
  'ls -s /t',
  'ls -R /t',
  'ls /t/',
  'ls',
  'ls -x /t',
  'get -s /t',
  'get /t/q',
  'get /nope',
  'stat /t/e',
  'stat /nope',
  'set /t new',
  'set -v 0 /t again',
  'set -s -v 1 /t again',
  'set /t/ro y',
  'set /t',
  'delete /t/a',
  'delete -v 3 /t/a/deep',
  'delete -v 0 /t/a/deep',
  'delete /nope',
  'getAcl /t/ro',
  'getAcl -s /t/q',
  'setAcl -v 7 /t/q world:anyone:r',
  'setAcl -s -v 0 /t/q world:anyone:cdrwa',
  'addauth digest alice:secret',
  'whoami',
  `create /t/alice x digest:${ALICE_DIGEST}:cdrwa`,
  'getAcl /t/alice',
  'create /t/mine x auth::cdrwa,world:anyone:r',
  'getAcl /t/mine',
  'create /t/r',
  'create /t/r/x',
  'setAcl -R /t/r world:anyone:cdrw',
  'getAcl /t/r/x',
  'sync /t',
  'config',
  'config -c',
  'config -s',
  'getEphemerals',
  'getEphemerals /t/e',
  'getAllChildrenNumber /t',
  'getAllChildrenNumber /nope',
  'get -w /t/a',
  'ls -w /t/a',
  'stat -w /t/born',
  'set /t/a changed',
  'create /t/a/kid',
  'create /t/born',
  // Before any -m: zkCli 3.8 keeps the last -m for later addWatch commands without one.
  'addWatch /t/rec',
  'create /t/rec',
  'create /t/rec/a',
  'delete /t/rec/a',
  'addWatch -m PERSISTENT /t/p',
  'create /t/p',
  'set /t/p 1',
  'addWatch -m bogus /t',
  'get -w /t/p',
  'removewatches /t/p -d',
  'removewatches /t/p',
  'removewatches /t/p',
  'set /t/p 2',
  'printwatches off',
  'get -w /t/born',
  'set /t/born quiet',
  'printwatches on',
  'deleteall /nope',
  'deleteall /t/a',
  'ls /t/a',
  // Quotas, stored under /zookeeper/quota as zkCli stores them.
  'listquota /t/q',
  'setquota -n 5 /t/q',
  'listquota /t/q',
  'setquota -b 100 /t/q',
  'setquota -N 1 /t/q',
  'listquota /t/q',
  'get /zookeeper/quota/t/q/zookeeper_limits',
  'setquota -n 2 /t',
  'setquota -n 2 /t/q/none',
  'create /t/q/kid',
  'setquota -n 2 /t/q/kid',
  'setquota -b 5 -n 2 /t/q',
  'setquota /t/q',
  'setquota -n 0 /t/q',
  'setquota -b -1 /t/q',
  'setquota -N x /t/q',
  'setquota -n 3',
  'setquota -n 4 /zookeeper/quota/t',
  'delquota -n /t/q',
  'listquota /t/q',
  'delquota -N -B /t/q',
  'delquota -b /t/q',
  'listquota /t/q',
  'delquota /t/q',
  'listquota /t/q',
  'delquota /t/q',
  'ls /zookeeper/quota',
  'listquota',
  // Neither server here runs reconfig: zkCli's parse errors, then the server's refusal.
  'reconfig',
  'reconfig -add server.5=localhost:1234:1235;1236',
  'reconfig -s -remove 3 -v 1',
  'reconfig -members x -add y',
  'reconfig -file /nonexistent/dynamic.cfg',
  'reconfig -v zz -add y',
  'reconfig -x',
  'bogus command',
  'redo 0',
  'redo 999',
  'close',
  'ls /',
  'connect CONNECT_STRING',
  'ls /t/r',
];

interface Run {
  outputs: Array<{ command: string; lines: string[] }>;
  events: string[];
}

async function runScript(kind: CliKind, server: RunningServer, expectedEvents?: number): Promise<Run> {
  const session = CliSession.open(kind, server.connectString);
  const outputs: Run['outputs'] = [];
  try {
    for (const template of SCRIPT) {
      const command = template.replace('CONNECT_STRING', server.connectString);
      outputs.push({ command, lines: await session.run(command) });
    }
    // zkCli prints notifications from its own thread: give it time to print what paddock-cli did.
    if (expectedEvents !== undefined) await session.waitForEvents(expectedEvents);
    const events = session.events();
    // Not the Closed event of `quit`: zkCli's JVM may exit before its event thread prints it.
    await session.quit();
    return { outputs, events };
  } catch (error) {
    await session.quit().catch(() => undefined);
    throw error;
  }
}

async function removeTree(server: RunningServer): Promise<void> {
  const zk = createClient(server.connectString, { auth: [{ scheme: 'digest', auth: 'alice:secret' }] });
  try {
    await zk.deleteRecursive('/t');
    await zk.deleteRecursive('/zookeeper/quota/t');
  } finally {
    await zk.close();
  }
}

// On CI a missing zkCli.sh fails the run (requireTool); locally the suite is skipped loudly.
const haveZkCli = requireTool('zkCli.sh (Debian package zookeeper)', zkCliAvailable);

describe.each(haveZkCli ? clientServerKinds() : [])('paddock-cli prints what zkCli prints, against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500 });
  });
  afterAll(async () => {
    await server?.stop();
    killEverything();
  });

  it('the same script gives the same lines and the same notifications in the same order', async () => {
    const ours = await runScript('paddock-cli', server);
    await removeTree(server);
    const theirs = await runScript('zkCli', server, ours.events.length);
    expect(normalizeOutputs(ours.outputs)).toEqual(normalizeOutputs(theirs.outputs));
    expect(ours.events).toEqual(theirs.events);
    // Sanity: the script met the formats scripts parse.
    const flat = normalizeOutputs(ours.outputs);
    for (const line of ['[a, c, e, es-0000000004, q, ro, s-0000000001, s-0000000002, ttl]', 'Node does not exist: /nope', 'Node already exists: /t',
      'Node not empty: /t/a', 'version No is not valid : /t', 'Insufficient permission : /t/ro', 'Created /t/born',
      'Output quota for /t/q count=5,bytes=100=;byteHardLimit=-1;countHardLimit=1', '/t has a child /t/q which has a quota',
      '/t/q/kid has a parent /t/q which has a quota', 'Quota does not exist for /t/q', 'KeeperErrorCode = Reconfig is disabled']) {
      expect(flat).toContain(line);
    }
    expect(ours.events).toContain('SyncConnected NodeDataChanged /t/a');
  }, 180_000);
});
