import { createClient, KeeperError } from '@paddock/client';
import type { Prng } from '../prng.js';
import { History, type OpReport } from './history.js';
import { KazooExecutor } from './kazoo-executor.js';
import { CHAOS_ROOT, EPHEMERALS_ROOT, KEYS_ROOT, OpChooser, type OpRequest } from './op-chooser.js';
import { PaddockExecutor, type ExecutorOptions } from './paddock-executor.js';

export interface WorkloadOptions extends ExecutorOptions {
  /** Workers using our own client. */
  readonly paddockWorkers: number;
  /** Workers using kazoo, one Python process each. */
  readonly kazooWorkers: number;
  readonly keyCount: number;
  /** Pause between a worker's operations, to leave CPU to the servers. */
  readonly thinkMs: number;
}

interface Executor {
  session(): Promise<string | undefined>;
  execute(request: OpRequest): Promise<OpReport>;
  close(): Promise<void>;
}

/**
 * Concurrent clients hammering a few shared keys, each one operation at a time, recording every
 * operation in one History. A worker whose session changed (first connect, or a new session
 * after an expiry) first creates that session's ephemeral node.
 */
export class Workload {
  readonly history = new History();
  private stopping = false;
  private running: Array<Promise<void>> = [];
  private readonly executors: Executor[] = [];

  constructor(
    private readonly options: WorkloadOptions,
    private readonly prng: Prng,
  ) {}

  /** Creates the run's parent nodes (before any fault), then starts the workers. */
  async start(): Promise<void> {
    await createParents(this.options.connectString);
    const workers: Array<{ name: string; executor: Executor }> = [];
    for (let i = 0; i < this.options.paddockWorkers; i += 1) {
      const name = `p${i}`;
      workers.push({ name, executor: new PaddockExecutor(name, this.options) });
    }
    for (let i = 0; i < this.options.kazooWorkers; i += 1) {
      const name = `kz${i}`;
      workers.push({ name, executor: new KazooExecutor(name, this.options) });
    }
    this.executors.push(...workers.map((w) => w.executor));
    this.running = workers.map((w) => this.run(w.name, w.executor));
  }

  /** Stops issuing operations, waits for the ones in flight, and closes every session. */
  async stop(): Promise<History> {
    this.stopping = true;
    await Promise.all(this.running);
    await Promise.all(this.executors.map((e) => e.close()));
    return this.history;
  }

  private async run(name: string, executor: Executor): Promise<void> {
    const chooser = new OpChooser(name, this.prng.fork(name), this.options.keyCount);
    let lastSession: string | undefined;
    const record = (report: OpReport): void => {
      this.history.add(report);
      chooser.observe(report);
    };
    while (!this.stopping) {
      const session = await executor.session();
      if (session === undefined) {
        await sleep(100);
        continue;
      }
      if (session !== lastSession) {
        lastSession = session;
        record(await executor.execute(chooser.ephemeral(session)));
        continue;
      }
      record(await executor.execute(chooser.next()));
      await sleep(this.options.thinkMs);
    }
  }
}

async function createParents(connectString: string): Promise<void> {
  const client = createClient(connectString, { sessionTimeoutMs: 10_000 });
  try {
    await client.waitForConnected(30_000);
    for (const path of [CHAOS_ROOT, KEYS_ROOT, EPHEMERALS_ROOT]) {
      try {
        await client.create(path, '');
      } catch (error) {
        if (!KeeperError.is(error, 'NodeExists')) throw error;
      }
    }
  } finally {
    await client.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
