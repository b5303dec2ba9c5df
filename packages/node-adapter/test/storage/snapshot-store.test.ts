import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CorruptSnapshotError, SnapshotStore } from '../../src/storage';
import { makeTempDir, spyOnSyncs } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

async function* slowChunks(count: number, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < count; i++) {
    await Promise.resolve();
    yield new Uint8Array(size).fill(i & 0xff);
  }
}

describe('SnapshotStore', () => {
  it('writes from chunks and loads the same bytes back', async () => {
    const store = await SnapshotStore.open(join(dir, 'nested', 'version-2'));
    const file = await store.write(0x1_0000_0005n, [bytesOf('hello, '), bytesOf(''), bytesOf('tree')]);
    expect(file).toBe(join(dir, 'nested', 'version-2', 'snapshot.100000005'));
    const { snapshot, warnings } = await store.loadLatest();
    expect(warnings).toEqual([]);
    expect(snapshot?.zxid).toBe(0x1_0000_0005n);
    expect(new TextDecoder().decode(snapshot!.bytes)).toBe('hello, tree');
  });

  it('streams large bodies from async chunks of any size', async () => {
    const store = await SnapshotStore.open(dir);
    const big = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 13) & 0xff);
    await store.write(1n, [bytesOf('a'), big, bytesOf('z')]);
    await store.write(2n, slowChunks(300, 10_000));
    const one = await SnapshotStore.open(dir).then(async (s) => {
      await s.write(3n, []);
      return s.loadLatest();
    });
    expect(one.snapshot).toEqual({ zxid: 3n, bytes: new Uint8Array(0) });
    await store.purge(3);
    const files = await store.list();
    expect(files.map((f) => f.zxid)).toEqual([3n, 2n, 1n]);
    const first = await readFile(join(dir, 'snapshot.1'));
    expect(first.length).toBe(16 + 1 + big.length + 1 + 12);
    expect(Buffer.compare(first.subarray(17, 17 + big.length), big)).toBe(0);
    expect((await stat(join(dir, 'snapshot.2'))).size).toBe(16 + 3_000_000 + 12);
  });

  it('makes the snapshot durable: file fsynced, renamed, directory fsynced', async () => {
    const store = await SnapshotStore.open(dir);
    const syncs = await spyOnSyncs(dir);
    await store.write(7n, [bytesOf('x')]);
    expect(syncs.datasync).toHaveBeenCalledTimes(1);
    expect(syncs.sync).toHaveBeenCalledTimes(1);
    expect(await readdir(dir)).toEqual(['snapshot.7']);
  });

  it('removes the temp file when the chunks fail, leaving older snapshots alone', async () => {
    const store = await SnapshotStore.open(dir);
    await store.write(1n, [bytesOf('good')]);
    function* failing(): Iterable<Uint8Array> {
      yield bytesOf('partial');
      throw new Error('serializer broke');
    }
    await expect(store.write(2n, failing())).rejects.toThrow('serializer broke');
    expect(await readdir(dir)).toEqual(['snapshot.1']);
    expect((await store.loadLatest()).snapshot?.zxid).toBe(1n);
  });

  it('falls back to an older snapshot when the newest is corrupt, and says so', async () => {
    const store = await SnapshotStore.open(dir);
    await store.write(1n, [bytesOf('one')]);
    await store.write(2n, [bytesOf('two')]);
    await store.write(3n, [bytesOf('three')]);
    const newest = join(dir, 'snapshot.3');
    const bytes = await readFile(newest);
    bytes[18]! ^= 1;
    await writeFile(newest, bytes);
    await writeFile(join(dir, 'snapshot.2'), (await readFile(join(dir, 'snapshot.2'))).subarray(0, 20));
    const { snapshot, warnings } = await store.loadLatest();
    expect(snapshot?.zxid).toBe(1n);
    expect(new TextDecoder().decode(snapshot!.bytes)).toBe('one');
    expect(warnings).toEqual([
      `snapshot: skipping ${newest}: checksum mismatch; falling back to an older snapshot`,
      `snapshot: skipping ${join(dir, 'snapshot.2')}: too short (20 bytes); falling back to an older snapshot`,
    ]);
  });

  it('rejects a snapshot renamed to another zxid', async () => {
    const store = await SnapshotStore.open(dir);
    await store.write(1n, [bytesOf('one')]);
    await writeFile(join(dir, 'snapshot.9'), await readFile(join(dir, 'snapshot.1')));
    const { snapshot, warnings } = await store.loadLatest();
    expect(snapshot?.zxid).toBe(1n);
    expect(warnings[0]).toMatch(/snapshot\.9: header zxid 0x1 differs from the file name/);
  });

  it('refuses to load when snapshots exist but none verifies', async () => {
    const store = await SnapshotStore.open(dir);
    await writeFile(join(dir, 'snapshot.5'), Buffer.from('ZKSN\0\0\0\x02 some zookeeper snapshot bytes'));
    await writeFile(join(dir, 'snapshot.4'), 'garbage garbage garbage garbage');
    const error = await store.loadLatest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptSnapshotError);
    expect((error as CorruptSnapshotError).problems).toEqual([
      `${join(dir, 'snapshot.5')}: a ZooKeeper snapshot (magic 'ZKSN'), not Paddock's format`,
      `${join(dir, 'snapshot.4')}: bad magic`,
    ]);
  });

  it('returns null for an empty directory and removes stray temp files', async () => {
    const store = await SnapshotStore.open(dir);
    await writeFile(join(dir, 'snapshot.3.tmp'), 'half');
    const { snapshot, warnings } = await store.loadLatest();
    expect(snapshot).toBeNull();
    expect(warnings).toEqual([`snapshot: removed ${join(dir, 'snapshot.3.tmp')}, left by an interrupted snapshot write`]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('purges all but the newest snapshots, never fewer than 3', async () => {
    const store = await SnapshotStore.open(dir);
    for (const z of [5n, 1n, 0x10n, 3n, 0x2_0000_0000n]) await store.write(z, [bytesOf(String(z))]);
    await expect(store.purge(2)).rejects.toThrow(/retainCount must be an integer >= 3/);
    const result = await store.purge(3);
    expect(result.deleted).toEqual([join(dir, 'snapshot.3'), join(dir, 'snapshot.1')]);
    expect(result.oldestRetainedZxid).toBe(5n);
    expect((await store.list()).map((f) => f.zxid)).toEqual([0x2_0000_0000n, 0x10n, 5n]);
    expect(await store.purge(10)).toEqual({ deleted: [], oldestRetainedZxid: 5n });
  });
});
