import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi, type MockInstance } from 'vitest';
import type { TxnRecord } from '../../src/storage';

/** A fresh directory under the OS temp dir; `cleanup` removes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'paddock-storage-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A record whose payload encodes its zxid, so tests can check payloads survive intact. */
export function txn(zxid: bigint | number, size = 16): TxnRecord {
  const z = BigInt(zxid);
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = Number((z * 31n + BigInt(i)) & 0xffn);
  return { zxid: z, payload };
}

/** Spies (call-through) on FileHandle.datasync and .sync, to count fdatasync and fsync calls. */
export async function spyOnSyncs(dir: string): Promise<{ datasync: MockInstance; sync: MockInstance }> {
  const handle = await open(dir, 'r');
  const proto = Object.getPrototypeOf(handle) as { datasync: () => Promise<void>; sync: () => Promise<void> };
  await handle.close();
  return { datasync: vi.spyOn(proto, 'datasync'), sync: vi.spyOn(proto, 'sync') };
}

/** Segment file names in `dir`, sorted by zxid. */
export async function segmentNames(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith('log.'));
  return names.sort((a, b) => (BigInt(`0x${a.slice(4)}`) < BigInt(`0x${b.slice(4)}`) ? -1 : 1));
}
