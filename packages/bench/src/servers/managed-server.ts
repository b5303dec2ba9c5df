/**
 * One server process under test. Both kinds are started the same way, with setsid
 * (`detached: true`): this kernel schedules by session group (autogroup), so a server in its own
 * session competes for CPU with the generator differently from one left in the generator's
 * session; identical ZooKeepers were measured 40 % apart by that alone. Output goes to a log file
 * in the server's directory, never through a pipe the bench would have to drain.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpCode } from '@paddock/protocol';
import { call } from '../load/call';
import { nowNs } from '../load/clock';
import type { Target } from '../load/jobs';
import { BenchSession } from '../load/session';
import { readCpuMs, readRssBytes } from '../system-facts';
import { freePort, signalTracked, trackProcess, waitForExit } from '@paddock/process-kit';
import { fourLetterWord } from './four-letter-word';
import { launchCommand, SERVER_LABEL, type ServerKind } from './server-kinds';
import { renderZooCfg, type EnsembleSeat, type ServerSettings } from './zoo-cfg';

/** How long a (re)started server took to answer. */
export interface StartTimes {
  /** From spawn until `ruok` was answered `imok` (the port is up; data may still be loading). */
  readonly ruokMs: number;
  /** From spawn until a new session could read: the server has recovered its data. */
  readonly servingMs: number;
}

const POLL_MS = 10;
const PROBE_TIMEOUT_MS = 1000;
const SESSION_TIMEOUT_MS = 30_000;

/** What the workloads need of a server under test: one process, or a local ensemble. */
export interface BenchServer {
  readonly kind: ServerKind;
  readonly label: string;
  /** Where clients connect (an ensemble's sessions are spread over its members). */
  target(): Target;
  /** CPU time its processes have used so far. */
  cpuMs(): number;
  readonly isRunning: boolean;
  /** The end of its log(s), for error messages. */
  logTail(): string;
}

/** A server with its own directory, config and port; started and stopped by the bench. */
export class ManagedServer implements BenchServer {
  readonly label: string;
  private child: ChildProcess | undefined;
  private spawnError: string | undefined;

  private constructor(
    readonly kind: ServerKind,
    readonly dir: string,
    readonly port: number,
    private readonly cfgPath: string,
    private readonly cpuProfileDir: string | null,
    private readonly ensemble: boolean,
  ) {
    this.label = SERVER_LABEL[kind];
  }

  /**
   * Prepares `<baseDir>/<kind>/` with a zoo.cfg on a free port; does not start the server.
   * `cpuProfileDir`: where a profiled Paddock writes its profiles (see launchCommand). With a
   * `seat`, the server is that member of an ensemble, in `<baseDir>/<kind>-<id>/` on `port`.
   */
  static async prepare(
    kind: ServerKind, baseDir: string, settings: ServerSettings, cpuProfileDir: string | null = null,
    seat?: EnsembleSeat & { readonly clientPort: number },
  ): Promise<ManagedServer> {
    const dir = join(baseDir, seat === undefined ? kind : `${kind}-${seat.id}`);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const port = seat?.clientPort ?? (await freePort());
    const cfgPath = join(dir, 'zoo.cfg');
    writeFileSync(cfgPath, renderZooCfg(port, dataDir, settings, seat));
    if (seat !== undefined) writeFileSync(join(dataDir, 'myid'), `${seat.id}\n`);
    return new ManagedServer(kind, dir, port, cfgPath, cpuProfileDir, seat !== undefined);
  }

  /** The server's data directory. */
  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Where clients reach it. */
  target(): Target {
    return { host: '127.0.0.1', port: this.port, sessionTimeoutMs: SESSION_TIMEOUT_MS, connectTimeoutMs: 10_000 };
  }

  /** The running server's pid. */
  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined || !this.isRunning) throw new Error(`${this.label} is not running`);
    return pid;
  }

  /** Resident memory of the running server. */
  rssBytes(): number {
    return readRssBytes(this.pid);
  }

  /** CPU time the running server has used so far. */
  cpuMs(): number {
    return readCpuMs(this.pid);
  }

  /**
   * Starts the server and waits until it serves; `probePath`, when given, must be readable
   * (after a restart, that is the proof that the data was recovered).
   */
  async start(timeoutMs: number, probePath?: string): Promise<StartTimes> {
    if (this.isRunning) throw new Error(`${this.label} is already running`);
    const { command, args, cwd } = launchCommand(this.kind, this.cfgPath, this.dir, this.cpuProfileDir, this.ensemble);
    const log = openSync(this.logPath, 'a');
    const startNs = nowNs();
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.spawnError = undefined;
    trackProcess(child, { group: true });
    child.once('error', (error) => {
      this.spawnError = error.message;
    });
    try {
      return await this.waitUntilServing(startNs, timeoutMs, probePath);
    } catch (error) {
      // The startup failure is the news; a second failure while stopping would only hide it.
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  /** Stops the server (SIGTERM to its process group, SIGKILL after `timeoutMs`); resolves with how long it took. */
  async stop(timeoutMs = 30_000): Promise<number> {
    const child = this.child;
    if (child === undefined) return 0;
    this.child = undefined;
    const startNs = nowNs();
    // No pid: the spawn itself failed, so there is no process to stop.
    if (child.pid !== undefined && !exited(child)) {
      signalTracked(child, 'SIGTERM');
      if (!(await waitForExit(child, timeoutMs))) {
        signalTracked(child, 'SIGKILL');
        await waitForExit(child, timeoutMs);
        throw new Error(`${this.label} ignored SIGTERM for ${timeoutMs} ms and was killed`);
      }
    }
    return (nowNs() - startNs) / 1e6;
  }

  /** The end of the server's log, for error messages. */
  logTail(maxChars = 3000): string {
    try {
      return readFileSync(this.logPath, 'utf8').slice(-maxChars);
    } catch {
      return '(no log)';
    }
  }

  /** Whether the server process is alive. */
  get isRunning(): boolean {
    return this.child !== undefined && !exited(this.child);
  }

  private get logPath(): string {
    return join(this.dir, 'server.log');
  }

  private async waitUntilServing(startNs: number, timeoutMs: number, probePath?: string): Promise<StartTimes> {
    const deadlineNs = startNs + timeoutMs * 1e6;
    let ruokMs: number | undefined;
    let problem = 'no answer yet';
    while (nowNs() < deadlineNs) {
      const child = this.child;
      if (this.spawnError !== undefined) throw new Error(`${this.label} could not be started: ${this.spawnError}`);
      if (child === undefined || exited(child)) {
        throw new Error(`${this.label} exited during startup (code ${child?.exitCode}, signal ${child?.signalCode}); its log ends:\n${this.logTail()}`);
      }
      try {
        if (ruokMs === undefined) {
          const answer = await fourLetterWord('127.0.0.1', this.port, 'ruok', PROBE_TIMEOUT_MS);
          if (answer === 'imok') ruokMs = (nowNs() - startNs) / 1e6;
          else problem = `ruok answered ${JSON.stringify(answer)}`;
        }
        if (ruokMs !== undefined) {
          await this.probe(probePath);
          return { ruokMs, servingMs: (nowNs() - startNs) / 1e6 };
        }
      } catch (error) {
        problem = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`${this.label} did not serve within ${timeoutMs} ms (${problem}); its log ends:\n${this.logTail()}`);
  }

  /** Opens a session and reads `probePath` (or checks `/` exists), then closes it. */
  private async probe(probePath: string | undefined): Promise<void> {
    const session = await BenchSession.open({ ...this.target(), connectTimeoutMs: PROBE_TIMEOUT_MS, maxInFlight: 1 }, 0);
    try {
      const reply = probePath === undefined
        ? await call(session, { op: OpCode.exists, path: '/', watch: false })
        : await call(session, { op: OpCode.getData, path: probePath, watch: false });
      if (reply.header.err !== 0) throw new Error(`probe read of ${probePath ?? '/'} failed with error ${reply.header.err}`);
      await session.close();
    } finally {
      if (session.isOpen) session.abort('probe failed');
    }
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

