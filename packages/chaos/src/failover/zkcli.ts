import { spawn, type ChildProcess } from 'node:child_process';
import { signalGroup, trackProcess, waitForExit } from '@paddock/process-kit';

export const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';

// A local command that never touches the server: its answer marks the end of the previous
// command's output on zkCli's single console.
const MARKER = 'printwatches';
const MARKER_TEXT = /printwatches is (on|off)\n/;

/**
 * zkCli.sh driven through its stdin (stdout and stderr merged in order). Each command is
 * followed by the marker, so its output is what was printed between the two.
 */
export class ZkCli {
  private text = '';
  private consumed = 0;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (this.text += chunk));
    child.stdin?.on('error', () => {});
  }

  /** Starts zkCli.sh with `connectString` and waits for its session. */
  static async open(connectString: string): Promise<ZkCli> {
    const child = trackProcess(
      spawn('bash', ['-c', 'exec "$@" 2>&1', 'bash', ZKCLI, '-server', connectString], {
        env: { ...process.env, CLIENT_JVMFLAGS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m' },
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
      }),
      { group: true },
    );
    const cli = new ZkCli(child);
    await cli.waitFor(/WatchedEvent state:SyncConnected type:None path:null/, 60_000);
    return cli;
  }

  /** Everything printed so far. */
  get output(): string {
    return this.text;
  }

  /** Runs one command and returns what it printed. */
  async run(command: string, timeoutMs = 60_000): Promise<string> {
    const start = this.consumed;
    this.child.stdin?.write(`${command}\n${MARKER}\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Commands run one at a time, so the first marker after `start` ends this one.
      const end = MARKER_TEXT.exec(this.text.slice(start));
      if (end !== null) {
        this.consumed = start + end.index + end[0].length;
        return this.text.slice(start, start + end.index);
      }
      if (this.child.exitCode !== null) throw new Error(`zkCli exited; output:\n${this.text.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`zkCli: no answer to ${command} within ${timeoutMs} ms; output:\n${this.text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (this.child.exitCode !== null) throw new Error(`zkCli exited; output:\n${this.text.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`zkCli: ${pattern} not seen within ${timeoutMs} ms; output:\n${this.text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.child.stdin?.end();
    if (await waitForExit(this.child, 10_000)) return;
    signalGroup(this.child, 'SIGKILL');
    await waitForExit(this.child, 5000);
  }
}
