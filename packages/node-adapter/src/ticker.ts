/**
 * Turns elapsed time into the core's `tick` inputs, one per tickTime. Ticks are counted from a
 * monotonic clock, not from timer callbacks, so a late or skipped timer (a busy loop, a paused
 * process) still delivers every tick that elapsed, and a wall-clock jump delivers none.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger';

/** More ticks than this at once means the process was stopped; they are delivered capped. */
const MAX_TICKS_AT_ONCE = 10_000;

export interface Ticker {
  stop(): void;
}

/** ZooKeeper's finalizeWait: how often an ensemble member's election timer fires. */
const ELECTION_TICK_MS = 200;

/**
 * Calls `onTick` once per elapsed `tickTimeMs` until stopped, and `onElectionTick` (ensemble
 * members) every {@link ELECTION_TICK_MS}; a late election tick is not made up, since only the
 * next one matters. The timers do not keep Node alive.
 */
export function startTicker(tickTimeMs: number, onTick: () => void, logger: Logger, onElectionTick?: () => void): Ticker {
  const startedAt = performance.now();
  let delivered = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - startedAt) / tickTimeMs) - delivered;
    if (due <= 0) return;
    if (due > MAX_TICKS_AT_ONCE) {
      logger.warn(`${due} ticks elapsed at once (was the process stopped?); delivering ${MAX_TICKS_AT_ONCE}`);
    }
    delivered += due;
    for (let i = 0; i < Math.min(due, MAX_TICKS_AT_ONCE); i++) onTick();
  }, tickTimeMs);
  timer.unref();
  const electionTimer = onElectionTick === undefined ? null : setInterval(onElectionTick, ELECTION_TICK_MS);
  electionTimer?.unref();
  return {
    stop: () => {
      clearInterval(timer);
      if (electionTimer !== null) clearInterval(electionTimer);
    },
  };
}
