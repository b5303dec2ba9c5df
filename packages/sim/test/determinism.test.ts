import { describe, expect, it } from 'vitest';
import { runSeed } from '../src/run';

describe('simulator determinism', () => {
  it('gives the same trace hash for the same seed, run twice in one process', () => {
    const a = runSeed(42);
    const b = runSeed(42);
    expect(a.violation).toBeNull();
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.counts).toEqual(a.counts);
    expect(b.steps).toBe(a.steps);
  });

  it('gives different trace hashes for different seeds', () => {
    const hashes = new Set([1, 2, 3, 4, 5].map((seed) => runSeed(seed, { steps: 500 }).traceHash));
    expect(hashes.size).toBe(5);
  });

  it('passes 250 seeds and reaches the interesting paths', () => {
    const totals = { resumed: 0, refused: 0, expired: 0, ephemeralsByExpiry: 0, events: 0, multiFailed: 0, sequential: 0, badVersion: 0, nodeExists: 0, cleanup: 0, snapshotSlices: 0 };
    for (let seed = 100; seed < 350; seed++) {
      const r = runSeed(seed, { steps: 2000 });
      expect(r.violation, `seed ${seed}: ${r.violation?.message}`).toBeNull();
      totals.resumed += r.counts.sessionsResumed;
      totals.refused += r.counts.resumesRefused;
      totals.expired += r.counts.sessionsExpired;
      totals.ephemeralsByExpiry += r.counts.ephemeralsDeletedByExpiry;
      totals.events += r.counts.watchEvents;
      totals.multiFailed += r.counts.multiFailed;
      totals.sequential += r.counts.sequentialCreates;
      totals.badVersion += r.counts.badVersion;
      totals.nodeExists += r.counts.nodeExists;
      totals.cleanup += r.counts.containersDeleted + r.counts.ttlNodesDeleted;
      totals.snapshotSlices += r.counts.snapshotSlices;
    }
    for (const [name, n] of Object.entries(totals)) expect(n, name).toBeGreaterThan(0);
  });
});
