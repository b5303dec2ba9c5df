/**
 * Everything a chaos run starts is registered here, so that a failure, an exception, the hard
 * deadline or Ctrl-C never leaves a server JVM, a paddock-server or a kazoo worker behind.
 * Every child leads its own process group (spawned detached), so a SIGSTOPped member or a
 * wrapper's JVM is killed with its group, and the terminal's SIGINT reaches only this process.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const tracked = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let installed = false;

/** Registers a child spawned with `detached: true`; its group is SIGKILLed when the run exits. */
export function trackGroup(child: ChildProcess): ChildProcess {
  install();
  tracked.add(child);
  child.once('exit', () => {
    // A wrapper may exit before what it started; sweep its group once more.
    signalGroup(child, 'SIGKILL');
    tracked.delete(child);
  });
  return child;
}

/** A directory removed when the run exits, should its owner not get to it. */
export function trackTempDir(dir: string): void {
  install();
  tempDirs.add(dir);
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Sends `signal` to the child's whole process group; a group already gone is not an error. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is empty.
  }
}

/** How many registered children are still alive, for tests that check the cleanup. */
export function liveChildren(): number {
  return tracked.size;
}

/** Synchronous, because it also runs from 'exit', where nothing asynchronous can. */
export function killEverything(): void {
  // SIGKILL also ends SIGSTOPped processes, so a paused member needs nothing more.
  for (const child of tracked) signalGroup(child, 'SIGKILL');
  tracked.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Resolves true when the child has exited, false after `timeoutMs`. */
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

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const count = tracked.size;
      killEverything();
      if (count > 0) process.stderr.write(`\nchaos: ${signal}: killed ${count} process group(s) and removed temporary data\n`);
      // Our listener replaced Node's default "terminate on signal"; when it was the only one,
      // raise the signal again so the process still ends with the signal's status.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
