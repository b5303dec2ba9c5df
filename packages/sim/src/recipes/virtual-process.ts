/**
 * One simulated client process: its own clock (skewed: a rate and an offset against virtual
 * time), its timers on the world's agenda, and pauses (a GC pause or a stopped VM) during which
 * nothing of it runs: timers and arriving bytes wait and run, in order, when it resumes.
 */
import type { ClientTimers, RandomInt } from '@paddock/client';
import type { Prng } from '../prng';

/** What a process needs of the world: the time, and a way to run code later. */
export interface Agenda {
  readonly nowMs: number;
  at(timeMs: number, run: () => void): void;
}

export class VirtualProcess {
  readonly timers: ClientTimers;
  readonly random: RandomInt;
  private paused = false;
  /** Resumed, still running what was held: new arrivals queue behind it. */
  private draining = false;
  private readonly held: Array<() => void> = [];
  private nextTimer = 1;
  private readonly live = new Set<number>();

  constructor(
    readonly id: number,
    private readonly agenda: Agenda,
    rng: Prng,
    /** Process milliseconds per virtual millisecond (clock skew: 1 is exact). */
    readonly rate: number,
    /** The process clock's reading at virtual time 0. */
    readonly offsetMs: number,
  ) {
    this.random = (bound) => rng.int(0, bound - 1);
    this.timers = {
      now: () => this.offsetMs + this.agenda.nowMs * this.rate,
      setTimer: (callback, delayMs) => {
        const id = this.nextTimer++;
        this.live.add(id);
        this.at(this.agenda.nowMs + Math.ceil(Math.max(0, delayMs) / this.rate), () => {
          if (this.live.delete(id)) callback();
        });
        return id;
      },
      clearTimer: (handle) => void this.live.delete(handle as number),
    };
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Runs `fn` in this process now, or when it resumes if it is paused. */
  deliver(fn: () => void): void {
    if (this.paused || this.draining) this.held.push(fn);
    else fn();
  }

  /** Runs `fn` in this process at virtual time `timeMs` (after a pause, if one is on then). */
  at(timeMs: number, fn: () => void): void {
    this.agenda.at(timeMs, () => this.deliver(fn));
  }

  pause(): void {
    this.paused = true;
  }

  /**
   * Ends a pause: what arrived meanwhile runs now, in arrival order, one agenda event each (so
   * promise continuations settle in between, as an event loop runs them).
   */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.draining = true;
    this.drainOne();
  }

  private drainOne(): void {
    this.agenda.at(this.agenda.nowMs, () => {
      const fn = this.paused ? undefined : this.held.shift();
      if (fn === undefined) {
        this.draining = false;
        return;
      }
      fn();
      this.drainOne();
    });
  }
}
