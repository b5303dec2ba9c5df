/**
 * Medians over rounds. Each figure's median is taken separately (the median p99 is the median
 * of the rounds' p99s), which is what a reader comparing noisy rounds expects.
 */
import { errorCount } from '../row-run';
import { SERVER_KINDS, type ServerKind } from '../servers/server-kinds';
import type { RoundResult } from '../throughput-phase';
import { ROW_DESCRIPTIONS, ROW_NAMES } from '../workloads';
import type { RowFigures, RowResult } from './results';

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Groups rounds by row and server and takes the medians, in report order. */
export function summarizeRows(rounds: readonly RoundResult[]): RowResult[] {
  return ROW_NAMES.flatMap((row) => {
    const ofRow = rounds.filter((r) => r.row === row);
    if (ofRow.length === 0) return [];
    const medians: Partial<Record<ServerKind, RowFigures>> = {};
    for (const server of SERVER_KINDS) {
      const runs = ofRow.filter((r) => r.server === server).map((r) => r.run);
      if (runs.length === 0) continue;
      const pick = (f: (run: (typeof runs)[number]) => number): number => median(runs.map(f));
      medians[server] = {
        rounds: runs.length,
        opsPerSec: pick((r) => r.opsPerSec),
        p50Ms: pick((r) => r.latency.p50Ns / 1e6),
        p90Ms: pick((r) => r.latency.p90Ns / 1e6),
        p99Ms: pick((r) => r.latency.p99Ns / 1e6),
        p999Ms: pick((r) => r.latency.p999Ns / 1e6),
        generatorCpuPct: pick((r) => r.generatorCpuPct),
        serverCpuPct: pick((r) => r.serverCpuPct),
        errors: runs.reduce((sum, r) => sum + errorCount(r), 0),
      };
    }
    const result: RowResult = { row, description: ROW_DESCRIPTIONS[row], median: medians, rounds: ofRow };
    return [result];
  });
}
