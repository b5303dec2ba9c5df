/**
 * The zkCli shell: one session at a time, the commands run through `execute`, zkCli's built-ins
 * (connect, close, quit, history, redo, printwatches), the default watcher that prints every
 * event, and the exit code zkCli would end with.
 */
import { NO_RETRY } from '../retry';
import type { ConnectionState } from '../session/index';
import type { WatchedEvent, WatchListener } from '../watched-event';
import { createClient, type ZooKeeperClient } from '../zookeeper-client';
import { CliError } from './cli-error';
import type { CliConsole, CommandContext } from './command';
import { SERVER_COMMANDS } from './commands/index';
import { CliParseError, parseOptions } from './option-parser';
import { tokenize } from './tokenize';

export interface ShellOptions {
  readonly console: CliConsole;
  /** Asked of the server for every session (zkCli's `-timeout`). Default 30 000. */
  readonly sessionTimeoutMs?: number;
  /** Accept read-only servers (zkCli's `-r`). */
  readonly canBeReadOnly?: boolean;
  /**
   * Commands of earlier sessions (oldest first), numbered before this session's for `history`
   * and `redo`, and where to record each new command line.
   */
  readonly history?: { readonly previous: readonly string[]; record(line: string): void };
}

/** The commands handled by the shell itself, with their usage strings. */
const BUILTINS: ReadonlyMap<string, string> = new Map([
  ['close', ''], ['connect', 'host:port'], ['help', ''], ['history', ''], ['printwatches', 'on|off'], ['quit', ''], ['redo', 'cmdno'],
]);

/** How zkCli names each connection state: in `WatchedEvent` lines, and in the prompt. */
const EVENT_STATE: Partial<Record<ConnectionState, string>> = {
  Connected: 'SyncConnected', Reconnected: 'SyncConnected', Disconnected: 'Disconnected', Expired: 'Expired',
  Closed: 'Closed', AuthFailed: 'AuthFailed', ReadOnly: 'ConnectedReadOnly',
};
const PROMPT_STATE: Record<ConnectionState, string> = {
  Connecting: 'CONNECTING', Connected: 'CONNECTED', Reconnected: 'CONNECTED', Disconnected: 'CONNECTING',
  ReadOnly: 'CONNECTEDREADONLY', Expired: 'CLOSED', Closed: 'CLOSED', AuthFailed: 'AUTH_FAILED',
};
const DEAD: ReadonlySet<ConnectionState> = new Set<ConnectionState>(['Expired', 'Closed', 'AuthFailed']);
const HISTORY_SHOWN = 10;

/** What `execute` asks of its caller. */
export type ShellOutcome = 'continue' | 'quit';

export class Shell {
  /** zkCli's exit code: that of the last command (0 ok, 1 failed, 127 unknown command). */
  exitCode = 0;
  private zk: ZooKeeperClient | undefined;
  private host = '';
  private offState: () => void = () => {};
  private printWatches = true;
  private readonly history = new Map<number, string>();
  private commandCount = 0;
  private readonly console: CliConsole;
  /** One listener for every watch, so an event reaches it once however many watches it holds. */
  private readonly watcher: WatchListener = (event: WatchedEvent) => {
    // The end of the session is printed once, from the state listener.
    if (event.type !== 'None') this.printEvent(event.state, event.type, event.path);
  };

  constructor(private readonly options: ShellOptions) {
    this.console = options.console;
    for (const line of options.history?.previous ?? []) this.history.set(this.commandCount++, line);
  }

  /** The current session's client, if any. */
  get client(): ZooKeeperClient | undefined {
    return this.zk;
  }

  /** zkCli's prompt: `[zk: host(CONNECTED) 3] `. */
  prompt(): string {
    const state = this.zk === undefined ? 'CLOSED' : PROMPT_STATE[this.zk.state];
    return `[zk: ${this.host}(${state}) ${this.commandCount}] `;
  }

  /** Every command name, sorted as zkCli lists them. */
  commandNames(): string[] {
    return [...BUILTINS.keys(), ...SERVER_COMMANDS.keys()].sort();
  }

  /** Opens a session to `host` (a connect string), closing the current one first. */
  async connect(host: string): Promise<void> {
    if (this.zk !== undefined && !DEAD.has(this.zk.state)) await this.zk.close();
    this.offState();
    this.host = host;
    const zk = createClient(host, {
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 30_000,
      canBeReadOnly: this.options.canBeReadOnly ?? false,
      // zkCli never retries: a command that meets ConnectionLoss reports it.
      retry: NO_RETRY,
    });
    this.offState = zk.onStateChange((state) => {
      const name = EVENT_STATE[state];
      if (name !== undefined) this.printEvent(name, 'None', null);
    });
    this.zk = zk;
  }

  /** Ends the session without printing its end, as a zkCli process that exits does. */
  async shutdown(): Promise<void> {
    this.offState();
    await this.zk?.close();
  }

  /** Runs one interactive line: tokenised, numbered and kept in the history. */
  async executeLine(line: string): Promise<ShellOutcome> {
    if (line === '') return 'continue';
    this.history.set(this.commandCount, line);
    this.options.history?.record(line);
    const outcome = await this.execute(tokenize(line));
    this.commandCount += 1;
    return outcome;
  }

  /** Runs one command given as words (zkCli's `processCmd`), updating the exit code. */
  async execute(words: readonly string[]): Promise<ShellOutcome> {
    try {
      const outcome = await this.dispatch(words);
      if (outcome === 'quit') return outcome;
      this.exitCode = 0;
    } catch (error) {
      if (error instanceof CliError) {
        this.exitCode = error.exitCode;
        this.console.eprintln(error.message);
      } else if (error instanceof CliParseError) {
        this.exitCode = 1;
        this.console.eprintln(error.message);
      } else {
        throw error;
      }
    }
    return 'continue';
  }

  /** The usage lines zkCli prints for an unknown command. */
  usage(): string[] {
    const lines = ['paddock-cli -server host:port[,host:port...][/chroot] [-timeout ms] [-r] [-waitforconnection] cmd args'];
    for (const name of this.commandNames()) lines.push(`\t${name} ${BUILTINS.get(name) ?? SERVER_COMMANDS.get(name)!.usage}`);
    return lines;
  }

  private async dispatch(words: readonly string[]): Promise<ShellOutcome> {
    const name = words[0];
    if (name === undefined) {
      for (const line of this.usage()) this.console.eprintln(line);
      throw new CliError('No command entered');
    }
    if (name === 'help') {
      for (const line of this.usage()) this.console.println(line);
      return 'continue';
    }
    if (!BUILTINS.has(name) && !SERVER_COMMANDS.has(name)) {
      for (const line of this.usage()) this.console.eprintln(line);
      throw new CliError(`Command not found: Command not found ${name}`, 127);
    }
    if (name === 'quit') {
      if (this.zk !== undefined && !DEAD.has(this.zk.state)) await this.zk.close();
      return 'quit';
    }
    // As in zkCli, these local commands run first and the "Not connected" check still follows.
    if (name === 'redo' && words.length >= 2) await this.redo(words[1]!);
    else if (name === 'history') this.printHistory();
    else if (name === 'printwatches') this.setPrintWatches(words);
    else if (name === 'connect') await this.connect(words[1] ?? this.host);

    const zk = this.zk;
    if (zk === undefined || DEAD.has(zk.state)) {
      this.console.println('Not connected');
      return 'continue';
    }
    if (name === 'close') {
      await zk.close();
      return 'continue';
    }
    const command = SERVER_COMMANDS.get(name);
    if (command === undefined) return 'continue';
    const parsed = command.parseWords?.(words) ?? parseOptions(words, command.options);
    const context: CommandContext = { client: zk, console: this.console, watcher: this.watcher };
    await command.run(parsed, context);
    return 'continue';
  }

  private async redo(indexText: string): Promise<void> {
    const index = /^\d+$/.test(indexText) ? Number(indexText) : Number.NaN;
    if (Number.isNaN(index)) throw new CliError(`java.lang.NumberFormatException: For input string: "${indexText}"`);
    if (this.commandCount <= index) throw new CliError('Command index out of range');
    const line = this.history.get(index)!;
    const words = tokenize(line);
    if (words[0] === 'redo') throw new CliError('No redoing redos');
    this.history.set(this.commandCount, line);
    await this.execute(words);
  }

  private printHistory(): void {
    for (let i = Math.max(0, this.commandCount - HISTORY_SHOWN); i <= this.commandCount; i++) {
      this.console.println(`${i} - ${this.history.get(i) ?? 'null'}`);
    }
  }

  private setPrintWatches(words: readonly string[]): void {
    if (words.length === 1) this.console.println(`printwatches is ${this.printWatches ? 'on' : 'off'}`);
    else this.printWatches = words[1] === 'on';
  }

  /** zkCli's default watcher: `WATCHER::` and the event, each after an empty line. */
  private printEvent(state: string, type: string, path: string | null): void {
    if (!this.printWatches) return;
    this.console.println('');
    this.console.println('WATCHER::');
    this.console.println('');
    this.console.println(`WatchedEvent state:${state} type:${type} path:${path ?? 'null'}`);
  }
}
