/** History across sessions: ~/.paddock_cli_history (under $HOME), zkCli's history/redo, arrow-key recall. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_FILE_NAME, HistoryFile, MAX_HISTORY } from '../../src/cli/history-file';
import { runLineLoop } from '../../src/cli/line-loop';
import { Shell } from '../../src/cli/shell';
import { commandSucceeds, requireTool } from '../support/servers';
import { PADDOCK_CLI_MAIN } from './cli-session';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'paddock-cli-home-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A shell with no server (commands print "Not connected") recording into `file`. */
function shellWith(file: HistoryFile, printed: string[]): Shell {
  return new Shell({
    console: { print: () => {}, println: (line) => printed.push(line), eprintln: (line) => printed.push(`ERR ${line}`) },
    history: { previous: file.load(), record: (line) => file.append(line) },
  });
}

describe('the history file', () => {
  it('lives in $HOME, keeps commands in order, is private to the user, and is trimmed to the last 1000', () => {
    const home = tempHome();
    const file = HistoryFile.inHome({ HOME: home });
    expect(file.path).toBe(join(home, HISTORY_FILE_NAME));
    expect(file.load()).toEqual([]);
    file.append('ls /');
    file.append('addauth digest alice:secret');
    expect(file.load()).toEqual(['ls /', 'addauth digest alice:secret']);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    writeFileSync(file.path, Array.from({ length: MAX_HISTORY + 5 }, (_, i) => `get /n${i}`).join('\n') + '\n');
    const kept = file.load();
    expect(kept).toHaveLength(MAX_HISTORY);
    expect(kept[0]).toBe('get /n5');
    expect(readFileSync(file.path, 'utf8').split('\n').filter(Boolean)).toEqual(kept);
  });

  it('an unwritable home loses the history, not the command', () => {
    const file = new HistoryFile('/nonexistent-dir/for/sure/.paddock_cli_history');
    expect(() => file.append('ls /')).not.toThrow();
    expect(file.load()).toEqual([]);
  });
});

describe('history and redo across sessions', () => {
  it('numbers the earlier sessions\' commands first; redo runs one of them', async () => {
    const file = HistoryFile.inHome({ HOME: tempHome() });
    const first: string[] = [];
    const one = shellWith(file, first);
    await one.executeLine('get /a');
    await one.executeLine('ls /b');

    const printed: string[] = [];
    const two = shellWith(file, printed);
    await two.executeLine('history');
    expect(printed).toEqual(['0 - get /a', '1 - ls /b', '2 - history', 'Not connected']);
    printed.length = 0;
    await two.executeLine('redo 1');
    await two.executeLine('history');
    // The redone command is numbered too, as zkCli numbers it.
    expect(printed.filter((l) => / - /.test(l))).toEqual(['0 - get /a', '1 - ls /b', '2 - history', '3 - ls /b', '4 - history']);
    expect(file.load()).toEqual(['get /a', 'ls /b', 'history', 'redo 1', 'history']);
  });

  it('the up arrow recalls the last command of an earlier session', async () => {
    const file = HistoryFile.inHome({ HOME: tempHome() });
    file.append('stat /earlier');
    const printed: string[] = [];
    const shell = shellWith(file, printed);
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const loop = runLineLoop(shell, { input, output, terminal: true, previous: file.load() });
    input.write('\x1b[A');
    input.write('\r');
    input.end();
    expect(await loop).toBe('eof');
    expect(file.load()).toEqual(['stat /earlier', 'stat /earlier']);
  });
});

describe('paddock-cli on a terminal', () => {
  // util-linux `script` gives the CLI a pseudo-terminal, where it keeps a history.
  if (!requireTool('script (util-linux)', () => commandSucceeds('script', ['-qec', 'true', '/dev/null']))) return;

  it('appends each command to $HOME/.paddock_cli_history; piped input keeps none', () => {
    const home = tempHome();
    const cli = `${process.execPath} --import tsx ${PADDOCK_CLI_MAIN} -server 127.0.0.1:1`;
    const run = (command: string[], input: string): void => {
      const result = spawnSync(command[0]!, command.slice(1), { input, env: { ...process.env, HOME: home }, timeout: 60_000 });
      expect(result.status).toBe(0);
    };
    run(['bash', '-c', cli], 'history\nquit\n');
    expect(() => readFileSync(join(home, HISTORY_FILE_NAME), 'utf8')).toThrow();
    run(['script', '-qec', cli, '/dev/null'], 'history\nquit\n');
    expect(readFileSync(join(home, HISTORY_FILE_NAME), 'utf8')).toBe('history\nquit\n');
  }, 120_000);
});
