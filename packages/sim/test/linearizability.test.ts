import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkLinearizability, znodeModel, znodeModelFrom, type HistoryOp, type ZnodeInput, type ZnodeOutput, type ZnodeState,
} from '../src/check/linearizability';

type Op = HistoryOp<ZnodeInput, ZnodeOutput>;

const op = (input: ZnodeInput, invokeMs: number, completeMs: number | null, output: ZnodeOutput | null, key = '/a'): Op => ({ key, input, invokeMs, completeMs, output });
const create = (value: string): ZnodeInput => ({ op: 'create', value });
const set = (value: string, expectedVersion = -1): ZnodeInput => ({ op: 'set', value, expectedVersion });
const del = (expectedVersion = -1): ZnodeInput => ({ op: 'delete', expectedVersion });
const read: ZnodeInput = { op: 'read' };
const ok = (version?: number): ZnodeOutput => (version === undefined ? { result: 'ok' } : { result: 'ok', version });
const value = (v: string, version: number): ZnodeOutput => ({ result: 'value', value: v, version });

describe('linearizability search (znode register)', () => {
  it('accepts a sequential history', () => {
    const h = [op(create('x'), 0, 1, ok()), op(set('y', 0), 2, 3, ok(1)), op(read, 4, 5, value('y', 1)), op(del(1), 6, 7, ok()), op(read, 8, 9, { result: 'noNode' })];
    expect(checkLinearizability(h, znodeModel)).toBe('ok');
  });

  it('accepts concurrent creates where exactly one wins, in either real-time order of completion', () => {
    const h = [op(create('x'), 0, 10, { result: 'nodeExists' }), op(create('y'), 1, 5, ok()), op(read, 11, 12, value('y', 0))];
    expect(checkLinearizability(h, znodeModel)).toBe('ok');
  });

  it('rejects two successful creates of the same node', () => {
    const h = [op(create('x'), 0, 10, ok()), op(create('y'), 1, 5, ok())];
    const r = checkLinearizability(h, znodeModel);
    expect(r).toMatchObject({ kind: 'violation', key: '/a' });
    if (r !== 'ok' && r.kind === 'violation') expect(r.witness).toContain('nodeExists');
  });

  it('rejects a stale read after a completed write (real time respected)', () => {
    const h = [op(create('x'), 0, 1, ok()), op(set('y'), 2, 3, ok(1)), op(read, 4, 5, value('x', 0))];
    expect(checkLinearizability(h, znodeModel)).toMatchObject({ kind: 'violation', key: '/a' });
  });

  it('accepts the same read when it overlaps the write', () => {
    const h = [op(create('x'), 0, 1, ok()), op(set('y'), 2, 6, ok(1)), op(read, 4, 5, value('x', 0))];
    expect(checkLinearizability(h, znodeModel)).toBe('ok');
  });

  it('rejects a conditional set that succeeds against a version that no longer exists', () => {
    const h = [op(create('x'), 0, 1, ok()), op(set('y', 0), 2, 3, ok(1)), op(set('z', 0), 4, 5, ok(1))];
    expect(checkLinearizability(h, znodeModel)).toMatchObject({ kind: 'violation' });
  });

  it('lets an unknown outcome explain a later state, or be left out', () => {
    const took = [op(create('x'), 0, 1, ok()), op(set('y'), 2, null, null), op(read, 10, 11, value('y', 1))];
    const lost = [op(create('x'), 0, 1, ok()), op(set('y'), 2, null, null), op(read, 10, 11, value('x', 0))];
    expect(checkLinearizability(took, znodeModel)).toBe('ok');
    expect(checkLinearizability(lost, znodeModel)).toBe('ok');
  });

  it('never places an unknown outcome before its invocation', () => {
    const h = [op(create('x'), 0, 1, ok()), op(read, 2, 3, value('y', 1)), op(set('y'), 4, null, null)];
    expect(checkLinearizability(h, znodeModel)).toMatchObject({ kind: 'violation' });
  });

  it('does not compare a set version the recorder left out', () => {
    expect(checkLinearizability([op(create('x'), 0, 1, ok()), op(set('y'), 2, 3, ok())], znodeModel)).toBe('ok');
  });

  it('checks keys apart and names the broken one', () => {
    const h = [op(create('x'), 0, 1, ok(), '/a'), op(create('x'), 0, 1, ok(), '/b'), op(create('y'), 2, 3, ok(), '/b')];
    expect(checkLinearizability(h, znodeModel)).toMatchObject({ kind: 'violation', key: '/b' });
  });

  it('starts each key from the state the model is given', () => {
    const initial = (): ZnodeState => ({ value: 'old', version: 4 });
    expect(checkLinearizability([op(set('y', 4), 0, 1, ok(5))], znodeModelFrom(initial))).toBe('ok');
    expect(checkLinearizability([op(set('y', 4), 0, 1, ok(5))], znodeModel)).toMatchObject({ kind: 'violation' });
  });

  it('reports inconclusive, not ok, when the state budget runs out', () => {
    // Many concurrent unknown sets and a read no order explains: proving that takes more than 50 states.
    const h = [op(create('x'), 0, 1, ok()), ...Array.from({ length: 12 }, (_, i) => op(set(`v${i}`), 2, null, null)), op(read, 100, 101, value('never', 12))];
    const r = checkLinearizability(h, znodeModel, { maxStates: 50 });
    expect(r).toMatchObject({ kind: 'inconclusive', key: '/a' });
  });

  it('refuses a malformed history with a clear error', () => {
    expect(() => checkLinearizability([op(read, 5, 4, { result: 'noNode' })], znodeModel)).toThrow(/completes before it is invoked/);
  });
});

/**
 * Random histories made linearizable by construction: a sequential run of random operations,
 * each given a linearization point in time, then an invocation before and a completion after it
 * (and sometimes an unknown outcome). A corrupted result must then be caught.
 */
const inputArb: fc.Arbitrary<ZnodeInput> = fc.oneof(
  fc.constantFrom('a', 'b', 'c').map(create),
  fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -1, max: 3 })).map(([v, e]) => set(v, e)),
  fc.integer({ min: -1, max: 3 }).map(del),
  fc.constant(read),
);

const historyArb = fc.array(
  fc.record({ input: inputArb, before: fc.integer({ min: 0, max: 30 }), after: fc.integer({ min: 0, max: 30 }), unknown: fc.double({ min: 0, max: 1, noNaN: true }) }),
  { minLength: 1, maxLength: 14 },
).map((steps) => {
  let state: ZnodeState = null;
  return steps.map((s, i): Op => {
    const { state: next, output } = znodeModel.apply(state, s.input);
    state = next;
    const point = i * 10;
    const unknown = s.unknown < 0.1;
    return op(s.input, point - s.before, unknown ? null : point + s.after, unknown ? null : output);
  });
});

/** A result the model gives no operation like `input` from any state: only reads see values, never 'zz'. */
function corrupt(input: ZnodeInput, o: ZnodeOutput): ZnodeOutput {
  if (input.op !== 'read') return value('zz', 0);
  return o.result === 'value' ? value(o.value, o.version + 100) : value('zz', 0);
}

describe('linearizability search (properties)', () => {
  it('accepts every history generated from a sequential run', () => {
    fc.assert(fc.property(historyArb, (h) => checkLinearizability(h, znodeModel) === 'ok'), { numRuns: 300 });
  });

  it('catches one result corrupted into an impossible one', () => {
    const arb = historyArb.chain((h) => {
      const known = h.map((o, i) => (o.output ? i : -1)).filter((i) => i >= 0);
      return known.length === 0 ? fc.constant(null) : fc.constantFrom(...known).map((i) => ({ h, i }));
    });
    fc.assert(
      fc.property(arb, (c) => {
        if (!c) return true;
        const h = c.h.map((o, i) => (i === c.i ? { ...o, output: corrupt(o.input, o.output!) } : o));
        const r = checkLinearizability(h, znodeModel);
        return r !== 'ok' && r.kind === 'violation';
      }),
      { numRuns: 300 },
    );
  });
});
