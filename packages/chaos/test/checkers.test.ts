import { describe, expect, it } from 'vitest';
import { checkConvergence } from '../src/check/convergence.js';
import { checkEphemerals } from '../src/check/ephemerals.js';
import { checkFinalState } from '../src/check/final-state.js';
import { checkLinearizableWrites } from '../src/check/linearizability.js';
import { checkReadValues } from '../src/check/read-values.js';
import { checkSessionOrder } from '../src/check/session-order.js';
import { checkWriteOrder } from '../src/check/write-order.js';
import type { NodeState, Op } from '../src/workload/history.js';

const K = '/chaos/keys/k0';
let nextId = 0;

/** An op on K by worker w (session s-w); `node` from version/czxid/mzxid/value when given. */
function op(fields: Partial<Op> & Pick<Op, 'kind' | 'invokeMs' | 'completeMs' | 'outcome'>, node?: Partial<NodeState>): Op {
  const base: Op = { id: nextId++, worker: 'w', client: 'paddock', session: 's-w', path: K, ...fields };
  if (node === undefined) return base;
  return { ...base, node: { version: 0, czxid: 0, mzxid: 0, ephemeralOwner: '0', ...node } };
}

/** A clean history: create, set, cas, a read, a cas refused, and a delete, each after the last. */
function cleanHistory(): Op[] {
  return [
    op({ kind: 'create', value: 'a', invokeMs: 0, completeMs: 5, outcome: 'ok', replyZxid: 10 }, { version: 0, czxid: 10, mzxid: 10, value: 'a' }),
    op({ kind: 'set', value: 'b', invokeMs: 6, completeMs: 9, outcome: 'ok', replyZxid: 11 }, { version: 1, czxid: 10, mzxid: 11, value: 'b' }),
    op({ kind: 'read', invokeMs: 10, completeMs: 12, outcome: 'ok', replyZxid: 11, worker: 'r', session: 's-r' }, { version: 1, czxid: 10, mzxid: 11, value: 'b' }),
    op({ kind: 'cas', value: 'c', expectedVersion: 1, invokeMs: 13, completeMs: 15, outcome: 'ok', replyZxid: 12 }, { version: 2, czxid: 10, mzxid: 12, value: 'c' }),
    op({ kind: 'cas', value: 'd', expectedVersion: 1, invokeMs: 16, completeMs: 18, outcome: 'fail', error: 'BadVersion', replyZxid: 13 }),
    op({ kind: 'set', value: 'e', invokeMs: 19, completeMs: 30, outcome: 'unknown', error: 'ConnectionLoss' }),
  ];
}

const finalOf = (node: Partial<NodeState>): Map<string, NodeState> =>
  new Map([[K, { version: 2, czxid: 10, mzxid: 12, ephemeralOwner: '0', value: 'c', ...node }]]);

describe('checkers on a clean history', () => {
  it('pass every checker', () => {
    const ops = cleanHistory();
    for (const result of [
      checkLinearizableWrites(ops),
      checkWriteOrder(ops),
      checkReadValues(ops),
      checkSessionOrder(ops),
      checkFinalState(ops, finalOf({})),
    ]) {
      expect(result, result.name).toMatchObject({ status: 'ok', problems: [] });
    }
  });

  it('accept the unknown set having taken effect', () => {
    expect(checkFinalState(cleanHistory(), finalOf({ version: 3, mzxid: 14, value: 'e' })).status).toBe('ok');
  });
});

describe('planted anomalies are reported', () => {
  it('a lost acknowledged write: the final state is older than an acknowledged set', () => {
    const result = checkFinalState(cleanHistory(), finalOf({ version: 1, mzxid: 11, value: 'b' }));
    expect(result.status).toBe('anomaly');
    expect(result.problems.join('\n')).toMatch(/lost write: .*cas .*"c" acknowledged at zxid 0xc/);
  });

  it('a lost write: the key is absent at the end and nothing could have deleted it', () => {
    const result = checkFinalState(cleanHistory(), new Map());
    expect(result.status).toBe('anomaly');
    expect(result.problems.join('\n')).toMatch(/absent at the end/);
  });

  it('a non-linearizable history: two cas from version 1, one after the other, both acknowledged', () => {
    const ops = cleanHistory().slice(0, 4);
    ops.push(op({ kind: 'cas', value: 'x', expectedVersion: 1, invokeMs: 40, completeMs: 42, outcome: 'ok', replyZxid: 20 }, { version: 2, czxid: 10, mzxid: 20, value: 'x' }));
    const result = checkLinearizableWrites(ops);
    expect(result.status).toBe('anomaly');
    expect(result.problems[0]).toMatch(/^\/chaos\/keys\/k0: .*none fits/);
    expect(checkWriteOrder(ops).problems.join('\n')).toMatch(/made version 2 .* then .* made version 2/);
    expect(checkReadValues(ops).problems.join('\n')).toMatch(/disagree on the value of \/chaos\/keys\/k0 at version 2/);
  });

  it('a write acknowledged before another was invoked, with the later zxid', () => {
    const ops = [
      op({ kind: 'create', value: 'a', invokeMs: 0, completeMs: 5, outcome: 'ok' }, { version: 0, czxid: 20, mzxid: 20, value: 'a' }),
      op({ kind: 'create', value: 'b', invokeMs: 6, completeMs: 9, outcome: 'ok', path: '/chaos/keys/k1' }, { version: 0, czxid: 19, mzxid: 19, value: 'b' }),
    ];
    const result = checkWriteOrder(ops);
    expect(result.status).toBe('anomaly');
    expect(result.problems[0]).toMatch(/acknowledged before .* was invoked, yet the later write has zxid 0x13/);
  });

  it('a read of a value nobody wrote, and two values for one version', () => {
    const ops = cleanHistory();
    ops.push(op({ kind: 'read', invokeMs: 50, completeMs: 51, outcome: 'ok', replyZxid: 12, worker: 'r', session: 's-r' }, { version: 2, czxid: 10, mzxid: 12, value: 'zz' }));
    const result = checkReadValues(ops);
    expect(result.status).toBe('anomaly');
    expect(result.problems.join('\n')).toMatch(/read "zz", which no client wrote/);
    expect(result.problems.join('\n')).toMatch(/disagree on the value/);
  });

  it('a session that goes back in time', () => {
    const ops = cleanHistory();
    ops.push(op({ kind: 'read', invokeMs: 60, completeMs: 61, outcome: 'ok', replyZxid: 10, worker: 'r', session: 's-r' }, { version: 0, czxid: 10, mzxid: 10, value: 'a' }));
    const result = checkSessionOrder(ops);
    expect(result.status).toBe('anomaly');
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/session s-r: .* replied at zxid 0xa after .* at 0xb/);
  });

  it('an ephemeral of a dead session that stays', () => {
    const left = new Map([[3, new Map([['/chaos/eph/p0-1a', { version: 0, czxid: 5, mzxid: 5, ephemeralOwner: '1a' }]])]]);
    const result = checkEphemerals(new Map([[1, new Map()], ...left]), 2);
    expect(result.status).toBe('anomaly');
    expect(result.problems[0]).toBe('member 3 still holds /chaos/eph/p0-1a of session 1a after every session ended');
  });

  it('members that do not converge', () => {
    const result = checkConvergence(new Map([[1, ['/a "x"', '/b "y"']], [2, ['/a "x"', '/b "z"']]]));
    expect(result.status).toBe('anomaly');
    expect(result.problems[0]).toBe('member 2 differs from member 1: line 2: /b "y" vs /b "z"');
  });
});

describe('what cannot be judged is inconclusive, never a pass', () => {
  it('no writes, no final state, an unreadable member', () => {
    expect(checkLinearizableWrites([]).status).toBe('inconclusive');
    expect(checkWriteOrder([]).status).toBe('inconclusive');
    expect(checkFinalState(cleanHistory(), undefined).status).toBe('inconclusive');
    expect(checkConvergence(new Map([[1, ['/a']], [2, undefined]])).status).toBe('inconclusive');
    expect(checkEphemerals(new Map([[1, new Map()], [2, undefined]]), 3).status).toBe('inconclusive');
  });

  it('a search that runs out of budget', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 12; i += 1) ops.push(op({ kind: 'set', value: `u${i}`, invokeMs: i, completeMs: 100, outcome: 'unknown', error: 'ConnectionLoss' }));
    ops.push(op({ kind: 'create', value: 'a', invokeMs: 0, completeMs: 200, outcome: 'ok' }, { version: 0, czxid: 10, mzxid: 10, value: 'a' }));
    ops.push(op({ kind: 'cas', value: 'z', expectedVersion: 99, invokeMs: 201, completeMs: 202, outcome: 'ok' }, { version: 100, czxid: 10, mzxid: 30, value: 'z' }));
    expect(checkLinearizableWrites(ops, 50).status).toBe('inconclusive');
  });
});
