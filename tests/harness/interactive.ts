import { spawn, type ChildProcess } from 'node:child_process';
import { signalTracked, trackProcess, waitForExit } from '@paddock/process-kit';
import { sleep } from './sleep.js';

/**
 * A line-oriented command-line client (zkCli.sh, cli_mt) driven through its stdin. stdout and
 * stderr are merged in one pipe by the shell, so error lines stay in order with normal output.
 */
export class InteractiveProcess {
  private text = '';
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (this.text += chunk));
    child.stdin?.on('error', () => {});
  }

  static start(command: string, args: string[], env: Record<string, string> = {}): InteractiveProcess {
    const child = trackProcess(
      spawn('bash', ['-c', 'exec "$@" 2>&1', 'bash', command, ...args], {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
      }),
      { group: true },
    );
    return new InteractiveProcess(child);
  }

  /** Everything printed so far. */
  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Waits until `pattern` matches the output from `fromOffset` on; returns the match. */
  async waitFor(pattern: RegExp, fromOffset = 0, timeoutMs = 15_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(this.text.slice(fromOffset));
      if (match) {
        match.index += fromOffset;
        return match;
      }
      if (!this.running) throw new Error(`process exited before ${pattern} appeared; output:\n${this.text.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${this.text.slice(-3000)}`);
      await sleep(20);
    }
  }

  /** Closes stdin (most CLIs quit on EOF), then kills whatever is still running. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.child.stdin?.end();
    if (await waitForExit(this.child, timeoutMs)) return;
    signalTracked(this.child, 'SIGKILL');
    await waitForExit(this.child, 5000);
  }

  /** A crashed client: no close-session request reaches the server. */
  kill9(): Promise<boolean> {
    signalTracked(this.child, 'SIGKILL');
    return waitForExit(this.child, 5000);
  }
}
