/**
 * The generator's clock. `process.hrtime.bigint()` is CLOCK_MONOTONIC; subtracting a fixed origin
 * keeps the value small enough to carry as a double (exact up to 2^53 ns, 104 days), so latency
 * arithmetic on the hot path allocates no BigInt beyond the one read.
 */
const ORIGIN = process.hrtime.bigint();

/** Nanoseconds since this module was loaded. */
export function nowNs(): number {
  return Number(process.hrtime.bigint() - ORIGIN);
}

/** Milliseconds as nanoseconds. */
export function msToNs(ms: number): number {
  return ms * 1e6;
}
