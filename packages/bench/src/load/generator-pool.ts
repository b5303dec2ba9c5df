/**
 * The generator processes. They are forked once per run and reused for every phase, so their
 * start-up (tsx compiling the sources) is never inside a measurement. They stay in the
 * coordinator's session and process group; only the servers are started with setsid.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../paths';
import { signalTracked, trackProcess } from '@paddock/process-kit';
import type { GeneratorMessage, JobMessage } from './generator-main';
import type { Job, JobResult } from './jobs';

const ENTRY = fileURLToPath(new URL('./generator-main.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

interface Pending {
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: Error) => void;
}

class Generator {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: string | undefined;

  constructor(readonly index: number, private readonly child: ChildProcess) {
    child.on('message', (message: GeneratorMessage) => this.onMessage(message));
    child.once('exit', (code, signal) => {
      this.exited = `generator ${index} exited (code ${code}, signal ${signal})`;
      for (const p of this.pending.values()) p.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`generator ${this.index} not ready after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const onMessage = (message: GeneratorMessage): void => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(this.exited));
      });
    });
  }

  run(job: Job): Promise<JobResult> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: JobMessage = { id, job };
      this.child.send(message);
    });
  }

  stop(): void {
    signalTracked(this.child, 'SIGTERM');
  }

  private onMessage(message: GeneratorMessage): void {
    if (message.type === 'ready') return;
    const p = this.pending.get(message.id);
    if (p === undefined) return;
    this.pending.delete(message.id);
    if (message.type === 'done') p.resolve(message.result);
    else p.reject(new Error(message.error));
  }
}

/** N generator processes that run jobs in parallel. */
export class GeneratorPool {
  private constructor(private readonly generators: readonly Generator[]) {}

  /** Forks `count` generators and waits until each has loaded. */
  static async start(count: number): Promise<GeneratorPool> {
    const generators = Array.from({ length: count }, (_, index) => {
      const child = fork(ENTRY, [], {
        cwd: REPO_ROOT,
        execArgv: ['--import', 'tsx'],
        // Structured clone keeps Infinity (an unbounded phase) and typed data intact.
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      trackProcess(child);
      return new Generator(index, child);
    });
    const pool = new GeneratorPool(generators);
    try {
      await Promise.all(generators.map((g) => g.ready()));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  /** Number of generator processes. */
  get size(): number {
    return this.generators.length;
  }

  /**
   * Runs `jobs[i]` on generator i (undefined leaves it idle), all at once, and resolves with the
   * results at the same positions; rejects with the first failure once every job has ended.
   */
  async run(jobs: ReadonlyArray<Job | undefined>): Promise<Array<JobResult | undefined>> {
    if (jobs.length > this.generators.length) throw new Error(`${jobs.length} jobs for ${this.generators.length} generators`);
    const settled = await Promise.allSettled(
      jobs.map((job, i) => (job === undefined ? Promise.resolve(undefined) : this.generators[i]!.run(job))),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) throw failure.reason as Error;
    return settled.map((s) => (s as PromiseFulfilledResult<JobResult | undefined>).value);
  }

  /** Stops every generator. */
  close(): void {
    for (const g of this.generators) g.stop();
  }
}
