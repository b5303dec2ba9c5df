/**
 * Capped exponential backoff between connection attempts: `initialMs`, doubling per failure up
 * to `maxMs`, each delay drawn from its upper half so that servers restarted together do not
 * keep dialing in lockstep.
 */
export interface BackoffLimits {
  readonly initialMs: number;
  readonly maxMs: number;
}

export class Backoff {
  private failures = 0;

  constructor(
    private readonly limits: BackoffLimits,
    private readonly random: () => number = Math.random,
  ) {
    if (!(limits.initialMs > 0 && limits.maxMs >= limits.initialMs)) {
      throw new RangeError(`backoff needs 0 < initialMs <= maxMs, got ${limits.initialMs} and ${limits.maxMs}`);
    }
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    // The exponent is capped too, so a long outage cannot overflow to Infinity.
    const ceiling = Math.min(this.limits.maxMs, this.limits.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** After a success: the next failure waits `initialMs` again. */
  reset(): void {
    this.failures = 0;
  }
}
