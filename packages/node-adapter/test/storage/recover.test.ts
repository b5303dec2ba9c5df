import { readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autopurge, CorruptLogError, recover, type RecoveredState } from '../../src/storage';
import { makeTempDir, txn } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let dataDir: string;
let logDir: string;
const opened: RecoveredState[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  dataDir = join(dir, 'data');
  logDir = join(dir, 'datalog');
});

afterEach(async () => {
  for (const state of opened.splice(0)) await state.log.close().catch(() => undefined);
  await cleanup();
});

async function start(): Promise<RecoveredState> {
  for (const state of opened.splice(0)) await state.log.close();
  const state = await recover(dataDir, logDir);
  opened.push(state);
  return state;
}

/** Logs `zxids` in one flush; snapshots after the last one when `snapshot` is set. */
async function commit(state: RecoveredState, zxids: number[], snapshot = false): Promise<void> {
  for (const z of zxids) state.log.append(txn(z));
  await state.log.flush();
  if (!snapshot) return;
  const last = BigInt(zxids[zxids.length - 1]!);
  await state.snapshots.write(last, [new TextEncoder().encode(`state@${last}`)]);
  state.log.roll();
}

describe('recover', () => {
  it('starts empty, creating both directories', async () => {
    const state = await start();
    expect(state.snapshot).toBeNull();
    expect(state.txns).toEqual([]);
    expect(state.warnings).toEqual([]);
    expect(await readdir(join(dataDir, 'version-2'))).toEqual([]);
    expect(await readdir(join(logDir, 'version-2'))).toEqual([]);
  });

  it('returns the newest snapshot and only the txns after it', async () => {
    const state = await start();
    await commit(state, [1, 2, 3], true);
    await commit(state, [4, 5]);
    const again = await start();
    expect(again.snapshot?.zxid).toBe(3n);
    expect(new TextDecoder().decode(again.snapshot!.bytes)).toBe('state@3');
    expect(again.txns.map((t) => t.zxid)).toEqual([4n, 5n]);
    expect(again.txns[0]).toEqual(txn(4));
    await commit(again, [6]);
    expect((await start()).txns.map((t) => t.zxid)).toEqual([4n, 5n, 6n]);
  });

  it('shares one directory when dataLogDir is dataDir, as ZooKeeper does by default', async () => {
    logDir = dataDir;
    const state = await start();
    await commit(state, [1, 2], true);
    await commit(state, [3]);
    const again = await start();
    expect(again.warnings).toEqual([]);
    expect(again.snapshot?.zxid).toBe(2n);
    expect(again.txns.map((t) => t.zxid)).toEqual([3n]);
    expect((await readdir(join(dataDir, 'version-2'))).sort()).toEqual(['log.1', 'log.3', 'snapshot.2']);
  });

  it('autopurges old snapshots and the segments only they needed', async () => {
    const state = await start();
    for (let z = 1; z <= 10; z += 2) await commit(state, [z, z + 1], true);
    await commit(state, [11]);
    expect((await readdir(join(logDir, 'version-2'))).length).toBe(6);
    const purged = await autopurge(state.snapshots, state.log, 3);
    expect(purged.deletedSnapshots.map((f) => f.split('/').pop())).toEqual(['snapshot.4', 'snapshot.2']);
    // The oldest kept snapshot is at zxid 6 and zxid 7 starts log.7: everything before goes.
    expect(purged.deletedSegments.map((f) => f.split('/').pop())).toEqual(['log.1', 'log.3', 'log.5']);
    const again = await start();
    expect(again.snapshot?.zxid).toBe(10n);
    expect(again.txns.map((t) => t.zxid)).toEqual([11n]);
  });

  it('replays from an older snapshot when the newest is corrupt', async () => {
    const state = await start();
    await commit(state, [1, 2], true);
    await commit(state, [3, 4], true);
    await commit(state, [5]);
    await writeFile(join(dataDir, 'version-2', 'snapshot.4'), 'torn');
    const again = await start();
    expect(again.snapshot?.zxid).toBe(2n);
    expect(again.txns.map((t) => t.zxid)).toEqual([3n, 4n, 5n]);
    expect(again.warnings).toHaveLength(1);
  });

  it('refuses to start when the log the snapshot needs is gone', async () => {
    const state = await start();
    await commit(state, [1, 2], true);
    await commit(state, [3, 4], true);
    await commit(state, [5]);
    await state.log.close();
    opened.splice(0);
    await unlink(join(logDir, 'version-2', 'log.3'));
    await expect(recover(dataDir, logDir)).rejects.toThrow(CorruptLogError);
  });
});
