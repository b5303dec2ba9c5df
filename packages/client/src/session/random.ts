/**
 * Randomness enters the session machine only through an injected function, so that a
 * simulator can drive it from a seed and replay a run exactly.
 */

/** Returns an integer in `[0, exclusiveBound)`; `exclusiveBound` is at least 1. */
export type RandomInt = (exclusiveBound: number) => number;

/**
 * A small seeded PRNG (mulberry32) for deterministic runs. Not for secrets: it only shuffles
 * hosts and spreads reconnect attempts.
 */
export function seededRandom(seed: number): RandomInt {
  let state = seed >>> 0;
  return (exclusiveBound: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * exclusiveBound);
  };
}

/** A Fisher-Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], random: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
