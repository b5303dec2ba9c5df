/** A timer that does not keep the worker alive on its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}
