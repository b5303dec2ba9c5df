import { existsSync } from 'node:fs';
import { InteractiveProcess } from '../harness/index.js';

export const ZKCLI = process.env.PADDOCK_ZKCLI ?? '/usr/share/zookeeper/bin/zkCli.sh';

export function zkCliAvailable(): true | string {
  if (!existsSync(ZKCLI)) return `${ZKCLI} does not exist (Debian package zookeeper)`;
  return true;
}

export interface CliEvent {
  state: string;
  type: string;
  path: string;
}

// zkCli.sh prints command results, errors and asynchronous watch notifications on one console.
// Only what matters is parsed: a command's output is everything between its submission and a
// marker (`printwatches`, a local command that never touches the server), with the watcher
// blocks taken out; watcher blocks are parsed on their own, in order of arrival.
const MARKER_COMMAND = 'printwatches';
const MARKER_TEXT = /^printwatches is (on|off)$/;
const EVENT_LINE = /^WatchedEvent state:(\w+) type:(\w+) path:(\S+)$/;
// JVM and logging noise that may show up on the console; never part of a command's answer.
const NOISE = [/^WATCHER::$/, /^SLF4J: /, /^Welcome to ZooKeeper!$/, /^JLine support is/, /^Connecting to /, EVENT_LINE];

export class ZkCliSession {
  private markersSeen = 0;
  private consumed = 0;

  private constructor(private readonly proc: InteractiveProcess) {}

  /** Starts zkCli.sh (one JVM) and waits until its session is connected. */
  static async open(connectString: string, extraArgs: string[] = []): Promise<ZkCliSession> {
    const proc = InteractiveProcess.start(ZKCLI, ['-server', connectString, ...extraArgs], {
      // A short-lived client JVM: start fast, stay small.
      CLIENT_JVMFLAGS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m',
    });
    const session = new ZkCliSession(proc);
    await proc.waitFor(/WatchedEvent state:SyncConnected type:None path:null/, 0, 30_000);
    return session;
  }

  /** Runs one command and returns its output lines (watch notifications removed). */
  async run(command: string, timeoutMs = 15_000): Promise<string[]> {
    const start = this.consumed;
    this.proc.send(command);
    this.proc.send(MARKER_COMMAND);
    this.markersSeen += 1;
    const end = await this.waitForMarker(this.markersSeen, timeoutMs);
    const lines = this.proc.output.slice(start, end.markerStart).split('\n');
    this.consumed = end.markerEnd;
    return lines.map((l) => l.trimEnd()).filter((l) => l !== '' && !NOISE.some((re) => re.test(l)));
  }

  /** Runs a command and returns its output as one string (lines joined with \n). */
  async text(command: string): Promise<string> {
    return (await this.run(command)).join('\n');
  }

  /** Every watch notification printed so far, except connection-state ones (type None). */
  events(): CliEvent[] {
    const found: CliEvent[] = [];
    for (const line of this.proc.output.split('\n')) {
      const m = EVENT_LINE.exec(line.trimEnd());
      if (m && m[2] !== 'None') found.push({ state: m[1]!, type: m[2]!, path: m[3]! });
    }
    return found;
  }

  /** Connection-state notifications (type None), e.g. SyncConnected after a reconnect. */
  stateChanges(): string[] {
    const states: string[] = [];
    for (const line of this.proc.output.split('\n')) {
      const m = EVENT_LINE.exec(line.trimEnd());
      if (m && m[2] === 'None') states.push(m[1]!);
    }
    return states;
  }

  async waitForStateCount(state: string, count: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.stateChanges().filter((s) => s === state).length < count) {
      if (Date.now() > deadline) throw new Error(`zkCli: fewer than ${count} '${state}' notifications\n${this.proc.output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (this.proc.running) this.proc.send('quit');
    await this.proc.close();
  }

  kill9(): Promise<boolean> {
    return this.proc.kill9();
  }

  get rawOutput(): string {
    return this.proc.output;
  }

  private async waitForMarker(n: number, timeoutMs: number): Promise<{ markerStart: number; markerEnd: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.findMarker(n);
      if (found) return found;
      if (!this.proc.running) throw new Error(`zkCli exited; output:\n${this.proc.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`zkCli: no answer within ${timeoutMs} ms; output:\n${this.proc.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private findMarker(n: number): { markerStart: number; markerEnd: number } | undefined {
    let seen = 0;
    let offset = 0;
    for (const line of this.proc.output.split('\n')) {
      const lineEnd = offset + line.length + 1;
      if (MARKER_TEXT.test(line.trimEnd())) {
        seen += 1;
        if (seen === n) return lineEnd <= this.proc.output.length ? { markerStart: offset, markerEnd: lineEnd } : undefined;
      }
      offset = lineEnd;
    }
    return undefined;
  }
}

/** Parses the `key = value` Stat lines of `stat`, `get -s`, `ls -s`. */
export function parseStat(lines: string[]): Record<string, string> {
  const stat: Record<string, string> = {};
  for (const line of lines) {
    const m = /^(cZxid|ctime|mZxid|mtime|pZxid|cversion|dataVersion|aclVersion|ephemeralOwner|dataLength|numChildren) = (.*)$/.exec(line);
    if (m) stat[m[1]!] = m[2]!;
  }
  return stat;
}

/** The output lines that are not Stat lines. */
export function withoutStat(lines: string[]): string[] {
  const statKeys = /^(cZxid|ctime|mZxid|mtime|pZxid|cversion|dataVersion|aclVersion|ephemeralOwner|dataLength|numChildren) = /;
  return lines.filter((l) => !statKeys.test(l));
}
