import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from '@paddock/client';
import { Cluster } from '../cluster/cluster.js';
import type { ServerKind } from '../cluster/member-config.js';
import { signalGroup, trackProcess, waitForExit } from '@paddock/process-kit';
import { KAZOO_PYTHON } from '../workload/kazoo-executor.js';
import { ZkCli } from './zkcli.js';

const KAZOO_SCRIPT = fileURLToPath(new URL('./failover_kazoo.py', import.meta.url));
const BASE = '/failover';
/** ZooKeeper's default tick: failover timing is measured with the servers' stock timing. */
const TICK_TIME = 2000;
const WRITE_TIMEOUT_MS = 60_000;

/** One ensemble's failover, as both clients saw it. */
export interface FailoverResult {
  readonly servers: ServerKind;
  readonly killedLeader: number;
  /** Milliseconds from the kill until `srvr` showed a new leader with its followers (250 ms polls); undefined: never. */
  readonly electedMs: number | undefined;
  /** Milliseconds from the kill to the first successful write. */
  readonly kazooMs: number;
  readonly zkCliMs: number;
  readonly kazooSessionKept: boolean;
  readonly kazooWatchFired: boolean;
  readonly zkCliSessionKept: boolean;
  readonly zkCliWatchFired: boolean;
}

export interface FailoverOptions {
  readonly members: number;
  readonly log: (line: string) => void;
}

/**
 * Kills -9 the leader of a real ZooKeeper ensemble, then of a Paddock one (same size, default
 * tickTime, one after the other in one run so that neither measurement shares the CPU with
 * the other), each with a kazoo client and a zkCli session connected to every member, and
 * measures the time from the kill to each client's first successful write, checking that both
 * sessions and a watch of each survive the failover.
 */
export async function runFailover(options: FailoverOptions): Promise<Array<FailoverResult | { servers: ServerKind; error: string }>> {
  const results: Array<FailoverResult | { servers: ServerKind; error: string }> = [];
  for (const servers of ['zookeeper', 'paddock'] as const) {
    try {
      results.push(await measure(servers, options));
    } catch (error) {
      results.push({ servers, error: error instanceof Error ? error.message.split('\n').slice(0, 40).join('\n') : String(error) });
    }
  }
  return results;
}

async function measure(servers: ServerKind, options: FailoverOptions): Promise<FailoverResult> {
  const { log } = options;
  log(`failover: starting ${options.members} ${servers} members`);
  const cluster = await Cluster.start({ kind: servers, size: options.members, tickTime: TICK_TIME, proxied: false });
  let kazoo: TaggedScript | undefined;
  let zkCli: ZkCli | undefined;
  try {
    kazoo = new TaggedScript(KAZOO_PYTHON, ['-u', KAZOO_SCRIPT, cluster.connectString, BASE]);
    const ready = (await kazoo.next('ready', 60_000)) as { session: string };
    zkCli = await ZkCli.open(cluster.connectString);
    await zkCli.run(`create ${BASE}/zkcli-probe x`);
    await zkCli.run(`create ${BASE}/zkcli-watched x`);
    await zkCli.run(`create -e ${BASE}/zkcli-eph x`);
    const ownerBefore = ephemeralOwner(await zkCli.run(`stat ${BASE}/zkcli-eph`));
    await zkCli.run(`get -w ${BASE}/zkcli-watched`);

    const [leader] = await cluster.leaders();
    if (leader === undefined) throw new Error('no leader to kill');
    const killMs = Date.now();
    await cluster.member(leader).kill9();
    kazoo.send('go');
    const elected = cluster.waitForQuorum(WRITE_TIMEOUT_MS).then(
      () => Date.now() - killMs,
      () => undefined,
    );
    log(`failover: ${servers}: killed leader ${leader}`);
    let attempt = 0;
    for (;;) {
      attempt += 1;
      // `set -s` prints the new Stat (`mZxid = 0x...`) on success, an exception otherwise.
      if (/mZxid = /.test(await zkCli.run(`set -s ${BASE}/zkcli-probe ${attempt}`))) break;
      if (Date.now() - killMs > WRITE_TIMEOUT_MS) throw new Error(`zkCli: no successful write within ${WRITE_TIMEOUT_MS} ms of the kill; output:\n${zkCli.output.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const zkCliMs = Date.now() - killMs;
    const written = (await kazoo.next('write', WRITE_TIMEOUT_MS)) as { ms: number; session: string };
    const kazooMs = written.ms - killMs;
    const electedMs = await elected;

    await touchWatched(cluster.connectString);
    const watch = (await kazoo.next('watch', 40_000)) as { fired: boolean };
    let zkCliWatchFired = true;
    try {
      await zkCli.waitFor(new RegExp(`type:NodeDataChanged path:${BASE}/zkcli-watched`), 30_000);
    } catch {
      zkCliWatchFired = false;
    }
    const ownerAfter = ephemeralOwner(await zkCli.run(`stat ${BASE}/zkcli-eph`));
    return {
      servers,
      killedLeader: leader,
      electedMs,
      kazooMs,
      zkCliMs,
      kazooSessionKept: written.session === ready.session,
      kazooWatchFired: watch.fired,
      zkCliSessionKept: ownerBefore !== undefined && ownerAfter === ownerBefore,
      zkCliWatchFired,
    };
  } finally {
    await kazoo?.close();
    await zkCli?.close();
    await cluster.stop();
  }
}

/** The ephemeralOwner zkCli's `stat` printed, or undefined when the node is gone. */
function ephemeralOwner(statOutput: string): string | undefined {
  return /ephemeralOwner = (0x[0-9a-f]+)/.exec(statOutput)?.[1];
}

/** Changes both clients' watched nodes with our own client. */
async function touchWatched(connectString: string): Promise<void> {
  const client = createClient(connectString, { sessionTimeoutMs: 10_000 });
  try {
    await client.waitForConnected(30_000);
    await client.setData(`${BASE}/kazoo-watched`, 'changed');
    await client.setData(`${BASE}/zkcli-watched`, 'changed');
  } finally {
    await client.close();
  }
}

/** The results table: each ensemble's times, then the ratio Paddock / ZooKeeper per client. */
export function formatFailover(results: ReadonlyArray<FailoverResult | { servers: ServerKind; error: string }>): string {
  const lines = ['failover: kill -9 of the leader to the first successful write (tickTime 2000)'];
  for (const r of results) {
    if ('error' in r) {
      lines.push(`  ${r.servers.padEnd(9)} failed: ${r.error}`);
      continue;
    }
    lines.push(
      `  ${r.servers.padEnd(9)} new leader serving after ${r.electedMs ?? 'never'} ms; kazoo ${r.kazooMs} ms (session ${r.kazooSessionKept ? 'kept' : 'LOST'}, watch ${r.kazooWatchFired ? 'fired' : 'LOST'}), ` +
        `zkCli ${r.zkCliMs} ms (session ${r.zkCliSessionKept ? 'kept' : 'LOST'}, watch ${r.zkCliWatchFired ? 'fired' : 'LOST'})`,
    );
  }
  const zk = results.find((r): r is FailoverResult => r.servers === 'zookeeper' && !('error' in r));
  const pd = results.find((r): r is FailoverResult => r.servers === 'paddock' && !('error' in r));
  if (zk !== undefined && pd !== undefined) {
    lines.push(`  ratio paddock/zookeeper: kazoo ${(pd.kazooMs / zk.kazooMs).toFixed(2)}, zkCli ${(pd.zkCliMs / zk.zkCliMs).toFixed(2)}`);
  }
  return lines.join('\n');
}

/** Whether every measured failover kept both sessions and both watches. */
export function failoverSound(results: ReadonlyArray<FailoverResult | { servers: ServerKind; error: string }>): boolean {
  return results.every((r) => !('error' in r) && r.kazooSessionKept && r.kazooWatchFired && r.zkCliSessionKept && r.zkCliWatchFired);
}

/** A script that reports with `@@tag json` lines and takes `go` lines on stdin. */
class TaggedScript {
  private readonly child: ChildProcess;
  private readonly reports: Array<{ tag: string; value: unknown }> = [];
  private stderr = '';

  constructor(command: string, args: string[]) {
    this.child = trackProcess(spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] }), { group: true });
    this.child.stdin?.on('error', () => {});
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-3000)));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const m = /^@@(\w+) (.*)$/.exec(line);
      if (m !== null) this.reports.push({ tag: m[1]!, value: JSON.parse(m[2]!) });
    });
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async next(tag: string, timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.reports.findIndex((r) => r.tag === tag);
      if (index >= 0) return this.reports.splice(index, 1)[0]!.value;
      if (this.child.exitCode !== null) throw new Error(`kazoo script exited before @@${tag}\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`kazoo script: no @@${tag} within ${timeoutMs} ms\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close(): Promise<void> {
    this.child.stdin?.end();
    if (await waitForExit(this.child, 10_000)) return;
    signalGroup(this.child, 'SIGKILL');
    await waitForExit(this.child, 5000);
  }
}
