/**
 * Memory, recovery and concurrent sessions, on a fresh server of each kind:
 * - RSS after loading N znodes of 100 bytes, and bytes per znode = (RSS - idle RSS) / N;
 * - the restart of that data dir: time until `ruok` answers and until the last znode reads back;
 * - how many sessions the server holds at once (each one opened, then asked `exists /`).
 * These run in the coordinator process: it must read the server's RSS while the sessions are held.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeCrowd, keepAlive, openCrowd, pollCrowd } from './load/crowd';
import { runJob } from './load/jobs';
import { populatedPath } from './load/sources';
import { Control } from './control';
import type { BenchOptions } from './options';
import { ManagedServer, type StartTimes } from './servers/managed-server';
import type { ServerKind } from './servers/server-kinds';
import { DEFAULT_SETTINGS } from './servers/zoo-cfg';
import { directoryBytes, openFileCount, openFilesLimit } from './system-facts';

/** Memory and recovery at one znode count. */
export interface MemoryLevel {
  readonly znodes: number;
  /** Creates per second while loading (16 sessions, 32 in flight each). */
  readonly loadOpsPerSec: number;
  readonly rssBytes: number;
  /** (RSS - idle RSS) / znodes. */
  readonly bytesPerZnode: number;
  /** Bytes in the data dir when the server was stopped. */
  readonly dataDirBytes: number;
  /** Graceful stop (SIGTERM until exit). */
  readonly stopMs: number;
  readonly restart: StartTimes;
  readonly rssAfterRestartBytes: number;
}

/** One concurrent-sessions attempt. */
export interface SessionsLevel {
  readonly requested: number;
  /** Fewer than requested when the open-files limit would not allow more. */
  readonly attempted: number;
  readonly cappedBy: string | null;
  readonly opened: number;
  /** Sessions that answered `exists /` while all were open. */
  readonly held: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly openMs: number;
  readonly rssBytes: number;
}

/** Everything the capacity phase measured on one server. */
export interface CapacityResult {
  readonly idleRssBytes: number;
  readonly memory: readonly MemoryLevel[];
  readonly sessions: readonly SessionsLevel[];
}

const MEMORY_ROOT = '/paddock-bench-memory';
/** Time for a server to finish background work (GC, log flush) before its RSS is read. */
const SETTLE_MS = 2000;
const START_TIMEOUT_MS = 60_000;
const RECOVERY_TIMEOUT_MS = 600_000;
const HANDSHAKES_IN_FLIGHT = 256;
/** Descriptors kept free for everything but the sessions: generators, servers' own files, jars. */
const FD_HEADROOM = 256;

/** Runs the capacity measurements on a fresh `kind` server under `baseDir`. */
export async function runCapacityPhase(
  kind: ServerKind,
  options: BenchOptions,
  baseDir: string,
  log: (line: string) => void,
): Promise<CapacityResult> {
  const server = await ManagedServer.prepare(kind, join(baseDir, 'capacity'), DEFAULT_SETTINGS, options.paddockCpuProfileDir);
  await server.start(START_TIMEOUT_MS);
  try {
    const control = await Control.open(server.target());
    await control.ensure(MEMORY_ROOT);
    await control.close();
    await sleep(SETTLE_MS);
    const idleRssBytes = server.rssBytes();
    log(`[capacity] ${server.label}: idle RSS ${mb(idleRssBytes)}`);
    const memory: MemoryLevel[] = [];
    let loaded = 0;
    for (const znodes of options.znodeCounts) {
      const level = await memoryLevel(server, options, loaded, znodes, idleRssBytes);
      memory.push(level);
      loaded = znodes;
      log(`[capacity] ${server.label}: ${znodes} znodes: RSS ${mb(level.rssBytes)}, ${level.bytesPerZnode.toFixed(0)} bytes/znode, restart serving after ${level.restart.servingMs.toFixed(0)} ms (ruok after ${level.restart.ruokMs.toFixed(0)} ms)`);
    }
    const sessions: SessionsLevel[] = [];
    for (const count of options.sessionCounts) {
      const level = await sessionsLevel(server, count);
      sessions.push(level);
      log(`[capacity] ${server.label}: ${level.held} of ${level.requested} sessions held${level.cappedBy === null ? '' : ` (capped by ${level.cappedBy})`}, opened in ${level.openMs.toFixed(0)} ms, RSS ${mb(level.rssBytes)}`);
    }
    return { idleRssBytes, memory, sessions };
  } finally {
    await server.stop();
  }
}

async function memoryLevel(
  server: ManagedServer,
  options: BenchOptions,
  from: number,
  znodes: number,
  idleRssBytes: number,
): Promise<MemoryLevel> {
  const startMs = performance.now();
  const { phase } = await runJob({
    kind: 'requests', target: server.target(), sessions: 16, window: 32,
    source: { type: 'populate', root: MEMORY_ROOT, from, to: znodes, dataBytes: options.dataBytes },
    phase: { warmupMs: 0, durationMs: Number.POSITIVE_INFINITY, timeoutMs: RECOVERY_TIMEOUT_MS },
  });
  if (Object.keys(phase.errors).length > 0) {
    throw new Error(`${server.label}: loading ${znodes} znodes failed: ${JSON.stringify(phase.errors)}`);
  }
  const loadOpsPerSec = (znodes - from) / ((performance.now() - startMs) / 1000);
  await sleep(SETTLE_MS);
  const rssBytes = server.rssBytes();
  const stopMs = await server.stop();
  const dataDirBytes = directoryBytes(server.dataDir);
  const restart = await server.start(RECOVERY_TIMEOUT_MS, populatedPath(MEMORY_ROOT, znodes - 1));
  await sleep(SETTLE_MS);
  return {
    znodes, loadOpsPerSec, rssBytes, bytesPerZnode: (rssBytes - idleRssBytes) / znodes,
    dataDirBytes, stopMs, restart, rssAfterRestartBytes: server.rssBytes(),
  };
}

async function sessionsLevel(server: ManagedServer, requested: number): Promise<SessionsLevel> {
  const limit = openFilesLimit();
  const room = limit - openFileCount() - FD_HEADROOM;
  const attempted = Math.max(0, Math.min(requested, room));
  const cappedBy = attempted < requested ? `ulimit -n ${limit} (raise it to hold ${requested} sessions)` : null;
  const crowd = await openCrowd({ ...server.target(), maxInFlight: 1 }, attempted, HANDSHAKES_IN_FLIGHT);
  const stopPings = keepAlive(crowd.sessions);
  try {
    const held = await pollCrowd(crowd.sessions, 60_000);
    return {
      requested, attempted, cappedBy, opened: crowd.sessions.length, held,
      failures: crowd.failures, openMs: crowd.openMs, rssBytes: server.rssBytes(),
    };
  } finally {
    stopPings();
    await closeCrowd(crowd.sessions, HANDSHAKES_IN_FLIGHT);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
