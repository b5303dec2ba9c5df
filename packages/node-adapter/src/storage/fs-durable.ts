/**
 * The few filesystem steps durability depends on, in one place so each is done the same way:
 * a new directory entry (file create, rename, unlink, mkdir) is only durable once the directory
 * itself is fsynced, and a write is only complete when every byte was accepted.
 */

import { writeSync } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** fsyncs a directory so that entries created, renamed or removed in it survive a crash. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `dir` and any missing parents, fsyncing each parent whose entries changed, so the
 * directory still exists after a crash (files made in it would otherwise be lost with it).
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const target = resolve(dir);
  const missing: string[] = [];
  for (let d = target; !(await isDirectory(d)); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  if (missing.length === 0) return;
  await mkdir(target, { recursive: true });
  for (const d of missing) await fsyncDirectory(dirname(d));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes all of `bytes` at `position`, looping because a write may accept fewer bytes. */
export async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`write accepted no bytes at position ${position + done}`);
    done += bytesWritten;
  }
}

/**
 * Writes all of `bytes` at `position` from the calling thread. For the txn log's small
 * group-commit writes into the page cache this takes microseconds, far less than the two
 * thread-pool wake-ups an async write costs before the fdatasync can even start.
 */
export function writeFullySync(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    const written = writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (written <= 0) throw new Error(`write accepted no bytes at position ${position + done}`);
    done += written;
  }
}
