/**
 * Every child process a run starts (servers, CLI clients, scripts) is registered here so that a
 * failure, an exception, a deadline or Ctrl-C never leaves an orphan behind: owners stop what
 * they started, and the exit and signal hooks below SIGKILL whatever is still alive and remove
 * the registered temp dirs when the process ends.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const live = new Map<ChildProcess, { group: boolean }>();
const tempDirs = new Set<string>();
let hooksInstalled = false;
let signalReporter: ((signal: NodeJS.Signals, killed: number) => void) | null = null;

/**
 * Registers a child. `group: true` for children spawned with `detached: true`: they lead their
 * own process group and signals go to the whole group, so a wrapper script that runs java as a
 * child (zkCli.sh, zkServer.sh) or a SIGSTOPped process never outlives the run.
 */
export function trackProcess(child: ChildProcess, opts: { group?: boolean } = {}): ChildProcess {
  installExitHooks();
  const group = opts.group ?? false;
  live.set(child, { group });
  child.once('exit', () => {
    // The wrapper may exit before what it started; sweep the group once more on the way out.
    if (group) signalGroup(child, 'SIGKILL');
    live.delete(child);
  });
  return child;
}

/** How many registered children are still alive, for tests that check the cleanup. */
export function liveProcessCount(): number {
  return live.size;
}

/** Sends `signal` to the child, or to its whole process group when it was tracked as one. */
export function signalTracked(child: ChildProcess, signal: NodeJS.Signals): void {
  if (live.get(child)?.group === true) signalGroup(child, signal);
  else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** Sends `signal` to the child's whole process group; a group already gone is not an error. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already empty.
  }
}

/** A directory removed when the process ends, should its owner not get to it. */
export function trackTempDir(dir: string): void {
  installExitHooks();
  tempDirs.add(dir);
}

/** The owner removed (or kept on purpose) a tracked directory. */
export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

/** Removes a tracked directory now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/**
 * SIGKILLs every registered child (its group when tracked as one; SIGKILL also ends stopped
 * processes) and removes every tracked temp dir. Synchronous on purpose: it also runs from
 * process 'exit', where nothing asynchronous can. Returns how many children it killed.
 */
export function killEverything(): number {
  const killed = live.size;
  for (const [child, { group }] of live) {
    if (group) {
      signalGroup(child, 'SIGKILL');
    } else if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  return killed;
}

/** Called when SIGINT/SIGTERM/SIGHUP made the hooks clean up (a CLI says what it killed). */
export function onSignalCleanup(report: (signal: NodeJS.Signals, killed: number) => void): void {
  signalReporter = report;
}

/** Resolves true when the child has exited (at once if it already has), false after `timeoutMs`. */
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

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => {
    killEverything();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const killed = killEverything();
      signalReporter?.(signal, killed);
      // Our listener replaced Node's default "terminate on signal"; when it was the only one,
      // raise the signal again so the process still ends with the signal's status.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
