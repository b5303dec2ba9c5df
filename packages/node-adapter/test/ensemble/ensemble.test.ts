/**
 * Real ensembles: paddock-server processes on loopback, driven by the real kazoo client.
 * One ensemble of three voters and an observer lives through the tests in order: election and
 * replication, a leader killed with SIGKILL (session, watch and acknowledged writes survive; it
 * comes back by DIFF), a member whose disk is wiped (back by SNAP), and a rolling restart of
 * every member under a write load. Then bad configurations and `--ensemble 3`.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fourLetterWord, kazooAvailable, requireTool, runPythonScript, sleep, startTcpProxy, trackProcess, type TcpProxy,
} from '../../../../tests/harness/index.js';
import { removeTempDirs, tempDir } from '../support/temp-dir';
import { ProcessEnsemble, spawnServer } from './process-ensemble';

const script = (name: string) => fileURLToPath(new URL(`./kazoo/${name}`, import.meta.url));

/**
 * Short ticks, so that elections take well under a second; initLimit 10 s and syncLimit 5 s, so
 * a loaded machine does not make members give up on each other; sessions outlive a failover.
 */
const TIMING = { tickTimeMs: 250, initLimit: 40, syncLimit: 20, extraConfig: { maxSessionTimeout: '20000' } } as const;

afterAll(removeTempDirs);

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

if (requireTool('kazoo', kazooAvailable)) {
  describe('an ensemble of three voters and an observer', () => {
    let ensemble: ProcessEnsemble;
    const voters = [1, 2, 3];
    const followersOf = (leader: number) => voters.filter((id) => id !== leader);

    beforeAll(async () => {
      ensemble = await ProcessEnsemble.start({ voters: 3, observers: 1, ...TIMING });
    });

    afterAll(async () => {
      await ensemble?.close();
    });

    it('elects one leader; a write through one member is read from every member, the observer included', async () => {
      const leader = await ensemble.leader();
      const modes = await ensemble.modes();
      expect([...modes.values()].sort()).toEqual(['follower', 'follower', 'leader', 'observer']);
      expect(modes.get(4)).toBe('observer');
      const members = ensemble.members.map((m) => `127.0.0.1:${m.clientPort}`);
      const { result } = await runPythonScript<{ reads: Record<string, { a: string; children: number; config: string; configVersion: number }> }>(
        script('replicate.py'), { args: [ensemble.connectString(), ...members] },
      );
      const expectedConfig = [
        ...ensemble.members.map((m) => `server.${m.id}=127.0.0.1:${m.quorumPort}:${m.electionPort}:${m.observer ? 'observer' : 'participant'};127.0.0.1:${m.clientPort}`),
        'version=0',
      ].join('\n');
      for (const member of members) {
        expect(result.reads[member]).toEqual({ a: 'written once', children: 21, config: expectedConfig, configVersion: -1 });
      }
      const mntr = await ensemble.ask(leader, 'mntr');
      expect(mntr).toContain('zk_server_state\tleader\nzk_peer_state\tleading - broadcast\n');
      expect(mntr).toContain('zk_quorum_size\t3\nzk_learners\t3\nzk_synced_followers\t2\nzk_synced_non_voting_followers\t0\nzk_synced_observers\t1\nzk_pending_syncs\t0\n');
      expect(await ensemble.ask(leader, 'srvr')).toMatch(/\nMode: leader\nNode count: \d+\nProposal sizes last\/min\/max: [1-9]\d*\/[1-9]\d*\/[1-9]\d*\n$/);
      expect(await ensemble.ask(4, 'mntr')).toContain('zk_server_state\tobserver\nzk_peer_state\tobserving - broadcast\n');
      expect(await ensemble.ask(4, 'conf')).toContain(`peerType=1\nmembership: \n${expectedConfig}`);
    });

    it('survives kill -9 of the leader: same session, its watch fires, no acknowledged write lost; the killed member catches up by DIFF', async () => {
      const oldLeader = await ensemble.leader();
      const stays = followersOf(oldLeader)[0]!;
      let newLeader = 0;
      const { result } = await runPythonScript<{
        sessionBefore: string; sessionAfter: string; watchFired: boolean; seen: string[];
        acked: string[]; failures: string[]; children: string[];
      }>(script('failover.py'), {
        args: [ensemble.connectString(voters), ensemble.connectString([stays])],
        phases: {
          'kill-leader': async () => {
            await ensemble.kill9(oldLeader);
            newLeader = await ensemble.waitUntilServing();
          },
          'restart-killed': async () => {
            await ensemble.launch(oldLeader);
            await ensemble.waitUntilServing();
          },
        },
      });
      expect(newLeader).not.toBe(oldLeader);
      expect(result.sessionAfter).toBe(result.sessionBefore);
      expect(result.failures).toEqual([]);
      expect(result.watchFired).toBe(true);
      expect(result.seen[0]).toBe('v0');
    expect(result.seen.at(-1)).toBe('v1');
      expect(result.acked.length).toBeGreaterThan(100);
      expect(result.children).toEqual(result.acked.map((p) => p.slice('/fo/data/'.length)).sort());
      // The restarted member has every acknowledged write, and was brought up to date by DIFF.
      const back = await runPythonScript<{ children: string[] }>(script('read_member.py'), {
        args: [ensemble.connectString([oldLeader]), '/fo/data'],
      });
      expect(back.result.children).toEqual(result.children);
      const current = await ensemble.leader();
      expect(ensemble.log(current)).toMatch(new RegExp(`leader syncs ${oldLeader} by diff`));
      expect(ensemble.log(oldLeader)).not.toContain("installed the leader's snapshot");
    });

    it('a member whose data directory is wiped (myid kept) rejoins by SNAP with the whole tree', async () => {
      const leader = await ensemble.leader();
      const wiped = followersOf(leader)[0]!;
      // More txns than the leader keeps for DIFF (committedLogCount 500), so only SNAP can sync it.
      const bulk = await runPythonScript<{ children: string[] }>(script('bulk_create.py'), {
        args: [ensemble.connectString([leader]), '/bulk', '600'],
      });
      expect(bulk.result.children).toHaveLength(600);
      // And 6 MB of data, so the SNAP streams in many chunks (of 512 KiB at most).
      await runPythonScript(script('bulk_create.py'), { args: [ensemble.connectString([leader]), '/blobs', '30', '200000'] });
      await ensemble.stop(wiped);
      await ensemble.wipe(wiped);
      await ensemble.launch(wiped);
      await ensemble.waitUntilServing();
      expect(ensemble.log(await ensemble.leader())).toMatch(new RegExp(`leader syncs ${wiped} by snap`));
      expect(ensemble.log(wiped)).toContain("installed the leader's snapshot");
      const streamed = new RegExp(`leader streamed a SNAP at \\S+ to ${wiped} in (\\d+) chunks`).exec(ensemble.log(await ensemble.leader()));
      expect(Number(streamed?.[1])).toBeGreaterThan(10);
      const blobs = await runPythonScript<{ children: string[]; data: Record<string, string> }>(script('read_member.py'), {
        args: [ensemble.connectString([wiped]), '/blobs'],
      });
      expect(blobs.result.children).toHaveLength(30);
      expect(blobs.result.data['b-0029']).toBe('29'.padEnd(200_000, '.'));
      const read = await runPythonScript<{ children: string[]; data: Record<string, string> }>(script('read_member.py'), {
        args: [ensemble.connectString([wiped]), '/bulk'],
      });
      expect(read.result.children).toEqual(bulk.result.children);
      expect(read.result.data['b-0599']).toBe('599');
      const fo = await runPythonScript<{ children: string[] }>(script('read_member.py'), { args: [ensemble.connectString([wiped]), '/fo/data'] });
      expect(fo.result.children.length).toBeGreaterThan(100);
    });

    it('restarts every member one by one under a write load: no failed request but retried connection losses, no acknowledged write lost', async () => {
      const order: number[] = [];
      const { result } = await runPythonScript<{ acked: number; failures: string[]; missing: string[] }>(script('rolling_load.py'), {
        args: [ensemble.connectString()],
        timeoutMs: 80_000,
        phases: {
          roll: async () => {
            const leader = await ensemble.leader();
            // Followers and the observer first, the leader last, as operators roll an ensemble.
            for (const id of [...ensemble.members.map((m) => m.id).filter((id) => id !== leader), leader]) {
              await ensemble.stop(id);
              await ensemble.launch(id);
              await ensemble.waitUntilServing();
              order.push(id);
            }
          },
        },
      });
      expect(order).toHaveLength(4);
      expect(result.failures).toEqual([]);
      expect(result.missing).toEqual([]);
      expect(result.acked).toBeGreaterThan(20);
    }, 90_000);
  });
}

describe('paddock.peerDial.N', () => {
  it('makes members dial each other through proxies: cutting a member off through its proxy drops its links, restoring brings them back', async () => {
    const proxies = new Map<number, TcpProxy>();
    const ensemble = await ProcessEnsemble.start({ voters: 3, ...TIMING }, async (members) => {
      for (const m of members) proxies.set(m.id, await startTcpProxy(m.quorumPort));
      const lines = members.map((m) => `paddock.peerDial.${m.id}=127.0.0.1:${proxies.get(m.id)!.port}\n`).join('');
      for (const m of members) await appendFile(m.configPath, lines);
    });
    try {
      // Only larger ids dial: 2 and 3 reach 1 through its proxy, 3 reaches 2 through its (more
      // than once when a member dialed before the other listened); nobody dials 3.
      expect(proxies.get(1)!.accepted).toBeGreaterThanOrEqual(2);
      expect(proxies.get(2)!.accepted).toBeGreaterThanOrEqual(1);
      expect(proxies.get(3)!.accepted).toBe(0);
      const accepted = proxies.get(1)!.accepted;
      const ups = (id: number) => (ensemble.log(id).match(/INFO link \d+ to server \d+ up/g) ?? []).length;
      const before = ups(1);
      proxies.get(1)!.cut();
      await waitFor('member 1 to lose both links', () => /to server 2 lost/.test(ensemble.log(1)) && /to server 3 lost/.test(ensemble.log(1)));
      proxies.get(1)!.restore();
      await waitFor('member 1 to link again', () => ups(1) >= before + 2);
      await ensemble.waitUntilServing();
      expect(proxies.get(1)!.accepted).toBeGreaterThanOrEqual(accepted + 2);
    } finally {
      await ensemble.close();
      await Promise.all([...proxies.values()].map((p) => p.close()));
    }
  });
});

describe('a member refuses to start on a configuration no member could run', () => {
  async function member(configLines: string, myid: string | null): Promise<{ code: number | null; log: string }> {
    const dir = await tempDir('paddock-badcfg-');
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    if (myid !== null) await writeFile(join(dataDir, 'myid'), myid);
    const config = join(dir, 'zoo.cfg');
    await writeFile(config, `tickTime=250\ninitLimit=10\nsyncLimit=5\ndataDir=${dataDir}\nclientPort=0\n${configLines}`);
    const log = { text: '' };
    const { code } = await spawnServer(config, log).exited;
    return { code, log: log.text };
  }
  const THREE = 'server.1=127.0.0.1:1:2\nserver.2=127.0.0.1:3:4\nserver.3=127.0.0.1:5:6\n';

  it('without a myid file, with a myid not in the server list, or with colliding ports: exit 1 and a clear message', async () => {
    const [missing, stranger, collision] = await Promise.all([
      member(THREE, null),
      member(THREE, '9\n'),
      member('server.1=127.0.0.1:7:8\nserver.2=127.0.0.1:7:9\n', '1\n'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.log).toMatch(/ERROR cannot start: \S+\/data\/myid is missing: each ensemble member needs its server id/);
    expect(stranger.code).toBe(1);
    expect(stranger.log).toContain('ERROR cannot start: myid is 9, but the configuration has no server.9 line (its servers are 1, 2, 3)');
    expect(collision.code).toBe(1);
    expect(collision.log).toContain('ERROR cannot start: port 7 on 127.0.0.1 is both the quorum port of server.1 and the quorum port of server.2');
  });
});

describe('paddock-server --ensemble 3', () => {
  it('runs three members on loopback, prints the connect string, and stops them all on SIGINT', async () => {
    const dir = await tempDir('paddock-cli-ensemble-');
    const bin = fileURLToPath(new URL('../../bin/paddock-server.mjs', import.meta.url));
    const child = trackProcess(spawn(process.execPath, [bin, '--ensemble', '3', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let modes: string[] = [];
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const ports = /^(127\.0\.0\.1:\d+,){2}127\.0\.0\.1:\d+$/m.exec(stdout)?.[0].split(',').map((hp) => Number(hp.split(':')[1]));
        if (ports !== undefined) {
          modes = await Promise.all(ports.map((p) => fourLetterWord('127.0.0.1', p, 'srvr').then((a) => /^Mode: (\w+)$/m.exec(a)?.[1] ?? 'none', () => 'down')));
          if (modes.filter((m) => m === 'leader').length === 1 && modes.filter((m) => m === 'follower').length === 2) break;
        }
        await sleep(100);
      }
    } finally {
      // SIGINT even when the test failed: the launcher stops its members (they are not in its
      // process group, so a SIGKILL of the launcher would leave them running).
      child.kill('SIGINT');
    }
    expect(modes.sort()).toEqual(['follower', 'follower', 'leader']);
    expect(await exited).toBe(0);
    expect(stderr.match(/\[server\.\d\] .*stopped; the log is flushed and synced/g)).toHaveLength(3);
  });
});
