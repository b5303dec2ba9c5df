/**
 * A whole bench run: check which servers can run, start the generators, run the throughput
 * rounds on both servers side by side, then the capacity tests on fresh servers, and gather
 * everything into one results object. Every process started is stopped on the way out, and the
 * servers' data dirs are removed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCapacityPhase, type CapacityResult } from './capacity-phase';
import { GeneratorPool } from './load/generator-pool';
import type { BenchOptions } from './options';
import { removeTempDir, trackTempDir } from '@paddock/process-kit';
import { collectNotes } from './report/notes';
import type { BenchResults, ServerStatus } from './report/results';
import { summarizeRows } from './report/summary';
import { LocalEnsemble } from './servers/local-ensemble';
import { ManagedServer } from './servers/managed-server';
import { availability, SERVER_KINDS, SERVER_LABEL, type ServerKind } from './servers/server-kinds';
import { DEFAULT_SETTINGS } from './servers/zoo-cfg';
import { filesystemOf, machineFacts, openFilesLimit } from './system-facts';
import { runThroughputPhase, type RoundResult, type RunFailure } from './throughput-phase';
import { ENSEMBLE_WORKLOADS } from './workloads';

const START_TIMEOUT_MS = 60_000;

/** Runs the bench with `options`; `log` receives progress and warnings as they happen. */
export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = machineFacts();
  const servers = initialStatus(options, log);
  const runDir = join(options.dataDir, `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  trackTempDir(runDir);
  const fs = filesystemOf(runDir);
  const failures: RunFailure[] = [];
  const capacity: Partial<Record<ServerKind, CapacityResult>> = {};
  let rounds: RoundResult[] = [];
  const pool = await GeneratorPool.start(options.generators);
  const standaloneWorkloads = options.workloads.filter((w) => !ENSEMBLE_WORKLOADS.has(w));
  const ensembleWorkloads = options.workloads.filter((w) => ENSEMBLE_WORKLOADS.has(w));
  try {
    const started = await startServers(options, servers, join(runDir, 'throughput'), log);
    if (started.length === 0) throw new Error(`no server could run: ${describeProblems(servers)}`);
    try {
      if (standaloneWorkloads.length > 0) {
        const phase = await runThroughputPhase(started, pool, { ...options, workloads: standaloneWorkloads }, log);
        rounds = phase.results;
        failures.push(...phase.failures);
      }
    } finally {
      for (const server of started) await server.stop();
    }
    if (ensembleWorkloads.length > 0) {
      const ensembles = await startEnsembles(options, started.map((s) => s.kind), join(runDir, 'ensemble'), failures, log);
      try {
        const phase = await runThroughputPhase(ensembles, pool, { ...options, workloads: ensembleWorkloads }, log);
        rounds = [...rounds, ...phase.results];
        failures.push(...phase.failures);
      } finally {
        for (const ensemble of ensembles) await ensemble.stop().catch(() => undefined);
      }
    }
    if (options.capacity) {
      for (const server of started) {
        try {
          capacity[server.kind] = await runCapacityPhase(server.kind, options, runDir, log);
        } catch (error) {
          failures.push({ what: 'capacity tests', server: server.kind, error: (error as Error).message });
          log(`[capacity] ${server.label} FAILED: ${(error as Error).message}`);
        }
      }
    }
  } finally {
    pool.close();
    removeTempDir(runDir);
  }
  const partial: Omit<BenchResults, 'notes'> = {
    format: 'paddock-bench/1',
    startedAt,
    finishedAt: new Date().toISOString(),
    options,
    machine,
    dataDir: { path: options.dataDir, filesystem: fs.type, device: fs.device },
    openFilesLimit: openFilesLimit(),
    servers,
    rows: summarizeRows(rounds),
    capacity,
    failures,
  };
  return { ...partial, notes: collectNotes(partial) };
}

/** Which of the chosen servers can run here; says loudly why one cannot. */
function initialStatus(options: BenchOptions, log: (line: string) => void): Record<ServerKind, ServerStatus> {
  const status = {} as Record<ServerKind, ServerStatus>;
  for (const kind of SERVER_KINDS) {
    if (!options.servers.includes(kind)) {
      status[kind] = { ran: false, version: null, problem: null };
      continue;
    }
    const found = availability(kind);
    if (found.available) {
      status[kind] = { ran: false, version: found.version, problem: null };
    } else {
      status[kind] = { ran: false, version: null, problem: found.reason };
      log(`*** ${SERVER_LABEL[kind]} will not run: ${found.reason}`);
    }
  }
  return status;
}

/** Starts every available chosen server; one that fails to start is reported and left out. */
async function startServers(
  options: BenchOptions,
  status: Record<ServerKind, ServerStatus>,
  baseDir: string,
  log: (line: string) => void,
): Promise<ManagedServer[]> {
  const started: ManagedServer[] = [];
  for (const kind of SERVER_KINDS) {
    const s = status[kind];
    if (!options.servers.includes(kind) || s.version === null) continue;
    const server = await ManagedServer.prepare(kind, baseDir, DEFAULT_SETTINGS, options.paddockCpuProfileDir);
    try {
      const times = await server.start(START_TIMEOUT_MS);
      status[kind] = { ...s, ran: true };
      started.push(server);
      log(`${server.label} ${s.version} serving on 127.0.0.1:${server.port} after ${times.servingMs.toFixed(0)} ms (pid ${server.pid}, own session via setsid)`);
    } catch (error) {
      status[kind] = { ...s, problem: `it did not start: ${(error as Error).message}` };
      log(`*** ${server.label} did not start, so the bench runs without it:\n${(error as Error).message}`);
    }
  }
  return started;
}

/** Starts a local 3-member ensemble of each kind that ran standalone; one that fails is a failure, not the end. */
async function startEnsembles(
  options: BenchOptions,
  kinds: readonly ServerKind[],
  baseDir: string,
  failures: RunFailure[],
  log: (line: string) => void,
): Promise<LocalEnsemble[]> {
  const started: LocalEnsemble[] = [];
  for (const kind of kinds) {
    const ensemble = await LocalEnsemble.prepare(kind, baseDir, DEFAULT_SETTINGS, options.paddockCpuProfileDir);
    try {
      await ensemble.start(START_TIMEOUT_MS);
      started.push(ensemble);
      log(`${ensemble.label} ensemble serving on 127.0.0.1:${ensemble.target().ports?.join(',')} (pids ${ensemble.pids.join(', ')})`);
    } catch (error) {
      failures.push({ what: 'starting the ensemble', server: kind, error: (error as Error).message });
      log(`*** the ${SERVER_LABEL[kind]} ensemble did not start, so the ensemble rows run without it:\n${(error as Error).message}`);
    }
  }
  return started;
}

function describeProblems(status: Record<ServerKind, ServerStatus>): string {
  return SERVER_KINDS.flatMap((k) => (status[k].problem === null ? [] : [`${SERVER_LABEL[k]}: ${status[k].problem}`])).join('; ') || 'none chosen';
}
