import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fourLetterWord } from './four-letter.js';
import { forgetTempDir, freePort, trackProcess, trackTempDir, waitForExit, ZOOKEEPER_JAR, zookeeperJavaArgs } from '@paddock/process-kit';
import { sleep } from './sleep.js';
import { renderZooCfg, resolveOptions, type ResolvedOptions, type ServerKind, type ServerOptions } from './zoo-cfg.js';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:port`, the form every client library accepts. */
  readonly connectString: string;
  readonly dataDir: string;
  /** Graceful: SIGTERM, then wait for the process to exit. Removes the temp dir. */
  stop(): Promise<void>;
  /** Crash: SIGKILL, then wait for exit. Keeps the data dir for a restart. */
  kill9(): Promise<void>;
  /** Stops (gracefully) if running, then starts again on the same port and data dir. */
  restart(): Promise<void>;
  /** The server's own output so far, for failure messages. */
  logTail(): string;
}

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const PADDOCK_CLI = join(REPO_ROOT, 'packages/node-adapter/src/cli.ts');

export { ZOOKEEPER_JAR };
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export function startZooKeeper(opts: ServerOptions = {}): Promise<RunningServer> {
  return startServer('zookeeper', opts);
}

export function startPaddock(opts: ServerOptions = {}): Promise<RunningServer> {
  return startServer('paddock', opts);
}

export async function startServer(kind: ServerKind, opts: ServerOptions = {}): Promise<RunningServer> {
  const options = resolveOptions(opts);
  const baseDir = mkdtempSync(join(tmpdir(), `paddock-compat-${kind}-`));
  trackTempDir(baseDir);
  const dataDir = join(baseDir, 'data');
  const port = await freePort();
  const cfgPath = join(baseDir, 'zoo.cfg');
  writeFileSync(cfgPath, renderZooCfg(kind, port, dataDir, options));
  const server = new ManagedServer(kind, port, baseDir, dataDir, cfgPath, options);
  try {
    await server.launch();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

class ManagedServer implements RunningServer {
  readonly host = '127.0.0.1' as const;
  readonly connectString: string;
  private child: ChildProcess | undefined;
  private removed = false;

  constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly baseDir: string,
    readonly dataDir: string,
    private readonly cfgPath: string,
    private readonly options: ResolvedOptions,
  ) {
    this.connectString = `127.0.0.1:${port}`;
  }

  async launch(): Promise<void> {
    const { command, args, cwd } = this.commandLine();
    const logPath = join(this.baseDir, 'server.log');
    const record = (chunk: Buffer): void => {
      try {
        appendFileSync(logPath, chunk);
      } catch {
        // The temp dir is already removed after stop(); late output is not worth keeping.
      }
    };
    const child = trackProcess(spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.child = child;
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    await this.waitUntilServing(child);
  }

  private commandLine(): { command: string; args: string[]; cwd: string } {
    if (this.kind === 'zookeeper') {
      const props: string[] = [];
      if (this.options.superDigest !== undefined) props.push(`zookeeper.DigestAuthenticationProvider.superDigest=${this.options.superDigest}`);
      if (this.options.containerCheckIntervalMs !== undefined) props.push(`znode.container.checkIntervalMs=${this.options.containerCheckIntervalMs}`);
      return { command: 'java', args: zookeeperJavaArgs(this.cfgPath, 'standalone', props), cwd: this.baseDir };
    }
    if (!existsSync(PADDOCK_CLI)) {
      throw new Error(`Paddock is not runnable yet: ${PADDOCK_CLI} does not exist`);
    }
    return { command: process.execPath, args: ['--import', 'tsx', PADDOCK_CLI, this.cfgPath], cwd: REPO_ROOT };
  }

  /**
   * `ruok` answers `imok` as soon as the port is bound, but a real ZooKeeper only serves
   * requests after loading its database: until then `srvr` says "not currently serving
   * requests" and client handshakes are dropped. So both are polled.
   */
  private async waitUntilServing(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastProblem = 'no answer yet';
    let probes = 0;
    while (Date.now() < deadline) {
      probes += 1;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.kind} exited during startup (code ${child.exitCode}, signal ${child.signalCode})\n${this.logTail()}`);
      }
      try {
        const ruok = await fourLetterWord(this.host, this.port, 'ruok', 1000);
        if (ruok === 'imok') {
          const srvr = await fourLetterWord(this.host, this.port, 'srvr', 1000);
          if (!srvr.includes('not currently serving')) return;
          lastProblem = 'srvr: not currently serving requests';
        } else {
          lastProblem = `ruok answered ${JSON.stringify(ruok)}`;
        }
      } catch (error) {
        lastProblem = String(error);
      }
      // Gentle polling: every probe is a connection the server has to accept and count.
      await sleep(100);
    }
    throw new Error(
      `${this.kind} on port ${this.port} not ready after ${READY_TIMEOUT_MS} ms and ${probes} probes (last: ${lastProblem})\n${this.logTail()}`,
    );
  }

  async stop(): Promise<void> {
    try {
      await this.terminate('SIGTERM');
    } finally {
      if (!this.removed) {
        this.removed = true;
        rmSync(this.baseDir, { recursive: true, force: true });
        forgetTempDir(this.baseDir);
      }
    }
  }

  async kill9(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  async restart(): Promise<void> {
    if (this.removed) throw new Error('restart() after stop(): the data dir is gone');
    await this.terminate('SIGTERM');
    await this.launch();
  }

  logTail(): string {
    try {
      const text = readFileSync(join(this.baseDir, 'server.log'), 'utf8');
      return text.slice(-4000);
    } catch {
      return '(no server log)';
    }
  }

  private async terminate(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
    // A server that ignores SIGTERM is a finding in itself, but must not leak.
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
    throw new Error(`${this.kind} did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}`);
  }
}
