/**
 * A linearizability checker for small histories, after Wing & Gong's search with Lowe's
 * memoization (the algorithm Porcupine and Knossos use): it looks for one order of the
 * operations that respects real time (an operation that completed before another was invoked
 * comes first) and in which every operation's result is what a sequential model gives. The
 * history is split per key first (linearizability is compositional), so each search is small.
 *
 * An operation whose outcome is unknown (the connection was lost, or it timed out) may have
 * taken effect at any point after its invocation, or never: the search may place it anywhere
 * after its invocation with whatever result the model gives, or leave it out.
 *
 * The search is exponential in the worst case. It gives up after a budget of explored states
 * and says so ({@link LinearizabilityResult} `inconclusive`): a history that was not searched
 * to the end is never reported as linearizable.
 *
 * ```ts
 * const history: HistoryOp<ZnodeInput, ZnodeOutput>[] = [
 *   { key: '/a', input: { op: 'create', value: 'x' }, invokeMs: 0, completeMs: 5, output: { result: 'ok' } },
 *   { key: '/a', input: { op: 'set', value: 'y', expectedVersion: 0 }, invokeMs: 1, completeMs: null, output: null },
 * ];
 * const result = checkLinearizability(history, znodeModel);
 * if (result !== 'ok') console.log(result.kind, result.key, result.kind === 'violation' ? result.witness : result.reason);
 * ```
 */

/** One operation of a recorded history, on one key. */
export interface HistoryOp<I, O> {
  /** The object it acts on; operations on different keys never constrain each other. */
  readonly key: string;
  readonly input: I;
  /** When it was invoked, on a clock common to the whole history. */
  readonly invokeMs: number;
  /**
   * When its outcome became known, on the same clock; null when it is unknown (connection loss,
   * timeout): it may or may not have taken effect, at any time after {@link invokeMs}.
   */
  readonly completeMs: number | null;
  /** Its result; ignored when {@link completeMs} is null. */
  readonly output: O | null;
  /** Who ran it (a client, a session), for witnesses only. */
  readonly label?: string;
}

/** A deterministic sequential specification of one key, generic over state, input and output. */
export interface SequentialModel<S, I, O> {
  /** The state of `key` before the history starts. */
  initial(key: string): S;
  /** Runs `input` on `state`: the next state and the result the operation must have. */
  apply(state: S, input: I): { readonly state: S; readonly output: O };
  /** Whether a recorded result `actual` is the one the model gives, `expected`. */
  matches(expected: O, actual: O): boolean;
  /** A string equal for equal states (memoization). */
  stateKey(state: S): string;
  /** A short description of an operation and its result, for witnesses. */
  describe(input: I, output: O | null): string;
}

/**
 * The outcome of a check: `'ok'` when every key's history is linearizable; a `violation` with
 * the first key (in key order) that is not, and a witness (the longest order found that
 * respects real time and the model, and the operations none of which could come next); or
 * `inconclusive` when no violation was found but some key's search ran out of budget.
 */
export type LinearizabilityResult =
  | 'ok'
  | { readonly kind: 'violation'; readonly key: string; readonly witness: string }
  | { readonly kind: 'inconclusive'; readonly key: string; readonly reason: string };

/** Search limits. */
export interface LinearizabilityOptions {
  /** Distinct (linearized set, state) pairs explored per key before giving up. Default 100 000. */
  readonly maxStates?: number;
}

const DEFAULT_MAX_STATES = 100_000;
/** How many operations of the longest order a witness shows (its tail). */
const WITNESS_TAIL = 8;

/**
 * Checks a whole history, key by key (see the module comment); keys are searched in sorted
 * order and the first violation wins over any inconclusive key.
 */
export function checkLinearizability<S, I, O>(
  history: readonly HistoryOp<I, O>[],
  model: SequentialModel<S, I, O>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const byKey = new Map<string, HistoryOp<I, O>[]>();
  for (const op of history) {
    let ops = byKey.get(op.key);
    if (!ops) byKey.set(op.key, (ops = []));
    ops.push(op);
  }
  let inconclusive: LinearizabilityResult = 'ok';
  for (const key of [...byKey.keys()].sort()) {
    const result = checkKey(key, byKey.get(key)!, model, options);
    if (result === 'ok') continue;
    if (result.kind === 'violation') return result;
    if (inconclusive === 'ok') inconclusive = result;
  }
  return inconclusive;
}

/** Checks the history of one key (every op's `key` is taken to be `key`). */
export function checkKey<S, I, O>(
  key: string,
  history: readonly HistoryOp<I, O>[],
  model: SequentialModel<S, I, O>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  for (const op of history) {
    if (op.completeMs !== null && op.completeMs < op.invokeMs) throw new Error(`operation ${model.describe(op.input, op.output)} on ${key} completes before it is invoked`);
    if (op.completeMs !== null && op.output === null) throw new Error(`operation ${model.describe(op.input, null)} on ${key} completed without a result`);
  }
  const ops = [...history].sort((a, b) => a.invokeMs - b.invokeMs);
  return new KeySearch(key, ops, model, options.maxStates ?? DEFAULT_MAX_STATES).run();
}

/** One node of the depth-first search: what is linearized, in which order, and the state. */
interface Frame<S> {
  readonly done: Uint8Array;
  readonly order: readonly number[];
  readonly state: S;
}

class KeySearch<S, I, O> {
  private readonly required: number;
  private readonly seen = new Set<string>();
  private deepest: { frame: Frame<S>; stuck: number[] } | null = null;

  constructor(
    private readonly key: string,
    private readonly ops: readonly HistoryOp<I, O>[],
    private readonly model: SequentialModel<S, I, O>,
    private readonly maxStates: number,
  ) {
    this.required = ops.filter((o) => o.completeMs !== null).length;
  }

  run(): LinearizabilityResult {
    const stack: Frame<S>[] = [{ done: new Uint8Array(this.ops.length), order: [], state: this.model.initial(this.key) }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const memo = `${frame.done.join('')}|${this.model.stateKey(frame.state)}`;
      if (this.seen.has(memo)) continue;
      if (this.seen.size >= this.maxStates) {
        return { kind: 'inconclusive', key: this.key, reason: `state budget of ${this.maxStates} exceeded on ${this.ops.length} operations (${this.required} with known outcome)` };
      }
      this.seen.add(memo);
      if (this.completedCount(frame) === this.required) return 'ok';
      const next: Frame<S>[] = [];
      const stuck: number[] = [];
      for (const i of this.candidates(frame.done)) {
        const op = this.ops[i]!;
        const { state, output } = this.model.apply(frame.state, op.input);
        if (op.completeMs !== null && !this.model.matches(output, op.output!)) {
          stuck.push(i);
          continue;
        }
        const done = frame.done.slice();
        done[i] = 1;
        next.push({ done, order: [...frame.order, i], state });
      }
      if (!this.deepest || this.completedCount(frame) > this.completedCount(this.deepest.frame)) this.deepest = { frame, stuck };
      // Known outcomes first (popped first), so a linearizable history rarely waits on unknown ones.
      next.sort((a, b) => this.knownLast(b) - this.knownLast(a));
      stack.push(...next);
    }
    return { kind: 'violation', key: this.key, witness: this.witness() };
  }

  /** 1 when the frame's last op had an unknown outcome (pushed first, so explored last). */
  private knownLast(f: Frame<S>): number {
    return this.ops[f.order[f.order.length - 1]!]!.completeMs === null ? 0 : 1;
  }

  private completedCount(f: Frame<S>): number {
    let n = 0;
    for (const i of f.order) if (this.ops[i]!.completeMs !== null) n++;
    return n;
  }

  /**
   * Operations that may come next: not yet placed, and invoked no later than every remaining
   * known-outcome operation completed (else that one precedes it in real time).
   */
  private candidates(done: Uint8Array): number[] {
    let minComplete = Infinity;
    for (let i = 0; i < this.ops.length; i++) {
      const c = this.ops[i]!.completeMs;
      if (!done[i] && c !== null && c < minComplete) minComplete = c;
    }
    const out: number[] = [];
    for (let i = 0; i < this.ops.length; i++) if (!done[i] && this.ops[i]!.invokeMs <= minComplete) out.push(i);
    return out;
  }

  private witness(): string {
    const { frame, stuck } = this.deepest!;
    const show = (i: number): string => {
      const op = this.ops[i]!;
      const when = `[${op.invokeMs}..${op.completeMs ?? '?'}]`;
      return `#${i}${op.label ? ` ${op.label}` : ''} ${when} ${this.model.describe(op.input, op.completeMs === null ? null : op.output)}`;
    };
    const order = frame.order;
    const shown = order.slice(-WITNESS_TAIL).map(show);
    const prefix = order.length > WITNESS_TAIL ? `..., ` : '';
    const blocked = stuck.map((i) => {
      const { output } = this.model.apply(frame.state, this.ops[i]!.input);
      return `${show(i)} (the model gives ${this.model.describe(this.ops[i]!.input, output)})`;
    });
    const missing = this.ops.map((_, i) => i).filter((i) => !frame.done[i] && this.ops[i]!.completeMs !== null && !stuck.includes(i));
    const later = missing.length > 0 ? `; not yet possible: ${missing.slice(0, 4).map(show).join('; ')}${missing.length > 4 ? '; ...' : ''}` : '';
    return `${this.completedCount(frame)} of ${this.required} completed ops linearize as [${prefix}${shown.join('; ')}], `
      + `then none fits: ${blocked.length > 0 ? blocked.join('; ') : 'no operation can come next'}${later}`;
  }
}

// ---- the znode register -----------------------------------------------------------------------

/**
 * An operation on one znode, as a register with a version: `create` (a plain persistent node),
 * `set` (setData; `expectedVersion` -1 for any), `delete` (`expectedVersion` -1 for any), and
 * `read` (getData, meaningful for linearizability only after a `sync` on the same session).
 */
export type ZnodeInput =
  | { readonly op: 'create'; readonly value: string }
  | { readonly op: 'set'; readonly value: string; readonly expectedVersion: number }
  | { readonly op: 'delete'; readonly expectedVersion: number }
  | { readonly op: 'read' };

/**
 * A znode operation's result: `ok` (a `set` gives the node's new version; when the recorder
 * leaves `version` out it is not compared), `nodeExists` (create), `noNode` (set, delete, read),
 * `badVersion` (set, delete), or `value` (read: the data and version it saw).
 */
export type ZnodeOutput =
  | { readonly result: 'ok'; readonly version?: number }
  | { readonly result: 'nodeExists' | 'noNode' | 'badVersion' }
  | { readonly result: 'value'; readonly value: string; readonly version: number };

/** A znode: absent, or present with its data and version (0 after create, +1 per set). */
export type ZnodeState = { readonly value: string; readonly version: number } | null;

/** ZooKeeper's semantics for one znode, every key starting absent. */
export const znodeModel: SequentialModel<ZnodeState, ZnodeInput, ZnodeOutput> = znodeModelFrom(() => null);

/** {@link znodeModel} with each key's initial state given by `initial`. */
export function znodeModelFrom(initial: (key: string) => ZnodeState): SequentialModel<ZnodeState, ZnodeInput, ZnodeOutput> {
  return {
    initial,
    apply(state, input) {
      const same = (output: ZnodeOutput) => ({ state, output });
      switch (input.op) {
        case 'create':
          return state ? same({ result: 'nodeExists' }) : { state: { value: input.value, version: 0 }, output: { result: 'ok' } };
        case 'set': {
          if (!state) return same({ result: 'noNode' });
          if (input.expectedVersion !== -1 && input.expectedVersion !== state.version) return same({ result: 'badVersion' });
          const version = state.version + 1;
          return { state: { value: input.value, version }, output: { result: 'ok', version } };
        }
        case 'delete':
          if (!state) return same({ result: 'noNode' });
          if (input.expectedVersion !== -1 && input.expectedVersion !== state.version) return same({ result: 'badVersion' });
          return { state: null, output: { result: 'ok' } };
        case 'read':
          return same(state ? { result: 'value', value: state.value, version: state.version } : { result: 'noNode' });
      }
    },
    matches(expected, actual) {
      if (expected.result !== actual.result) return false;
      if (expected.result === 'value' && actual.result === 'value') return expected.value === actual.value && expected.version === actual.version;
      if (expected.result === 'ok' && actual.result === 'ok') return actual.version === undefined || expected.version === actual.version;
      return true;
    },
    stateKey: (state) => (state ? `${state.version}:${state.value}` : '-'),
    describe(input, output) {
      const args = input.op === 'create' ? `(${input.value})` : input.op === 'set' ? `(${input.value}, v${input.expectedVersion})` : input.op === 'delete' ? `(v${input.expectedVersion})` : '()';
      return `${input.op}${args} -> ${output ? describeZnodeOutput(output) : 'unknown'}`;
    },
  };
}

function describeZnodeOutput(o: ZnodeOutput): string {
  if (o.result === 'value') return `value(${o.value}, v${o.version})`;
  if (o.result === 'ok' && o.version !== undefined) return `ok(v${o.version})`;
  return o.result;
}
