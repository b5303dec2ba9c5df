/**
 * Waits until every promise continuation already released has run. The recipes are async code:
 * after each simulated event, the recipe world lets the continuations that event released finish
 * before it takes the next event. `setImmediate` fires after the microtask queue is empty and
 * schedules nothing of its own, so the order of everything stays a function of the seed. This is
 * the one place the simulator's library touches a timer (the purity test names this file).
 */
export function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
