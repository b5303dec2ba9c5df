/**
 * Drives zkCli.sh or paddock-cli through its stdin, one command at a time. A command's output is
 * everything printed between it and a marker (`printwatches`, a local command that prints
 * `printwatches is on`); watch notifications are taken out of it and kept, in order, on their
 * own, because zkCli prints them from another thread wherever they happen to land.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InteractiveProcess, REPO_ROOT } from '../../../../tests/harness/index.js';

export const ZKCLI = '/usr/share/zookeeper/bin/zkCli.sh';
export const PADDOCK_CLI_MAIN = join(REPO_ROOT, 'packages/client/src/cli/main.ts');
export type CliKind = 'zkCli' | 'paddock-cli';

export function zkCliAvailable(): true | string {
  return existsSync(ZKCLI) ? true : `${ZKCLI} does not exist (Debian package zookeeper)`;
}

const MARKER = /^printwatches is (on|off)$/;
const EVENT = /^WatchedEvent state:(\w+) type:(\w+) path:(\S+)$/;
/** Start-up banners and JVM logging: never part of an answer. */
const NOISE = [/^WATCHER::$/, /^SLF4J: /, /^Welcome to ZooKeeper!$/, /^JLine support is/, /^Connecting to /, EVENT];

/** The command line that starts `kind` against `connectString`, with optional extra words. */
export function cliCommand(kind: CliKind, args: readonly string[]): { command: string; args: string[]; env: Record<string, string> } {
  if (kind === 'zkCli') {
    // A short-lived client JVM: start fast, stay small.
    return { command: ZKCLI, args: [...args], env: { CLIENT_JVMFLAGS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m' } };
  }
  return { command: process.execPath, args: ['--import', 'tsx', PADDOCK_CLI_MAIN, ...args], env: {} };
}

export class CliSession {
  private consumed = 0;
  private markers = 0;

  private constructor(private readonly proc: InteractiveProcess) {}

  static open(kind: CliKind, connectString: string): CliSession {
    const { command, args, env } = cliCommand(kind, ['-server', connectString]);
    return new CliSession(InteractiveProcess.start(command, args, env));
  }

  /** Runs one command; returns its output lines without notifications, banners or blank lines. */
  async run(command: string, timeoutMs = 20_000): Promise<string[]> {
    const from = this.consumed;
    this.proc.send(command);
    this.proc.send('printwatches');
    this.markers += 1;
    const { start, end } = await this.waitForMarker(this.markers, timeoutMs);
    this.consumed = end;
    return this.proc.output.slice(from, start).split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !NOISE.some((re) => re.test(l)));
  }

  /** Every notification printed so far, as `state type path`. */
  events(): string[] {
    return this.proc.output.split('\n').map((l) => EVENT.exec(l.trimEnd())).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  }

  async waitForEvents(count: number, timeoutMs = 15_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.events();
  }

  /** Sends `quit` and waits for the process to end. */
  async quit(): Promise<void> {
    this.proc.send('quit');
    await this.proc.close();
  }

  get output(): string {
    return this.proc.output;
  }

  private async waitForMarker(n: number, timeoutMs: number): Promise<{ start: number; end: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let seen = 0;
      let offset = 0;
      for (const line of this.proc.output.split('\n')) {
        const lineEnd = offset + line.length + 1;
        if (MARKER.test(line.trimEnd()) && ++seen === n && lineEnd <= this.proc.output.length) return { start: offset, end: lineEnd };
        offset = lineEnd;
      }
      if (!this.proc.running) throw new Error(`the CLI exited; output:\n${this.proc.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms; output:\n${this.proc.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/**
 * What legitimately differs between two runs of one script: times, zxids (labelled in order of
 * first appearance, so equal stays equal), session ids, and the order of sets the server keeps
 * unordered (whoami identities, getEphemerals). Usage listings differ by design (paddock-cli
 * has `help` and no quota commands), so only their last line is kept.
 */
export function normalizeOutputs(outputs: ReadonlyArray<{ command: string; lines: string[] }>): string[] {
  const zxids = new Map<string, string>();
  const sessions = new Map<string, string>();
  const label = (table: Map<string, string>, prefix: string, value: string): string => {
    if (!table.has(value)) table.set(value, `${prefix}${table.size}`);
    return table.get(value)!;
  };
  const out: string[] = [];
  for (const { command, lines } of outputs) {
    let body = lines
      .filter((l) => !l.startsWith('\t') && !/^(ZooKeeper|paddock-cli) -server /.test(l))
      .map((l) => {
        const zxid = /^(cZxid|mZxid|pZxid) = (0x[0-9a-f]+)$/.exec(l);
        if (zxid !== null) return `${zxid[1]} = ${zxid[2] === '0x0' ? '0x0' : label(zxids, 'Z', zxid[2]!)}`;
        const owner = /^ephemeralOwner = (0x[0-9a-f]+)$/.exec(l);
        if (owner !== null) return `ephemeralOwner = ${owner[1] === '0x0' ? '0x0' : label(sessions, 'S', owner[1]!)}`;
        return l.replace(/^(ctime|mtime) = .*$/, '$1 = <time>');
      });
    if (command === 'whoami') body = [body[0]!, ...body.slice(1).sort()];
    if (command.startsWith('getEphemerals')) body = body.map((l) => l.replace(/^\[(.*)\]$/, (_m, items: string) => `[${items.split(', ').sort().join(', ')}]`));
    out.push(`> ${command}`, ...body);
  }
  return out;
}
