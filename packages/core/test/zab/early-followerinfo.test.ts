/**
 * A learner may decide the election before its leader does, and its FOLLOWERINFO then reaches a
 * server still electing. Dropped, it left the new leader without a quorum until initLimit, and
 * the next round repeated the same order (real processes whose ticks kept their phase): the
 * ensemble never formed. The FOLLOWERINFO waits for the Leader instead.
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, Server, type Output, type PeerMessage } from '../../src/index';

const ENSEMBLE = [1, 2, 3].map((id) => ({ id, observer: false }));
const VOTE_FOR_3 = { leader: 3, zxid: 0, peerEpoch: 0 };

function server3(): { step: (from: number, m: PeerMessage) => Output[]; server: Server } {
  const server = Server.bootstrap(defaultCoreConfig({ serverId: 3, ensemble: ENSEMBLE, startWallMs: 1_700_000_000_000 }));
  server.step({ type: 'clock', wallMs: 1_700_000_000_000 });
  server.step({ type: 'peer-connected', peer: 1 });
  server.step({ type: 'peer-connected', peer: 2 });
  return { server, step: (from, message) => server.step({ type: 'peer-message', from, message }) };
}

const leaderInfosTo = (outputs: readonly Output[], to: number) =>
  outputs.filter((o) => o.type === 'peer-send' && o.to === to && o.message.type === 'leaderinfo').map((o) => (o as { message: PeerMessage }).message);

describe('a FOLLOWERINFO that arrives before its leader knows it leads', () => {
  it('is answered once the election makes the server leader', () => {
    const { server, step } = server3();
    expect(server.inspect().role).toBe('looking');
    const early = step(1, { type: 'followerinfo', acceptedEpoch: 0, observer: false, attempt: 1 });
    expect(leaderInfosTo(early, 1)).toEqual([]);
    const elected = [
      ...step(1, { type: 'notification', vote: VOTE_FOR_3, electionEpoch: 1, state: 'following' }),
      ...step(2, { type: 'notification', vote: VOTE_FOR_3, electionEpoch: 1, state: 'looking' }),
    ];
    expect(server.inspect().role).toBe('leader');
    // Server 1 and the leader are a quorum of three: the epoch is chosen and proposed to 1.
    expect(leaderInfosTo(elected, 1)).toEqual([{ type: 'leaderinfo', newEpoch: 1, attempt: 1 }]);
  });

  it('is forgotten when its link breaks before the election ends', () => {
    const { server, step } = server3();
    step(1, { type: 'followerinfo', acceptedEpoch: 0, observer: false, attempt: 1 });
    server.step({ type: 'peer-disconnected', peer: 1 });
    server.step({ type: 'peer-connected', peer: 1 });
    const elected = [
      ...step(1, { type: 'notification', vote: VOTE_FOR_3, electionEpoch: 1, state: 'following' }),
      ...step(2, { type: 'notification', vote: VOTE_FOR_3, electionEpoch: 1, state: 'looking' }),
    ];
    expect(server.inspect().role).toBe('leader');
    expect(leaderInfosTo(elected, 1)).toEqual([]);
  });
});
