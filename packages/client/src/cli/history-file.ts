/**
 * The interactive shell's command history across sessions: `~/.paddock_cli_history` (under
 * `$HOME` when set), one command a line, the last {@link MAX_HISTORY} kept. It feeds both
 * readline's arrow-key recall and zkCli's numbered `history` / `redo`. A history that cannot be
 * read or written is simply not kept: it is a convenience, never a reason to fail a command.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_FILE_NAME = '.paddock_cli_history';
export const MAX_HISTORY = 1000;

export class HistoryFile {
  constructor(readonly path: string) {}

  /** The history file in `env.HOME`, or the user's home directory when HOME is unset. */
  static inHome(env: Readonly<Record<string, string | undefined>> = process.env): HistoryFile {
    const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
    return new HistoryFile(join(home, HISTORY_FILE_NAME));
  }

  /** Earlier commands, oldest first; the file is trimmed to the last {@link MAX_HISTORY}. */
  load(): string[] {
    let lines: string[];
    try {
      lines = readFileSync(this.path, 'utf8').split('\n').filter((line) => line !== '');
    } catch {
      return [];
    }
    if (lines.length <= MAX_HISTORY) return lines;
    const kept = lines.slice(-MAX_HISTORY);
    try {
      writeFileSync(this.path, `${kept.join('\n')}\n`, { mode: 0o600 });
    } catch {
      // Left long: the next load trims it again.
    }
    return kept;
  }

  /** Adds one command (private to the user: it may hold credentials, as `addauth` lines do). */
  append(line: string): void {
    try {
      appendFileSync(this.path, `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
    } catch {
      // Not kept; the command itself is unaffected.
    }
  }
}
