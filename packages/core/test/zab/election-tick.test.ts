import { describe, expect, it } from 'vitest';
import { Ensemble } from '../ensemble/ensemble';

/** Whether a leader is established and every live server serves. */
function settled(e: Ensemble, live: readonly number[]): boolean {
  return e.leaderId() !== null && live.every((id) => e.inspect(id).serving);
}

describe('the election timer (election-tick)', () => {
  it('elects a new leader after the old one dies on election ticks alone, without waiting for a tick', () => {
    const e = new Ensemble([1, 2, 3]);
    const old = e.elect();
    e.crash(old);
    e.run();
    const live = [1, 2, 3].filter((id) => id !== old);
    // Two of three voters agree at once, but the third could still bring a better vote: the
    // finalize wait needs time to pass, which nothing has told the servers yet.
    expect(settled(e, live)).toBe(false);
    for (let i = 0; i < 5 && !settled(e, live); i++) e.electionTick();
    expect(settled(e, live)).toBe(true);
    expect(live).toContain(e.leaderId());
  });

  it('is a no-op on servers that are not looking', () => {
    const e = new Ensemble([1, 2, 3]);
    const leader = e.elect();
    const before = [1, 2, 3].map((id) => e.inspect(id));
    e.electionTick();
    expect(e.leaderId()).toBe(leader);
    expect([1, 2, 3].map((id) => e.inspect(id).currentEpoch)).toEqual(before.map((i) => i.currentEpoch));
  });

  it('does nothing on a standalone server', () => {
    const e = new Ensemble([1]);
    e.run();
    e.electionTick();
    expect(e.inspect(1)).toMatchObject({ role: 'standalone', serving: true });
  });
});
