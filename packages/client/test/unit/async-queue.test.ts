import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../src/async-queue';

describe('AsyncQueue', () => {
  it('hands items to a waiting consumer and to a later one, then ends', async () => {
    const q = new AsyncQueue<number>(10);
    const first = q.next();
    q.push(1);
    q.push(2);
    q.end();
    expect(await first).toEqual({ value: 1, done: false });
    const rest: number[] = [];
    for await (const n of q) rest.push(n);
    expect(rest).toEqual([2]);
  });

  it('fails a consumer that falls more than the limit behind', async () => {
    const q = new AsyncQueue<number>(2);
    q.push(1);
    q.push(2);
    q.push(3);
    await expect(q.next()).rejects.toThrow(/overflow/);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('calls its return hook when the consumer leaves early', async () => {
    let returned = 0;
    const q = new AsyncQueue<number>(10, () => (returned += 1));
    q.push(1);
    q.push(2);
    for await (const n of q) if (n === 1) break;
    expect(returned).toBe(1);
  });
});
