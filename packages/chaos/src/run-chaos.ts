import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConvergence } from './check/convergence.js';
import { checkEphemerals } from './check/ephemerals.js';
import { checkFinalState } from './check/final-state.js';
import { checkLinearizableWrites } from './check/linearizability.js';
import { checkReadValues } from './check/read-values.js';
import type { CheckResult } from './check/result.js';
import { checkSessionOrder } from './check/session-order.js';
import { checkWriteOrder } from './check/write-order.js';
import { Cluster } from './cluster/cluster.js';
import type { ServerKind } from './cluster/member-config.js';
import { readMemberTree, type MemberTree } from './final-reads.js';
import { Nemesis, type FaultRecord } from './nemesis/nemesis.js';
import { Prng } from './prng.js';
import type { NodeState, Op } from './workload/history.js';
import { EPHEMERALS_ROOT, KEYS_ROOT } from './workload/op-chooser.js';
import { Workload } from './workload/workload.js';

export interface ChaosOptions {
  readonly servers: ServerKind;
  readonly members: number;
  readonly seed: number;
  /** How long the nemesis injects faults. */
  readonly faultPhaseMs: number;
  readonly tickTime: number;
  readonly paddockWorkers: number;
  readonly kazooWorkers: number;
  readonly log: (line: string) => void;
}

export interface ChaosReport {
  readonly seed: number;
  readonly servers: ServerKind;
  readonly members: number;
  readonly ops: { readonly ok: number; readonly failed: number; readonly unknown: number };
  readonly faults: readonly FaultRecord[];
  /** kill -9s of kazoo client processes, whose sessions then had to expire. */
  readonly clientCrashes: number;
  readonly checks: readonly CheckResult[];
}

/**
 * One chaos run: a real ensemble with proxies between its members, a workload of our client
 * and kazoo, a nemesis for `faultPhaseMs`, then heal, settle, close every session, and judge
 * the history and the members' final trees.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const prng = new Prng(options.seed);
  const sessionTimeoutMs = 10 * options.tickTime;
  log(`chaos: seed ${options.seed}, ${options.members} ${options.servers} members, faults for ${Math.round(options.faultPhaseMs / 1000)} s`);
  const cluster = await Cluster.start({ kind: options.servers, size: options.members, tickTime: options.tickTime, proxied: true });
  try {
    log(`chaos: ensemble up (${cluster.connectString})`);
    const workload = new Workload(
      {
        connectString: cluster.connectString,
        sessionTimeoutMs,
        requestTimeoutMs: sessionTimeoutMs,
        paddockWorkers: options.paddockWorkers,
        kazooWorkers: options.kazooWorkers,
        keyCount: 5,
        thinkMs: 20,
        kazooCrashEveryMs: 20_000,
      },
      prng.fork('workload'),
    );
    await workload.start();
    const nemesis = new Nemesis(cluster, prng.fork('nemesis'), {
      minFaultMs: 2 * options.tickTime,
      maxFaultMs: 16 * options.tickTime,
      settleTimeoutMs: 60_000,
      log,
    });
    await sleep(2000);
    await nemesis.run(Date.now() + options.faultPhaseMs);
    const settleMs = await nemesis.healAll();
    log(`chaos: healed; ensemble ${settleMs === undefined ? 'did not settle' : `settled in ${settleMs} ms`}`);
    // Keep the workload going for a while on the healed ensemble: it must serve again.
    await sleep(3000);
    const ops = (await workload.stop()).ops();
    const clientCrashes = workload.crashes;
    log(`chaos: workload stopped after ${ops.length} operations; waiting for ended sessions' ephemerals to go`);
    const ephemerals = await waitForEphemeralsGone(cluster, sessionTimeoutMs * 2 + 4 * options.tickTime);
    const trees = new Map<number, MemberTree | undefined>();
    for (const member of cluster.members) trees.set(member.id, await readMemberTree(member.ports.clientPort, 30_000));
    const historyPath = join(tmpdir(), `paddock-chaos-history-${options.servers}-${options.seed}.json`);
    writeFileSync(historyPath, JSON.stringify(ops));
    log(`chaos: history of ${ops.length} operations in ${historyPath}`);
    const checks = [
      checkLinearizableWrites(ops),
      checkWriteOrder(ops),
      checkReadValues(ops),
      checkSessionOrder(ops),
      checkFinalState(ops, finalKeys(trees)),
      checkEphemerals(ephemerals, ops.filter((op) => op.kind === 'ephemeral' && op.outcome === 'ok').length),
      checkConvergence(new Map([...trees].map(([id, tree]) => [id, tree?.lines]))),
      recovery(nemesis.unrecovered, settleMs, nemesis.faults.length + 1),
      faultsReached(nemesis.faults, cluster.relayedConnections()),
    ];
    if (checks.some((c) => c.status !== 'ok')) {
      const logDir = join(tmpdir(), `paddock-chaos-logs-${options.servers}-${options.seed}`);
      cluster.keepLogs(logDir);
      log(`chaos: member logs kept in ${logDir}`);
    }
    return { seed: options.seed, servers: options.servers, members: options.members, ops: countOps(ops), faults: nemesis.faults, clientCrashes, checks };
  } finally {
    await cluster.stop();
  }
}

/** Polls every member until none holds an ephemeral under the run's root, or the time is up. */
async function waitForEphemeralsGone(cluster: Cluster, timeoutMs: number): Promise<Map<number, Map<string, NodeState> | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = new Map<number, Map<string, NodeState> | undefined>();
    for (const member of cluster.members) {
      const tree = await readMemberTree(member.ports.clientPort, 15_000);
      remaining.set(
        member.id,
        tree === undefined ? undefined : new Map([...tree.nodes].filter(([path]) => path.startsWith(`${EPHEMERALS_ROOT}/`))),
      );
    }
    const clean = [...remaining.values()].every((nodes) => nodes !== undefined && nodes.size === 0);
    if (clean || Date.now() >= deadline) return remaining;
    await sleep(1000);
  }
}

/** The keys' final state, from the first member read (convergence judges whether the others agree). */
function finalKeys(trees: ReadonlyMap<number, MemberTree | undefined>): Map<string, NodeState> | undefined {
  const tree = [...trees.values()].find((t) => t !== undefined);
  if (tree === undefined) return undefined;
  return new Map([...tree.nodes].filter(([path]) => path.startsWith(`${KEYS_ROOT}/`)));
}

function recovery(unrecovered: readonly string[], settleMs: number | undefined, heals: number): CheckResult {
  const problems = [...unrecovered];
  if (settleMs === undefined) problems.push('after the final heal, the ensemble did not serve with every member');
  return { name: 'serves again after every heal', status: problems.length > 0 ? 'anomaly' : 'ok', checked: heals, problems };
}

/**
 * Network faults act on the proxies; if the members never dialed through them (a server that
 * ignores its dial addresses), those faults did nothing, and the run proves less than it says.
 */
function faultsReached(faults: readonly FaultRecord[], relayed: number): CheckResult {
  const name = 'faults reached the members';
  const network = faults.filter((f) => f.kind === 'isolate' || f.kind === 'split' || f.kind === 'one-way').length;
  if (faults.length === 0) return { name, status: 'inconclusive', checked: 0, problems: ['no fault was injected'] };
  if (network > 0 && relayed === 0) {
    return { name, status: 'inconclusive', checked: faults.length, problems: [`${network} network faults, but no member connection went through the proxies`] };
  }
  return { name, status: 'ok', checked: faults.length, problems: [] };
}

function countOps(ops: readonly Op[]): ChaosReport['ops'] {
  return {
    ok: ops.filter((op) => op.outcome === 'ok').length,
    failed: ops.filter((op) => op.outcome === 'fail').length,
    unknown: ops.filter((op) => op.outcome === 'unknown').length,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
