/**
 * Everything the bench starts is registered here, so that a failure, an exception or Ctrl-C
 * never leaves a server JVM or a generator behind. Servers run in their own session (setsid),
 * so the terminal's SIGINT does not reach them: they are killed here by process group.
 */
import type { ChildProcess } from 'node:child_process';

interface Tracked {
  readonly child: ChildProcess;
  /** Whether the child leads its own process group (spawned detached). */
  readonly group: boolean;
}

const tracked = new Set<Tracked>();
const cleanups = new Set<() => void>();
let installed = false;

/** Registers `child`; it is SIGKILLed (with its group when `group`) if the bench exits first. */
export function track(child: ChildProcess, group: boolean): void {
  install();
  const entry = { child, group };
  tracked.add(entry);
  child.once('exit', () => tracked.delete(entry));
}

/** Registers a synchronous cleanup (removing a temp dir) to run when the bench exits; returns an unregister. */
export function onExit(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Sends `signal` to `child`, or to its whole process group. */
export function signalChild(child: ChildProcess, group: boolean, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Synchronous, because it also runs from 'exit', where nothing asynchronous can. */
function killEverything(): void {
  for (const { child, group } of tracked) signalChild(child, group, 'SIGKILL');
  tracked.clear();
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Best effort on the way out.
    }
  }
  cleanups.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const count = tracked.size;
      killEverything();
      if (count > 0) process.stderr.write(`\nbench: ${signal}: killed ${count} child process(es) and removed temporary data\n`);
      // Our listener replaced Node's default "terminate on signal"; when it was the only one,
      // raise the signal again so the process still ends, with the signal's exit status.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
