/**
 * zxid arithmetic. A zxid is `(epoch << 32) | counter` (ZooKeeper's ZxidUtils); we hold it in a
 * JS number, which is exact up to 2^53, so epochs up to 2^21 are representable — far beyond any
 * ensemble's lifetime of elections.
 */
import { invariant } from '../util/assert';

const COUNTER_SPAN = 0x1_0000_0000;

/** The largest counter ZooKeeper lets a leader reach before it must start a new epoch. */
export const MAX_ZXID_COUNTER = 0xffff_ffff;

export function makeZxid(epoch: number, counter: number): number {
  invariant(Number.isSafeInteger(epoch) && epoch >= 0 && epoch < 2 ** 21, () => `epoch ${epoch} out of range`);
  invariant(counter >= 0 && counter <= MAX_ZXID_COUNTER, () => `zxid counter ${counter} out of range`);
  return epoch * COUNTER_SPAN + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / COUNTER_SPAN);
}

export function counterOf(zxid: number): number {
  return zxid % COUNTER_SPAN;
}

/** `0x<epoch><counter>` as ZooKeeper prints zxids in its logs. */
export function formatZxid(zxid: number): string {
  return `0x${epochOf(zxid).toString(16)}${counterOf(zxid).toString(16).padStart(8, '0')}`;
}
