/**
 * `paddock-cli` (`pnpm cli`): a zkCli-compatible shell for ZooKeeper and Paddock.
 *
 *   pnpm cli -server 127.0.0.1:2181 ls /          one command; exit code 0, 1 or 127
 *   pnpm cli -server 127.0.0.1:2181               interactive (history in ~/.paddock_cli_history, TAB completion)
 *   pnpm cli -server 127.0.0.1:2181 < script      one command per line, no prompt
 */
import { KeeperError } from '../keeper-error';
import { keeperMessage } from './cli-error';
import { HistoryFile } from './history-file';
import type { CliConsole } from './command';
import { LaunchArgsError, parseLaunchArgs, type LaunchArgs } from './launch-args';
import { runLineLoop } from './line-loop';
import { Shell } from './shell';

const processConsole: CliConsole = {
  print: (text) => void process.stdout.write(text),
  println: (line) => void process.stdout.write(`${line}\n`),
  eprintln: (line) => void process.stderr.write(`${line}\n`),
};

async function run(args: LaunchArgs): Promise<number> {
  // Only an interactive shell keeps a history, as zkCli keeps JLine's only on a terminal.
  const terminal = args.command === undefined && process.stdin.isTTY === true;
  const historyFile = terminal ? HistoryFile.inHome() : undefined;
  const previous = historyFile?.load() ?? [];
  const shell = new Shell({
    console: processConsole, sessionTimeoutMs: args.timeoutMs, canBeReadOnly: args.readOnly,
    ...(historyFile === undefined ? {} : { history: { previous, record: (line: string) => historyFile.append(line) } }),
  });
  processConsole.println(`Connecting to ${args.server}`);
  await shell.connect(args.server);
  if (args.waitForConnection) {
    try {
      await shell.client!.waitForConnected(args.timeoutMs);
    } catch (error) {
      if (!(error instanceof KeeperError)) throw error;
      processConsole.eprintln(keeperMessage(error));
      await shell.shutdown();
      return 1;
    }
  }
  if (args.command !== undefined) {
    const outcome = await shell.execute(args.command);
    if (outcome !== 'quit') await shell.shutdown();
    return shell.exitCode;
  }
  if (terminal) processConsole.println('Welcome to Paddock! zkCli commands; TAB completes commands and paths; `help` lists them.');
  const ended = await runLineLoop(shell, { input: process.stdin, output: process.stdout, terminal, previous });
  if (ended === 'eof') await shell.shutdown();
  return shell.exitCode;
}

function exitWhenFlushed(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

try {
  exitWhenFlushed(await run(parseLaunchArgs(process.argv.slice(2))));
} catch (error) {
  processConsole.eprintln(error instanceof LaunchArgsError ? error.message : String(error instanceof Error ? (error.stack ?? error) : error));
  exitWhenFlushed(1);
}
