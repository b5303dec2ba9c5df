/**
 * Where the client and its recipes get time, timers and randomness. The default is the real
 * clock, `setTimeout` and `Math.random`; a simulator injects virtual ones so that a whole run
 * (session, retries, recipe timeouts and node names) replays exactly from one seed.
 */
import type { RandomInt } from './session/index';

/** A clock and timers, as `performance.now` / `setTimeout` / `clearTimeout` provide them. */
export interface ClientTimers {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `callback` once after `delayMs`; returns a handle for {@link ClientTimers.clearTimer}. */
  setTimer(callback: () => void, delayMs: number): unknown;
  /** Cancels a timer that has not fired yet (a fired or cleared handle is ignored). */
  clearTimer(handle: unknown): void;
}

/** The timers and randomness one client uses (`client.runtime`). */
export interface ClientRuntime extends ClientTimers {
  /** A uniform integer in [0, bound). */
  readonly random: RandomInt;
}

/** Real time: `performance.now()` and the event loop's timers. */
export const REAL_TIMERS: ClientTimers = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `Math.random` as a {@link RandomInt}. */
export const mathRandom: RandomInt = (bound) => Math.floor(Math.random() * bound);

/** Resolves after `ms` of the runtime's time. */
export function sleep(runtime: ClientTimers, ms: number): Promise<void> {
  return new Promise((resolve) => runtime.setTimer(resolve, ms));
}

/** A uniform float in [0, 1), from the runtime's integers. */
export function randomFraction(random: RandomInt): number {
  return random(0x40000000) / 0x40000000;
}

/** A random id in the UUID layout (8-4-4-4-12 hex digits), for recipe node names. */
export function randomId(random: RandomInt): string {
  const hex = (digits: number): string => {
    let out = '';
    for (let i = 0; i < digits; i++) out += random(16).toString(16);
    return out;
  };
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}
