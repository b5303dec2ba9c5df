/**
 * The safety rule of the lock and leader recipes: at every virtual instant, at most one
 * participant believes it holds the lock (or leads) among those whose session the server still
 * considers live. A participant cut off from the server may still believe it holds (it cannot
 * know better until its own timers fire) once its session has expired: that is allowed, as
 * ZooKeeper's recipes promise no more.
 */
import type { Participant } from './participants';

export class RecipeViolation extends Error {
  constructor(readonly rule: 'two-holders' | 'no-progress', message: string, readonly traceTail: readonly string[]) {
    super(`${rule}: ${message}`);
    this.name = 'RecipeViolation';
  }
}

export class ExclusionChecker {
  /** The most participants that believed at once (live sessions or not). */
  maxBelievers = 0;
  /** Instants at which two or more believed and the server's sessions were consulted. */
  overlapsChecked = 0;

  constructor(
    private readonly participants: readonly Participant[],
    private readonly liveSessions: () => Set<bigint>,
    private readonly tail: () => readonly string[],
  ) {}

  /** Called after every event, once promise continuations have run. */
  check(nowMs: number): void {
    const believers = this.participants.filter((p) => p.holding !== null);
    this.maxBelievers = Math.max(this.maxBelievers, believers.length);
    if (believers.length < 2) return;
    this.overlapsChecked++;
    const live = this.liveSessions();
    const holders = believers.filter((p) => live.has(p.holding!));
    if (holders.length < 2) return;
    const who = holders.map((p) => `p${p.index} (session 0x${p.holding!.toString(16)})`).join(' and ');
    throw new RecipeViolation('two-holders', `at ${nowMs} ms ${who} both hold, their sessions live`, this.tail());
  }
}
