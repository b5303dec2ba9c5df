/**
 * The history a chaos run records: one entry per operation a workload client issued, with the
 * wall-clock times (milliseconds since the epoch, floored, from the same system clock in Node
 * and Python) at which it was invoked and completed, so that "A completed before B was invoked"
 * is `a.completeMs < b.invokeMs`.
 *
 * Each key is a register with a version: create, set (unconditional), cas (set with an expected
 * version) and delete (with or without one) write it, read observes it. `ephemeral` creates the
 * session's ephemeral node, checked apart from the registers.
 */
export type OpKind = 'read' | 'create' | 'set' | 'cas' | 'delete' | 'ephemeral';

/**
 * `ok`: the server answered success. `fail`: it answered an error that means the operation did
 * not happen (NoNode, NodeExists, BadVersion, NotEmpty). `unknown`: no answer that says either
 * (ConnectionLoss, a timeout, SessionExpired, ...): the operation may take effect at any time
 * after its invocation.
 */
export type Outcome = 'ok' | 'fail' | 'unknown';

/** The node as a reply described it. */
export interface NodeState {
  readonly version: number;
  readonly czxid: number;
  readonly mzxid: number;
  readonly ephemeralOwner: string;
  /** The data as UTF-8, for reads (and known for writes from their request). */
  readonly value?: string;
}

export interface Op {
  /** Unique in the run; assigned when the history is merged. */
  readonly id: number;
  readonly worker: string;
  readonly client: 'paddock' | 'kazoo';
  /** The session id (hex) the operation was issued on. */
  readonly session: string;
  readonly kind: OpKind;
  readonly path: string;
  /** The value written (create, set, cas, ephemeral); unique in the run. */
  readonly value?: string;
  /** The version a cas or versioned delete expects; -1 or absent: any. */
  readonly expectedVersion?: number;
  readonly invokeMs: number;
  readonly completeMs: number;
  readonly outcome: Outcome;
  /** The error's code name when not ok. */
  readonly error?: string;
  /** The node after the write, or as read; absent for deletes, failures and reads of a missing node. */
  readonly node?: NodeState;
  /** For a read answered NoNode: the node did not exist. */
  readonly absent?: boolean;
  /** The reply header's zxid (the write's own zxid for a write), when a reply came. */
  readonly replyZxid?: number;
}

/** An op before the history assigns it an id, as workers report it. */
export type OpReport = Omit<Op, 'id'>;

/** Codes that say a write did not happen. Anything else without success is an unknown outcome. */
export const DEFINITE_FAILURES: ReadonlySet<string> = new Set(['NoNode', 'NodeExists', 'BadVersion', 'NotEmpty']);

export function isWrite(op: Op): boolean {
  return op.kind === 'create' || op.kind === 'set' || op.kind === 'cas' || op.kind === 'delete';
}

/** The zxid at which an acknowledged write took effect: its stat's mzxid, or a delete's reply zxid. */
export function writeZxid(op: Op): number | undefined {
  if (op.outcome !== 'ok' || !isWrite(op)) return undefined;
  return op.kind === 'delete' ? op.replyZxid : op.node?.mzxid;
}

/** Collects worker reports into one history, ids in invocation order. */
export class History {
  private readonly reports: OpReport[] = [];

  add(report: OpReport): void {
    this.reports.push(report);
  }

  get size(): number {
    return this.reports.length;
  }

  ops(): Op[] {
    return [...this.reports].sort((a, b) => a.invokeMs - b.invokeMs).map((r, id) => ({ ...r, id }));
  }
}
