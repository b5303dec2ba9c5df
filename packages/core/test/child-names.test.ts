import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChildNames } from '../src/tree/child-names';

type Step = { kind: 'add' | 'delete'; name: string } | { kind: 'fork' } | { kind: 'compact' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom('add' as const, 'delete' as const), name: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }), weight: 8 },
  { arbitrary: fc.constant({ kind: 'fork' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'compact' as const }), weight: 1 },
);

describe('ChildNames', () => {
  it('behaves as a plain Set (contents, size and order) through forks and compactions, and a forked-from set never changes', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const model = new Set<string>();
      let live = new ChildNames();
      let frozen: { names: ChildNames; expected: string[] } | null = null;
      for (const s of steps) {
        if (s.kind === 'add') { live.add(s.name); model.add(s.name); }
        else if (s.kind === 'delete') { live.delete(s.name); model.delete(s.name); }
        else if (s.kind === 'fork' && frozen === null) { frozen = { names: live, expected: [...live] }; live = live.fork(); }
        else if (s.kind === 'compact' && frozen !== null) {
          expect([...frozen.names]).toEqual(frozen.expected);
          live.compact();
          frozen = null;
        }
        expect([...live]).toEqual([...model]);
        expect(live.size).toBe(model.size);
        for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) expect(live.has(name)).toBe(model.has(name));
        if (frozen) expect([...frozen.names]).toEqual(frozen.expected);
      }
    }), { numRuns: 500 });
  });
});
