/** The core configuration a simulated run uses, derived from its drawn options. */
import { defaultCoreConfig, type CoreConfig } from '@paddock/core';
import type { SimOptions } from './options';

/** Virtual time 0 is this wall-clock instant (it seeds session ids and stamps ctime/mtime). */
export const WALL_CLOCK_BASE_MS = 1_700_000_000_000;

/** The core configuration of a run with options `o`, its PRNG seeded with `randomSeed`. */
export function coreConfigFor(o: SimOptions, randomSeed: number): CoreConfig {
  return defaultCoreConfig({
    tickTimeMs: o.tickTimeMs,
    extendedTypesEnabled: o.extendedTypesEnabled,
    containerCheckIntervalMs: o.containerCheckIntervalMs,
    snapCount: o.snapCount,
    maxOutstandingPerConnection: o.maxOutstandingPerConnection,
    snapshotSliceNodes: o.snapshotSliceNodes,
    plantedBugs: o.plantedBugs,
    randomSeed,
    startWallMs: WALL_CLOCK_BASE_MS,
  });
}
