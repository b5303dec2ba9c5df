/**
 * One-shot (`-server host:port cmd args`) and piped-stdin runs of paddock-cli next to zkCli.sh:
 * the same exit codes (0 ok, 1 failed, 127 unknown command; from stdin, the last command's),
 * and the same lines on the same streams (zkCli prints `Created` and errors on stderr).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackProcess } from '../../../../tests/harness/index.js';
import { clientServerKinds, killEverything, requireTool, serverAvailable, startServer, type RunningServer } from '../support/servers';
import { cliCommand, zkCliAvailable, type CliKind } from './cli-session';

interface Outcome {
  code: number | null;
  stdout: string[];
  stderr: string[];
}

/**
 * JVM logging and banners; notifications, which zkCli prints from another thread and may not get
 * to before `quit` exits the JVM (the transcript test compares them); the usage listing's header
 * (its lines, tab-indented, are dropped too), which differs by design.
 */
const NOISE = /^(SLF4J: |Connecting to |WATCHER::$|WatchedEvent state:|Welcome to ZooKeeper!$|JLine support is|ZooKeeper -server |paddock-cli -server )/;

function runCli(kind: CliKind, args: readonly string[], stdin = ''): Promise<Outcome> {
  const { command, args: full, env } = cliCommand(kind, args);
  const child = trackProcess(spawn(command, full, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true }), { group: true });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(stdin);
  const lines = (text: string): string[] => text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !NOISE.test(l) && !l.startsWith('\t'));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout: lines(stdout), stderr: lines(stderr) })));
}

// On CI a missing zkCli.sh fails the run (requireTool); locally the suite is skipped loudly.
const haveZkCli = requireTool('zkCli.sh (Debian package zookeeper)', zkCliAvailable);

describe.each(haveZkCli ? clientServerKinds() : [])('paddock-cli exit codes and streams match zkCli, against %s', (kind) => {
  if (!serverAvailable(kind)) return;
  let server: RunningServer;
  const server$ = (): string[] => ['-server', server.connectString];

  beforeAll(async () => {
    server = await startServer(kind, { tickTime: 500 });
  });
  afterAll(async () => {
    await server?.stop();
    killEverything();
  });

  /** Runs `args` one-shot through both CLIs (paddock-cli first) and returns both outcomes. */
  async function both(args: string[], stdin?: string): Promise<[Outcome, Outcome]> {
    const ours = await runCli('paddock-cli', [...server$(), ...args], stdin);
    const theirs = await runCli('zkCli', [...server$(), ...args], stdin);
    return [ours, theirs];
  }

  it('one-shot commands: exit code, stdout and stderr', async () => {
    // Each pair runs paddock-cli then zkCli, so a create fails on the second run: make both fail.
    const cases: Array<[string[], number]> = [
      [['ls', '/'], 0],
      [['get', '/nope'], 1],
      [['create', '/x1', 'd'], 1],
      [['get', '-s', '/x1'], 0],
      [['delete', '-v', '9', '/x1'], 1],
      [['bogus'], 127],
      [['ls'], 1],
      [['ls', '-x', '/'], 1],
      [['ls', '/x1/'], 1],
      [['create', '-c', '-e', '/x2'], 1],
      [['set', '-v'], 1],
      [['getAllChildrenNumber', '/x1'], 0],
      [['sync', '/x1'], 0],
      [['whoami'], 0],
      [['listquota', '/x1'], 0],
      [['listquota'], 1],
      [['setquota', '-n', '0', '/x1'], 0],
      [['setquota', '/x1'], 1],
      [['setquota', '-n', '2', '/nope'], 1],
      [['delquota', '/nope'], 0],
      [['reconfig'], 1],
      [['reconfig', '-add', 'server.5=localhost:1234:1235;1236'], 1],
      [['version', 'x'], 1],
    ];
    await runCli('paddock-cli', [...server$(), 'create', '/x1', 'd']);
    for (const [args, code] of cases) {
      const [ours, theirs] = await both(args);
      const what = args.join(' ');
      expect({ what, code: ours.code }).toEqual({ what, code });
      expect({ what, code: theirs.code }).toEqual({ what, code });
      if (args.includes('-s')) continue; // the Stat's times tick between the two runs
      expect({ what, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ what, stdout: theirs.stdout, stderr: theirs.stderr });
    }
  }, 180_000);

  it('creates report on stderr; a bad number ends the command with exit code 1', async () => {
    const created = await runCli('paddock-cli', [...server$(), 'create', '/x3', 'd']);
    expect(created).toEqual({ code: 0, stdout: [], stderr: ['Created /x3'] });
    // Different on purpose: paddock-cli names itself.
    const version = await runCli('paddock-cli', [...server$(), 'version']);
    expect(version).toEqual({ code: 0, stdout: [expect.stringMatching(/^Paddock CLI version: \d+\.\d+\.\d+ \(zkCli 3\.8 compatible\)$/)], stderr: [] });
    // zkCli lets Java's NumberFormatException escape (a stack trace, exit 1); paddock-cli says why.
    const [ours, theirs] = await both(['set', '-v', 'x', '/x3', 'y']);
    expect(ours).toEqual({ code: 1, stdout: [], stderr: ['java.lang.NumberFormatException: For input string: "x"'] });
    expect(theirs.code).toBe(1);
  }, 60_000);

  it('commands from a piped stdin: the exit code is the last command\'s, `quit` keeps it', async () => {
    for (const [script, code] of [['get /nope\n', 1], ['get /nope\nls /\n', 0], ['get /nope\nquit\n', 1], ['ls /\nbogus\n', 127]] as const) {
      const [ours, theirs] = await both([], script);
      expect({ script, code: ours.code }).toEqual({ script, code });
      expect({ script, code: theirs.code }).toEqual({ script, code });
      expect({ script, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ script, stdout: theirs.stdout, stderr: theirs.stderr });
    }
  }, 120_000);

  it('an unreachable server: ConnectionLoss and exit code 1', async () => {
    const ours = await runCli('paddock-cli', ['-server', '127.0.0.1:1', 'ls', '/']);
    const theirs = await runCli('zkCli', ['-server', '127.0.0.1:1', 'ls', '/']);
    expect(ours).toEqual({ code: 1, stdout: [], stderr: ['KeeperErrorCode = ConnectionLoss for /'] });
    expect(theirs).toEqual(ours);
  }, 60_000);
});
