import { describe, expect, it } from 'vitest';
import { JuteWriter, writeACLVector } from '@paddock/protocol';
import { decodeSnapshot } from '../src/snapshot/snapshot-codec';

/** A hand-written snapshot (format 1) of the given paths, each a plain node with no data. */
function snapshotOf(paths: readonly string[]): Uint8Array {
  const w = new JuteWriter();
  w.int(1).long(7n).int(0);
  w.int(1).int(1);
  writeACLVector(w, [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }]);
  w.int(paths.length);
  for (const path of paths) {
    w.ustring(path).buffer(null).int(1);
    w.long(1n).long(1n).long(1n).long(0n).long(0n).int(0).int(0).int(0).long(0n);
  }
  return w.finish();
}

describe('decodeSnapshot', () => {
  it('restores nodes under parents that come and go in the order', () => {
    const { tree } = decodeSnapshot(snapshotOf(['/', '/a', '/a/x', '/a/y', '/b', '/b/z', '/a2', '/a2/w']));
    expect([...tree.get('/a')!.children!]).toEqual(['x', 'y']);
    expect([...tree.get('/b')!.children!]).toEqual(['z']);
    expect([...tree.get('/a2')!.children!]).toEqual(['w']);
    expect(tree.get('/a2/w')).toBeDefined();
  });

  it('refuses a node held twice and a node without its parent', () => {
    expect(() => decodeSnapshot(snapshotOf(['/', '/a', '/a/x', '/a/x']))).toThrow('snapshot holds /a/x twice');
    expect(() => decodeSnapshot(snapshotOf(['/', '/a', '/b/x']))).toThrow('snapshot node /b/x has no parent');
  });
});
