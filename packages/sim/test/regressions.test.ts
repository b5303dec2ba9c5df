import { describe, expect, it } from 'vitest';
import { defaultCoreConfig } from '@paddock/core';
import { OpCode, type Request } from '@paddock/protocol';
import { ENSEMBLE_REGRESSION_SEEDS } from '../src/ensemble/ensemble-regression-seeds';
import { runEnsembleSeed } from '../src/ensemble/run-ensemble';
import { REGRESSION_SEEDS } from '../src/regression-seeds';
import { runSeed } from '../src/run';
import { ScriptedHarness } from '../src/scripted-harness';
import { WALL_CLOCK_BASE_MS } from '../src/world-config';

const config = defaultCoreConfig({ startWallMs: WALL_CLOCK_BASE_MS });
const OPEN = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
const create = (path: string): Request => ({ op: OpCode.create, path, data: null, acl: OPEN, flags: 0 });

describe('regression seeds', () => {
  for (const r of REGRESSION_SEEDS) {
    it(`seed ${r.seed} (${r.steps} steps)${r.openBugRule ? ` still breaks ${r.openBugRule} (open bug)` : ' passes'}`, () => {
      const result = runSeed(r.seed, { steps: r.steps });
      if (r.openBugRule) expect(result.violation?.rule, r.note).toBe(r.openBugRule);
      else expect(result.violation, r.note).toBeNull();
    });
  }
});

/**
 * Core bugs the ensemble simulator found (diagnoses in ensemble-regression-seeds.ts). An open
 * one is an `it.fails` that demands a clean run, so the fix turns it red until its seed is moved
 * to the passing list; a second test pins the rule it breaks meanwhile.
 */
describe('ensemble regression seeds', () => {
  for (const r of ENSEMBLE_REGRESSION_SEEDS) {
    if (r.openBugRule) {
      it.fails(`ensemble seed ${r.seed} (${r.steps} steps) passes once its bug is fixed`, () => {
        expect(runEnsembleSeed(r.seed, { steps: r.steps }).violation, r.note).toBeNull();
      });
      it(`ensemble seed ${r.seed} breaks ${r.openBugRule} while its bug is open`, () => {
        expect(runEnsembleSeed(r.seed, { steps: r.steps }).violation?.rule, r.note).toBe(r.openBugRule);
      });
    } else {
      it(`ensemble seed ${r.seed} (${r.steps} steps) passes`, () => {
        expect(runEnsembleSeed(r.seed, { steps: r.steps }).violation, r.note).toBeNull();
      });
    }
  }
});

/**
 * Seed 31 found that ZooKeeper's delete checks only for a slash and NULs before its lookups
 * (PrepRequestProcessor.getParentPathAndValidate) and never validates the whole path, so a
 * malformed path such as "/a/" or "/a/." is simply not found: NoNode. Fixed in prepDelete.
 */
function deleteMalformed(path: string): void {
  const h = new ScriptedHarness(config);
  const conn = h.connect();
  h.call(conn, create('/a'));
  h.call(conn, { op: OpCode.delete, path, version: -1 });
}

describe('delete of a malformed path', () => {
  it.each(['/a/', '/a/.'])('answers NoNode for %s, as ZooKeeper does, and the model agrees', (path) => {
    expect(() => deleteMalformed(path)).not.toThrow();
  });
});

/**
 * Found by the fast-check model test: a watch replay's events overtook the replies of earlier
 * requests on the same connection, because drain() ran several reads in one pass before
 * emitting their replies. ZooKeeper answers the earlier exists before it processes setWatches,
 * so the client sees reply, then event. Fixed: a read runs only at the head of its queue.
 */
describe('a watch replay queued behind other requests', () => {
  it('delivers its events after the replies to the requests ahead of it', () => {
    const h = new ScriptedHarness(config);
    const conn = h.connect();
    h.send(conn, { op: OpCode.setData, path: '/a', data: null, version: 0 });
    h.send(conn, { op: OpCode.exists, path: '/a', watch: false });
    h.send(conn, { op: OpCode.setWatches, relativeZxid: 0n, dataWatches: [], existWatches: [], childWatches: ['/a'] });
    expect(() => h.persist()).not.toThrow();
  });
});
