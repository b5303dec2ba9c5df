import { describe, expect, it } from 'vitest';
import { runEnsembleSeed } from '../src/ensemble/run-ensemble';
import { freshEnsembleCounts, addEnsembleCounts } from '../src/ensemble/ensemble-counts';

describe('ensemble simulation', () => {
  it('gives the same trace hash for the same seed, run twice in one process', () => {
    const a = runEnsembleSeed(7, { steps: 2000 });
    const b = runEnsembleSeed(7, { steps: 2000 });
    expect(a.violation).toBeNull();
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.counts).toEqual(a.counts);
    expect(b.steps).toBe(a.steps);
  });

  it('gives different trace hashes for different seeds', () => {
    const hashes = new Set([1, 2, 3].map((seed) => runEnsembleSeed(seed, { steps: 300 }).traceHash));
    expect(hashes.size).toBe(3);
  });

  it('passes a swarm of seeds and reaches the interesting paths', () => {
    const total = freshEnsembleCounts();
    for (let seed = 1000; seed < 1060; seed++) {
      const r = runEnsembleSeed(seed, { steps: 2500 });
      expect(r.violation, `seed ${seed}: ${r.violation?.message}`).toBeNull();
      addEnsembleCounts(total, r.counts);
    }
    const mustReach = ['contestedElections', 'leadersEstablished', 'diff', 'snap', 'expiries', 'crashes', 'pauses', 'isolations', 'splits', 'oneWayHolds', 'readTimeouts', 'watchReplays', 'watchEvents'] as const;
    for (const name of mustReach) expect(total[name], name).toBeGreaterThan(0);
  });

  it('catches a disk that reports writes durable when their fsync only starts (ACK before fsync)', () => {
    const rules = [1, 2, 3, 4, 5].map((seed) => runEnsembleSeed(seed, { steps: 1500, plant: 'early-fsync-report' }).violation?.rule);
    expect(rules.filter((rule) => rule === 'committed-without-quorum').length).toBeGreaterThanOrEqual(3);
  });
});
