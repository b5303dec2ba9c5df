/**
 * An ensemble member's disk beyond a standalone server's: the epoch files, and a SNAP that
 * replaces every snapshot and the whole log, so that recovery never mixes the history it
 * replaced with the leader's.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DurableStorage } from '../../src/durable-storage';
import { EpochFiles } from '../../src/ensemble/epoch-files';
import { silentLogger } from '../../src/logger';
import { recover } from '../../src/storage/index';
import { txn } from '../storage/helpers';
import { removeTempDirs, tempDir } from '../support/temp-dir';

afterAll(removeTempDirs);

describe('epoch files', () => {
  it('are absent until written, then hold the last value asked for, in decimal as ZooKeeper writes them', async () => {
    const dir = await tempDir();
    const files = new EpochFiles(dir);
    expect(await files.read()).toEqual({});
    await Promise.all([files.write('acceptedEpoch', 3), files.write('acceptedEpoch', 4), files.write('currentEpoch', 3)]);
    expect(await files.read()).toEqual({ acceptedEpoch: 4, currentEpoch: 3 });
    expect(await readFile(join(dir, 'acceptedEpoch'), 'utf8')).toBe('4');
    // No temp file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['acceptedEpoch', 'currentEpoch']);
  });

  it('refuse a file that does not hold an epoch', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'currentEpoch'), 'two\n');
    await expect(new EpochFiles(dir).read()).rejects.toThrow(`${join(dir, 'currentEpoch')} holds 'two', not an epoch`);
  });
});

describe('a SNAP on disk', () => {
  it('replaces the snapshots and the log: recovery finds the new snapshot and only what was appended after it', async () => {
    const dir = await tempDir();
    const state = await recover(dir, dir);
    const storage = new DurableStorage(state.log, state.snapshots, {
      snapRetainCount: null, logger: silentLogger, onFatal: (e) => { throw e; }, epochFiles: null,
    });
    // A history of our own: a snapshot at 2, txns 1..6 (4..6 diverged from the leader's).
    storage.append([1, 2, 3, 4, 5, 6].map((z) => ({ zxid: z, payload: txn(z).payload })));
    await storage.flush();
    await state.snapshots.write(2n, [new Uint8Array([2])]);
    const leaders = 0x1_0000_0003;
    storage.stageSnapshotPiece(leaders, 0, new Uint8Array([7, 7]));
    storage.stageSnapshotPiece(leaders, 1, new Uint8Array([7]));
    await storage.installSnapshot(leaders);
    storage.append([{ zxid: leaders + 1, payload: txn(leaders + 1).payload }]);
    await storage.flush();
    await storage.close();

    const again = await recover(dir, dir);
    expect(again.snapshot?.zxid).toBe(BigInt(leaders));
    expect([...again.snapshot!.bytes]).toEqual([7, 7, 7]);
    expect(again.txns.map((t) => t.zxid)).toEqual([BigInt(leaders + 1)]);
    expect((await again.snapshots.list()).map((s) => s.zxid)).toEqual([BigInt(leaders)]);
    // Not one txn of the replaced history is left in the log.
    expect(again.log.segments().map((s) => [s.baseZxid, s.lastZxid])).toEqual([[BigInt(leaders + 1), BigInt(leaders + 1)]]);
    await again.log.close();
  });
  it('writes a SNAP piece by piece before its install: a cut SNAP leaves no file, a crash before the install leaves the old history', async () => {
    const dir = await tempDir();
    const state = await recover(dir, dir);
    const storage = new DurableStorage(state.log, state.snapshots, {
      snapRetainCount: null, logger: silentLogger, onFatal: (e) => { throw e; }, epochFiles: null,
    });
    storage.append([1, 2, 3].map((z) => ({ zxid: z, payload: txn(z).payload })));
    await storage.flush();
    const leaders = 0x1_0000_0005;
    const pieces = Array.from({ length: 4 }, (_, i) => new Uint8Array(300_000).fill(i + 1));
    pieces.forEach((piece, i) => storage.stageSnapshotPiece(leaders, i, piece));
    // Written as they came: the temp file grows before any install.
    const snapDir = state.snapshots.dir;
    await waitForFile(snapDir, (name, size) => name.endsWith('.tmp') && size > 0);
    storage.abortStagedSnapshot();
    await waitForFile(snapDir, () => true, (names) => !names.some((n) => n.startsWith('snapshot.')));
    // The next attempt streams the same zxid again, and its server stops before the install.
    pieces.forEach((piece, i) => storage.stageSnapshotPiece(leaders, i, piece));
    await storage.close();
    const again = await recover(dir, dir);
    expect(again.snapshot).toBeNull();
    expect(again.txns.map((t) => t.zxid)).toEqual([1n, 2n, 3n]);
    // Then a complete one installs: the snapshot holds every piece, in order.
    const third = new DurableStorage(again.log, again.snapshots, {
      snapRetainCount: null, logger: silentLogger, onFatal: (e) => { throw e; }, epochFiles: null,
    });
    pieces.forEach((piece, i) => third.stageSnapshotPiece(leaders, i, piece));
    await third.installSnapshot(leaders);
    await third.close();
    const last = await recover(dir, dir);
    expect(last.snapshot?.zxid).toBe(BigInt(leaders));
    expect(last.snapshot!.bytes.length).toBe(1_200_000);
    expect([0, 300_000, 600_000, 900_000].map((at) => last.snapshot!.bytes[at])).toEqual([1, 2, 3, 4]);
    expect(last.txns).toEqual([]);
    await last.log.close();
  });
});

/**
 * Polls `dir` until some entry satisfies `match`, or the whole listing satisfies `all` (the
 * staging writes in the background).
 */
async function waitForFile(dir: string, match: (name: string, size: number) => boolean, all?: (names: string[]) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const names = await readdir(dir);
    if (all) {
      if (all(names)) return;
    } else for (const name of names) {
      const size = await stat(join(dir, name)).then((s) => s.size, () => -1);
      if (size >= 0 && match(name, size)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no file in ${dir} as expected`);
}
