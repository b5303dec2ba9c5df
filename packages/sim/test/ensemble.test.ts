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

  // A few hundred swarm seeds in CI, in chunks so a failure names its range early; the last test
  // checks that the swarm as a whole reached every interesting path.
  const swarmTotal = freshEnsembleCounts();
  for (let first = 1000; first < 1300; first += 100) {
    it(`passes swarm seeds ${first}..${first + 99}`, () => {
      for (let seed = first; seed < first + 100; seed++) {
        const r = runEnsembleSeed(seed, { steps: 2500 });
        expect(r.violation, `seed ${seed}: ${r.violation?.message}`).toBeNull();
        addEnsembleCounts(swarmTotal, r.counts);
      }
    });
  }

  it('reached the interesting paths over the swarm', () => {
    const mustReach = ['contestedElections', 'leadersEstablished', 'diff', 'trunc', 'truncDiff', 'snap', 'snapMultiChunk', 'expiries', 'crashes', 'crashesWithUnsyncedWrites', 'pauses', 'isolations', 'splits', 'oneWayHolds', 'readTimeouts', 'watchReplays', 'watchEvents', 'tornTails', 'swizzleClogs', 'snapshotSlices', 'linearizableKeys', 'readsJudged'] as const;
    for (const name of mustReach) expect(swarmTotal[name], name).toBeGreaterThan(0);
    expect(swarmTotal.linearizabilityInconclusive).toBe(0);
  });

  it('catches a disk that reports writes durable when their fsync only starts (ACK before fsync)', () => {
    const rules = [1, 2, 3, 4, 5].map((seed) => runEnsembleSeed(seed, { steps: 1500, plant: 'early-fsync-report' }).violation?.rule);
    expect(rules.filter((rule) => rule === 'committed-without-quorum').length).toBeGreaterThanOrEqual(3);
  });
});
