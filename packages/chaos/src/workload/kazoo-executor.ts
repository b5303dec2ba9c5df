import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signalGroup, trackProcess, waitForExit } from '@paddock/process-kit';
import type { OpReport } from './history.js';
import type { OpRequest } from './op-chooser.js';
import type { ExecutorOptions } from './paddock-executor.js';

const SCRIPT = fileURLToPath(new URL('./kazoo_executor.py', import.meta.url));
/** Debian's python3-kazoo is in the system interpreter, which a venv's `python3` on PATH does not see. */
export const KAZOO_PYTHON = process.env.PADDOCK_PYTHON ?? '/usr/bin/python3';

/** True when the interpreter imports kazoo, else the reason it does not. */
export function kazooProblem(): string | undefined {
  const probe = spawnSync(KAZOO_PYTHON, ['-c', 'import kazoo.client'], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0 ? undefined : `${KAZOO_PYTHON} cannot import kazoo: ${probe.error?.message ?? probe.stderr.trim()}`;
}

/**
 * Runs operations with kazoo in a Python process (kazoo_executor.py), one at a time over a
 * line protocol; Python stamps the invoke and complete times itself, around the kazoo call.
 */
export class KazooExecutor {
  private readonly child: ChildProcess;
  private readonly lines: Interface;
  private readonly waiting: Array<(line: string | undefined) => void> = [];
  private readonly queued: string[] = [];
  private ended = false;
  private stderr = '';

  constructor(worker: string, options: ExecutorOptions) {
    this.child = trackProcess(
      spawn(
        KAZOO_PYTHON,
        ['-u', SCRIPT, options.connectString, worker, String(options.sessionTimeoutMs), String(options.requestTimeoutMs)],
        { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
      ),
      { group: true },
    );
    this.child.stdin?.on('error', () => {});
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.lines = createInterface({ input: this.child.stdout! });
    this.lines.on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter !== undefined) waiter(line);
      else this.queued.push(line);
    });
    this.lines.on('close', () => {
      this.ended = true;
      for (const waiter of this.waiting.splice(0)) waiter(undefined);
    });
  }

  async session(): Promise<string | undefined> {
    const answer = JSON.parse(await this.ask({ kind: 'session' })) as { session: string | null };
    return answer.session ?? undefined;
  }

  async execute(request: OpRequest): Promise<OpReport> {
    return JSON.parse(await this.ask(request)) as OpReport;
  }

  /** kill -9: the session is abandoned, as by a crashed client, and must expire with its ephemerals. */
  async crash(): Promise<void> {
    signalGroup(this.child, 'SIGKILL');
    await waitForExit(this.child, 5000);
  }

  /** Ends the script (it closes its session), killing it if it does not end in time. */
  async close(): Promise<void> {
    this.child.stdin?.end();
    if (!(await waitForExit(this.child, 10_000))) {
      signalGroup(this.child, 'SIGKILL');
      await waitForExit(this.child, 5000);
    }
  }

  private ask(request: OpRequest | { kind: 'session' }): Promise<string> {
    if (this.ended) return Promise.reject(new Error(`kazoo executor has exited\n${this.stderr}`));
    this.child.stdin?.write(JSON.stringify(request) + '\n');
    const ready = this.queued.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => (line === undefined ? reject(new Error(`kazoo executor has exited\n${this.stderr}`)) : resolve(line)));
    });
  }
}
