/**
 * The simulated network: each direction of each connection is a FIFO pipe (TCP) whose messages
 * take a drawn latency but never overtake one another. Faults (loss, partitions, resets) come
 * later, drawing from their own forks.
 */
import type { Prng } from './prng';

/** Latency draws and FIFO order for every pipe of the simulated network. */
export class SimNetwork {
  private readonly lastArrival = new Map<string, number>();

  constructor(private readonly rng: Prng, private readonly latencyMs: readonly [number, number]) {}

  /** When a message sent on `pipe` at `nowMs` arrives. */
  arrival(pipe: string, nowMs: number): number {
    const at = Math.max(nowMs + this.rng.int(this.latencyMs[0], this.latencyMs[1]), this.lastArrival.get(pipe) ?? 0);
    this.lastArrival.set(pipe, at);
    return at;
  }
}
