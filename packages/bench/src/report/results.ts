/**
 * The results file (`latest.json`): everything a reader needs to judge the figures, from the
 * options and the machine to every round of every row, with the medians the table prints.
 */
import type { CapacityResult } from '../capacity-phase';
import type { BenchOptions } from '../options';
import type { ServerKind } from '../servers/server-kinds';
import type { MachineFacts } from '../system-facts';
import type { RoundResult, RunFailure } from '../throughput-phase';
import type { RowName } from '../workloads';

/** Whether a server took part, with its version or why not. */
export interface ServerStatus {
  readonly ran: boolean;
  readonly version: string | null;
  readonly problem: string | null;
}

/** One row's medians over rounds for one server (latencies in milliseconds). */
export interface RowFigures {
  readonly rounds: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly generatorCpuPct: number;
  readonly serverCpuPct: number;
  /** Error replies summed over all rounds (any error marks the row as suspect). */
  readonly errors: number;
}

/** One row: its description, its medians per server and every round behind them. */
export interface RowResult {
  readonly row: RowName;
  readonly description: string;
  readonly median: Partial<Record<ServerKind, RowFigures>>;
  readonly rounds: readonly RoundResult[];
}

/** The whole results file. */
export interface BenchResults {
  readonly format: 'paddock-bench/1';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: BenchOptions;
  readonly machine: MachineFacts;
  /** The servers' data directory and the filesystem it is on. */
  readonly dataDir: { readonly path: string; readonly filesystem: string; readonly device: string };
  readonly openFilesLimit: number;
  readonly servers: Readonly<Record<ServerKind, ServerStatus>>;
  readonly rows: readonly RowResult[];
  readonly capacity: Partial<Record<ServerKind, CapacityResult>>;
  readonly failures: readonly RunFailure[];
  /** What limits the figures: a busy generator, errors, a missing server, a capped test. */
  readonly notes: readonly string[];
}
