/**
 * Bounded exponential backoff for operations that are safe to repeat. Only connectivity errors
 * (ConnectionLoss, OperationTimeout, RequestTimeout) are retried: after them the operation may
 * or may not have happened, which is harmless only for reads and for writes whose outcome the
 * caller checks (NodeExists on a create it repeats, NoNode on a delete).
 */
import { isConnectivityError } from './keeper-error';

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly maxRetries: number;
  /** The first wait; each later one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 2_000 };

/** No retries at all. */
export const NO_RETRY: RetryPolicy = { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 };

/**
 * The wait before retry number `attempt` (0-based): `base * 2^attempt`, capped, with "equal
 * jitter" (half fixed, half random) so that clients cut off together do not retry together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryControl {
  /** Stop retrying (e.g. the session ended): the last error is thrown. */
  readonly shouldStop?: () => boolean;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying it on connectivity errors per `policy`. */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy, control: RetryControl = {}): Promise<T> {
  const sleep = control.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isConnectivityError(error) || attempt >= policy.maxRetries || control.shouldStop?.() === true) throw error;
      await sleep(backoffDelayMs(policy, attempt, control.random));
    }
  }
}
