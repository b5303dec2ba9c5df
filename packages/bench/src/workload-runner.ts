/**
 * Runs one workload against one server: creates its parent znode, splits its sessions over the
 * generator processes, measures, cleans up what it created (untimed unless cleaning is itself a
 * row, as delete is) and removes the parent again, so every round starts from the same tree.
 */
import type { GeneratorPool } from './load/generator-pool';
import type { Job, JobResult, Target } from './load/jobs';
import type { LoadPhase } from './load/measurement';
import { payload } from './load/requests';
import type { SourceSpec } from './load/sources';
import { Control } from './control';
import type { BenchOptions } from './options';
import { mergePhaseResults, type RowRun } from './row-run';
import type { BenchServer } from './servers/managed-server';
import type { RowName, WorkloadName } from './workloads';

/** What a workload run needs besides the workload's name. */
export interface WorkloadContext {
  readonly pool: GeneratorPool;
  readonly options: BenchOptions;
  readonly server: BenchServer;
  /** The parent znode of this run (created and removed here). */
  readonly root: string;
  /** Where the `keys` existing znodes live (populated once per server). */
  readonly keysRoot: string;
  /** Varies the key sequence between rounds. */
  readonly seed: number;
}

/** A row measured by a workload run. */
export interface RowMeasurement {
  readonly row: RowName;
  readonly run: RowRun;
}

/** Stall allowance after a timed phase ends, before it is declared failed. */
const DRAIN_TIMEOUT_MS = 30_000;
/** Budget of a phase bounded by work (deletes, cleanup). */
const UNTIL_DONE: LoadPhase = { warmupMs: 0, durationMs: Number.POSITIVE_INFINITY, timeoutMs: 600_000 };
const MULTI_MEMBERS = 10;

/** Runs `workload` once against `ctx.server`. */
export async function runWorkload(workload: WorkloadName, ctx: WorkloadContext): Promise<RowMeasurement[]> {
  const control = await Control.open(ctx.server.target());
  try {
    await control.ensure(ctx.root);
    const rows = await measureWorkload(workload, ctx, control);
    await control.remove(ctx.root);
    return rows;
  } finally {
    await control.close();
  }
}

async function measureWorkload(workload: WorkloadName, ctx: WorkloadContext, control: Control): Promise<RowMeasurement[]> {
  const { options, root } = ctx;
  const target = ctx.server.target();
  const timed: LoadPhase = { warmupMs: options.warmupMs, durationMs: options.durationMs, timeoutMs: DRAIN_TIMEOUT_MS };
  const requests = (sessions: number, window: number, source: (worker: number) => SourceSpec, phase: LoadPhase) =>
    spread(ctx.pool.size, sessions).map((count, worker): Job | undefined =>
      count === 0 ? undefined : { kind: 'requests', target, sessions: count, window, source: source(worker), phase });
  const keys = (read: 'getData' | 'exists', writePercent: number) => (worker: number): SourceSpec => ({
    type: 'keys', keysRoot: ctx.keysRoot, keyCount: options.keys, dataBytes: options.dataBytes, read, writePercent,
    seed: ctx.seed * 64 + worker,
  });

  switch (workload) {
    case 'create': {
      const created = await measure(ctx, requests(options.sessions, options.window,
        (worker) => ({ type: 'create', root, worker, dataBytes: options.dataBytes }), timed));
      const deleted = await measure(ctx, deletesOf(target, options.window, root, created.results, 0));
      return [{ row: 'create', run: created.run }, { row: 'delete', run: deleted.run }];
    }
    case 'multi': {
      const multi = await measure(ctx, requests(options.sessions, options.window,
        (worker) => ({ type: 'multi', root, worker, members: MULTI_MEMBERS, dataBytes: options.dataBytes }), timed));
      // A multi that failed created nothing, so its undoing multi fails with NoNode: expected, not a row.
      await ctx.pool.run(deletesOf(target, options.window, root, multi.results, MULTI_MEMBERS));
      return [{ row: 'multi', run: multi.run }];
    }
    case 'set':
      return [{ row: 'set', run: (await measure(ctx, requests(options.sessions, options.window, keys('getData', 100), timed))).run }];
    case 'get':
      return [{ row: 'get', run: (await measure(ctx, requests(options.sessions, options.window, keys('getData', 0), timed))).run }];
    case 'exists':
      return [{ row: 'exists', run: (await measure(ctx, requests(options.sessions, options.window, keys('exists', 0), timed))).run }];
    case 'ensemble-set':
      return [{ row: 'ensemble-set', run: (await measure(ctx, requests(options.sessions, options.window, keys('getData', 100), timed))).run }];
    case 'ensemble-mixed':
      return [{ row: 'ensemble-mixed', run: (await measure(ctx, requests(options.sessions, options.window, keys('getData', 10), timed))).run }];
    case 'mixed':
      return [{ row: 'mixed', run: (await measure(ctx, requests(options.sessions, options.window, keys('getData', 10), timed))).run }];
    case 'serial-get':
      return [{ row: 'serial-get', run: (await measure(ctx, requests(1, 1, keys('getData', 0), timed))).run }];
    case 'serial-set':
      return [{ row: 'serial-set', run: (await measure(ctx, requests(1, 1, keys('getData', 100), timed))).run }];
    case 'fan-out': {
      const path = `${root}/watched`;
      await control.ensure(path, payload(options.dataBytes));
      // One process holds every watcher: the barrier between writes needs all of them in one place.
      const run = (await measure(ctx, [{ kind: 'fan-out', target, watchers: options.watchers, path, dataBytes: options.dataBytes, phase: timed }])).run;
      await control.remove(path);
      return [{ row: 'fan-out', run }];
    }
    case 'churn': {
      const jobs = spread(ctx.pool.size, options.churnParallel).map((parallel): Job | undefined =>
        parallel === 0 ? undefined : { kind: 'churn', target, parallel, phase: timed });
      return [{ row: 'churn', run: (await measure(ctx, jobs)).run }];
    }
  }
}

/** Jobs deleting what `results` (one per generator) created, with the same sessions per generator. */
function deletesOf(
  target: Target,
  window: number,
  root: string,
  results: ReadonlyArray<JobResult | undefined>,
  members: number,
): Array<Job | undefined> {
  return results.map((result, worker): Job | undefined =>
    result === undefined ? undefined : {
      kind: 'requests', target, sessions: result.issued.length, window,
      source: { type: 'delete', root, worker, issued: result.issued, members }, phase: UNTIL_DONE,
    });
}

/** Runs `jobs` and merges what they measured, with the server's CPU over the same time. */
async function measure(ctx: WorkloadContext, jobs: ReadonlyArray<Job | undefined>): Promise<{ run: RowRun; results: Array<JobResult | undefined> }> {
  const cpuBeforeMs = ctx.server.cpuMs();
  const startMs = performance.now();
  const results = await ctx.pool.run(jobs);
  const serverCpuPct = (100 * (ctx.server.cpuMs() - cpuBeforeMs)) / (performance.now() - startMs);
  const phases = results.flatMap((r) => (r === undefined ? [] : [r.phase]));
  return { run: mergePhaseResults(phases, serverCpuPct), results };
}

/** `total` split over `parts` as evenly as possible (earlier parts get the remainder). */
function spread(parts: number, total: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
