/**
 * The throughput and latency rounds: each workload runs against each server in alternation
 * (A B A B ...), so slow drifts of a shared machine's load fall on both servers alike. Both
 * servers stay up for the whole phase (warm JIT on both sides) and idle while the other is measured.
 */
import type { GeneratorPool } from './load/generator-pool';
import { runJob } from './load/jobs';
import { populatedPath } from './load/sources';
import { Control } from './control';
import type { BenchOptions } from './options';
import { errorCount, type RowRun } from './row-run';
import type { BenchServer } from './servers/managed-server';
import type { ServerKind } from './servers/server-kinds';
import { runWorkload } from './workload-runner';
import type { RowName } from './workloads';

/** One row measured on one server in one round. */
export interface RoundResult {
  readonly row: RowName;
  readonly server: ServerKind;
  readonly round: number;
  readonly run: RowRun;
}

/** The znode under which the throughput rounds keep everything they create. */
const BENCH_ROOT_ZNODE = '/paddock-bench';
const KEYS_ROOT = `${BENCH_ROOT_ZNODE}/keys`;

/** A workload run that failed on one server. */
export interface RunFailure {
  readonly what: string;
  readonly server: ServerKind;
  readonly error: string;
}

/**
 * Runs every round of every workload on `servers` (already started); `log` gets progress lines.
 * A failed run is recorded and the rounds go on; a server whose process died leaves the rotation.
 */
export async function runThroughputPhase(
  servers: readonly BenchServer[],
  pool: GeneratorPool,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ results: RoundResult[]; failures: RunFailure[] }> {
  const results: RoundResult[] = [];
  const failures: RunFailure[] = [];
  const active: BenchServer[] = [];
  for (const server of servers) {
    try {
      await populateKeys(server, options);
      active.push(server);
    } catch (error) {
      failures.push({ what: 'populating keys', server: server.kind, error: (error as Error).message });
      log(`${server.label} FAILED while populating keys: ${(error as Error).message}`);
    }
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const workload of options.workloads) {
      for (const server of [...active]) {
        try {
          const rows = await runWorkload(workload, {
            pool, options, server, seed: round,
            root: `${BENCH_ROOT_ZNODE}/r${round}-${workload}`,
            keysRoot: KEYS_ROOT,
          });
          for (const { row, run } of rows) {
            results.push({ row, server: server.kind, round, run });
            log(progressLine(round, options.rounds, row, server.label, run));
          }
        } catch (error) {
          const message = (error as Error).message;
          failures.push({ what: `${workload} (round ${round + 1})`, server: server.kind, error: message });
          log(`[round ${round + 1}/${options.rounds}] ${workload} on ${server.label} FAILED: ${message}`);
          if (!server.isRunning) {
            active.splice(active.indexOf(server), 1);
            log(`${server.label} is no longer running; its log ends:\n${server.logTail()}`);
          }
        }
      }
    }
  }
  return { results, failures };
}

/** Creates the existing znodes of set/get/exists/mixed and checks one reads back intact. */
async function populateKeys(server: BenchServer, options: BenchOptions): Promise<void> {
  const control = await Control.open(server.target());
  try {
    await control.ensure(BENCH_ROOT_ZNODE);
    await control.ensure(KEYS_ROOT);
    const { phase } = await runJob({
      kind: 'requests', target: server.target(), sessions: 8, window: 32,
      source: { type: 'populate', root: KEYS_ROOT, from: 0, to: options.keys, dataBytes: options.dataBytes },
      phase: { warmupMs: 0, durationMs: Number.POSITIVE_INFINITY, timeoutMs: 300_000 },
    });
    if (Object.keys(phase.errors).length > 0) {
      throw new Error(`${server.label}: creating ${options.keys} keys failed: ${JSON.stringify(phase.errors)}`);
    }
    const last = await control.read(populatedPath(KEYS_ROOT, options.keys - 1));
    if (last.length !== options.dataBytes) {
      throw new Error(`${server.label}: key read back ${last.length} bytes, wrote ${options.dataBytes}`);
    }
  } finally {
    await control.close();
  }
}

function progressLine(round: number, rounds: number, row: RowName, label: string, run: RowRun): string {
  const p99 = (run.latency.p99Ns / 1e6).toFixed(2);
  const errors = errorCount(run);
  return `[round ${round + 1}/${rounds}] ${row.padEnd(10)} ${label.padEnd(9)} ${Math.round(run.opsPerSec).toString().padStart(8)} ops/s  p99 ${p99.padStart(8)} ms  generator CPU ${run.generatorCpuPct.toFixed(0).padStart(3)} %  server CPU ${run.serverCpuPct.toFixed(0).padStart(3)} %${errors > 0 ? `  ERRORS ${JSON.stringify(run.errors)}` : ''}`;
}
