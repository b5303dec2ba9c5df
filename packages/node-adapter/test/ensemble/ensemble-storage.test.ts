/**
 * An ensemble member's disk beyond a standalone server's: the epoch files, and a SNAP that
 * replaces every snapshot and the whole log, so that recovery never mixes the history it
 * replaced with the leader's.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
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
    await storage.installSnapshot(leaders, [new Uint8Array([7, 7]), new Uint8Array([7])]);
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
});
