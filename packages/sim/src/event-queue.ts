/**
 * The simulation's single agenda: events ordered by (virtual time, sequence number). The
 * sequence number breaks ties in scheduling order, so equal times never depend on heap layout.
 */

interface Entry<E> {
  readonly timeMs: number;
  readonly seq: number;
  readonly event: E;
}

/** A binary min-heap of events keyed by (timeMs, seq). */
export class EventQueue<E> {
  private readonly heap: Entry<E>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `event` at `timeMs`; later pushes at the same time come out later. */
  push(timeMs: number, event: E): void {
    if (!Number.isFinite(timeMs)) throw new RangeError(`event time must be finite, got ${timeMs}`);
    const heap = this.heap;
    heap.push({ timeMs, seq: this.nextSeq++, event });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The time of the earliest event; undefined when empty. */
  peekTime(): number | undefined {
    return this.heap[0]?.timeMs;
  }

  /** The earliest event, removed; undefined when empty. */
  pop(): { timeMs: number; event: E } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return { timeMs: top.timeMs, event: top.event };
  }
}

function before<E>(a: Entry<E>, b: Entry<E>): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}
