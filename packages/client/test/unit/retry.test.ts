import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelayMs, ErrorCode, KeeperError, withRetry, type RetryPolicy } from '../../src/index';

const POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('withRetry', () => {
  it('retries connectivity errors with growing, bounded waits, then gives up with the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls += 1;
        throw new KeeperError(ErrorCode.ConnectionLoss);
      },
      POLICY,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    await expect(failing).rejects.toMatchObject({ name: 'ConnectionLoss' });
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('does not retry other errors, and stops when told to', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new KeeperError(ErrorCode.NoNode);
    }, POLICY)).rejects.toMatchObject({ name: 'NoNode' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new KeeperError(ErrorCode.ConnectionLoss);
    }, POLICY, { shouldStop: () => true })).rejects.toMatchObject({ name: 'ConnectionLoss' });
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw new KeeperError(ErrorCode.RequestTimeout);
      return 'ok';
    }, POLICY, { sleep: async () => {} });
    expect(value).toBe('ok');
  });

  it('property: every wait lies in [ceiling/2, ceiling], ceiling = min(max, base * 2^attempt)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(1_000, 100 * 2 ** Math.min(attempt, 30));
        const wait = backoffDelayMs(POLICY, attempt, () => r);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(wait).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
