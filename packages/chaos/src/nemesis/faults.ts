import type { Prng } from '../prng.js';

/** The faults the nemesis injects, one at a time, each on a minority of the members. */
export type FaultKind = 'kill-leader' | 'kill' | 'pause' | 'isolate' | 'split' | 'one-way' | 'wipe';

export const FAULT_KINDS: readonly FaultKind[] = ['kill-leader', 'kill', 'pause', 'isolate', 'split', 'one-way', 'wipe'];

/**
 * One planned fault. Members are named by index into the cluster's member list, except for the
 * leader (resolved when the fault starts): `leaderTarget` says the first target is the leader.
 */
export interface PlannedFault {
  readonly kind: FaultKind;
  /** Member ids hit (killed, paused, cut off, held); for `split`, the minority side. */
  readonly targets: readonly number[];
  /** Whether targets[0] is replaced by whoever leads when the fault starts. */
  readonly leaderTarget: boolean;
  readonly durationMs: number;
  /** Quiet time after healing and settling, before the next fault. */
  readonly gapMs: number;
}

export interface ScheduleOptions {
  readonly memberIds: readonly number[];
  readonly minFaultMs: number;
  readonly maxFaultMs: number;
}

/**
 * The next fault of a seeded schedule. The model: at most a minority of the members is faulty
 * at a time (so a majority always can serve), every fault is healed before the next, and a
 * wipe hits one member only, which resyncs from the others before anything else happens.
 */
export function planFault(prng: Prng, options: ScheduleOptions): PlannedFault {
  const ids = options.memberIds;
  const minority = Math.max(1, Math.floor((ids.length - 1) / 2));
  const kind = prng.pick(FAULT_KINDS);
  const durationMs = prng.between(options.minFaultMs, options.maxFaultMs);
  const gapMs = prng.between(500, 2000);
  const one = (): number[] => [prng.pick(ids)];
  const some = (): number[] => shuffle(prng, ids).slice(0, prng.between(1, minority));
  switch (kind) {
    case 'kill-leader':
      return { kind, targets: one(), leaderTarget: true, durationMs, gapMs };
    case 'kill':
      return { kind, targets: some(), leaderTarget: false, durationMs, gapMs };
    case 'pause':
    case 'isolate':
    case 'one-way':
      return { kind, targets: one(), leaderTarget: prng.next() < 0.5, durationMs, gapMs };
    case 'split':
      return { kind, targets: shuffle(prng, ids).slice(0, minority), leaderTarget: prng.next() < 0.5, durationMs, gapMs };
    case 'wipe':
      return { kind, targets: one(), leaderTarget: false, durationMs, gapMs };
  }
}

function shuffle<T>(prng: Prng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = prng.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
