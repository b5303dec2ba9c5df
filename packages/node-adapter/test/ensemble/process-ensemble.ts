/**
 * A real ensemble for tests: one `paddock-server` process per member on 127.0.0.1, from the
 * files `writeLocalEnsemble` writes (as `paddock-server --ensemble` does). Members can be
 * killed with SIGKILL, stopped with SIGTERM, wiped and restarted; every process is registered
 * with the shared harness so that none outlives the test run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fourLetterWord, sleep, trackProcess } from '../../../../tests/harness/index.js';
import { writeLocalEnsemble, type LocalEnsembleOptions, type LocalMember } from '../../src/ensemble/local-ensemble';
import { MYID_FILE } from '../../src/ensemble/myid';
import { NOT_SERVING } from '../../src/four-letter-words';
import { tempDir } from '../support/temp-dir';

const SERVER_BIN = fileURLToPath(new URL('../../bin/paddock-server.mjs', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

/** What `srvr` says a member is: its Mode, or not serving, or unreachable. */
export type MemberMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'not serving' | 'down';

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `paddock-server <config>`; its stderr is appended to `log`. */
export function spawnServer(configPath: string, log: { text: string }): Running {
  const child = trackProcess(spawn(process.execPath, [SERVER_BIN, configPath], { stdio: ['ignore', 'ignore', 'pipe'] }));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    log.text += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

export class ProcessEnsemble {
  private readonly running = new Map<number, Running>();
  private readonly logs = new Map<number, { text: string }>();

  private constructor(readonly members: readonly LocalMember[]) {
    for (const m of members) this.logs.set(m.id, { text: '' });
  }

  /**
   * Writes the members' files and starts every member; resolves once each is serving.
   * `beforeStart` may change the written files (add config lines) before any member runs.
   */
  static async start(
    options: Omit<LocalEnsembleOptions, 'dir'>,
    beforeStart: (members: readonly LocalMember[]) => Promise<void> = async () => {},
  ): Promise<ProcessEnsemble> {
    const local = await writeLocalEnsemble({ ...options, dir: await tempDir('paddock-ensemble-') });
    await beforeStart(local.members);
    const ensemble = new ProcessEnsemble(local.members);
    await Promise.all(local.members.map((m) => ensemble.launch(m.id)));
    await ensemble.waitUntilServing();
    return ensemble;
  }

  member(id: number): LocalMember {
    const m = this.members.find((x) => x.id === id);
    if (m === undefined) throw new Error(`no member ${id}`);
    return m;
  }

  /** `127.0.0.1:port,…` of the given members (default: all). */
  connectString(ids: readonly number[] = this.members.map((m) => m.id)): string {
    return ids.map((id) => `127.0.0.1:${this.member(id).clientPort}`).join(',');
  }

  /** Starts member `id` and resolves once it listens for clients (not necessarily serving). */
  async launch(id: number): Promise<void> {
    if (this.running.has(id)) throw new Error(`member ${id} is already running`);
    const log = this.logs.get(id)!;
    const mark = log.text.length;
    log.text += `---- start ----\n`;
    const running = spawnServer(this.member(id).configPath, log);
    this.running.set(id, running);
    void running.exited.then(() => {
      if (this.running.get(id) === running) this.running.delete(id);
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!log.text.slice(mark).includes('listening for clients')) {
      if (!this.running.has(id)) throw new Error(`member ${id} exited before listening:\n${this.logTail(id)}`);
      if (Date.now() > deadline) throw new Error(`member ${id} did not listen within ${READY_TIMEOUT_MS} ms:\n${this.logTail(id)}`);
      await sleep(20);
    }
  }

  /** SIGKILL, as a crash: nothing is flushed or closed. */
  async kill9(id: number): Promise<void> {
    const running = this.running.get(id);
    if (running === undefined) throw new Error(`member ${id} is not running`);
    running.child.kill('SIGKILL');
    await running.exited;
  }

  /** SIGTERM, then waits for a clean exit (code 0). */
  async stop(id: number): Promise<void> {
    const running = this.running.get(id);
    if (running === undefined) throw new Error(`member ${id} is not running`);
    running.child.kill('SIGTERM');
    const { code, signal } = await running.exited;
    if (code !== 0) throw new Error(`member ${id} stopped with ${signal ?? `code ${code}`}:\n${this.logTail(id)}`);
  }

  /** Deletes a stopped member's data but its myid file (a replaced disk). */
  async wipe(id: number): Promise<void> {
    if (this.running.has(id)) throw new Error(`member ${id} is running`);
    const { dataDir } = this.member(id);
    for (const name of await readdir(dataDir)) {
      if (name !== MYID_FILE) await rm(join(dataDir, name), { recursive: true, force: true });
    }
  }

  async mode(id: number): Promise<MemberMode> {
    if (!this.running.has(id)) return 'down';
    let answer: string;
    try {
      answer = await fourLetterWord('127.0.0.1', this.member(id).clientPort, 'srvr');
    } catch {
      return 'down';
    }
    // An empty answer: a role change closed every client connection, this one included.
    if (answer === NOT_SERVING || answer === '') return 'not serving';
    const mode = /^Mode: (\w+)$/m.exec(answer)?.[1];
    if (mode === undefined) throw new Error(`member ${id} answered srvr with ${JSON.stringify(answer)}`);
    return mode as MemberMode;
  }

  async modes(): Promise<Map<number, MemberMode>> {
    const entries = await Promise.all(this.members.map(async (m) => [m.id, await this.mode(m.id)] as const));
    return new Map(entries);
  }

  /**
   * Waits until every running member serves and exactly one of them leads; returns the
   * leader's id.
   */
  async waitUntilServing(timeoutMs = READY_TIMEOUT_MS): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let last = new Map<number, MemberMode>();
    for (;;) {
      last = await this.modes();
      const up = [...last].filter(([id]) => this.running.has(id));
      const leaders = up.filter(([, mode]) => mode === 'leader');
      if (up.every(([, mode]) => mode === 'leader' || mode === 'follower' || mode === 'observer') && leaders.length === 1) {
        return leaders[0]![0];
      }
      if (Date.now() > deadline) {
        throw new Error(`no single serving leader within ${timeoutMs} ms: ${JSON.stringify([...last])}\n${this.members.map((m) => this.logTail(m.id)).join('\n')}`);
      }
      await sleep(50);
    }
  }

  async leader(): Promise<number> {
    return this.waitUntilServing();
  }

  /** A four-letter word's answer from member `id`. */
  ask(id: number, word: string): Promise<string> {
    return fourLetterWord('127.0.0.1', this.member(id).clientPort, word);
  }

  log(id: number): string {
    return this.logs.get(id)!.text;
  }

  logTail(id: number, chars = 4000): string {
    return `==== server ${id} ====\n${this.log(id).slice(-chars)}`;
  }

  /** Kills whatever still runs. */
  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map(async (r) => {
      r.child.kill('SIGKILL');
      await r.exited;
    }));
  }
}
