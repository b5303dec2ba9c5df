/**
 * The four-letter words of an ensemble member, from a real core's inspection: ZooKeeper 3.8's
 * "not currently serving" answer while electing, and the quorum lines of conf and mntr (their
 * shapes captured from a 3-member ZooKeeper 3.8.0 ensemble on loopback).
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, Server, type ServerInspection } from '@paddock/core';
import { answerFourLetterWord, NOT_SERVING, type EnsembleFacts, type FourLetterWordFacts } from '../../src/four-letter-words';
import { ensembleConfigText } from '../../src/ensemble/membership';
import type { QuorumServerEntry } from '../../src/config/server-entry';

const MEMBERS: QuorumServerEntry[] = [1, 2, 3].map((id) => ({
  id, host: '127.0.0.1', quorumPort: 2887 + id, electionPort: 3887 + id,
  type: id === 3 ? 'observer' : 'participant', clientAddress: null, clientPort: 2180 + id,
}));

const ENSEMBLE: EnsembleFacts = {
  initLimit: 10, syncLimit: 5, quorumPort: 2888, electionPort: 3888, observer: false,
  observers: new Set([3]), voters: 2, configText: ensembleConfigText(MEMBERS), proposalSizes: { last: 48, min: 36, max: 87 },
};

function facts(inspection: ServerInspection, ensemble: EnsembleFacts | null = ENSEMBLE): FourLetterWordFacts {
  return {
    inspection, ensemble, nowMs: 0, uptimeMs: 5, interestOps: () => 1, dataDirSize: 0, dataLogDirSize: 0,
    fileDescriptors: null, environment: [], traceMask: 0n,
    fsync: { count: 0, sumMs: 0, minMs: 0, maxMs: 0 }, snapshot: { count: 0, sumMs: 0, minMs: 0, maxMs: 0 },
    config: {
      clientPort: 2181, dataDir: '/d/version-2', dataLogDir: '/d/version-2', tickTimeMs: 2000, maxClientCnxns: 60,
      minSessionTimeoutMs: 4000, maxSessionTimeoutMs: 40000, clientPortListenBacklog: -1, serverId: 1, sessionlessConnectionTimeoutMs: 10000,
    },
  };
}

const looking = Server.bootstrap(defaultCoreConfig({ serverId: 1, ensemble: MEMBERS.map((m) => ({ id: m.id, observer: m.type === 'observer' })) })).inspect();
const mntrKeys = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]);

describe('four-letter words of an ensemble member', () => {
  it('answer "not currently serving" while it elects, except ruok, envi and the trace mask; isro says null', () => {
    expect(looking.serving).toBe(false);
    for (const word of ['srvr', 'stat', 'cons', 'mntr', 'conf', 'dirs', 'dump', 'wchs', 'wchc', 'wchp', 'crst', 'srst', 'hash'] as const) {
      expect(answerFourLetterWord(word, facts(looking))).toBe(NOT_SERVING);
    }
    expect(answerFourLetterWord('ruok', facts(looking))).toBe('imok');
    expect(answerFourLetterWord('isro', facts(looking))).toBe('null');
    expect(answerFourLetterWord('gtmk', facts(looking))).toBe('0');
  });

  it('conf ends with the quorum settings and the membership, without a final newline', () => {
    const serving = { ...looking, serving: true, role: 'follower' as const, zabPhase: 'broadcast' as const };
    const conf = answerFourLetterWord('conf', facts(serving));
    expect(conf.split('\n').slice(12)).toEqual([
      'initLimit=10', 'syncLimit=5', 'electionAlg=3', 'electionPort=3888', 'quorumPort=2888', 'peerType=0', 'membership: ',
      'server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181',
      'server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182',
      'server.3=127.0.0.1:2890:3890:observer;0.0.0.0:2183',
      'version=0',
    ]);
    expect(answerFourLetterWord('conf', facts(serving, null))).toMatch(/serverId=1\n$/);
  });

  it("mntr adds the peer state and quorum size, and on a leader its learners' counts", () => {
    const follower = { ...looking, serving: true, role: 'follower' as const, zabPhase: 'broadcast' as const };
    const text = answerFourLetterWord('mntr', facts(follower));
    expect(mntrKeys(text).slice(0, 3)).toEqual(['zk_version', 'zk_server_state', 'zk_peer_state']);
    expect(text).toContain('zk_server_state\tfollower\nzk_peer_state\tfollowing - broadcast\n');
    expect(text).toContain('zk_quorum_size\t2\n');
    expect(text).not.toContain('zk_learners');

    const leader = { ...follower, role: 'leader' as const, learners: [[2, 'synced'], [3, 'synced']] as const };
    const lead = answerFourLetterWord('mntr', facts(leader));
    expect(lead).toContain('zk_peer_state\tleading - broadcast\n');
    expect(lead).toContain('zk_learners\t2\nzk_synced_followers\t1\nzk_synced_non_voting_followers\t0\nzk_synced_observers\t1\nzk_pending_syncs\t0\n');
    expect(lead).toContain('zk_last_proposal_size\t48\nzk_min_proposal_size\t36\nzk_max_proposal_size\t87\n');
    const syncing = { ...leader, zabPhase: 'sync' as const, learners: [[2, 'syncing'], [3, 'discovery']] as const };
    expect(answerFourLetterWord('mntr', facts(syncing))).toContain('zk_peer_state\tleading - synchronization\n');
    expect(answerFourLetterWord('mntr', facts(syncing))).toContain('zk_synced_followers\t0\nzk_synced_non_voting_followers\t0\nzk_synced_observers\t0\nzk_pending_syncs\t1\n');
  });

  it('srvr reports the mode, and a leader its proposal sizes as ZooKeeper does', () => {
    const observer = { ...looking, serving: true, role: 'observer' as const, zabPhase: 'broadcast' as const };
    expect(answerFourLetterWord('srvr', facts(observer))).toMatch(/\nMode: observer\nNode count: 5\n$/);
    const leader = { ...observer, role: 'leader' as const };
    expect(answerFourLetterWord('srvr', facts(leader))).toMatch(/\nMode: leader\nNode count: 5\nProposal sizes last\/min\/max: 48\/36\/87\n$/);
    expect(answerFourLetterWord('srvr', facts({ ...leader, role: 'standalone' }, null))).toMatch(/\nMode: standalone\nNode count: 5\n$/);
  });
});
