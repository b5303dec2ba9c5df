import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Every child process a test starts (servers, CLI clients, scripts) is registered here so that a
 * failing or interrupted test never leaves an orphan JVM behind: afterAll hooks stop what they
 * started, and the exit/signal hooks below SIGKILL whatever is still alive when the worker dies.
 */
const live = new Map<ChildProcess, { group: boolean }>();
let hooksInstalled = false;

/**
 * `group: true` for children spawned with `detached: true`: they lead their own process group,
 * and signals go to the whole group. Wrapper scripts such as zkCli.sh run java as a child rather
 * than exec'ing it, so signalling only the wrapper would orphan the JVM.
 */
export function trackProcess(child: ChildProcess, opts: { group?: boolean } = {}): ChildProcess {
  installExitHooks();
  live.set(child, { group: opts.group ?? false });
  child.once('exit', () => {
    // The wrapper may exit before its JVM does; sweep the group once more on the way out.
    if (opts.group === true) signalGroup(child, 'SIGKILL');
    live.delete(child);
  });
  return child;
}

export function liveProcessCount(): number {
  return live.size;
}

/** Sends `signal` to the child, or to its whole process group when it was tracked as one. */
export function signalTracked(child: ChildProcess, signal: NodeJS.Signals): void {
  if (live.get(child)?.group === true) signalGroup(child, signal);
  else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already empty.
  }
}

const tempDirs = new Set<string>();

/** A directory to delete when the worker exits, should the test that made it not get to it. */
export function trackTempDir(dir: string): void {
  installExitHooks();
  tempDirs.add(dir);
}

export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Synchronous on purpose: it also runs from process 'exit', where nothing async can run. */
export function killAllTracked(): void {
  for (const [child, { group }] of live) {
    if (group) {
      signalGroup(child, 'SIGKILL');
    } else if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone; nothing to clean.
      }
    }
  }
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => {
    killAllTracked();
    removeTempDirs();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllTracked();
      // A listener disables Node's default "terminate on signal"; restore it when we were the
      // only listener, so Ctrl-C still ends the run.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Resolves when the child has exited (immediately if it already has). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}
