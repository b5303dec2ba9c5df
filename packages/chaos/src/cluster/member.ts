import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signalGroup, trackProcess, waitForExit, ZOOKEEPER_JAR, zookeeperJavaArgs } from '@paddock/process-kit';
import type { MemberPorts, ServerKind } from './member-config.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const PADDOCK_CLI = join(REPO_ROOT, 'packages/node-adapter/src/cli.ts');

/** What a member process is doing, as far as the controller made it so. */
export type MemberStatus = 'running' | 'paused' | 'dead';

/**
 * One server process of the ensemble: its ports, config and data dir stay fixed across
 * restarts, as a real machine's would. It runs in its own process group, registered so that
 * it is always killed when the run ends.
 */
export class Member {
  private child: ChildProcess | undefined;
  private statusNow: MemberStatus = 'dead';
  readonly dataDir: string;
  readonly cfgPath: string;
  /** The process's output, with a line for each start, kill and wipe. */
  readonly logPath: string;

  constructor(
    readonly kind: ServerKind,
    readonly ports: MemberPorts,
    readonly baseDir: string,
  ) {
    this.dataDir = join(baseDir, 'data');
    this.cfgPath = join(baseDir, 'zoo.cfg');
    this.logPath = join(baseDir, 'server.log');
  }

  get id(): number {
    return this.ports.id;
  }

  get status(): MemberStatus {
    return this.statusNow;
  }

  /** Writes the config and `myid`; called once before the first start. */
  prepare(config: string): void {
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(this.cfgPath, config);
    writeFileSync(join(this.dataDir, 'myid'), `${this.id}\n`);
  }

  /** Starts the process; it may take a while to join a quorum (see Cluster.waitForQuorum). */
  start(): void {
    if (this.statusNow !== 'dead') throw new Error(`member ${this.id} is already ${this.statusNow}`);
    const { command, args, cwd } = this.commandLine();
    const child = trackProcess(spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }), { group: true });
    const record = (chunk: Buffer): void => {
      try {
        appendFileSync(this.logPath, chunk);
      } catch {
        // The run's temp dir is already gone; late output is not worth keeping.
      }
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    child.once('exit', () => {
      if (this.child === child) {
        this.child = undefined;
        this.statusNow = 'dead';
      }
    });
    this.appendLog(`--- chaos: start member ${this.id} (pid ${child.pid}) ---\n`);
    this.child = child;
    this.statusNow = 'running';
  }

  /** SIGKILL to the whole group, then waits for the exit. The data dir stays. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.appendLog(`--- chaos: kill -9 member ${this.id} ---\n`);
    signalGroup(child, 'SIGKILL');
    if (!(await waitForExit(child, 15_000))) throw new Error(`member ${this.id} did not die of SIGKILL within 15 s`);
  }

  /** SIGSTOP to the group: the process holds its sockets but answers nothing. */
  pause(): void {
    if (this.child === undefined || this.statusNow !== 'running') return;
    signalGroup(this.child, 'SIGSTOP');
    this.statusNow = 'paused';
  }

  resume(): void {
    if (this.child === undefined || this.statusNow !== 'paused') return;
    signalGroup(this.child, 'SIGCONT');
    this.statusNow = 'running';
  }

  /** Removes everything in the data dir but `myid`, as a replaced disk would leave it. Only while dead. */
  wipeData(): void {
    if (this.statusNow !== 'dead') throw new Error(`wipe of member ${this.id} while ${this.statusNow}`);
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    writeFileSync(join(this.dataDir, 'myid'), `${this.id}\n`);
    this.appendLog(`--- chaos: wiped data of member ${this.id} ---\n`);
  }

  /** The last `chars` of the member's own output, for failure messages. */
  logTail(chars = 3000): string {
    try {
      return readFileSync(this.logPath, 'utf8').slice(-chars);
    } catch {
      return '(no log)';
    }
  }

  private appendLog(line: string): void {
    try {
      appendFileSync(this.logPath, line);
    } catch {
      // See start().
    }
  }

  private commandLine(): { command: string; args: string[]; cwd: string } {
    if (this.kind === 'zookeeper') {
      if (!existsSync(ZOOKEEPER_JAR)) throw new Error(`ZooKeeper is not installed: ${ZOOKEEPER_JAR} does not exist`);
      return { command: 'java', args: zookeeperJavaArgs(this.cfgPath, 'quorum'), cwd: this.baseDir };
    }
    return { command: process.execPath, args: ['--import', 'tsx', PADDOCK_CLI, this.cfgPath], cwd: REPO_ROOT };
  }
}
