/**
 * One row's figures for one server in one round, merged from every generator process that took
 * part: histograms are merged (never percentiles averaged) and throughputs summed.
 */
import { LatencyHistogram, type LatencySummary } from './load/histogram';
import type { PhaseResult } from './load/measurement';

/** What one row measured on one server in one round. */
export interface RowRun {
  readonly opsPerSec: number;
  /** Nanoseconds. */
  readonly latency: LatencySummary;
  readonly errors: Readonly<Record<string, number>>;
  /** CPU of the busiest generator process over its measured window, in % of one core. */
  readonly generatorCpuPct: number;
  /** The server's CPU over the whole phase (warm-up included), in % of one core. */
  readonly serverCpuPct: number;
}

/** Merges the generators' results of one phase. */
export function mergePhaseResults(results: readonly PhaseResult[], serverCpuPct: number): RowRun {
  const histogram = new LatencyHistogram();
  const errors: Record<string, number> = {};
  let opsPerSec = 0;
  let generatorCpuPct = 0;
  for (const result of results) {
    histogram.merge(LatencyHistogram.deserialize(result.histogram));
    if (result.measuredMs > 0) opsPerSec += result.ops / (result.measuredMs / 1000);
    for (const [name, count] of Object.entries(result.errors)) errors[name] = (errors[name] ?? 0) + count;
    const { userMs, systemMs, wallMs } = result.cpu;
    if (wallMs > 0) generatorCpuPct = Math.max(generatorCpuPct, (100 * (userMs + systemMs)) / wallMs);
  }
  return { opsPerSec, latency: histogram.summary(), errors, generatorCpuPct, serverCpuPct };
}

/** Total error replies in a run. */
export function errorCount(run: RowRun): number {
  return Object.values(run.errors).reduce((a, b) => a + b, 0);
}
