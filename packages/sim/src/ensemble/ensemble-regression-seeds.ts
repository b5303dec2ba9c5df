/**
 * Ensemble seeds that found core bugs (DESIGN.md §6.12). While a bug is open its seed names the
 * rule it breaks and the regression test is an `it.fails`; once fixed, drop `openBugRule` and
 * the seed must pass. Seeds are stable for one commit of the simulator: a change to the world,
 * the clients or the fault schedule means re-finding them.
 */

export interface EnsembleRegressionSeed {
  readonly seed: number;
  readonly steps: number;
  readonly openBugRule?: string;
  readonly note: string;
}

export const ENSEMBLE_REGRESSION_SEEDS: readonly EnsembleRegressionSeed[] = [
  {
    seed: 2070,
    steps: 4000,
    note:
      'Fixed: the leader answers a sync right after the commit it waited for. A leader answers a learner\'s sync only after the commits of proposals made after the sync arrived: '
      + 'leader 1 got sync when 0x300000023 was its last proposal, then proposed 0x...24/0x...25 (the first one '
      + 'the same session\'s next write), and sent COMMIT 23, 24, 25 and only then SYNC. The follower answers the '
      + 'sync with zxid 0x...25 and then the write with its own txn zxid 0x...24: one session\'s reply zxids go '
      + 'back, and a Java client (lastZxid = last reply\'s) may reconnect to a server behind what it has read. '
      + 'ZooKeeper sends SYNC right after the COMMIT of the last proposal before it (Leader.sendSync from '
      + 'tryToCommit). Same in seeds 2181, 2825, 3235, 4093, 4721.',
  },
  {
    seed: 2689,
    steps: 4000,
    note:
      'Fixed: stopServing abandons closing marks (SessionTable.abandonClosing). A follower forwarding a client\'s closeSession marks the session closing (server.ts handling of '
      + 'closeSession before forwarding); the leader lost its quorum before committing it, and nothing clears '
      + '`closing` on a role change (stopServing). SessionTable.advance skips closing sessions, so when that '
      + 'follower later leads, the session (and its ephemerals) never expires: server 2 leads epoch 6 with '
      + 'session 0x18bcfe568000002 at expiresAtTick 27 and currentTick 126. ZooKeeper\'s new leader rebuilds '
      + 'its session tracker from the database, without any closing state. Same in seeds 467, 808, 1473, 2897.',
  },
  {
    seed: 3148,
    steps: 4000,
    note:
      'Fixed: FOLLOWERINFO carries a follow attempt number that LEADERINFO and ACKEPOCH echo; a learner ignores '
      + 'everything before the LEADERINFO of its latest attempt, the leader an ACKEPOCH of another attempt. '
      + 'A stale LEADERINFO on the one long-lived connection: learner 4\'s FOLLOWERINFO for epoch 2 got its '
      + 'LEADERINFO(2) held on a slow link (one-way hold), the learner gave up, re-elected the same leader and '
      + 'sent a new FOLLOWERINFO (answered LEADERINFO(3)); on heal both arrive in order. The learner takes '
      + 'LEADERINFO(2), persists acceptedEpoch 2 and ACKEPOCHs, the leader counts that ACKEPOCH for epoch 3 '
      + 'and sends NEWLEADER(3): the learner throws "NEWLEADER for epoch 3 while we accepted 2". ZooKeeper '
      + 'avoids it with a fresh socket per follow attempt; here FOLLOWERINFO/LEADERINFO/ACKEPOCH need to be '
      + 'tied to one attempt (an attempt id, or ignoring a LEADERINFO not answering the latest FOLLOWERINFO).',
  },
  {
    seed: 47,
    steps: 4000,
    note:
      'Fixed in core write-reply.ts (a request refused as a whole gets its code in the header, multi too). '
      + 'A multi whose session moved to another server was answered OK with a single error result '
      + '([{op:-1,err:-118}], whatever the number of ops), from the leader\'s top-level SessionMoved error txn. '
      + 'ZooKeeper answers it with SessionMoved in the reply header and no body: FinalRequestProcessor '
      + 'rethrows a SessionMovedException before building any response, multi included. A result list '
      + 'shorter than the ops is malformed for any client. Same in seeds 107, 131, 242, 263.',
  },
  {
    seed: 6512,
    steps: 4000,
    note:
      'Fixed: out of election, votes count by the named leader only (election.ts quorumNamesLeader). A looking server never joins an established ensemble (livelock for the whole liveness bound, 140 '
      + 'ticks): after heal, server 3 (vote: itself, zxid 0x400000002, epoch 4) hears leader 2 LEADING with '
      + 'vote (2, 0x300000024, epoch 3, round 1) and follower 1 FOLLOWING with the same leader but round 9. '
      + 'The core does not count these out-of-election votes as a quorum for leader 2, and its own vote is '
      + 'higher, so it re-sends LOOKING forever. ZooKeeper tallies out-of-election notifications ignoring '
      + 'zxid and election epoch (Vote.equals compares only leader id and peerEpoch outside LOOKING) and '
      + 'joins once a quorum names a leader that says LEADING (checkLeader). Seeds 9093 and 9440 show the '
      + 'same, with followers whose recorded votes for the leader differ even in zxid and peerEpoch.',
  },
];
