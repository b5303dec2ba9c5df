import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { javaUtf8Length, OpCode } from '@paddock/protocol';
import { SET_WATCHES_MAX_BYTES, setWatchesBatches, WATCH_KINDS, WatchRegistry, type WatchKind } from '../../src/session/index';

function listsOf(batch: ReturnType<typeof setWatchesBatches>[number]): Record<WatchKind, readonly string[]> {
  return {
    data: batch.dataWatches,
    exist: batch.existWatches,
    child: batch.childWatches,
    persistent: batch.op === OpCode.setWatches2 ? batch.persistentWatches : [],
    persistentRecursive: batch.op === OpCode.setWatches2 ? batch.persistentRecursiveWatches : [],
  };
}

describe('setWatchesBatches', () => {
  it('sends nothing when no watch is held', () => {
    expect(setWatchesBatches(new WatchRegistry(), 5n)).toEqual([]);
  });

  it('uses SetWatches without persistent watches and SetWatches2 with them, as the Java client', () => {
    const registry = new WatchRegistry();
    registry.add('data', '/a', 1);
    registry.add('exist', '/b', 2);
    registry.add('child', '/c', 3);
    expect(setWatchesBatches(registry, 9n)).toEqual([
      { op: OpCode.setWatches, relativeZxid: 9n, dataWatches: ['/a'], existWatches: ['/b'], childWatches: ['/c'] },
    ]);
    registry.add('persistentRecursive', '/r', 4);
    expect(setWatchesBatches(registry, 9n)).toEqual([
      {
        op: OpCode.setWatches2, relativeZxid: 9n, dataWatches: ['/a'], existWatches: ['/b'], childWatches: ['/c'],
        persistentWatches: [], persistentRecursiveWatches: ['/r'],
      },
    ]);
  });

  it('splits at 128 KiB of path bytes, keeping every path exactly once and in order', () => {
    const registry = new WatchRegistry();
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 300; i++) registry.add(i % 2 === 0 ? 'data' : 'persistent', `/${long}/${i}`, i);
    const batches = setWatchesBatches(registry, 1n);
    expect(batches.length).toBe(3);
    for (const b of batches) {
      const bytes = WATCH_KINDS.flatMap((k) => listsOf(b)[k]).reduce((n, p) => n + javaUtf8Length(p), 0);
      expect(bytes).toBeLessThanOrEqual(SET_WATCHES_MAX_BYTES);
    }
    const sent = batches.flatMap((b) => WATCH_KINDS.flatMap((k) => listsOf(b)[k].map((p) => `${k}:${p}`)));
    const expected = WATCH_KINDS.flatMap((k) => registry.paths(k).map((p) => `${k}:${p}`));
    expect(sent).toEqual(expected);
  });

  it('property: batches partition the watch set and respect the byte limit', () => {
    const path = fc.stringMatching(/^\/[a-zé€]{1,40}$/);
    const entry = fc.tuple(fc.constantFrom(...WATCH_KINDS), path);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.integer({ min: 8, max: 200 }), (entries, limit) => {
        const registry = new WatchRegistry();
        entries.forEach(([kind, p], i) => registry.add(kind, p, i));
        const batches = setWatchesBatches(registry, 3n, limit);
        const sent = batches.flatMap((b) => WATCH_KINDS.flatMap((k) => listsOf(b)[k].map((p) => `${k}:${p}`)));
        expect(sent).toEqual(WATCH_KINDS.flatMap((k) => registry.paths(k).map((p) => `${k}:${p}`)));
        for (const b of batches) {
          const paths = WATCH_KINDS.flatMap((k) => listsOf(b)[k]);
          const bytes = paths.reduce((n, p) => n + javaUtf8Length(p), 0);
          expect(paths.length === 1 || bytes <= limit).toBe(true);
          const hasPersistent = listsOf(b).persistent.length + listsOf(b).persistentRecursive.length > 0;
          expect(b.op).toBe(hasPersistent ? OpCode.setWatches2 : OpCode.setWatches);
        }
      }),
    );
  });
});
