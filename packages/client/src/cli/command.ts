/** What a zkCli command is, and what it runs with. */
import type { WatchListener } from '../watched-event';
import type { ZooKeeperClient } from '../zookeeper-client';
import type { OptionSpec, ParsedArgs } from './option-parser';

/** Where a command prints: standard output and standard error, as zkCli splits them. */
export interface CliConsole {
  /** Writes `text` to standard output as is. */
  print(text: string): void;
  /** Writes `line` and a newline to standard output. */
  println(line: string): void;
  /** Writes `line` and a newline to standard error. */
  eprintln(line: string): void;
}

export interface CommandContext {
  readonly client: ZooKeeperClient;
  readonly console: CliConsole;
  /** The shell's one default watcher: what `-w` and `addWatch` register, as in zkCli. */
  readonly watcher: WatchListener;
}

/** One of zkCli's server commands. */
export interface CliCommand {
  readonly name: string;
  /** zkCli's option string (`[-s] [-w] path`), shown in usage lines. */
  readonly usage: string;
  readonly options: OptionSpec;
  /** Parses the words itself instead of by `options` (for multi-letter options, as reconfig's). */
  readonly parseWords?: (words: readonly string[]) => ParsedArgs;
  /** Runs with the parsed words (`args[0]` is the name); throws CliError on failure. */
  run(parsed: ParsedArgs, context: CommandContext): Promise<void>;
}
