/**
 * Batches socket writes per event-loop turn: requests issued while handling one batch of replies
 * are written with a single `socket.write` per session when the turn's microtasks run, instead
 * of one syscall per request. This keeps the generator's cost per request low enough that the
 * servers, not the generator, set the pace.
 */
import { nowNs } from './clock';

/** Something holding queued output that must be written before the turn ends. */
export interface Flushable {
  /** Writes everything queued; `sentNs` is the send time to stamp on it. */
  flush(sentNs: number): void;
}

const dirty: Flushable[] = [];
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const sentNs = nowNs();
  for (let i = 0; i < dirty.length; i++) dirty[i]!.flush(sentNs);
  dirty.length = 0;
}

/** Queues `target` for this turn's flush. Call once per turn per target (when its queue fills from empty). */
export function scheduleFlush(target: Flushable): void {
  dirty.push(target);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(flushAll);
  }
}
