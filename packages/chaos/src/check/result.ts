/**
 * What one checker concluded. `inconclusive` means the checker could not decide (too little
 * data, a member that could not be read, a checker that is not available): it is reported and
 * fails the run like an anomaly would, never counted as a pass.
 */
export type CheckStatus = 'ok' | 'anomaly' | 'inconclusive';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** How many items (operations, keys, members...) the checker judged. */
  readonly checked: number;
  /** One readable line per anomaly, or the reason for an inconclusive result. */
  readonly problems: readonly string[];
}

/** `anomaly` when there are problems, else `ok`, or `inconclusive` when nothing could be judged. */
export function verdict(name: string, checked: number, problems: readonly string[], emptyReason: string): CheckResult {
  if (problems.length > 0) return { name, status: 'anomaly', checked, problems };
  if (checked === 0) return { name, status: 'inconclusive', checked, problems: [emptyReason] };
  return { name, status: 'ok', checked, problems: [] };
}

/** A short readable name of an op for problem lines. */
export function describe(op: { id: number; worker: string; kind: string; path: string; value?: string }): string {
  return `#${op.id} ${op.worker} ${op.kind} ${op.path}${op.value === undefined ? '' : ` ${JSON.stringify(op.value)}`}`;
}

export function hex(zxid: number | undefined): string {
  return zxid === undefined ? '?' : `0x${zxid.toString(16)}`;
}
