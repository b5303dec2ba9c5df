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
  /** Mean time between kill -9s of each kazoo worker's process (a crashed client whose session must expire). */
  readonly kazooCrashEveryMs: number;
}

interface Executor {
  session(): Promise<string | undefined>;
  execute(request: OpRequest): Promise<OpReport>;
  close(): Promise<void>;
}

/** A worker: its name, how to make its executor, and whether that executor can be crashed. */
interface WorkerSpec {
  readonly name: string;
  readonly make: () => Executor;
  readonly crash?: (executor: Executor) => Promise<void>;
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
  private readonly executors = new Set<Executor>();
  private crashCount = 0;

  constructor(
    private readonly options: WorkloadOptions,
    private readonly prng: Prng,
  ) {}

  /** Creates the run's parent nodes (before any fault), then starts the workers. */
  async start(): Promise<void> {
    await createParents(this.options.connectString);
    const workers: WorkerSpec[] = [];
    for (let i = 0; i < this.options.paddockWorkers; i += 1) {
      const name = `p${i}`;
      workers.push({ name, make: () => new PaddockExecutor(name, this.options) });
    }
    for (let i = 0; i < this.options.kazooWorkers; i += 1) {
      const name = `kz${i}`;
      workers.push({
        name,
        make: () => new KazooExecutor(name, this.options),
        crash: (executor) => (executor as KazooExecutor).crash(),
      });
    }
    this.running = workers.map((w) => this.run(w));
  }

  /** How many client processes were crashed on purpose. */
  get crashes(): number {
    return this.crashCount;
  }

  /** Stops issuing operations, waits for the ones in flight, and closes every session. */
  async stop(): Promise<History> {
    this.stopping = true;
    await Promise.all(this.running);
    await Promise.all([...this.executors].map((e) => e.close()));
    return this.history;
  }

  private async run(worker: WorkerSpec): Promise<void> {
    const prng = this.prng.fork(worker.name);
    const chooser = new OpChooser(worker.name, prng, this.options.keyCount);
    const every = this.options.kazooCrashEveryMs;
    const nextCrash = (): number => Date.now() + prng.between(Math.round(every / 2), Math.round((every * 3) / 2));
    let crashAt = nextCrash();
    let executor = worker.make();
    this.executors.add(executor);
    let lastSession: string | undefined;
    const record = (report: OpReport): void => {
      this.history.add(report);
      chooser.observe(report);
    };
    while (!this.stopping) {
      if (worker.crash !== undefined && Date.now() >= crashAt) {
        await worker.crash(executor);
        this.executors.delete(executor);
        this.crashCount += 1;
        executor = worker.make();
        this.executors.add(executor);
        crashAt = nextCrash();
      }
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
