/**
 * The process arguments, read as zkCli reads them (`MyCommandOptions.parseOptions`): options
 * first (`-server`, `-timeout`, `-r`, `-waitforconnection`; others are ignored), then the first
 * word that is not an option starts the one-shot command, which takes every word after it.
 */
export interface LaunchArgs {
  readonly server: string;
  readonly timeoutMs: number;
  readonly readOnly: boolean;
  readonly waitForConnection: boolean;
  /** The one-shot command's words, or undefined for a shell. */
  readonly command: string[] | undefined;
}

export class LaunchArgsError extends Error {}

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  let server = 'localhost:2181';
  let timeoutText = '30000';
  let readOnly = false;
  let waitForConnection = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new LaunchArgsError(`Error: no argument found for option ${word}`);
      return next;
    };
    if (word === '-server') server = value();
    else if (word === '-timeout') timeoutText = value();
    else if (word === '-r') readOnly = true;
    else if (word === '-waitforconnection') waitForConnection = true;
    else if (!word.startsWith('-')) {
      return { server, timeoutMs: timeoutOf(timeoutText), readOnly, waitForConnection, command: argv.slice(i) };
    }
  }
  return { server, timeoutMs: timeoutOf(timeoutText), readOnly, waitForConnection, command: undefined };
}

function timeoutOf(text: string): number {
  if (!/^\d+$/.test(text)) throw new LaunchArgsError(`Error: -timeout takes milliseconds, not ${JSON.stringify(text)}`);
  return Number(text);
}
