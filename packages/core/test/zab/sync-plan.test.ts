import { describe, expect, it } from 'vitest';
import { History } from '../../src/zab/history';
import { planSync } from '../../src/zab/sync-plan';
import { makeZxid } from '../../src/zab/zxid';

const rec = (epoch: number, counter: number) => ({ zxid: makeZxid(epoch, counter), payload: new Uint8Array([epoch, counter]) });

/** A leader's history: epoch 1 txns 1..4, then epoch 3 txns 1..2; everything committed. */
function leaderHistory(retain = 100): History {
  const h = new History(0, retain);
  for (const r of [rec(1, 1), rec(1, 2), rec(1, 3), rec(1, 4), rec(3, 1), rec(3, 2)]) h.append(r);
  h.commitThrough(makeZxid(3, 2));
  return h;
}

describe('sync plan (LearnerHandler.syncFollower)', () => {
  it('DIFF when the learner is at the leader\'s last zxid (nothing to send)', () => {
    expect(planSync(leaderHistory(), makeZxid(3, 2))).toEqual({ kind: 'diff', from: makeZxid(3, 2) });
  });

  it('DIFF from a zxid the leader holds', () => {
    expect(planSync(leaderHistory(), makeZxid(1, 3))).toEqual({ kind: 'diff', from: makeZxid(1, 3) });
    expect(planSync(leaderHistory(), 0)).toEqual({ kind: 'diff', from: 0 });
  });

  it('TRUNC when the learner is ahead of the leader', () => {
    expect(planSync(leaderHistory(), makeZxid(3, 7))).toEqual({ kind: 'trunc', to: makeZxid(3, 2) });
  });

  it('TRUNC+DIFF when the learner\'s last zxid is not in the leader\'s history (ZOOKEEPER-1154)', () => {
    // The learner logged txn 5 of epoch 1, which no quorum had; the leader moved on to epoch 3.
    expect(planSync(leaderHistory(), makeZxid(1, 5))).toEqual({ kind: 'trunc+diff', to: makeZxid(1, 4) });
    // An epoch the leader never saw at all.
    expect(planSync(leaderHistory(), makeZxid(2, 1))).toEqual({ kind: 'trunc+diff', to: makeZxid(1, 4) });
  });

  it('SNAP when the learner is older than anything the leader still holds', () => {
    const h = leaderHistory(2);
    expect(h.baseZxid).toBe(makeZxid(1, 4));
    expect(planSync(h, makeZxid(1, 2))).toEqual({ kind: 'snap' });
    expect(planSync(h, makeZxid(1, 4))).toEqual({ kind: 'diff', from: makeZxid(1, 4) });
  });
});

describe('history', () => {
  it('keeps uncommitted txns whatever the retention, and trims committed ones beyond it', () => {
    const h = new History(0, 1);
    for (let i = 1; i <= 4; i++) h.append(rec(1, i));
    expect(h.commitThrough(makeZxid(1, 2)).map((r) => r.zxid)).toEqual([makeZxid(1, 1), makeZxid(1, 2)]);
    expect(h.after(0).map((r) => r.zxid)).toEqual([makeZxid(1, 2), makeZxid(1, 3), makeZxid(1, 4)]);
    expect(h.baseZxid).toBe(makeZxid(1, 1));
  });

  it('refuses to truncate committed txns', () => {
    const h = new History(0, 10);
    for (let i = 1; i <= 3; i++) h.append(rec(1, i));
    h.commitThrough(makeZxid(1, 2));
    expect(() => h.truncateAfter(makeZxid(1, 1))).toThrow(/committed/);
    h.truncateAfter(makeZxid(1, 2));
    expect(h.lastZxid).toBe(makeZxid(1, 2));
  });

  it('refuses appends out of zxid order', () => {
    const h = new History(0, 10);
    h.append(rec(1, 1));
    expect(() => h.append(rec(1, 1))).toThrow(/after/);
  });

  it('refuses a hole in the log (ZOOKEEPER-4925)', () => {
    const h = new History(0, 10);
    expect(() => h.append(rec(1, 2))).toThrow(/hole/);
    h.append(rec(1, 1));
    expect(() => h.append(rec(1, 3))).toThrow(/hole/);
    h.append(rec(1, 2));
    expect(() => h.append(rec(3, 2))).toThrow(/hole/);
    h.append(rec(3, 1));
    expect(h.lastZxid).toBe(makeZxid(3, 1));
  });
});
