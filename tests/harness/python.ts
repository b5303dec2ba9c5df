import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { signalTracked, trackProcess, waitForExit } from '@paddock/process-kit';
import { sleep } from './sleep.js';

/**
 * Debian's python3-kazoo lives in the system interpreter's dist-packages, which a pyenv or venv
 * `python3` earlier on PATH does not see; so the interpreter is chosen by whether it can import
 * kazoo, not by name. `PADDOCK_PYTHON` overrides the search.
 */
const CANDIDATES = [process.env.PADDOCK_PYTHON, '/usr/bin/python3', 'python3'].filter(
  (c): c is string => c !== undefined && c !== '',
);

let chosen: { python: string } | { problem: string } | undefined;

function choosePython(): { python: string } | { problem: string } {
  if (chosen !== undefined) return chosen;
  const problems: string[] = [];
  for (const python of CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import kazoo.client'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return (chosen = { python });
    problems.push(`${python}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}`);
  }
  return (chosen = { problem: `no python3 can import kazoo (${problems.join('; ')})` });
}

/** For requireTool: true when some python3 imports kazoo. */
export function kazooAvailable(): true | string {
  const c = choosePython();
  return 'python' in c ? true : c.problem;
}

export function kazooPython(): string {
  const c = choosePython();
  if ('python' in c) return c.python;
  throw new Error(c.problem);
}

export interface PythonRunOptions {
  args?: string[];
  env?: Record<string, string>;
  /**
   * Handlers for `@@phase NAME` lines: the script blocks until the handler resolves and the
   * harness answers `go` on its stdin. This is how a script asks the test to restart a server.
   */
  phases?: Record<string, () => Promise<void>>;
  timeoutMs?: number;
}

export interface PythonRun<T> {
  result: T;
  stderr: string;
}

/**
 * Runs a script that reports with one `@@result <json>` line on stdout. A non-zero exit, a
 * missing result or a timeout rejects with the script's stderr, which carries the Python
 * assertion message or traceback.
 */
export async function runPythonScript<T = unknown>(script: string, opts: PythonRunOptions = {}): Promise<PythonRun<T>> {
  const timeoutMs = opts.timeoutMs ?? 50_000;
  const child = trackProcess(
    spawn(kazooPython(), ['-u', script, ...(opts.args ?? [])], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so helper clients the script forks die with it.
      detached: true,
    }),
    { group: true },
  );
  let stderr = '';
  const stdoutLines: string[] = [];
  let result: { value: T } | undefined;
  let failure: Error | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  // Writing "go" after the script already died must not crash the test worker.
  child.stdin?.on('error', () => {});

  const lines = createInterface({ input: child.stdout! });
  const handled: Array<Promise<void>> = [];
  lines.on('line', (line) => {
    stdoutLines.push(line);
    if (line.startsWith('@@result ')) {
      result = { value: JSON.parse(line.slice('@@result '.length)) as T };
    } else if (line.startsWith('@@phase ')) {
      const name = line.slice('@@phase '.length).trim();
      handled.push(runPhase(name));
    }
  });

  async function runPhase(name: string): Promise<void> {
    const handler = opts.phases?.[name];
    try {
      if (handler === undefined) throw new Error(`script asked for unknown phase ${JSON.stringify(name)}`);
      await handler();
      child.stdin?.write('go\n');
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      signalTracked(child, 'SIGKILL');
    }
  }

  // 'close' (not 'exit') so that every stdout line has been read before the result is judged.
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const exited = await Promise.race([closed.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!exited) {
    signalTracked(child, 'SIGKILL');
    await waitForExit(child, 5000);
  }
  await Promise.all(handled);
  const context = `--- stdout ---\n${stdoutLines.join('\n').slice(-3000)}\n--- stderr ---\n${stderr.slice(-6000)}`;
  if (failure !== undefined) throw new Error(`${script}: phase handler failed: ${failure.message}\n${context}`);
  if (!exited) throw new Error(`${script} timed out after ${timeoutMs} ms\n${context}`);
  if (child.exitCode !== 0) throw new Error(`${script} exited with ${child.exitCode ?? child.signalCode}\n${context}`);
  if (result === undefined) throw new Error(`${script} printed no @@result line\n${context}`);
  return { result: result.value, stderr };
}
