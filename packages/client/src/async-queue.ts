/**
 * A bounded single-consumer queue exposed as an async iterator: the producer pushes, the
 * consumer awaits. Used for persistent watch events and connection states. A consumer that
 * falls `limit` items behind gets an error instead of unbounded memory growth.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private failure: unknown;

  constructor(
    private readonly limit: number,
    private readonly onReturn: () => void = () => {},
  ) {}

  /** Adds an item; past the limit the queue fails with an overflow error. */
  push(item: T): void {
    if (this.done) return;
    if (this.waiter !== undefined) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(new RangeError(`async queue overflow: the consumer is more than ${this.limit} items behind`));
      return;
    }
    this.items.push(item);
  }

  /** Ends the iteration after the items already queued. */
  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiter !== undefined && this.items.length === 0) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.items.length = 0;
    this.done = true;
    if (this.waiter !== undefined) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
