/**
 * Feeds lines to the shell one command at a time: interactively on a terminal (prompt, history,
 * TAB completion), or from a pipe or file without a prompt, as zkCli reads a non-TTY stdin.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { completeLine } from './completer';
import type { Shell } from './shell';

export interface LineLoopOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** Terminal mode: prompt, line editing, history, TAB completion. */
  readonly terminal: boolean;
  readonly historySize?: number;
  /** Commands of earlier sessions, oldest first, for arrow-key recall. */
  readonly previous?: readonly string[];
}

/** Runs until the input ends or `quit`; says which. */
export async function runLineLoop(shell: Shell, options: LineLoopOptions): Promise<'eof' | 'quit'> {
  const rl = createInterface({
    input: options.input,
    output: options.output,
    terminal: options.terminal,
    historySize: options.historySize ?? 1000,
    // readline wants the newest first.
    history: [...(options.previous ?? [])].reverse(),
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
      completeLine(line, shell.client, shell.commandNames()).then(
        (result) => {
          callback(null, result);
        },
        (error: Error) => {
          callback(error, [[], line]);
        },
      );
    },
  });
  // Ctrl-C ends the shell, as it ends zkCli's JVM.
  rl.on('SIGINT', () => rl.close());
  try {
    if (options.terminal) {
      rl.setPrompt(shell.prompt());
      rl.prompt();
    }
    for await (const line of rl) {
      if ((await shell.executeLine(line.trim() === '' ? '' : line)) === 'quit') return 'quit';
      if (options.terminal) {
        rl.setPrompt(shell.prompt());
        rl.prompt();
      }
    }
    return 'eof';
  } finally {
    rl.close();
  }
}
